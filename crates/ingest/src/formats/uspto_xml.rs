//! USPTO full-text XML (ICE DTDs v4.0 to v4.7): patent grants (`us-patent-grant`) and
//! application publications (`us-patent-application`), one per file or many back to back
//! as in the weekly `ipgYYMMDD`, `ipaYYMMDD` and bibliographic-only `ipgbYYYYMMDD` files.
//!
//! Sequence listings (`sequence-cwu`) that weekly files carry between patents, and legacy
//! documents (ST.32 v2.5 `PATDOC`, PAP v1.x) met inside such a file, are reported as
//! skipped. Files that are legacy from their first bytes (SGML, PAP, greenbook, BRS,
//! XML4IP, CPC scheme XML) are not claimed, so they surface as an unknown format rather
//! than as a format that silently reads nothing.

use crate::xml::{block_text, child, children, path, text, with_doc, XmlChunk, XmlDocs};
use crate::{Context, Format, IngestError, Item, RecordError, Sink, Stop};
use roxmltree::Node;
use silkport_model::{
    Address, AppNumber, Citation, CitationTarget, ClaimSet, ClassScheme, Classification, Date, Lang, LocalizedText,
    Party, PartyRole, Priority, PublicationId, Right, RightId, RightKind, Status,
};
use std::io::BufRead;

pub struct UsptoXml;

const NAME: &str = "uspto-xml";

/// Root elements this format reads as rights.
const GRANT: &str = "us-patent-grant";
const APPLICATION: &str = "us-patent-application";
/// Root of a sequence listing, which weekly grant files interleave with the patents.
const SEQUENCE_LISTING: &str = "sequence-cwu";

impl Format for UsptoXml {
    fn name(&self) -> &'static str {
        NAME
    }

    fn describe(&self) -> &'static str {
        "USPTO full-text XML v4.0-v4.7: grants and applications, single or concatenated weekly files (ipg/ipa/ipgb)"
    }

    fn sniff(&self, _name: &str, head: &[u8]) -> bool {
        [GRANT, APPLICATION, SEQUENCE_LISTING].iter().any(|root| has_start_tag(head, root))
    }

    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        for chunk in XmlDocs::new(input) {
            match chunk {
                Ok(c) => read_chunk(&c, ctx, sink)?,
                Err(e) => sink(Err(e))?,
            }
        }
        Ok(())
    }
}

/// Reads one document of the stream. A malformed one is reported; if its bibliographic
/// part is intact it is still loaded from the sections that parse (one broken formula in a
/// description should not drop the patent).
fn read_chunk(c: &XmlChunk, ctx: &Context, sink: &mut Sink) -> Result<(), Stop> {
    // `XmlDocs` cuts before an indented `<?xml` declaration and leaves the indentation in
    // front of it, where XML allows nothing.
    let text = c.text.trim_start();
    let error = match with_doc(text, |doc| read_document(doc.root_element(), c, ctx)) {
        Ok(item) => return sink(item),
        Err(e) => e,
    };
    let Some((partial, dropped)) = salvage(text) else {
        return sink(Err(c.error(format!("{error}; document not loaded"))));
    };
    sink(Err(c.error(format!("{error}; loaded without its {}", dropped.join(", ")))))?;
    match with_doc(&partial, |doc| read_document(doc.root_element(), c, ctx)) {
        Ok(item) => sink(item),
        Err(e) => sink(Err(c.error(format!("{e} (in the salvaged sections)")))),
    }
}

/// Top-level sections of a v4 document that can be read on their own.
const SECTIONS: [&str; 5] =
    ["us-bibliographic-data-grant", "us-bibliographic-data-application", "abstract", "description", "claims"];

