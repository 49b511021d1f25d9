//! IP statistics indicators per year and region, from the official statistics tables in
//! the registry's `stat` reference table (loaded by the `stat-tables` ingest format), from
//! the registry's own rights and events, and from the population table shipped in
//! `data/population.csv` for per-capita figures. Each indicator names its source; derived
//! ones say how they are derived. The founding document's indicators are marked.

use crate::filter::Region;
use crate::scan;
use crate::AnalyticsError;
use rustc_hash::FxHashMap;
use serde::Serialize;
use silkport_model::{Date, EventKind, RightFacts, RightKind};
use silkport_store::Store;
use std::collections::BTreeMap;

/// One year's value, with the nation's where the region is a province.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    pub year: u16,
    pub value: f64,
    pub national: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// China S&T Statistical Yearbook (province × year).
    Official,
    /// Counted in the registry.
    Registry,
    /// NCSES, OWID, World Bank (country × year).
    International,
}

#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub id: &'static str,
    pub group: Group,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub unit_zh: &'static str,
    pub unit_en: &'static str,
    /// Charted by the founding document.
    pub founding: bool,
    pub source: String,
    /// How a derived indicator is computed.
    pub derivation: Option<&'static str>,
    pub points: Vec<Point>,
    /// Years from this one on are not complete in the data: the registry's records end
    /// before the year does (and filings wait about 18 months for publication). Only the
    /// registry's own counts have one; official tables give whole years.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incomplete_from: Option<u16>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Indicators {
    /// English name as the tables use it (`Gansu`, `China`).
    pub region: String,
    pub region_zh: String,
    pub year: Option<u16>,
    pub series: Vec<Series>,
    /// Founding-document indicators the data cannot give.
    pub unavailable: Vec<&'static str>,
}

/// A region for indicators: a province, or China.
fn region_names(input: Option<&str>) -> Result<(String, String), AnalyticsError> {
    match input.map(str::trim) {
        None => Ok(("China".into(), "全国".into())),
        Some(s) if ["china", "全国", "中国", "cn"].contains(&s.to_lowercase().as_str()) => {
            Ok(("China".into(), "全国".into()))
        }
        Some(s) => {
            let r = Region::parse(s)?;
            if r.city.is_some() {
                return Err(AnalyticsError::Region { input: s.to_string() });
            }
            Ok((r.province, r.province_zh))
        }
    }
}

/// The `stat` table indexed by (dataset, indicator, region) → year → value.
#[derive(Default)]
struct Stats {
    series: FxHashMap<(String, String, String), BTreeMap<u16, f64>>,
    sources: FxHashMap<String, String>,
}

impl Stats {
    fn load(store: &mut dyn Store) -> Result<Stats, AnalyticsError> {
        let mut s = Stats::default();
        for row in store.reference_table("stat")? {
            let f = &row.fields;
            let (Some(d), Some(i), Some(r), Some(y), Some(v)) =
                (f.get("dataset"), f.get("indicator"), f.get("region"), f.get("year"), f.get("value"))
            else {
                continue;
            };
            let (Ok(year), Ok(value)) = (y.parse::<u16>(), v.parse::<f64>()) else { continue };
            s.series.entry((d.clone(), i.clone(), r.clone())).or_default().insert(year, value);
            if let Some(src) = f.get("source") {
                s.sources.entry(d.clone()).or_insert_with(|| src.clone());
            }
        }
        Ok(s)
    }

    fn get(&self, dataset: &str, indicator: &str, region: &str) -> BTreeMap<u16, f64> {
        self.series.get(&(dataset.into(), indicator.into(), region.into())).cloned().unwrap_or_default()
    }

    fn source(&self, dataset: &str) -> String {
        self.sources.get(dataset).cloned().unwrap_or_default()
    }
}

/// Resident population in 10,000 persons by (region, year): year-end figures, else the
/// census where no year-end figure is given.
pub fn population() -> BTreeMap<(String, u16), f64> {
    let mut out: BTreeMap<(String, u16), (f64, bool)> = BTreeMap::new();
    let text = include_str!("../data/population.csv");
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.starts_with("region,")) {
        let f: Vec<&str> = line.split(',').collect();
        let (Some(region), Some(year), Some(value), Some(basis)) = (f.first(), f.get(2), f.get(3), f.get(4)) else {
            continue;
        };
        let (Ok(year), Ok(value)) = (year.parse::<u16>(), value.parse::<f64>()) else { continue };
        let year_end = *basis == "year_end";
        let slot = out.entry((region.to_string(), year)).or_insert((value, year_end));
        if year_end && !slot.1 {
            *slot = (value, true);
        }
    }
    out.into_iter().map(|(k, (v, _))| (k, v)).collect()
}

