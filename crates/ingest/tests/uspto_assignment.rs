//! The `uspto-assignment` format on the real USPTO assignment files. Every expected value
//! was read off the raw files by hand (zcat/grep, and Python's ElementTree/json over the raw
//! XML and JSON), not from this parser's output.

mod common;

use silkport_ingest::formats::uspto_assignment::UsptoAssignment;
use silkport_ingest::{collect, detect_path, shared_data, Collected, Context, Format, Item, Position, RecordError};
use silkport_model::{EventKind, EventRecord, PartyRole, RightKind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

const SOLR: &str = "patents/us_assignments_ip_transfer/raw_xml_solr";
const ODP: &str = "patents/us_assignments_ip_transfer/raw_json_odp";
const SAMPLE: &str = "rights/uspto_assignment_api_sample";

fn path(rel: &str) -> PathBuf {
    shared_data().join(rel)
}

fn read(rel: &str) -> Collected {
    let p = path(rel);
    assert_eq!(detect_path(&p).unwrap().name(), "uspto-assignment", "{rel}");
    let c = collect(&p).unwrap();
    assert!(c.errors.is_empty(), "{rel}: {:?}", c.errors.iter().take(3).collect::<Vec<_>>());
    c
}

fn files(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(path(dir))
        .unwrap()
        .map(|e| format!("{dir}/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    v.sort();
    v
}

fn at<'a>(c: &'a Collected, reference: &str) -> Vec<&'a EventRecord> {
    c.events().filter(|e| e.event.reference.as_deref() == Some(reference)).collect()
}

fn event<'a>(c: &'a Collected, key: &str) -> &'a EventRecord {
    c.events().find(|e| e.event.key == key).unwrap_or_else(|| panic!("no event {key}"))
}

fn names(e: &EventRecord, role: PartyRole) -> Vec<&str> {
    e.event.parties.iter().filter(|p| p.role == role).map(|p| p.name()).collect()
}

fn property_ids(events: &[&EventRecord]) -> BTreeSet<String> {
    events.iter().map(|e| e.event.key.rsplit(':').next().unwrap().to_string()).collect()
}

/// Reel/frame 048811/0679 in `assignments.md__0.xml.gz`: its `<arr name="applNum">` holds
/// 833 entries (patNumSize 833, as the manifest says) but only 817 distinct applications:
/// 15 national-stage applications appear twice, once with their PCT number (e.g. 16091845
/// with pctNum US2017026816), and design application 35001042 twice, once with its Hague
/// registration DM/088610. One event per application, so 817.
#[test]
fn entegris_security_interest_pledges_817_applications_to_goldman_sachs() {
    let c = read(&format!("{SOLR}/assignments.md__0.xml.gz"));
    let pledge = at(&c, "048811/0679");
    assert_eq!(pledge.len(), 817);
    assert_eq!(property_ids(&pledge).len(), 817);
    for e in &pledge {
        assert_eq!(e.event.kind, EventKind::Pledge);
        assert_eq!(e.event.date.unwrap().to_string(), "2018-11-13");
        assert_eq!(e.event.code.as_deref(), Some("SECURITY INTEREST (SEE DOCUMENT FOR DETAILS)."));
        assert_eq!(e.event.authority.as_deref(), Some("US"));
        assert_eq!(e.event.description.as_deref(), Some("executed 2018-11-06"));
        assert_eq!(names(e, PartyRole::Pledgor), ["ENTEGRIS, INC.", "SAES PURE GAS, INC."]);
        assert_eq!(names(e, PartyRole::Pledgee), ["GOLDMAN SACHS BANK USA"]);
        assert!(e.event.key.starts_with("uspto-assignment:048811/0679:US-APP-"));
    }
    let goldman = pledge[0].event.parties.iter().find(|p| p.role == PartyRole::Pledgee).unwrap();
    let address = goldman.address.as_ref().unwrap();
    assert_eq!(address.text.as_deref(), Some("200 WEST STREET, NEW YORK, NEW YORK, 10282"));
    assert_eq!(address.postcode.as_deref(), Some("10282"));
    // 765 of the 817 applications have issued (patNum not NULL in some row), 52 are
    // published applications only.
    let patents = pledge.iter().filter(|e| e.publication.as_ref().is_some_and(|p| p.0.len() < 12)).count();
    assert_eq!(patents, 765);
    assert_eq!(pledge.iter().filter(|e| e.publication.is_none()).count(), 0);

    // Application 12520138 is listed as patent 8778210 and again, with PCT US0788643 and
    // patNum NULL: one event, naming the patent.
    let e = event(&c, "uspto-assignment:048811/0679:US-APP-12520138");
    assert_eq!(e.publication.as_ref().unwrap().0, "US8778210");
    assert_eq!(e.application.as_deref(), Some("US12520138"));

    // Its later assignment to Morgan Stanley (reel/frame 050965/0035) covers the same
    // applications; the secured party hands the interest on.
    let moved = at(&c, "050965/0035");
    assert_eq!(property_ids(&moved), property_ids(&pledge));
    let m = moved[0];
    assert_eq!(m.event.kind, EventKind::Pledge);
    assert_eq!(m.event.date.unwrap().to_string(), "2019-11-05");
    assert_eq!(
        m.event.code.as_deref(),
        Some("ASSIGNMENT OF PATENT SECURITY INTEREST RECORDED AT REEL/FRAME 048811/0679")
    );
    assert_eq!(names(m, PartyRole::Assignor), ["GOLDMAN SACHS BANK USA"]);
    assert_eq!(names(m, PartyRole::Pledgee), ["MORGAN STANLEY SENIOR FUNDING, INC."]);

    // The design: application 35001042, patent D811183, "WRENCH", filed 2015-06-30,
    // issued 2018-02-27.
    let d = event(&c, "uspto-assignment:048811/0679:US-APP-35001042");
    assert_eq!(d.publication.as_ref().unwrap().0, "USD811183");
    let stub = c.right("USD811183");
    assert_eq!(stub.kind, RightKind::Design);
    assert_eq!(stub.title(), Some("WRENCH"));
    assert_eq!(stub.dates.filing.unwrap().to_string(), "2015-06-30");
    assert_eq!(stub.dates.grant.unwrap().to_string(), "2018-02-27");
    assert!(stub.source.stub);
    assert_eq!(stub.source.format, "uspto-assignment");

    // The file's four conveyances: 1099 + 817 + 817 + 367 distinct applications.
    let per_conveyance: BTreeMap<&str, usize> = c.events().fold(BTreeMap::new(), |mut m, e| {
        *m.entry(e.event.reference.as_deref().unwrap()).or_default() += 1;
        m
    });
    assert_eq!(
        per_conveyance,
        BTreeMap::from([("034894/0025", 367), ("048811/0679", 817), ("050965/0035", 817), ("060613/0072", 1099)])
    );
}

