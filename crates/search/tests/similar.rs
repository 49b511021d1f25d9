//! More like this on real documents: the USPTO v4 grants of `patentsview_db_fixtures` and
//! the EPO OPS bibliographic records. Expected ids were checked in the source files:
//! USD651381S1 (xml__2012_7.xml) is a continuation of USD631644S1 (xml__2011_9.xml), both
//! "Overshoe for athletic shoes"; US9291047B2 "Attitude reference for tieback/overlap
//! processing" is in INPADOC family 50474376 with US10047600B2, CA2887530A1, CN104968889A…
//! (the OPS fixtures' family-id attributes).

use silkport_model::Right;
use silkport_search::similar::{SimilarResults, SimilarSource};
use silkport_search::{Dictionary, RightSink, SearchIndex};
use std::sync::OnceLock;

fn corpus() -> &'static (SearchIndex, Vec<Right>) {
    static INDEX: OnceLock<(SearchIndex, Vec<Right>)> = OnceLock::new();
    INDEX.get_or_init(|| {
        let patents = silkport_ingest::shared_data().join("patents");
        let index = SearchIndex::in_ram().unwrap();
        let mut w = index.writer().unwrap();
        let mut all = Vec::new();
        for dir in ["us_uspto_xml/patentsview_db_fixtures", "epo_ops_exchange_xml/fixtures"] {
            let mut files: Vec<_> = std::fs::read_dir(patents.join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
            files.sort();
            for f in files {
                let Ok(c) = silkport_ingest::collect(&f) else { continue };
                let rights: Vec<Right> = c.rights().filter(|r| !r.source.stub).cloned().collect();
                w.put(&rights).unwrap();
                all.extend(rights);
            }
        }
        w.commit().unwrap();
        (index, all)
    })
}

fn like(id: &str) -> SimilarResults {
    let (index, rights) = corpus();
    let r = rights.iter().find(|r| r.id.as_str() == id).unwrap_or_else(|| panic!("{id} not loaded"));
    index.similar(SimilarSource::Right(r), None, 10).unwrap()
}

#[test]
fn a_design_finds_its_parent() {
    let r = like("USD651381S1");
    assert_eq!(r.hits[0].id, "USD631644S1");
    assert!(r.hits[0].same_family);
    assert!(r.hits.iter().all(|h| h.id != "USD651381S1"), "the source itself is left out");
    assert!(r.terms.iter().any(|t| t.term == "oversho"), "{:?}", r.terms);
}

#[test]
fn an_epo_record_finds_its_family_by_text() {
    let r = like("US9291047B2");
    let members = ["US10047600B2", "CA2887530A1", "CN104968889A", "US2014102795A1", "WO2014059282A2"];
    let top: Vec<&str> = r.hits.iter().map(|h| h.id.as_str()).collect();
    for m in members {
        let h = r.hits.iter().find(|h| h.id == m).unwrap_or_else(|| panic!("{m} not in {top:?}"));
        assert!(h.same_family, "{m}");
    }
}

#[test]
fn a_chinese_paragraph_finds_english_documents_through_the_dictionary() {
    let (index, _) = corpus();
    let dict = Dictionary::builtin();
    // 鞋 (shoe) and 运动 (athletic/sport) are in the shipped IPC terminology.
    let text = "运动鞋用鞋套";
    let r = index.similar(SimilarSource::Text { text, lang: None }, Some(&dict), 10).unwrap();
    assert_eq!(r.lang, "zh");
    assert!(r.terms.iter().any(|t| t.translated && t.lang == "en"), "{:?}", r.terms);
    assert!(r.hits.iter().any(|h| h.id == "USD631644S1" || h.id == "USD651381S1"), "{:?}", r.hits);
    let none = index.similar(SimilarSource::Text { text, lang: None }, None, 10).unwrap();
    assert!(none.hits.iter().all(|h| h.lang.as_deref() != Some("en")));
}

#[test]
fn an_empty_text_says_so() {
    let (index, _) = corpus();
    let e = index.similar(SimilarSource::Text { text: "  ", lang: None }, None, 5).unwrap_err().to_string();
    assert!(e.contains("nothing to compare"), "{e}");
}

/// Family grouping and export on the same corpus. Every record matching "attitude" and
/// "tieback" in its title is a member of INPADOC family 50474376 (the OPS fixtures'
/// family-id attribute), so they form one family.
#[test]
fn families_group_and_page_with_right_counts() {
    use silkport_search::SearchRequest;
    let (index, _) = corpus();
    let mut req = SearchRequest::new("TI=(attitude AND tieback)");
    req.limit = 5;
    let flat = index.search(&req, None).unwrap();
    let grouped = index.search_families(&req, None).unwrap();
    assert_eq!(grouped.total, flat.total);
    assert_eq!(grouped.total_families, 1);
    assert_eq!(grouped.hits.len(), 1);
    assert_eq!(grouped.hits[0].family_members.len(), flat.total - 1);
    assert!(
        grouped.hits[0].family_members.iter().any(|m| m == "US9291047B2") || grouped.hits[0].hit.id == "US9291047B2"
    );
    req.offset = 1;
    assert!(index.search_families(&req, None).unwrap().hits.is_empty(), "one family: page 2 is empty");
}

#[test]
fn export_streams_every_result() {
    use silkport_search::export::{write_csv, write_jsonl, ExportOrder, CSV_COLUMNS};
    use silkport_search::SearchRequest;
    let (index, _) = corpus();
    let req = SearchRequest::new("CC=US");
    let mut all = SearchRequest::new("CC=US");
    all.limit = 0;
    let total = index.search(&all, None).unwrap().total;
    assert!(total > 100, "{total}");
    let mut out = Vec::new();
    let n = write_jsonl(index.export(&req, None, ExportOrder::Index).unwrap(), &mut out).unwrap();
    assert_eq!(n as usize, total);
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), total);
    let ids: std::collections::BTreeSet<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), total, "every result once");
    let d = lines.iter().find(|l| l["id"] == "USD651381S1").expect("USD651381S1 exported");
    assert_eq!(d["kind"], "design");
    let mut csv = Vec::new();
    let rows = index.export(&req, None, ExportOrder::DateDesc).unwrap();
    assert_eq!(write_csv(rows, &mut csv).unwrap() as usize, total);
    let text = String::from_utf8(csv).unwrap();
    assert_eq!(text.lines().next().unwrap(), CSV_COLUMNS.join(","));
    let dates: Vec<String> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(6).map(str::to_string))
        .filter(|d| d.len() == 10)
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
}
