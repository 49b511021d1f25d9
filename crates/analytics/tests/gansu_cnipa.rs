//! The Gansu regional landscape and report from the real CNIPA 2017 records, against
//! counts made here directly from the TSV (not through the analytics crate), and against
//! literal values checked by hand with zcat/awk (the command is next to each).
//!
//! The registry is built once: the CNIPA TSV and the IPC–technology concordance loaded
//! into a temporary SQLite store with the ingest parsers.

use silkport_analytics::landscape::{self, Landscape, Spec};
use silkport_analytics::navigate::{navigate, Request};
use silkport_analytics::report::{html, ReportKind, ReportLang};
use silkport_analytics::Filter;
use silkport_ingest::{detect_path, open, shared_data, Context, Item};
use silkport_model::extract_cn_region;
use silkport_store::{Incoming, SqliteStore, Store};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::BufRead;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

fn cnipa() -> PathBuf {
    shared_data().join("patents/cn_cnipa_bibliographic_2017/cn_bibliographic_2017.tsv.gz")
}

fn concordance() -> PathBuf {
    shared_data().join("patents/ipc_cpc_schemes/patentsview_ipc_technology.csv")
}

/// Loads a file with its detected parser, 4,000 items a batch.
fn load(store: &mut dyn Store, path: &std::path::Path) {
    let format = detect_path(path).unwrap();
    let mut input = open(path).unwrap();
    let mut batch = Vec::new();
    let mut flush =
        |batch: &mut Vec<Incoming>| store.apply(std::mem::take(batch)).map(|_| ()).map_err(|_| silkport_ingest::Stop);
    format
        .parse(&mut input, &Context { file: path.display().to_string() }, &mut |item| {
            match item {
                Ok(Item::Right(r)) => batch.push(Incoming::Right(r)),
                Ok(Item::Reference(r)) => batch.push(Incoming::Reference(r)),
                _ => {}
            }
            if batch.len() >= 4000 {
                flush(&mut batch)?;
            }
            Ok(())
        })
        .unwrap();
    flush(&mut batch).unwrap();
}

struct Registry {
    _dir: tempfile::TempDir,
    store: Mutex<SqliteStore>,
}

fn registry() -> &'static Registry {
    static R: OnceLock<Registry> = OnceLock::new();
    R.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open_dir(dir.path()).unwrap();
        load(&mut store, &cnipa());
        load(&mut store, &concordance());
        Registry { _dir: dir, store: Mutex::new(store) }
    })
}

fn gansu_landscape() -> &'static Landscape {
    static L: OnceLock<Landscape> = OnceLock::new();
    L.get_or_init(|| {
        let mut store = registry().store.lock().unwrap();
        let spec = Spec { set: Filter::all().with_region("甘肃").unwrap(), base: Filter::nation() };
        landscape::from_store(&mut *store, &spec).unwrap()
    })
}

/// One TSV row, by column name.
struct Row {
    app_number: String,
    app_date: String,
    main_ipc: String,
    applicant: String,
    address: String,
    postcode: String,
    kind: String,
}

/// Every row of the TSV, read directly (split on tabs).
fn rows() -> &'static [Row] {
    static ROWS: OnceLock<Vec<Row>> = OnceLock::new();
    ROWS.get_or_init(|| {
        let mut lines = open(&cnipa()).unwrap().lines();
        let header: Vec<String> = lines.next().unwrap().unwrap().split('\t').map(str::to_string).collect();
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let c = [
            col("app_number"),
            col("app_date"),
            col("main_ipc"),
            col("applicant"),
            col("applicant_address"),
            col("postcode"),
            col("kind"),
        ];
        lines
            .map(|l| {
                let l = l.unwrap();
                let f: Vec<&str> = l.split('\t').collect();
                let get = |i: usize| f.get(c[i]).copied().unwrap_or("").trim().to_string();
                Row {
                    app_number: get(0),
                    app_date: get(1),
                    main_ipc: get(2),
                    applicant: get(3),
                    address: get(4),
                    postcode: get(5),
                    kind: get(6),
                }
            })
            .collect()
    })
}

