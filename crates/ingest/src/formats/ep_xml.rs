//! EPO publication-server `ep-patent-document` XML, every DTD version from v1.0 to v1.5.1:
//! one EP A (application) or B (grant) publication per document, with the `SDOBI` B-tags,
//! titles in de/en/fr, abstract, description, claims per language and citations. Also owns
//! the text helpers the EPO OPS format shares: block text, claim references, IPCR text.

use crate::detect::contains;
use crate::xml::{self, child, children, text, text_at, XmlChunk, XmlDocs};
use crate::{Context, Format, IngestError, Item, RecordError, Sink};
use roxmltree::{Document, Node};
use silkport_model::{
    Address, AppNumber, Citation, CitationTarget, Claim, ClaimSet, ClassScheme, Classification, Date, Lang,
    LocalizedText, Party, PartyRole, Priority, PublicationId, Right, RightId, RightKind, Status,
};
use std::collections::HashSet;
use std::io::BufRead;

pub struct EpXml;

const NAME: &str = "ep-xml";

impl Format for EpXml {
    fn name(&self) -> &'static str {
        NAME
    }
    fn describe(&self) -> &'static str {
        "EPO publication server ep-patent-document XML (EP A/B publications, DTD v1.0-v1.5.1)"
    }
    fn sniff(&self, _name: &str, head: &[u8]) -> bool {
        contains(head, "<ep-patent-document")
    }
    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        for chunk in XmlDocs::new(input) {
            sink(chunk.and_then(|c| read_chunk(&c, ctx)))?;
        }
        Ok(())
    }
}

fn read_chunk(chunk: &XmlChunk, ctx: &Context) -> Result<Item, RecordError> {
    let right = parse_with_repair(chunk, |doc| read_document(doc, ctx))?;
    Ok(Item::Right(Box::new(right)))
}

/// Parses a chunk and hands the document to `read`. Publication-server files in the wild
/// hold a stray `<` in text (`<First Embodiment</heading>`, where `&lt;` was meant), which
/// no XML parser accepts; when the document fails to parse and has such a `<`, it is
/// escaped and parsing tried once more. Bare `&` is already handled by entity resolution.
pub(crate) fn parse_with_repair<T>(
    chunk: &XmlChunk,
    read: impl Fn(&Document) -> Result<T, String>,
) -> Result<T, RecordError> {
    let outcome = match xml::with_doc(&chunk.text, &read) {
        Ok(outcome) => outcome,
        Err(malformed) => match escape_stray_lt(&chunk.text) {
            Some(repaired) => xml::with_doc(&repaired, &read).map_err(|_| chunk.error(malformed))?,
            None => return Err(chunk.error(malformed)),
        },
    };
    outcome.map_err(|m| chunk.error(m))
}

/// Escapes each `<` that cannot start markup because another `<` comes before the next
/// `>`. Returns `None` when there is none, so well-formed text is never rewritten.
fn escape_stray_lt(xml: &str) -> Option<String> {
    let mut out = String::new();
    let mut done = 0;
    for (at, _) in xml.match_indices('<') {
        let rest = &xml[at + 1..];
        // Only up to the next `<`, so the scan stays linear in the document.
        let until_next = &rest[..rest.find('<').unwrap_or(rest.len())];
        let stray = !rest.starts_with(['!', '?']) && !until_next.contains('>');
        if stray {
            out.push_str(&xml[done..at]);
            out.push_str("&lt;");
            done = at + 1;
        }
    }
    if done == 0 {
        return None;
    }
    out.push_str(&xml[done..]);
    Some(out)
}

