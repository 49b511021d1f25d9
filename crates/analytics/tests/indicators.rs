//! Indicators from the real China provincial S&T tables, the NCSES tables and a demo world,
//! against values read from the CSV files (by grep, command beside each) and counted from
//! the generated rights.

use silkport_analytics::indicators::{compute, Indicators, Series};
use silkport_analytics::report::{dashboard, html, ReportLang};
use silkport_demo::World;
use silkport_ingest::{detect_path, open, shared_data, Context, Item};
use silkport_model::{EventKind, PartyRole, RightKind};
use silkport_store::{Incoming, SqliteStore, Store};

fn load_file(store: &mut dyn Store, path: &std::path::Path) {
    let format = detect_path(path).unwrap();
    let mut items = Vec::new();
    format
        .parse(&mut open(path).unwrap(), &Context { file: path.display().to_string() }, &mut |i| {
            if let Ok(Item::Reference(r)) = i {
                items.push(Incoming::Reference(r));
            }
            Ok(())
        })
        .unwrap();
    store.apply(items).unwrap();
}

const DEMO: u64 = 3000;

/// The provincial tables, NCSES PCT table and a small demo world in one store.
fn store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open_dir(dir.path()).unwrap();
    let tables = shared_data().join("rights/china_provincial_sci_tech_ip_stats");
    for f in ["patent_applications_accepted", "valid_patents_in_force", "tech_market_contract_outflow", "rd_intensity"]
    {
        load_file(&mut store, &tables.join(format!("{f}.csv")));
    }
    load_file(&mut store, &tables.join("trademark_applications_registrations_by_region.csv"));
    load_file(&mut store, &shared_data().join("rights/ncses_ip_indicators/table_10558/tidy_by_year.csv"));
    let rights: Vec<Incoming> = World::new(7).rights(DEMO).map(|r| Incoming::Right(Box::new(r))).collect();
    (&mut store as &mut dyn Store).apply(rights).unwrap();
    (dir, store)
}

fn series<'a>(ind: &'a Indicators, id: &str) -> &'a Series {
    ind.series.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no {id}"))
}

fn value(ind: &Indicators, id: &str, year: u16) -> (f64, Option<f64>) {
    let p = series(ind, id).points.iter().find(|p| p.year == year).unwrap_or_else(|| panic!("{id} {year}"));
    (p.value, p.national)
}

#[test]
fn gansu_indicators_from_the_yearbook_tables() {
    let (_dir, mut store) = store();
    let g = compute(&mut store, Some("甘肃"), None).unwrap();
    assert_eq!((g.region.as_str(), g.region_zh.as_str()), ("Gansu", "甘肃"));
    // grep 甘肃 patent_applications_accepted.csv | grep 2017,发明 → 5785.0; 全国 … 2017,发明 → 1245709.0
    assert_eq!(value(&g, "invention_applications", 2017), (5785.0, Some(1245709.0)));
    // grep 甘肃 valid_patents_in_force.csv | grep 2017,发明 → 6045.0; population 2017: 2626 (data/population.csv)
    let (per_10k, national) = value(&g, "invention_patents_per_10k", 2017);
    assert!((per_10k - 6045.0 / 2626.0).abs() < 1e-9);
    assert!((national.unwrap() - 1413911.0 / 139008.0).abs() < 1e-9);
    // grep 甘肃 tech_market_contract_outflow.csv | grep 2017,金额 → 1629587.400596 (万元);
    // grep 甘肃 rd_intensity.csv | grep 2017 → RD经费 … and RD强度 …: GDP = RD经费 / (RD强度 / 100)
    let text =
        std::fs::read_to_string(shared_data().join("rights/china_provincial_sci_tech_ip_stats/rd_intensity.csv"))
            .unwrap();
    let cell = |block: &str| -> f64 {
        let line = text.lines().find(|l| l.starts_with("甘肃,甘肃,2017,") && l.contains(block)).unwrap();
        line.split(',').nth(4).unwrap().parse().unwrap()
    };
    let gdp = cell("RD经费") / (cell("RD强度") / 100.0);
    let (share, _) = value(&g, "tech_market_share_of_gdp", 2017);
    assert!((share - 1629587.400596 / 1e4 / gdp * 100.0).abs() < 1e-9, "{share}");
    // grep 甘肃 trademark_applications_registrations_by_region.csv → 2017 …,24920,12835,54265,53499
    assert_eq!(value(&g, "valid_trademarks", 2017), (53499.0, Some(13594110.0)));
    assert!(
        g.series.iter().all(|s| s.group != silkport_analytics::indicators::Group::International),
        "country-level only"
    );
    let only_2017 = compute(&mut store, Some("Gansu"), Some(2017)).unwrap();
    assert!(only_2017.series.iter().all(|s| s.points.iter().all(|p| p.year == 2017)));
}

