//! USPTO patent assignments: recorded conveyances (transfers, security interests and their
//! releases, name changes, mergers, corrections) as one legal event per conveyance and
//! property, with a stub right for each patent or published application named. Reads every
//! shape the assignment search API has served: the old Solr XML (`<response>` of `<doc>`s),
//! the 2026 ODP JSON, Solr docs as JSON lines, and the conveyance and property CSVs derived
//! from them. Also owns the event shape and key that `peds` reuses for the assignments it
//! carries, so a conveyance seen in several sources is one event.
//!
//! Event keys are `uspto-assignment:{reel:06}/{frame:04}:{property}`. A property is named by
//! its US application (`US-APP-16091845`): every source gives it, and it stays put when a
//! patent issues later (older snapshots show no patent number where newer ones do). Only
//! properties without one fall back to their patent, publication, PCT or Hague number. A
//! national-stage application the USPTO lists twice (once with its PCT or Hague number) is
//! one property.

use super::util::{compact_date, for_each_line};
use crate::delimited::{self, csv_columns};
use crate::detect::contains;
use crate::xml::with_doc;
use crate::{Context, Format, IngestError, Item, Position, RecordError, Sink, Stop};
use csv::StringRecord;
use roxmltree::Node;
use serde::de::{DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use silkport_model::{
    Address, AppNumber, Date, EventKind, EventRecord, Lang, LegalEvent, LocalizedText, Party, PartyRole, PubKey,
    PublicationId, Right, RightId, RightKind,
};
use std::collections::HashMap;
use std::fmt;
use std::io::BufRead;

const NAME: &str = "uspto-assignment";

/// The largest `<doc>` read from Solr XML; bigger ones are reported and skipped.
const MAX_DOC_BYTES: usize = 64 * 1024 * 1024;

pub struct UsptoAssignment;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    SolrXml,
    OdpJson,
    SolrJsonl,
    ConveyanceCsv,
    PropertyCsv,
}

impl Shape {
    /// Recognises a shape from the start of a file. `sniffing` asks for the stronger evidence
    /// that needs more bytes; `parse` only sees what its buffer holds and the file is already
    /// known to be ours.
    fn of(head: &[u8], sniffing: bool) -> Option<Shape> {
        let columns = csv_columns(head);
        let has = |names: &[&str]| names.iter().all(|n| columns.iter().any(|c| c.as_str() == *n));
        if has(&["reel_frame", "recorded_date", "conveyance_text", "application_numbers"]) {
            return Some(Shape::ConveyanceCsv);
        }
        if has(&["reel_frame", "application_number", "patent_number", "invention_title"]) {
            return Some(Shape::PropertyCsv);
        }
        let solr_marks = ["name=\"reelNo\"", "name=\"conveyanceText\"", "patAssignee"];
        if contains(head, "<response") && (!sniffing || solr_marks.iter().any(|m| contains(head, m))) {
            return Some(Shape::SolrXml);
        }
        if contains(head, "\"successResponse\"") && (!sniffing || contains(head, "\"reelNumber\"")) {
            return Some(Shape::OdpJson);
        }
        let starts_object = head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        if starts_object && contains(head, "\"reelNo\"") && (!sniffing || contains(head, "\"conveyanceText\"")) {
            return Some(Shape::SolrJsonl);
        }
        None
    }
}

impl Format for UsptoAssignment {
    fn name(&self) -> &'static str {
        NAME
    }

    fn describe(&self) -> &'static str {
        "USPTO patent assignments (assignment-search Solr XML, ODP JSON, Solr JSON lines, conveyance and property \
         CSV): transfers, security interests and releases as events per property, with stub rights"
    }

    fn sniff(&self, _name: &str, head: &[u8]) -> bool {
        Shape::of(head, true).is_some()
    }

    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        let head = input.fill_buf().map_err(|source| IngestError::Io { path: ctx.file.clone(), source })?;
        let shape = Shape::of(head, false);
        match shape {
            Some(Shape::SolrXml) => parse_solr_xml(input, ctx, sink),
            Some(Shape::OdpJson) => parse_odp(input, ctx, sink),
            Some(Shape::SolrJsonl) => parse_solr_jsonl(input, ctx, sink),
            Some(Shape::ConveyanceCsv) => parse_conveyance_csv(input, ctx, sink),
            Some(Shape::PropertyCsv) => parse_property_csv(input, ctx, sink),
            None => Err(ctx.malformed(
                "not USPTO assignment data (no Solr <response>, ODP successResponse, Solr JSON doc or \
                 assignment CSV header)",
            )),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The conveyance, its properties, and the events and stubs they make (shared with `peds`).

/// One recorded conveyance, as any source spells it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Conveyance {
    pub reel: u32,
    pub frame: u32,
    pub text: String,
    pub recorded: Option<Date>,
    /// The earliest execution date among the conveying parties.
    pub executed: Option<Date>,
    pub assignors: Vec<String>,
    pub assignees: Vec<(String, Option<Address>)>,
}

