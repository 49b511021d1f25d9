//! EPO OPS (Open Patent Services) XML in the exchange format: bibliographic
//! `exchange-document`s, fulltext claims and descriptions, INPADOC families
//! (`ops:patent-family`) and INPADOC legal events (`ops:legal`). Responses without any of
//! these (number service, search lists, images, register) are reported as skipped.
//!
//! One publication often comes in several responses (biblio, abstract, claims, full
//! cycle). Each record only carries what its response holds, and its revision is the
//! publication date plus how much it holds, so when two responses disagree the richer one
//! wins whatever the order they are loaded in, and what only one of them has is kept.

use super::ep_xml::{
    block_text, claim_references, ensure_main_ipc, parse_with_repair, publication_id_from, push_class,
    push_flagged_class, push_text, sort_by_lang,
};
use crate::detect::contains;
use crate::xml::{child, children, text, text_at, XmlChunk, XmlDocs};
use crate::{Context, Format, IngestError, Item, Position, RecordError, Sink};
use roxmltree::{Document, Node};
use silkport_model::{
    Address, AppNumber, Citation, CitationTarget, Claim, ClaimSet, ClassScheme, Date, EventKind, EventRecord, Lang,
    LegalEvent, Party, PartyRole, Priority, PublicationId, Right, RightId, RightKind, Status,
};
use std::collections::HashMap;
use std::io::BufRead;

pub struct EpoOps;

const NAME: &str = "epo-ops";

impl Format for EpoOps {
    fn name(&self) -> &'static str {
        NAME
    }
    fn describe(&self) -> &'static str {
        "EPO OPS exchange-format XML: bibliographic documents, fulltext, INPADOC families and legal events"
    }
    fn sniff(&self, _name: &str, head: &[u8]) -> bool {
        contains(head, "ops:world-patent-data")
    }
    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        for chunk in XmlDocs::new(input) {
            let items = chunk.and_then(|c| parse_with_repair(&c, |doc| read_response(doc, &c, ctx)));
            match items {
                Ok(items) => {
                    for item in items {
                        sink(item)?;
                    }
                }
                Err(e) => sink(Err(e))?,
            }
        }
        Ok(())
    }
}

type Items = Vec<Result<Item, RecordError>>;

/// Everything one OPS response holds, in document order by kind: exchange documents,
/// fulltext documents, family members with their legal events.
fn read_response(doc: &Document, chunk: &XmlChunk, ctx: &Context) -> Result<Items, String> {
    let root = doc.root_element();
    if root.tag_name().name() != "world-patent-data" {
        return Err(format!("root element is <{}>, expected <ops:world-patent-data>", root.tag_name().name()));
    }
    let position = |n: Node| Position::Line(chunk.line + u64::from(doc.text_pos_at(n.range().start).row) - 1);
    let mut items = Items::new();
    for n in root.descendants().filter(|n| n.is_element()) {
        match n.tag_name().name() {
            "exchange-document" => {
                let right = read_exchange_document(n, ctx).map(|r| Item::Right(Box::new(r)));
                items.push(right.map_err(|m| RecordError::new(position(n), m)));
            }
            "fulltext-document" => {
                let right = read_fulltext_document(n, ctx).map(|r| Item::Right(Box::new(r)));
                items.push(right.map_err(|m| RecordError::new(position(n), m)));
            }
            "patent-family" => read_family(n, ctx, &position, &mut items),
            _ => {}
        }
    }
    if items.is_empty() {
        let kind = root
            .children()
            .find(|c| c.is_element() && c.tag_name().name() != "meta")
            .map_or("empty", |c| c.tag_name().name());
        let message = format!("OPS {kind} response holds no exchange documents, fulltext, families or legal events");
        items.push(Ok(Item::Skipped(RecordError::new(Position::Line(chunk.line), message))));
    }
    Ok(items)
}

/// The `document-id` of the given type (`docdb`, `epodoc`, `original`), else the first
/// one when none says its type (fulltext responses put the type on the parent).
fn doc_id<'a, 'i>(parent: Node<'a, 'i>, id_type: &str) -> Option<Node<'a, 'i>> {
    let ids = || children(parent, "document-id");
    ids()
        .find(|d| d.attribute("document-id-type") == Some(id_type))
        .or_else(|| ids().find(|d| d.attribute("document-id-type").is_none()))
}