/// U.S. Well Services pledged 44 applications to Bank of America (049111/0583, recorded
/// 2019-05-08) and the bank released them (061875/0260, recorded 2022-11-02).
#[test]
fn security_interest_and_its_release() {
    let c = read(&format!("{SOLR}/TestAssignment.test_fetch_assignments_by_patent__1.xml.gz"));
    let pledge = at(&c, "049111/0583");
    let release = at(&c, "061875/0260");
    assert_eq!(pledge.len(), 44);
    assert_eq!(property_ids(&pledge), property_ids(&release));
    let p = event(&c, "uspto-assignment:049111/0583:US-APP-15644487");
    assert_eq!(p.event.kind, EventKind::Pledge);
    assert_eq!(p.event.date.unwrap().to_string(), "2019-05-08");
    assert_eq!(names(p, PartyRole::Pledgor), ["U.S. WELL SERVICES, LLC"]);
    assert_eq!(names(p, PartyRole::Pledgee), ["BANK OF AMERICA, N.A., AS ADMINISTRATIVE AGENT"]);
    assert_eq!(p.publication.as_ref().unwrap().0, "US10280724");
    let r = event(&c, "uspto-assignment:061875/0260:US-APP-15644487");
    assert_eq!(r.event.kind, EventKind::Release);
    assert_eq!(r.event.date.unwrap().to_string(), "2022-11-02");
    assert_eq!(r.event.code.as_deref(), Some("RELEASE OF SECURITY INTEREST AT REEL/FRAME NO. 49111/0583"));
    assert_eq!(names(r, PartyRole::Pledgee), ["BANK OF AMERICA, N.A."]);
    assert_eq!(names(r, PartyRole::Pledgor), ["U.S. WELL SERVICES, LLC"]);
    // 15356436 had not issued when the API answered: no patent, no publication key.
    let pending = event(&c, "uspto-assignment:061875/0260:US-APP-15356436");
    assert_eq!(pending.application.as_deref(), Some("US15356436"));
}

