//! USPTO PEDS (Patent Examination Data System) exports: applications as stub rights with
//! their status, parties and dates; the prosecution and post-grant transaction history
//! (maintenance fees, reminders, expiry, late-payment petitions, grant, publication,
//! abandonment…) as legal events; the assignments each application carries as the same
//! events `uspto_assignment` makes; and the transaction code table as reference data.
//!
//! Transaction keys are `peds:{appl_id}:{date}:{code}:{n}`, `n` counting earlier rows of the
//! same application, date and code (PEDS does record the same code twice on one day). A
//! file holding a subset of the codes (`maintenance_and_expiry_events.csv`) holds all rows
//! of each code it keeps, so its keys equal those of the full `transactions.csv`. Counting
//! restarts at each application, as PEDS exports keep an application's rows together.
//!
//! `EXP.` ("Expire Patent") is read as a lapse for non-payment, not as the end of term: it is
//! the maintenance-fee system's transaction (37 CFR 1.362(g)). In the sample every `EXP.`
//! falls on a patent whose status is "Expired Due to NonPayment of Maintenance Fees" or is
//! followed by a granted petition to accept late payment (`PMFP`/`PMFG`), 4 to 12 years after
//! grant, never at the end of a 20-year term.

use super::uspto_assignment::{
    alphanumeric, clean, emit_conveyance, for_each_csv_row, iso_date, json_list, json_str, postal_address, us_date,
    us_publication, us_right_kind, Conveyance, Property,
};
use super::util::{compact_date, for_each_line};
use crate::delimited::csv_columns;
use crate::detect::contains;
use crate::{Context, Format, IngestError, Item, Position, RecordError, Sink, Stop};
use serde_json::{Map, Value};
use silkport_model::{
    Address, AppNumber, ClassScheme, Classification, Date, EventKind, EventRecord, Lang, LegalEvent, LocalizedText,
    Party, PartyRole, RefRecord, Right, RightId, RightKind, Status,
};
use std::collections::HashMap;
use std::io::BufRead;

const NAME: &str = "peds";

pub struct Peds;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    ApplicationsJsonl,
    ApplicationsCsv,
    TransactionsCsv,
    AssignmentsCsv,
    CodesCsv,
}

impl Shape {
    /// Recognises a PEDS file by its CSV header or its first JSON keys. The bare
    /// `code,description,count` table is claimed by name only when sniffing, being too
    /// generic to recognise by header alone.
    fn of(name: Option<&str>, head: &[u8]) -> Option<Shape> {
        let columns = csv_columns(head);
        let has = |names: &[&str]| names.iter().all(|n| columns.iter().any(|c| c.as_str() == *n));
        if has(&["appl_id", "recorded_date", "code", "description"]) {
            return Some(Shape::TransactionsCsv);
        }
        if has(&["appl_id", "reel_no", "frame_no", "conveyance_text"]) {
            return Some(Shape::AssignmentsCsv);
        }
        if has(&["appl_id", "app_type", "filing_date", "status"]) {
            return Some(Shape::ApplicationsCsv);
        }
        if columns == ["code", "description", "count"] && name.is_none_or(|n| n.contains("transaction_code")) {
            return Some(Shape::CodesCsv);
        }
        let starts_object = head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
        let peds_keys = ["\"appStatus\"", "\"appFilingDate\"", "\"appType\""];
        if starts_object
            && contains(head, "\"applId\"")
            && (name.is_none() || peds_keys.iter().any(|k| contains(head, k)))
        {
            return Some(Shape::ApplicationsJsonl);
        }
        None
    }
}