fn read_document(doc: &Document, ctx: &Context) -> Result<Right, String> {
    let root = doc.root_element();
    if root.tag_name().name() != "ep-patent-document" {
        return Err(format!("root element is <{}>, expected <ep-patent-document>", root.tag_name().name()));
    }
    let sdobi = child(root, "SDOBI").ok_or("no <SDOBI> bibliographic section")?;
    let publication = publication_id(root, sdobi)?;
    let kind_code = publication.kind().unwrap_or("").to_string();
    let country = publication.country().to_string();
    let mut right = Right::new(
        RightId::from(publication.clone()),
        RightKind::from_patent_kind(&country, Some(&kind_code)),
        &country,
        NAME,
    );
    right.publication = Some(publication);
    let lang = root.attribute("lang").or(sdobi.attribute("lang")).and_then(|l| Lang::parse(l).ok());
    right.lang = lang;
    let text_lang = lang.unwrap_or(Lang::EN);

    let published = root.attribute("date-publ").and_then(parse_date).or_else(|| date_at(sdobi, "B100/B140/date"));
    right.dates.publication = published;
    right.dates.filing = date_at(sdobi, "B200/B220/date");
    let granted = kind_code.starts_with('B');
    if granted {
        // B450 is the mention of the grant; a B2 (amended after opposition) is published
        // later than the grant it amends.
        right.dates.grant = date_at(sdobi, "B400/B450/date").or(published);
    }
    right.status = Some(if granted { Status::Active } else { Status::Pending });
    right.application = text_at(sdobi, "B200/B210").and_then(|n| AppNumber::from_parts(&country, &n).ok());
    right.priorities = priorities(sdobi);

    if let Some(b500) = child(sdobi, "B500") {
        right.classifications = classifications(b500);
        right.texts.titles = titles(b500, text_lang);
        right.citations = search_report_citations(b500);
    }
    right.citations.extend(document_citations(root));
    if let Some(b700) = child(sdobi, "B700") {
        right.parties = parties(b700, text_lang);
        let opponents: Vec<String> = path_all_text(b700, "B780/B781/snm");
        if !opponents.is_empty() {
            right.attributes.insert("opponents".into(), opponents.join("; "));
        }
    }
    if let Some(b800) = child(sdobi, "B800") {
        read_states_and_pct(b800, &mut right);
    }
    read_divisional_links(sdobi, &mut right);
    read_texts(root, text_lang, &mut right);

    if let Some(v) = root.attribute("dtd-version") {
        right.attributes.insert("dtd_version".into(), v.to_string());
    }
    // The publication server's own id is application number + kind (`EP78100007A1`).
    if let Some(id) = root.attribute("id") {
        right.attributes.insert("ep_document_id".into(), id.to_string());
    }
    right.source.file = Some(ctx.file.clone());
    right.source.revision = published.map(|d| d.to_string().replace('-', ""));
    Ok(right)
}

/// `country` + `doc-number` + `kind` from the root attributes (zero-padded `0000002`), else
/// from B190/B110/B130.
fn publication_id(root: Node, sdobi: Node) -> Result<PublicationId, String> {
    let attr_or = |name: &str, p: &str| root.attribute(name).map(str::to_string).or_else(|| text_at(sdobi, p));
    let country = attr_or("country", "B100/B190").unwrap_or_else(|| "EP".into());
    let number = attr_or("doc-number", "B100/B110").ok_or("no doc-number attribute and no B110")?;
    let kind = attr_or("kind", "B100/B130");
    PublicationId::new(country.trim(), number.trim(), kind.as_deref().map(str::trim))
        .map_err(|e| format!("bad publication number: {e}"))
}

/// A publication id from its parts, with old WO numbers (`WO 93/12345`, `WO99016636`:
/// two-digit year and 5 or 6 digit serial) written the way WIPO and DOCDB have written them
/// since 2004 (`WO1993012345`), so citations and family members join the WO document.
pub(crate) fn publication_id_from(country: &str, number: &str, kind: Option<&str>) -> Option<PublicationId> {
    let country = country.trim();
    if country.eq_ignore_ascii_case("WO") {
        let digits: String = number.chars().filter(|c| !matches!(c, ' ' | '/' | ',' | '-' | '.')).collect();
        if matches!(digits.len(), 7 | 8) && digits.bytes().all(|b| b.is_ascii_digit()) {
            let (yy, serial) = digits.split_at(2);
            let century = if yy >= "78" { "19" } else { "20" };
            let full = format!("{century}{yy}{serial:0>6}");
            return PublicationId::new(country, &full, kind).ok();
        }
    }
    PublicationId::new(country, number, kind).ok()
}