fn points(region: &BTreeMap<u16, f64>, national: Option<&BTreeMap<u16, f64>>) -> Vec<Point> {
    region
        .iter()
        .map(|(&year, &value)| Point { year, value, national: national.and_then(|n| n.get(&year).copied()) })
        .collect()
}

fn scaled(m: BTreeMap<u16, f64>, by: f64) -> BTreeMap<u16, f64> {
    m.into_iter().map(|(y, v)| (y, v * by)).collect()
}

/// Values of `a` ÷ values of `b` × `by`, in years both have.
fn ratio(a: &BTreeMap<u16, f64>, b: &BTreeMap<u16, f64>, by: f64) -> BTreeMap<u16, f64> {
    a.iter().filter_map(|(y, v)| b.get(y).filter(|d| **d != 0.0).map(|d| (*y, v / d * by))).collect()
}

struct Def {
    id: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    unit_zh: &'static str,
    unit_en: &'static str,
    founding: bool,
}

const fn def(
    id: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    unit: (&'static str, &'static str),
    founding: bool,
) -> Def {
    Def { id, name_zh, name_en, unit_zh: unit.0, unit_en: unit.1, founding }
}

const PIECES: (&str, &str) = ("件", "count");
const YI_YUAN: (&str, &str) = ("亿元", "100 million CNY");

/// China S&T Statistical Yearbook variables read directly: (definition, variable, scale to the unit).
const OFFICIAL: [(Def, &str, f64); 8] = [
    (
        def("invention_applications", "发明专利申请受理量", "Invention patent applications", PIECES, true),
        "v4_cg_zlsq_fm",
        1.0,
    ),
    (
        def("patent_applications", "专利申请受理量（合计）", "Patent applications (all kinds)", PIECES, false),
        "v4_cg_zlsq_hj",
        1.0,
    ),
    (def("invention_grants", "发明专利授权量", "Invention patents granted", PIECES, false), "v4_cg_zlsq2_fm", 1.0),
    (
        def("valid_invention_patents", "有效发明专利量", "Invention patents in force", PIECES, false),
        "v4_cg_zlsyx_fm",
        1.0,
    ),
    (
        def("plant_variety_applications", "植物新品种权申请量", "Plant-variety rights applied for", PIECES, false),
        "v4_cg_zwxpz_sq",
        1.0,
    ),
    (
        def("plant_variety_grants", "植物新品种权授权量", "Plant-variety rights granted", PIECES, true),
        "v4_cg_zwxpz_sq2",
        1.0,
    ),
    (
        def(
            "tech_market_turnover",
            "技术市场成交额（技术输出合同金额）",
            "Technology-market turnover (contracts sold)",
            YI_YUAN,
            true,
        ),
        "v4_cg_jssc_je",
        1e-4,
    ),
    (
        def("rd_intensity", "研发经费投入强度", "R&D intensity (R&D spending / GDP)", ("%", "%"), false),
        "v4_ztr_qd_RD",
        1.0,
    ),
];

fn series(d: &Def, group: Group, source: String, derivation: Option<&'static str>, points: Vec<Point>) -> Series {
    Series {
        id: d.id,
        group,
        name_zh: d.name_zh,
        name_en: d.name_en,
        unit_zh: d.unit_zh,
        unit_en: d.unit_en,
        founding: d.founding,
        source,
        derivation,
        points,
        incomplete_from: None,
    }
}

