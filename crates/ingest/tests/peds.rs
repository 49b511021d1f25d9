//! The `peds` format on the real PEDS sample. Expected values were read off the raw CSV
//! and JSON lines by hand (grep, awk, Python's csv/json), not from this parser's output.

mod common;

use silkport_ingest::formats::peds::Peds;
use silkport_ingest::{
    collect, collect_from, detect_path, shared_data, Collected, Context, Item, Position, RecordError,
};
use silkport_model::{ClassScheme, EventKind, EventRecord, PartyRole, Status};
use std::collections::{BTreeMap, BTreeSet};

const DIR: &str = "rights/uspto_peds_legal_events_sample";

fn read(file: &str) -> Collected {
    let p = shared_data().join(DIR).join(file);
    assert_eq!(detect_path(&p).unwrap().name(), "peds", "{file}");
    let c = collect(&p).unwrap();
    assert!(c.errors.is_empty(), "{file}: {:?}", c.errors.iter().take(3).collect::<Vec<_>>());
    c
}

fn event<'a>(c: &'a Collected, key: &str) -> &'a EventRecord {
    c.events().find(|e| e.event.key == key).unwrap_or_else(|| panic!("no event {key}"))
}

/// (date, code, kind) of an application's events with the given codes, by date.
fn history(c: &Collected, appl: &str, codes: &[&str]) -> Vec<(String, String, EventKind)> {
    let prefix = format!("peds:{appl}:");
    let mut v: Vec<_> = c
        .events()
        .filter(|e| e.event.key.starts_with(&prefix))
        .filter(|e| codes.contains(&e.event.code.as_deref().unwrap()))
        .map(|e| (e.event.date.unwrap().to_string(), e.event.code.clone().unwrap(), e.event.kind))
        .collect();
    v.sort();
    v
}

/// Application 11075626, patent 7,693,725: granted 2010-04-06 (PGM/), 8th-year fee with
/// the 7.5-year late surcharge on 2017-11-02, 12th-year fee on 2021-06-16.
#[test]
fn maintenance_fee_payments() {
    let t = read("transactions.csv");
    let fees = history(&t, "11075626", &["PGM/", "M1551", "M1552", "M1553", "M1555"]);
    assert_eq!(
        fees,
        [
            ("2010-04-06".into(), "PGM/".into(), EventKind::Grant),
            ("2017-11-02".into(), "M1552".into(), EventKind::FeePaid),
            ("2017-11-02".into(), "M1555".into(), EventKind::FeePaid),
            ("2021-06-16".into(), "M1553".into(), EventKind::FeePaid),
        ]
    );
    let e = event(&t, "peds:11075626:2017-11-02:M1552:0");
    assert_eq!(e.event.description.as_deref(), Some("Payment of Maintenance Fee, 8th Year, Large Entity"));
    assert_eq!(e.event.authority.as_deref(), Some("US"));
    assert_eq!(e.publication.as_ref().unwrap().0, "US7693725");
    assert_eq!(e.application.as_deref(), Some("US11075626"));
    assert_eq!(t.events().filter(|e| e.event.key.starts_with("peds:11075626:")).count(), 75);

    let apps = read("applications.jsonl");
    let r = apps.right("US7693725");
    assert_eq!(r.title(), Some("METHOD AND SYSTEM FOR GREENHOUSE GAS EMISSIONS PERFORMANCE ASSESSMENT AND ALLOCATION"));
    assert_eq!(r.status, Some(Status::Active));
    assert_eq!(r.dates.filing.unwrap().to_string(), "2005-03-08");
    assert_eq!(r.dates.grant.unwrap().to_string(), "2010-04-06");
    assert_eq!(r.parties_in(PartyRole::Examiner).next().unwrap().name(), "KELLEY, HEIDI RIVIERE");
    assert_eq!(r.classifications[0].scheme, ClassScheme::Uspc);
    assert_eq!(r.classifications[0].symbol, "705/001000");
    assert!(r.source.stub);
}

