//! The record page of one right: bibliographic data, its texts per language (title,
//! abstract, claims with their dependencies, description), citations (linked when the cited
//! document is in the registry), the events timeline, and its entries in the ledger with
//! receipts to download and verify in the browser.

use super::i18n::{fill, Messages};
use super::layout::{document_with, Section};
use super::timeline::{self, Mark, Point};
use super::{enc, verify, Ctx};
use crate::api::rights::load;
use crate::auth::require;
use crate::{AppState, Error};
use axum::extract::{Path, State};
use axum::response::Response;
use maud::{html, Markup};
use silkport_accounts::Action;
use silkport_ledger::derive::right_reference;
use silkport_model::{CitationTarget, ClassScheme, EventKind, Lang, LegalEvent, PartyRole, Right};
use silkport_store::Store;
use std::collections::HashMap;

/// Citations looked up in the registry at most (each is one indexed lookup).
const MAX_CITATION_LOOKUPS: usize = 500;

/// A right with what its page links to.
pub struct Record {
    pub right: Right,
    /// Registry ids of cited documents (and family members) that are in the registry, by
    /// the number as written.
    pub in_registry: HashMap<String, String>,
    /// The right's entries in the ledger: (log index, reference), in log order.
    pub logged: Vec<(u64, String)>,
    /// The log's verifier keys (`name+id+key`), for the browser's verifier.
    pub log_keys: Vec<String>,
    pub has_ledger: bool,
}

