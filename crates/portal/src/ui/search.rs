//! The search page: the query box with its syntax help, sort, the cross-lingual toggle,
//! grouping by patent family, facets as filter links (each adds a field code to the query),
//! hits with highlighted snippets, pagination, and the whole result set to download (CSV or
//! JSON Lines, streamed by the API's `/api/v1/search/export`). Everything is in the URL, so results can be bookmarked and the
//! page works without scripts.

use super::i18n::{fill, Messages};
use super::layout::{document, Section};
use super::{enc, error_message, Ctx};
use crate::api::search::{parse_sort, MAX_OFFSET, MAX_QUERY};
use crate::auth::require;
use crate::{AppState, Error};
use axum::extract::{RawQuery, State};
use axum::response::Response;
use maud::{html, Markup};
use silkport_accounts::Action;
use silkport_search::family::FamilyResults;
use silkport_search::{Hit, SearchRequest, SearchResults};

/// Hits per page.
pub const PAGE_SIZE: usize = 10;
/// Facet filters one URL may carry.
const MAX_FILTERS: usize = 12;

/// The page's parameters, from the query string (`f` repeats).
#[derive(Debug, Default, Clone)]
pub struct Params {
    pub q: String,
    pub sort: String,
    pub translate: bool,
    pub page: usize,
    /// Facet filters, `(facet, value)`.
    pub filters: Vec<(String, String)>,
    /// One result per patent family.
    pub family: bool,
}

impl Params {
    pub fn parse(raw: Option<&str>) -> Result<Params, Error> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|_| Error::bad_request("the query string is not valid URL encoding").zh("查询参数编码有误"))?;
        let mut p = Params { translate: true, page: 1, sort: "relevance".into(), ..Params::default() };
        for (k, v) in pairs {
            match k.as_str() {
                "q" => p.q = v,
                "sort" => p.sort = v,
                // The form sends a hidden `xl=0` before the checkbox's `xl=1`: the last wins.
                "xl" => p.translate = v != "0",
                "page" => p.page = v.parse().unwrap_or(1).max(1),
                "family" => p.family = v == "1",
                "f" => {
                    if let Some((facet, value)) = v.split_once(':') {
                        if field_code(facet).is_some() && !value.trim().is_empty() && p.filters.len() < MAX_FILTERS {
                            p.filters.push((facet.to_string(), value.to_string()));
                        }
                    }
                }
                _ => {}
            }
        }
        p.filters.dedup();
        Ok(p)
    }

    /// The query string of these parameters, changed by `edit`.
    pub fn url(&self, edit: impl FnOnce(&mut Params)) -> String {
        let mut p = self.clone();
        edit(&mut p);
        let mut pairs: Vec<(&str, String)> = vec![("q", p.q.clone())];
        if p.sort != "relevance" {
            pairs.push(("sort", p.sort.clone()));
        }
        if !p.translate {
            pairs.push(("xl", "0".into()));
        }
        if p.family {
            pairs.push(("family", "1".into()));
        }
        for (f, v) in &p.filters {
            pairs.push(("f", format!("{f}:{v}")));
        }
        if p.page > 1 {
            pairs.push(("page", p.page.to_string()));
        }
        format!("/search?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
    }

    /// The API's streamed export of every result, in this page's order, as `format`.
    pub fn export_url(&self, format: &str) -> String {
        let mut pairs: Vec<(&str, String)> = vec![("q", self.query()), ("format", format.into())];
        pairs.push(("sort", if self.sort == "relevance" { "relevance".into() } else { self.sort.clone() }));
        if !self.translate {
            pairs.push(("translate", "false".into()));
        }
        format!("/api/v1/search/export?{}", serde_urlencoded::to_string(&pairs).unwrap_or_default())
    }

    /// The query the index runs: the user's query, then a field code per facet filter
    /// (written next to it, a code restricts; see docs/query-language.md).
    pub fn query(&self) -> String {
        let mut q = self.q.trim().to_string();
        for (facet, value) in &self.filters {
            let Some(code) = field_code(facet) else { continue };
            if !q.is_empty() {
                q.push(' ');
            }
            if code == "PA" {
                // Names are phrases; a quote inside one cannot be written, so it is dropped.
                let value: String = value.chars().filter(|c| *c != '"' && !c.is_control()).collect();
                q.push_str(&format!("PA=\"{value}\""));
            } else {
                // Codes, classes and years are single tokens: anything else is left out.
                let value: String = value.chars().filter(|c| c.is_alphanumeric() || "/_-.".contains(*c)).collect();
                q.push_str(&format!("{code}={value}"));
            }
        }
        q
    }
}