/// Application 13628688, patent 8,967,868 ("THREADED BEARING RETAINER"): 4th-year fee paid
/// 2018-08-21, reminder 2022-10-24, expired for non-payment 2023-04-10.
#[test]
fn expired_for_non_payment_is_lapsed() {
    let t = read("transactions.csv");
    assert_eq!(
        history(&t, "13628688", &["M1551", "M1552", "REM.", "EXP."]),
        [
            ("2018-08-21".into(), "M1551".into(), EventKind::FeePaid),
            ("2022-10-24".into(), "REM.".into(), EventKind::FeeReminder),
            ("2023-04-10".into(), "EXP.".into(), EventKind::Lapse),
        ]
    );
    let apps = read("applications.jsonl");
    let r = apps.right("US8967868");
    assert_eq!(r.status, Some(Status::Lapsed));
    assert_eq!(r.title(), Some("THREADED BEARING RETAINER"));
    assert_eq!(r.dates.filing.unwrap().to_string(), "2012-09-27");
    assert_eq!(r.dates.grant.unwrap().to_string(), "2015-03-03");
    assert_eq!(r.source.revision.as_deref(), Some("20230410"));
    assert_eq!(r.attributes["early_publication"], "US20140086518A1");
    let inventor = r.parties_in(PartyRole::Inventor).next().unwrap();
    assert_eq!(inventor.name(), "Wright, Brian C.");
    let address = inventor.address.as_ref().unwrap();
    assert_eq!((address.city.as_deref(), address.state.as_deref()), (Some("Decatur"), Some("IL")));
    assert_eq!(address.country.as_deref(), Some("US"));
    assert_eq!(r.parties_in(PartyRole::Applicant).map(|p| p.name()).collect::<Vec<_>>(), ["Caterpillar Inc."]);

    // Its one assignment, from the application document and from assignments.csv alike.
    let key = "uspto-assignment:029038/0344:US-APP-13628688";
    let a = event(&apps, key);
    assert_eq!(a.event.kind, EventKind::Transfer);
    assert_eq!(a.event.date.unwrap().to_string(), "2012-09-27");
    assert_eq!(a.event.description.as_deref(), Some("executed 2012-09-26"));
    let assignee = a.event.parties.iter().find(|p| p.role == PartyRole::Assignee).unwrap();
    assert_eq!(assignee.name(), "CATERPILLAR INC.");
    assert_eq!(
        assignee.address.as_ref().unwrap().text.as_deref(),
        Some("100 NORTH EAST ADAMS, PEORIA, 61629, ILLINOIS")
    );
    let csv = read("assignments.csv");
    assert_eq!(event(&csv, key).event.date, a.event.date);

    // The 18 applications PEDS reports as expired for non-payment are all lapsed.
    let lapsed = apps.rights().filter(|r| r.status == Some(Status::Lapsed)).count();
    assert_eq!(lapsed, 18);
}

/// Application 10353688, patent 7,638,117: lapsed 2014-01-24, late payment petitioned and
/// granted 2014-05-29, 12th-year fee 2021-06-28; status "Patented Case".
#[test]
fn lapse_and_restoration() {
    let t = read("maintenance_and_expiry_events.csv");
    assert_eq!(
        history(&t, "10353688", &["EXP.", "PMFP", "PMFG", "MPMFG", "M1553"]),
        [
            ("2014-01-24".into(), "EXP.".into(), EventKind::Lapse),
            ("2014-05-29".into(), "MPMFG".into(), EventKind::Other),
            ("2014-05-29".into(), "PMFG".into(), EventKind::Restoration),
            ("2014-05-29".into(), "PMFP".into(), EventKind::Other),
            ("2021-06-28".into(), "M1553".into(), EventKind::FeePaid),
        ]
    );
    assert_eq!(read("applications.csv").right("US7638117").status, Some(Status::Active));
}

#[test]
fn maintenance_file_keys_equal_transaction_keys() {
    let t = read("transactions.csv");
    let m = read("maintenance_and_expiry_events.csv");
    assert_eq!(t.events().count(), 18_844);
    assert_eq!(m.events().count(), 234);
    let by_key: BTreeMap<&str, &EventRecord> = t.events().map(|e| (e.event.key.as_str(), e)).collect();
    assert_eq!(by_key.len(), 18_844, "every transaction row has its own key");
    for e in m.events() {
        assert_eq!(by_key.get(e.event.key.as_str()), Some(&e), "{}", e.event.key);
    }
    // 09044559 has "C.ADB" twice on 2005-03-07: two events, told apart by their index.
    event(&t, "peds:09044559:2005-03-07:C.ADB:0");
    event(&t, "peds:09044559:2005-03-07:C.ADB:1");
    // Parsing again gives the same events.
    assert_eq!(read("transactions.csv").items, t.items);

    // Kinds, counted by code in transaction_codes.csv: fees M1551 75, M1552 75, M1553 22,
    // M2553 7, M2552 4, M1555, M1559, M2551, M2556, M2558 1 each; EXP. 21; REM. 15;
    // PMFG 3 + PREV 11 + NRAB 9; PGM/ 169.
    let count = |k| t.events().filter(|e| e.event.kind == k).count();
    assert_eq!(count(EventKind::FeePaid), 188);
    assert_eq!(count(EventKind::Lapse), 21);
    assert_eq!(count(EventKind::FeeReminder), 15);
    assert_eq!(count(EventKind::Restoration), 23);
    assert_eq!(count(EventKind::Grant), 169);
}