fn parse_date(s: &str) -> Option<Date> {
    Date::parse(s).ok()
}

fn date_at(node: Node, p: &str) -> Option<Date> {
    text_at(node, p).and_then(|t| parse_date(&t))
}

/// Text of every element reached by a path, skipping blanks.
fn path_all_text(node: Node, p: &str) -> Vec<String> {
    xml::path_all(node, p).into_iter().map(text).filter(|t| !t.is_empty()).collect()
}

/// B300 lists its priorities as runs of B310 (number), B320 (date), B330 (country).
fn priorities(sdobi: Node) -> Vec<Priority> {
    let mut out: Vec<Priority> = Vec::new();
    for b300 in children(sdobi, "B300") {
        for n in b300.children().filter(Node::is_element) {
            match n.tag_name().name() {
                "B310" => out.push(Priority { country: String::new(), number: text(n), date: None }),
                "B320" => {
                    if let Some(p) = out.last_mut() {
                        p.date = text_at(n, "date").and_then(|t| parse_date(&t));
                    }
                }
                "B330" => {
                    if let Some(p) = out.last_mut() {
                        p.country = text_at(n, "ctry").unwrap_or_default();
                    }
                }
                _ => {}
            }
        }
    }
    out.retain(|p| !p.number.is_empty());
    out
}

/// IPC as the DTD versions encode it: IPC 1-7 in B510 (`B511` main, `B512` further, `B513`
/// additional, each prefixed by the edition digit: `7A 01B 45/00`), IPC 8 in
/// B510EP/classification-ipcr (`C07D 271/113 20060101AFI…`, `F` = first = main) and CPC in
/// B520EP/classifications-cpc.
fn classifications(b500: Node) -> Vec<Classification> {
    let mut out = Vec::new();
    if let Some(b510) = child(b500, "B510") {
        for n in b510.children().filter(|n| matches!(n.tag_name().name(), "B511" | "B512" | "B513")) {
            let t = text(n);
            let symbol_text = t.trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace());
            if let Some((symbol, _)) = split_class_text(symbol_text) {
                push_class(&mut out, ClassScheme::Ipc, &symbol, n.tag_name().name() == "B511");
            }
        }
    }
    for n in xml::path_all(b500, "B510EP/classification-ipcr") {
        push_flagged_class(&mut out, ClassScheme::Ipc, &text_of_text(n));
    }
    for n in xml::path_all(b500, "B520EP/classifications-cpc/classification-cpc") {
        push_flagged_class(&mut out, ClassScheme::Cpc, &text_of_text(n));
    }
    ensure_main_ipc(&mut out);
    out
}

fn text_of_text(n: Node) -> String {
    child(n, "text").map(|t| t.text().unwrap_or("").to_string()).unwrap_or_default()
}

/// Adds an IPCR/CPC symbol written with its flags; the main one carries position `F`.
pub(crate) fn push_flagged_class(out: &mut Vec<Classification>, scheme: ClassScheme, raw: &str) {
    if let Some((symbol, rest)) = split_class_text(raw) {
        push_class(out, scheme, &symbol, is_first_position(rest));
    }
}

/// Adds a classification unless the same symbol is already there (then only its main flag).
pub(crate) fn push_class(out: &mut Vec<Classification>, scheme: ClassScheme, symbol: &str, main: bool) {
    let Ok(c) = Classification::new(scheme, symbol, main) else { return };
    match out.iter_mut().find(|x| x.scheme == c.scheme && x.symbol == c.symbol) {
        Some(existing) => existing.main |= main,
        None => out.push(c),
    }
}

/// When no IPC symbol is flagged main, the first one is: offices list the main one first.
pub(crate) fn ensure_main_ipc(out: &mut [Classification]) {
    let ipc = |c: &&mut Classification| c.scheme == ClassScheme::Ipc;
    if !out.iter_mut().filter(ipc).any(|c| c.main) {
        if let Some(first) = out.iter_mut().find(ipc) {
            first.main = true;
        }
    }
}

