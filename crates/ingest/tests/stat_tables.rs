//! stat-tables against the real statistics tables under `rights/`. Expected figures were
//! read from the CSV files with grep (the command is next to each).

use silkport_ingest::formats::stat_tables::StatTables;
use silkport_ingest::{collect, detect_path, shared_data, Collected, Context, Format, Item, Position, RecordError};
use silkport_model::RefRecord;
use std::path::PathBuf;

fn rights(p: &str) -> PathBuf {
    shared_data().join("rights").join(p)
}

fn figure<'a>(c: &'a Collected, key: &str) -> &'a RefRecord {
    c.references().find(|r| r.key == key).unwrap_or_else(|| panic!("no figure {key}"))
}

#[test]
fn china_provincial_patent_panels() {
    let c = collect(&rights("china_provincial_sci_tech_ip_stats/patent_applications_accepted.csv")).unwrap();
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert_eq!(c.references().count(), 1791, "one figure per row, as the manifest counts");
    // grep 甘肃 patent_applications_accepted.csv | grep 2017 → 甘肃,甘肃,2017,发明,5785.0,件,v4_cg_zlsq_fm
    let r = figure(&c, "cn_sts/v4_cg_zlsq_fm/Gansu/2017");
    assert_eq!(r.table, "stat");
    assert_eq!(r.fields["value"], "5785.0");
    assert_eq!(r.fields["region_zh"], "甘肃");
    assert_eq!(r.fields["block"], "发明");
    assert_eq!(r.fields["unit"], "件");
    assert_eq!(r.fields["year"], "2017");
    // The first Gansu rows spell the province `甘   肃` (OCR); province_norm is used.
    assert_eq!(figure(&c, "cn_sts/v4_cg_zlsq_hj/Gansu/2010").fields["value"], "3558.0");
    assert_eq!(figure(&c, "cn_sts/v4_cg_zlsq_fm/China/2017").fields["region_zh"], "全国");
    let grants = collect(&rights("china_provincial_sci_tech_ip_stats/patent_grants.csv")).unwrap();
    // grep 甘肃 patent_grants.csv | grep 2017 → 甘肃,甘肃,2017,发明,1340.0,件,v4_cg_zlsq2_fm
    assert_eq!(figure(&grants, "cn_sts/v4_cg_zlsq2_fm/Gansu/2017").fields["value"], "1340.0");
}

#[test]
fn empty_cells_are_no_figure() {
    // 20 rows of tech_market_contract_outflow.csv have no value (海南,海南,2000,数量,,项,…).
    let c = collect(&rights("china_provincial_sci_tech_ip_stats/tech_market_contract_outflow.csv")).unwrap();
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert_eq!(c.references().count(), 960 - 20);
    assert!(c.references().all(|r| r.key != "cn_sts/v4_cg_jssc_ht/Hainan/2000"));
    // grep 甘肃 tech_market_contract_outflow.csv | grep 2017.*金额 → 1629587.400596 (万元)
    assert_eq!(figure(&c, "cn_sts/v4_cg_jssc_je/Gansu/2017").fields["value"], "1629587.400596");
}

#[test]
fn trademarks_by_region_give_four_figures_a_row() {
    let c = collect(&rights("china_provincial_sci_tech_ip_stats/trademark_applications_registrations_by_region.csv"))
        .unwrap();
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert_eq!(c.references().count(), 74 * 4);
    // grep 甘肃 trademark_applications_registrations_by_region.csv → 2017,…,甘肃,Gansu,24920,12835,54265,53499
    assert_eq!(figure(&c, "cn_trademark/applications/Gansu/2017").fields["value"], "24920");
    assert_eq!(figure(&c, "cn_trademark/valid_registrations_end_of_period/Gansu/2017").fields["value"], "53499");
    assert_eq!(figure(&c, "cn_trademark/applications/China/2016").fields["value"], "3526827");
    // Regions that are not provinces keep the table's English name.
    assert_eq!(figure(&c, "cn_trademark/applications/Eastern Region/2016").fields["region_zh"], "东部地区");
}

