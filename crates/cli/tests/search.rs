//! End-to-end tests of `silkport search` and `silkport reindex` on real USPTO grants:
//! ingest indexes incrementally, reindex rebuilds the same index from the registry, the
//! JSON output has the documented shape, and malformed queries exit 2 with a position.

use std::path::Path;
use std::process::{Command, Output};

fn silkport(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_silkport")).arg("--data").arg(dir).args(args).output().expect("run silkport")
}

fn json(out: &Output) -> serde_json::Value {
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn grants() -> String {
    let p =
        silkport_ingest::shared_data().join("patents/us_uspto_xml/patentsview_db_fixtures/alchemy__ipg120103.xml.gz");
    p.to_str().unwrap().to_string()
}

#[test]
fn ingest_indexes_and_reindex_rebuilds() {
    let dir = tempfile::tempdir().unwrap();
    let out = silkport(dir.path(), &["search", "battery"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("silkport reindex"));

    json(&silkport(dir.path(), &["ingest", &grants(), "--json"]));
    let r = json(&silkport(dir.path(), &["search", "TI=battery AND IPC=H01M AND AB=electrochemical", "--json"]));
    assert_eq!(r["total"], 1);
    let hit = &r["hits"][0];
    assert_eq!(hit["id"], "US8088512B2");
    assert_eq!(hit["title"], "Self organizing battery structure method");
    assert_eq!(hit["lang"], "en");
    assert!(hit["score"].as_f64().unwrap() > 0.0);
    assert!(hit["snippet"].as_str().unwrap().starts_with("An <em>electrochemical</em> device includes"));
    assert_eq!(r["facets"]["ipc_subclass"][0]["key"], "H01M");
    assert_eq!(r["facets"]["ipc_subclass"][0]["count"], 1);

    let all = json(&silkport(dir.path(), &["search", "CC=US", "--json", "--limit", "100"]));
    assert_eq!(all["total"], 25);
    let page = json(&silkport(dir.path(), &["search", "CC=US", "--json", "--limit", "10", "--offset", "20"]));
    assert_eq!(page["hits"].as_array().unwrap().len(), 5);

    let re = json(&silkport(dir.path(), &["reindex", "--json"]));
    assert_eq!(re["indexed"], 25);
    let again = json(&silkport(dir.path(), &["search", "TI=battery AND IPC=H01M", "--json"]));
    assert_eq!(again["hits"][0]["id"], "US8088512B2");
}

#[test]
fn chinese_query_finds_english_documents_and_user_terms_apply_without_reindex() {
    let dir = tempfile::tempdir().unwrap();
    json(&silkport(dir.path(), &["ingest", &grants(), "--json"]));
    let r = json(&silkport(dir.path(), &["search", "电池 结构", "--json"]));
    assert_eq!(r["hits"][0]["id"], "US8088512B2");
    let none = json(&silkport(dir.path(), &["search", "电池 结构", "--no-translate", "--json"]));
    assert_eq!(none["total"], 0);

    // 自组织 is not in the shipped dictionary; a user file adds it at query time.
    let before = json(&silkport(dir.path(), &["search", "TI=自组织", "--json"]));
    assert_eq!(before["total"], 0);
    std::fs::create_dir_all(dir.path().join("search-terms")).unwrap();
    std::fs::write(dir.path().join("search-terms/mine.tsv"), "自组织\tself organizing\n").unwrap();
    let after = json(&silkport(dir.path(), &["search", "TI=自组织", "--json"]));
    assert_eq!(after["hits"][0]["id"], "US8088512B2");
}

#[test]
fn malformed_query_exits_2_with_the_position() {
    let dir = tempfile::tempdir().unwrap();
    json(&silkport(dir.path(), &["ingest", &grants(), "--json"]));
    let out = silkport(dir.path(), &["search", "battery AND (anode OR"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("invalid query at character 22: expected a word"), "{err}");
}

#[test]
fn english_query_finds_chinese_documents() {
    let dir = tempfile::tempdir().unwrap();
    let chem = silkport_ingest::shared_data().join("patents/cn_chem_patents_cnchemner/raw/valid__data_26.json.gz");
    json(&silkport(dir.path(), &["ingest", chem.to_str().unwrap(), "--json"]));
    // CN118387927B 铵钨青铜的制备方法 ("preparation method of ammonium tungsten bronze").
    let r = json(&silkport(dir.path(), &["search", "TI=tungsten", "--json"]));
    assert!(r["hits"].as_array().unwrap().iter().any(|h| h["id"] == "CN118387927B"), "{r}");
    let none = json(&silkport(dir.path(), &["search", "TI=tungsten", "--no-translate", "--json"]));
    assert_eq!(none["total"], 0);
}