impl Conveyance {
    /// A conveyance as the derived CSVs list it: names joined with ` | `, no addresses, no
    /// dates (each CSV has its own date columns).
    pub(crate) fn listed(reel: u32, frame: u32, text: &str, assignors: &str, assignees: &str) -> Conveyance {
        Conveyance {
            reel,
            frame,
            text: clean(text).unwrap_or("").to_string(),
            recorded: None,
            executed: None,
            assignors: split_names(assignors),
            assignees: split_names(assignees).into_iter().map(|n| (n, None)).collect(),
        }
    }

    /// `048811/0679`: the reel/frame as the USPTO prints it.
    fn reference(&self) -> String {
        format!("{:06}/{:04}", self.reel, self.frame)
    }
}

/// One property (application or patent) a conveyance names. Numbers are as the source
/// writes them, without the `US` prefix.
#[derive(Debug, Clone, Default)]
pub(crate) struct Property {
    pub application: Option<String>,
    pub patent: Option<String>,
    pub publication: Option<String>,
    pub pct: Option<String>,
    pub intl_registration: Option<String>,
    pub title: Option<String>,
    pub filed: Option<Date>,
    pub issued: Option<Date>,
    pub published: Option<Date>,
}

impl Property {
    /// The property's part of the event key; see the module doc for the order of preference.
    fn id(&self) -> Option<String> {
        if let Some(a) = self.application.as_deref().map(alphanumeric).filter(|a| !a.is_empty()) {
            return Some(format!("US-APP-{a}"));
        }
        if let Some(p) = self.patent_id().or_else(|| self.publication_id()) {
            return Some(p.key().0);
        }
        if let Some(p) = self.pct.as_deref().map(pct_number).filter(|p| !p.is_empty()) {
            return Some(format!("PCT-{p}"));
        }
        self.intl_registration.as_deref().map(alphanumeric).filter(|r| !r.is_empty()).map(|r| format!("HAGUE-{r}"))
    }

    fn patent_id(&self) -> Option<PublicationId> {
        us_publication(self.patent.as_deref()?)
    }

    fn publication_id(&self) -> Option<PublicationId> {
        us_publication(self.publication.as_deref()?)
    }

    fn app_key(&self) -> Option<String> {
        AppNumber::from_parts("US", self.application.as_deref()?).ok().map(|a| a.key())
    }

    /// The patent the event names, else the published application.
    fn pub_key(&self) -> Option<PubKey> {
        self.patent_id().or_else(|| self.publication_id()).map(|p| p.key())
    }

    /// Takes what `other` (the same property listed again) knows and this one lacks.
    fn fill_from(&mut self, other: Property) {
        fn fill<T>(into: &mut Option<T>, from: Option<T>) {
            if into.is_none() {
                *into = from;
            }
        }
        fill(&mut self.application, other.application);
        fill(&mut self.patent, other.patent);
        fill(&mut self.publication, other.publication);
        fill(&mut self.pct, other.pct);
        fill(&mut self.intl_registration, other.intl_registration);
        fill(&mut self.title, other.title);
        fill(&mut self.filed, other.filed);
        fill(&mut self.issued, other.issued);
        fill(&mut self.published, other.published);
    }
}

/// `US` + a number as assignment records write it (`8087209`, `D811183`, `20190084733`).
pub(crate) fn us_publication(number: &str) -> Option<PublicationId> {
    PublicationId::parse(&format!("US{}", number.trim())).ok().filter(|p| p.country() == "US" && p.kind().is_none())
}

/// Classifies a conveyance. Corrective filings are corrections whatever they correct: the
/// model's classifier would call "CORRECTIVE ASSIGNMENT … ALLIED SECURITY TRUST" a pledge.
/// Entity conversions keep the owner and change its form, so they count as name changes.
pub(crate) fn conveyance_kind(text: &str) -> EventKind {
    let t = text.to_ascii_uppercase();
    if t.starts_with("CORRECTIVE") || t.contains("TO CORRECT") {
        EventKind::Correction
    } else if t.contains("CONVERSION") || t.contains("CHANGE OF LEGAL ENTITY") {
        EventKind::NameChange
    } else {
        EventKind::from_us_conveyance(&t)
    }
}

/// Roles of the conveying and receiving parties. A security interest is granted by the
/// owner (pledgor) to the secured party (pledgee); a release runs the other way; an
/// assignment of a security interest hands it from one secured party to another.
fn party_roles(kind: EventKind, text: &str) -> (PartyRole, PartyRole) {
    let t = text.to_ascii_uppercase();
    let secured = ["SECUR", "LIEN", "PLEDGE", "COLLATERAL", "MORTGAGE"].iter().any(|w| t.contains(w));
    match kind {
        EventKind::Pledge if t.contains("ASSIGNMENT OF") => (PartyRole::Assignor, PartyRole::Pledgee),
        EventKind::Pledge => (PartyRole::Pledgor, PartyRole::Pledgee),
        EventKind::Release if secured => (PartyRole::Pledgee, PartyRole::Pledgor),
        EventKind::Licence => (PartyRole::Licensor, PartyRole::Licensee),
        _ => (PartyRole::Assignor, PartyRole::Assignee),
    }
}

