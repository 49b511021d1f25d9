//! Search over the API: `GET /search` (the query language with facets, sort, pagination
//! and family grouping), `GET /search/export` (every result, streamed as JSONL or CSV with no
//! cap), similar documents (`GET /rights/{id}/similar`, `POST /similar` for a pasted text),
//! and the trademark conflict search (`GET /trademarks/search`).

use super::extract::{J, P, Q};
use crate::auth::{require, Client, User};
use crate::ratelimit::Bucket;
use crate::{AppState, Error};
use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use silkport_accounts::Action;
use silkport_model::Lang;
use silkport_search::export::{write_csv, write_jsonl, ExportOrder};
use silkport_search::marks::nice::NiceScope;
use silkport_search::marks::{MarkQuery, MarkResults};
use silkport_search::similar::{SimilarResults, SimilarSource};
use silkport_search::{SearchRequest, Sort};

/// Most hits one page returns.
pub const MAX_LIMIT: usize = 100;
/// Deepest page start: deeper pages cost more and more; use the export to read everything.
pub const MAX_OFFSET: usize = 10_000;
/// Longest query accepted, in bytes.
pub const MAX_QUERY: usize = 4_096;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    pub q: String,
    #[serde(default)]
    pub offset: usize,
    pub limit: Option<usize>,
    /// `relevance` (default), `newest`, `oldest`.
    pub sort: Option<String>,
    /// Only documents with text in this language (two letters).
    pub lang: Option<String>,
    /// Read the query as free text.
    #[serde(default)]
    pub plain: bool,
    /// Cross-lingual expansion (default on).
    pub translate: Option<bool>,
    /// Facet counts (default on).
    pub facets: Option<bool>,
    /// `family`: one hit per patent family (the page is a page of families).
    pub group: Option<String>,
}

impl SearchParams {
    /// The search crate's request, after checking every bound.
    pub fn request(&self) -> Result<SearchRequest, Error> {
        if self.q.trim().is_empty() {
            return Err(Error::bad_request("q is empty: give a query").zh("检索式为空"));
        }
        if self.q.len() > MAX_QUERY {
            return Err(Error::bad_request(format!("q is longer than {MAX_QUERY} bytes")).zh("检索式过长"));
        }
        let limit = self.limit.unwrap_or(10);
        if limit == 0 || limit > MAX_LIMIT {
            return Err(Error::bad_request(format!("limit must be 1 to {MAX_LIMIT}")).zh("limit 超出范围"));
        }
        if self.offset > MAX_OFFSET {
            return Err(Error::bad_request(format!(
                "offset must be at most {MAX_OFFSET}; read whole result sets with /api/v1/search/export"
            ))
            .zh("offset 超出范围：全部结果请用导出接口"));
        }
        let mut req = SearchRequest::new(self.q.clone());
        req.limit = limit;
        req.offset = self.offset;
        req.plain = self.plain;
        req.facets = self.facets.unwrap_or(true);
        req.sort = parse_sort(self.sort.as_deref())?;
        req.lang = match self.lang.as_deref() {
            None | Some("") => None,
            Some(l) => Some(Lang::parse(l).map_err(|_| Error::bad_request("lang takes a two-letter code such as en"))?),
        };
        Ok(req)
    }
}

pub fn parse_sort(s: Option<&str>) -> Result<Sort, Error> {
    match s {
        None | Some("relevance") => Ok(Sort::Relevance),
        Some("newest") => Ok(Sort::DateDesc),
        Some("oldest") => Ok(Sort::DateAsc),
        Some(other) => Err(Error::bad_request(format!("sort {other:?}: use relevance, newest or oldest"))),
    }
}