/// 274 applications in both renderings with the same ids; statuses: 156 "Patented Case",
/// 26 abandoned, 18 expired for non-payment, the PCT file none, 73 pending.
#[test]
fn applications_csv_and_jsonl_agree() {
    let csv = read("applications.csv");
    let jsonl = read("applications.jsonl");
    let ids = |c: &Collected| c.rights().map(|r| r.id.to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&csv).len(), 274);
    assert_eq!(ids(&csv), ids(&jsonl));
    let statuses = jsonl.rights().fold(BTreeMap::new(), |mut m, r| {
        *m.entry(r.status).or_insert(0) += 1;
        m
    });
    assert_eq!(
        statuses,
        BTreeMap::from([
            (None, 1),
            (Some(Status::Pending), 73),
            (Some(Status::Active), 156),
            (Some(Status::Lapsed), 18),
            (Some(Status::Withdrawn), 26),
        ])
    );
    // Not granted: the application itself. 17460877 awaits its issue.
    let r = jsonl.right("US-APP-17460877");
    assert_eq!(r.status, Some(Status::Pending));
    assert_eq!(r.title(), Some("MEDIA CONTENT MANAGEMENT FOR A FIXED ORIENTATION DISPLAY"));
    assert_eq!(r.dates.publication.unwrap().to_string(), "2021-12-16");
    // The PCT application PCT/US14/20588.
    let r = jsonl.right("US-APP-PCTUS1420588");
    assert_eq!(r.office, "WO");
    assert_eq!(r.application.as_ref().unwrap().key(), "WOPCTUS1420588");
    let t = read("transactions.csv");
    let e = t.events().find(|e| e.event.key.starts_with("peds:PCT/US14/20588:")).unwrap();
    assert_eq!(e.application.as_deref(), Some("WOPCTUS1420588"));
}

/// assignments.csv: 716 rows, 711 distinct (5 rows of 068233/0375 are repeated verbatim),
/// over 525 conveyances: 62 security interests (114 rows) and 40 releases (49 rows).
#[test]
fn assignments_match_the_application_documents() {
    let csv = read("assignments.csv");
    let jsonl = read("applications.jsonl");
    let keys = |c: &Collected| c.events().map(|e| e.event.key.clone()).collect::<BTreeSet<_>>();
    assert_eq!(csv.events().count(), 716);
    assert_eq!(keys(&csv).len(), 711);
    assert_eq!(keys(&csv), keys(&jsonl));
    let mut kinds: BTreeMap<String, EventKind> = BTreeMap::new();
    for e in csv.events() {
        kinds.insert(e.event.reference.clone().unwrap(), e.event.kind);
    }
    assert_eq!(kinds.len(), 525);
    assert_eq!(kinds.values().filter(|&&k| k == EventKind::Pledge).count(), 62);
    assert_eq!(kinds.values().filter(|&&k| k == EventKind::Release).count(), 40);
}

#[test]
fn transaction_codes_as_reference_rows() {
    let c = read("transaction_codes.csv");
    assert_eq!(c.references().count(), 370);
    let m = c.references().find(|r| r.key == "US:M1551").unwrap();
    assert_eq!(m.table, "legal_event_code");
    assert_eq!(m.fields["description"], "Payment of Maintenance Fee, 4th Year, Large Entity");
    assert_eq!(m.fields["kind"], "fee_paid");
    assert_eq!(m.fields["count"], "75");
}

fn parse(bytes: &[u8]) -> (Vec<Item>, Vec<RecordError>) {
    let c = collect_from(&Peds, &mut &bytes[..], &Context { file: "test".into() }).unwrap();
    (c.items, c.errors)
}

#[test]
fn bad_rows_are_record_errors_with_lines() {
    let csv = "appl_id,patent_number,recorded_date,code,description\n\
               13628688,8967868,2023-04-10,EXP.,Expire Patent\n\
               13628688,8967868,2023-02-30,REM.,Maintenance Fee Reminder Mailed\n\
               13628688,8967868\n\
               13628688,8967868,2018-08-21,M1551,\"Payment of Maintenance Fee, 4th Year, Large Entity\"\n";
    let (items, errors) = parse(csv.as_bytes());
    assert_eq!(items.len(), 2);
    assert_eq!(errors.iter().map(|e| e.position).collect::<Vec<_>>(), [Position::Line(3), Position::Line(4)]);
    assert!(errors[0].message.contains("2023-02-30"));

    let line = std::fs::read_to_string(shared_data().join(DIR).join("applications.jsonl")).unwrap();
    let first = line.lines().next().unwrap();
    let input = format!("{first}\n{}\n{first}\n", &first[..first.len() / 2]);
    let (items, errors) = parse(input.as_bytes());
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].position, Position::Line(2));
    assert_eq!(items.iter().filter(|i| matches!(i, Item::Right(_))).count(), 2);
}

/// Of every file under the shared data, PEDS claims exactly the six data files of its
/// sample (not its SOURCE.md, nor PTAB, INPADOC, GI or Nice tables).
#[test]
fn claims_only_peds_files() {
    let claimed = common::claimed_by(&Peds);
    let want: Vec<String> = [
        "applications.csv",
        "applications.jsonl",
        "assignments.csv",
        "maintenance_and_expiry_events.csv",
        "transaction_codes.csv",
        "transactions.csv",
    ]
    .iter()
    .map(|f| format!("{DIR}/{f}"))
    .collect();
    assert_eq!(claimed, want);
}