fn field(id: Option<Node>, name: &str) -> Option<String> {
    id.and_then(|d| text_at(d, name))
}

fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s).ok()
}

/// Any date the reference's document-ids give (the docdb one first).
fn reference_date(reference: Node) -> Option<Date> {
    let docdb = doc_id(reference, "docdb");
    docdb
        .into_iter()
        .chain(children(reference, "document-id"))
        .find_map(|d| text_at(d, "date"))
        .and_then(|d| parse_date(&d))
}

/// The docdb publication id of a `publication-reference`.
fn publication_of(reference: Node) -> Result<PublicationId, String> {
    let id = doc_id(reference, "docdb");
    let (country, number) = match (field(id, "country"), field(id, "doc-number")) {
        (Some(c), Some(n)) => (c, n),
        _ => return Err("publication-reference without docdb country and doc-number".into()),
    };
    let kind = field(id, "kind");
    publication_id_from(&country, &number, kind.as_deref())
        .ok_or_else(|| format!("bad publication number {country} {number} {}", kind.unwrap_or_default()))
}

fn new_right(publication: PublicationId, ctx: &Context) -> Right {
    let office = publication.country().to_string();
    let kind = RightKind::from_patent_kind(&office, publication.kind());
    let mut right = Right::new(RightId::from(publication.clone()), kind, &office, NAME);
    right.status = status_of(&publication);
    right.publication = Some(publication);
    right.source.file = Some(ctx.file.clone());
    right
}

/// Whether a publication is of a right in force when published: grants (`B`), granted
/// patents (`C`: CA, RU, DE, NL), reissues (`E`), CN utility models and designs, and US
/// patents before 2001 (plain `A`). Other `A` publications are pending applications. WO
/// publications are no right at all.
fn status_of(p: &PublicationId) -> Option<Status> {
    let kind = p.kind().unwrap_or("");
    match (p.country(), kind.chars().next()) {
        ("WO", _) => None,
        ("US", Some('A')) if kind == "A" => Some(Status::Active),
        ("CN", Some('U' | 'S')) => Some(Status::Active),
        (_, Some('B' | 'C' | 'E')) => Some(Status::Active),
        (_, Some('A')) => Some(Status::Pending),
        _ => None,
    }
}

/// A right in force when published was granted that day, except EP B2/B3, which amend
/// or limit a patent granted earlier.
fn grant_date(right: &Right) -> Option<Date> {
    let kind = right.publication.as_ref().and_then(PublicationId::kind).unwrap_or("");
    let amended = right.office == "EP" && kind != "B1" && kind != "B";
    (right.status == Some(Status::Active) && !amended).then_some(right.dates.publication).flatten()
}

/// Sets the grant date and `revision`: `YYYYMMDD.SS.NNNNN`, the publication date, how
/// many sections the record fills, and how many items (titles, claims, parties,
/// classes…) it holds. OPS gives no retrieval date, so among responses for the same
/// publication the fuller one counts as the later.
fn set_revision(right: &mut Right) {
    right.dates.grant = grant_date(right);
    let date = right.dates.publication.map_or_else(|| "00000000".to_string(), |d| d.to_string().replace('-', ""));
    let t = &right.texts;
    let counts = [
        t.titles.len(),
        t.abstracts.len(),
        t.claims.iter().map(|c| c.claims.len()).sum(),
        t.descriptions.len(),
        right.parties.len(),
        right.classifications.len(),
        right.citations.len(),
        right.priorities.len(),
        right.family.members.len(),
        usize::from(right.family.id.is_some()),
        usize::from(right.application.is_some()),
        usize::from(right.dates.filing.is_some()),
        usize::from(right.dates.publication.is_some()),
    ];
    let sections = counts.iter().filter(|&&n| n > 0).count();
    let items: usize = counts.iter().sum();
    right.source.revision = Some(format!("{date}.{sections:02}.{:05}", items.min(99_999)));
}

