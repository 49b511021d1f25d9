//! Every operator and field code of the query language on real documents: 25 USPTO grants
//! of 2012-01-03 (`alchemy__ipg120103.xml.gz`), 50 CNIPA chemistry full texts
//! (`valid__data_26.json.gz`) and the EPO publication-server samples (de/en/fr). Expected
//! values were checked against the source files (zcat and grep), not taken from a run.

use silkport_search::{RightSink, SearchIndex, SearchRequest, Sort};
use std::path::Path;
use std::sync::OnceLock;

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let data = silkport_ingest::shared_data().join("patents");
        let mut files = vec![
            data.join("us_uspto_xml/patentsview_db_fixtures/alchemy__ipg120103.xml.gz"),
            data.join("cn_chem_patents_cnchemner/raw/valid__data_26.json.gz"),
        ];
        let mut ep: Vec<_> =
            std::fs::read_dir(data.join("ep_publication_server_xml/raw")).unwrap().map(|e| e.unwrap().path()).collect();
        ep.sort();
        files.extend(ep);
        let index = SearchIndex::in_ram().unwrap();
        let mut w = index.writer().unwrap();
        for f in &files {
            let c = silkport_ingest::collect(Path::new(f)).unwrap();
            w.put(&c.rights().cloned().collect::<Vec<_>>()).unwrap();
        }
        w.commit().unwrap();
        index
    })
}

fn ids(q: &str) -> Vec<String> {
    let mut req = SearchRequest::new(q);
    req.limit = 1000;
    req.facets = false;
    index().search(&req, None).unwrap_or_else(|e| panic!("{q}: {e}")).hits.into_iter().map(|h| h.id).collect()
}

fn has(q: &str, id: &str) -> bool {
    ids(q).iter().any(|x| x == id)
}

fn error(q: &str) -> String {
    index().search(&SearchRequest::new(q), None).expect_err(q).to_string()
}

const US: &str = "US8088512B2";
const EP: &str = "EP1011858B2";
const CN: &str = "CN118387927B";

#[test]
fn sections_and_free_text() {
    assert!(has("TI=battery", US));
    assert!(!has("TI=electrochemical", US));
    assert!(has("AB=electrochemical", US));
    assert!(has("CL=crosslinkable", US));
    assert!(has("DESC=battery", US));
    assert!(has("TXT=crosslinkable", US));
    assert!(has("self organizing battery", US));
    assert_eq!(ids("organizing battery structure")[0], US);
}

#[test]
fn parties() {
    assert!(has("PA=\"A123 Systems\"", US));
    assert!(has("PA=arkema", EP));
    assert!(has("IN=Gozdz", US));
    assert!(!has("PA=Gozdz AND PA=arkema", US));
}

#[test]
fn classification_hierarchy_and_truncation() {
    assert!(has("IPC=H01M10/02", US));
    assert!(has("IPC=H01M", US));
    assert!(has("IPC=H01", US));
    assert!(has("IPC=H", US));
    assert!(has("IPC=H01M10", US));
    assert!(has("IPC=H01M4/04", US));
    assert!(has("IPC=H01M*", US));
    assert!(has("IPC=\"H01M 10/0*\"", US));
    assert!(!has("IPC=H01M10/03*", US));
    assert!(has("IPC=C07C15/0*", EP));
    assert!(has("IPC=B01J20/18", EP));
    assert!(!has("IPC=H01M", EP));
}

#[test]
fn numbers() {
    assert!(has("PN=US8088512B2", US));
    assert!(has("PN=\"US 8,088,512 B2\"", US));
    assert!(has("PN=US8088512", US));
    assert!(has("PN=US80885*", US));
    assert!(has("AN=US12140058", US));
    assert!(has("AN=EP98942751.3", EP));
}