/// Splits IPCR/CPC text (`C07D 271/113       20060101AFI20200522BHEP`, or OPS's
/// `E21B  44/    00            A I`) into the symbol (`C07D271/113`) and what follows it.
pub(crate) fn split_class_text(raw: &str) -> Option<(String, &str)> {
    let raw = raw.trim();
    let Some(slash) = raw.find('/') else {
        let symbol = raw.split_whitespace().next()?;
        return Some((symbol.to_string(), &raw[symbol.len()..]));
    };
    let head: String = raw[..slash].chars().filter(|c| !c.is_whitespace()).collect();
    let after = raw[slash + 1..].trim_start();
    let digits = after.find(|c: char| !c.is_ascii_digit()).unwrap_or(after.len());
    if head.is_empty() || digits == 0 {
        return None;
    }
    Some((format!("{head}/{}", &after[..digits]), &after[digits..]))
}

/// The IPCR/CPC position flag follows the 8-digit version date and a level character:
/// `20060101AFI…`, `20130101 FI…`.
fn is_first_position(rest: &str) -> bool {
    let b = rest.trim_start().as_bytes();
    b.len() >= 10 && b[..8].iter().all(u8::is_ascii_digit) && b[9] == b'F'
}

/// B540 holds the titles as B541 (language) / B542 (title) pairs.
fn titles(b500: Node, default: Lang) -> Vec<LocalizedText> {
    let mut out: Vec<LocalizedText> = Vec::new();
    let mut lang = default;
    for n in xml::path_all(b500, "B540").into_iter().flat_map(|b| b.children()).filter(Node::is_element) {
        match n.tag_name().name() {
            "B541" => lang = Lang::parse(&text(n)).unwrap_or(default),
            "B542" => push_text(&mut out, lang, text(n)),
            _ => {}
        }
    }
    sort_by_lang(&mut out);
    out
}

/// Adds a text unless it is blank or its language already has one.
pub(crate) fn push_text(out: &mut Vec<LocalizedText>, lang: Lang, text: String) {
    if !text.is_empty() && !out.iter().any(|t| t.lang == lang) {
        out.push(LocalizedText::new(lang, text));
    }
}

pub(crate) fn sort_by_lang(texts: &mut [LocalizedText]) {
    texts.sort_by_key(|t| t.lang);
}

/// B560: the documents cited in the search report of a B publication, as text
/// (`EP-A- 0 320 349`, `WO-A-93/12345`) in B561 and non-patent literature in B562.
fn search_report_citations(b500: Node) -> Vec<Citation> {
    let mut out = Vec::new();
    for b560 in children(b500, "B560") {
        for n in b560.children().filter(Node::is_element) {
            let raw = text_at(n, "text").unwrap_or_else(|| text(n));
            if raw.is_empty() {
                continue;
            }
            let target = match n.tag_name().name() {
                "B561" => b561_target(raw),
                "B562" => CitationTarget::NonPatent { text: raw },
                _ => continue,
            };
            out.push(Citation { target, category: None, cited_by: Some("search_report".into()) });
        }
    }
    out
}

/// `EP-A- 0 320 349` is country, kind (letter, maybe digit) and number, joined by `-`.
fn b561_target(raw: String) -> CitationTarget {
    let mut parts = raw.splitn(3, '-').map(str::trim);
    let id = match (parts.next(), parts.next(), parts.next()) {
        (Some(country), Some(kind), Some(number)) => {
            let kind = Some(kind).filter(|k| !k.is_empty());
            publication_id_from(country, number, kind)
        }
        _ => None,
    };
    CitationTarget::Patent { id, raw, date: None, name: None }
}

