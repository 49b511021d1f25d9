//! How a right becomes an index document: its texts into the fields of their language's
//! analyzer, its numbers, classes, parties, dates and status into keyword, date and fast
//! fields, and a title and a passage stored for hits and snippets.

use crate::analysis::Analyzer;
use crate::schema::{Fields, Section};
use silkport_model::{ClassScheme, IpcSymbol, Lang, LocalizedText, PartyRole, Right};
use std::collections::BTreeSet;
use tantivy::TantivyDocument;

/// Characters of the stored passage that snippets are cut from.
const SNIPPET_SOURCE_CHARS: usize = 3000;

pub fn document(f: &Fields, r: &Right) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.id, r.id.as_str());
    add_numbers(f, r, &mut d);
    add_texts(f, r, &mut d);
    add_parties(f, r, &mut d);
    add_classes(f, r, &mut d);
    add_keywords(f, r, &mut d);
    add_dates(f, r, &mut d);
    add_stored(f, r, &mut d);
    crate::marks::add_fields(f, r, &mut d);
    crate::family::add_fields(f, r, &mut d);
    d
}

fn add_numbers(f: &Fields, r: &Right, d: &mut TantivyDocument) {
    let mut pns = BTreeSet::from([r.id.to_string()]);
    if let Some(p) = &r.publication {
        pns.insert(p.to_string());
        pns.insert(p.key().0);
    }
    pns.extend(r.registration.clone());
    for pn in pns {
        d.add_text(f.pn, pn);
    }
    if let Some(a) = r.app_key() {
        d.add_text(f.an, a);
    }
    if let (true, Some(k)) = (r.source.stub, r.pub_key()) {
        d.add_text(f.stub_key, k.0);
    }
}

fn add_texts(f: &Fields, r: &Right, d: &mut TantivyDocument) {
    let t = &r.texts;
    let put =
        |d: &mut TantivyDocument, s: Section, l: Lang, text: &str| d.add_text(f.text(s, Analyzer::for_lang(l)), text);
    for x in &t.titles {
        put(d, Section::Title, x.lang, &x.text);
    }
    for x in &t.abstracts {
        put(d, Section::Abstract, x.lang, &x.text);
    }
    for set in &t.claims {
        put(d, Section::Claims, set.lang, &claims_text(&set.claims));
    }
    for x in &t.descriptions {
        put(d, Section::Description, x.lang, &x.text);
    }
}

/// Claims as one text, each claim a paragraph (so PARA means "in the same claim").
pub fn claims_text(claims: &[silkport_model::Claim]) -> String {
    claims.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\n")
}

fn add_parties(f: &Fields, r: &Right, d: &mut TantivyDocument) {
    for p in &r.parties {
        let field = match p.role {
            PartyRole::Applicant | PartyRole::Assignee | PartyRole::Holder => f.pa,
            PartyRole::Inventor | PartyRole::Author => f.inventor,
            _ => continue,
        };
        for n in &p.names {
            d.add_text(field, &n.text);
        }
        if field == f.pa && !p.name().is_empty() {
            d.add_text(f.f_applicant, p.name());
        }
    }
}

fn add_classes(f: &Fields, r: &Right, d: &mut TantivyDocument) {
    let mut facets: [BTreeSet<String>; 4] = Default::default();
    let has_ipc = r.classifications.iter().any(|c| c.scheme == ClassScheme::Ipc);
    for c in &r.classifications {
        let field = match c.scheme {
            ClassScheme::Ipc => f.ipc,
            ClassScheme::Cpc => f.cpc,
            _ => continue,
        };
        let Ok(sym) = IpcSymbol::parse(&c.symbol) else { continue };
        for level in sym.hierarchy() {
            d.add_text(field, level);
        }
        // Facets count IPC; a right classified only in CPC is counted by its CPC symbols.
        if field == f.ipc || !has_ipc {
            let levels = [Some(sym.section()), sym.class(), sym.subclass(), sym.main_group()];
            for (set, level) in facets.iter_mut().zip(levels) {
                set.extend(level);
            }
        }
    }
    for (field, set) in [f.f_section, f.f_class, f.f_subclass, f.f_group].into_iter().zip(facets) {
        for v in set {
            d.add_text(field, v);
        }
    }
}

fn add_keywords(f: &Fields, r: &Right, d: &mut TantivyDocument) {
    let mut countries = BTreeSet::from([r.office.clone()]);
    countries.extend(r.publication.as_ref().map(|p| p.country().to_string()));
    for c in countries {
        d.add_text(f.cc, c);
    }
    d.add_text(f.kind, r.kind.as_str());
    d.add_text(f.f_kind, r.kind.as_str());
    if let Some(k) = r.publication.as_ref().and_then(|p| p.kind()) {
        d.add_text(f.kind, k);
    }
    let mut langs: BTreeSet<Lang> = r.texts.languages().into_iter().collect();
    langs.extend(r.lang);
    for l in langs {
        d.add_text(f.lang, l.as_str());
    }
    if let Some(s) = r.status {
        d.add_text(f.status, s.as_str());
    }
}

fn add_dates(f: &Fields, r: &Right, d: &mut TantivyDocument) {
    if let Some(p) = r.dates.publication.or(r.dates.grant) {
        d.add_i64(f.pd, p.to_days());
    }
    if let Some(a) = r.dates.filing {
        d.add_i64(f.ad, a.to_days());
    }
    for p in r.priorities.iter().filter_map(|p| p.date) {
        d.add_i64(f.prd, p.to_days());
    }
    if let Some(y) = r.year() {
        d.add_u64(f.year, u64::from(y));
    }
}

fn add_stored(f: &Fields, r: &Right, d: &mut TantivyDocument) {
    if let Some(t) = pick(&r.texts.titles, r.lang) {
        d.add_text(f.title, &t.text);
        d.add_text(f.title_lang, t.lang.as_str());
    }
    if let Some((lang, text)) = passage(r) {
        let cut: String = text.chars().take(SNIPPET_SOURCE_CHARS).collect();
        d.add_text(f.snip, cut);
        d.add_text(f.snip_lang, lang.as_str());
    }
}

/// The text in the document's language, else the first one.
fn pick(list: &[LocalizedText], lang: Option<Lang>) -> Option<&LocalizedText> {
    list.iter().find(|t| Some(t.lang) == lang).or_else(|| list.first())
}

/// The passage snippets are cut from: the abstract, else the claims, else the description.
fn passage(r: &Right) -> Option<(Lang, String)> {
    let t = &r.texts;
    if let Some(a) = pick(&t.abstracts, r.lang) {
        return Some((a.lang, a.text.clone()));
    }
    if let Some(c) = t.claims.iter().find(|c| Some(c.lang) == r.lang).or_else(|| t.claims.first()) {
        return Some((c.lang, claims_text(&c.claims)));
    }
    pick(&t.descriptions, r.lang).map(|x| (x.lang, x.text.clone()))
}
