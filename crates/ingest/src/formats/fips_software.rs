//! FIPS (Rospatent) registry of computer programs ("EVM") as CSV: one software
//! registration per row, with authors, right holders and the program name.

use super::util::{date, optional_date, split_country_suffix, strip_tags};
use crate::delimited;
use crate::{Context, Format, IngestError, Item, Position, RecordError, Sink};
use csv::StringRecord;
use silkport_model::{Address, AppNumber, Lang, LocalizedText, Party, PartyRole, Right, RightId, RightKind, Status};
use std::io::BufRead;

pub struct FipsSoftware;

const NAME: &str = "fips-software";

const BOM: char = '\u{feff}';

impl Format for FipsSoftware {
    fn name(&self) -> &'static str {
        NAME
    }
    fn describe(&self) -> &'static str {
        "FIPS registry of computer programs (EVM) CSV: Russian software registrations"
    }
    fn sniff(&self, _name: &str, head: &[u8]) -> bool {
        let has = |s| crate::detect::contains(head, s);
        has("registration number,registration date") && has("program name") && has("right holders")
    }
    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError> {
        let malformed = |message: String| IngestError::Malformed { path: ctx.file.clone(), message };
        let mut reader = delimited::reader(csv::ReaderBuilder::new().flexible(true), input);
        let header = reader.headers().map_err(|e| malformed(format!("cannot read the header line: {e}")))?.clone();
        let cols = Columns::from_header(&header).map_err(malformed)?;
        let mut rec = StringRecord::new();
        loop {
            match reader.read_record(&mut rec) {
                Ok(true) => {
                    let line = rec.position().map_or(0, |p| delimited::line_at(&mut reader, p));
                    let item = registration(&rec, &cols, &ctx.file)
                        .map(|r| Item::Right(Box::new(r)))
                        .map_err(|m| RecordError::new(Position::Line(line), m));
                    sink(item)?;
                }
                Ok(false) => break,
                Err(e) => {
                    let line = match e.position() {
                        Some(p) => delimited::line_at(&mut reader, p),
                        None => delimited::line_here(&mut reader),
                    };
                    let unreadable = !matches!(e.kind(), csv::ErrorKind::Utf8 { .. });
                    let what = if unreadable { "input unreadable from here on" } else { "invalid UTF-8" };
                    sink(Err(RecordError::new(Position::Line(line), format!("{what}: {e}"))))?;
                    if unreadable {
                        break;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Column positions by header name.
struct Columns {
    number: usize,
    date: usize,
    app_number: usize,
    app_date: usize,
    authors: usize,
    holders: usize,
    contact: usize,
    name: usize,
    year: usize,
    publish_date: usize,
    publish_number: usize,
    actual: usize,
    url: usize,
}

impl Columns {
    fn from_header(header: &StringRecord) -> Result<Columns, String> {
        let find = |name: &str| {
            header
                .iter()
                .position(|h| h.trim_start_matches(BOM).trim() == name)
                .ok_or_else(|| format!("header has no `{name}` column"))
        };
        Ok(Columns {
            number: find("registration number")?,
            date: find("registration date")?,
            app_number: find("application number")?,
            app_date: find("application date")?,
            authors: find("authors")?,
            holders: find("right holders")?,
            contact: find("contact to third parties")?,
            name: find("program name")?,
            year: find("creation year")?,
            publish_date: find("registration publish date")?,
            publish_number: find("registration publish number")?,
            actual: find("actual")?,
            url: find("publication URL")?,
        })
    }
}

fn registration(rec: &StringRecord, cols: &Columns, file: &str) -> Result<Right, String> {
    // The real file repeats its byte-order mark at the start of the first row.
    let field = |i: usize| rec.get(i).unwrap_or("").trim_start_matches(BOM).trim();
    let number = field(cols.number);
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("registration number `{number}` is not a number (row has {} fields)", rec.len()));
    }
    let id = RightId::registered("RU", "SW", number).map_err(|e| e.to_string())?;
    let mut right = Right::new(id, RightKind::SoftwareCopyright, "RU", NAME);
    right.registration = Some(number.to_string());
    right.lang = Some(Lang::RU);
    right.dates.grant = Some(date("registration date", field(cols.date))?);
    right.dates.filing = optional_date("application date", field(cols.app_date))?;
    right.dates.publication = optional_date("registration publish date", field(cols.publish_date))?;
    // Application numbers are written both bare and zero-padded to ten digits (`0000990979`).
    let app = field(cols.app_number).trim_start_matches('0');
    if !app.is_empty() {
        right.application = Some(AppNumber::from_parts("RU", app).map_err(|e| format!("application number: {e}"))?);
    }
    // All real rows say `true` (in force); anything else is left unknown rather than guessed.
    right.status = (field(cols.actual) == "true").then_some(Status::Active);

    let name = normalize_spaces(&strip_tags(field(cols.name)));
    if !name.is_empty() {
        right.texts.titles.push(LocalizedText::new(Lang::RU, name));
    }
    right.parties.extend(people(field(cols.authors), PartyRole::Author));
    right.parties.extend(people(field(cols.holders), PartyRole::Holder));

    for (key, col) in [
        ("publication_url", cols.url),
        ("creation_year", cols.year),
        ("bulletin_number", cols.publish_number),
        ("contact", cols.contact),
    ] {
        let value = field(col);
        if !value.is_empty() && !value.eq_ignore_ascii_case("нет") && value != "Нет" {
            right.attributes.insert(key.into(), value.to_string());
        }
    }
    right.source.file = Some(file.to_string());
    right.source.revision = right.dates.publication.or(right.dates.grant).map(|d| d.to_string().replace('-', ""));
    Ok(right)
}

/// One person or organisation per line, `Name (RU)` giving the country.
fn people(column: &str, role: PartyRole) -> impl Iterator<Item = Party> + '_ {
    column.lines().map(normalize_spaces).filter(|l| !l.is_empty()).map(move |line| {
        let (name, country) = split_country_suffix(&line);
        let mut party = Party::new(role, Lang::RU, name);
        if let Some(c) = country {
            party.address = Some(Address { country: Some(c.to_string()), ..Address::default() });
        }
        party
    })
}

/// Non-breaking and repeated spaces (`Косарева\u{a0}Ю.А.`, `Викторовна  (RU)`) become one space.
fn normalize_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces() {
        assert_eq!(normalize_spaces("Косарева\u{a0}Ю.А.  (RU)"), "Косарева Ю.А. (RU)");
    }
}