/// Rebuilds a malformed document from those of its top-level sections that are well-formed
/// on their own. Returns the new text and the names of the sections left out, or `None`
/// when the bibliographic part itself is broken or the root cannot be found.
fn salvage(text: &str) -> Option<(String, Vec<&'static str>)> {
    let root = [GRANT, APPLICATION].into_iter().find(|r| find_start_tag(text, r).is_some())?;
    let start = find_start_tag(text, root)?;
    let root_tag = &text[start..start + text[start..].find('>')? + 1];
    let mut out = root_tag.to_string();
    let mut dropped = Vec::new();
    let mut has_bib = false;
    for name in SECTIONS {
        let Some(at) = find_start_tag(text, name) else { continue };
        let close = format!("</{name}>");
        let section = text[at..].find(&close).map(|end| &text[at..at + end + close.len()]);
        match section.filter(|s| with_doc(s, |_| ()).is_ok()) {
            Some(s) => {
                has_bib |= name.starts_with("us-bibliographic");
                out.push_str(s);
            }
            None => dropped.push(name),
        }
    }
    out.push_str(&format!("</{root}>"));
    (has_bib && !dropped.is_empty()).then_some((out, dropped))
}

/// Byte offset of the first start tag `<name` (followed by whitespace or `>`).
fn find_start_tag(text: &str, name: &str) -> Option<usize> {
    let needle = format!("<{name}");
    text.match_indices(&needle).map(|(i, _)| i).find(|&i| {
        text.as_bytes().get(i + needle.len()).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'>'))
    })
}

/// True when `head` holds a start tag `<name` followed by whitespace or `>`; a DOCTYPE
/// naming the same element does not count, nor does a longer name sharing the prefix.
fn has_start_tag(head: &[u8], name: &str) -> bool {
    find_start_tag(&String::from_utf8_lossy(head), name).is_some()
}

/// One document of the stream: a right, or a skip notice for what silkport does not load.
fn read_document(root: Node, chunk: &XmlChunk, ctx: &Context) -> Result<Item, RecordError> {
    let skip = |reason: String| Ok(Item::Skipped(chunk.error(reason)));
    match root.tag_name().name() {
        GRANT => read_patent(root, true, ctx).map(|r| Item::Right(Box::new(r))).map_err(|m| chunk.error(m)),
        APPLICATION => read_patent(root, false, ctx).map(|r| Item::Right(Box::new(r))).map_err(|m| chunk.error(m)),
        SEQUENCE_LISTING => {
            let of = path(root, "publication-reference/document-id").map(document_number).unwrap_or_default();
            skip(format!("sequence listing (sequence-cwu) of {of}: sequence listings are not loaded"))
        }
        "PATDOC" => skip("USPTO ST.32 v2.5 grant (2001-2004 format): not supported, only DTD v4.x is read".into()),
        "patent-application-publication" => {
            skip("USPTO PAP v1.x application (2001-2004 format): not supported, only DTD v4.x is read".into())
        }
        other => Err(chunk.error(format!(
            "unexpected root element <{other}>: expected <{GRANT}> or <{APPLICATION}> (USPTO DTD v4.x)"
        ))),
    }
}

/// A grant or application publication as a right.
fn read_patent(root: Node, grant: bool, ctx: &Context) -> Result<Right, String> {
    let bib_name = if grant { "us-bibliographic-data-grant" } else { "us-bibliographic-data-application" };
    let bib = child(root, bib_name).ok_or_else(|| format!("no <{bib_name}>: document is incomplete"))?;
    let pub_doc = path(bib, "publication-reference/document-id").ok_or("no publication-reference/document-id")?;
    let publication = publication_id(pub_doc).ok_or_else(|| {
        format!("publication number {:?} is not a valid US publication number", document_number(pub_doc))
    })?;
    let lang = root.attribute("lang").and_then(|l| Lang::parse(l).ok()).unwrap_or(Lang::EN);

    let kind = RightKind::from_patent_kind(publication.country(), publication.kind());
    let office = publication.country().to_string();
    let mut right = Right::new(RightId::from(publication), kind, &office, NAME);
    right.source.file = Some(ctx.file.clone());
    right.lang = Some(lang);
    right.status = Some(if grant { Status::Active } else { Status::Pending });

    read_dates(&mut right, root, bib, pub_doc, grant);
    right.source.revision = root
        .attribute("date-produced")
        .or_else(|| root.attribute("date-publ"))
        .map(str::to_string)
        .or_else(|| right.dates.publication.map(|d| d.to_string().replace('-', "")));
    if let Some(app) = path(bib, "application-reference/document-id/doc-number") {
        right.application = AppNumber::from_parts(&office, &text(app)).ok();
    }

    read_texts(&mut right, root, bib, lang);
    read_classifications(&mut right, bib);
    read_parties(&mut right, bib, lang);
    read_citations(&mut right, bib);
    read_priorities(&mut right, bib);
    read_related(&mut right, bib);
    read_attributes(&mut right, root, bib);
    Ok(right)
}