/// The event every property of a conveyance shares, all but its key.
fn event_template(c: &Conveyance) -> LegalEvent {
    let kind = conveyance_kind(&c.text);
    let (from, to) = party_roles(kind, &c.text);
    let mut parties: Vec<Party> = c.assignors.iter().map(|n| Party::new(from, Lang::EN, n.as_str())).collect();
    parties.extend(c.assignees.iter().map(|(n, addr)| {
        let p = Party::new(to, Lang::EN, n.as_str());
        match addr {
            Some(a) => p.with_address(a.clone()),
            None => p,
        }
    }));
    let description = match (c.recorded, c.executed) {
        (Some(_), Some(e)) => Some(format!("executed {e}")),
        (None, Some(e)) => {
            Some(format!("executed {e}; the source gives no recording date, so the event is dated by execution"))
        }
        _ => None,
    };
    LegalEvent {
        key: String::new(),
        date: c.recorded.or(c.executed),
        kind,
        code: Some(c.text.clone()).filter(|t| !t.is_empty()),
        authority: Some("US".to_string()),
        description,
        parties,
        reference: Some(c.reference()),
        amount: None,
    }
}

/// Emits one event per distinct property of a conveyance and, with `stubs`, a stub right
/// for each patent or published application.
pub(crate) fn emit_conveyance(
    c: &Conveyance,
    properties: Vec<Property>,
    pos: Position,
    ctx: &Context,
    sink: &mut Sink,
    stubs: bool,
) -> Result<(), Stop> {
    let template = event_template(c);
    let reference = c.reference();
    let revision = c.recorded.or(c.executed).map(compact_date);
    for (n, (id, property)) in merge_repeats(properties).into_iter().enumerate() {
        let Some(id) = id else {
            let msg = format!(
                "reel/frame {reference}, property {}: no application, patent, publication, PCT or registration number",
                n + 1
            );
            sink(Err(RecordError::new(pos, msg)))?;
            continue;
        };
        let mut event = template.clone();
        event.key = format!("{NAME}:{reference}:{id}");
        let record = EventRecord { publication: property.pub_key(), application: property.app_key(), event };
        sink(Ok(Item::Event(Box::new(record))))?;
        if stubs {
            if let Some(right) = stub(&property, revision.as_deref(), ctx) {
                sink(Ok(Item::Right(Box::new(right))))?;
            }
        }
    }
    Ok(())
}

/// Folds properties listed more than once (a national-stage application with and without
/// its PCT number) into one, keeping the order of first appearance.
fn merge_repeats(properties: Vec<Property>) -> Vec<(Option<String>, Property)> {
    let mut out: Vec<(Option<String>, Property)> = Vec::with_capacity(properties.len());
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(properties.len());
    for p in properties {
        let id = p.id();
        if let Some(first) = id.as_ref().and_then(|id| seen.get(id)).and_then(|&i| out.get_mut(i)) {
            first.1.fill_from(p);
            continue;
        }
        if let Some(id) = &id {
            seen.insert(id.clone(), out.len());
        }
        out.push((id, p));
    }
    out
}

/// A stub right for the patent a property names, else for its published application.
fn stub(p: &Property, revision: Option<&str>, ctx: &Context) -> Option<Right> {
    let (id, granted) = match p.patent_id() {
        Some(id) => (id, true),
        None => (p.publication_id()?, false),
    };
    let kind = us_right_kind(id.number());
    let mut r = Right::new(RightId::from(id), kind, "US", NAME);
    r.application = p.application.as_deref().and_then(|a| AppNumber::from_parts("US", a).ok());
    r.lang = Some(Lang::EN);
    r.texts.titles.extend(p.title.as_deref().map(|t| LocalizedText::new(Lang::EN, t)));
    r.dates.filing = p.filed;
    if granted {
        r.dates.grant = p.issued;
    } else {
        r.dates.publication = p.published;
    }
    r.source.file = Some(ctx.file.clone());
    r.source.revision = revision.map(str::to_string);
    r.source.stub = true;
    Some(r)
}

/// Designs (`D…`) and plant patents (`PP…`) by their number series; all else are inventions.
pub(crate) fn us_right_kind(number: &str) -> RightKind {
    if number.starts_with("PP") {
        RightKind::PlantVariety
    } else if number.starts_with('D') {
        RightKind::Design
    } else {
        RightKind::InventionPatent
    }
}

// ---------------------------------------------------------------------------------------
// Small value helpers (shared with `peds`).

/// A field's value, or `None` when blank, the API's `NULL`, or Solr's `0001-01-01` no-date.
pub(crate) fn clean(s: &str) -> Option<&str> {
    let t = s.trim();
    (!t.is_empty() && !t.eq_ignore_ascii_case("NULL") && !t.starts_with("0001-01-01")).then_some(t)
}

