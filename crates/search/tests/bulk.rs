//! The index as a bulk load leaves it: results do not depend on how many segments the
//! documents are in (`Indexer::commit_merged` makes one), and a query sees fields that a
//! later commit filled (the indexed-field set is cached per searcher generation). Documents:
//! 25 USPTO grants of 2012-01-03 and 50 CNIPA chemistry full texts; `TI=battery` finding
//! US8088512B2 and `TI=钨青铜` finding CN118387927B were checked against the source files
//! (see tests/operators.rs).

use silkport_search::{RightSink, SearchIndex, SearchRequest};
use std::path::Path;

const US_FILE: &str = "us_uspto_xml/patentsview_db_fixtures/alchemy__ipg120103.xml.gz";
const CN_FILE: &str = "cn_chem_patents_cnchemner/raw/valid__data_26.json.gz";

fn rights(file: &str) -> Vec<silkport_model::Right> {
    let path = silkport_ingest::shared_data().join("patents").join(file);
    silkport_ingest::collect(Path::new(&path)).unwrap().rights().cloned().collect()
}

/// Ids and total of a query (no facets, no snippets).
fn results(index: &SearchIndex, q: &str) -> (usize, Vec<String>) {
    let mut req = SearchRequest::new(q);
    req.limit = 1000;
    req.facets = false;
    req.snippets = false;
    let r = index.search(&req, None).unwrap_or_else(|e| panic!("{q}: {e}"));
    let mut ids: Vec<String> = r.hits.into_iter().map(|h| h.id).collect();
    ids.sort();
    (r.total, ids)
}

const QUERIES: [&str; 6] =
    ["TI=battery", "TI=钨青铜", "battery OR 催化剂", "氟苯", "IPC=H01M", "electrode NEAR3 active"];

#[test]
fn a_later_commit_fills_fields_the_earlier_searcher_did_not_have() {
    let index = SearchIndex::in_ram().unwrap();
    let mut w = index.writer().unwrap();
    w.put(&rights(US_FILE)).unwrap();
    w.commit().unwrap();
    assert!(results(&index, "TI=钨青铜").1.is_empty(), "no Chinese text yet");
    assert!(results(&index, "TI=battery").1.contains(&"US8088512B2".to_string()));
    w.put(&rights(CN_FILE)).unwrap();
    w.commit().unwrap();
    assert!(results(&index, "TI=钨青铜").1.contains(&"CN118387927B".to_string()));
}

#[test]
fn one_merged_segment_gives_the_same_results_as_many() {
    let index = SearchIndex::in_ram().unwrap();
    let mut w = index.writer().unwrap();
    let (us, cn) = (rights(US_FILE), rights(CN_FILE));
    // Four commits: four segments, two of them without any Chinese or English text.
    for part in [&us[..10], &cn[..25], &us[10..], &cn[25..]] {
        w.put(part).unwrap();
        w.commit().unwrap();
    }
    assert!(index.num_segments() > 1);
    let before: Vec<_> = QUERIES.iter().map(|q| results(&index, q)).collect();
    let docs = index.num_docs();
    w.commit_merged().unwrap();
    assert_eq!(index.num_segments(), 1);
    assert_eq!(index.num_docs(), docs);
    let after: Vec<_> = QUERIES.iter().map(|q| results(&index, q)).collect();
    assert_eq!(before, after);
    assert!(after[0].1.contains(&"US8088512B2".to_string()));
    assert!(after[1].1.contains(&"CN118387927B".to_string()));
    // The index takes writes again after the merge.
    let mut w = index.writer().unwrap();
    w.put(&us[..1]).unwrap();
    w.commit().unwrap();
    assert_eq!(index.num_docs(), docs);
}
