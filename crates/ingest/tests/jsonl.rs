//! The generic JSONL import: the documented example round-trips through the model, the
//! fixture loads with its bad line reported, and other JSON-lines files are not claimed.

use silkport_ingest::{collect, detect_path, shared_data, Item, Position};
use silkport_model::{ClassScheme, EventKind, Lang, PartyRole, Right, RightKind, Status};
use std::io::Write;
use std::path::{Path, PathBuf};

fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> PathBuf {
    crate_dir().join("tests/data/jsonl/rights.jsonl")
}

/// The one-line examples in docs/jsonl-format.md (the same line may appear in both the
/// English and the Chinese section).
fn doc_lines(prefix: &str) -> Vec<String> {
    let doc = std::fs::read_to_string(crate_dir().join("../../docs/jsonl-format.md")).unwrap();
    doc.lines().filter(|l| l.starts_with(prefix)).map(str::to_string).collect()
}

#[test]
fn documented_example_round_trips_through_the_model() {
    let lines = doc_lines(r#"{"id":"CN103701956B""#);
    assert_eq!(lines.len(), 2, "the example appears in the English and the Chinese section");
    assert_eq!(lines[0], lines[1], "both sections show the same line");
    for prefix in [r#"{"id":"CN103701956B""#, r#"{"id":"EU-GI-PDO-CN-0628""#] {
        let line = &doc_lines(prefix)[0];
        let right: Right = serde_json::from_str(line).unwrap();
        let back = serde_json::to_value(&right).unwrap();
        let original: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(back, original, "{prefix}");
    }
    // The fixture's first and last lines are the documented examples.
    let fixture = std::fs::read_to_string(fixture()).unwrap();
    let fixture: Vec<&str> = fixture.lines().collect();
    assert_eq!(fixture[0], lines[0]);
    assert_eq!(fixture[2], doc_lines(r#"{"id":"EU-GI-PDO-CN-0628""#)[0]);
}

#[test]
fn example_matches_the_cnipa_record() {
    // Values checked by hand against cn_bibliographic_2017.tsv.gz (CN103701956B, B,
    // 20170315, CN201410005532.4, 20140106, H04L29/12;H04L12/24, main H04L29/12).
    let line = &doc_lines(r#"{"id":"CN103701956B""#)[0];
    let r: Right = serde_json::from_str(line).unwrap();
    assert_eq!(r.kind, RightKind::InventionPatent);
    assert_eq!(r.publication.as_ref().unwrap().to_string(), "CN103701956B");
    assert_eq!(r.application.as_ref().unwrap().to_string(), "CN201410005532.4");
    assert_eq!(r.dates.filing.unwrap().to_string(), "2014-01-06");
    assert_eq!(r.dates.publication.unwrap().to_string(), "2017-03-15");
    assert_eq!(r.title(), Some("一种OLT与ONU之间进行扩展通信的实现方法"));
    let applicant = r.parties_in(PartyRole::Applicant).next().unwrap();
    assert_eq!(applicant.name(), "广东东研网络科技股份有限公司");
    let address = applicant.address.as_ref().unwrap();
    assert_eq!(address.text.as_deref(), Some("广东省汕头市高新区科技中路6号创业大厦十二层"));
    assert_eq!(address.postcode.as_deref(), Some("515000"));
    // The region is what the model derives from the address, so a CNIPA parser's output
    // and this example agree.
    let derived = silkport_model::Address::chinese("广东省汕头市高新区科技中路6号创业大厦十二层", Some("515000"));
    assert_eq!(address, &derived);
    assert_eq!(r.parties_in(PartyRole::Inventor).next().unwrap().name(), "许银录");
    let ipc: Vec<(&str, bool)> = r.classifications.iter().map(|c| (c.symbol.as_str(), c.main)).collect();
    assert_eq!(ipc, [("H04L29/12", true), ("H04L12/24", false)]);
}

#[test]
fn fixture_loads_and_reports_the_bad_line() {
    let c = collect(&fixture()).unwrap();
    assert_eq!(c.rights().count(), 2);
    assert_eq!(c.errors.len(), 1);
    let e = &c.errors[0];
    assert_eq!(e.position, Position::Line(2));
    assert!(e.message.starts_with("field `dates.filing`: invalid date \"2014-13-06\""), "{}", e.message);

    let cn = c.right("CN103701956B");
    assert_eq!(cn.source.format, "jsonl");
    assert_eq!(cn.source.file.as_deref(), Some(fixture().display().to_string().as_str()));
    assert_eq!(cn.source.revision.as_deref(), Some("20170315"));
    assert_eq!(cn.events.len(), 1);
    assert_eq!(cn.events[0].kind, EventKind::Grant);
    assert_eq!(cn.events[0].key, "example:CN103701956B:grant");

    let gi = c.right("EU-GI-PDO-CN-0628");
    assert_eq!(gi.kind, RightKind::GeographicalIndication);
    assert_eq!(gi.status, Some(Status::Active));
    assert_eq!(gi.texts.title(Lang::ZH), Some("平谷大桃"));
    assert!(gi.publication.is_none());
}

/// Writes lines to a temporary `.jsonl` file.
fn temp_jsonl(lines: &[&str]) -> tempfile::TempPath {
    let mut f = tempfile::Builder::new().suffix(".jsonl").tempfile().unwrap();
    for l in lines {
        writeln!(f, "{l}").unwrap();
    }
    f.into_temp_path()
}

#[test]
fn import_normalises_ids_and_symbols() {
    let path = temp_jsonl(&[
        r#"{"id":"CN103701956B","kind":"invention_patent","office":"CN","classifications":[{"scheme":"ipc","symbol":"H04L 29/12 (2006.01)","main":true},{"scheme":"cpc","symbol":"h04l 12/24"}],"source":{"format":"mine","file":"elsewhere","revision":"2"}}"#,
    ]);
    let c = collect(&path).unwrap();
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    let r = c.right("CN103701956B");
    assert_eq!(r.publication.as_ref().unwrap().to_string(), "CN103701956B", "filled from the id");
    let syms: Vec<&str> = r.classifications.iter().map(|c| c.symbol.as_str()).collect();
    assert_eq!(syms, ["H04L29/12", "H04L12/24"]);
    assert_eq!(r.classifications[1].scheme, ClassScheme::Cpc);
    assert_eq!(r.source.format, "jsonl");
    assert_eq!(r.source.revision.as_deref(), Some("2"));
    assert_ne!(r.source.file.as_deref(), Some("elsewhere"));
}

#[test]
fn garbage_lines_are_errors_with_line_numbers_and_the_rest_loads() {
    let good =
        r#"{"id":"EU-GI-PDO-CN-0628","kind":"geographical_indication","office":"EU","source":{"format":"jsonl"}}"#;
    let path = temp_jsonl(&[
        good,
        r#"{"id":"EU-GI-X","kind":"geographical_indication","office":"EU","source":{"format":"jsonl"},"texts":{"titles":[{"lang":"zh"}]}}"#,
        r#"{"id":"EU-GI-Y","kind":"sausage","office":"EU","source":{"format":"jsonl"}}"#,
        r#"{"id":"EU-GI-Z","kind":"trademark","office":"EU","source":{"format":"jsonl"},"classifications":[{"scheme":"ipc","symbol":"Q99"}]}"#,
        r#"{"id":"EU-GI-W","kind":"trademark","office":"EU","source":{"form"#,
        "",
        "\u{1}\u{2} not json at all",
        r#"{"id":"EU-GI-V","kind":"trademark","office":"EU","events":[{"key":" ","kind":"grant"}],"source":{"format":"jsonl"}}"#,
        r#"["an array"]"#,
        good,
    ]);
    let c = collect(&path).unwrap();
    assert_eq!(c.rights().count(), 2);
    let lines: Vec<u64> = c
        .errors
        .iter()
        .map(|e| match e.position {
            Position::Line(n) => n,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(lines, [2, 3, 4, 5, 7, 8, 9]);
    let msg = |n: usize| c.errors[n].message.as_str();
    assert!(msg(0).starts_with("field `texts.titles[0]`: missing field `text`"), "{}", msg(0));
    assert!(msg(1).starts_with("field `kind`: unknown variant `sausage`"), "{}", msg(1));
    assert!(msg(2).starts_with("field `classifications[0].symbol`"), "{}", msg(2));
    assert!(msg(3).starts_with("not a JSON object"), "{}", msg(3));
    assert!(msg(5).starts_with("field `events[0].key`: empty"), "{}", msg(5));
    assert!(c.items.iter().all(|i| matches!(i, Item::Right(_))));
}

#[test]
fn other_json_lines_files_are_not_claimed() {
    for p in [
        "rights/uspto_assignment_api_sample/assignments.jsonl",
        "rights/uspto_peds_legal_events_sample/applications.jsonl",
        "rights/uspto_ptab_api_sample/proceedings.jsonl",
        "patents/cn_kppatent_zh_keyphrases/kppatent_train_abstract_keyphrases.jsonl",
    ] {
        let path = shared_data().join(p);
        let name = detect_path(&path).map(|f| f.name()).unwrap_or("none");
        assert_ne!(name, "jsonl", "{p}");
    }
    assert_eq!(detect_path(&fixture()).unwrap().name(), "jsonl");
}