/// Citations in the document body: the search report of an A publication
/// (`search-report-data`, with X/Y/A categories), and the documents cited in the
/// description. The description cites each document inline and again in the
/// `ep-reference-list`; the list is taken, inline ones only when missing from it.
fn document_citations(root: Node) -> Vec<Citation> {
    let mut out = Vec::new();
    for citation in root.descendants().filter(|n| n.has_tag_name("citation")) {
        let category = text_at(citation, "category");
        let target = match (child(citation, "patcit"), child(citation, "nplcit")) {
            (Some(p), _) => patcit_target(p),
            (None, Some(n)) => CitationTarget::NonPatent { text: text(n) },
            _ => continue,
        };
        out.push(Citation { target, category, cited_by: Some("search_report".into()) });
    }
    let in_search_report = |n: &Node| n.ancestors().any(|a| a.has_tag_name("citation"));
    let reference_list = child(root, "ep-reference-list");
    let listed = |n: &Node| reference_list.is_some_and(|l| n.ancestors().any(|a| a == l));
    let mut seen_patents = HashSet::new();
    let mut patcits: Vec<Node> = root.descendants().filter(|n| n.has_tag_name("patcit")).collect();
    // Reference-list entries first, so they are the ones kept.
    patcits.sort_by_key(|n| !listed(n));
    for p in patcits.into_iter().filter(|n| !in_search_report(n)) {
        let key = p.attribute("dnum").map(str::to_string).unwrap_or_else(|| text(p));
        if seen_patents.insert(key) {
            out.push(Citation { target: patcit_target(p), category: None, cited_by: Some("applicant".into()) });
        }
    }
    let mut seen_npl = HashSet::new();
    let npl_from_list = reference_list.is_some_and(|l| l.descendants().any(|n| n.has_tag_name("nplcit")));
    for n in root.descendants().filter(|n| n.has_tag_name("nplcit") && !in_search_report(n)) {
        if npl_from_list && !listed(&n) {
            continue;
        }
        let t = text(n);
        if !t.is_empty() && seen_npl.insert(t.clone()) {
            out.push(Citation {
                target: CitationTarget::NonPatent { text: t },
                category: None,
                cited_by: Some("applicant".into()),
            });
        }
    }
    out
}

/// A `patcit` with its `document-id` (country, doc-number, kind, name, date) and `dnum`.
fn patcit_target(p: Node) -> CitationTarget {
    let doc = child(p, "document-id");
    let field = |name: &str| doc.and_then(|d| text_at(d, name));
    let (country, number, kind) = (field("country"), field("doc-number"), field("kind"));
    let raw = p
        .attribute("dnum")
        .map(str::to_string)
        .unwrap_or_else(|| [&country, &number, &kind].into_iter().flatten().cloned().collect::<String>());
    let id = match (&country, &number) {
        (Some(c), Some(n)) => publication_id_from(c, n, kind.as_deref()),
        _ => PublicationId::parse(&raw).ok(),
    };
    CitationTarget::Patent { id, raw, date: field("date").and_then(|d| parse_date(&d)), name: field("name") }
}

/// B711 applicants, B731 proprietors (the owners of a granted patent), B721 inventors and
/// B741 representatives.
fn parties(b700: Node, lang: Lang) -> Vec<Party> {
    let roles = [
        ("B710/B711", PartyRole::Applicant),
        ("B730/B731", PartyRole::Assignee),
        ("B720/B721", PartyRole::Inventor),
        ("B740/B741", PartyRole::Agent),
    ];
    let mut out = Vec::new();
    for (p, role) in roles {
        for n in xml::path_all(b700, p) {
            let Some(name) = text_at(n, "snm") else { continue };
            let mut party = Party::new(role, lang, name);
            party.address = address(n);
            // The EPC names only natural persons as inventors.
            party.organisation = (role == PartyRole::Inventor).then_some(false);
            out.push(party);
        }
    }
    out
}

fn address(n: Node) -> Option<Address> {
    let adr = child(n, "adr")?;
    let street = text_at(adr, "str");
    let city = text_at(adr, "city");
    let line: Vec<&str> = [street.as_deref(), city.as_deref()].into_iter().flatten().collect();
    Some(Address {
        text: Some(line.join(", ")).filter(|t| !t.is_empty()),
        city,
        country: text_at(adr, "ctry"),
        ..Address::default()
    })
}