/// Reel/frame 018247/0405: a nunc pro tunc assignment of five properties.
#[test]
fn simple_assignment_with_its_stubs() {
    let c = read(&format!("{SOLR}/TestAssignment.test_get_assignment__0.xml"));
    assert_eq!(c.events().count(), 5);
    let e = event(&c, "uspto-assignment:018247/0405:US-APP-10628795");
    assert_eq!(e.event.kind, EventKind::Transfer);
    assert_eq!(e.event.date.unwrap().to_string(), "2006-09-14");
    assert_eq!(e.event.code.as_deref(), Some("NUNC PRO TUNC ASSIGNMENT (SEE DOCUMENT FOR DETAILS)."));
    assert_eq!(e.event.reference.as_deref(), Some("018247/0405"));
    assert_eq!(names(e, PartyRole::Assignor), ["REALTIME DATA COMPRESSION SYSTEMS, INC."]);
    assert_eq!(names(e, PartyRole::Assignee), ["REALTIME DATA LLC"]);
    let assignee = e.event.parties.iter().find(|p| p.role == PartyRole::Assignee).unwrap();
    let address = assignee.address.as_ref().unwrap();
    assert_eq!(address.text.as_deref(), Some("15 WEST 36TH STREET, NEW YORK, NEW YORK, 10018"));
    assert_eq!(address.city.as_deref(), Some("NEW YORK"));
    assert_eq!(e.publication.as_ref().unwrap().0, "US7130913");
    assert_eq!(e.application.as_deref(), Some("US10628795"));

    let r = c.right("US7130913");
    assert_eq!(r.title(), Some("SYSTEM AND METHODS FOR ACCELERATED DATA STORAGE AND RETRIEVAL"));
    assert_eq!(r.application.as_ref().unwrap().to_string(), "US10628795");
    assert_eq!(r.dates.filing.unwrap().to_string(), "2003-07-28");
    assert_eq!(r.dates.grant.unwrap().to_string(), "2006-10-31");
    assert_eq!(r.kind, RightKind::InventionPatent);
    assert_eq!(r.source.revision.as_deref(), Some("20060914"));
    assert!(r.source.stub);
    let r = c.right("US6309424");
    assert_eq!(r.title(), Some("Content independent data compression method and system"));
    assert_eq!(r.application.as_ref().unwrap().to_string(), "US09705446");
    assert_eq!(r.dates.grant.unwrap().to_string(), "2001-10-30");
}

/// The ODP answer for patent 10000000: reel/frame 35130/327, executed 03/06/2015 (month
/// first), no recording date in this API.
#[test]
fn odp_json_record() {
    let c = read(&format!("{ODP}/tests_uspto_assignments_test_client_py_TestSearchLive_test_search_by_patent__0.json"));
    let e = event(&c, "uspto-assignment:035130/0327:US-APP-14643719");
    assert_eq!(e.event.kind, EventKind::Transfer);
    assert_eq!(e.event.date.unwrap().to_string(), "2015-03-06");
    assert!(e.event.description.as_deref().unwrap().contains("no recording date"));
    assert_eq!(e.event.code.as_deref(), Some("ASSIGNMENT OF ASSIGNOR'S INTEREST"));
    assert_eq!(names(e, PartyRole::Assignor), ["MARRON, JOSEPH"]);
    assert_eq!(names(e, PartyRole::Assignee), ["RAYTHEON COMPANY"]);
    assert_eq!(e.publication.as_ref().unwrap().0, "US10000000");
    let r = c.right("US10000000");
    assert_eq!(r.title(), Some("COHERENT LADAR USING INTRA-PIXEL QUADRATURE DETECTION"));
    assert_eq!(r.dates.filing.unwrap().to_string(), "2015-03-10");
    assert_eq!(r.dates.grant.unwrap().to_string(), "2018-06-19");

    // The same conveyance of the same application in PEDS has the same key.
    let peds = collect(&path("rights/uspto_peds_legal_events_sample/assignments.csv")).unwrap();
    let p = event(&peds, "uspto-assignment:035130/0327:US-APP-14643719");
    assert_eq!(p.event.date.unwrap().to_string(), "2015-03-10");

    // One record per conveyance and property: 1000 records, 1000 events.
    let big = read(&format!(
        "{ODP}/tests_uspto_assignments_test_client_py_TestSearchLive_test_search_with_executed_between__0.json.gz"
    ));
    assert_eq!(big.events().count(), 1000);
}