/// The publication id of a `document-id`: `US` + `D0656296` + `S1` becomes `USD656296S1`.
fn publication_id(doc_id: Node) -> Option<PublicationId> {
    let country = text_of(doc_id, "country").unwrap_or_else(|| "US".into());
    let number = text_of(doc_id, "doc-number")?;
    // PCT publications repeat the office in the number: `WO` + `WO2016/191867`.
    let number = number.strip_prefix(country.as_str()).unwrap_or(&number);
    let kind = text_of(doc_id, "kind");
    PublicationId::new(&country, number, kind.as_deref()).or_else(|_| PublicationId::new(&country, number, None)).ok()
}

/// A `document-id` as written (country, number, kind), for messages and raw citations.
fn document_number(doc_id: Node) -> String {
    ["country", "doc-number", "kind"].iter().filter_map(|f| text_of(doc_id, f)).collect::<Vec<_>>().join(" ")
}

fn read_dates(right: &mut Right, root: Node, bib: Node, pub_doc: Node, grant: bool) {
    let filing = path(bib, "application-reference/document-id/date").and_then(date_of);
    let published =
        child(pub_doc, "date").and_then(date_of).or_else(|| root.attribute("date-publ").and_then(parse_date));
    right.dates.filing = filing;
    right.dates.publication = published;
    if grant {
        right.dates.grant = published;
        // A design's term is a fixed number of years from grant; a utility patent's depends
        // on its earliest non-provisional parent and on adjustments, so it is left open.
        let years = path(bib, "us-term-of-grant/length-of-grant")
            .and_then(|t| text(t).parse::<u16>().ok())
            .filter(|&y| y <= MAX_TERM_YEARS);
        if let (Some(g), Some(y), RightKind::Design) = (published, years, right.kind) {
            right.dates.expiry = Some(g.add_years(y));
        }
    }
}

/// No US term is longer; a larger `length-of-grant` is a data error, not a date to compute.
const MAX_TERM_YEARS: u16 = 30;

fn read_texts(right: &mut Right, root: Node, bib: Node, lang: Lang) {
    let texts = &mut right.texts;
    if let Some(t) = child(bib, "invention-title").map(text).filter(|t| !t.is_empty()) {
        texts.titles.push(LocalizedText::new(lang, t));
    }
    if let Some(t) = child(root, "abstract").map(|a| block_text(a, &["p"])).filter(|t| !t.is_empty()) {
        texts.abstracts.push(LocalizedText::new(lang, t));
    }
    let claims = child(root, "claims").map(read_claims).unwrap_or_default();
    if !claims.is_empty() {
        texts.claims.push(ClaimSet { lang, claims });
    }
    let description = child(root, "description").map(|d| block_text(d, DESCRIPTION_BLOCKS));
    if let Some(t) = description.filter(|t| !t.is_empty()) {
        texts.descriptions.push(LocalizedText::new(lang, t));
    }
}

/// Elements that start a new line in a plain-text description.
const DESCRIPTION_BLOCKS: &[&str] = &["p", "heading", "li", "row", "table", "maths", "chemistry"];

