//! Running a search: parse, compile, collect the count, one page of hits (by relevance or
//! date) and facet counts in one pass, then cut a highlighted snippet for each hit.
//!
//! Words are searched only in the text fields that hold terms in the index
//! (`indexed_text_fields`, computed once per searcher generation).

use crate::analysis::Analyzer;
use crate::index::SearchIndex;
use crate::query::{parse, plain, Compiler};
use crate::schema::FACETS;
use crate::snippet::snippet;
use crate::xlang::Dictionary;
use crate::SearchError;
use serde::Serialize;
use silkport_model::Lang;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::AggregationResults;
use tantivy::aggregation::AggregationCollector;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::Value;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument};

/// A hit's address with its score (none when sorted by date).
type ScoredDoc = (Option<f32>, DocAddress);

/// Values reported per facet.
const FACET_SIZE: u32 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    /// Newest publication first.
    DateDesc,
    DateAsc,
}

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    pub facets: bool,
    pub snippets: bool,
    /// Read the query as free text, without operators or field codes.
    pub plain: bool,
    /// Only documents with text in this language.
    pub lang: Option<Lang>,
}

impl SearchRequest {
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest {
            query: query.into(),
            limit: 10,
            offset: 0,
            sort: Sort::Relevance,
            facets: true,
            snippets: true,
            plain: false,
            lang: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    /// The canonical right id (a publication id for patents).
    pub id: String,
    /// BM25 score; null when sorted by date.
    pub score: Option<f32>,
    pub title: Option<String>,
    pub lang: Option<String>,
    /// A passage with the matches in `<em>`…`</em>` (text HTML-escaped).
    pub snippet: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FacetValue {
    /// The facet value (as `stats` names its breakdown keys).
    pub key: String,
    pub count: u64,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: BTreeMap<String, Vec<FacetValue>>,
}

impl SearchIndex {
    /// Runs a query. With a dictionary, words are also searched in translation.
    pub fn search(&self, req: &SearchRequest, dict: Option<&Dictionary>) -> Result<SearchResults, SearchError> {
        let (query, highlights) = self.request_query(req, dict)?;
        let searcher = self.reader.searcher();
        let facets = req.facets.then(facet_collector).transpose()?;
        let (total, page, aggs) = self.page(&searcher, query.as_ref(), req, facets)?;
        let facets = match aggs {
            Some(aggs) => facet_values(aggs)?,
            None => BTreeMap::new(),
        };
        let mut hits = Vec::with_capacity(page.len());
        for (score, addr) in page {
            hits.push(self.hit(&searcher, addr, score, req.snippets.then_some(&highlights))?);
        }
        Ok(SearchResults { total, hits, facets })
    }

    /// The tantivy query of a request (parsed, compiled, language filter) and what its
    /// snippets highlight; shared by search, family grouping and export.
    pub(crate) fn request_query(
        &self,
        req: &SearchRequest,
        dict: Option<&Dictionary>,
    ) -> Result<(Box<dyn Query>, crate::query::Highlights), SearchError> {
        let expr = if req.plain { plain(&req.query)? } else { parse(&req.query)? };
        let searcher = self.reader.searcher();
        let indexed = self.indexed_text_fields(&searcher)?;
        let mut compiler = Compiler::new(&self.fields, dict).only_fields(&indexed);
        let mut query = compiler.compile(&expr)?;
        if let Some(l) = req.lang {
            query = Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(self.fields.lang, l.as_str()),
                            IndexRecordOption::Basic,
                        )),
                        0.0,
                    )),
                ),
            ]));
        }
        Ok((query, compiler.highlights))
    }

    /// The count, one page and (when asked) the facet counts, in one pass over the matches.
    fn page(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        req: &SearchRequest,
        facets: Option<AggregationCollector>,
    ) -> Result<(usize, Vec<ScoredDoc>, Option<AggregationResults>), SearchError> {
        let top = TopDocs::with_limit(req.limit.max(1)).and_offset(req.offset);
        let (total, page, aggs) = match req.sort {
            Sort::Relevance => {
                let (n, docs, aggs) = searcher.search(query, &(Count, top.order_by_score(), facets))?;
                (n, docs.into_iter().map(|(s, a)| (Some(s), a)).collect(), aggs)
            }
            Sort::DateDesc | Sort::DateAsc => {
                let order = if req.sort == Sort::DateDesc { Order::Desc } else { Order::Asc };
                let top = top.order_by_fast_field::<i64>("pd", order);
                let (n, docs, aggs) = searcher.search(query, &(Count, top, facets))?;
                (n, docs.into_iter().map(|(_, a)| (None, a)).collect(), aggs)
            }
        };
        Ok((total, if req.limit == 0 { Vec::new() } else { page }, aggs))
    }

    /// The facet counts of a query's matches (for callers that page on their own, like
    /// family grouping); `search` counts them in its one pass instead.
    pub(crate) fn facets(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
    ) -> Result<BTreeMap<String, Vec<FacetValue>>, SearchError> {
        facet_values(searcher.search(query, &facet_collector()?)?)
    }

    /// The text fields with terms in this searcher's segments. Cached per searcher
    /// generation: a commit (ingest, reindex) makes a new one.
    fn indexed_text_fields(&self, searcher: &Searcher) -> Result<Arc<HashSet<Field>>, SearchError> {
        let generation = searcher.generation().generation_id();
        let mut cache = self.indexed_fields.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((g, fields)) = cache.as_ref() {
            if *g == generation {
                return Ok(Arc::clone(fields));
            }
        }
        let mut fields = HashSet::new();
        for field in self.fields.searchable_text() {
            for segment in searcher.segment_readers() {
                if segment.inverted_index(field)?.terms().num_terms() > 0 {
                    fields.insert(field);
                    break;
                }
            }
        }
        let fields = Arc::new(fields);
        *cache = Some((generation, Arc::clone(&fields)));
        Ok(fields)
    }

    pub(crate) fn hit(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        score: Option<f32>,
        highlights: Option<&crate::query::Highlights>,
    ) -> Result<Hit, SearchError> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let f = &self.fields;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let snippet = highlights.and_then(|h| {
            let passage = text(f.snip)?;
            let lang = text(f.snip_lang).and_then(|l| Lang::parse(&l).ok())?;
            Some(snippet(&passage, Analyzer::for_lang(lang), h))
        });
        Ok(Hit { id: text(f.id).unwrap_or_default(), score, title: text(f.title), lang: text(f.title_lang), snippet })
    }
}