/// B840 designated states, B845EP extension and B849EP validation states, and the PCT
/// application (B861) and publication (B871) an Euro-PCT application came from.
fn read_states_and_pct(b800: Node, right: &mut Right) {
    let lists = [
        ("designated_states", "B840/ctry"),
        ("extension_states", "B844EP/B845EP/ctry"),
        ("validation_states", "B848EP/B849EP/ctry"),
        ("pct_application", "B860/B861/dnum/anum"),
        ("pct_publication", "B870/B871/dnum/pnum"),
    ];
    for (key, p) in lists {
        let values = path_all_text(b800, p);
        if !values.is_empty() {
            right.attributes.insert(key.into(), values.join(" "));
        }
    }
    for pnum in path_all_text(b800, "B870/B871/dnum/pnum") {
        let (Some(country), Some(number)) = (pnum.get(..2), pnum.get(2..)) else { continue };
        if let Some(id) = publication_id_from(country, number, None) {
            right.family.members.push(id.to_string());
        }
    }
}

/// B620 names the parent application of a divisional; B620EP a divisional of this one.
fn read_divisional_links(sdobi: Node, right: &mut Right) {
    let links = [
        ("parent_application", "B600/B620/parent/pdoc/dnum/anum"),
        ("parent_publication", "B600/B620/parent/pdoc/dnum/pnum"),
        ("divisional_application", "B600/B620EP/parent/cdoc/dnum/anum"),
        ("divisional_publication", "B600/B620EP/parent/cdoc/dnum/pnum"),
    ];
    for (key, p) in links {
        let values = path_all_text(sdobi, p);
        if !values.is_empty() {
            right.attributes.insert(key.into(), values.join(" "));
        }
    }
}

/// Abstract, description and claims, each in the language its `lang` attribute gives.
fn read_texts(root: Node, default: Lang, right: &mut Right) {
    let lang_of = |n: Node| n.attribute("lang").and_then(|l| Lang::parse(l).ok()).unwrap_or(default);
    for n in root.children().filter(Node::is_element) {
        match n.tag_name().name() {
            "abstract" => push_text(&mut right.texts.abstracts, lang_of(n), block_text(n)),
            "description" => push_text(&mut right.texts.descriptions, lang_of(n), block_text(n)),
            "claims" => {
                let lang = lang_of(n);
                if !right.texts.claims.iter().any(|c| c.lang == lang) {
                    let set = claim_set(n, lang);
                    if !set.claims.is_empty() {
                        right.texts.claims.push(set);
                    }
                }
            }
            _ => {}
        }
    }
    sort_by_lang(&mut right.texts.abstracts);
    sort_by_lang(&mut right.texts.descriptions);
    right.texts.claims.sort_by_key(|c| c.lang);
}

fn claim_set(claims: Node, lang: Lang) -> ClaimSet {
    let mut out = Vec::new();
    for (i, c) in children(claims, "claim").enumerate() {
        let num = claim_number(c).unwrap_or(i as u32 + 1);
        let text = block_text(c);
        let depends_on = claim_references(&text, num);
        out.push(Claim { num, text, depends_on });
    }
    ClaimSet { lang, claims: out }
}

/// `num="0003"`, or when it is blank the digits ending the id (`c-en-0003`).
fn claim_number(c: Node) -> Option<u32> {
    let from_num = c.attribute("num").and_then(|n| n.trim().parse().ok()).filter(|&n| n > 0);
    from_num.or_else(|| {
        let id = c.attribute("id")?;
        let digits = id.trim_end_matches(|ch: char| !ch.is_ascii_digit());
        let start = digits.len() - digits.chars().rev().take_while(char::is_ascii_digit).count();
        digits[start..].parse().ok().filter(|&n| n > 0)
    })
}

/// Elements that start a new line in plain text.
const BLOCKS: &[&str] = &[
    "p",
    "heading",
    "li",
    "claim-text",
    "row",
    "tr",
    "dt",
    "dd",
    "title",
    "br",
    "table",
    "tables",
    "ul",
    "ol",
    "dl",
    "maths",
    "chemistry",
    "figure",
];
/// Table cells, separated by a space.
const CELLS: &[&str] = &["entry", "td", "th"];