fn official(stats: &Stats, region: &str) -> Vec<Series> {
    let national = region != "China";
    let pair = |var: &str, scale: f64| {
        (
            scaled(stats.get("cn_sts", var, region), scale),
            national.then(|| scaled(stats.get("cn_sts", var, "China"), scale)),
        )
    };
    let src = stats.source("cn_sts");
    let mut out = Vec::new();
    for (d, var, scale) in &OFFICIAL {
        let (r, n) = pair(var, *scale);
        out.push(series(d, Group::Official, src.clone(), None, points(&r, n.as_ref())));
    }
    // Per capita: invention patents in force per 10,000 residents.
    let pop = population();
    let people = |reg: &str| -> BTreeMap<u16, f64> {
        pop.iter().filter(|((r, _), _)| r == reg).map(|((_, y), v)| (*y, *v)).collect()
    };
    let (valid, valid_n) = pair("v4_cg_zlsyx_fm", 1.0);
    let per = ratio(&valid, &people(region), 1.0);
    let per_n = national.then(|| ratio(&valid_n.unwrap_or_default(), &people("China"), 1.0));
    out.push(series(
        &def(
            "invention_patents_per_10k",
            "每万人口发明专利拥有量",
            "Invention patents in force per 10,000 population",
            ("件/万人", "per 10,000 people"),
            true,
        ),
        Group::Official,
        format!("{src}; population: data/population.csv (NBS communiqués, 2020 census)"),
        Some("invention patents in force ÷ resident population (10,000 persons) of the same year"),
        points(&per, per_n.as_ref()),
    ));
    // GDP is not in the tables; R&D spending ÷ R&D intensity recovers it from the same yearbook table.
    let gdp = |reg: &str| {
        let rd = stats.get("cn_sts", "v4_ztr_jf_RD", reg);
        let intensity = stats.get("cn_sts", "v4_ztr_qd_RD", reg);
        ratio(&rd, &intensity, 100.0)
    };
    let turnover = |reg: &str| scaled(stats.get("cn_sts", "v4_cg_jssc_je", reg), 1e-4);
    let share = ratio(&turnover(region), &gdp(region), 100.0);
    let share_n = national.then(|| ratio(&turnover("China"), &gdp("China"), 100.0));
    out.push(series(
        &def("tech_market_share_of_gdp", "技术市场成交额占 GDP 比重", "Technology-market turnover as a share of GDP", ("%", "%"), true),
        Group::Official,
        src.clone(),
        Some("technology-market turnover (亿元) ÷ GDP, GDP = R&D spending (亿元) ÷ R&D intensity (%) from the same yearbook table"),
        points(&share, share_n.as_ref()),
    ));
    let tm = |key: &str| {
        let r = stats.get("cn_trademark", key, region);
        let n = national.then(|| stats.get("cn_trademark", key, "China"));
        points(&r, n.as_ref())
    };
    let tm_src = stats.source("cn_trademark");
    out.push(series(
        &def("trademark_applications", "商标注册申请量", "Trademark applications", PIECES, false),
        Group::Official,
        tm_src.clone(),
        None,
        tm("applications"),
    ));
    out.push(series(
        &def("valid_trademarks", "有效注册商标量", "Valid trademark registrations", PIECES, true),
        Group::Official,
        tm_src,
        Some("the yearbook's end-of-period valid registrations (the 2017 edition's column labels are copied from 2016's)"),
        tm("valid_registrations_end_of_period"),
    ));
    out
}

/// Yearly counts the registry itself gives, for rights whose first owner is in the region.
#[derive(Default)]
struct RegistryCounts {
    invention_filings: BTreeMap<u16, f64>,
    invention_grants: BTreeMap<u16, f64>,
    trademarks: BTreeMap<u16, f64>,
    copyrights: BTreeMap<u16, f64>,
    plant_varieties: BTreeMap<u16, f64>,
    /// The latest filing, publication or grant date of any right: how far the registry reaches.
    through: Option<Date>,
}

impl RegistryCounts {
    fn push(&mut self, f: &RightFacts, region: &str) {
        if !f.stub {
            self.through = [self.through, f.filing, f.publication, f.grant].into_iter().flatten().max();
        }
        let here = match region {
            "China" => f.home_province().is_some(),
            r => f.home_province() == Some(r),
        };
        if !here || f.stub {
            return;
        }
        let registered = f.grant.map(|d| d.year());
        let bump = |m: &mut BTreeMap<u16, f64>, y: Option<u16>| {
            if let Some(y) = y {
                *m.entry(y).or_default() += 1.0;
            }
        };
        match f.kind {
            RightKind::InventionPatent => {
                bump(&mut self.invention_filings, f.filing.map(|d| d.year()).or(f.year));
                bump(&mut self.invention_grants, registered);
            }
            RightKind::Trademark => bump(&mut self.trademarks, registered),
            RightKind::Copyright | RightKind::SoftwareCopyright => bump(&mut self.copyrights, registered),
            RightKind::PlantVariety => bump(&mut self.plant_varieties, registered),
            _ => {}
        }
    }
}

