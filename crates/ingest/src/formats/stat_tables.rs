//! Official statistics tables as the `stat` reference table, one row per figure (dataset,
//! indicator, region, year → value), for the IP indicators (`silkport indicators`):
//!
//! - China S&T Statistical Yearbook provincial panels (`province,province_norm,year,
//!   chn_block4,value,units,variables`): patent applications, grants, patents in force,
//!   plant-variety rights, technology-market contracts, R&D;
//! - the yearbook's regional trademark table (`yearbook_file_year,table_title,region_cn,…`);
//! - NCSES tables reshaped by year (`table_id,category_path,category,level,year,value`);
//! - Our World in Data patent application rates (`Entity,Year,<rate columns>`);
//! - World Bank WDI wide tables (`Country Name,Country Code,Indicator Name,Indicator Code,
//!   <years>`).
//!
//! Keys are `dataset/indicator/region/year`, so re-ingesting converges. Chinese regions are
//! named in English as the registry's addresses are (`Gansu`; `China` for 全国), with the
//! Chinese name in `region_zh`. Empty cells are no figure and yield nothing.

use crate::delimited::{field, header_starts, CsvTable};
use crate::{Context, Format, IngestError, Item, Position, RecordError, Sink, Stop};
use silkport_model::{extract_cn_region, RefRecord};
use std::io::BufRead;

pub struct StatTables;

const TABLE: &str = "stat";

/// The table shapes, each recognised by the first columns of its header row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    CnPanel,
    CnTrademarks,
    Ncses,
    Owid,
    WorldBank,
}

const SHAPES: [(Shape, &[&str]); 5] = [
    (Shape::CnPanel, &["province", "province_norm", "year", "chn_block4", "value", "units", "variables"]),
    (Shape::CnTrademarks, &["yearbook_file_year", "table_title", "region_cn", "region_en", "applications"]),
    (Shape::Ncses, &["table_id", "category_path", "category", "level", "year", "value"]),
    (Shape::Owid, &["Entity", "Year", "Patent application rates (OWID based on World Bank & UN)"]),
    (Shape::WorldBank, &["Country Name", "Country Code", "Indicator Name", "Indicator Code"]),
];

const CN_SOURCE: &str = "China Statistical Yearbook on Science and Technology (NBS/MOST), via huhuaping/techme";
const NCSES_SOURCE: &str = "NSF NCSES Science and Engineering Indicators";
const OWID_SOURCE: &str = "Our World in Data, based on World Bank and UN";
const WB_SOURCE: &str = "World Bank World Development Indicators";

/// The regional trademark table's figure columns.
const TRADEMARK_COLUMNS: [&str; 4] = [
    "applications",
    "registrations_approved",
    "cumulative_registrations_approved",
    "valid_registrations_end_of_period",
];

impl Format for StatTables {
    fn name(&self) -> &'static str {
        "stat-tables"
    }
    fn describe(&self) -> &'static str {
        "official statistics tables (China S&T yearbook panels and trademarks by region, NCSES by year, OWID patent rates, World Bank WDI) → stat table"
    }
    fn sniff(&self, name: &str, head: &[u8]) -> bool {
        name.ends_with(".csv") && shape_of(head).is_some()
    }
    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        let head = input.fill_buf().map_err(|source| IngestError::Io { path: ctx.file.clone(), source })?;
        let shape = shape_of(head).ok_or_else(|| IngestError::Malformed {
            path: ctx.file.clone(),
            message: "header row matches none of the statistics tables silkport reads".into(),
        })?;
        let table = CsvTable::open(input, ctx, b',')?;
        let header: Vec<String> = table_header(&table);
        table.for_each(ctx, sink, |rec, line, sink| emit(rows(shape, rec, &header), line, sink))
    }
}

fn shape_of(head: &[u8]) -> Option<Shape> {
    SHAPES.iter().find(|(_, cols)| header_starts(head, cols)).map(|(s, _)| *s)
}

fn table_header(table: &CsvTable) -> Vec<String> {
    table.headers().iter().map(|h| h.trim().to_string()).collect()
}

/// Pushes a row's figures, or its error with the row's line.
fn emit(rows: Result<Vec<RefRecord>, String>, line: u64, sink: &mut Sink) -> Result<(), Stop> {
    match rows {
        Ok(rows) => rows.into_iter().try_for_each(|r| sink(Ok(Item::Reference(r)))),
        Err(m) => sink(Err(RecordError::new(Position::Line(line), m))),
    }
}

fn rows(shape: Shape, rec: &csv::StringRecord, header: &[String]) -> Result<Vec<RefRecord>, String> {
    match shape {
        Shape::CnPanel => cn_panel(rec).map(|r| r.into_iter().collect()),
        Shape::CnTrademarks => cn_trademarks(rec, header),
        Shape::Ncses => ncses(rec).map(|r| r.into_iter().collect()),
        Shape::Owid => owid(rec, header),
        Shape::WorldBank => world_bank(rec, header),
    }
}

/// One figure. `value` must be a number; the caller has dropped empty cells.
fn figure(dataset: &str, indicator: &str, region: &str, year: &str, value: &str) -> Result<RefRecord, String> {
    let year = year_of(year)?;
    number(value)?;
    if region.is_empty() {
        return Err(format!("{dataset} {indicator} {year}: the region is empty"));
    }
    let key = format!("{dataset}/{indicator}/{region}/{year}");
    Ok(RefRecord::new(TABLE, key, None)
        .field("dataset", dataset)
        .field("indicator", indicator)
        .field("region", region)
        .field("year", year.to_string())
        .field("value", value))
}