/// The text under a node with paragraphs, list items, claim parts and table rows on lines
/// of their own, table cells apart, and whitespace within a line collapsed.
pub(crate) fn block_text(node: Node) -> String {
    xml::block_text_with_cells(node, BLOCKS, CELLS)
}

/// Claim references are expanded (ranges, "all preceding claims") only up to this number,
/// which no real patent reaches, so a garbled claim number cannot exhaust memory.
const MAX_CLAIMS: u32 = 2000;

/// Words that name a claim in the three EPO languages.
const CLAIM_WORDS: &[&str] = &[
    "claim",
    "claims",
    "anspruch",
    "ansprüche",
    "ansprüchen",
    "anspruchs",
    "anspruches",
    "patentanspruch",
    "patentansprüche",
    "patentansprüchen",
    "revendication",
    "revendications",
];
/// Words that refer to all earlier claims ("any of the preceding claims").
const PRECEDING_WORDS: &[&str] = &[
    "preceding",
    "foregoing",
    "previous",
    "vorhergehenden",
    "vorhergehende",
    "vorangehenden",
    "vorangehende",
    "vorstehenden",
    "précédentes",
    "précédente",
    "precedentes",
    "précèdentes",
];
/// Words allowed between a claim word and its number, or between numbers.
const FILLERS: &[&str] = &["the", "la", "le", "les", "l", "des", "du", "der", "die", "den", "dem", "nr", "no"];
const RANGE_WORDS: &[&str] = &["to", "bis", "à", "a", "through"];
const LIST_WORDS: &[&str] = &["or", "and", "oder", "und", "ou", "et", "bzw", "sowie"];

#[derive(Debug, PartialEq)]
enum Token {
    Num(u32),
    Word(String),
    Punct(char),
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut end = start + 1;
            while let Some(&(i, d)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
                end = i + d.len_utf8();
                chars.next();
            }
            out.push(Token::Num(text[start..end].parse().unwrap_or(u32::MAX)));
        } else if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek().filter(|(_, d)| d.is_alphabetic()) {
                end = i + d.len_utf8();
                chars.next();
            }
            out.push(Token::Word(text[start..end].to_lowercase()));
        } else if !c.is_whitespace() {
            out.push(Token::Punct(c));
        }
    }
    out
}

fn is_word(t: Option<&Token>, words: &[&str]) -> bool {
    matches!(t, Some(Token::Word(w)) if words.contains(&w.as_str()))
}

/// The earlier claims a claim refers to, read from its text in English, German or French:
/// `claim 1`, `claims 1 to 3`, `claim 1 or claim 2`, `Ansprüche 1 bis 3`, `revendications
/// 1 à 4`, and "any of the preceding claims" (all earlier claims). Only numbers below the
/// claim's own count, so a claim never depends on itself or a later one.
pub(crate) fn claim_references(text: &str, own: u32) -> Vec<u32> {
    let toks = tokens(text);
    let mut refs = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !is_word(toks.get(i), CLAIM_WORDS) {
            i += 1;
            continue;
        }
        let (found, next) = read_claim_numbers(&toks, i + 1, own, &mut refs);
        let near = |j: Option<usize>| is_word(j.and_then(|j| toks.get(j)), PRECEDING_WORDS);
        if !found && (near(i.checked_sub(1)) || near(i.checked_sub(2)) || near(Some(i + 1))) {
            refs.extend(1..own.min(MAX_CLAIMS));
        }
        i = next.max(i + 1);
    }
    refs.retain(|&n| n >= 1 && n < own);
    refs.sort_unstable();
    refs.dedup();
    refs
}