/// All raw files together: the manifest's 3,354 distinct reel/frames; 7,357 distinct
/// conveyance × property keys (counted with Python over the raw XML and JSON, a property
/// named by application, else patent, publication, PCT or Hague number).
#[test]
fn raw_files_together_count_once() {
    let mut conveyances: BTreeMap<String, EventKind> = BTreeMap::new();
    let mut keys = BTreeSet::new();
    let mut events = 0;
    for f in files(SOLR).into_iter().chain(files(ODP)) {
        let c = read(&f);
        for e in c.events() {
            events += 1;
            keys.insert(e.event.key.clone());
            conveyances.insert(e.event.reference.clone().unwrap(), e.event.kind);
        }
    }
    assert_eq!(conveyances.len(), 3354);
    assert_eq!(keys.len(), 7357);
    assert!(events > keys.len(), "the files overlap, and keys fold the repeats");
    let count = |k| conveyances.values().filter(|&&v| v == k).count();
    // Texts naming SECURITY or LIEN without RELEASE/TERMINATION or a correction: 18;
    // releases and terminations: 7.
    assert_eq!(count(EventKind::Pledge), 18);
    assert_eq!(count(EventKind::Release), 7);
}

/// The normalized sample: 85 conveyances, 4,138 property rows of which 32 repeat an
/// application (the two Entegris pledges, 16 each), so 4,106 events; its CSV renderings
/// give the same keys, and the raw XML the same keys for the conveyances both hold.
#[test]
fn sample_shapes_agree_on_keys() {
    let jsonl = read(&format!("{SAMPLE}/assignments.jsonl"));
    let csv = read(&format!("{SAMPLE}/assignments.csv"));
    let props = read(&format!("{SAMPLE}/assignment_properties.csv"));
    let keys = |c: &Collected| c.events().map(|e| e.event.key.clone()).collect::<BTreeSet<_>>();
    let refs: BTreeSet<_> = jsonl.events().map(|e| e.event.reference.clone().unwrap()).collect();
    assert_eq!(refs.len(), 85);
    assert_eq!(jsonl.events().count(), 4106);
    assert_eq!(keys(&jsonl), keys(&csv));
    let stub_ids = |c: &Collected| c.rights().map(|r| r.id.to_string()).collect::<Vec<_>>();
    assert_eq!(stub_ids(&props), stub_ids(&jsonl));
    let xml = read(&format!("{SOLR}/assignments.md__0.xml.gz"));
    let xml_keys = keys(&xml);
    let shared: BTreeSet<_> = keys(&jsonl).into_iter().filter(|k| k.contains(":048811/0679:")).collect();
    assert_eq!(shared.len(), 817);
    assert!(shared.is_subset(&xml_keys));
    // Same conveyance from XML and JSON lines: the same event.
    let k = "uspto-assignment:048811/0679:US-APP-12520138";
    assert_eq!(event(&jsonl, k), event(&xml, k));
}

#[test]
fn parsing_twice_gives_identical_items() {
    let f = format!(
        "{ODP}/tests_uspto_assignments_test_client_py_TestSearchLive_test_search_by_assignee_contains__0.json.gz"
    );
    assert_eq!(read(&f).items, read(&f).items);
    let f = format!("{SOLR}/TestAssignment.test_fetch_assignments_by_application__0.xml.gz");
    assert_eq!(read(&f).items, read(&f).items);
}

/// What the parser yields for `bytes`, kept even when it then fails.
fn parse(bytes: &[u8]) -> (Vec<Item>, Vec<RecordError>, Result<(), String>) {
    let mut out = Collected::default();
    let result = UsptoAssignment.parse(&mut &bytes[..], &Context { file: "test".into() }, &mut |r| {
        out.push(r);
        Ok(())
    });
    (out.items, out.errors, result.map_err(|e| e.to_string()))
}

fn doc(reel: &str, appl: &str) -> String {
    format!(
        "  <doc>\n    <str name=\"reelNo\">{reel}</str>\n    <str name=\"frameNo\">5</str>\n    \
         <date name=\"recordedDate\">2006-09-14T04:00:00Z</date>\n    \
         <str name=\"conveyanceText\">ASSIGNMENT OF ASSIGNORS INTEREST</str>\n    \
         <arr name=\"applNum\">\n      <str>{appl}</str>\n    </arr>\n  </doc>\n"
    )
}

