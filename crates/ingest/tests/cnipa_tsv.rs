//! CNIPA bibliographic TSV against the real 2017 file. Expected values were read from the
//! source with `zcat cn_bibliographic_2017.tsv.gz | grep -P '^CN104001013B\t'` and similar.

use silkport_ingest::{collect, detect_path, open, shared_data, Context, Item, Position, RecordError};
use silkport_model::{ClassScheme, Date, Lang, PartyRole, Right, RightKind, Status};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

fn tsv() -> PathBuf {
    shared_data().join("patents/cn_cnipa_bibliographic_2017/cn_bibliographic_2017.tsv.gz")
}

/// Streams a file through its detected format, handing each item or error to `f`.
fn stream(path: &Path, mut f: impl FnMut(Result<Item, RecordError>)) {
    let format = detect_path(path).unwrap();
    assert_eq!(format.name(), "cnipa-tsv");
    let ctx = Context { file: path.display().to_string() };
    format
        .parse(&mut open(path).unwrap(), &ctx, &mut |item| {
            f(item);
            Ok(())
        })
        .unwrap();
}

fn date(s: &str) -> Option<Date> {
    Some(Date::parse(s).unwrap())
}

fn ipc(r: &Right) -> Vec<(&str, bool)> {
    r.classifications.iter().map(|c| (c.symbol.as_str(), c.main)).collect()
}

/// The real records the tests below check, plus whole-file tallies, from one pass.
struct Pass {
    picked: HashMap<String, Right>,
    rights: usize,
    errors: Vec<RecordError>,
    gansu: usize,
    gansu_by_city: HashMap<String, usize>,
}

fn whole_file() -> &'static Pass {
    static PASS: std::sync::OnceLock<Pass> = std::sync::OnceLock::new();
    PASS.get_or_init(|| {
        let wanted = [
            "CN104001013B",
            "CN104465595B",
            "CN103738533B",
            "CN103081473B8",
            "CN1238422C9",
            "CN107041172A",
            "CN106504675A",
            "CN107029321A",
            "CN103701956B",
        ];
        let mut pass =
            Pass { picked: HashMap::new(), rights: 0, errors: vec![], gansu: 0, gansu_by_city: HashMap::new() };
        stream(&tsv(), |item| match item {
            Ok(Item::Right(r)) => {
                pass.rights += 1;
                let region = r.parties.iter().find_map(|p| p.address.as_ref()?.cn_region.as_ref());
                if let Some(region) = region.filter(|g| g.province_en == "Gansu") {
                    pass.gansu += 1;
                    *pass.gansu_by_city.entry(region.city_en.clone().unwrap_or_default()).or_default() += 1;
                }
                if wanted.contains(&r.id.as_str()) {
                    pass.picked.insert(r.id.to_string(), *r);
                }
            }
            Ok(other) => panic!("unexpected item {other:?}"),
            Err(e) => pass.errors.push(e),
        });
        pass
    })
}

fn picked(id: &str) -> &'static Right {
    whole_file().picked.get(id).unwrap_or_else(|| panic!("{id} not read"))
}

#[test]
fn every_row_loads() {
    let pass = whole_file();
    assert!(pass.errors.is_empty(), "{:?}", &pass.errors[..pass.errors.len().min(5)]);
    // `zcat … | wc -l` is 239,858 lines: the header and 239,857 rows, all with 14 fields.
    assert_eq!(pass.rights, 239_857);
}

#[test]
fn gansu_applicants() {
    // Independent count: `zcat … | cut -f11 | grep -c '^甘肃'` = 1076 (no address names a
    // Gansu city without the province, and no other address has a 73xxxx/74xxxx postcode).
    let pass = whole_file();
    assert_eq!(pass.gansu, 1076);
    // `… | cut -f11 | grep -c '^甘肃省天水市'` = 71, `grep -c '^甘肃省兰州市'` = 574.
    assert_eq!(pass.gansu_by_city.get("Tianshui"), Some(&71));
    assert_eq!(pass.gansu_by_city.get("Lanzhou"), Some(&574));
}