impl Format for Peds {
    fn name(&self) -> &'static str {
        NAME
    }

    fn describe(&self) -> &'static str {
        "USPTO PEDS exports (applications JSON lines/CSV, transactions CSV, assignments CSV, transaction codes): \
         application stubs with status, maintenance-fee and prosecution events, assignments"
    }

    fn sniff(&self, name: &str, head: &[u8]) -> bool {
        Shape::of(Some(name), head).is_some()
    }

    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        let head = input.fill_buf().map_err(|source| IngestError::Io { path: ctx.file.clone(), source })?;
        let shape = Shape::of(None, head);
        match shape {
            Some(Shape::ApplicationsJsonl) => parse_applications_jsonl(input, ctx, sink),
            Some(Shape::ApplicationsCsv) => parse_applications_csv(input, ctx, sink),
            Some(Shape::TransactionsCsv) => parse_transactions(input, ctx, sink),
            Some(Shape::AssignmentsCsv) => parse_assignments_csv(input, ctx, sink),
            Some(Shape::CodesCsv) => parse_codes(input, ctx, sink),
            None => Err(IngestError::Malformed {
                path: ctx.file.clone(),
                message: "not a PEDS export (no PEDS CSV header or applId JSON line)".into(),
            }),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Transactions.

/// The event kind of a PEDS transaction code; codes without a place are `other` and keep
/// their code. Mailing (`M…`) twins of decisions stay `other` so a decision counts once.
pub fn transaction_kind(code: &str) -> EventKind {
    match code {
        c if is_maintenance_fee(c) => EventKind::FeePaid,
        "REM." => EventKind::FeeReminder,
        "EXP." => EventKind::Lapse,
        // Late maintenance payment accepted, application revived, abandonment rescinded.
        "PMFG" | "PREV" | "NRAB" => EventKind::Restoration,
        // Recordation of the grant, dated the issue date. `EPG/` (eGrant) always comes with
        // it in PEDS, so it stays `other` to keep one grant per patent.
        "PGM/" => EventKind::Grant,
        "PG-ISSUE" | "NRE." => EventKind::Publication,
        "CTNF" | "CTFR" | "CTRS" | "CTEQ" | "MN/=." => EventKind::Examination,
        c if is_abandonment(c) => EventKind::Withdrawal,
        _ => EventKind::Other,
    }
}

/// `M1551`…`M1559`, `M2551`…, `M3551`…: maintenance fees and surcharges paid (large, small,
/// micro entity).
fn is_maintenance_fee(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 5 && b[0] == b'M' && matches!(b[1], b'1'..=b'3') && &b[2..4] == b"55" && b[4].is_ascii_digit()
}

/// `ABN2`, `ABN6`… and `DABN`. `ABN9` is an internal "disposal" when an RCE is filed, not an
/// abandonment.
fn is_abandonment(code: &str) -> bool {
    code == "DABN"
        || code.strip_prefix("ABN").is_some_and(|n| !n.is_empty() && n != "9" && n.bytes().all(|b| b.is_ascii_digit()))
}

fn parse_transactions(input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
    const COLUMNS: [&str; 5] = ["appl_id", "patent_number", "recorded_date", "code", "description"];
    let mut application = String::new();
    let mut repeats: HashMap<(Date, String), u32> = HashMap::new();
    for_each_csv_row(input, ctx, sink, COLUMNS, |f, pos, sink| {
        let [appl, patent, recorded, code, description] = f;
        let (Some(appl), Some(date), Some(code)) = (clean(appl), iso_date(recorded), clean(code)) else {
            let msg =
                format!("needs appl_id, recorded_date (YYYY-MM-DD) and code; got {appl:?}, {recorded:?}, {code:?}");
            return sink(Err(RecordError::new(pos, msg)));
        };
        if appl != application {
            application = appl.to_string();
            repeats.clear();
        }
        let seen = repeats.entry((date, code.to_string())).or_insert(0);
        let n = *seen;
        *seen += 1;
        let mut event = LegalEvent::new(format!("{NAME}:{appl}:{date}:{code}:{n}"), transaction_kind(code), Some(date));
        event.code = Some(code.to_string());
        event.authority = Some("US".to_string());
        event.description = clean(description).map(str::to_string);
        let record = EventRecord {
            publication: clean(patent).and_then(us_publication).map(|p| p.key()),
            application: application_number(appl).map(|a| a.key()),
            event,
        };
        sink(Ok(Item::Event(Box::new(record))))
    })
}

/// A PEDS application id as an application number: `US09044559`, or for an international
/// application `WOPCTUS1420588`.
fn application_number(appl: &str) -> Option<AppNumber> {
    if is_pct(appl) {
        AppNumber::parse(&format!("WO{appl}")).ok()
    } else {
        AppNumber::from_parts("US", appl).ok()
    }
}

fn is_pct(appl: &str) -> bool {
    appl.trim().get(..3).is_some_and(|p| p.eq_ignore_ascii_case("PCT"))
}

/// The application as an assignment property, keyed as the assignment API keys it.
fn property(appl: &str, patent: Option<&str>) -> Property {
    let mut p = Property { patent: patent.map(str::to_string), ..Property::default() };
    if is_pct(appl) {
        p.pct = Some(appl.to_string());
    } else {
        p.application = Some(appl.to_string());
    }
    p
}

// ---------------------------------------------------------------------------------------
// Applications.

/// What the CSV and JSON renderings of an application share.
#[derive(Default)]
struct Application<'a> {
    appl: &'a str,
    app_type: Option<&'a str>,
    filed: Option<Date>,
    patent: Option<&'a str>,
    issued: Option<Date>,
    status: Option<&'a str>,
    status_date: Option<Date>,
    entity_status: Option<&'a str>,
    title: Option<&'a str>,
    examiner: Option<&'a str>,
    art_unit: Option<&'a str>,
    uspc: Option<&'a str>,
    early_publication: Option<&'a str>,
    published: Option<Date>,
    parties: Vec<Party>,
}