fn read_claims(claims: Node) -> Vec<silkport_model::Claim> {
    children(claims, "claim")
        .enumerate()
        .map(|(i, c)| {
            let num = c.attribute("num").and_then(parse_number).unwrap_or(i as u32 + 1);
            let mut depends_on: Vec<u32> = c
                .descendants()
                .filter(|n| n.has_tag_name("claim-ref"))
                .filter_map(|r| r.attribute("idref"))
                .flat_map(str::split_whitespace)
                .filter_map(parse_number)
                .filter(|&d| d != num)
                .collect();
            depends_on.sort_unstable();
            depends_on.dedup();
            silkport_model::Claim { num, text: block_text(c, &["claim-text"]), depends_on }
        })
        .collect()
}

/// The number in `00012` or `CLM-00012`.
fn parse_number(s: &str) -> Option<u32> {
    s.trim().trim_start_matches(|c: char| !c.is_ascii_digit()).parse().ok()
}

fn read_classifications(right: &mut Right, bib: Node) {
    let classes = &mut right.classifications;
    // IPC 8 (`classifications-ipcr`): the first-position symbol is the main one.
    let ipcr: Vec<Node> =
        path(bib, "classifications-ipcr").map(|c| children(c, "classification-ipcr").collect()).unwrap_or_default();
    let first_main = ipcr.iter().position(|c| text_of(*c, "symbol-position").as_deref() == Some("F")).unwrap_or(0);
    for (i, c) in ipcr.iter().enumerate() {
        push_class(classes, ClassScheme::Ipc, &structured_symbol(*c), i == first_main);
    }
    // IPC 7 and older (`classification-ipc`): main and further, in the fixed-width form
    // `F25D 2312` (= F25D 23/12) or `A41D001/06`.
    if let Some(ipc) = child(bib, "classification-ipc") {
        for (n, main) in main_and_further(ipc) {
            push_class(classes, ClassScheme::Ipc, &ipc7_symbol(&n), main);
        }
    }
    if let Some(cpc) = child(bib, "classifications-cpc") {
        for (group, main) in [("main-cpc", true), ("further-cpc", false)] {
            for c in path(cpc, group).into_iter().flat_map(|g| children(g, "classification-cpc")) {
                push_class(classes, ClassScheme::Cpc, &structured_symbol(c), main);
            }
        }
    }
    if let Some(national) = child(bib, "classification-national") {
        for (n, main) in main_and_further(national) {
            push_class(classes, ClassScheme::Uspc, &uspc_symbol(&n), main);
        }
    }
    if let Some(locarno) = child(bib, "classification-locarno") {
        for (n, main) in main_and_further(locarno) {
            push_class(classes, ClassScheme::Locarno, &locarno_symbol(&n), main);
        }
    }
}

/// `main-classification` then every `further-classification`, as (raw text, is main).
fn main_and_further<'a>(node: Node<'a, 'a>) -> impl Iterator<Item = (String, bool)> + 'a {
    node.children().filter(Node::is_element).filter_map(|c| match c.tag_name().name() {
        "main-classification" => Some((raw_text(c), true)),
        "further-classification" => Some((raw_text(c), false)),
        _ => None,
    })
}

/// Adds a classification unless it is unreadable or already present (documents repeat a
/// symbol with different versions or values).
fn push_class(classes: &mut Vec<Classification>, scheme: ClassScheme, symbol: &str, main: bool) {
    let Ok(c) = Classification::new(scheme, symbol, main) else { return };
    match classes.iter_mut().find(|x| x.scheme == c.scheme && x.symbol == c.symbol) {
        Some(x) => x.main |= c.main,
        None => classes.push(c),
    }
}

/// `section class subclass main-group/subgroup` from an ipcr or cpc element.
fn structured_symbol(c: Node) -> String {
    let part = |n| text_of(c, n).unwrap_or_default();
    format!("{}{}{} {}/{}", part("section"), part("class"), part("subclass"), part("main-group"), part("subgroup"))
}