/// The application key of a CNIPA number in either spelling: classic `CN201510110969.X`
/// without its check character, or the internal `CN102015000110969` (type 10, year, serial)
/// rewritten to the classic form, as CNIPA's two spellings of one application.
fn app_key(n: &str) -> String {
    let digits = n.trim_start_matches("CN");
    match digits.split_once('.') {
        Some((classic, _)) => format!("CN{classic}"),
        None if digits.len() == 15 => {
            let kind = if &digits[..2] == "11" { "8" } else { "1" };
            format!("CN{}{kind}{}", &digits[2..6], &digits[8..])
        }
        None => n.to_string(),
    }
}

fn gansu_rows() -> Vec<&'static Row> {
    rows().iter().filter(|r| r.address.starts_with("甘肃")).collect()
}

#[test]
fn gansu_holds_the_records_with_gansu_addresses() {
    let l = gansu_landscape();
    // zcat cn_bibliographic_2017.tsv.gz | awk -F'\t' '$11 ~ /^甘肃/' | wc -l → 1076
    assert_eq!(l.scope.documents, 1076);
    let apps: HashSet<&str> = gansu_rows().iter().map(|r| r.app_number.as_str()).collect();
    assert_eq!(apps.len(), 1076, "… | cut -f4 | sort -u | wc -l → 1076 distinct applications");
    assert_eq!(l.scope.applications, 1076);
    assert_eq!(gansu_rows().len(), 1076);
}

#[test]
fn top_applicants_match_direct_counts() {
    let l = gansu_landscape();
    let mut direct: HashMap<&str, u64> = HashMap::new();
    for r in gansu_rows() {
        *direct.entry(r.applicant.as_str()).or_default() += 1;
    }
    let mut direct: Vec<(&str, u64)> = direct.into_iter().collect();
    direct.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let got: Vec<(&str, u64)> = l.applicants.iter().take(5).map(|a| (a.name.as_str(), a.count)).collect();
    assert_eq!(got, direct[..5]);
    // … | cut -f8 | sort | uniq -c | sort -rn | head -5
    assert_eq!(
        got,
        [
            ("兰州大学", 64),
            ("西北师范大学", 49),
            ("兰州理工大学", 46),
            ("中国科学院兰州化学物理研究所", 35),
            ("兰州交通大学", 24)
        ]
    );
    assert_eq!(l.applicants[0].org_type, silkport_analytics::names::OrgType::University);
    assert_eq!(l.applicants[3].org_type, silkport_analytics::names::OrgType::Institute);
}

#[test]
fn ipc_sections_and_shares_match_direct_counts() {
    let l = gansu_landscape();
    let mut direct: BTreeMap<String, u64> = BTreeMap::new();
    for r in gansu_rows() {
        *direct.entry(r.main_ipc[..1].to_string()).or_default() += 1;
    }
    let got: BTreeMap<String, u64> = l.ipc.sections.iter().map(|s| (s.code.clone(), s.count)).collect();
    assert_eq!(got, direct);
    // … | cut -f7 | cut -c1 | sort | uniq -c → A 382, C 275, G 127, B 123, F 58, E 54, H 49, D 8
    let a = &l.ipc.sections[0];
    assert_eq!((a.code.as_str(), a.count), ("A", 382));
    assert!((a.share - 382.0 / 1076.0).abs() < 1e-12);
    // … | cut -f7 | cut -c1-3 | sort | uniq -c | sort -rn | head -2 → A61 141, A01 133
    let classes: Vec<(&str, u64)> = l.ipc.classes.iter().take(2).map(|c| (c.code.as_str(), c.count)).collect();
    assert_eq!(classes, [("A61", 141), ("A01", 133)]);
}

#[test]
fn specialisation_against_the_nation_matches_direct_counts() {
    let l = gansu_landscape();
    // The nation: applications whose first applicant has a Chinese address (the region
    // rule ingestion applies), each application once.
    let mut seen = HashSet::new();
    let (mut nation, mut nation_a01) = (0u64, 0u64);
    for r in rows() {
        // One row (batch `test`) is shifted: its address is in the postcode column.
        let (address, postcode) = match r.postcode.is_ascii() {
            true => (r.address.as_str(), Some(r.postcode.as_str()).filter(|p| !p.is_empty() && *p != "0")),
            false => (r.postcode.as_str(), None),
        };
        if extract_cn_region(address, postcode).is_none() || !seen.insert(app_key(&r.app_number)) {
            continue;
        }
        nation += 1;
        nation_a01 += u64::from(r.main_ipc.starts_with("A01"));
    }
    assert_eq!(l.scope.base_applications, nation);
    let a01 = l.specialisation.strengths.iter().find(|c| c.code == "A01").expect("A01 is a Gansu strength");
    assert_eq!((a01.count, a01.base_count), (133, nation_a01));
    let rta = (133.0 / 1076.0) / (nation_a01 as f64 / nation as f64);
    assert!((a01.rta.unwrap() - rta).abs() < 1e-9, "{:?} vs {rta}", a01.rta);
    assert!(rta > 2.0, "agriculture is a clear Gansu specialisation: {rta}");
    // Computing (G06) is large nationally and weak in Gansu.
    assert!(l.specialisation.lags.iter().any(|c| c.code == "G06"));
}