fn registry(store: &mut dyn Store, region: &str) -> Result<Vec<Series>, AnalyticsError> {
    let mut c = RegistryCounts::default();
    scan::each(store, |f| c.push(f, region))?;
    let src = "silkport registry".to_string();
    let mut out = vec![
        series(
            &def(
                "registry_invention_applications",
                "登记库：发明专利申请（按申请年）",
                "Registry: invention applications (filing year)",
                PIECES,
                true,
            ),
            Group::Registry,
            src.clone(),
            None,
            points(&c.invention_filings, None),
        ),
        series(
            &def(
                "registry_invention_grants",
                "登记库：发明专利授权（按授权年）",
                "Registry: invention grants (grant year)",
                PIECES,
                false,
            ),
            Group::Registry,
            src.clone(),
            None,
            points(&c.invention_grants, None),
        ),
        series(
            &def(
                "registry_trademark_registrations",
                "登记库：商标注册（按注册年）",
                "Registry: trademark registrations (registration year)",
                PIECES,
                false,
            ),
            Group::Registry,
            src.clone(),
            None,
            points(&c.trademarks, None),
        ),
        series(
            &def(
                "registry_copyright_registrations",
                "登记库：著作权（含软件）登记",
                "Registry: copyright registrations (incl. software)",
                PIECES,
                true,
            ),
            Group::Registry,
            src.clone(),
            None,
            points(&c.copyrights, None),
        ),
        series(
            &def(
                "registry_plant_variety_grants",
                "登记库：植物新品种授权",
                "Registry: plant-variety grants",
                PIECES,
                true,
            ),
            Group::Registry,
            src.clone(),
            None,
            points(&c.plant_varieties, None),
        ),
    ];
    let tallies = store.event_tallies()?;
    let events = |kinds: &[EventKind], right: &dyn Fn(Option<RightKind>) -> bool| -> BTreeMap<u16, f64> {
        let mut m = BTreeMap::new();
        for t in &tallies {
            // China: rights whose first owner has a Chinese address, as for the rights above.
            let here = if region == "China" { t.province.is_some() } else { t.province.as_deref() == Some(region) };
            if here && kinds.contains(&t.event) && right(t.right_kind) {
                if let Some(y) = t.year {
                    *m.entry(y).or_default() += t.count as f64;
                }
            }
        }
        m
    };
    let patent = |k: Option<RightKind>| {
        matches!(k, Some(RightKind::InventionPatent | RightKind::UtilityModel | RightKind::Design))
    };
    let deals = [EventKind::Transfer, EventKind::Licence];
    out.push(series(
        &def(
            "registry_patent_transfers_licences",
            "登记库：专利转让与许可",
            "Registry: patent transfers and licences",
            PIECES,
            true,
        ),
        Group::Registry,
        src.clone(),
        None,
        points(&events(&deals, &patent), None),
    ));
    out.push(series(
        &def(
            "registry_trademark_transfers_licences",
            "登记库：商标转让与许可",
            "Registry: trademark transfers and licences",
            PIECES,
            true,
        ),
        Group::Registry,
        src.clone(),
        None,
        points(&events(&deals, &|k| k == Some(RightKind::Trademark)), None),
    ));
    out.push(series(
        &def("registry_pledges", "登记库：知识产权质押", "Registry: IP pledges", PIECES, false),
        Group::Registry,
        src,
        None,
        points(&events(&[EventKind::Pledge], &|_| true), None),
    ));
    if let Some(through) = c.through {
        mark_incomplete_years(&mut out, through);
    }
    Ok(out)
}

/// Marks where the registry's yearly counts stop being whole years, given the latest date
/// it holds: that date's year unless it is 31 December, and for filing years, the first year
/// whose filings cannot all be published yet.
fn mark_incomplete_years(series: &mut [Series], through: Date) {
    let year_ends = through.month() == 12 && through.day() == 31;
    let by_event_date = if year_ends { None } else { Some(through.year()) };
    for s in series {
        s.incomplete_from = if s.id == "registry_invention_applications" {
            Some(crate::landscape::incomplete_from(through))
        } else {
            by_event_date
        };
    }
}