/// IPC 7 symbols: four characters of subclass, then either `group/subgroup` or a
/// three-character right-aligned main group followed by the subgroup.
fn ipc7_symbol(raw: &str) -> String {
    let (Some(subclass), Some(rest)) = (raw.get(..4), raw.get(4..)) else { return raw.to_string() };
    if rest.contains('/') || rest.trim().is_empty() {
        return format!("{subclass} {}", rest.trim());
    }
    let split = rest.len().min(3);
    match (rest.get(..split), rest.get(split..)) {
        (Some(group), Some(sub)) if !sub.trim().is_empty() => format!("{subclass} {}/{}", group.trim(), sub.trim()),
        _ => raw.to_string(),
    }
}

/// USPC `class/subclass` from the fixed-width form: a three-character class, a
/// three-character subclass and decimal digits (`16510425` = 165/104.25, ` 622592` =
/// 62/259.2, `D14138 AB` = D14/138AB, `257E33062` = 257/E33.062).
fn uspc_symbol(raw: &str) -> String {
    let raw = raw.trim_end();
    let (Some(class), Some(rest)) = (raw.get(..3), raw.get(3..)) else { return raw.trim().to_string() };
    let class: String = class.chars().filter(|c| !c.is_whitespace()).collect();
    let class = class.trim_start_matches('0');
    let split = rest.len().min(3);
    let (Some(int), Some(tail)) = (rest.get(..split), rest.get(split..)) else { return raw.trim().to_string() };
    let int = int.trim();
    let int = if int.bytes().all(|b| b.is_ascii_digit()) { int.trim_start_matches('0') } else { int };
    let tail: String = tail.chars().filter(|c| !c.is_whitespace()).collect();
    let sep = if !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) { "." } else { "" };
    if class.is_empty() || int.is_empty() {
        return raw.trim().to_string();
    }
    format!("{class}/{int}{sep}{tail}")
}

/// Locarno `0201` as `02-01`.
fn locarno_symbol(raw: &str) -> String {
    let s = raw.trim();
    match (s.get(..2), s.get(2..)) {
        (Some(class), Some(sub)) if s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()) => format!("{class}-{sub}"),
        _ => s.to_string(),
    }
}

fn read_parties(right: &mut Right, bib: Node, lang: Lang) {
    let parties = &mut right.parties;
    // v4.0-v4.2 have `parties/applicants/applicant`; v4.3 on `us-parties/us-applicants/us-applicant`
    // plus a separate `inventors` list. Before the AIA the inventors were the applicants
    // (`app-type="applicant-inventor"`): they are listed in both roles.
    let parties_el = child(bib, "us-parties").or_else(|| child(bib, "parties"));
    if let Some(p) = parties_el {
        let applicants = child(p, "us-applicants").or_else(|| child(p, "applicants"));
        for a in applicants.into_iter().flat_map(|a| a.children().filter(Node::is_element)) {
            let Some(party) = party_from(a, PartyRole::Applicant, lang) else { continue };
            let also_inventor = a.attribute("app-type").is_some_and(|t| t.contains("inventor"));
            let inventor = also_inventor.then(|| Party { role: PartyRole::Inventor, ..party.clone() });
            push_party(parties, party);
            if let Some(i) = inventor {
                push_party(parties, i);
            }
        }
        for i in child(p, "inventors").into_iter().flat_map(|i| children(i, "inventor")) {
            if let Some(party) = party_from(i, PartyRole::Inventor, lang) {
                push_party(parties, party);
            }
        }
        for a in child(p, "agents").into_iter().flat_map(|a| children(a, "agent")) {
            if let Some(party) = party_from(a, PartyRole::Agent, lang) {
                push_party(parties, party);
            }
        }
    }
    for a in child(bib, "assignees").into_iter().flat_map(|a| children(a, "assignee")) {
        if let Some(party) = party_from(a, PartyRole::Assignee, lang) {
            push_party(parties, party);
        }
    }
    for e in child(bib, "examiners").into_iter().flat_map(|e| e.children().filter(Node::is_element)) {
        if let Some(name) = person_or_org_name(e) {
            push_party(parties, Party { organisation: Some(false), ..Party::new(PartyRole::Examiner, lang, name) });
        }
    }
}