fn read_exchange_document(ed: Node, ctx: &Context) -> Result<Right, String> {
    let bib = child(ed, "bibliographic-data");
    let publication = match bib.and_then(|b| child(b, "publication-reference")) {
        Some(r) => publication_of(r)?,
        None => {
            let attr = |a: &str| ed.attribute(a).ok_or(format!("exchange-document without {a}"));
            publication_id_from(attr("country")?, attr("doc-number")?, ed.attribute("kind"))
                .ok_or("exchange-document with a bad publication number")?
        }
    };
    let office = publication.country().to_string();
    let mut right = new_right(publication, ctx);
    right.family.id = ed.attribute("family-id").map(str::to_string);
    if let Some(bib) = bib {
        read_bibliographic_data(bib, &office, &mut right);
    }
    for a in children(ed, "abstract") {
        let body = block_text(a);
        let lang = text_lang(a.attribute("lang"), &body, &office);
        // `ol` marks the abstract in the original language, so it names the document's.
        if a.attribute("lang") == Some("ol") {
            right.lang = Some(lang);
        }
        push_text(&mut right.texts.abstracts, lang, body);
    }
    sort_by_lang(&mut right.texts.abstracts);
    set_revision(&mut right);
    Ok(right)
}

fn read_bibliographic_data(bib: Node, office: &str, right: &mut Right) {
    if let Some(r) = child(bib, "publication-reference") {
        right.dates.publication = reference_date(r);
    }
    if let Some(r) = child(bib, "application-reference") {
        right.application = application_number(r);
        right.dates.filing = reference_date(r);
    }
    right.priorities =
        children(bib, "priority-claims").flat_map(|p| children(p, "priority-claim")).filter_map(priority).collect();
    right.classifications = classifications(bib);
    for t in children(bib, "invention-title") {
        let title = text(t);
        let lang = text_lang(t.attribute("lang"), &title, office);
        push_text(&mut right.texts.titles, lang, title);
    }
    sort_by_lang(&mut right.texts.titles);
    if let Some(parties) = child(bib, "parties") {
        let roles = [
            ("applicants", "applicant", "applicant-name", PartyRole::Applicant),
            ("inventors", "inventor", "inventor-name", PartyRole::Inventor),
            ("agents", "agent", "agent-name", PartyRole::Agent),
        ];
        for (list, item, name, role) in roles {
            if let Some(list) = child(parties, list) {
                right.parties.extend(people(list, item, name, role, office));
            }
        }
    }
    right.citations =
        children(bib, "references-cited").flat_map(|r| children(r, "citation")).filter_map(citation).collect();
}

/// The application number in the form other sources use: docdb (`EP13844704`,
/// `CN201380062258`), except US, where docdb prefixes the year (`201815919370`) and the
/// original number (`15919370`) is the USPTO's, and PCT applications (kind `W`), which are
/// written `WO2013US64552` as epodoc does.
fn application_number(reference: Node) -> Option<AppNumber> {
    let docdb = doc_id(reference, "docdb");
    let country = field(docdb, "country")?;
    let number = field(docdb, "doc-number")?;
    if field(docdb, "kind").as_deref() == Some("W") {
        return match field(doc_id(reference, "epodoc"), "doc-number") {
            Some(epodoc) => AppNumber::parse(&epodoc).ok(),
            None => pct_application(&country, &number),
        };
    }
    if country == "US" {
        let original = children(reference, "document-id")
            .filter(|d| d.attribute("document-id-type") == Some("original"))
            .find_map(|d| text_at(d, "doc-number"));
        if let Some(n) = original.filter(|n| n.chars().any(|c| c.is_ascii_digit())) {
            return AppNumber::from_parts(&country, &n).ok();
        }
        return AppNumber::from_parts(&country, us_serial(&number)).ok();
    }
    AppNumber::from_parts(&country, &number).ok()
}

/// Drops the filing year docdb puts before a US serial number (`2018` + `15919370`).
fn us_serial(number: &str) -> &str {
    let year_prefixed =
        number.len() == 12 && number.bytes().all(|b| b.is_ascii_digit()) && number.starts_with(['1', '2']);
    if year_prefixed {
        &number[4..]
    } else {
        number
    }
}

/// A docdb PCT application (`US` `2013064552` `W`) as epodoc writes it: `WO2013US64552`.
fn pct_application(office: &str, number: &str) -> Option<AppNumber> {
    let (year, serial) = (number.get(..4)?, number.get(4..)?);
    AppNumber::parse(&format!("WO{year}{office}{}", serial.trim_start_matches('0'))).ok()
}