#[test]
fn damaged_solr_docs_are_record_errors_with_lines() {
    let xml = format!(
        "<?xml version=\"1.0\"?>\n<response>\n<result>\n{}{}{}{}",
        doc("100", "12345678"),
        doc("x", "12345678"),
        doc("200", "87654321"),
        "  <doc>\n    <str name=\"reelNo\">300</str>\n    <str name=\"frame"
    );
    let (items, errors, result) = parse(xml.as_bytes());
    assert_eq!(result, Ok(()));
    let keys: Vec<_> =
        items.iter().filter_map(|i| if let Item::Event(e) = i { Some(e.event.key.as_str()) } else { None }).collect();
    assert_eq!(keys, ["uspto-assignment:000100/0005:US-APP-12345678", "uspto-assignment:000200/0005:US-APP-87654321"]);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].position, Position::Line(13));
    assert!(errors[0].message.contains("reelNo"));
    assert_eq!(errors[1].position, Position::Line(31));
    assert!(errors[1].message.contains("cut off"));
}

#[test]
fn cut_odp_json_keeps_what_came_before() {
    let full = std::fs::read_to_string(path(&format!(
        "{ODP}/tests_uspto_assignments_test_client_py_TestSearchLive_test_search_by_application__0.json"
    )))
    .unwrap();
    // Cut inside the third record; break the second record's reel number.
    let cut = &full[..full.find("\"reelNumber\": 47386").unwrap() + 40];
    let cut = cut.replacen("\"reelNumber\": 55132", "\"reelNumber\": \"x\"", 1);
    let (items, errors, result) = parse(cut.as_bytes());
    assert_eq!(result, Ok(()));
    assert_eq!(items.iter().filter(|i| matches!(i, Item::Event(_))).count(), 1);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].position, Position::Record(2));
    assert!(matches!(errors[1].position, Position::Line(_)));
    // Not JSON at all: the file is refused as a whole.
    let (_, _, result) = parse(b"{\"successResponse\": [1, 2");
    assert!(result.is_err());
}

#[test]
fn bad_jsonl_and_csv_rows_are_skipped_with_positions() {
    let line = std::fs::read_to_string(path(&format!("{SAMPLE}/assignments.jsonl"))).unwrap();
    let first = line.lines().next().unwrap();
    let input = format!("{first}\n{{\"reelNo\": \"garbage\n{first}\n");
    let (items, errors, result) = parse(input.as_bytes());
    assert_eq!(result, Ok(()));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].position, Position::Line(2));
    assert_eq!(items.iter().filter(|i| matches!(i, Item::Event(_))).count(), 2);

    let csv = "reel_frame,reel_no,frame_no,recorded_date,conveyance_text,conveyance_class,earliest_execution_date,\
               assignors,assignees,assignee_countries,n_properties,patent_numbers,application_numbers,page_count,correspondent\n\
               015953-0969,15953,969,2004-11-08,ASSIGNMENT,assignment,2004-10-28,A,B,NULL,1,6095661,09044559,2,C\n\
               015953-0970,abc,970,2004-11-08,ASSIGNMENT,assignment,2004-10-28,A,B,NULL,1,6095661,09044559,2,C\n\
               015953-0971,15953\n";
    let (items, errors, result) = parse(csv.as_bytes());
    assert_eq!(result, Ok(()));
    assert_eq!(items.len(), 1);
    assert_eq!(errors.iter().map(|e| e.position).collect::<Vec<_>>(), [Position::Line(3), Position::Line(4)]);
}

/// Of every file under the shared data, the format claims exactly the raw Solr and ODP
/// files and the sample's three data files (not PEDS, PTAB, INPADOC, GI or Nice files).
#[test]
fn claims_only_assignment_files() {
    let claimed = common::claimed_by(&UsptoAssignment);
    let mut want: Vec<String> = files(SOLR).into_iter().chain(files(ODP)).collect();
    want.extend(["assignment_properties.csv", "assignments.csv", "assignments.jsonl"].map(|f| format!("{SAMPLE}/{f}")));
    want.sort();
    assert_eq!(claimed, want);
}

#[test]
fn consumer_stop_ends_the_parse() {
    for f in [
        format!("{ODP}/tests_uspto_assignments_test_client_py_TestSearchLive_test_search_by_application__0.json"),
        format!("{SOLR}/TestAssignment.test_get_assignment__0.xml"),
        format!("{SAMPLE}/assignments.jsonl"),
        format!("{SAMPLE}/assignments.csv"),
    ] {
        let mut input = silkport_ingest::open(&path(&f)).unwrap();
        let ctx = Context { file: f.clone() };
        let mut seen = 0;
        let result = UsptoAssignment.parse(&mut input, &ctx, &mut |_| {
            seen += 1;
            Err(silkport_ingest::Stop)
        });
        assert!(matches!(result, Err(silkport_ingest::IngestError::Stopped)), "{f}: {result:?}");
        assert_eq!(seen, 1, "{f}");
    }
}