/// A PEDS status text as a status: lapsed for non-payment, patented is in force,
/// abandoned is withdrawn, anything else still pending.
pub fn status_of(text: &str) -> Option<Status> {
    let t = text.to_ascii_lowercase();
    if t.contains("expired") {
        let unpaid = t.contains("nonpayment") || t.contains("non-payment") || t.contains("maintenance");
        Some(if unpaid { Status::Lapsed } else { Status::Expired })
    } else if t.starts_with("patented") {
        Some(Status::Active)
    } else if t.contains("abandon") || t.contains("withdrawn") {
        Some(Status::Withdrawn)
    } else if t.starts_with("ro processing") {
        // A PCT application's receiving-office file, stored after transmittal: no status of
        // its own in the US.
        None
    } else {
        Some(Status::Pending)
    }
}

/// The stub right of an application: the granted patent (`US8087209`) when there is one,
/// else the application itself (`US-APP-17460877`).
fn application_right(a: &Application, ctx: &Context) -> Result<Right, String> {
    let patent = a.patent.and_then(us_publication);
    let kind = match (&patent, a.app_type.map(str::to_ascii_lowercase).as_deref()) {
        (Some(p), _) => us_right_kind(p.number()),
        (None, Some("design")) => RightKind::Design,
        (None, Some("plant")) => RightKind::PlantVariety,
        _ => RightKind::InventionPatent,
    };
    let granted = patent.is_some();
    let id = match patent {
        Some(p) => RightId::from(p),
        None => RightId::registered("US", "APP", &alphanumeric(a.appl))
            .map_err(|e| format!("application id {:?} is unusable: {e}", a.appl))?,
    };
    let office = if is_pct(a.appl) { "WO" } else { "US" };
    let mut r = Right::new(id, kind, office, NAME);
    r.application = application_number(a.appl);
    r.status = a.status.and_then(status_of);
    r.lang = Some(Lang::EN);
    r.texts.titles.extend(a.title.map(|t| LocalizedText::new(Lang::EN, t)));
    r.dates.filing = a.filed;
    if granted {
        r.dates.grant = a.issued;
    } else {
        r.dates.publication = a.published;
    }
    r.parties = a.parties.clone();
    r.parties.extend(a.examiner.filter(|e| *e != "NOT, DEFINED").map(|e| Party::new(PartyRole::Examiner, Lang::EN, e)));
    r.classifications.extend(a.uspc.and_then(|c| Classification::new(ClassScheme::Uspc, c, true).ok()));
    let attributes = [
        ("app_type", a.app_type.map(str::to_string)),
        ("peds_status", a.status.map(str::to_string)),
        ("peds_status_date", a.status_date.map(|d| d.to_string())),
        ("entity_status", a.entity_status.map(str::to_string)),
        ("art_unit", a.art_unit.map(str::to_string)),
        ("early_publication", a.early_publication.map(str::to_string)),
    ];
    r.attributes.extend(attributes.into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))));
    r.source.file = Some(ctx.file.clone());
    // The status date moves whenever PEDS records something new, so it orders versions.
    r.source.revision = a.status_date.map(compact_date);
    r.source.stub = true;
    Ok(r)
}

fn parse_applications_csv(input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
    const COLUMNS: [&str; 13] = [
        "appl_id",
        "app_type",
        "filing_date",
        "patent_number",
        "issue_date",
        "status",
        "status_date",
        "entity_status",
        "title",
        "first_named_applicant",
        "examiner",
        "art_unit",
        "class_subclass",
    ];
    for_each_csv_row(input, ctx, sink, COLUMNS, |f, pos, sink| {
        let [appl, app_type, filed, patent, issued, status, status_date, entity_status, title, applicant, examiner, art_unit, uspc] =
            f.map(clean);
        let Some(appl) = appl else {
            return sink(Err(RecordError::new(pos, "no appl_id")));
        };
        let app = Application {
            appl,
            app_type,
            filed: filed.and_then(iso_date),
            patent,
            issued: issued.and_then(iso_date),
            status,
            status_date: status_date.and_then(iso_date),
            entity_status,
            title,
            parties: applicant.map(|n| Party::new(PartyRole::Applicant, Lang::EN, n)).into_iter().collect(),
            examiner,
            art_unit,
            uspc,
            ..Application::default()
        };
        emit_application(&app, pos, ctx, sink)
    })
}