#[test]
fn gansu_grant_with_three_ipc_codes() {
    // CN104001013B	B	20170315	CN201410237029.1	20140530	A61K36/8968;A61P39/02;A61P25/00
    // A61K36/8968	中国农业科学院兰州畜牧与兽药研究所	梁剑平	一种中药物组合物及其制备方法和应用
    // 甘肃省兰州市七里河区小西湖硷沟沿335号	730000	0	CN-BIBS-ABSS-10-B_20170315
    let r = picked("CN104001013B");
    assert_eq!(r.kind, RightKind::InventionPatent);
    assert_eq!(r.office, "CN");
    assert_eq!(r.publication.as_ref().unwrap().to_string(), "CN104001013B");
    assert_eq!(r.application.as_ref().unwrap().to_string(), "CN201410237029.1");
    assert_eq!(r.status, Some(Status::Active));
    assert_eq!(r.lang, Some(Lang::ZH));
    assert_eq!(r.dates.filing, date("2014-05-30"));
    assert_eq!(r.dates.publication, date("2017-03-15"));
    assert_eq!(r.dates.grant, date("2017-03-15"));
    assert_eq!(r.texts.title(Lang::ZH), Some("一种中药物组合物及其制备方法和应用"));
    assert_eq!(ipc(r), [("A61K36/8968", true), ("A61P39/02", false), ("A61P25/00", false)]);
    assert!(r.classifications.iter().all(|c| c.scheme == ClassScheme::Ipc));
    let applicant = r.parties_in(PartyRole::Applicant).next().unwrap();
    assert_eq!(applicant.name(), "中国农业科学院兰州畜牧与兽药研究所");
    let address = applicant.address.as_ref().unwrap();
    assert_eq!(address.text.as_deref(), Some("甘肃省兰州市七里河区小西湖硷沟沿335号"));
    assert_eq!(address.postcode.as_deref(), Some("730000"));
    assert_eq!(address.country.as_deref(), Some("CN"));
    let region = address.cn_region.as_ref().unwrap();
    assert_eq!((region.province_en.as_str(), region.city_en.as_deref()), ("Gansu", Some("Lanzhou")));
    assert_eq!(region.province_zh, "甘肃");
    assert_eq!(r.parties_in(PartyRole::Inventor).map(|p| p.name()).collect::<Vec<_>>(), ["梁剑平"]);
    assert_eq!(r.attributes.get("batch").map(String::as_str), Some("CN-BIBS-ABSS-10-B_20170315"));
    assert!(!r.attributes.contains_key("is_listed_company_applicant"));
    assert_eq!(r.source.format, "cnipa-tsv");
    assert_eq!(r.source.revision.as_deref(), Some("20170315"));
    assert!(r.source.file.as_deref().unwrap().ends_with("cn_bibliographic_2017.tsv.gz"));
}

#[test]
fn tianshui_grant_with_internal_application_number() {
    // CN104465595B	B	20170405	CN102014000717243	20141202	H01L23/495;H01L21/60	H01L23/495
    // 天水华天科技股份有限公司	慕蔚	基于定制引线框架的CSP型MEMS封装件及生产方法	甘肃省天水市秦州区双桥路14号	741000
    let r = picked("CN104465595B");
    // Year 2014, type 1, serial 0717243; check character 7 (weights 2..9,2..5 mod 11).
    assert_eq!(r.application.as_ref().unwrap().to_string(), "CN201410717243.7");
    assert_eq!(r.attributes.get("app_number_cnipa").map(String::as_str), Some("CN102014000717243"));
    assert_eq!(r.dates.filing, date("2014-12-02"));
    assert_eq!(r.dates.grant, date("2017-04-05"));
    assert_eq!(r.source.revision.as_deref(), Some("20170405"));
    assert_eq!(ipc(r), [("H01L23/495", true), ("H01L21/60", false)]);
    let region = r.parties[0].address.as_ref().unwrap().cn_region.as_ref().unwrap();
    assert_eq!((region.province_en.as_str(), region.city_en.as_deref()), ("Gansu", Some("Tianshui")));
    assert_eq!(r.texts.title(Lang::ZH), Some("基于定制引线框架的CSP型MEMS封装件及生产方法"));
}

#[test]
fn seven_ipc_codes_in_order() {
    // CN103738533B … B65B37/02;B65B63/00;B07B13/00;B07B13/16;B08B3/02;B65B57/14;B65B35/16	B65B37/02
    // 太仓市陆渡镇滚得顺输送设备厂	胡立华	一种钢球分选包装机	江苏省苏州市太仓市陆渡镇洙泾工业园区9号	215400
    let r = picked("CN103738533B");
    assert_eq!(
        ipc(r),
        [
            ("B65B37/02", true),
            ("B65B63/00", false),
            ("B07B13/00", false),
            ("B07B13/16", false),
            ("B08B3/02", false),
            ("B65B57/14", false),
            ("B65B35/16", false)
        ]
    );
    let region = r.parties[0].address.as_ref().unwrap().cn_region.as_ref().unwrap();
    assert_eq!((region.province_en.as_str(), region.city_en.as_deref()), ("Jiangsu", Some("Suzhou")));
    assert_eq!(r.parties[1].name(), "胡立华");
}