/// An ISO or Solr timestamp date (`2018-11-13T04:00:00Z`).
pub(crate) fn iso_date(s: &str) -> Option<Date> {
    clean(s).and_then(|t| Date::parse(t).ok())
}

/// A US month-first date (`03/06/2015`, `03-06-2015`). `Date::parse` reads slashes day
/// first, as EU registers write them, so slashes become dashes first.
pub(crate) fn us_date(s: &str) -> Option<Date> {
    let t = clean(s)?;
    if t.len() >= 4 && t.as_bytes().get(4) == Some(&b'-') {
        return Date::parse(t).ok();
    }
    Date::parse(&t.replace('/', "-")).ok()
}

/// Names joined with ` | ` in the derived CSVs.
fn split_names(s: &str) -> Vec<String> {
    s.split('|').filter_map(clean).map(str::to_string).collect()
}

pub(crate) fn alphanumeric(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect()
}

/// A PCT application number in one spelling, `US2017026816`, whether written
/// `PCT/US2017/026816`, `PCT/US24/32083` (two-digit year) or `US2017026816`.
pub(crate) fn pct_number(raw: &str) -> String {
    let s = alphanumeric(raw);
    let s = s.strip_prefix("PCT").unwrap_or(&s);
    let (Some(cc), Some(digits)) = (s.get(..2), s.get(2..)) else {
        return s.to_string();
    };
    if !cc.bytes().all(|b| b.is_ascii_alphabetic()) || digits.len() < 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_string();
    }
    let (year, seq) = if digits.len() >= 10 {
        (digits[..4].to_string(), &digits[4..])
    } else {
        let yy = &digits[..2];
        let century = if yy >= "78" { "19" } else { "20" };
        (format!("{century}{yy}"), &digits[2..])
    };
    let seq = seq.trim_start_matches('0');
    format!("{cc}{year}{seq:0>6}")
}

// ---------------------------------------------------------------------------------------
// Solr documents, as XML elements or as JSON objects.

/// Field access common to a Solr `<doc>` and its JSON rendering.
trait SolrDoc {
    /// A single-valued field (or the first value of a list).
    fn one(&self, name: &str) -> Option<&str>;
    /// A list field, blanks kept so parallel lists stay aligned.
    fn many(&self, name: &str) -> Vec<&str>;
}

struct XmlDoc<'a, 'i>(Node<'a, 'i>);

impl SolrDoc for XmlDoc<'_, '_> {
    fn one(&self, name: &str) -> Option<&str> {
        let field = self.0.children().find(|c| c.is_element() && c.attribute("name") == Some(name))?;
        if field.tag_name().name() == "arr" {
            field.children().find(|c| c.is_element()).and_then(|c| c.text())
        } else {
            field.text()
        }
    }

    fn many(&self, name: &str) -> Vec<&str> {
        let arr = self
            .0
            .children()
            .find(|c| c.is_element() && c.tag_name().name() == "arr" && c.attribute("name") == Some(name));
        match arr {
            Some(a) => a.children().filter(|c| c.is_element()).map(|c| c.text().unwrap_or("")).collect(),
            None => self.one(name).into_iter().collect(),
        }
    }
}

struct JsonDoc<'a>(&'a Map<String, Value>);

impl SolrDoc for JsonDoc<'_> {
    fn one(&self, name: &str) -> Option<&str> {
        match self.0.get(name)? {
            Value::String(s) => Some(s),
            Value::Array(a) => a.first().and_then(Value::as_str),
            _ => None,
        }
    }

    fn many(&self, name: &str) -> Vec<&str> {
        match self.0.get(name) {
            Some(Value::Array(a)) => a.iter().map(|v| v.as_str().unwrap_or("")).collect(),
            Some(Value::String(s)) => vec![s.as_str()],
            _ => Vec::new(),
        }
    }
}

/// Reads a conveyance and its properties from a Solr doc. Property fields are parallel
/// lists; lists of different lengths cannot be paired safely, so such a doc is refused.
fn read_solr(doc: &dyn SolrDoc) -> Result<(Conveyance, Vec<Property>), String> {
    let number = |field: &str| -> Result<u32, String> {
        let v = doc.one(field).and_then(clean).ok_or_else(|| format!("no {field}"))?;
        v.parse().map_err(|_| format!("{field} {v:?} is not a number"))
    };
    let reel = number("reelNo")?;
    let frame = number("frameNo")?;
    let text = doc.one("conveyanceText").and_then(clean).ok_or("no conveyanceText")?.to_string();
    let executed = doc
        .one("patAssignorEarliestExDate")
        .and_then(iso_date)
        .or_else(|| doc.many("patAssignorExDate").into_iter().filter_map(iso_date).min());
    let conveyance = Conveyance {
        reel,
        frame,
        text,
        recorded: doc.one("recordedDate").and_then(iso_date),
        executed,
        assignors: doc.many("patAssignorName").into_iter().filter_map(clean).map(str::to_string).collect(),
        assignees: solr_assignees(doc),
    };
    Ok((conveyance, solr_properties(doc)?))
}

