//! The trademark conflict check: a mark with Nice classes and similar-goods groups (类似群),
//! and the registered marks and geographical indications that may conflict with it, ranked,
//! each with the reasons the matchers gave (same key, same pinyin, transliteration, sound,
//! spelling distance…). Also "documents like this one" for a record.

use super::i18n::fill;
use super::layout::{document, Section};
use super::{enc, error_message, Ctx};
use crate::api::extract::Q;
use crate::api::rights::load;
use crate::auth::{require, Client};
use crate::ratelimit::Bucket;
use crate::{AppState, Error};
use axum::extract::{Path, State};
use axum::response::Response;
use maud::{html, Markup};
use serde::Deserialize;
use silkport_accounts::Action;
use silkport_search::marks::nice::NiceScope;
use silkport_search::marks::{MarkQuery, MarkResults};
use silkport_search::similar::{SimilarResults, SimilarSource};

/// Candidates listed.
const CANDIDATES: usize = 30;
/// Longest mark accepted, in characters.
const MAX_MARK: usize = 100;

#[derive(Debug, Default, Deserialize)]
pub struct TmParams {
    #[serde(default)]
    mark: Option<String>,
    /// Nice classes, separated by commas or spaces.
    #[serde(default)]
    class: Option<String>,
    /// Similar-goods groups (four digits), separated by commas or spaces.
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    #[allow(dead_code)] // the UI layer reads the language switch
    lang: Option<String>,
}