/// The stub right of an application, or why it has none.
fn emit_application(app: &Application, pos: Position, ctx: &Context, sink: &mut Sink) -> Result<(), Stop> {
    match application_right(app, ctx) {
        Ok(r) => sink(Ok(Item::Right(Box::new(r)))),
        Err(m) => sink(Err(RecordError::new(pos, m))),
    }
}

fn parse_applications_jsonl(input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
    for_each_line(input, ctx, |line, n| {
        if line.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let pos = Position::Line(n);
        let doc = match serde_json::from_slice::<Map<String, Value>>(line) {
            Ok(doc) => doc,
            Err(e) => return Ok(sink(Err(RecordError::new(pos, format!("not a JSON object: {e}"))))?),
        };
        let Some(appl) = json_str(&doc, "applId") else {
            return Ok(sink(Err(RecordError::new(pos, "no applId")))?);
        };
        let app = json_application(&doc, appl);
        emit_application(&app, pos, ctx, sink)?;
        for a in json_list(&doc, "assignments").iter().filter_map(Value::as_object) {
            match json_conveyance(a) {
                Ok(c) => emit_conveyance(&c, vec![property(appl, app.patent)], pos, ctx, sink, false)?,
                Err(m) => sink(Err(RecordError::new(pos, format!("application {appl}: {m}"))))?,
            }
        }
        Ok(())
    })
}

fn json_application<'a>(doc: &'a Map<String, Value>, appl: &'a str) -> Application<'a> {
    let s = |k: &str| json_str(doc, k);
    let mut parties = people(json_list(doc, "applicants"), PartyRole::Applicant);
    parties.extend(people(json_list(doc, "inventors"), PartyRole::Inventor));
    Application {
        appl,
        app_type: s("appType"),
        filed: s("appFilingDate").and_then(iso_date),
        patent: s("patentNumber"),
        issued: s("patentIssueDate").and_then(iso_date),
        status: s("appStatus"),
        status_date: s("appStatusDate").and_then(iso_date),
        entity_status: s("appEntityStatus"),
        title: s("patentTitle"),
        examiner: s("appExamName"),
        art_unit: s("appGrpArtNumber"),
        uspc: s("appClsSubCls"),
        early_publication: s("appEarlyPubNumber").or_else(|| s("wipoEarlyPubNumber")),
        published: s("appEarlyPubDate").or_else(|| s("wipoEarlyPubDate")).and_then(iso_date),
        parties,
    }
}

/// Applicants or inventors: `nameLineOne` is the family or firm name, `nameLineTwo` the
/// given names (or a firm's legal form); PEDS repeats a party once per address.
fn people(list: &[Value], role: PartyRole) -> Vec<Party> {
    let mut out: Vec<Party> = Vec::new();
    for p in list.iter().filter_map(Value::as_object) {
        let Some(one) = json_str(p, "nameLineOne") else { continue };
        let name = match json_str(p, "nameLineTwo") {
            Some(two) => format!("{one}, {two}"),
            None => one.to_string(),
        };
        if out.iter().any(|q| q.name() == name) {
            continue;
        }
        let city = json_str(p, "city").map(|c| c.trim_end_matches([',', ' ']).to_string()).filter(|c| !c.is_empty());
        let country =
            json_str(p, "country").map(|c| c.trim_matches(['(', ')', ' ']).to_string()).filter(|c| c.len() == 2);
        let state = json_str(p, "geoCode").map(str::to_string);
        let mut party = Party::new(role, Lang::EN, name);
        if city.is_some() || state.is_some() || country.is_some() {
            party = party.with_address(Address { city, state, country, ..Address::default() });
        }
        out.push(party);
    }
    out
}