fn solr_assignees(doc: &dyn SolrDoc) -> Vec<(String, Option<Address>)> {
    let names = doc.many("patAssigneeName");
    let [line1, line2, city, state, country, postcode] = [
        "patAssigneeAddress1",
        "patAssigneeAddress2",
        "patAssigneeCity",
        "patAssigneeState",
        "patAssigneeCountryName",
        "patAssigneePostcode",
    ]
    .map(|f| doc.many(f));
    let at = |list: &[&str], i: usize| list.get(i).copied().and_then(clean).map(str::to_string);
    names
        .iter()
        .enumerate()
        .filter_map(|(i, name)| {
            let name = clean(name)?.to_string();
            let address = postal_address(
                [at(&line1, i), at(&line2, i)],
                at(&city, i),
                at(&state, i),
                at(&postcode, i),
                at(&country, i),
            );
            Some((name, address))
        })
        .collect()
}

/// An address from its parts; the country is a name (`GERMANY`), so it stays in the text.
pub(crate) fn postal_address(
    lines: [Option<String>; 2],
    city: Option<String>,
    state: Option<String>,
    postcode: Option<String>,
    country_name: Option<String>,
) -> Option<Address> {
    let parts: Vec<&str> =
        lines.iter().chain([&city, &state, &postcode, &country_name]).filter_map(|p| p.as_deref()).collect();
    if parts.is_empty() {
        return None;
    }
    Some(Address { text: Some(parts.join(", ")), city, state, postcode, ..Address::default() })
}

fn solr_properties(doc: &dyn SolrDoc) -> Result<Vec<Property>, String> {
    const FIELDS: [&str; 9] = [
        "applNum",
        "patNum",
        "publNum",
        "pctNum",
        "intlRegNum",
        "inventionTitle",
        "filingDate",
        "issueDate",
        "publDate",
    ];
    let lists = FIELDS.map(|f| doc.many(f));
    let count = lists.iter().map(Vec::len).max().unwrap_or(0);
    if let Some((field, list)) = FIELDS.iter().zip(&lists).find(|(_, l)| !l.is_empty() && l.len() != count) {
        return Err(format!(
            "property lists differ in length: {field} has {} entries, another has {count}",
            list.len()
        ));
    }
    let [appl, pat, publ, pct, reg, title, filed, issued, published] = &lists;
    let text = |list: &[&str], i: usize| list.get(i).copied().and_then(clean).map(str::to_string);
    let date = |list: &[&str], i: usize| list.get(i).copied().and_then(iso_date);
    Ok((0..count)
        .map(|i| Property {
            application: text(appl, i),
            patent: text(pat, i),
            publication: text(publ, i),
            pct: text(pct, i),
            intl_registration: text(reg, i),
            title: text(title, i),
            filed: date(filed, i),
            issued: date(issued, i),
            published: date(published, i),
        })
        .collect())
}

// ---------------------------------------------------------------------------------------
// Solr XML: a `<response>` whose `<result>` holds one `<doc>` per conveyance. Each doc is
// cut out of the stream and parsed on its own, so memory stays bounded by the largest
// conveyance and a damaged doc costs only itself.

fn parse_solr_xml(input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
    let mut docs = DocChunks::new(input);
    while let Some(chunk) = docs.next_chunk() {
        let (line, text) = match chunk {
            Ok(c) => c,
            Err(e) => {
                sink(Err(e))?;
                continue;
            }
        };
        let pos = Position::Line(line);
        match with_doc(&text, |d| read_solr(&XmlDoc(d.root_element()))) {
            Ok(Ok((conveyance, properties))) => emit_conveyance(&conveyance, properties, pos, ctx, sink, true)?,
            Ok(Err(m)) | Err(m) => sink(Err(RecordError::new(pos, m)))?,
        }
    }
    Ok(())
}

/// Cuts `<doc>…</doc>` elements out of a byte stream, wherever lines break.
struct DocChunks<'r> {
    input: &'r mut dyn BufRead,
    line: u64,
    current: Vec<u8>,
    start_line: u64,
    inside: bool,
    oversized: bool,
    ready: std::collections::VecDeque<Result<(u64, String), RecordError>>,
    done: bool,
}

impl<'r> DocChunks<'r> {
    fn new(input: &'r mut dyn BufRead) -> Self {
        DocChunks {
            input,
            line: 0,
            current: Vec::new(),
            start_line: 0,
            inside: false,
            oversized: false,
            ready: Default::default(),
            done: false,
        }
    }

