//! Landscapes and every report type over a small demo world, against counts made here
//! directly from the generated rights. The demo world spans filing years 2005–2024, has
//! co-applicants and events, so the parts a one-window real file cannot show (life cycle,
//! early warning, collaboration) are exercised here.

use silkport_analytics::landscape::{self, Phase, Spec};
use silkport_analytics::names::normalise;
use silkport_analytics::navigate::{navigate, Request};
use silkport_analytics::report::{html, ReportKind, ReportLang};
use silkport_analytics::Filter;
use silkport_demo::World;
use silkport_model::{PartyRole, Right, RightKind};
use silkport_store::{Incoming, SqliteStore, Store};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

const SIZE: u64 = 6000;
const SEED: u64 = 2018;

struct Demo {
    _dir: tempfile::TempDir,
    store: Mutex<SqliteStore>,
    rights: Vec<Right>,
}

fn demo() -> &'static Demo {
    static D: OnceLock<Demo> = OnceLock::new();
    D.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open_dir(dir.path()).unwrap();
        let rights: Vec<Right> = World::new(SEED).rights(SIZE).collect();
        for chunk in rights.chunks(1000) {
            let batch = chunk.iter().map(|r| Incoming::Right(Box::new(r.clone()))).collect();
            (&mut store as &mut dyn Store).apply(batch).unwrap();
        }
        Demo { _dir: dir, store: Mutex::new(store), rights }
    })
}

fn patents() -> impl Iterator<Item = &'static Right> {
    demo().rights.iter().filter(|r| matches!(r.kind, RightKind::InventionPatent | RightKind::UtilityModel))
}

fn full_landscape() -> &'static landscape::Landscape {
    static L: OnceLock<landscape::Landscape> = OnceLock::new();
    L.get_or_init(|| {
        let mut store = demo().store.lock().unwrap();
        landscape::from_store(&mut *store, &Spec { set: Filter::all(), base: Filter::all() }).unwrap()
    })
}

#[test]
fn counts_and_years_match_the_generated_rights() {
    let l = full_landscape();
    assert_eq!(l.scope.scanned, SIZE);
    assert_eq!(l.scope.documents, patents().count() as u64);
    assert_eq!(l.scope.synthetic, l.scope.documents);
    let mut years: BTreeMap<u16, u64> = BTreeMap::new();
    for r in patents() {
        *years.entry(r.dates.filing.unwrap().year()).or_default() += 1;
    }
    let got: BTreeMap<u16, u64> = l.trends.filing.iter().map(|y| (y.year, y.count)).collect();
    assert_eq!(got, years);
    let grants = patents().filter(|r| r.dates.grant.is_some()).count() as u64;
    assert_eq!(l.trends.grant.iter().map(|y| y.count).sum::<u64>(), grants);
}

#[test]
fn applicants_and_co_applicants_match_the_generated_rights() {
    let l = full_landscape();
    let mut direct: HashMap<String, u64> = HashMap::new();
    let mut joint = 0;
    for r in patents() {
        let mut keys: Vec<String> = r.parties_in(PartyRole::Applicant).map(|p| normalise(p.name())).collect();
        keys.sort();
        keys.dedup();
        joint += u64::from(keys.len() > 1);
        for k in keys {
            *direct.entry(k).or_default() += 1;
        }
    }
    let top = &l.applicants[0];
    assert_eq!(Some(&top.count), direct.get(&top.key));
    assert_eq!(top.count, *direct.values().max().unwrap());
    assert_eq!(l.collaboration.co_owned, joint);
    assert!(joint > 0 && !l.collaboration.edges.is_empty());
}

#[test]
fn composition_shares_add_up_and_the_life_cycle_is_judged() {
    let l = full_landscape();
    let sections: u64 = l.ipc.sections.iter().map(|s| s.count).sum();
    assert_eq!(sections, l.ipc.classified);
    let shares: f64 = l.ipc.sections.iter().map(|s| s.share).sum();
    assert!((shares - 1.0).abs() < 1e-9);
    // The set is the baseline: every RTA is 1.
    assert!(l.ipc.classes.iter().all(|c| (c.rta.unwrap() - 1.0).abs() < 1e-9));
    assert!(!l.scope.single_window);
    assert_ne!(l.lifecycle.phase, Phase::Undetermined, "{:?}", l.lifecycle.reason);
    assert!(l.lifecycle.windows.is_some());
    // Demo filings end in 2024 and publications up to 580 days later: every year is complete.
    let last = l.scope.last_publication.unwrap();
    assert!(last.year() >= 2025);
    assert!(l.lifecycle.points.iter().all(|p| p.complete == (p.year < l.scope.incomplete_from.unwrap())));
}

fn report(kind: ReportKind, lang: ReportLang, edit: impl FnOnce(&mut Request)) -> String {
    let mut req = Request { kind, lang, region: None, ipc: vec![], applicant: None, years: None, query: None };
    edit(&mut req);
    let mut store = demo().store.lock().unwrap();
    html::render(&navigate(&mut *store, &req).unwrap())
}

#[test]
fn every_report_type_renders_in_both_languages() {
    let top = full_landscape().applicants[0].name.clone();
    for lang in [ReportLang::Zh, ReportLang::En] {
        let regional = report(ReportKind::Regional, lang, |r| r.region = Some("甘肃".into()));
        assert!(regional.contains(if lang == ReportLang::Zh { "合作网络" } else { "Collaboration" }));
        let industry = report(ReportKind::Industry, lang, |r| r.ipc = vec!["H01M".into()]);
        assert!(industry.contains("H01M"));
        let enterprise = report(ReportKind::Enterprise, lang, |r| r.applicant = Some(top.clone()));
        assert!(enterprise.contains(if lang == ReportLang::Zh { "竞争格局" } else { "Competitors" }));
        let rd = report(ReportKind::Rd, lang, |r| r.ipc = vec!["G06V".into()]);
        assert!(rd.contains(if lang == ReportLang::Zh { "技术生命周期" } else { "Technology life cycle" }));
        for page in [&regional, &industry, &enterprise, &rd] {
            assert!(page.contains("<svg") && !page.contains("<script"));
        }
    }
}