/// A priority claim: country from docdb or epodoc (`US201261713164P`), the number as the
/// office wrote it (`61/713,164`) when given, and the date.
fn priority(pc: Node) -> Option<Priority> {
    let docdb = doc_id(pc, "docdb").filter(|d| d.attribute("document-id-type").is_some());
    let epodoc = field(doc_id(pc, "epodoc"), "doc-number");
    let original = children(pc, "document-id")
        .filter(|d| d.attribute("document-id-type") == Some("original"))
        .find_map(|d| text_at(d, "doc-number"));
    let country = field(docdb, "country").or_else(|| epodoc.as_deref().and_then(|e| e.get(..2)).map(str::to_string))?;
    let number = original
        .or_else(|| field(docdb, "doc-number"))
        .or_else(|| epodoc.as_deref().and_then(|e| e.get(2..)).map(str::to_string))?;
    let date = children(pc, "document-id").find_map(|d| text_at(d, "date")).and_then(|d| parse_date(&d));
    Some(Priority { country, number, date })
}

/// IPCR (`E21B  44/    00            A I`), old IPC (`G01V3/18`), CPC from its parts
/// (section, class, subclass, main-group, subgroup) and US classes (`UC`, `709/206`).
fn classifications(bib: Node) -> Vec<silkport_model::Classification> {
    let mut out = Vec::new();
    for c in children(bib, "classifications-ipcr").flat_map(|l| children(l, "classification-ipcr")) {
        push_flagged_class(&mut out, ClassScheme::Ipc, &text_at(c, "text").unwrap_or_default());
    }
    for t in children(bib, "classification-ipc").flat_map(|l| children(l, "text")) {
        push_flagged_class(&mut out, ClassScheme::Ipc, &text(t));
    }
    ensure_main_ipc(&mut out);
    for c in children(bib, "patent-classifications").flat_map(|l| children(l, "patent-classification")) {
        let scheme = child(c, "classification-scheme").and_then(|s| s.attribute("scheme")).unwrap_or("");
        match scheme {
            "CPC" | "CPCI" | "CPCNO" => {
                if let Some(symbol) = cpc_symbol(c) {
                    push_class(&mut out, ClassScheme::Cpc, &symbol, false);
                }
            }
            "UC" => {
                if let Some(symbol) = text_at(c, "classification-symbol") {
                    push_class(&mut out, ClassScheme::Uspc, &symbol, false);
                }
            }
            _ => {}
        }
    }
    out
}

fn cpc_symbol(c: Node) -> Option<String> {
    if let Some(s) = text_at(c, "classification-symbol") {
        return Some(s);
    }
    let part = |name: &str| text_at(c, name);
    Some(format!(
        "{}{}{}{}/{}",
        part("section")?,
        part("class")?,
        part("subclass")?,
        part("main-group")?,
        part("subgroup")?
    ))
}

/// One party per person: the names OPS gives in several formats (`epodoc`
/// `VANSTEENWYK BRETT [US]`, `original` `VANSTEENWYK, BRETT`) share a sequence number. The
/// original name is kept; the epodoc bracket gives the country.
fn people(list: Node, item: &str, name_path: &str, role: PartyRole, office: &str) -> Vec<Party> {
    struct Person {
        seq: u32,
        original: Option<String>,
        other: Option<String>,
        country: Option<String>,
    }
    let mut persons: Vec<Person> = Vec::new();
    for (i, n) in children(list, item).enumerate() {
        let seq = n.attribute("sequence").and_then(|s| s.trim().parse().ok()).unwrap_or(i as u32 + 1);
        let Some(raw) = child(n, name_path).and_then(|p| text_at(p, "name")) else { continue };
        let (name, bracket_country) = split_country_suffix(&raw);
        let name = name.trim().trim_end_matches([',', ' ']).to_string();
        if name.is_empty() {
            continue;
        }
        let country = bracket_country.or_else(|| text_at(n, "residence/country"));
        let at = match persons.iter().position(|p| p.seq == seq) {
            Some(at) => at,
            None => {
                persons.push(Person { seq, original: None, other: None, country: None });
                persons.len() - 1
            }
        };
        let p = &mut persons[at];
        if n.attribute("data-format") == Some("original") {
            p.original.get_or_insert(name);
        } else {
            p.other.get_or_insert(name);
        }
        if p.country.is_none() {
            p.country = country;
        }
    }
    persons.sort_by_key(|p| p.seq);
    persons
        .into_iter()
        .filter_map(|p| {
            let name = p.original.or(p.other)?;
            let mut party = Party::new(role, text_lang(None, &name, office), name);
            party.address = p.country.map(|c| Address { country: Some(c), ..Address::default() });
            party.organisation = (role == PartyRole::Inventor).then_some(false);
            Some(party)
        })
        .collect()
}