    fn next_chunk(&mut self) -> Option<Result<(u64, String), RecordError>> {
        let mut buf = Vec::new();
        while self.ready.is_empty() && !self.done {
            buf.clear();
            match self.input.read_until(b'\n', &mut buf) {
                Ok(0) => {
                    self.done = true;
                    if self.inside {
                        let msg = "<doc> starting here has no </doc>: the file is cut off";
                        self.ready.push_back(Err(RecordError::new(Position::Line(self.start_line), msg)));
                    }
                }
                Ok(_) => {
                    self.line += 1;
                    self.scan(&buf);
                }
                Err(e) => {
                    self.done = true;
                    self.ready
                        .push_back(Err(RecordError::new(Position::Line(self.line + 1), format!("read error: {e}"))));
                }
            }
        }
        self.ready.pop_front()
    }

    fn scan(&mut self, mut rest: &[u8]) {
        loop {
            if !self.inside {
                let Some(at) = find(rest, b"<doc>") else { return };
                self.inside = true;
                self.oversized = false;
                self.start_line = self.line;
                self.current.clear();
                rest = &rest[at..];
            }
            let Some(at) = find(rest, b"</doc>") else {
                self.append(rest);
                return;
            };
            let end = at + b"</doc>".len();
            self.append(&rest[..end]);
            self.inside = false;
            self.finish();
            rest = &rest[end..];
        }
    }

    fn append(&mut self, bytes: &[u8]) {
        if self.current.len() + bytes.len() > MAX_DOC_BYTES {
            self.oversized = true;
            self.current.clear();
        } else if !self.oversized {
            self.current.extend_from_slice(bytes);
        }
    }