/// Adds a party unless one with the same role and name is already there (v4.3+ lists
/// applicant-inventors both as applicants and as inventors).
fn push_party(parties: &mut Vec<Party>, party: Party) {
    if !parties.iter().any(|p| p.role == party.role && p.name() == party.name()) {
        parties.push(party);
    }
}

/// A party from an element holding an `addressbook` (or the name fields directly).
fn party_from(node: Node, role: PartyRole, lang: Lang) -> Option<Party> {
    let book = child(node, "addressbook").unwrap_or(node);
    let name = person_or_org_name(book)?;
    let mut party = Party::new(role, lang, name);
    party.organisation = Some(child(book, "orgname").is_some());
    party.address = child(book, "address").map(address_from).filter(|a| *a != Address::default());
    Some(party)
}

/// `orgname`, else `last-name, first-name middle-name` (the order the USPTO and EPO print).
fn person_or_org_name(book: Node) -> Option<String> {
    if let Some(org) = text_of(book, "orgname") {
        return Some(org);
    }
    let last = text_of(book, "last-name").or_else(|| text_of(book, "name"));
    let given: Vec<String> = ["first-name", "middle-name"].iter().filter_map(|f| text_of(book, f)).collect();
    match (last, given.is_empty()) {
        (Some(l), true) => Some(l),
        (Some(l), false) => Some(format!("{l}, {}", given.join(" "))),
        (None, false) => Some(given.join(" ")),
        (None, true) => None,
    }
}

fn address_from(a: Node) -> Address {
    let street: Vec<String> =
        ["street", "address-1", "address-2", "address-3"].iter().filter_map(|f| text_of(a, f)).collect();
    Address {
        text: (!street.is_empty()).then(|| street.join(", ")),
        city: text_of(a, "city"),
        state: text_of(a, "state"),
        postcode: text_of(a, "postcode"),
        // `unknown` and other placeholders are not ISO codes.
        country: text_of(a, "country").filter(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())),
        cn_region: None,
    }
}

fn read_citations(right: &mut Right, bib: Node) {
    let cited = child(bib, "us-references-cited").or_else(|| child(bib, "references-cited"));
    for c in cited.into_iter().flat_map(|c| c.children().filter(Node::is_element)) {
        let cited_by = text_of(c, "category").map(|c| cited_by(&c));
        let target = if let Some(doc) = path(c, "patcit/document-id") {
            CitationTarget::Patent {
                id: publication_id(doc),
                raw: document_number(doc),
                date: child(doc, "date").and_then(|d| partial_date(&text(d))),
                name: text_of(doc, "name"),
            }
        } else if let Some(npl) = child(c, "nplcit") {
            CitationTarget::NonPatent { text: text(npl) }
        } else {
            continue;
        };
        right.citations.push(Citation { target, category: None, cited_by });
    }
}

/// `cited by examiner` → `examiner`; `cited by third party` → `third_party`.
fn cited_by(category: &str) -> String {
    let who = category.trim().strip_prefix("cited by ").unwrap_or(category.trim());
    who.replace(' ', "_")
}

fn read_priorities(right: &mut Right, bib: Node) {
    for p in child(bib, "priority-claims").into_iter().flat_map(|p| children(p, "priority-claim")) {
        let (Some(country), Some(number)) = (text_of(p, "country"), text_of(p, "doc-number")) else { continue };
        right.priorities.push(Priority { country, number, date: child(p, "date").and_then(date_of) });
    }
}