/// `SCIENT DRILLING INT [US]` → (`SCIENT DRILLING INT`, `US`).
fn split_country_suffix(name: &str) -> (&str, Option<String>) {
    let t = name.trim_end();
    if let Some(open) = t.strip_suffix(']').and_then(|s| s.rfind('[')) {
        let code = &t[open + 1..t.len() - 1];
        if code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            return (&t[..open], Some(code.to_string()));
        }
    }
    (t, None)
}

/// The language of a text: its `lang` attribute, unless absent or OPS's `ol` ("original
/// language"); then the script decides (Cyrillic ru, kana ja, Hangul ko, Han zh or ja).
fn text_lang(attr: Option<&str>, text: &str, office: &str) -> Lang {
    if let Some(lang) = attr.filter(|l| !l.eq_ignore_ascii_case("ol")).and_then(|l| Lang::parse(l).ok()) {
        return lang;
    }
    for c in text.chars() {
        match u32::from(c) {
            0x0400..=0x04FF => return Lang::RU,
            0x3040..=0x30FF => return Lang::JA,
            0x1100..=0x11FF | 0xAC00..=0xD7AF => return Lang::KO,
            0x4E00..=0x9FFF if office == "JP" => return Lang::JA,
            0x4E00..=0x9FFF => return Lang::ZH,
            _ => {}
        }
    }
    Lang::EN
}

fn citation(c: Node) -> Option<Citation> {
    let category = text_at(c, "category");
    let cited_by = c.attribute("cited-by").filter(|v| !v.is_empty() && *v != "unknown").map(str::to_string);
    let target = if let Some(p) = child(c, "patcit") {
        let docdb = doc_id(p, "docdb");
        let (country, number, kind) = (field(docdb, "country"), field(docdb, "doc-number"), field(docdb, "kind"));
        let epodoc = field(doc_id(p, "epodoc"), "doc-number");
        let raw = epodoc
            .or_else(|| p.attribute("dnum").map(str::to_string))
            .unwrap_or_else(|| [&country, &number, &kind].into_iter().flatten().cloned().collect());
        let id = match (&country, &number) {
            (Some(c), Some(n)) => publication_id_from(c, n, kind.as_deref()),
            _ => PublicationId::parse(&raw).ok(),
        };
        let date = field(docdb, "date").and_then(|d| parse_date(&d));
        CitationTarget::Patent { id, raw, date, name: field(docdb, "name") }
    } else {
        let n = child(c, "nplcit")?;
        CitationTarget::NonPatent { text: text_at(n, "text").unwrap_or_else(|| text(n)) }
    };
    Some(Citation { target, category, cited_by })
}

/// A fulltext response: claims and/or description of one publication, in its language.
fn read_fulltext_document(ft: Node, ctx: &Context) -> Result<Right, String> {
    let reference = child(ft, "bibliographic-data")
        .and_then(|b| child(b, "publication-reference"))
        .ok_or("fulltext-document without publication-reference")?;
    let mut right = new_right(publication_of(reference)?, ctx);
    let office = right.office.clone();
    for n in ft.children().filter(Node::is_element) {
        let body = || ops_lines(n);
        match n.tag_name().name() {
            "claims" => {
                let text = body();
                let lang = text_lang(n.attribute("lang"), &text, &office);
                let claims = split_claims(&text);
                if !claims.is_empty() && !right.texts.claims.iter().any(|c| c.lang == lang) {
                    right.texts.claims.push(ClaimSet { lang, claims });
                }
            }
            "description" => {
                let text = block_text(n);
                let lang = text_lang(n.attribute("lang"), &text, &office);
                push_text(&mut right.texts.descriptions, lang, text);
            }
            _ => {}
        }
    }
    right.texts.claims.sort_by_key(|c| c.lang);
    sort_by_lang(&mut right.texts.descriptions);
    set_revision(&mut right);
    Ok(right)
}

/// The text under a node with its own line breaks kept (OPS puts all claims in one
/// `claim-text`, one per line) and each element's text on a line of its own.
fn ops_lines(node: Node) -> String {
    let mut out = String::new();
    for t in node.descendants().filter(|n| n.is_text()) {
        let s = t.text().unwrap_or("");
        if !s.trim().is_empty() {
            out.push_str(s);
            out.push('\n');
        }
    }
    out
}