/// One page of hits (or of families) with snippets and facet counts.
pub async fn search(
    State(state): State<AppState>,
    user: Option<User>,
    Q(params): Q<SearchParams>,
) -> Result<Response, Error> {
    require(user.as_ref(), Action::Search)?;
    let req = params.request()?;
    let translate = params.translate.unwrap_or(true);
    match params.group.as_deref() {
        None | Some("") => {
            let results = state.search(move |index, dict| index.search(&req, translate.then_some(dict))).await?;
            Ok(Json(results).into_response())
        }
        Some("family") => {
            let results =
                state.search(move |index, dict| index.search_families(&req, translate.then_some(dict))).await?;
            Ok(Json(results).into_response())
        }
        Some(other) => {
            Err(Error::bad_request(format!("group {other:?}: only `family` is offered")).zh("分组方式仅支持 family"))
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportParams {
    pub q: String,
    /// `jsonl` (default) or `csv`.
    pub format: Option<String>,
    /// `index` (default: streamed in constant memory), `relevance`, `newest`, `oldest`.
    pub sort: Option<String>,
    pub lang: Option<String>,
    #[serde(default)]
    pub plain: bool,
    pub translate: Option<bool>,
}

/// Rows per chunk of the streamed body: big enough to amortise the channel, small enough to
/// start the download at once.
const EXPORT_CHUNK: usize = 64 * 1024;

/// `GET /api/v1/search/export`: every result of the query, streamed (chunked) as JSON Lines
/// or CSV, with no cap. The rows are produced on a blocking thread and handed over through a
/// bounded channel, so memory stays constant and a client that stops reading stops the export.
pub async fn export(
    State(state): State<AppState>,
    user: Option<User>,
    client: Client,
    Q(p): Q<ExportParams>,
) -> Result<Response, Error> {
    require(user.as_ref(), Action::ExportSearch)?;
    state.limits().check(Bucket::Expensive, &client.key(user.as_ref()))?;
    let search = SearchParams {
        q: p.q.clone(),
        offset: 0,
        limit: None,
        sort: None,
        lang: p.lang.clone(),
        plain: p.plain,
        translate: p.translate,
        facets: Some(false),
        group: None,
    };
    let req = search.request()?;
    let order = match p.sort.as_deref() {
        None | Some("index") => ExportOrder::Index,
        Some("relevance") => ExportOrder::Relevance,
        Some("newest") => ExportOrder::DateDesc,
        Some("oldest") => ExportOrder::DateAsc,
        Some(other) => {
            return Err(Error::bad_request(format!("sort {other:?}: use index, relevance, newest or oldest")))
        }
    };
    let csv = match p.format.as_deref() {
        None | Some("jsonl") => false,
        Some("csv") => true,
        Some(other) => return Err(Error::bad_request(format!("format {other:?}: use jsonl or csv"))),
    };
    let translate = p.translate.unwrap_or(true);
    let slot = state.export_slot().await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(8);
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel::<Result<(), Error>>();
    let runner = state.clone();
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        let Some(search) = runner.search_index() else {
            let _ = ready_tx.send(Err(Error::unavailable("there is no search index")));
            return;
        };
        let rows = match search.index.export(&req, translate.then_some(&search.dict), order) {
            Ok(rows) => rows,
            Err(e) => {
                let _ = ready_tx.send(Err(e.into()));
                return;
            }
        };
        let _ = ready_tx.send(Ok(()));
        let mut out = ChunkSender { tx: tx.clone(), buf: Vec::with_capacity(EXPORT_CHUNK) };
        let written = if csv { write_csv(rows, &mut out) } else { write_jsonl(rows, &mut out) };
        match written.map_err(|e| std::io::Error::other(e.to_string())).and_then(|_| out.flush_chunk()) {
            Ok(()) => {}
            // The client went away, or the index failed mid-way: end the body with an error so
            // the client sees an incomplete transfer, never a silently short file.
            Err(e) => {
                let _ = tx.blocking_send(Err(e));
            }
        }
    });
    ready_rx.await.map_err(|_| Error::internal("the export stopped before it started"))??;
    let body = Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|chunk| (chunk, rx))
    }));
    let (content_type, ext) = if csv { ("text/csv; charset=utf-8", "csv") } else { ("application/x-ndjson", "jsonl") };
    let disposition = format!("attachment; filename=\"silkport-export.{ext}\"");
    Ok(([(header::CONTENT_TYPE, content_type.to_string()), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response())
}

/// An `io::Write` that hands the export to the HTTP body in chunks; a closed channel (the
/// client disconnected) is a broken pipe, which stops the writer.
struct ChunkSender {
    tx: tokio::sync::mpsc::Sender<Result<Vec<u8>, std::io::Error>>,
    buf: Vec<u8>,
}

impl ChunkSender {
    fn flush_chunk(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(EXPORT_CHUNK));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client stopped reading"))
    }
}