#[test]
fn ncses_tables_by_year() {
    let c = collect(&rights("ncses_ip_indicators/table_10558/tidy_by_year.csv")).unwrap();
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert_eq!(c.references().count(), 3266, "the manifest's tidy rows");
    // grep China table_10558/tidy_by_year.csv | grep 2017 → 10558,World -> Asia -> China,China,2,2017,38680
    let r = figure(&c, "ncses/table_10558/China/2017");
    assert_eq!(r.fields["value"], "38680");
    assert_eq!(r.fields["path"], "World -> Asia -> China");
    let grants = collect(&rights("ncses_ip_indicators/table_10551/tidy_by_year.csv")).unwrap();
    // grep China table_10551/tidy_by_year.csv | grep 2017 → …,China,2,2017,14286
    assert_eq!(figure(&grants, "ncses/table_10551/China/2017").fields["value"], "14286");
    // The untidy data.csv beside it is not a statistics table silkport reads.
    assert!(detect_path(&rights("ncses_ip_indicators/table_10558/data.csv")).is_err());
}

#[test]
fn owid_rates_and_world_bank_years() {
    let c = collect(&rights("world_ip_indicators_wb_owid/owid_patent_application_rates_per_million.csv")).unwrap();
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    // Every non-empty rate cell (counted with Python's csv module): 21,668.
    assert_eq!(c.references().count(), 21_668);
    // grep ^China,2015 → China,2015,706.124,97.44,,8.531,1.177,
    assert_eq!(figure(&c, "owid/Patent application rates/China/2015").fields["value"], "706.124");
    assert_eq!(figure(&c, "owid/Patent application rates, nonresidents/China/2015").fields["value"], "97.44");
    let wb = collect(&rights("world_ip_indicators_wb_owid/wb_wdi_ip_charges_receipts_BX.GSR.ROYL.CD_2005_2015.csv"))
        .unwrap();
    assert!(wb.errors.is_empty(), "{:?}", wb.errors);
    assert_eq!(wb.references().count(), 1383);
    // grep CHN → China,CHN,…,2013 column 886670295 (the manifest's "China 2013: 886.7m USD")
    let r = figure(&wb, "wb_wdi/BX.GSR.ROYL.CD/China/2013");
    assert_eq!(r.fields["value"], "886670295");
    assert_eq!(r.fields["region_code"], "CHN");
}

type Parsed = (Vec<RefRecord>, Vec<RecordError>);

fn parse(bytes: &[u8]) -> Result<Parsed, silkport_ingest::IngestError> {
    let (mut refs, mut errors) = (Vec::new(), Vec::new());
    let mut input = bytes;
    StatTables.parse(&mut input, &Context { file: "t.csv".into() }, &mut |item| {
        match item {
            Ok(Item::Reference(r)) => refs.push(r),
            Ok(other) => panic!("unexpected {other:?}"),
            Err(e) => errors.push(e),
        }
        Ok(())
    })?;
    Ok((refs, errors))
}

#[test]
fn bad_rows_are_reported_with_their_line_and_the_rest_loads() {
    let text = "province,province_norm,year,chn_block4,value,units,variables\n\
                甘肃,甘肃,2017,发明,5785.0,件,v4_cg_zlsq_fm\n\
                甘肃,甘肃,twenty,发明,1.0,件,v4_cg_zlsq_fm\n\
                甘肃,甘肃,2018,发明,lots,件,v4_cg_zlsq_fm\n\
                甘肃,甘肃,2019\n\
                甘肃,甘肃,2020,发明,7.0,件,v4_cg_zlsq_fm\n";
    let (refs, errors) = parse(text.as_bytes()).unwrap();
    assert_eq!(
        refs.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(),
        ["cn_sts/v4_cg_zlsq_fm/Gansu/2017", "cn_sts/v4_cg_zlsq_fm/Gansu/2020"]
    );
    let lines: Vec<Position> = errors.iter().map(|e| e.position).collect();
    assert_eq!(lines, [Position::Line(3), Position::Line(4), Position::Line(5)]);
    assert!(errors[0].message.contains("not a year"), "{}", errors[0].message);
    // Truncated and garbled input never panics (a cut header makes the file malformed).
    for cut in [10, 70, 100, 131] {
        let _ = parse(&text.as_bytes()[..cut.min(text.len())]);
    }
    let _ = parse(b"province,province_norm,year,chn_block4,value,units,variables\n\xff\xfe,\x00,2017\n");
}