/// Splits fulltext claims at their numbers (`1. A method…`, `2. The method of claim 1…`),
/// expecting 1, 2, 3… in turn so numbers inside a claim do not split it. Each number must
/// start a line or follow the end of the previous claim. Text before claim 1 (a `Claims`
/// heading) is dropped.
fn split_claims(text: &str) -> Vec<Claim> {
    let mut starts: Vec<(u32, usize, usize)> = Vec::new(); // (number, start of "N.", start of text)
    let mut from = 0;
    let mut next = 1u32;
    while let Some((at, body)) = find_claim_start(text, from, next) {
        starts.push((next, at, body));
        from = body;
        next += 1;
    }
    let mut claims = Vec::with_capacity(starts.len());
    for (i, &(num, _, body)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(text.len(), |s| s.1);
        let claim_text = collapse_lines(&text[body..end]);
        let depends_on = claim_references(&claim_text, num);
        claims.push(Claim { num, text: claim_text, depends_on });
    }
    claims
}

/// Where `N.` (or `N .`) starts a claim at or after `from`: at the start of the text or
/// a line, or after a sentence end. Returns the number's offset and the text's.
fn find_claim_start(text: &str, from: usize, n: u32) -> Option<(usize, usize)> {
    let needle = n.to_string();
    let mut search = from;
    while let Some(found) = text.get(search..)?.find(&needle) {
        let at = search + found;
        let before = text[..at].trim_end_matches([' ', '\t']);
        let starts_line = before.is_empty() || before.ends_with(['\n', '.', ';', ':']);
        let digit_before = text[..at].ends_with(|c: char| c.is_ascii_digit());
        let after = text[at + needle.len()..].trim_start_matches(' ');
        if starts_line && !digit_before && after.starts_with('.') {
            let rest = &after[1..];
            if rest.starts_with(char::is_whitespace) || rest.is_empty() {
                let body = text.len() - rest.len();
                return Some((at, body));
            }
        }
        search = at + needle.len();
    }
    None
}

/// Joins a claim's lines with single newlines and trims them.
fn collapse_lines(s: &str) -> String {
    let lines: Vec<&str> = s.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines.join("\n")
}

/// An INPADOC family: each member becomes a stub right naming its family and the other
/// members, with its application and priorities, plus its legal events.
fn read_family(family: Node, ctx: &Context, position: &dyn Fn(Node) -> Position, items: &mut Items) {
    let members: Vec<(Node, Result<PublicationId, String>)> = children(family, "family-member")
        .map(|m| {
            let id = child(m, "publication-reference")
                .ok_or_else(|| "family-member without publication-reference".to_string())
                .and_then(publication_of);
            (m, id)
        })
        .collect();
    let ids: Vec<String> = members.iter().filter_map(|(_, id)| id.as_ref().ok()).map(ToString::to_string).collect();
    for (m, id) in members {
        match id {
            Ok(id) => read_family_member(m, id, &ids, ctx, position, items),
            Err(message) if has_letter_series(m) => {
                let reason = format!("{message}: numbers with a letter series (TW I…, AT E…) have no canonical id");
                items.push(Ok(Item::Skipped(RecordError::new(position(m), reason))));
            }
            Err(message) => items.push(Err(RecordError::new(position(m), message))),
        }
    }
}