/// Years are written `2017` or, by the R conversion, `2017.0`.
fn year_of(text: &str) -> Result<u16, String> {
    let t = text.strip_suffix(".0").unwrap_or(text);
    t.parse::<u16>().ok().filter(|y| (1800..=2200).contains(y)).ok_or_else(|| format!("year {text:?} is not a year"))
}

fn number(text: &str) -> Result<f64, String> {
    text.parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| format!("value {text:?} is not a number"))
}

/// A Chinese region's English name as the registry's addresses give it (`甘肃` → `Gansu`),
/// `China` for the national total, else the name as written.
fn cn_region_en(zh: &str) -> String {
    if zh == "全国" {
        return "China".into();
    }
    extract_cn_region(zh, None).map_or_else(|| zh.to_string(), |r| r.province_en)
}

fn cn_panel(rec: &csv::StringRecord) -> Result<Option<RefRecord>, String> {
    let (region_zh, year, block, value, unit, variable) =
        (field(rec, 1), field(rec, 2), field(rec, 3), field(rec, 4), field(rec, 5), field(rec, 6));
    if variable.is_empty() {
        return Err("the variables column (indicator code) is empty".into());
    }
    if value.is_empty() {
        return Ok(None);
    }
    Ok(Some(
        figure("cn_sts", variable, &cn_region_en(region_zh), year, value)?
            .field("region_zh", region_zh)
            .field("block", block)
            .field("unit", unit)
            .field("source", CN_SOURCE),
    ))
}

/// One row per region and yearbook; four figures. The 2017 edition's column labels were
/// copied from 2016's (see the manifest), so the columns are read by position as named here.
fn cn_trademarks(rec: &csv::StringRecord, header: &[String]) -> Result<Vec<RefRecord>, String> {
    let (year, title, region_zh, region_en) = (field(rec, 0), field(rec, 1), field(rec, 2), field(rec, 3));
    let region = if region_zh == "全国" || extract_cn_region(region_zh, None).is_some() {
        cn_region_en(region_zh)
    } else {
        region_en.to_string()
    };
    let mut out = Vec::new();
    for name in TRADEMARK_COLUMNS {
        let Some(i) = header.iter().position(|h| h == name) else { continue };
        let value = field(rec, i);
        if value.is_empty() {
            continue;
        }
        out.push(
            figure("cn_trademark", name, &region, year, value)?
                .field("region_zh", region_zh)
                .field("table", title)
                .field("unit", "件")
                .field("source", CN_SOURCE),
        );
    }
    Ok(out)
}

/// NCSES marks unpublished cells with letters (`na`, `D`, `i`, `*`); those are no figure.
fn ncses(rec: &csv::StringRecord) -> Result<Option<RefRecord>, String> {
    let (table, path, category, year, value) =
        (field(rec, 0), field(rec, 1), field(rec, 2), field(rec, 4), field(rec, 5));
    if value.is_empty() || number(value).is_err() {
        return Ok(None);
    }
    let indicator = format!("table_{table}");
    // The path (`World -> Asia -> China`) keeps apart categories of the same name.
    let region = if category.is_empty() { path } else { category };
    Ok(Some(figure("ncses", &indicator, region, year, value)?.field("path", path).field("source", NCSES_SOURCE)))
}

/// The rate columns are named like `Patent application rates, nonresidents (OWID based on
/// World Bank & UN)`; the indicator is that name without the attribution.
fn owid(rec: &csv::StringRecord, header: &[String]) -> Result<Vec<RefRecord>, String> {
    let (entity, year) = (field(rec, 0), field(rec, 1));
    let mut out = Vec::new();
    for (i, name) in header.iter().enumerate().skip(2) {
        let value = field(rec, i);
        if value.is_empty() {
            continue;
        }
        let indicator = name.split(" (OWID").next().unwrap_or(name);
        out.push(
            figure("owid", indicator, entity, year, value)?
                .field("unit", "per million people")
                .field("source", OWID_SOURCE),
        );
    }
    Ok(out)
}

/// Year columns follow the four naming columns.
fn world_bank(rec: &csv::StringRecord, header: &[String]) -> Result<Vec<RefRecord>, String> {
    let (country, code, name, indicator) = (field(rec, 0), field(rec, 1), field(rec, 2), field(rec, 3));
    let mut out = Vec::new();
    for (i, year) in header.iter().enumerate().skip(4) {
        let value = field(rec, i);
        if value.is_empty() || year.is_empty() {
            continue;
        }
        out.push(
            figure("wb_wdi", indicator, country, year, value)?
                .field("region_code", code)
                .field("indicator_name", name)
                .field("source", WB_SOURCE),
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_by_header() {
        assert_eq!(shape_of(b"province,province_norm,year,chn_block4,value,units,variables\n"), Some(Shape::CnPanel));
        assert_eq!(shape_of(b"table_id,category_path,category,level,year,value\r\n"), Some(Shape::Ncses));
        assert_eq!(
            shape_of(b"\xEF\xBB\xBFCountry Name,Country Code,Indicator Name,Indicator Code,2005\n"),
            Some(Shape::WorldBank)
        );
        assert_eq!(shape_of(b"table,title,rows\n"), None);
    }

    #[test]
    fn years_and_regions() {
        assert_eq!(year_of("2017.0"), Ok(2017));
        assert!(year_of("x").is_err());
        assert_eq!(cn_region_en("甘肃"), "Gansu");
        assert_eq!(cn_region_en("全国"), "China");
        assert_eq!(cn_region_en("东部地区"), "东部地区");
    }
}
