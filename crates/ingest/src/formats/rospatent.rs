//! Rospatent search-platform responses (`{"total", "available", "hits": [...]}`) covering
//! RU, EA, UA, BY and TJ documents: ids, titles and parties in ru/en/uk/tg, IPC/CPC,
//! priorities, dates, the Russian description snippet and citations.

use super::util::{split_country_suffix, strip_tags};
use crate::{Context, Format, IngestError, Item, Position, RecordError, Sink};
use serde_json::{Map, Value};
use silkport_model::{
    Address, AppNumber, Citation, CitationTarget, ClassScheme, Classification, Date, Lang, LocalizedText, Party,
    PartyRole, Priority, PublicationId, Right, RightId, RightKind,
};
use std::io::{BufRead, Read};

pub struct Rospatent;

const NAME: &str = "rospatent";

/// A response is one JSON document read whole; real ones are under 100 KB (10 hits), the
/// platform pages at most 100 hits, so anything bigger is not a response.
const MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// Party roles as the platform names them. `patentee` is the owner of the patent.
const ROLES: [(&str, PartyRole); 3] =
    [("applicant", PartyRole::Applicant), ("inventor", PartyRole::Inventor), ("patentee", PartyRole::Assignee)];

impl Format for Rospatent {
    fn name(&self) -> &'static str {
        NAME
    }
    fn describe(&self) -> &'static str {
        "Rospatent search platform JSON response (RU/EA/UA/BY/TJ hits, multilingual biblio)"
    }
    fn sniff(&self, _name: &str, head: &[u8]) -> bool {
        let has = |s| crate::detect::contains(head, s);
        head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
            && has("\"hits\"")
            && has("\"publishing_office\"")
            && has("\"document_number\"")
    }
    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        let malformed = |message: String| IngestError::Malformed { path: ctx.file.clone(), message };
        let mut text = Vec::new();
        input
            .take(MAX_RESPONSE_BYTES + 1)
            .read_to_end(&mut text)
            .map_err(|source| IngestError::Io { path: ctx.file.clone(), source })?;
        if text.len() as u64 > MAX_RESPONSE_BYTES {
            return Err(malformed(format!("larger than {MAX_RESPONSE_BYTES} bytes: not a search response")));
        }
        let response: Value = serde_json::from_slice(&text).map_err(|e| malformed(format!("not JSON: {e}")))?;
        let hits = response.get("hits").and_then(Value::as_array).ok_or_else(|| malformed("no `hits` array".into()))?;
        for (i, hit) in hits.iter().enumerate() {
            let item = hit_right(hit, &ctx.file)
                .map(|r| Item::Right(Box::new(r)))
                .map_err(|m| RecordError::new(Position::Record(i as u64 + 1), m));
            sink(item)?;
        }
        Ok(())
    }
}

fn hit_right(hit: &Value, file: &str) -> Result<Right, String> {
    let common = hit.get("common").ok_or("hit has no `common` section")?;
    let office = str_at(common, "publishing_office").ok_or("no publishing_office")?.to_ascii_uppercase();
    let number = str_at(common, "document_number").ok_or("no document_number")?;
    let kind = str_at(common, "kind");
    let pubid = PublicationId::new(&office, number, kind).map_err(|e| format!("publication number: {e}"))?;
    let mut right = Right::new(RightId::from(pubid), RightKind::from_patent_kind(&office, kind), &office, NAME);

    let published = optional_date(common, "publication_date")?;
    right.dates.publication = published;
    if kind.is_some_and(|k| is_grant(&office, k)) {
        right.dates.grant = published;
    }
    if let Some(app) = common.get("application") {
        read_application(&mut right, &office, app)?;
    }
    right.priorities = priorities(common.get("priority"));
    right.classifications = classes(common.get("classification"))?;

    let biblio = hit.get("biblio").and_then(Value::as_object).ok_or("hit has no `biblio` section")?;
    let langs = languages(biblio, &office);
    right.lang = langs.first().map(|(l, _)| *l);
    for (lang, b) in &langs {
        if let Some(title) = str_at(b, "title") {
            right.texts.titles.push(LocalizedText::new(*lang, title));
        }
    }
    right.texts.titles.sort_by_key(|t| t.lang);
    right.parties = parties(&langs);
    read_citations(&mut right, &langs);

    if let Some(snippet) = hit.get("snippet") {
        let lang = str_at(snippet, "lang").and_then(|l| Lang::parse(l).ok()).unwrap_or(Lang::RU);
        if let Some(d) = str_at(snippet, "description").map(strip_tags).filter(|d| !d.is_empty()) {
            right.texts.descriptions.push(LocalizedText::new(lang, d));
            // The search hit carries an excerpt, not the whole description.
            right.attributes.insert("description_is_snippet".into(), "true".into());
        }
    }
    for (key, value) in [("rospatent_id", hit.get("id")), ("dataset", hit.get("dataset"))] {
        if let Some(v) = value.and_then(Value::as_str) {
            right.attributes.insert(key.into(), v.to_string());
        }
    }
    right.source.file = Some(file.to_string());
    right.source.revision = published.map(|d| d.to_string().replace('-', ""));
    Ok(right)
}