impl std::io::Write for ChunkSender {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= EXPORT_CHUNK {
            self.flush_chunk()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Most similar documents or trademark candidates one answer gives.
pub const MAX_SIMILAR: usize = 100;

fn similar_limit(limit: Option<usize>) -> Result<usize, Error> {
    let limit = limit.unwrap_or(10);
    if limit == 0 || limit > MAX_SIMILAR {
        return Err(Error::bad_request(format!("limit must be 1 to {MAX_SIMILAR}")));
    }
    Ok(limit)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimilarParams {
    pub limit: Option<usize>,
    /// Cross-lingual expansion of a pasted text (default on).
    pub translate: Option<bool>,
}

/// `GET /api/v1/rights/{id}/similar`: documents like this right (prior-art candidates).
pub async fn similar_to_right(
    State(state): State<AppState>,
    user: Option<User>,
    client: Client,
    P(id): P<String>,
    Q(p): Q<SimilarParams>,
) -> Result<Json<SimilarResults>, Error> {
    require(user.as_ref(), Action::Search)?;
    state.limits().check(Bucket::Expensive, &client.key(user.as_ref()))?;
    let limit = similar_limit(p.limit)?;
    let translate = p.translate.unwrap_or(true);
    let right = state.store(move |s| super::rights::load(s, &id)).await?;
    let results = state
        .search(move |index, dict| index.similar(SimilarSource::Right(&right), translate.then_some(dict), limit))
        .await?;
    Ok(Json(results))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SimilarText {
    /// The paragraph to find documents like (at most 20,000 characters).
    pub text: String,
    /// Its language (two letters); guessed when absent.
    pub lang: Option<String>,
    pub limit: Option<usize>,
    pub translate: Option<bool>,
}

/// `POST /api/v1/similar`: documents like a pasted paragraph, in any language the
/// dictionary bridges. Reads only: no CSRF token needed, but rate-limited.
pub async fn similar_to_text(
    State(state): State<AppState>,
    user: Option<User>,
    client: Client,
    J(t): J<SimilarText>,
) -> Result<Json<SimilarResults>, Error> {
    require(user.as_ref(), Action::Search)?;
    state.limits().check(Bucket::Expensive, &client.key(user.as_ref()))?;
    let limit = similar_limit(t.limit)?;
    if t.text.trim().is_empty() || t.text.chars().count() > 20_000 {
        return Err(Error::bad_request("text: 1 to 20,000 characters").zh("文本须为 1 至 20,000 个字符"));
    }
    let lang = match t.lang.as_deref() {
        None | Some("") => None,
        Some(l) => Some(Lang::parse(l).map_err(|_| Error::bad_request("lang takes a two-letter code such as en"))?),
    };
    let translate = t.translate.unwrap_or(true);
    let results = state
        .search(move |index, dict| {
            index.similar(SimilarSource::Text { text: &t.text, lang }, translate.then_some(dict), limit)
        })
        .await?;
    Ok(Json(results))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkParams {
    /// The mark: words, Chinese characters or pinyin (at most 100 characters).
    pub mark: String,
    /// Comma-separated Nice classes (`9,35`).
    pub classes: Option<String>,
    /// Comma-separated similar-goods groups (类似群, `0901,3501`).
    pub groups: Option<String>,
    pub limit: Option<usize>,
}

fn list(v: &Option<String>) -> Vec<String> {
    v.as_deref()
        .map(|s| s.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect())
        .unwrap_or_default()
}

/// `GET /api/v1/trademarks/search`: marks that may conflict with `mark`, with the reasons
/// each was found (same, similar spelling, pinyin, sound), restricted by class and group.
pub async fn trademark_search(
    State(state): State<AppState>,
    user: Option<User>,
    Q(p): Q<MarkParams>,
) -> Result<Json<MarkResults>, Error> {
    require(user.as_ref(), Action::Search)?;
    if p.mark.trim().is_empty() || p.mark.chars().count() > 100 {
        return Err(Error::bad_request("mark: 1 to 100 characters").zh("商标须为 1 至 100 个字符"));
    }
    let limit = similar_limit(p.limit)?;
    let scope = NiceScope::parse(&list(&p.classes), &list(&p.groups))?;
    let query = MarkQuery { mark: p.mark, scope, limit };
    Ok(Json(state.search(move |index, _| index.trademark_search(&query)).await?))
}