/// The field code that filters by a facet's value.
pub fn field_code(facet: &str) -> Option<&'static str> {
    Some(match facet {
        "ipc_section" | "ipc_class" | "ipc_subclass" | "ipc_group" => "IPC",
        "applicant" => "PA",
        "country" => "CC",
        // The year facet is the filing year (else publication, else grant).
        "year" => "AD",
        "kind" => "KIND",
        "language" => "LANG",
        "status" => "STATUS",
        _ => return None,
    })
}

/// The facets shown, in this order.
const FACET_ORDER: [&str; 10] = [
    "kind",
    "country",
    "year",
    "ipc_section",
    "ipc_class",
    "ipc_subclass",
    "ipc_group",
    "applicant",
    "language",
    "status",
];

pub async fn page(ctx: Ctx, State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Response, Error> {
    require(ctx.user.as_ref(), Action::Search)?;
    let params = Params::parse(raw.as_deref())?;
    let query = params.query();
    let outcome = if query.is_empty() { None } else { Some(run(&state, &params, query).await) };
    let outcome = match outcome {
        Some(Err(e)) if matches!(e.code(), "bad_query" | "bad_request") => Some(Err(error_message(&ctx, &e))),
        Some(Err(e)) => return Err(e),
        Some(Ok(r)) => Some(Ok(r)),
        None => None,
    };
    Ok(super::private(render(&ctx, &params, outcome)))
}

/// One page of results, grouped by family or not.
pub struct Found {
    pub total: usize,
    /// Families, when grouped.
    pub families: Option<usize>,
    /// Hits with the other matching members of their family (grouped only).
    pub hits: Vec<(Hit, Vec<String>)>,
    pub facets: std::collections::BTreeMap<String, Vec<silkport_search::FacetValue>>,
}

impl From<SearchResults> for Found {
    fn from(r: SearchResults) -> Found {
        Found {
            total: r.total,
            families: None,
            hits: r.hits.into_iter().map(|h| (h, Vec::new())).collect(),
            facets: r.facets,
        }
    }
}

impl From<FamilyResults> for Found {
    fn from(r: FamilyResults) -> Found {
        Found {
            total: r.total,
            families: Some(r.total_families),
            hits: r.hits.into_iter().map(|h| (h.hit, h.family_members)).collect(),
            facets: r.facets,
        }
    }
}

/// The search request of the page's parameters, its bounds checked.
fn request(params: &Params, query: String) -> Result<SearchRequest, Error> {
    if query.len() > MAX_QUERY {
        return Err(Error::bad_request(format!("the query is longer than {MAX_QUERY} bytes")).zh("检索式过长"));
    }
    let offset = (params.page - 1) * PAGE_SIZE;
    if offset > MAX_OFFSET {
        return Err(Error::bad_request(format!("results past the first {MAX_OFFSET} are not paged: narrow the query"))
            .zh(format!("只能翻阅前 {MAX_OFFSET} 条结果，请缩小检索范围")));
    }
    let mut req = SearchRequest::new(query);
    req.limit = PAGE_SIZE;
    req.offset = offset;
    req.sort = parse_sort(Some(&params.sort))?;
    Ok(req)
}

async fn run(state: &AppState, params: &Params, query: String) -> Result<Found, Error> {
    let req = request(params, query)?;
    let (translate, family) = (params.translate, params.family);
    state
        .search(move |index, dict| {
            let dict = translate.then_some(dict);
            if family {
                index.search_families(&req, dict).map(Found::from)
            } else {
                index.search(&req, dict).map(Found::from)
            }
        })
        .await
}

fn render(ctx: &Ctx, p: &Params, outcome: Option<Result<Found, String>>) -> Markup {
    let t = ctx.t();
    let title = if p.q.is_empty() { t.nav_search.to_string() } else { format!("{} – {}", p.q, t.nav_search) };
    let body = html! {
        h1 { (t.search_title) }
        (form(ctx, p))
        @match &outcome {
            None => { (syntax_help(t, true)) }
            Some(Err(message)) => {
                p.error role="alert" #search-error { (t.search_error) " " (message) }
                (syntax_help(t, true))
            }
            Some(Ok(results)) => {
                div.results-layout {
                    (facets(ctx, p, results))
                    section.results aria-labelledby="h-results" {
                        h2 #h-results {
                            @match results.families {
                                Some(n) => (fill(t.results_in_families, &[&results.total.to_string(), &n.to_string()])),
                                None => (fill(t.results_count, &[&results.total.to_string()])),
                            }
                        }
                        (active_filters(ctx, p))
                        @if results.total > 0 {
                            p.exports {
                                (t.export_all) " "
                                a href=(p.export_url("csv")) download { "CSV" } " · "
                                a href=(p.export_url("jsonl")) download { "JSON Lines" }
                            }
                        }
                        @if results.hits.is_empty() {
                            p { (t.no_results) }
                        } @else {
                            ol.hits start=(((p.page - 1) * PAGE_SIZE) + 1) {
                                @for (hit, members) in &results.hits {
                                    li.hit {
                                        h3 {
                                            a href=(format!("/rights/{}", enc(&hit.id))) lang=[hit.lang.as_deref()] {
                                                (hit.title.as_deref().unwrap_or(&hit.id))
                                            }
                                        }
                                        p.meta { code { (hit.id) } }
                                        @if let Some(s) = &hit.snippet {
                                            p.snippet lang=[hit.lang.as_deref()] { (snippet(s)) }
                                        }
                                        @if !members.is_empty() {
                                            p.family {
                                                (fill(t.family_members, &[&members.len().to_string()])) " "
                                                @for (i, m) in members.iter().enumerate() {
                                                    @if i > 0 { ", " }
                                                    a href=(format!("/rights/{}", enc(m))) { code { (m) } }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                            (pagination(ctx, p, results.families.unwrap_or(results.total)))
                        }
                        (syntax_help(t, false))
                    }
                }
            }
        }
    };
    document(ctx, Section::Search, &title, body)
}

fn form(ctx: &Ctx, p: &Params) -> Markup {
    let t = ctx.t();
    html! {
        form.searchbox role="search" method="get" action="/search" {
            label for="q" { (t.search_label) }
            div.row {
                input #q type="search" name="q" value=(p.q) placeholder=(t.search_placeholder)
                    aria-describedby="q-help" maxlength="4096";
                button type="submit" { (t.search_button) }
            }
            p #q-help .hint { (t.search_hint) }
            div.options {
                label for="sort" { (t.sort_label) }
                select #sort name="sort" {
                    @for (value, label) in [("relevance", t.sort_relevance), ("newest", t.sort_newest), ("oldest", t.sort_oldest)] {
                        option value=(value) selected[p.sort == value] { (label) }
                    }
                }
                input type="hidden" name="xl" value="0";
                input #xl type="checkbox" name="xl" value="1" checked[p.translate];
                label for="xl" { (t.crosslingual) }
                input #family type="checkbox" name="family" value="1" checked[p.family];
                label for="family" { (t.group_family) }
                @for (f, v) in &p.filters {
                    input type="hidden" name="f" value=(format!("{f}:{v}"));
                }
            }
        }
    }
}

fn facets(ctx: &Ctx, p: &Params, r: &Found) -> Markup {
    let t = ctx.t();
    html! {
        nav.facets aria-labelledby="h-facets" {
            h2 #h-facets { (t.facets_title) }
            @for name in FACET_ORDER {
                @if let Some(values) = r.facets.get(name).filter(|v| !v.is_empty()) {
                    section.facet {
                        h3 #(format!("facet-{name}")) { (t.facet_name(name)) }
                        ul aria-labelledby=(format!("facet-{name}")) {
                            @for v in values {
                                @let active = p.filters.iter().any(|(f, x)| f == name && x == &v.key);
                                li {
                                    @if active {
                                        span.active aria-current="true" { (facet_value(t, name, &v.key)) " " span.count { (v.count) } }
                                    } @else {
                                        a href=(p.url(|q| { q.filters.push((name.to_string(), v.key.clone())); q.page = 1; })) {
                                            (facet_value(t, name, &v.key)) " " span.count { "(" (v.count) ")" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A facet value as people read it: kinds, statuses and languages by name.
pub fn facet_value(t: &Messages, facet: &str, value: &str) -> String {
    match facet {
        "kind" => t.kind_label(value).to_string(),
        "status" => t.status_label(value).to_string(),
        "language" => t.language_label(value).to_string(),
        _ => value.to_string(),
    }
}

fn active_filters(ctx: &Ctx, p: &Params) -> Markup {
    let t = ctx.t();
    html! {
        @if !p.filters.is_empty() {
            div.filters {
                span { (t.filters_active) }
                ul {
                    @for (i, (f, v)) in p.filters.iter().enumerate() {
                        li {
                            a href=(p.url(|q| { q.filters.remove(i); q.page = 1; }))
                                aria-label=(fill(t.filter_remove, &[&format!("{}: {}", t.facet_name(f), facet_value(t, f, v))])) {
                                (t.facet_name(f)) ": " (facet_value(t, f, v)) " ×"
                            }
                        }
                    }
                }
            }
        }
    }
}

fn pagination(ctx: &Ctx, p: &Params, total: usize) -> Markup {
    let t = ctx.t();
    let last = total.div_ceil(PAGE_SIZE).clamp(1, MAX_OFFSET / PAGE_SIZE + 1);
    let window = p.page.saturating_sub(3).max(1)..=(p.page + 3).min(last);
    html! {
        @if last > 1 {
            nav.pages aria-label=(t.pagination) {
                ul {
                    @if p.page > 1 {
                        li { a href=(p.url(|q| q.page -= 1)) rel="prev" { "‹ " (t.page_prev) } }
                    }
                    @for n in window {
                        li {
                            @if n == p.page {
                                span aria-current="page" { (n) }
                            } @else {
                                a href=(p.url(|q| q.page = n)) aria-label=(fill(t.page_n, &[&n.to_string()])) { (n) }
                            }
                        }
                    }
                    @if p.page < last {
                        li { a href=(p.url(|q| q.page += 1)) rel="next" { (t.page_next) " ›" } }
                    }
                }
            }
        }
    }
}

/// A snippet from the search crate (text HTML-escaped, matches in `<em>`) as text and
/// highlight runs: the markup is parsed, never passed through.
pub fn snippet_parts(s: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut rest = s;
    let mut highlighted = false;
    while !rest.is_empty() {
        let tag = if highlighted { "</em>" } else { "<em>" };
        let (text, next) = match rest.find(tag) {
            Some(i) => (&rest[..i], &rest[i + tag.len()..]),
            None => (rest, ""),
        };
        if !text.is_empty() {
            out.push((highlighted, unescape(text)));
        }
        if rest.contains(tag) {
            highlighted = !highlighted;
        }
        rest = next;
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

fn snippet(s: &str) -> Markup {
    html! {
        @for (hl, text) in snippet_parts(s) {
            @if hl { mark { (text) } } @else { (text) }
        }
    }
}

/// The query language in brief: field codes and operators, from docs/query-language.md.
pub fn syntax_help(t: &Messages, open: bool) -> Markup {
    html! {
        details.syntax open[open] {
            summary { (t.syntax_title) }
            p { (t.syntax_intro) }
            table {
                caption { (t.syntax_codes) }
                thead { tr { th scope="col" { (t.syntax_code) } th scope="col" { (t.syntax_searches) } th scope="col" { (t.syntax_example) } } }
                tbody {
                    @for (code, what, example) in t.syntax_fields {
                        tr { th scope="row" { code { (code) } } td { (what) } td { code { (example) } } }
                    }
                }
            }
            table {
                caption { (t.syntax_operators) }
                thead { tr { th scope="col" { (t.syntax_query) } th scope="col" { (t.syntax_meaning) } } }
                tbody {
                    @for (q, meaning) in t.syntax_ops {
                        tr { td { code { (q) } } td { (meaning) } }
                    }
                }
            }
            p.hint { (t.syntax_more) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_parsed_not_passed_through() {
        let parts = snippet_parts("a &lt;b&gt; <em>氟苯</em> &amp; <em>x</em>…");
        assert_eq!(
            parts,
            vec![
                (false, "a <b> ".to_string()),
                (true, "氟苯".to_string()),
                (false, " & ".to_string()),
                (true, "x".to_string()),
                (false, "…".to_string())
            ]
        );
        // Rendered, the text is escaped again; markup other than the highlight never survives.
        let html = snippet("<em><script>alert(1)</script></em>").into_string();
        assert_eq!(html, "<mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark>");
    }

    #[test]
    fn facet_filters_become_field_codes() {
        let p =
            Params::parse(Some("q=battery&f=ipc_subclass:H01M&f=applicant:A%22B&f=bogus:x&xl=0&xl=1&page=3")).unwrap();
        assert_eq!(p.query(), "battery IPC=H01M PA=\"AB\"");
        assert!(p.translate);
        assert_eq!(p.page, 3);
        let p = Params::parse(Some("q=x&xl=0")).unwrap();
        assert!(!p.translate);
        assert_eq!(p.url(|_| {}), "/search?q=x&xl=0");
    }
}