/// Patent (rather than application) kinds: `C*` in RU/UA/BY/TJ/KZ…, `B*` at the EAPO.
fn is_grant(office: &str, kind: &str) -> bool {
    match office {
        "EA" => kind.starts_with('B'),
        _ => kind.starts_with('C'),
    }
}

fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty())
}

/// The platform writes dates `2000.10.16`.
fn optional_date(v: &Value, key: &str) -> Result<Option<Date>, String> {
    str_at(v, key).map(|s| Date::parse(s).map_err(|_| format!("{key} `{s}` is not a date"))).transpose()
}

fn read_application(right: &mut Right, office: &str, app: &Value) -> Result<(), String> {
    right.dates.filing = optional_date(app, "filing_date")?;
    if let Some(start) = str_at(app, "rights_start_date") {
        right.attributes.insert("rights_start_date".into(), start.to_string());
    }
    if let Some(raw) = str_at(app, "number") {
        // RU numbers carry the examining division after a slash (`2014131398/11`): not part
        // of the number, and it would run into it once the slash is dropped.
        let number = raw.split_once('/').filter(|_| office == "RU").map_or(raw, |(n, _)| n);
        let app = AppNumber::from_parts(office, number).map_err(|e| format!("application number: {e}"))?;
        if number != raw {
            right.attributes.insert("app_number_raw".into(), raw.to_string());
        }
        right.application = Some(app);
    }
    Ok(())
}

/// `priority` is one object or a list (with repeats in the TJ data); the country is
/// `country` or `publishing_office`.
fn priorities(v: Option<&Value>) -> Vec<Priority> {
    let items: Vec<&Value> = match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(o @ Value::Object(_)) => vec![o],
        _ => vec![],
    };
    let mut out: Vec<Priority> = Vec::new();
    for p in items {
        let Some(number) = str_at(p, "number") else { continue };
        let country = str_at(p, "country").or_else(|| str_at(p, "publishing_office")).unwrap_or("").to_string();
        let date = str_at(p, "filing_date").and_then(|d| Date::parse(d).ok());
        let priority = Priority { country, number: number.to_string(), date };
        if !out.contains(&priority) {
            out.push(priority);
        }
    }
    out
}

/// IPC and CPC from their `fullname`s; the first of each scheme is flagged main.
fn classes(v: Option<&Value>) -> Result<Vec<Classification>, String> {
    let mut out = Vec::new();
    for (key, scheme) in [("ipc", ClassScheme::Ipc), ("cpc", ClassScheme::Cpc)] {
        let list = v.and_then(|c| c.get(key)).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        for (i, c) in list.iter().enumerate() {
            let Some(symbol) = str_at(c, "fullname") else { continue };
            out.push(Classification::new(scheme, symbol, i == 0).map_err(|e| format!("{key}: {e}"))?);
        }
    }
    Ok(out)
}