#[test]
fn corrections_keep_their_own_ids() {
    // CN103081473B8	B8	20170315	CN201180042109.6	20110729	H04N19/159;…	M&K控股株式会社	吴秀美
    // 产生预测块的装置	韩国首尔	0	0	CN-BIBS-ABSS-10-B_20170315
    let r = picked("CN103081473B8");
    assert_eq!(r.publication.as_ref().unwrap().kind(), Some("B8"));
    assert_eq!(r.kind, RightKind::InventionPatent);
    assert_eq!(r.status, Some(Status::Active));
    assert_eq!(r.attributes.get("correction").map(String::as_str), Some("corrected_title_page"));
    // A correction's publication date is not the grant date.
    assert_eq!(r.dates.publication, date("2017-03-15"));
    assert_eq!(r.dates.grant, None);
    assert_eq!(r.dates.filing, date("2011-07-29"));
    assert_eq!(r.classifications.len(), 6);
    let applicant = &r.parties[0];
    assert_eq!(applicant.name(), "M&K控股株式会社");
    let address = applicant.address.as_ref().unwrap();
    // Seoul: no Chinese region, and postcode `0` means none.
    assert_eq!(address.text.as_deref(), Some("韩国首尔"));
    assert_eq!((address.postcode.as_ref(), address.cn_region.as_ref()), (None, None));

    // CN1238422C9	C9	20170329	CN102003000040024	20030801	C08L63/00;C08K5/49;B32B27/04	…
    let c9 = picked("CN1238422C9");
    assert_eq!(c9.attributes.get("correction").map(String::as_str), Some("corrected_document"));
    assert_eq!(c9.application.as_ref().unwrap().to_string(), "CN200310040024.1");
    assert_eq!(c9.status, Some(Status::Active));
}

#[test]
fn applications_are_pending_and_revision_is_the_batch_date() {
    // CN107041172A	A	20170815	CN102017000317531	20170508	A01B39/18	A01B39/18	山东临沂烟草有限公司
    // 刘文涛	背负式烟草中耕除草机	山东省临沂市兰山区柳青街道智圣路3号	276000	0	CN-BIBS-ABSS-20170815
    let r = picked("CN107041172A");
    assert_eq!(r.status, Some(Status::Pending));
    assert_eq!(r.dates.grant, None);
    assert_eq!(r.application.as_ref().unwrap().to_string(), "CN201710317531.7");
    assert_eq!(r.source.revision.as_deref(), Some("20170815"));
    let region = r.parties[0].address.as_ref().unwrap().cn_region.as_ref().unwrap();
    assert_eq!((region.province_en.as_str(), region.city_en.as_deref()), ("Shandong", Some("Linyi")));

    // CN107029321A	A	20170811	CN102017000375833	…	1	Applicant: no batch date, so the publication date.
    let listed = picked("CN107029321A");
    assert_eq!(listed.source.revision.as_deref(), Some("20170811"));
    assert_eq!(listed.attributes.get("is_listed_company_applicant").map(String::as_str), Some("1"));
}

#[test]
fn the_shifted_test_row_gets_its_address_back() {
    // CN106504675A	A	20170315	CN201510436362.X	…	王德贵	王德贵	一种可以放笔的桌面广告卡座
    // 扬州苏中专利事务所(普通合伙) 32222	江苏省扬州市广陵区李典镇工业集中区	0	test
    let r = picked("CN106504675A");
    let applicant = r.parties_in(PartyRole::Applicant).next().unwrap();
    let address = applicant.address.as_ref().unwrap();
    assert_eq!(address.text.as_deref(), Some("江苏省扬州市广陵区李典镇工业集中区"));
    assert_eq!(address.cn_region.as_ref().unwrap().city_en.as_deref(), Some("Yangzhou"));
    let agent = r.parties_in(PartyRole::Agent).next().unwrap();
    assert_eq!(agent.name(), "扬州苏中专利事务所(普通合伙) 32222");
    assert_eq!(r.source.revision.as_deref(), Some("20170315"));
}

