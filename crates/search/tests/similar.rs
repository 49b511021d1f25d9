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