    fn finish(&mut self) {
        let pos = Position::Line(self.start_line);
        let bytes = std::mem::take(&mut self.current);
        let item = if self.oversized {
            Err(RecordError::new(pos, format!("<doc> larger than {MAX_DOC_BYTES} bytes skipped")))
        } else {
            String::from_utf8(bytes)
                .map(|text| (self.start_line, text))
                .map_err(|e| RecordError::new(pos, format!("not valid UTF-8: {}", e.utf8_error())))
        };
        self.ready.push_back(item);
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------------------
// Solr docs as JSON lines (the normalized assignment sample).

fn parse_solr_jsonl(input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
    for_each_line(input, ctx, |line, n| {
        if line.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let pos = Position::Line(n);
        let parsed = serde_json::from_slice::<Map<String, Value>>(line)
            .map_err(|e| format!("not a JSON object: {e}"))
            .and_then(|doc| read_solr(&JsonDoc(&doc)));
        match parsed {
            Ok((conveyance, properties)) => emit_conveyance(&conveyance, properties, pos, ctx, sink, true)?,
            Err(m) => sink(Err(RecordError::new(pos, m)))?,
        }
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------
// ODP JSON: `{"successResponse": {"data": [record, …]}}`, one record per conveyance with
// the properties matching the query. Records are handed over as the parser reaches them, so
// the whole response is never held and a cut-off file still yields what came before.

fn parse_odp(input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
    let mut records = 0u64;
    let mut stopped = false;
    let result = {
        let mut on_record = |record: Value| -> bool {
            records += 1;
            let pos = Position::Record(records);
            let sent = match read_odp(&record) {
                Ok((conveyance, properties)) => emit_conveyance(&conveyance, properties, pos, ctx, sink, true),
                Err(m) => sink(Err(RecordError::new(pos, m))),
            };
            stopped = sent.is_err();
            !stopped
        };
        let mut de = serde_json::Deserializer::from_reader(input);
        OdpLevel { on_record: &mut on_record, level: Level::Top }.deserialize(&mut de).and_then(|()| de.end())
    };
    match result {
        Ok(()) => Ok(()),
        Err(_) if stopped => Err(IngestError::Stopped),
        Err(e) if records == 0 => Err(ctx.malformed(format!("not an ODP assignment response: {e}"))),
        Err(e) => {
            let msg = format!("JSON broken after record {records}, the rest is lost: {e}");
            sink(Err(RecordError::new(Position::Line(e.line() as u64), msg)))?;
            Ok(())
        }
    }
}

#[derive(Clone, Copy)]
enum Level {
    Top,
    Response,
    Data,
}

/// Walks down `successResponse` → `data` and calls `on_record` for each element, skipping
/// everything else unread. `on_record` returns false to stop.
struct OdpLevel<'f, F> {
    on_record: &'f mut F,
    level: Level,
}

impl<'de, F: FnMut(Value) -> bool> DeserializeSeed<'de> for OdpLevel<'_, F> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, F: FnMut(Value) -> bool> Visitor<'de> for OdpLevel<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an ODP assignment response object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (wanted, next) = match self.level {
            Level::Top => ("successResponse", Level::Response),
            Level::Response => ("data", Level::Data),
            Level::Data => return Err(A::Error::custom("data is an object, expected a list of records")),
        };
        while let Some(key) = map.next_key::<String>()? {
            if key == wanted {
                map.next_value_seed(OdpLevel { on_record: &mut *self.on_record, level: next })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if !matches!(self.level, Level::Data) {
            return Err(A::Error::custom("a list where an object was expected"));
        }
        while let Some(record) = seq.next_element::<Value>()? {
            if !(self.on_record)(record) {
                return Err(A::Error::custom("stopped by the consumer"));
            }
        }
        Ok(())
    }

    /// `"successResponse": null` or `"data": null` in error responses: nothing to read.
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

fn read_odp(record: &Value) -> Result<(Conveyance, Vec<Property>), String> {
    let obj = record.as_object().ok_or("record is not a JSON object")?;
    let number = |field: &str| -> Result<u32, String> {
        let n = match obj.get(field) {
            Some(Value::Number(n)) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        n.ok_or_else(|| format!("no numeric {field}"))
    };
    let reel = number("reelNumber")?;
    let frame = number("frameNumber")?;
    let text = json_str(obj, "conveyance").ok_or("no conveyance")?.to_string();
    let assignors = json_list(obj, "assignors");
    let executed = json_str(obj, "assignorExecutionDate")
        .and_then(us_date)
        .or_else(|| assignors.iter().filter_map(|a| a.get("executionDate")?.as_str().and_then(us_date)).min());
    let conveyance = Conveyance {
        reel,
        frame,
        text,
        recorded: None,
        executed,
        assignors: assignors.iter().filter_map(|a| name_in(a, "assignorName")).collect(),
        assignees: json_list(obj, "assignees")
            .iter()
            .filter_map(|a| name_in(a, "assigneeName"))
            .map(|n| (n, None))
            .collect(),
    };
    let properties = json_list(obj, "properties")
        .iter()
        .filter_map(Value::as_object)
        .map(|p| Property {
            application: json_str(p, "applicationNumber").map(str::to_string),
            patent: json_str(p, "patentNumber").map(str::to_string),
            publication: json_str(p, "publicationNumber").map(str::to_string),
            pct: json_str(p, "pctNumber").map(str::to_string),
            intl_registration: json_str(p, "internationalRegistrationNumber").map(str::to_string),
            title: json_str(p, "inventionTitle").map(str::to_string),
            // sic: the ODP API spells it "fillingDate".
            filed: json_str(p, "fillingDate").or_else(|| json_str(p, "filingDate")).and_then(us_date),
            issued: json_str(p, "issueDate").and_then(us_date),
            published: json_str(p, "publicationDate").and_then(us_date),
        })
        .collect();
    Ok((conveyance, properties))
}

pub(crate) fn json_str<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Value::as_str).and_then(clean)
}

pub(crate) fn json_list<'a>(obj: &'a Map<String, Value>, key: &str) -> &'a [Value] {
    obj.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

/// A party name given either as a plain string or as an object with the name under `key`.
fn name_in(v: &Value, key: &str) -> Option<String> {
    match v {
        Value::String(s) => clean(s).map(str::to_string),
        Value::Object(o) => json_str(o, key).map(str::to_string),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// The derived CSVs: one row per conveyance (`assignments.csv`, with its application
// numbers) gives the events; one row per property (`assignment_properties.csv`) gives the
// stubs. Keys are those of the Solr docs they were derived from, so nothing duplicates.

/// Reads a CSV with a header row and calls `row` with each record's `wanted` fields (in
/// that order, blank where a row is short) and its position. A row that is not valid CSV is
/// reported and reading goes on; a missing column or an I/O failure ends the file.
pub(crate) fn for_each_csv_row<const N: usize>(
    input: &mut dyn BufRead,
    ctx: &Context,
    sink: &mut Sink,
    wanted: [&str; N],
    mut row: impl FnMut([&str; N], Position, &mut Sink) -> Result<(), Stop>,
) -> Result<(), IngestError> {
    let mut reader = delimited::reader(&csv::ReaderBuilder::new(), input);
    let headers = reader.headers().map_err(|e| ctx.malformed(format!("unreadable CSV header: {e}")))?.clone();
    let mut columns = [0; N];
    for (column, w) in columns.iter_mut().zip(wanted) {
        *column = headers.iter().position(|h| h.trim() == w).ok_or_else(|| ctx.malformed(format!("no {w} column")))?;
    }
    let mut rec = StringRecord::new();
    loop {
        match reader.read_record(&mut rec) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let line = rec.position().map_or(0, |p| delimited::line_at(&mut reader, p));
                row(columns.map(|c| rec.get(c).unwrap_or("")), Position::Line(line), sink)?;
            }
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                return Err(ctx.malformed(format!("read error: {e}")));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| delimited::line_at(&mut reader, p));
                sink(Err(RecordError::new(Position::Line(line), format!("bad CSV row: {e}"))))?;
            }
        }
    }
}

fn parse_conveyance_csv(input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
    const COLUMNS: [&str; 8] = [
        "reel_no",
        "frame_no",
        "recorded_date",
        "conveyance_text",
        "earliest_execution_date",
        "assignors",
        "assignees",
        "application_numbers",
    ];
    for_each_csv_row(input, ctx, sink, COLUMNS, |f, pos, sink| {
        let [reel, frame, recorded, text, executed, assignors, assignees, applications] = f;
        let (Ok(reel), Ok(frame)) = (reel.trim().parse::<u32>(), frame.trim().parse::<u32>()) else {
            return sink(Err(RecordError::new(pos, format!("reel_no {reel:?} / frame_no {frame:?} are not numbers"))));
        };
        let conveyance = Conveyance {
            recorded: iso_date(recorded),
            executed: iso_date(executed),
            ..Conveyance::listed(reel, frame, text, assignors, assignees)
        };
        let properties = applications
            .split_whitespace()
            .filter_map(clean)
            .map(|a| Property { application: Some(a.to_string()), ..Property::default() })
            .collect();
        emit_conveyance(&conveyance, properties, pos, ctx, sink, false)
    })
}

fn parse_property_csv(input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
    const COLUMNS: [&str; 8] = [
        "reel_frame",
        "application_number",
        "filing_date",
        "patent_number",
        "issue_date",
        "publication_number",
        "publication_date",
        "invention_title",
    ];
    // A conveyance's rows come together; they are gathered so that an application listed
    // twice makes one stub, as it does from the Solr doc.
    let mut conveyance = String::new();
    let mut rows: Vec<Property> = Vec::new();
    for_each_csv_row(input, ctx, sink, COLUMNS, |f, _, sink| {
        let [reel_frame, application, filed, patent, issued, publication, published, title] = f;
        if reel_frame != conveyance {
            emit_property_stubs(std::mem::take(&mut rows), ctx, sink)?;
            conveyance = reel_frame.to_string();
        }
        let text = |v: &str| clean(v).map(str::to_string);
        rows.push(Property {
            application: text(application),
            filed: iso_date(filed),
            patent: text(patent),
            issued: iso_date(issued),
            publication: text(publication),
            published: iso_date(published),
            title: text(title),
            ..Property::default()
        });
        Ok(())
    })?;
    emit_property_stubs(rows, ctx, sink)?;
    Ok(())
}

/// Stubs for one conveyance's property rows. The file has no recording date, so they carry
/// no revision and yield to dated stubs.
fn emit_property_stubs(rows: Vec<Property>, ctx: &Context, sink: &mut Sink) -> Result<(), Stop> {
    for (_, property) in merge_repeats(rows) {
        if let Some(right) = stub(&property, None, ctx) {
            sink(Ok(Item::Right(Box::new(right))))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pct_numbers_in_one_spelling() {
        assert_eq!(pct_number("PCT/US24/32083"), "US2024032083");
        assert_eq!(pct_number("US2017026816"), "US2017026816");
        assert_eq!(pct_number("PCT/US2017/026816"), "US2017026816");
        assert_eq!(pct_number("PCT/US99/01234"), "US1999001234");
    }

    #[test]
    fn us_dates_are_month_first() {
        assert_eq!(us_date("03/06/2015").map(|d| d.to_string()), Some("2015-03-06".into()));
        assert_eq!(us_date("03-10-2015").map(|d| d.to_string()), Some("2015-03-10".into()));
        assert_eq!(us_date("2015-03-10T00:00:00Z").map(|d| d.to_string()), Some("2015-03-10".into()));
        assert_eq!(us_date(""), None);
    }

    #[test]
    fn conveyance_kinds_and_roles() {
        use EventKind::*;
        assert_eq!(conveyance_kind("SECURITY INTEREST (SEE DOCUMENT FOR DETAILS)."), Pledge);
        assert_eq!(conveyance_kind("RELEASE BY SECURED PARTY (SEE DOCUMENT FOR DETAILS)."), Release);
        let corrective = "CORRECTIVE ASSIGNMENT TO CORRECT THE ASSIGNOR … ALLIED SECURITY TRUST I.";
        assert_eq!(conveyance_kind(corrective), Correction);
        assert_eq!(conveyance_kind("ENTITY CONVERSION"), NameChange);
        let moved = "ASSIGNMENT OF PATENT SECURITY INTEREST RECORDED AT REEL/FRAME 048811/0679";
        assert_eq!(party_roles(conveyance_kind(moved), moved), (PartyRole::Assignor, PartyRole::Pledgee));
        let release = "RELEASE BY SECURED PARTY";
        assert_eq!(party_roles(Release, release), (PartyRole::Pledgee, PartyRole::Pledgor));
    }

    #[test]
    fn property_ids_prefer_the_application() {
        let p =
            Property { application: Some("09/044,559".into()), patent: Some("6095661".into()), ..Default::default() };
        assert_eq!(p.id().as_deref(), Some("US-APP-09044559"));
        let p = Property { patent: Some("D811183".into()), ..Default::default() };
        assert_eq!(p.id().as_deref(), Some("USD811183"));
        let p = Property { pct: Some("PCT/US24/32083".into()), ..Default::default() };
        assert_eq!(p.id().as_deref(), Some("PCT-US2024032083"));
        assert_eq!(Property::default().id(), None);
    }
}
