//! CNIPA bulk bibliographic data (CN-BIBS-ABSS-10-A/B weekly issues) as one TSV row per
//! publication: ids, kinds and corrections, CNIPA application numbers in both spellings,
//! IPC, first applicant with address (province/city), first inventor, Chinese title.
//!
//! This is the throughput-critical parser: one reused `ByteRecord`, one UTF-8 check per row,
//! fields borrowed from the record, no regex.

use super::util::{cn_status, date, optional_date};
use crate::delimited;
use crate::{Context, Format, IngestError, Item, Position, RecordError, Sink};
use csv::ByteRecord;
use silkport_model::{
    Address, AppNumber, ClassScheme, Classification, Lang, LocalizedText, Party, PartyRole, PublicationId, Right,
    RightKind,
};
use std::io::BufRead;

pub struct CnipaTsv;

const NAME: &str = "cnipa-tsv";

/// The first columns of the header line, which is how the file is recognised.
const HEADER_START: &[u8] = b"pub_number\tkind\tpub_date\tapp_number";

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

impl Format for CnipaTsv {
    fn name(&self) -> &'static str {
        NAME
    }
    fn describe(&self) -> &'static str {
        "CNIPA bibliographic TSV (CN-BIBS-ABSS-10-A/B weekly issues, one row per publication)"
    }
    fn sniff(&self, _name: &str, head: &[u8]) -> bool {
        head.strip_prefix(UTF8_BOM).unwrap_or(head).starts_with(HEADER_START)
    }
    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        let malformed = |message: String| IngestError::Malformed { path: ctx.file.clone(), message };
        let mut reader = delimited::reader(
            csv::ReaderBuilder::new()
                .delimiter(b'\t')
                // The office text has no quoting; a stray `"` in a title must stay a character.
                .quoting(false)
                // Short rows are reported by us, with their line, rather than by csv.
                .flexible(true)
                .has_headers(false)
                .buffer_capacity(256 * 1024),
            input,
        );
        let mut rec = ByteRecord::new();
        match reader.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => return Err(malformed("empty file: expected a CNIPA TSV header line".into())),
            Err(e) => return Err(malformed(format!("cannot read the header line: {e}"))),
        }
        let cols = Columns::from_header(&rec).map_err(malformed)?;
        loop {
            match reader.read_byte_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    // A truncated or corrupt (gzip) stream: keep what was read, report where it broke.
                    let line = delimited::line_here(&mut reader);
                    sink(Err(RecordError::new(Position::Line(line), format!("input unreadable from here on: {e}"))))?;
                    break;
                }
            }
            let line = rec.position().map_or(0, |p| delimited::line_at(&mut reader, p));
            let item = read_row(&rec, &cols, &ctx.file)
                .map(|r| Item::Right(Box::new(r)))
                .map_err(|m| RecordError::new(Position::Line(line), m));
            sink(item)?;
        }
        Ok(())
    }
}

/// Where each column is, found once from the header so that reordered columns still read.
struct Columns {
    pub_number: usize,
    kind: usize,
    pub_date: usize,
    app_number: usize,
    app_date: usize,
    ipc: usize,
    main_ipc: usize,
    applicant: usize,
    first_inventor: usize,
    title: usize,
    address: usize,
    postcode: usize,
    listed: usize,
    batch: usize,
    /// A row must have at least this many fields.
    needed: usize,
}

impl Columns {
    fn from_header(header: &ByteRecord) -> Result<Columns, String> {
        let names: Vec<String> = header
            .iter()
            .map(|f| String::from_utf8_lossy(f.strip_prefix(UTF8_BOM).unwrap_or(f)).trim().to_string())
            .collect();
        let find = |name: &str| {
            names.iter().position(|n| n == name).ok_or_else(|| format!("header has no `{name}` column: {names:?}"))
        };
        let mut cols = Columns {
            pub_number: find("pub_number")?,
            kind: find("kind")?,
            pub_date: find("pub_date")?,
            app_number: find("app_number")?,
            app_date: find("app_date")?,
            ipc: find("ipc")?,
            main_ipc: find("main_ipc")?,
            applicant: find("applicant")?,
            first_inventor: find("first_inventor")?,
            title: find("title")?,
            address: find("applicant_address")?,
            postcode: find("postcode")?,
            listed: find("is_listed_company_applicant")?,
            batch: find("batch")?,
            needed: 0,
        };
        cols.needed = names.len();
        Ok(cols)
    }
}

/// One row's fields, borrowed from the record.
struct Row<'a> {
    pub_number: &'a str,
    kind: &'a str,
    pub_date: &'a str,
    app_number: &'a str,
    app_date: &'a str,
    ipc: &'a str,
    main_ipc: &'a str,
    applicant: &'a str,
    first_inventor: &'a str,
    title: &'a str,
    address: &'a str,
    postcode: &'a str,
    listed: &'a str,
    batch: &'a str,
}

