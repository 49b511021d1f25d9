//! Retrieval evaluation on the dev sets of `shared/data/eval` (see its README): each set
//! is indexed in memory and every query is run twice, by the full system (with the
//! cross-lingual dictionary) and by the plain BM25 baseline (same index and analyzers, no
//! cross-lingual layer). Reading office files is the caller's job (`load`), so this crate
//! stays free of the parsers.

use crate::index::{RightSink, SearchIndex};
use crate::search::SearchRequest;
use crate::xlang::Dictionary;
use crate::SearchError;
use serde::Serialize;
use silkport_model::{Claim, ClaimSet, Lang, LocalizedText, PublicationId, Right, RightId, RightKind};
use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Reads the rights of one file (or every file under a directory).
pub type Loader<'a> = &'a dyn Fn(&Path) -> Vec<Right>;

/// Depth of the ranked metrics.
const K: usize = 10;
/// Results read for sub-word recall: every match, in practice.
const ALL: usize = 100_000;

#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Metrics {
    pub queries: usize,
    /// Recall@10 (known-item: the target is in the top 10), or, for the sub-word set, the
    /// share of the relevant documents returned at any rank.
    pub recall: f64,
    /// MRR@10; for the sub-word set, the share of terms whose every document is returned.
    pub mrr: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct SetReport {
    pub name: String,
    pub documents: usize,
    pub system: Metrics,
    pub baseline: Metrics,
    pub seconds: f64,
}

/// One query with its relevant documents.
struct Case {
    query: String,
    relevant: HashSet<String>,
}

/// Runs every dev set found under `shared` (the `shared/data` directory).
pub fn run_all(shared: &Path, load: Loader, dict: &Dictionary) -> Result<Vec<SetReport>, SearchError> {
    let eval = shared.join("eval");
    let mut out = vec![clir_zh(shared, &eval, load, dict)?, zh_subword(shared, &eval, load, dict)?];
    out.extend(ep_parallel(&eval, dict)?);
    out.extend(kppatent(shared, load, dict)?);
    Ok(out)
}

fn index_of(rights: &[Right]) -> Result<SearchIndex, SearchError> {
    let index = SearchIndex::in_ram()?;
    let mut w = index.writer()?;
    w.put(rights)?;
    w.commit()?;
    Ok(index)
}

fn read_lines(path: &Path) -> Result<Vec<String>, SearchError> {
    let file = std::fs::File::open(path).map_err(|e| SearchError::io(path, e))?;
    let input: Box<dyn Read> = if path.extension().is_some_and(|x| x == "gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    };
    BufReader::new(input).lines().collect::<Result<_, _>>().map_err(|e| SearchError::io(path, e))
}

/// Known-item metrics (or sub-word recall when `exhaustive`) for the system and baseline.
fn score(
    name: &str,
    index: &SearchIndex,
    cases: &[Case],
    dict: &Dictionary,
    exhaustive: bool,
) -> Result<SetReport, SearchError> {
    let started = std::time::Instant::now();
    let mut reports = Vec::new();
    for d in [Some(dict), None] {
        let mut m = Metrics { queries: cases.len(), ..Metrics::default() };
        for c in cases {
            let mut req = SearchRequest::new(&c.query);
            (req.plain, req.facets, req.snippets, req.limit) = (true, false, false, if exhaustive { ALL } else { K });
            let ids: Vec<String> = index.search(&req, d)?.hits.into_iter().map(|h| h.id).collect();
            let (r, rr) = if exhaustive { subword(&ids, &c.relevant) } else { known_item(&ids, &c.relevant) };
            m.recall += r;
            m.mrr += rr;
        }
        let n = cases.len().max(1) as f64;
        (m.recall, m.mrr) = (m.recall / n, m.mrr / n);
        reports.push(m);
    }
    let baseline = reports.pop().unwrap_or_default();
    let system = reports.pop().unwrap_or_default();
    let documents = index.num_docs() as usize;
    Ok(SetReport { name: name.into(), documents, system, baseline, seconds: started.elapsed().as_secs_f64() })
}

/// (hit in the top 10, reciprocal rank of the first relevant document).
fn known_item(ids: &[String], relevant: &HashSet<String>) -> (f64, f64) {
    match ids.iter().take(K).position(|id| relevant.contains(id)) {
        Some(rank) => (1.0, 1.0 / (rank + 1) as f64),
        None => (0.0, 0.0),
    }
}

/// (share of the relevant documents returned, 1 if all were).
fn subword(ids: &[String], relevant: &HashSet<String>) -> (f64, f64) {
    let found = ids.iter().filter(|id| relevant.contains(*id)).count();
    let share = found as f64 / relevant.len().max(1) as f64;
    (share, if found == relevant.len() { 1.0 } else { 0.0 })
}

/// A publication number as written in a dev set, canonical (`US06982157B1` → `US6982157B1`).
fn canonical(number: &str) -> String {
    PublicationId::parse(number).map(|p| p.to_string()).unwrap_or_else(|_| number.to_string())
}

/// Every USPTO v4 document, merged by id (some appear in several fixture files).
fn uspto_corpus(shared: &Path, load: Loader) -> Vec<Right> {
    let mut by_id: BTreeMap<String, Right> = BTreeMap::new();
    for r in load(&shared.join("patents/us_uspto_xml")) {
        if r.source.format != "uspto-xml" {
            continue;
        }
        match by_id.get_mut(r.id.as_str()) {
            Some(existing) => existing.merge(r),
            None => {
                by_id.insert(r.id.to_string(), r);
            }
        }
    }
    by_id.into_values().collect()
}

fn clir_zh(shared: &Path, eval: &Path, load: Loader, dict: &Dictionary) -> Result<SetReport, SearchError> {
    let index = index_of(&uspto_corpus(shared, load))?;
    let cases: Vec<Case> = read_lines(&eval.join("clir_zh_dev.tsv"))?
        .iter()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            Some(Case { query: cols.get(2)?.to_string(), relevant: HashSet::from([canonical(cols.get(3)?)]) })
        })
        .collect();
    score("clir_zh_dev (zh → en, USPTO v4)", &index, &cases, dict, false)
}