/// Related US filings: continuity parents and provisionals go to the `related` attribute;
/// publications of the same family (the earlier publication of this application, parent
/// grants, the PCT publication) go to `family.members`.
fn read_related(right: &mut Right, bib: Node) {
    let mut notes = Vec::new();
    let mut members = Vec::new();
    for r in child(bib, "us-related-documents").into_iter().flat_map(|r| r.children().filter(Node::is_element)) {
        let relation = r.tag_name().name();
        match relation {
            "related-publication" => members.extend(child(r, "document-id").and_then(publication_id)),
            "us-provisional-application" => {
                notes.extend(child(r, "document-id").map(|d| related_note("provisional", d)))
            }
            _ => {
                for parent in r.descendants().filter(|n| n.has_tag_name("parent-doc")) {
                    if let Some(d) = child(parent, "document-id") {
                        let mut note = related_note(relation, d);
                        if let Some(status) = text_of(parent, "parent-status") {
                            note.push_str(&format!(" {status}"));
                        }
                        notes.push(note);
                    }
                    for grant in children(parent, "parent-grant-document").filter_map(|g| child(g, "document-id")) {
                        members.extend(publication_id(grant));
                    }
                    for pct in children(parent, "parent-pct-document").filter_map(|g| child(g, "document-id")) {
                        notes.push(related_note("pct", pct));
                    }
                }
            }
        }
    }
    if let Some(pct) = path(bib, "pct-or-regional-publishing-data/document-id") {
        members.extend(publication_id(pct));
    }
    let own = right.publication.as_ref().map(ToString::to_string);
    for m in members.iter().map(ToString::to_string) {
        if !right.family.members.contains(&m) && Some(&m) != own.as_ref() {
            right.family.members.push(m);
        }
    }
    if !notes.is_empty() {
        right.attributes.insert("related".into(), notes.join("; "));
    }
}

/// `continuation US17319954 2021-05-13`, `provisional US62167931 2015-05-29`,
/// `pct PCT/EP2017/071381 2017-08-24`.
fn related_note(relation: &str, d: Node) -> String {
    let mut note = format!("{relation} {}", compact_number(d));
    if let Some(date) = child(d, "date").and_then(date_of) {
        note.push_str(&format!(" {date}"));
    }
    note
}

/// A `document-id` as one token: `US17319954`, `PCT/EP2017/071381` (a PCT number already
/// names its office), `WO2004096145A2`.
fn compact_number(d: Node) -> String {
    let number = text_of(d, "doc-number").unwrap_or_default();
    let country = text_of(d, "country").filter(|_| !number.starts_with("PCT"));
    let kind = text_of(d, "kind");
    [country, Some(number), kind].into_iter().flatten().collect()
}

fn read_attributes(right: &mut Right, root: Node, bib: Node) {
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            right.attributes.insert(k.to_string(), v);
        }
    };
    put("dtd_version", root.attribute("dtd-version").map(str::to_string));
    put(
        "application_type",
        path(bib, "application-reference").and_then(|a| a.attribute("appl-type")).map(str::to_string),
    );
    put("series_code", text_of(bib, "us-application-series-code"));
    put("term_extension_days", path(bib, "us-term-of-grant/us-term-extension").map(text));
    put("term_years", path(bib, "us-term-of-grant/length-of-grant").map(text));
    put(
        "terminal_disclaimer",
        path(bib, "us-term-of-grant/disclaimer").map(text).map(|t| if t.is_empty() { "yes".into() } else { t }),
    );
    put("number_of_claims", text_of(bib, "number-of-claims"));
    put("art_unit", path(bib, "examiners/primary-examiner/department").map(text));
    put("pct_filing", path(bib, "pct-or-regional-filing-data/document-id").map(compact_number));
    // The national-stage entry date: `us-371c124-date` before v4.3, `us-371c12-date` after.
    let national_stage = path(bib, "pct-or-regional-filing-data").and_then(|p| {
        p.children()
            .find(|c| c.tag_name().name().starts_with("us-371c"))
            .and_then(|c| child(c, "date"))
            .and_then(date_of)
    });
    put("us_371c_date", national_stage.map(|d| d.to_string()));
}