/// Reads `1`, `1 to 3`, `1, 2 or 5`, `1 or claim 2` from `start`; returns whether any
/// number was read and where reading stopped.
fn read_claim_numbers(toks: &[Token], start: usize, own: u32, refs: &mut Vec<u32>) -> (bool, usize) {
    let skip = |mut i: usize| {
        while is_word(toks.get(i), FILLERS) || is_word(toks.get(i), CLAIM_WORDS) {
            i += 1;
        }
        i
    };
    let mut found = false;
    let mut i = start;
    loop {
        i = skip(i);
        let Some(&Token::Num(n)) = toks.get(i) else { break };
        refs.push(n);
        found = true;
        i += 1;
        let range = is_word(toks.get(i), RANGE_WORDS) || matches!(toks.get(i), Some(Token::Punct('-' | '–' | '—')));
        if range {
            let j = skip(i + 1);
            let Some(&Token::Num(m)) = toks.get(j) else { break };
            if m > n && m < own && m <= MAX_CLAIMS {
                refs.extend(n + 1..=m);
            } else {
                refs.push(m);
            }
            i = j + 1;
        }
        let list = is_word(toks.get(i), LIST_WORDS) || matches!(toks.get(i), Some(Token::Punct(',' | '/')));
        if !list {
            break;
        }
        i += 1;
        if matches!(toks.get(i), Some(Token::Punct('.'))) {
            i += 1; // "bzw."
        }
    }
    (found, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_references_in_three_languages() {
        let cases: &[(&str, u32, &[u32])] = &[
            ("Apparatus as claimed in claim 1, wherein", 2, &[1]),
            ("The method of any one of claims 1 - 3, wherein", 4, &[1, 2, 3]),
            ("Lisse selon la revendication 1 ou la revendication 2, caractérisée", 3, &[1, 2]),
            ("Lisse selon l'une des revendications 1 à 4", 5, &[1, 2, 3, 4]),
            ("Vorrichtung nach einem der Ansprüche 1 bis 3", 4, &[1, 2, 3]),
            ("Verfahren nach Anspruch 1 oder Anspruch 2", 3, &[1, 2]),
            ("Verfahren nach Anspruchs 1 bzw. 2", 3, &[1, 2]),
            ("Apparatus as claimed in any of the foregoing claims, wherein", 4, &[1, 2, 3]),
            ("Procédé selon l'une quelconque des revendications précédentes", 3, &[1, 2]),
            ("A method comprising 3 steps", 2, &[]),
            ("Method according to claim 5", 3, &[]),
            ("revendications 1 et 2 ou des revendications 3 et 4", 6, &[1, 2, 3, 4]),
        ];
        assert_eq!(claim_references("any of the preceding claims", u32::MAX).len(), MAX_CLAIMS as usize - 1);
        assert_eq!(claim_references("claims 1 to 4000000000", u32::MAX), [1, 4_000_000_000]);
        for (text, own, want) in cases {
            assert_eq!(claim_references(text, *own), *want, "{text}");
        }
    }

    #[test]
    fn class_text_variants() {
        assert_eq!(split_class_text("C07D 271/113       20060101AFI20200522BHEP").unwrap().0, "C07D271/113");
        let (s, rest) = split_class_text("E21B  44/    00            A I").unwrap();
        assert_eq!((s.as_str(), rest.trim()), ("E21B44/00", "A I"));
        assert!(is_first_position("       20060101AFI20200522BHEP"));
        assert!(is_first_position(" 20130101 FI20130101BHEP"));
        assert!(!is_first_position(" 20130101 LI20200617BCEP"));
        assert_eq!(split_class_text("G01V3/18").unwrap().0, "G01V3/18");
    }

    #[test]
    fn stray_less_than_is_escaped_and_markup_kept() {
        let fixed = escape_stray_lt("<a><h><First Embodiment</h><!-- c --><?pi x?></a>").unwrap();
        assert_eq!(fixed, "<a><h>&lt;First Embodiment</h><!-- c --><?pi x?></a>");
        assert!(escape_stray_lt("<a><b>ok</b></a>").is_none());
    }

    #[test]
    fn block_text_separates_paragraphs_and_cells() {
        let t = xml::with_doc(
            "<d><p>One <b>bold</b>\n  text.</p><p>Two</p><table><row><entry>a</entry><entry>b</entry></row></table></d>",
            |d| block_text(d.root_element()),
        )
        .unwrap();
        assert_eq!(t, "One bold text.\nTwo\na b");
    }
}
