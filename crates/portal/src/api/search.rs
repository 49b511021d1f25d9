//! `GET /api/v1/search`: the query language with facets, sort and pagination.

use super::extract::Q;
use crate::auth::{require, User};
use crate::{AppState, Error};
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use silkport_accounts::Action;
use silkport_model::Lang;
use silkport_search::{SearchRequest, SearchResults, Sort};

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

/// One page of hits with snippets and facet counts.
pub async fn search(
    State(state): State<AppState>,
    user: Option<User>,
    Q(params): Q<SearchParams>,
) -> Result<Json<SearchResults>, Error> {
    require(user.as_ref(), Action::Search)?;
    let req = params.request()?;
    let translate = params.translate.unwrap_or(true);
    let results = state.search(move |index, dict| index.search(&req, translate.then_some(dict))).await?;
    Ok(Json(results))
}