/// Text of a child element, whitespace-collapsed, if present and not blank.
fn text_of(node: Node, name: &str) -> Option<String> {
    child(node, name).map(text).filter(|t| !t.is_empty())
}

/// The element's text exactly as written (fixed-width classification fields keep their
/// padding).
fn raw_text(node: Node) -> String {
    node.descendants().filter(Node::is_text).filter_map(|t| t.text()).collect()
}

fn date_of(node: Node) -> Option<Date> {
    parse_date(&text(node))
}

fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s).ok()
}

/// Cited documents carry only year and month (`19990100`): the missing day (or month) is
/// taken as the first, so the date still orders and ages citations correctly to the month.
fn partial_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return parse_date(s);
    }
    let (y, m, d) = (s.get(..4)?.parse().ok()?, s.get(4..6)?.parse::<u8>().ok()?, s.get(6..)?.parse::<u8>().ok()?);
    Date::new(y, m.max(1), d.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_width_ipc7() {
        assert_eq!(ipc7_symbol("F25D 2312"), "F25D 23/12");
        assert_eq!(ipc7_symbol("H05K  720"), "H05K 7/20");
        assert_eq!(ipc7_symbol("C07C24900"), "C07C 249/00");
        assert_eq!(ipc7_symbol("H01L 21302"), "H01L 21/302");
        assert_eq!(ipc7_symbol("A41D001/06"), "A41D 001/06");
        assert_eq!(IpcSymbol::parse(&ipc7_symbol("A41D001/06")).unwrap().to_string(), "A41D1/06");
    }

    use silkport_model::IpcSymbol;

    #[test]
    fn fixed_width_uspc() {
        assert_eq!(uspc_symbol("16510425"), "165/104.25");
        assert_eq!(uspc_symbol(" 622592"), "62/259.2");
        assert_eq!(uspc_symbol("361688"), "361/688");
        assert_eq!(uspc_symbol("D 2703"), "D2/703");
        assert_eq!(uspc_symbol("D14138 AB"), "D14/138AB");
        assert_eq!(uspc_symbol("257E33062"), "257/E33.062");
        assert_eq!(uspc_symbol("123 46 R"), "123/46R");
        assert_eq!(uspc_symbol("PLT471"), "PLT/471");
        assert_eq!(uspc_symbol("D 8  1"), "D8/1");
        assert_eq!(uspc_symbol("701 22"), "701/22");
    }

    #[test]
    fn partial_citation_dates() {
        assert_eq!(partial_date("19990100").unwrap().to_string(), "1999-01-01");
        assert_eq!(partial_date("19990000").unwrap().to_string(), "1999-01-01");
        assert_eq!(partial_date("20020615").unwrap().to_string(), "2002-06-15");
        assert!(partial_date("1999").is_none());
    }

    #[test]
    fn sniff_needs_a_start_tag() {
        let f = UsptoXml;
        assert!(f.sniff("x.xml", b"<?xml?>\n<!DOCTYPE us-patent-grant SYSTEM \"a\">\n<us-patent-grant lang=\"EN\">"));
        assert!(f.sniff("x.xml", b"<us-patent-application\n lang=\"EN\">"));
        assert!(!f.sniff("x.xml", b"<!DOCTYPE us-patent-grant SYSTEM \"a\">"));
        assert!(!f.sniff("x.xml", b"<!DOCTYPE PATDOC SYSTEM \"ST32-US-Grant-025xml.dtd\"><PATDOC>"));
        assert!(!f.sniff("x.xml", b"<patent-application-publication>"));
    }

    #[test]
    fn claim_numbers_and_block_text() {
        assert_eq!(parse_number("CLM-00012"), Some(12));
        assert_eq!(parse_number("00003"), Some(3));
        let t = crate::xml::with_doc(
            "<c><claim-text>1. A thing:\n <claim-text>a part;</claim-text></claim-text></c>",
            |d| block_text(d.root_element(), &["claim-text"]),
        )
        .unwrap();
        assert_eq!(t, "1. A thing:\na part;");
    }
}