pub async fn page(ctx: Ctx, State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, Error> {
    require(ctx.user.as_ref(), Action::ReadRecord)?;
    let record = state.blocking(move |st| st.pool().with(|s| read(st, s, &id))).await?;
    Ok(super::private(render(&ctx, &record)))
}

fn read(state: &AppState, store: &mut dyn Store, id: &str) -> Result<Record, Error> {
    let right = load(store, id)?;
    let mut in_registry = HashMap::new();
    let numbers = right
        .citations
        .iter()
        .filter_map(|c| match &c.target {
            CitationTarget::Patent { id, raw, .. } => Some(id.as_ref().map_or_else(|| raw.clone(), |p| p.to_string())),
            CitationTarget::NonPatent { .. } => None,
        })
        .chain(right.family.members.iter().cloned())
        .take(MAX_CITATION_LOOKUPS);
    for number in numbers {
        if in_registry.contains_key(&number) || number.len() > 64 {
            continue;
        }
        if let [one] = store.resolve(&number)?.as_slice() {
            in_registry.insert(number, one.to_string());
        }
    }
    let mut refs: Vec<String> =
        ["grant", "registration"].iter().map(|e| right_reference(e, right.id.as_str())).collect();
    refs.extend(right.events.iter().map(|e| e.key.clone()));
    let (logged, log_keys) = match state.ledger() {
        Some(ledger) => {
            let mut logged: Vec<(u64, String)> =
                store.ledger_logged(&refs)?.into_iter().map(|l| (l.index, l.reference)).collect();
            logged.sort();
            (logged, ledger.public_keys().unwrap_or_default())
        }
        None => (Vec::new(), Vec::new()),
    };
    Ok(Record { right, in_registry, logged, log_keys, has_ledger: state.ledger().is_some() })
}

/// The text of `list` in the UI's language, else the document's, else the first.
fn pick(list: &[silkport_model::LocalizedText], ui: Lang, doc: Option<Lang>) -> Option<&silkport_model::LocalizedText> {
    list.iter().find(|t| t.lang == ui).or_else(|| list.iter().find(|t| Some(t.lang) == doc)).or_else(|| list.first())
}

fn render(ctx: &Ctx, rec: &Record) -> Markup {
    let t = ctx.t();
    let r = &rec.right;
    let title = pick(&r.texts.titles, ctx.lang.model_lang(), r.lang);
    let heading = title.map_or(r.id.as_str(), |x| x.text.as_str());
    // The reader's language first, then the document's, then the others.
    let mut langs = r.texts.languages();
    langs.sort_by_key(|l| (*l != ctx.lang.model_lang(), Some(*l) != r.lang, *l));
    let body = html! {
        article.record {
            header.record-head {
                p.kicker {
                    (t.kind_label(r.kind.as_str())) " · " (r.office)
                    @if let Some(s) = r.status { " · " span.badge { (t.status_label(s.as_str())) } }
                }
                h1 lang=[title.map(|x| x.lang.as_str())] { (heading) }
                p.ids {
                    code { (r.id) } " · "
                    a href=(format!("/rights/{}/similar", enc(r.id.as_str()))) { (t.similar_link) }
                }
                @if r.synthetic { p.notice { (t.synthetic_notice) } }
            }
            nav.toc aria-label=(t.record_contents) {
                ul {
                    li { a href="#biblio" { (t.record_biblio) } }
                    @for l in &langs { li { a href=(format!("#text-{l}")) { (t.language_label(l.as_str())) } } }
                    @if !r.citations.is_empty() { li { a href="#citations" { (t.record_citations) } } }
                    li { a href="#timeline" { (t.record_timeline) } }
                    li { a href="#ledger" { (t.record_ledger) } }
                }
            }
            (biblio(t, rec))
            @for l in &langs { (texts(t, r, *l)) }
            @if !r.citations.is_empty() { (citations(t, rec)) }
            (events(t, r))
            (ledger(ctx, rec))
        }
    };
    document_with(ctx, Section::Search, heading, &["verify.js"], body)
}

fn search_link(q: &str) -> String {
    format!("/search?q={}", enc(q))
}

fn biblio(t: &Messages, rec: &Record) -> Markup {
    let r = &rec.right;
    let d = &r.dates;
    let dates = [
        (t.date_filing, d.filing),
        (t.date_publication, d.publication),
        (t.date_grant, d.grant),
        (t.date_expiry, d.expiry),
    ];
    html! {
        section #biblio aria-labelledby="h-biblio" {
            h2 #h-biblio { (t.record_biblio) }
            dl.biblio {
                @if let Some(p) = &r.publication { dt { (t.publication_number) } dd { code { (p) } } }
                @if let Some(a) = &r.application { dt { (t.application_number) } dd { code { (a) } } }
                @if let Some(reg) = &r.registration { dt { (t.registration_number) } dd { code { (reg) } } }
                dt { (t.office) } dd { (r.office) }
                dt { (t.kind) } dd { (t.kind_label(r.kind.as_str())) }
                @if let Some(s) = r.status { dt { (t.status) } dd { (t.status_label(s.as_str())) } }
                @if let Some(l) = r.lang { dt { (t.document_language) } dd { (t.language_label(l.as_str())) } }
                @for (label, date) in dates {
                    @if let Some(date) = date { dt { (label) } dd { time datetime=(date) { (date) } } }
                }
                @if !r.priorities.is_empty() {
                    dt { (t.priorities) }
                    dd { ul.plain { @for p in &r.priorities { li { (p.country) " " (p.number) @if let Some(d) = p.date { " (" (d) ")" } } } } }
                }
                @if !r.classifications.is_empty() {
                    dt { (t.classifications) }
                    dd {
                        ul.plain {
                            @for c in &r.classifications {
                                li {
                                    (c.scheme.as_str().to_uppercase()) " "
                                    @match c.scheme {
                                        ClassScheme::Ipc | ClassScheme::Cpc => {
                                            a href=(search_link(&format!("{}={}", c.scheme.as_str().to_uppercase(), c.symbol))) { code { (c.symbol) } }
                                        }
                                        _ => { code { (c.symbol) } }
                                    }
                                    @if c.main { " " span.hint { (t.main_class) } }
                                }
                            }
                        }
                    }
                }
                @for role in PartyRole::ALL {
                    @let parties: Vec<_> = r.parties_in(role).collect();
                    @if !parties.is_empty() {
                        dt { (t.role_label(role.as_str())) }
                        dd {
                            ul.plain {
                                @for p in parties {
                                    li {
                                        @if matches!(role, PartyRole::Applicant | PartyRole::Assignee | PartyRole::Holder) {
                                            a href=(search_link(&format!("PA=\"{}\"", p.name().replace('"', "")))) { (p.name()) }
                                        } @else if matches!(role, PartyRole::Inventor | PartyRole::Author) {
                                            a href=(search_link(&format!("IN=\"{}\"", p.name().replace('"', "")))) { (p.name()) }
                                        } @else {
                                            (p.name())
                                        }
                                        @if let Some(addr) = p.address.as_ref().and_then(|a| a.text.as_deref().or(a.country.as_deref())) {
                                            span.hint { " · " (addr) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @if r.family.id.is_some() || !r.family.members.is_empty() {
                    dt { (t.family) }
                    dd {
                        @if let Some(f) = &r.family.id { (t.family_id) " " code { (f) } }
                        ul.plain {
                            @for m in &r.family.members { li { (number_link(rec, m)) } }
                        }
                    }
                }
                dt { (t.source) }
                // The file's name only: where the server keeps its files is none of the page's business.
                dd {
                    (r.source.format)
                    @if let Some(f) = r.source.file.as_deref().and_then(|f| f.rsplit(['/', '\\']).next()) { " · " code { (f) } }
                }
            }
            @if !r.attributes.is_empty() {
                details {
                    summary { (t.attributes) " (" (r.attributes.len()) ")" }
                    table {
                        thead { tr { th scope="col" { (t.attribute) } th scope="col" { (t.value) } } }
                        tbody { @for (k, v) in &r.attributes { tr { th scope="row" { code { (k) } } td { (v) } } } }
                    }
                }
            }
        }
    }
}

/// A document number, linked to its record when it is in the registry.
fn number_link(rec: &Record, number: &str) -> Markup {
    html! {
        @match rec.in_registry.get(number) {
            Some(id) => a href=(format!("/rights/{}", enc(id))) { code { (number) } },
            None => code { (number) },
        }
    }
}

fn texts(t: &Messages, r: &Right, lang: Lang) -> Markup {
    let of = |list: &[silkport_model::LocalizedText]| list.iter().find(|x| x.lang == lang).map(|x| x.text.clone());
    let claims = r.texts.claims.iter().find(|c| c.lang == lang);
    let l = lang.as_str();
    html! {
        section.texts #(format!("text-{l}")) aria-labelledby=(format!("h-text-{l}")) {
            h2 #(format!("h-text-{l}")) { (fill(t.texts_in, &[&t.language_label(l)])) }
            div lang=(l) {
                @if let Some(title) = of(&r.texts.titles) { h3 { (t.title) } p.title { (title) } }
                @if let Some(a) = of(&r.texts.abstracts) { h3 { (t.abstract_) } (super::layout::paragraphs(&a)) }
                @if let Some(set) = claims {
                    h3 { (t.claims) " (" (set.claims.len()) ")" }
                    ol.claims {
                        @for c in &set.claims {
                            li #(format!("claim-{l}-{}", c.num)) value=(c.num) {
                                p.claim-head lang=(t.lang_code) {
                                    strong { (fill(t.claim_n, &[&c.num.to_string()])) }
                                    @if c.depends_on.is_empty() {
                                        " · " span.badge { (t.claim_independent) }
                                    } @else {
                                        " · " (t.claim_refers_to) " "
                                        @for (i, n) in c.depends_on.iter().enumerate() {
                                            @if i > 0 { ", " }
                                            a href=(format!("#claim-{l}-{n}")) { (fill(t.claim_n, &[&n.to_string()])) }
                                        }
                                    }
                                }
                                (super::layout::paragraphs(&c.text))
                            }
                        }
                    }
                }
                @if let Some(d) = of(&r.texts.descriptions) {
                    details.description {
                        summary lang=(t.lang_code) { (t.description) " (" (fill(t.n_chars, &[&d.chars().count().to_string()])) ")" }
                        (super::layout::paragraphs(&d))
                    }
                }
            }
        }
    }
}

fn citations(t: &Messages, rec: &Record) -> Markup {
    html! {
        section #citations aria-labelledby="h-citations" {
            h2 #h-citations { (t.record_citations) " (" (rec.right.citations.len()) ")" }
            table {
                thead {
                    tr {
                        th scope="col" { (t.cited_document) }
                        th scope="col" { (t.date) }
                        th scope="col" { (t.cited_name) }
                        th scope="col" { (t.category) }
                        th scope="col" { (t.cited_by) }
                    }
                }
                tbody {
                    @for c in &rec.right.citations {
                        tr {
                            @match &c.target {
                                CitationTarget::Patent { id, raw, date, name } => {
                                    @let number = id.as_ref().map_or_else(|| raw.clone(), |p| p.to_string());
                                    th scope="row" { (number_link(rec, &number)) }
                                    td { @if let Some(d) = date { (d) } }
                                    td { @if let Some(n) = name { (n) } }
                                }
                                CitationTarget::NonPatent { text } => {
                                    th scope="row" colspan="3" { span.hint { (t.non_patent) ": " } (text) }
                                }
                            }
                            td { @if let Some(cat) = &c.category { (cat) } }
                            td { @if let Some(by) = &c.cited_by { (t.cited_by_label(by)) } }
                        }
                    }
                }
            }
        }
    }
}

fn mark_of(kind: EventKind) -> Mark {
    use EventKind as K;
    match kind {
        K::Transfer | K::Licence | K::Pledge | K::Release | K::Merger | K::NameChange => Mark::Deal,
        K::Filing | K::Publication | K::Grant | K::Registration | K::Expiry => Mark::Life,
        _ => Mark::Procedure,
    }
}

fn event_details(t: &Messages, e: &LegalEvent) -> Markup {
    let mut lines: Vec<Markup> = Vec::new();
    if e.description.is_some() || e.code.is_some() {
        lines.push(html! {
            @if let Some(d) = &e.description { (d) " " }
            @if let Some(c) = &e.code { span.hint { "[" (c) "]" } }
        });
    }
    lines.extend(e.parties.iter().map(|p| html! { (t.role_label(p.role.as_str())) ": " (p.name()) }));
    lines.extend(e.amount.as_ref().map(|a| html! { (t.amount) ": " (a) }));
    lines.extend(e.reference.as_ref().map(|r| html! { span.hint { (t.reference) " " code { (r) } } }));
    html! {
        @for (i, line) in lines.iter().enumerate() {
            @if i > 0 { br; }
            (line)
        }
    }
}

fn events(t: &Messages, r: &Right) -> Markup {
    let d = &r.dates;
    let mut points: Vec<Point> = [
        (d.filing, t.date_filing),
        (d.publication, t.date_publication),
        (d.grant, t.date_grant),
        (d.expiry, t.date_expiry),
    ]
    .into_iter()
    .filter_map(|(date, label)| Some(Point { date: date?, label: label.to_string(), mark: Mark::Life }))
    .chain(r.priorities.iter().filter_map(|p| {
        Some(Point { date: p.date?, label: format!("{} {} {}", t.priority, p.country, p.number), mark: Mark::Life })
    }))
    .collect();
    let mut dated: Vec<&LegalEvent> = r.events.iter().filter(|e| e.date.is_some()).collect();
    dated.sort_by_key(|e| e.date);
    points.extend(dated.iter().filter_map(|e| {
        Some(Point { date: e.date?, label: t.event_label(e.kind.as_str()).to_string(), mark: mark_of(e.kind) })
    }));
    let undated: Vec<&LegalEvent> = r.events.iter().filter(|e| e.date.is_none()).collect();
    let count = points.len();
    html! {
        section #timeline aria-labelledby="h-timeline" {
            h2 #h-timeline { (t.record_timeline) }
            @if points.is_empty() {
                p { (t.no_dates) }
            } @else {
                figure {
                    (timeline::svg(&mut points, &fill(t.timeline_title, &[r.id.as_str()]), &fill(t.timeline_desc, &[&count.to_string()])))
                    figcaption { (t.timeline_caption) @if count > timeline::MAX_ROWS { " " (fill(t.timeline_more, &[&timeline::MAX_ROWS.to_string()])) } }
                }
                @if !r.events.is_empty() {
                    table.events {
                        caption { (t.events_table) " (" (r.events.len()) ")" }
                        thead { tr { th scope="col" { (t.date) } th scope="col" { (t.event) } th scope="col" { (t.details) } } }
                        tbody {
                            @for e in dated.iter().chain(undated.iter()) {
                                tr {
                                    td { @match e.date { Some(d) => time datetime=(d) { (d) }, None => span.hint { (t.undated) } } }
                                    th scope="row" { (t.event_label(e.kind.as_str())) }
                                    td { (event_details(t, e)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn ledger(ctx: &Ctx, rec: &Record) -> Markup {
    let t = ctx.t();
    let r = &rec.right;
    let label = |reference: &str| -> String {
        if let Some(e) = r.events.iter().find(|e| e.key == reference) {
            let date = e.date.map(|d| d.to_string()).unwrap_or_default();
            return format!("{} {}", t.event_label(e.kind.as_str()), date);
        }
        let event = reference.split(':').next().unwrap_or("");
        let date = r.dates.grant.map(|d| d.to_string()).unwrap_or_default();
        format!("{} {}", t.event_label(event), date)
    };
    html! {
        section #ledger aria-labelledby="h-ledger" {
            h2 #h-ledger { (t.record_ledger) }
            p { (t.ledger_intro) }
            @if !rec.has_ledger {
                p.notice { (t.ledger_none) }
            } @else if rec.logged.is_empty() {
                p.notice { (t.ledger_not_logged) }
            } @else {
                (verify::receipts(ctx, &rec.log_keys, rec.logged.iter().map(|(i, reference)| (*i, label(reference), reference.as_str()))))
            }
        }
    }
}