impl<'a> Row<'a> {
    fn split(rec: &'a ByteRecord, cols: &Columns) -> Result<Row<'a>, String> {
        if rec.len() < cols.needed {
            return Err(format!("row has {} columns, expected {} (tab-separated)", rec.len(), cols.needed));
        }
        let text = utf8(rec.as_slice())?;
        let field = |i: usize| rec.range(i).and_then(|r| text.get(r)).unwrap_or("").trim();
        Ok(Row {
            pub_number: field(cols.pub_number),
            kind: field(cols.kind),
            pub_date: field(cols.pub_date),
            app_number: field(cols.app_number),
            app_date: field(cols.app_date),
            ipc: field(cols.ipc),
            main_ipc: field(cols.main_ipc),
            applicant: field(cols.applicant),
            first_inventor: field(cols.first_inventor),
            title: field(cols.title),
            address: field(cols.address),
            postcode: field(cols.postcode),
            listed: field(cols.listed),
            batch: field(cols.batch),
        })
    }
}

/// The row as text. A vectorised check first: the standard one was a tenth of this
/// parser's time on Chinese text; it runs again only to say where a bad row breaks.
fn utf8(bytes: &[u8]) -> Result<&str, String> {
    simdutf8::basic::from_utf8(bytes).or_else(|_| {
        std::str::from_utf8(bytes)
            .map_err(|e| format!("invalid UTF-8 in the row (after {} valid bytes)", e.valid_up_to()))
    })
}

fn read_row(rec: &ByteRecord, cols: &Columns, file: &str) -> Result<Right, String> {
    let row = Row::split(rec, cols)?;
    let pubid = publication_id(row.pub_number, row.kind)?;
    let kind = pubid.kind().unwrap_or("").to_string();
    let mut right = Right::from_publication(pubid, RightKind::from_patent_kind("CN", Some(&kind)), "CN", NAME);
    right.status = cn_status(&kind);
    right.lang = Some(Lang::ZH);

    let published = date("pub_date", row.pub_date)?;
    right.dates.publication = Some(published);
    right.dates.filing = optional_date("app_date", row.app_date)?;
    if kind == "B" {
        // Corrections (B8/B9/C9) are published later than the grant, so only B dates it.
        right.dates.grant = Some(published);
    }
    if !row.app_number.is_empty() {
        let (app, cnipa_form) = cn_app_number(row.app_number)?;
        right.application = Some(app);
        if cnipa_form {
            right.attributes.insert("app_number_cnipa".into(), row.app_number.to_string());
        }
    }
    right.classifications = ipc_classes(row.ipc, row.main_ipc)?;
    if !row.title.is_empty() {
        right.texts.titles.push(LocalizedText::new(Lang::ZH, row.title));
    }
    add_parties(&mut right, &row);

    if let Some(c) = correction(&kind) {
        right.attributes.insert("correction".into(), c.into());
    }
    if row.listed == "1" {
        // The source's own flag, kept under its own name: in this file it is set exactly on
        // the rows of its `Applicant` batch, individuals included, so it does not mean what it says.
        right.attributes.insert("is_listed_company_applicant".into(), "1".into());
    }
    if !row.batch.is_empty() {
        right.attributes.insert("batch".into(), row.batch.to_string());
    }
    right.source.file = Some(file.to_string());
    right.source.revision = Some(batch_date(row.batch).unwrap_or(row.pub_date).to_string());
    Ok(right)
}

/// The canonical id; the number's kind suffix must agree with the `kind` column.
fn publication_id(pub_number: &str, kind: &str) -> Result<PublicationId, String> {
    let id = PublicationId::parse(pub_number).map_err(|e| format!("pub_number: {e}"))?;
    match id.kind() {
        Some(k) if !kind.is_empty() && !k.eq_ignore_ascii_case(kind) => {
            Err(format!("pub_number {pub_number} ends in kind {k} but the kind column says {kind}"))
        }
        Some(_) => Ok(id),
        None if kind.is_empty() => {
            Err(format!("pub_number {pub_number} has no kind code and the kind column is empty"))
        }
        None => id.with_kind(kind).map_err(|e| format!("kind: {e}")),
    }
}

/// ST.16: `x8` republishes a corrected title page, `x9` the whole corrected document.
fn correction(kind: &str) -> Option<&'static str> {
    match kind.as_bytes() {
        [_, b'8'] => Some("corrected_title_page"),
        [_, b'9'] => Some("corrected_document"),
        _ => None,
    }
}

/// The date of a weekly batch (`CN-BIBS-ABSS-10-B_20170315`, `CN-BIBS-ABSS-20170815`); the
/// file's `Applicant` and `test` batches have none.
fn batch_date(batch: &str) -> Option<&str> {
    let tail = batch.get(batch.len().checked_sub(8)?..)?;
    tail.bytes().all(|b| b.is_ascii_digit()).then_some(tail)
}

/// CNIPA application numbers come in two spellings. The classic one is year, type digit,
/// 7-digit serial and check character (`CN201410005532.4`). Newer batches use the 15-digit
/// internal form: 2-digit type, year, 9-digit serial, no check character
/// (`CN102014000162809`). The internal form is rewritten to the classic one (with its check
/// character computed) so both join on the same key; the bool says whether that happened.
fn cn_app_number(raw: &str) -> Result<(AppNumber, bool), String> {
    let bad = |e: silkport_model::ModelError| format!("app_number: {e}");
    match classic_from_internal(raw) {
        Some(classic) => Ok((AppNumber::parse(&classic).map_err(bad)?, true)),
        None => Ok((AppNumber::parse(raw).map_err(bad)?, false)),
    }
}