#[test]
fn national_indicators_include_international_tables() {
    let (_dir, mut store) = store();
    let c = compute(&mut store, None, None).unwrap();
    assert_eq!(c.region, "China");
    // grep China table_10558/tidy_by_year.csv | grep 2022 → 68558; World 2022 from the same file
    let (china, world) = value(&c, "pct_applications", 2022);
    assert_eq!(china, 68558.0);
    assert!(world.unwrap() > china);
    assert_eq!(value(&c, "invention_applications", 2017).1, None, "no national column for the nation itself");
}

#[test]
fn registry_indicators_count_the_demo_world() {
    let (_dir, mut store) = store();
    let g = compute(&mut store, Some("Gansu"), None).unwrap();
    let (mut deals, mut plant) = (std::collections::BTreeMap::<u16, f64>::new(), 0.0);
    for r in World::new(7).rights(DEMO) {
        let gansu = r
            .parties
            .iter()
            .find(|p| matches!(p.role, PartyRole::Applicant | PartyRole::Holder))
            .and_then(|p| p.address.as_ref()?.cn_region.as_ref())
            .is_some_and(|c| c.province_en == "Gansu");
        if !gansu {
            continue;
        }
        plant += f64::from(r.kind == RightKind::PlantVariety && r.dates.grant.is_some());
        let patent = matches!(r.kind, RightKind::InventionPatent | RightKind::UtilityModel | RightKind::Design);
        for e in r.events.iter().filter(|e| patent && matches!(e.kind, EventKind::Transfer | EventKind::Licence)) {
            *deals.entry(e.date.unwrap().year()).or_default() += 1.0;
        }
    }
    let got: std::collections::BTreeMap<u16, f64> =
        series(&g, "registry_patent_transfers_licences").points.iter().map(|p| (p.year, p.value)).collect();
    assert_eq!(got, deals);
    assert!(!got.is_empty());
    let plant_got: f64 = series(&g, "registry_plant_variety_grants").points.iter().map(|p| p.value).sum();
    assert_eq!(plant_got, plant);
}

#[test]
fn the_registry_s_last_year_is_marked_incomplete_and_never_headlined() {
    let (_dir, mut store) = store();
    let c = compute(&mut store, None, None).unwrap();
    // The demo world's records end on its date, 2026-09-30 (silkport_demo::AS_OF): 2026 is a
    // part year; filings wait 18 months for publication, so filing years from 2025 are partial.
    assert_eq!(silkport_demo::AS_OF, (2026, 9, 30));
    let deals = series(&c, "registry_patent_transfers_licences");
    assert_eq!(deals.incomplete_from, Some(2026));
    assert_eq!(series(&c, "registry_invention_applications").incomplete_from, Some(2025));
    assert!(c.series.iter().filter(|s| s.id.starts_with("registry_")).all(|s| s.incomplete_from.is_some()));
    assert!(c.series.iter().filter(|s| !s.id.starts_with("registry_")).all(|s| s.incomplete_from.is_none()));
    assert_eq!(deals.points.last().map(|p| p.year), Some(2026), "the part year is still charted");
    let v = |y: u16| deals.points.iter().find(|p| p.year == y).map(|p| p.value).unwrap();
    let change = format!("{:+.1}%", (v(2025) / v(2024) - 1.0) * 100.0);
    let zh = html::render(&dashboard::build(&c, ReportLang::Zh));
    let headline =
        format!("登记库：专利转让与许可：2025 年 {} 件（较上一年度 {change}）；2026 年起数据不完整", v(2025));
    assert!(zh.contains(&headline), "{headline}");
    assert!(zh.contains("社会对知识产权保护满意度：所载统计表中均无此项"));
    let en = html::render(&dashboard::build(&c, ReportLang::En));
    assert!(en.contains("the data for 2026 on are incomplete and not compared"));
    assert!(!en.contains("社会对"), "the English page names the missing indicator in English");
}

#[test]
fn every_indicator_has_a_chart_on_the_page() {
    let (_dir, mut store) = store();
    let g = compute(&mut store, Some("甘肃"), None).unwrap();
    let with_data = g.series.iter().filter(|s| !s.points.is_empty()).count();
    for lang in [ReportLang::Zh, ReportLang::En] {
        let page = html::render(&dashboard::build(&g, lang));
        assert_eq!(page.matches("<svg").count(), with_data, "{lang:?}");
        assert!(!page.contains("<script"));
    }
}