#[test]
fn date_ranges() {
    assert!(has("PD=2012-01-03", US));
    assert!(has("PD=2012", US));
    assert!(has("PD=2011..2012", US));
    assert!(!has("PD=2012-01-04..2012-12-31", US));
    assert!(has("AD=2008-06-16", US));
    assert!(has("AD<=2008-06-16", US));
    assert!(!has("AD<2008-06-16", US));
    assert!(!has("AD>2008-06-16", US));
    assert!(has("AD>=2008-06", US));
    assert!(has("PRD=1997-08-21", EP));
    assert!(has("PRD=1997..", EP));
    assert!(!has("PRD=..1996", EP));
}

#[test]
fn codes() {
    assert!(has("CC=US", US));
    assert!(!has("CC=US", EP));
    assert!(has("CC=ep", EP));
    assert!(has("KIND=B2", US));
    assert!(has("KIND=invention_patent", US));
    assert!(has("LANG=fr", EP));
    assert!(has("LANG=zh", CN));
    assert!(!has("LANG=zh", US));
    assert!(has("STATUS=active", EP));
}

#[test]
fn boolean_operators_and_parentheses() {
    assert!(has("battery AND electrochemical", US));
    assert!(!has("battery AND paraxylene", US));
    assert!(has("battery OR paraxylene", US) && has("battery OR paraxylene", EP));
    assert!(!has("battery NOT electrochemical", US));
    assert!(!has("NOT battery", US));
    assert!(has("NOT battery", EP));
    assert!(has("(paraxylene OR battery) AND IPC=H01M", US));
    assert!(!has("(paraxylene OR battery) AND IPC=H01M", EP));
    assert!(has("battery AND NOT TI=paraxylene", US));
    // Juxtaposed codes restrict, words rank.
    assert_eq!(ids("battery CC=US LANG=en").iter().filter(|i| !i.starts_with("US")).count(), 0);
}

#[test]
fn phrases_and_truncation() {
    assert!(has("\"crosslinked solid polymer\"", US));
    assert!(!has("\"solid crosslinked polymer\"", US));
    assert!(has("crosslink*", US));
    // Truncation matches the stemmed terms of stemmed languages (electrochemical → electrochem).
    assert!(has("electroch?m*", US));
    assert!(has("TI=organiz*", US));
    assert!(!has("TI=organization*", US));
}

#[test]
fn proximity() {
    // Claim 1: "a crosslinkable polymer precursor".
    assert!(has("CL=(crosslinkable ADJ2 precursor)", US));
    assert!(!has("CL=(crosslinkable ADJ precursor)", US));
    // "crosslinkable polymer", and "polymer precursor is crosslinkable" (a dependent claim), but
    // never "polymer crosslinkable" nor "precursor crosslinkable".
    assert!(has("CL=(crosslinkable ADJ polymer)", US));
    assert!(!has("CL=(polymer ADJ crosslinkable)", US));
    assert!(has("CL=(polymer NEAR crosslinkable)", US));
    assert!(has("CL=(precursor ADJ2 crosslinkable)", US));
    assert!(!has("CL=(precursor NEAR1 crosslinkable)", US));
    assert!(has("CL=((crosslinkable ADJ polymer) ADJ precursor)", US));
    assert!(has("CL=((elastomer OR crosslinkable) ADJ2 precursor)", US));
    // Abstract: "electrochemical" is in the first sentence, "repelling" in the second.
    assert!(has("AB=(network SENT repelling)", US));
    assert!(!has("AB=(electrochemical SENT repelling)", US));
    assert!(has("AB=(electrochemical PARA repelling)", US));
    // Claims: "methacrylate" and "glycol" are in claim 2, "oxymethylene" in claim 3.
    assert!(has("CL=(methacrylate PARA glycol)", US));
    assert!(!has("CL=(methacrylate PARA oxymethylene)", US));
    assert!(has("CL=(methacrylate SENT oxymethylene) OR battery", US));
}