/// The biblio sections in their language, the document's own language first: Ukrainian
/// for UA documents that have it, otherwise Russian; then the rest in code order.
fn languages<'a>(biblio: &'a Map<String, Value>, office: &str) -> Vec<(Lang, &'a Value)> {
    let mut langs: Vec<(Lang, &Value)> =
        biblio.iter().filter_map(|(k, v)| Some((Lang::parse(k).ok()?, v))).filter(|(_, v)| v.is_object()).collect();
    langs.sort_by_key(|(l, _)| *l);
    let own = if office == "UA" && langs.iter().any(|(l, _)| l.as_str() == "uk") { "uk" } else { "ru" };
    if let Some(i) = langs.iter().position(|(l, _)| l.as_str() == own) {
        let first = langs.remove(i);
        langs.insert(0, first);
    }
    langs
}

/// One party per person and role, with a name in each language. The lists of one role are
/// in the same order in every language; a language whose list has a different length
/// cannot be matched up, so its names become parties of their own.
fn parties(langs: &[(Lang, &Value)]) -> Vec<Party> {
    let mut out = Vec::new();
    let Some(((own_lang, own), others)) = langs.split_first() else { return out };
    for (key, role) in ROLES {
        let names = |v: &Value| -> Vec<(String, Option<String>)> {
            v.get(key)
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|p| str_at(p, "name"))
                        .map(name_and_country)
                        .filter(|(n, _)| !n.is_empty())
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut group: Vec<Party> = names(own)
            .into_iter()
            .map(|(name, country)| {
                let mut p = Party::new(role, *own_lang, name);
                p.address = country.map(|c| Address { country: Some(c), ..Address::default() });
                p
            })
            .collect();
        let mut unmatched = Vec::new();
        for (lang, v) in others {
            let translated = names(v);
            if translated.len() == group.len() {
                for (party, (name, _)) in group.iter_mut().zip(translated) {
                    party.names.push(LocalizedText::new(*lang, name));
                }
            } else {
                unmatched.extend(translated.into_iter().map(|(name, _)| Party::new(role, *lang, name)));
            }
        }
        out.extend(group);
        out.extend(unmatched);
    }
    out
}

/// A party's name without its country suffix, and without list debris some names carry:
/// `*, Омеляненко Юрій Петрович (UA)`, `Боллетер Хейнс, (CH)`.
fn name_and_country(raw: &str) -> (String, Option<String>) {
    let (name, country) = split_country_suffix(raw.trim_start_matches(['*', ',', ' ']));
    (name.trim_end_matches([',', ' ']).to_string(), country.map(str::to_string))
}

/// Citations from the first language that has them (Russian, as published), with the
/// office's raw string kept in `citations_raw`. Parsed entries that name a document become
/// patent citations; a bare run of `RU-C1-2341762` style numbers is split into patents; any
/// other text is a non-patent citation.
fn read_citations(right: &mut Right, langs: &[(Lang, &Value)]) {
    let mut by_lang: Vec<&(Lang, &Value)> = langs.iter().collect();
    by_lang.sort_by_key(|(l, _)| (l.as_str() != "ru", *l));
    let Some((_, b)) = by_lang.into_iter().find(|(_, b)| b.get("citations").is_some()) else { return };
    if let Some(raw) = str_at(b, "citations") {
        right.attributes.insert("citations_raw".into(), raw.to_string());
    }
    for entry in b.get("citations_parsed").and_then(Value::as_array).into_iter().flatten() {
        let text = str_at(entry, "text").unwrap_or("");
        match entry.get("doc") {
            Some(doc) => right.citations.push(patent_citation(doc, text)),
            None => {
                let (patents, rest) = peel_dashed_numbers(text);
                right.citations.extend(patents.into_iter().map(|(id, raw)| Citation {
                    target: CitationTarget::Patent { id: Some(id), raw: raw.to_string(), date: None, name: None },
                    category: None,
                    cited_by: None,
                }));
                if !rest.is_empty() {
                    right.citations.push(Citation {
                        target: CitationTarget::NonPatent { text: rest.to_string() },
                        category: None,
                        cited_by: None,
                    });
                }
            }
        }
    }
}