/// Terms aggregations for every facet of `FACETS`.
fn facet_collector() -> Result<AggregationCollector, SearchError> {
    let spec: serde_json::Map<String, serde_json::Value> = FACETS
        .iter()
        .map(|(name, field)| (name.to_string(), serde_json::json!({"terms": {"field": field, "size": FACET_SIZE}})))
        .collect();
    let aggs: Aggregations = serde_json::from_value(serde_json::Value::Object(spec))
        .map_err(|e| tantivy::TantivyError::InvalidArgument(e.to_string()))?;
    Ok(AggregationCollector::from_aggs(aggs, Default::default()))
}

fn facet_values(result: AggregationResults) -> Result<BTreeMap<String, Vec<FacetValue>>, SearchError> {
    let json = serde_json::to_value(result).map_err(|e| tantivy::TantivyError::InvalidArgument(e.to_string()))?;
    let mut out = BTreeMap::new();
    for (name, _) in FACETS {
        let buckets = json.get(name).and_then(|v| v.get("buckets")).and_then(|b| b.as_array());
        let values = buckets
            .into_iter()
            .flatten()
            .filter_map(|b| {
                let key = b.get("key")?;
                let key = key.as_str().map(str::to_string).unwrap_or_else(|| key.to_string());
                Some(FacetValue { key, count: b.get("doc_count")?.as_u64()? })
            })
            .collect();
        out.insert(name.to_string(), values);
    }
    Ok(out)
}