/// The header of the real file and three of its rows, then broken rows.
fn broken_file() -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".tsv").tempfile().unwrap();
    let header = "pub_number\tkind\tpub_date\tapp_number\tapp_date\tipc\tmain_ipc\tapplicant\tfirst_inventor\ttitle\tapplicant_address\tpostcode\tis_listed_company_applicant\tbatch\n";
    let good = |id: &str| {
        format!("{id}\tB\t20170315\tCN201410005532.4\t20140106\tH04L29/12;H04L12/24\tH04L29/12\t某公司\t许银录\t标题\t甘肃省兰州市城关区\t730000\t0\tCN-BIBS-ABSS-10-B_20170315\n")
    };
    f.write_all(header.as_bytes()).unwrap();
    f.write_all(good("CN103701956B").as_bytes()).unwrap(); // line 2
    f.write_all(b"CN103702022B\tB\t20170315\tCN201410000511.3\n").unwrap(); // line 3: short row
    f.write_all(good("CN103727181B").replace("20140106", "20141306").as_bytes()).unwrap(); // line 4: bad date
    f.write_all(
        &good("CN103729629B")
            .replace("标题", "\u{fffd}")
            .into_bytes()
            .iter()
            .map(|&b| if b == 0xef { 0xff } else { b })
            .collect::<Vec<_>>(),
    )
    .unwrap(); // line 5: invalid UTF-8
    f.write_all(good("CN103738817B").replace("H04L29/12;", "H04L29/;").as_bytes()).unwrap(); // line 6: bad IPC
    f.write_all(good("CN1037388XB").as_bytes()).unwrap(); // line 7: bad publication number
    f.write_all(good("CN103738533B").as_bytes()).unwrap(); // line 8
    f.flush().unwrap();
    f
}

#[test]
fn broken_rows_are_reported_with_their_line_and_the_rest_loads() {
    let f = broken_file();
    let mut ids = vec![];
    let mut errors = vec![];
    stream(f.path(), |item| match item {
        Ok(Item::Right(r)) => ids.push(r.id.to_string()),
        Ok(other) => panic!("{other:?}"),
        Err(e) => errors.push(e),
    });
    assert_eq!(ids, ["CN103701956B", "CN103738533B"]);
    let lines: Vec<Position> = errors.iter().map(|e| e.position).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7].map(Position::Line));
    assert!(errors[0].message.contains("4 columns, expected 14"), "{}", errors[0].message);
    assert!(errors[1].message.contains("app_date `20141306`"), "{}", errors[1].message);
    assert!(errors[2].message.contains("UTF-8"), "{}", errors[2].message);
    assert!(errors[3].message.contains("ipc"), "{}", errors[3].message);
    assert!(errors[4].message.contains("pub_number"), "{}", errors[4].message);
}

/// `plain` gzipped, with the last 30 bytes of the gzip file cut off.
fn truncated_gzip(plain: &[u8]) -> tempfile::NamedTempFile {
    use flate2::{write::GzEncoder, Compression};
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(plain).unwrap();
    let bytes = gz.finish().unwrap();
    let mut f = tempfile::Builder::new().suffix(".tsv.gz").tempfile().unwrap();
    f.write_all(&bytes[..bytes.len() - 30]).unwrap();
    f.flush().unwrap();
    f
}

#[test]
fn truncated_gzip_keeps_what_was_read() {
    // Enough rows that the cut falls after the part read for format detection.
    let mut plain = std::fs::read(broken_file().path()).unwrap();
    let row = plain.split(|&b| b == b'\n').nth(1).unwrap().to_vec();
    for _ in 0..300 {
        plain.extend_from_slice(&row);
        plain.push(b'\n');
    }
    let f = truncated_gzip(&plain);
    let mut rights = 0;
    let mut errors = vec![];
    stream(f.path(), |item| match item {
        Ok(_) => rights += 1,
        Err(e) => errors.push(e),
    });
    assert!(rights >= 2, "{rights}");
    assert!(errors.last().unwrap().message.contains("unreadable from here on"), "{errors:?}");
}

/// A gzip file cut within the part read for format detection is still detected; the
/// parser reports the cut as a record error at its line, after the rows before it.
#[test]
fn small_truncated_gzip_is_detected_and_the_cut_reported() {
    let plain = std::fs::read(broken_file().path()).unwrap();
    assert!(plain.len() < silkport_ingest::detect::SNIFF_BYTES);
    let f = truncated_gzip(&plain);
    let head = silkport_ingest::input::head(f.path(), silkport_ingest::detect::SNIFF_BYTES).unwrap();
    assert!(plain.starts_with(&head) && head.len() > 100, "{}", head.len());
    assert_eq!(detect_path(f.path()).unwrap().name(), "cnipa-tsv");
    let c = collect(f.path()).unwrap();
    assert_eq!(c.rights().next().map(|r| r.id.to_string()).as_deref(), Some("CN103701956B"));
    let cut = c.errors.last().unwrap();
    assert!(cut.message.contains("unreadable from here on"), "{:?}", c.errors);
    assert!(matches!(cut.position, Position::Line(n) if n > 2), "{:?}", c.errors);
}

#[test]
fn other_tab_files_are_not_claimed() {
    let mut f = tempfile::Builder::new().suffix(".tsv").tempfile().unwrap();
    f.write_all(b"doc_id\tkind\tdate\n1\tA\t20170101\n").unwrap();
    f.flush().unwrap();
    assert!(detect_path(f.path()).map(|fmt| fmt.name() != "cnipa-tsv").unwrap_or(true));
}