fn codes(s: &Option<String>) -> Vec<String> {
    s.as_deref()
        .unwrap_or("")
        .split([',', ' ', '，', '、', ';'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .take(50)
        .map(str::to_string)
        .collect()
}

pub async fn page(ctx: Ctx, State(state): State<AppState>, Q(p): Q<TmParams>) -> Result<Response, Error> {
    require(ctx.user.as_ref(), Action::Search)?;
    let mark = p.mark.as_deref().map(str::trim).unwrap_or("").to_string();
    let outcome = if mark.is_empty() {
        None
    } else {
        let result = run(&state, &p, mark.clone()).await;
        match result {
            Ok(r) => Some(Ok(r)),
            Err(e) if matches!(e.code(), "bad_request" | "bad_query") => Some(Err(error_message(&ctx, &e))),
            Err(e) => return Err(e),
        }
    };
    let t = ctx.t();
    let field = |id: &str, label: &str, value: &Option<String>, help: &str, extra: Markup| {
        html! {
            div.field {
                label for=(id) { (label) }
                input #(id) type="text" name=(id) value=(value.as_deref().unwrap_or("")) maxlength="200"
                    aria-describedby=(format!("{id}-help"));
                p.hint #(format!("{id}-help")) { (help) (extra) }
            }
        }
    };
    let body = html! {
        h1 { (t.tm_title) }
        p.lead { (t.tm_intro) }
        form.panel.inline-form method="get" action="/trademarks" {
            (field("mark", t.tm_mark, &p.mark, t.tm_mark_help, html! {}))
            (field("class", t.tm_class, &p.class, t.tm_class_help, html! {}))
            (field("group", t.tm_group, &p.group, t.tm_group_help, html! {}))
            button type="submit" { (t.tm_submit) }
        }
        @match &outcome {
            None => {}
            Some(Err(message)) => { p.error role="alert" { (message) } }
            Some(Ok(r)) => { (results(&ctx, r)) }
        }
    };
    Ok(super::private(document(&ctx, Section::Trademarks, t.tm_title, body)))
}

async fn run(state: &AppState, p: &TmParams, mark: String) -> Result<MarkResults, Error> {
    if mark.chars().count() > MAX_MARK || mark.chars().any(char::is_control) {
        return Err(Error::bad_request(format!("a mark is at most {MAX_MARK} characters")).zh("商标最多 100 个字符"));
    }
    let scope = NiceScope::parse(&codes(&p.class), &codes(&p.group))?;
    let q = MarkQuery { mark, scope, limit: CANDIDATES };
    state.search(move |index, _| index.trademark_search(&q)).await
}

fn results(ctx: &Ctx, r: &MarkResults) -> Markup {
    let t = ctx.t();
    html! {
        section aria-labelledby="h-candidates" {
            h2 #h-candidates { (fill(t.tm_found, &[&r.total.to_string(), &r.candidates.len().to_string()])) }
            p.hint {
                (t.tm_compared) " " code { (r.query.key) }
                @if let Some(py) = &r.query.pinyin { " · " (t.tm_pinyin) " " code { (py) } }
                @if !r.query.phonetic.is_empty() { " · " (t.tm_sound) " " code { (r.query.phonetic.join(" ")) } }
                " · " (t.tm_scope) " "
                @if r.scope.is_empty() { (t.tm_all_classes) } @else {
                    (r.scope.classes.iter().cloned().collect::<Vec<_>>().join(", "))
                    @if !r.scope.groups.is_empty() { " / " (r.scope.groups.iter().cloned().collect::<Vec<_>>().join(", ")) }
                }
            }
            @if r.candidates.is_empty() {
                p { (t.tm_none) }
            } @else {
                div.table-wrap {
                    table.candidates {
                        thead { tr {
                            th scope="col" { "#" } th scope="col" { (t.tm_candidate) } th scope="col" { (t.tm_similarity) }
                            th scope="col" { (t.tm_classes) } th scope="col" { (t.status) } th scope="col" { (t.tm_reasons) }
                        } }
                        tbody {
                            @for (i, c) in r.candidates.iter().enumerate() {
                                tr {
                                    td.n { (i + 1) }
                                    th scope="row" {
                                        a href=(format!("/rights/{}", enc(&c.id))) { (c.mark) }
                                        br; code.hint { (c.id) }
                                        @if let Some(py) = &c.pinyin { br; span.hint { (py) } }
                                        @if c.kind.as_deref() == Some("geographical_indication") { br; span.badge { (t.kind_label("geographical_indication")) } }
                                    }
                                    td.n { (format!("{:.0}%", c.similarity * 100.0)) }
                                    td {
                                        (c.classes.join(", "))
                                        // Two-digit "groups" are classes given without a group.
                                        @let groups: Vec<&str> = c.groups.iter().map(String::as_str).filter(|g| g.len() == 4).collect();
                                        @if !groups.is_empty() { br; span.hint { (groups.join(", ")) } }
                                        @match c.same_group { Some(true) => { br; span.badge.pending { (t.tm_same_group) } }, Some(false) => { br; span.hint { (t.tm_other_group) } }, None => {} }
                                    }
                                    td { @if let Some(s) = &c.status { (t.status_label(s)) } }
                                    td {
                                        ul.plain {
                                            @for reason in &c.reasons {
                                                li {
                                                    (t.matcher_label(&serde_json::to_value(reason.matcher).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()))
                                                    ": " code { (reason.detail) }
                                                    @if let Some(d) = reason.distance { " " span.hint { (fill(t.tm_edits, &[&d.to_string()])) } }
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
    }
}

/// `GET /rights/{id}/similar`: documents like this right (rate-limited: it reads the texts
/// and runs a long query).
pub async fn similar(
    ctx: Ctx,
    client: Client,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    require(ctx.user.as_ref(), Action::Search)?;
    let right = state.store(move |s| load(s, &id)).await?;
    state.limits().check(Bucket::Expensive, &client.key(ctx.user.as_ref()))?;
    let source = right.clone();
    let found: SimilarResults =
        state.search(move |index, dict| index.similar(SimilarSource::Right(&source), Some(dict), 20)).await?;
    let t = ctx.t();
    let title = right.title().unwrap_or(right.id.as_str()).to_string();
    let body = html! {
        p.kicker { a href=(format!("/rights/{}", enc(right.id.as_str()))) { "← " (title) } }
        h1 { (fill(t.similar_title, &[right.id.as_str()])) }
        p.hint { (t.similar_terms) " " @for term in found.terms.iter().take(20) { code lang=(term.lang) { (term.term) } " " } }
        @if found.hits.is_empty() { p { (t.no_results) } } @else {
            ol.hits {
                @for h in &found.hits {
                    li.hit {
                        h3 { a href=(format!("/rights/{}", enc(&h.id))) lang=[h.lang.as_deref()] { (h.title.as_deref().unwrap_or(&h.id)) } }
                        p.meta { code { (h.id) } " · " (t.similar_score) " " (format!("{:.2}", h.score)) @if h.same_family { " · " span.badge { (t.similar_same_family) } } }
                    }
                }
            }
        }
    };
    Ok(super::private(document(&ctx, Section::Search, &fill(t.similar_title, &[right.id.as_str()]), body)))
}