/// One entry of an application's `assignments` list. `converyanceName` is PEDS's spelling.
fn json_conveyance(a: &Map<String, Value>) -> Result<Conveyance, String> {
    let number = |k: &str| json_str(a, k).and_then(|v| v.parse::<u32>().ok()).ok_or_else(|| format!("no numeric {k}"));
    let assignors = json_list(a, "assignors");
    let assignees = json_list(a, "assignee").iter().filter_map(Value::as_object).filter_map(|e| {
        let name = json_str(e, "assigneeName")?.to_string();
        let text = |k: &str| json_str(e, k).map(str::to_string);
        // `countryCode` holds a state or country name ("ILLINOIS"), so it goes in the text.
        let address = postal_address(
            [text("streetLineOneText"), text("streetLineTwoText")],
            text("cityName"),
            None,
            text("postalCode"),
            text("countryCode"),
        );
        Some((name, address))
    });
    Ok(Conveyance {
        reel: number("reelNumber")?,
        frame: number("frameNumber")?,
        text: json_str(a, "converyanceName").or_else(|| json_str(a, "conveyanceName")).unwrap_or("").to_string(),
        recorded: json_str(a, "recordedDate").and_then(us_date),
        executed: assignors.iter().filter_map(|x| x.get("execDate")?.as_str().and_then(us_date)).min(),
        assignors: assignors
            .iter()
            .filter_map(|x| json_str(x.as_object()?, "assignorName").map(str::to_string))
            .collect(),
        assignees: assignees.collect(),
    })
}

// ---------------------------------------------------------------------------------------
// Assignments and codes.

fn parse_assignments_csv(input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
    const COLUMNS: [&str; 8] = [
        "appl_id",
        "patent_number",
        "reel_no",
        "frame_no",
        "recorded_date",
        "conveyance_text",
        "assignors",
        "assignees",
    ];
    for_each_csv_row(input, ctx, sink, COLUMNS, |f, pos, sink| {
        let [appl, patent, reel, frame, recorded, text, assignors, assignees] = f;
        let (Some(appl), Ok(reel), Ok(frame)) = (clean(appl), reel.trim().parse(), frame.trim().parse()) else {
            let msg = format!("needs appl_id and numeric reel_no, frame_no; got {appl:?}, {reel:?}, {frame:?}");
            return sink(Err(RecordError::new(pos, msg)));
        };
        let conveyance =
            Conveyance { recorded: us_date(recorded), ..Conveyance::listed(reel, frame, text, assignors, assignees) };
        emit_conveyance(&conveyance, vec![property(appl, clean(patent))], pos, ctx, sink, false)
    })
}

/// The transaction code table, as `legal_event_code` reference rows keyed `US:{code}`.
fn parse_codes(input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
    for_each_csv_row(input, ctx, sink, ["code", "description", "count"], |[code, description, count], pos, sink| {
        let Some(code) = clean(code) else {
            return sink(Err(RecordError::new(pos, "no code")));
        };
        let row = RefRecord::new("legal_event_code", format!("US:{code}"), Some(Lang::EN))
            .field("authority", "US")
            .field("code", code)
            .field("description", description)
            .field("kind", transaction_kind(code).as_str())
            .field("count", count);
        sink(Ok(Item::Reference(row)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transaction_codes_map_to_kinds() {
        for c in ["M1551", "M1552", "M1553", "M2551", "M2553", "M1555", "M3552"] {
            assert_eq!(transaction_kind(c), EventKind::FeePaid, "{c}");
        }
        assert_eq!(transaction_kind("REM."), EventKind::FeeReminder);
        assert_eq!(transaction_kind("EXP."), EventKind::Lapse);
        assert_eq!(transaction_kind("PMFG"), EventKind::Restoration);
        assert_eq!(transaction_kind("PMFP"), EventKind::Other);
        assert_eq!(transaction_kind("ABN2"), EventKind::Withdrawal);
        assert_eq!(transaction_kind("ABN9"), EventKind::Other);
        assert_eq!(transaction_kind("M844"), EventKind::Other);
        assert_eq!(transaction_kind("PGM/"), EventKind::Grant);
    }

    #[test]
    fn statuses() {
        let lapsed = "Patent Expired Due to NonPayment of Maintenance Fees Under 37 CFR 1.362";
        assert_eq!(status_of(lapsed), Some(Status::Lapsed));
        assert_eq!(status_of("Patented Case"), Some(Status::Active));
        assert_eq!(status_of("Abandoned  --  Failure to Respond to an Office Action"), Some(Status::Withdrawn));
        assert_eq!(status_of("Non Final Action Mailed"), Some(Status::Pending));
    }
}