/// Whether a member's docdb number is a letter series and digits (`I452476`, `E232441`).
fn has_letter_series(m: Node) -> bool {
    let number = child(m, "publication-reference").and_then(|r| field(doc_id(r, "docdb"), "doc-number"));
    number.is_some_and(|n| {
        let digits = n.trim_start_matches(|c: char| c.is_ascii_uppercase());
        digits.len() < n.len() && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

fn read_family_member(
    m: Node,
    publication: PublicationId,
    family_ids: &[String],
    ctx: &Context,
    position: &dyn Fn(Node) -> Position,
    items: &mut Items,
) {
    let mut right = new_right(publication.clone(), ctx);
    right.source.stub = true;
    right.family.id = m.attribute("family-id").map(str::to_string);
    let own = publication.to_string();
    right.family.members = family_ids.iter().filter(|i| **i != own).cloned().collect();
    right.dates.publication = child(m, "publication-reference").and_then(reference_date);
    if let Some(r) = child(m, "application-reference") {
        right.application = application_number(r);
        right.dates.filing = reference_date(r);
    }
    right.priorities = children(m, "priority-claim").filter_map(priority).collect();
    set_revision(&mut right);
    let app_key = right.app_key();
    items.push(Ok(Item::Right(Box::new(right))));
    let mut seen: HashMap<String, u32> = HashMap::new();
    for l in children(m, "legal") {
        match legal_event(l, &publication, &mut seen) {
            Ok(event) => items.push(Ok(Item::Event(Box::new(EventRecord {
                publication: Some(publication.key()),
                application: app_key.clone(),
                event,
            })))),
            Err(message) => items.push(Err(RecordError::new(position(l), message))),
        }
    }
}

/// One `ops:legal` event. Its key is built from the event record itself: the document
/// it is recorded against (`EP F 99203729 A`), code, gazette date, the country it concerns
/// and its effective date, numbered when the same combination recurs. So the same event
/// read from another response, or listed under another member of the same application,
/// gets the same key.
fn legal_event(l: Node, publication: &PublicationId, seen: &mut HashMap<String, u32>) -> Result<LegalEvent, String> {
    let code = l.attribute("code").map(str::trim).filter(|c| !c.is_empty()).ok_or("ops:legal without a code")?;
    let desc = l.attribute("desc").map(str::trim).unwrap_or("");
    let own = |name: &str| text_at(l, name).map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let gazette_raw = own("L007EP").unwrap_or_default();
    let gazette = parse_date(&gazette_raw);
    let details = child(l, "L500EP");
    let detail = |name: &str| details.and_then(|d| text_at(d, name));
    let ref_country = detail("L501EP");
    let effective = detail("L525EP").and_then(|d| parse_date(&d));
    let free_text = detail("L510EP");

    let mut description = desc.to_string();
    let mut classify = desc.to_string();
    for d in details.into_iter().flat_map(|d| d.children()).filter(Node::is_element) {
        let value = text(d);
        if value.is_empty() {
            continue;
        }
        description.push_str("; ");
        description.push_str(d.attribute("desc").unwrap_or(d.tag_name().name()));
        description.push_str(": ");
        description.push_str(&value);
        if let Some(data) = d.attribute("descData") {
            description.push_str(&format!(" ({data})"));
            classify.push(' ');
            classify.push_str(data);
        }
    }
    let document = match (own("L001EP"), own("L003EP")) {
        (Some(country), Some(number)) => {
            format!("{country}:{}:{number}{}", own("L002EP").unwrap_or_default(), own("L004EP").unwrap_or_default())
        }
        _ => publication.to_string(),
    };
    let mut base = format!("epo-ops:{document}:{code}:{}", gazette.map_or(gazette_raw.clone(), |d| d.to_string()));
    for extra in [ref_country.clone(), effective.map(|d| d.to_string())].into_iter().flatten() {
        base.push(':');
        base.push_str(&extra);
    }
    let n = seen.entry(base.clone()).or_insert(0);
    *n += 1;

    let us_recordal = code == "AS" && free_text.is_some();
    let kind = match &free_text {
        // US assignment recordals: the conveyance text says what was recorded.
        Some(conveyance) if us_recordal => match EventKind::from_us_conveyance(conveyance) {
            EventKind::Other => EventKind::Transfer,
            k => k,
        },
        _ => event_kind(&classify),
    };
    let mut event = LegalEvent::new(format!("{base}:{n}"), kind, effective.or(gazette));
    event.code = Some(code.to_string());
    event.authority = own("L001EP").or_else(|| Some(publication.country().to_string()));
    event.description = Some(description).filter(|d| !d.is_empty());
    if us_recordal {
        let conveyance = free_text.unwrap_or_default();
        event.parties = recordal_parties(kind, detail("L509EP"), &conveyance);
        event.reference = conveyance
            .split(';')
            .find_map(|part| part.trim().strip_prefix("REEL/FRAME:"))
            .map(|r| r.trim().to_string());
    }
    Ok(event)
}

/// The parties of a US recordal: the new owner (or secured party) INPADOC gives as
/// `OWNER`, and the assignors the conveyance text lists after `ASSIGNORS:` up to the
/// next remark (`AND OTHERS`, `SIGNING DATES…`, `REEL/FRAME:…`).
fn recordal_parties(kind: EventKind, owner: Option<String>, conveyance: &str) -> Vec<Party> {
    let (from_role, to_role) = match kind {
        EventKind::Pledge => (PartyRole::Pledgor, PartyRole::Pledgee),
        _ => (PartyRole::Assignor, PartyRole::Assignee),
    };
    let mut parties: Vec<Party> = owner.into_iter().map(|o| Party::new(to_role, Lang::EN, o)).collect();
    let mut parts = conveyance.split(';').map(str::trim);
    let first = parts.by_ref().find_map(|p| p.strip_prefix("ASSIGNORS:").or_else(|| p.strip_prefix("ASSIGNOR:")));
    let names = first.into_iter().chain(
        parts.take_while(|p| !p.contains(':') && !p.starts_with("AND OTHERS") && !p.starts_with("SIGNING DATE")),
    );
    for name in names.map(str::trim).filter(|n| !n.is_empty()) {
        parties.push(Party::new(from_role, Lang::EN, name));
    }
    parties
}

/// The kind of an INPADOC event from its description (and, for `REG`, the national
/// code's description), checked most specific first.
fn event_kind(description: &str) -> EventKind {
    let d = description.to_ascii_uppercase();
    let has = |words: &[&str]| words.iter().any(|w| d.contains(w));
    if has(&["RESTORATION", "REINSTATEMENT", "RE-ESTABLISHMENT"]) {
        EventKind::Restoration
    } else if has(&["LAPSE", "CEASED", "NON-PAYMENT"]) {
        EventKind::Lapse
    } else if has(&["FEE PAID", "FEES PAID", "FEE PAYMENT", "MAINTENANCE FEE"]) {
        EventKind::FeePaid
    } else if has(&["ASSIGNMENT", "TRANSFER", "CHANGE OF OWNER"]) {
        EventKind::Transfer
    } else if has(&["CHANGE OF HOLDER'S NAME", "CHANGE OF NAME"]) {
        EventKind::NameChange
    } else if has(&["LICENCE", "LICENSE"]) {
        EventKind::Licence
    } else if has(&["WITHDRAWN", "WITHDRAWAL"]) {
        EventKind::Withdrawal
    } else if has(&["REVOKED", "REVOCATION"]) {
        EventKind::Invalidation
    } else if has(&["EXPIRED", "EXPIRY"]) {
        EventKind::Expiry
    } else if has(&["INTENTION TO GRANT", "EXAMINATION"]) {
        EventKind::Examination
    } else if has(&["(EXPECTED) GRANT", "PATENT GRANTED", "PATENT GRANT"]) {
        EventKind::Grant
    } else {
        EventKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_a_claims_blob_in_order() {
        let blob = "CLAI MS\n1. A method comprising step 2. of x;\n(a) doing;\n2. The method of claim 1, wherein\n3. The method of claim 1 or 2.";
        let claims = split_claims(blob);
        assert_eq!(claims.len(), 3);
        assert_eq!(claims[0].text, "A method comprising step 2. of x;\n(a) doing;");
        assert_eq!(claims[2].depends_on, vec![1, 2]);
    }

    #[test]
    fn event_kinds() {
        assert_eq!(event_kind("LAPSED IN A CONTRACTING STATE [ANNOUNCED VIA POSTGRANT INFORMATION]"), EventKind::Lapse);
        assert_eq!(event_kind("ANNUAL FEE PAID TO NATIONAL OFFICE"), EventKind::FeePaid);
        assert_eq!(event_kind("FEE PAYMENT PROCEDURE"), EventKind::FeePaid);
        assert_eq!(event_kind("ASSIGNMENT"), EventKind::Transfer);
        assert_eq!(event_kind("DESIGNATED CONTRACTING STATES"), EventKind::Other);
        assert_eq!(event_kind("DESPATCH OF COMMUNICATION OF INTENTION TO GRANT A PATENT"), EventKind::Examination);
        assert_eq!(event_kind("REFERENCE TO A NATIONAL CODE PATENT CEASED"), EventKind::Lapse);
    }

    #[test]
    fn names_and_numbers() {
        assert_eq!(split_country_suffix("SCIENT DRILLING INT [US]"), ("SCIENT DRILLING INT ", Some("US".into())));
        assert_eq!(us_serial("201815919370"), "15919370");
        assert_eq!(pct_application("US", "2013064552").unwrap().to_string(), "WO2013US64552");
        assert_eq!(text_lang(Some("ol"), "УГЛОВАЯ", "RU"), Lang::RU);
    }
}