fn zh_subword(shared: &Path, eval: &Path, load: Loader, dict: &Dictionary) -> Result<SetReport, SearchError> {
    let rights = load(&shared.join("patents/cn_chem_patents_cnchemner/raw"));
    let index = index_of(&rights)?;
    let cases: Vec<Case> = read_lines(&eval.join("zh_subword_dev.tsv"))?
        .iter()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            let relevant = cols.get(2)?.split(';').filter(|d| !d.is_empty()).map(canonical).collect();
            Some(Case { query: cols.first()?.to_string(), relevant })
        })
        .collect();
    score("zh_subword_dev (sub-word recall, CN chemistry full texts)", &index, &cases, dict, true)
}

/// One set per query language: the aligned EP titles and claims, the documents indexed in
/// the two other languages only.
fn ep_parallel(eval: &Path, dict: &Dictionary) -> Result<Vec<SetReport>, SearchError> {
    let rows: Vec<Vec<String>> = read_lines(&eval.join("ep_parallel_de_en_fr.tsv.gz"))?
        .iter()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .filter(|c: &Vec<String>| c.len() >= 5)
        .collect();
    let langs = [Lang::DE, Lang::EN, Lang::FR];
    let mut out = Vec::new();
    for (qi, q) in langs.iter().enumerate() {
        let others: Vec<(usize, Lang)> = langs.iter().copied().enumerate().filter(|(i, _)| *i != qi).collect();
        let index = index_of(&ep_documents(&rows, &others))?;
        let cases: Vec<Case> = rows
            .iter()
            .map(|c| Case { query: c[2 + qi].clone(), relevant: HashSet::from([canonical(&c[0])]) })
            .collect();
        let target: Vec<&str> = others.iter().map(|(_, l)| l.as_str()).collect();
        out.push(score(&format!("ep_parallel {} → {}", q, target.join("+")), &index, &cases, dict, false)?);
    }
    Ok(out)
}

/// EP documents built from the aligned rows: titles and claims in the given languages.
fn ep_documents(rows: &[Vec<String>], langs: &[(usize, Lang)]) -> Vec<Right> {
    let mut docs: BTreeMap<String, Right> = BTreeMap::new();
    for c in rows {
        let id = canonical(&c[0]);
        let Ok(rid) = RightId::parse(&id) else { continue };
        let r = docs.entry(id).or_insert_with(|| Right::new(rid, RightKind::InventionPatent, "EP", "eval"));
        for (i, lang) in langs {
            let text = c[2 + i].clone();
            if c[1] == "title" {
                r.texts.titles.push(LocalizedText::new(*lang, text));
                continue;
            }
            match r.texts.claims.iter_mut().find(|s| s.lang == *lang) {
                Some(set) => set.claims.push(Claim { num: set.claims.len() as u32 + 1, text, depends_on: vec![] }),
                None => r
                    .texts
                    .claims
                    .push(ClaimSet { lang: *lang, claims: vec![Claim { num: 1, text, depends_on: vec![] }] }),
            }
        }
    }
    docs.into_values().collect()
}

/// KPPatent known-item: the gold keyphrases (all of them, then the first three) as the
/// query, the abstract's own document (or an identical abstract) as the target.
fn kppatent(shared: &Path, load: Loader, dict: &Dictionary) -> Result<Vec<SetReport>, SearchError> {
    let path: PathBuf = shared.join("patents/cn_kppatent_zh_keyphrases/kppatent_train_abstract_keyphrases.jsonl");
    let rights = load(&path);
    let index = index_of(&rights)?;
    let mut twins: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    for r in &rights {
        let first = r.attributes.get("same_abstract_as").cloned().unwrap_or_else(|| r.id.to_string());
        twins.entry(first).or_default().insert(r.id.to_string());
    }
    let mut out = Vec::new();
    for (name, take) in
        [("kppatent known-item (all keyphrases)", usize::MAX), ("kppatent known-item (3 keyphrases)", 3)]
    {
        let cases: Vec<Case> = rights
            .iter()
            .filter_map(|r| {
                let kps: Vec<&str> = r.attributes.get("keyphrases")?.split(',').take(take).collect();
                let first = r.attributes.get("same_abstract_as").cloned().unwrap_or_else(|| r.id.to_string());
                Some(Case { query: kps.join(" "), relevant: twins.get(&first).cloned().unwrap_or_default() })
            })
            .collect();
        out.push(score(name, &index, &cases, dict, false)?);
    }
    Ok(out)
}

/// The results as a Markdown table.
pub fn markdown(reports: &[SetReport]) -> String {
    let mut s = String::from(
        "| set | docs | queries | system R@10 | system MRR@10 | baseline R@10 | baseline MRR@10 |\n|---|---:|---:|---:|---:|---:|---:|\n",
    );
    for r in reports {
        s.push_str(&format!(
            "| {} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} |\n",
            r.name, r.documents, r.system.queries, r.system.recall, r.system.mrr, r.baseline.recall, r.baseline.mrr
        ));
    }
    s
}