#[test]
fn chinese_sub_words_traditional_folding_and_snippets() {
    // Title 铵钨青铜的制备方法: sub-words of 铵钨青铜 are found.
    assert!(has("TI=钨青铜", CN));
    assert!(has("TI=青铜", CN));
    assert!(has("TI=鎢青銅", CN));
    assert!(has("TI=\"钨青铜的制备\"", CN));
    assert!(!has("TI=钨铜", CN));
    let mut req = SearchRequest::new("TI=钨青铜");
    req.facets = false;
    let hit = index().search(&req, None).unwrap().hits.into_iter().find(|h| h.id == CN).unwrap();
    let snippet = hit.snippet.unwrap();
    assert!(snippet.contains("铵<em>钨青铜</em>"), "{snippet}");
    assert!(!snippet.contains("<em>钨</em>"), "{snippet}");
}

#[test]
fn stemming_per_language() {
    assert!(has("TI=batteries", US));
    assert!(has("TI=adsorbant", EP));
}

#[test]
fn pagination_sorting_and_facets() {
    let all = ids("LANG=en");
    let mut req = SearchRequest::new("LANG=en");
    (req.limit, req.offset, req.facets) = (5, 5, true);
    let page = index().search(&req, None).unwrap();
    assert_eq!(page.total, all.len());
    assert_eq!(page.hits.len(), 5);
    assert_eq!(page.facets["country"].iter().map(|v| v.count).sum::<u64>(), all.len() as u64);
    req.sort = Sort::DateDesc;
    (req.limit, req.offset) = (1000, 0);
    let dated = index().search(&req, None).unwrap();
    assert_eq!(dated.hits[0].id, "EP4114164A1", "published 2023-01-04, the newest English document");
    let us = index().search(&SearchRequest::new("IPC=H01M"), None).unwrap();
    assert!(us.facets["ipc_subclass"].iter().any(|v| v.key == "H01M"));
    assert!(us.facets["year"].iter().any(|v| v.key == "2008"));
}

#[test]
fn malformed_queries_say_where_and_what() {
    assert_eq!(
        error("battery AND (anode OR"),
        "invalid query at character 22: expected a word, a phrase, a field code or \"(\", found the end of the query"
    );
    assert!(error("(battery").contains("at character 9: expected \")\" to close the \"(\" at character 1"));
    assert!(error("TI=\"lithium").contains("expected a closing quote"));
    assert!(error("PD=2012-02-30").contains("at character 4: expected a date"));
    assert!(error("IPC=Z99").contains("expected an IPC/CPC symbol"));
    assert!(error("AB=(a AND b) ADJ2 c").contains("operands of ADJ"));
    assert!(error("CC=(US ADJ EP)").contains("proximity operators work on text fields"));
    assert!(error("batt* ADJ anode").contains("truncation"));
    assert!(error("TI=*").contains("needs at least one letter"));
    assert!(error("a?b?c?d?e?f?g?h?i?").contains("at most 8 wildcards"));
    assert!(has("crosslink**", US));
    assert!(error("OR battery").contains("at character 1"));
}

#[test]
fn a_full_document_replaces_its_stub_and_a_new_version_its_old_one() {
    use silkport_model::{Lang, LocalizedText, Right, RightId, RightKind};
    let index = SearchIndex::in_ram().unwrap();
    let mut w = index.writer().unwrap();
    let mut stub = Right::new(RightId::parse("US8088512").unwrap(), RightKind::InventionPatent, "US", "test");
    stub.source.stub = true;
    stub.texts.titles.push(LocalizedText::new(Lang::EN, "stub title"));
    w.put(&[stub]).unwrap();
    w.commit().unwrap();
    assert_eq!(index.num_docs(), 1);
    let mut full = Right::new(RightId::parse("US8088512B2").unwrap(), RightKind::InventionPatent, "US", "test");
    full.texts.titles.push(LocalizedText::new(Lang::EN, "first title"));
    w.put(&[full.clone()]).unwrap();
    full.texts.titles[0].text = "second title".into();
    w.put(&[full]).unwrap();
    w.commit().unwrap();
    let hits = index.search(&SearchRequest::new("title"), None).unwrap().hits;
    assert_eq!(
        hits.iter().map(|h| (h.id.as_str(), h.title.as_deref())).collect::<Vec<_>>(),
        [("US8088512B2", Some("second title"))]
    );
}