#[test]
fn yearly_counts_status_and_cities_match_direct_counts() {
    let l = gansu_landscape();
    let mut years: BTreeMap<u16, u64> = BTreeMap::new();
    for r in gansu_rows() {
        *years.entry(r.app_date[..4].parse().unwrap()).or_default() += 1;
    }
    let got: BTreeMap<u16, u64> = l.trends.filing.iter().map(|y| (y.year, y.count)).collect();
    assert_eq!(got, years);
    // … | cut -f5 | cut -c1-4 | sort | uniq -c → 2013 1, 2014 21, 2015 435, 2016 185, 2017 434
    assert_eq!(got.into_iter().collect::<Vec<_>>(), [(2013, 1), (2014, 21), (2015, 435), (2016, 185), (2017, 434)]);
    // … | cut -f2 | sort | uniq -c → A 892, B 184
    let grants = gansu_rows().iter().filter(|r| r.kind == "B").count() as u64;
    assert_eq!(grants, 184);
    let status: BTreeMap<&str, u64> = l.status.iter().map(|s| (s.key.as_str(), s.count)).collect();
    assert_eq!(status, BTreeMap::from([("active", 184), ("pending", 892)]));
    // … | cut -f11 | grep -c '^甘肃省兰州市' → 574
    let lanzhou = &l.geography.cities[0];
    assert_eq!((lanzhou.key.as_str(), lanzhou.name_zh.as_deref(), lanzhou.count), ("Lanzhou", Some("兰州"), 574));
    // One publication window: the phase and surges are not judged.
    assert!(l.scope.single_window);
    assert_eq!(l.lifecycle.phase, landscape::Phase::Undetermined);
    assert!(l.early_warning.is_empty());
}

fn gansu_report(lang: ReportLang) -> String {
    let mut store = registry().store.lock().unwrap();
    let req = Request {
        kind: ReportKind::Regional,
        lang,
        region: Some("甘肃".into()),
        ipc: vec![],
        applicant: None,
        years: None,
        query: None,
    };
    html::render(&navigate(&mut *store, &req).unwrap())
}

#[test]
fn gansu_report_is_self_contained_and_shows_the_figures() {
    for (lang, words) in [
        (ReportLang::Zh, ["甘肃：区域规划类专利导航报告", "兰州大学", "方法说明", "技术优势与短板"]),
        (
            ReportLang::En,
            ["Gansu: Regional patent navigation report", "Lanzhou University", "Method", "Strengths and gaps"],
        ),
    ] {
        let page = gansu_report(lang);
        for w in words {
            assert!(page.contains(w), "{lang:?} report lacks {w}");
        }
        assert!(page.contains("1,076"));
        assert!(page.matches("<svg").count() >= 10, "charts are inline SVG");
        for external in ["<script", "<link", "src=\"http", "url(http", "@import"] {
            assert!(!page.contains(external), "{lang:?} report loads {external}");
        }
        assert!(page.contains("href=\"data:text/csv;charset=utf-8,"));
        assert!(page.contains("href=\"data:application/json;charset=utf-8,"));
    }
}

/// 张义兵 is the first inventor of 20 Gansu records and files them himself (applicant 张义兵,
/// 甘肃省张掖市山丹县…科技局; `zcat cn_bibliographic_2017.tsv.gz | awk -F'\t' '$9=="张义兵"'`):
/// the inventor ranking says "individual applicant" instead of repeating his name.
#[test]
fn an_inventor_filing_alone_is_shown_as_an_individual_applicant() {
    let zh = gansu_report(ReportLang::Zh);
    assert!(zh.contains("张义兵（个人申请，20）"), "zh summary");
    assert!(!zh.contains("张义兵（张义兵"));
    let en = gansu_report(ReportLang::En);
    assert!(en.contains("(individual applicant, 20)"), "en summary");
}