/// `CN102014000162809` → `CN201410162809.X`. Type `10` is an invention application and `11`
/// an invention entering the national phase from a PCT application (type digit 8): in this
/// data every `11` applicant is foreign, and mapping `11` to 1 would collide with existing
/// classic numbers. Other types are not seen in the data and are left as they are.
fn classic_from_internal(raw: &str) -> Option<String> {
    let digits = raw.strip_prefix("CN")?.as_bytes();
    if digits.len() != 15 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let type_digit = match &digits[..2] {
        b"10" => b'1',
        b"11" => b'8',
        _ => return None,
    };
    let (year, serial) = (&digits[2..6], &digits[6..]);
    if !serial.starts_with(b"00") {
        return None;
    }
    let mut classic = [0u8; 12];
    classic[..4].copy_from_slice(year);
    classic[4] = type_digit;
    classic[5..].copy_from_slice(&serial[2..]);
    let check = cn_check_char(&classic);
    let body = std::str::from_utf8(&classic).ok()?;
    Some(format!("CN{body}.{check}"))
}

/// The check character of a 12-digit CN application number: digits weighted 2..9, 2..5,
/// sum mod 11, 10 written `X` (verified against all 85,951 classic numbers in the 2017 data).
fn cn_check_char(digits: &[u8; 12]) -> char {
    const WEIGHTS: [u32; 12] = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    match sum % 11 {
        10 => 'X',
        n => char::from_digit(n, 10).unwrap_or('?'),
    }
}

/// All IPC codes (`;`-separated) with the main one flagged; a main code missing from the
/// list is put first.
fn ipc_classes(ipc: &str, main_ipc: &str) -> Result<Vec<Classification>, String> {
    let mut out = Vec::with_capacity(ipc.len() / 10 + 1);
    let mut main_seen = false;
    for code in ipc.split(';').map(str::trim).filter(|c| !c.is_empty()) {
        let main = !main_seen && code == main_ipc;
        main_seen |= main;
        out.push(Classification::new(ClassScheme::Ipc, code, main).map_err(|e| format!("ipc: {e}"))?);
    }
    if !main_seen && !main_ipc.is_empty() {
        out.insert(0, Classification::new(ClassScheme::Ipc, main_ipc, true).map_err(|e| format!("main_ipc: {e}"))?);
    }
    Ok(out)
}

/// The applicant column holds one (the first) applicant: `、` and `，` in it belong to names
/// such as `中国科学院、水利部成都山地灾害与环境研究所`, so it is not split.
fn add_parties(right: &mut Right, row: &Row) {
    let (address, postcode, agent) = address_columns(row.address, row.postcode);
    if !row.applicant.is_empty() {
        let mut applicant = Party::new(PartyRole::Applicant, Lang::ZH, row.applicant);
        if !address.is_empty() {
            applicant = applicant.with_address(Address::chinese(address, postcode));
        }
        right.parties.push(applicant);
    }
    if !row.first_inventor.is_empty() {
        right.parties.push(Party::new(PartyRole::Inventor, Lang::ZH, row.first_inventor));
    }
    if let Some(agent) = agent {
        right.parties.push(Party::new(PartyRole::Agent, Lang::ZH, agent));
    }
}

/// Address and postcode, normally as given. One real row (batch `test`) is shifted: the
/// patent agency is in the address column and the address in the postcode column. A
/// postcode with Chinese text is taken as that shift; any other non-digit postcode is dropped.
fn address_columns<'a>(address: &'a str, postcode: &'a str) -> (&'a str, Option<&'a str>, Option<&'a str>) {
    if postcode.bytes().all(|b| b.is_ascii_digit()) {
        return (address, Some(postcode), None);
    }
    if !postcode.is_ascii() {
        return (postcode, None, Some(address).filter(|a| !a.is_empty()));
    }
    (address, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_application_numbers_become_classic() {
        assert_eq!(classic_from_internal("CN102017000317531").as_deref(), Some("CN201710317531.7"));
        assert_eq!(classic_from_internal("CN112014000000511").as_deref(), Some("CN201480000511.1"));
        assert_eq!(classic_from_internal("CN201410005532.4"), None);
        assert_eq!(classic_from_internal("CN302017000317531"), None);
    }

    #[test]
    fn check_characters_of_real_numbers() {
        assert_eq!(cn_check_char(b"201410005532"), '4');
        assert_eq!(cn_check_char(b"201410006091"), 'X');
    }

    #[test]
    fn batch_dates() {
        assert_eq!(batch_date("CN-BIBS-ABSS-10-B_20170315"), Some("20170315"));
        assert_eq!(batch_date("CN-BIBS-ABSS-20170815"), Some("20170815"));
        assert_eq!(batch_date("Applicant"), None);
        assert_eq!(batch_date("test"), None);
    }
}