/// NCSES tables read by year, with their indicator names.
const NCSES: [(Def, &str); 4] = [
    (def("pct_applications", "PCT 国际专利申请量", "PCT applications", PIECES, false), "table_10558"),
    (
        def(
            "uspto_grants_to_inventors",
            "美国专利商标局授予的实用专利（按发明人国别）",
            "USPTO utility patents granted (by inventor country)",
            PIECES,
            false,
        ),
        "table_10551",
    ),
    (
        def("patent_families_granted", "获授权的国际专利族", "International patent families granted", PIECES, false),
        "table_5820",
    ),
    (
        def(
            "uspto_trademarks",
            "美国注册商标（按申请人国别）",
            "USPTO registered trademarks (by owner country)",
            PIECES,
            false,
        ),
        "table_10582",
    ),
];

fn international(stats: &Stats) -> Vec<Series> {
    let with_world = |dataset: &str, indicator: &str, scale: f64| {
        let china = scaled(stats.get(dataset, indicator, "China"), scale);
        let world = scaled(stats.get(dataset, indicator, "World"), scale);
        points(&china, (!world.is_empty()).then_some(&world))
    };
    let mut out: Vec<Series> = NCSES
        .iter()
        .map(|(d, table)| series(d, Group::International, stats.source("ncses"), None, with_world("ncses", table, 1.0)))
        .collect();
    out.push(series(
        &def(
            "patent_application_rate",
            "每百万人口专利申请量",
            "Patent applications per million people",
            ("件/百万人", "per million people"),
            false,
        ),
        Group::International,
        stats.source("owid"),
        None,
        with_world("owid", "Patent application rates", 1.0),
    ));
    out.push(series(
        &def(
            "ip_receipts",
            "知识产权使用费收入",
            "Charges for the use of IP, receipts",
            ("百万美元", "million USD"),
            false,
        ),
        Group::International,
        stats.source("wb_wdi"),
        None,
        with_world("wb_wdi", "BX.GSR.ROYL.CD", 1e-6),
    ));
    out
}

/// A founding-document indicator that none of the loaded tables gives.
pub struct Unavailable {
    pub zh: &'static str,
    pub en: &'static str,
    /// The form `Indicators::unavailable` (the JSON output) gives.
    pub en_with_zh: &'static str,
}

pub const UNAVAILABLE: [Unavailable; 1] = [Unavailable {
    zh: "社会对知识产权保护满意度：所载统计表中均无此项",
    en: "public satisfaction with IP protection: in none of the tables",
    en_with_zh: "public satisfaction with IP protection (社会对知识产权保护满意度): in none of the tables",
}];

/// Every indicator for the region (a province or China; default China), optionally only one year.
pub fn compute(store: &mut dyn Store, region: Option<&str>, year: Option<u16>) -> Result<Indicators, AnalyticsError> {
    let (region, region_zh) = region_names(region)?;
    let stats = Stats::load(store)?;
    let mut series = official(&stats, &region);
    series.extend(registry(store, &region)?);
    if region == "China" {
        series.extend(international(&stats));
    }
    if let Some(y) = year {
        for s in &mut series {
            s.points.retain(|p| p.year == y);
        }
    }
    Ok(Indicators { region, region_zh, year, series, unavailable: UNAVAILABLE.iter().map(|u| u.en_with_zh).collect() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn population_prefers_year_end_figures() {
        let p = population();
        assert_eq!(p.get(&("Gansu".to_string(), 2020)), Some(&2501.0), "year-end over census");
        assert_eq!(p.get(&("Beijing".to_string(), 2020)), Some(&2189.31), "census where no year-end figure");
        assert_eq!(p.get(&("China".to_string(), 2017)), Some(&139008.0));
        // The 31 provinces' census figures add up to the census total without the 2.00
        // million active military personnel (141,177.87 − 200.00), a check on the table.
        let census: f64 = include_str!("../data/population.csv")
            .lines()
            .filter(|l| l.ends_with(",census,no"))
            .filter_map(|l| l.split(',').nth(3)?.parse::<f64>().ok())
            .sum();
        assert!((census - 140_977.89).abs() < 0.01, "{census}");
    }

    #[test]
    fn ratios_only_where_both_have_the_year() {
        let a = BTreeMap::from([(2016, 10.0), (2017, 20.0)]);
        let b = BTreeMap::from([(2017, 4.0), (2018, 5.0)]);
        assert_eq!(ratio(&a, &b, 1.0), BTreeMap::from([(2017, 5.0)]));
    }

    #[test]
    fn regions() {
        assert_eq!(region_names(None).unwrap().0, "China");
        assert_eq!(region_names(Some("甘肃")).unwrap(), ("Gansu".to_string(), "甘肃".to_string()));
        assert!(region_names(Some("兰州")).is_err(), "the tables are by province");
    }
}