fn patent_citation(doc: &Value, text: &str) -> Citation {
    let identity = str_at(doc, "identity").unwrap_or("");
    let id = PublicationId::parse(identity).ok().or_else(|| {
        PublicationId::new(str_at(doc, "publishing_office")?, str_at(doc, "document_number")?, str_at(doc, "kind")).ok()
    });
    let raw = if text.is_empty() { identity } else { text.trim_end_matches(['.', ' ']) };
    let date = str_at(doc, "publication_date").and_then(|d| Date::parse(d).ok());
    Citation {
        target: CitationTarget::Patent { id, raw: raw.to_string(), date, name: None },
        category: None,
        cited_by: None,
    }
}

/// EAPO-style numbers (`RU-C1-2341762`: office, kind, number) at the start and end of an
/// unparsed citation string, and the text left between them (a non-patent citation).
fn peel_dashed_numbers(text: &str) -> (Vec<(PublicationId, &str)>, &str) {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let ids: Vec<Option<PublicationId>> = tokens.iter().map(|t| dashed_number(t)).collect();
    let lead = ids.iter().take_while(|id| id.is_some()).count();
    let trail = if lead == tokens.len() { 0 } else { ids.iter().rev().take_while(|id| id.is_some()).count() };
    let middle = &tokens[lead..tokens.len() - trail];
    let rest = match (middle.first(), middle.last()) {
        // Cut the original text between the first and last unmatched token, spacing intact.
        (Some(first), Some(last)) => {
            let start = first.as_ptr() as usize - text.as_ptr() as usize;
            let end = last.as_ptr() as usize - text.as_ptr() as usize + last.len();
            text.get(start..end).unwrap_or("")
        }
        _ => "",
    };
    let patents = ids
        .into_iter()
        .zip(tokens.iter().copied())
        .enumerate()
        .filter(|(i, _)| *i < lead || *i >= lead + middle.len())
        .filter_map(|(_, (id, raw))| Some((id?, raw)))
        .collect();
    (patents, rest)
}

fn dashed_number(token: &str) -> Option<PublicationId> {
    match token.split('-').collect::<Vec<_>>().as_slice() {
        [office, kind, number] if office.len() == 2 => PublicationId::new(office, number, Some(kind)).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_suffixes() {
        assert_eq!(split_country_suffix("Омельяненко Юрий Петрович (UA)"), ("Омельяненко Юрий Петрович", Some("UA")));
        assert_eq!(split_country_suffix("Бузук Александр Александрович"), ("Бузук Александр Александрович", None));
        assert_eq!(split_country_suffix("ООО (Фирма)"), ("ООО (Фирма)", None));
        assert_eq!(
            name_and_country("*, Омеляненко Юрій Петрович (UA)"),
            ("Омеляненко Юрій Петрович".into(), Some("UA".into()))
        );
        assert_eq!(name_and_country("Боллетер Хейнс, (CH)"), ("Боллетер Хейнс".into(), Some("CH".into())));
    }

    #[test]
    fn eapo_number_runs() {
        let show = |text| {
            let (ids, rest) = peel_dashed_numbers(text);
            (ids.into_iter().map(|(id, raw)| format!("{id}={raw}")).collect::<Vec<_>>(), rest)
        };
        assert_eq!(
            show("RU-C1-2341762 US-B1-6276277"),
            (vec!["RU2341762C1=RU-C1-2341762".into(), "US6276277B1=US-B1-6276277".into()], "")
        );
        assert_eq!(
            show("RU-C2-2532321 ГРАБИН Б.В. и др. Москва, 1991, с. 14-15 US-A-4131065"),
            (
                vec!["RU2532321C2=RU-C2-2532321".into(), "US4131065A=US-A-4131065".into()],
                "ГРАБИН Б.В. и др. Москва, 1991, с. 14-15"
            )
        );
        assert_eq!(show("US-A-3953761DE-U1-29518752"), (vec![], "US-A-3953761DE-U1-29518752"));
    }
}
