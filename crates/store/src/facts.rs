//! Rights as [`RightFacts`] for analytics, read a page at a time (keyset on id) from the
//! `rights` columns and the child tables, never from the JSON documents. Backends fetch
//! the four row sets; turning them into facts happens here, once for both.

use crate::StoreError;
use silkport_model::{ClassScheme, Date, FactClass, FactParty, PartyRole, RightFacts, RightKind, Status};

/// The columns of the facts query, in the order backends select them.
pub const FACT_COLUMNS: &str =
    "id, pub_key, app_key, kind, office, status, year, filing_date, pub_date, grant_date, stub, synthetic, source_format";

/// The `rights` columns of one right, as the backend read them (enumerations and dates
/// already parsed with [`kind`], [`status`] and [`date`], so no text is copied for them).
pub struct FactColumns {
    pub id: String,
    pub pub_key: Option<String>,
    pub app_key: Option<String>,
    pub kind: RightKind,
    pub office: String,
    pub status: Option<Status>,
    pub year: Option<i32>,
    pub dates: [Option<Date>; 3],
    pub stub: bool,
    pub synthetic: bool,
    pub source: String,
}

/// The right's facts without children; [`Cursor`] attaches them.
pub fn bare(c: FactColumns) -> RightFacts {
    let [filing, publication, grant] = c.dates;
    RightFacts {
        id: c.id,
        pub_key: c.pub_key,
        app_key: c.app_key,
        kind: c.kind,
        office: c.office,
        status: c.status,
        year: c.year.and_then(|y| u16::try_from(y).ok()),
        filing,
        publication,
        grant,
        stub: c.stub,
        synthetic: c.synthetic,
        source: c.source,
        classes: Vec::new(),
        parties: Vec::new(),
        cites: Vec::new(),
    }
}

/// Hands child rows to their rights while both stream in id order (byte order: SQLite's
/// BINARY collation, PostgreSQL's "C"), so a child costs one comparison of its borrowed
/// right id and neither a lookup nor a copy of the id. Each child table is walked with a
/// fresh cursor.
pub struct Cursor<'a> {
    facts: &'a mut [RightFacts],
    i: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(facts: &'a mut [RightFacts]) -> Cursor<'a> {
        Cursor { facts, i: 0 }
    }

    /// The right the child of `right_id` belongs to; `None` for a child of no right on
    /// this page (cannot happen with the backends' range queries).
    pub fn right(&mut self, right_id: &[u8]) -> Option<&mut RightFacts> {
        while self.facts.get(self.i).is_some_and(|f| f.id.as_bytes() < right_id) {
            self.i += 1;
        }
        self.facts.get_mut(self.i).filter(|f| f.id.as_bytes() == right_id)
    }
}

/// Puts each right's main classification first, so readers can take the head.
pub fn finish(facts: &mut [RightFacts]) {
    for f in facts {
        f.classes.sort_by_key(|c| !c.main);
    }
}

fn corrupt(id: &str, what: &str, value: &str) -> StoreError {
    StoreError::Corrupt { id: id.to_string(), message: format!("unknown {what} {value:?}") }
}

pub fn class(right_id: &str, scheme: &str, symbol: String, main: bool) -> Result<FactClass, StoreError> {
    let scheme = ClassScheme::parse(scheme).ok_or_else(|| corrupt(right_id, "classification scheme", scheme))?;
    Ok(FactClass { scheme, symbol, main })
}

/// `place` is country, province, city and the city's Chinese name.
pub fn party(right_id: &str, role: &str, name: String, place: [Option<String>; 4]) -> Result<FactParty, StoreError> {
    let role = PartyRole::parse(role).ok_or_else(|| corrupt(right_id, "party role", role))?;
    let [country, province, city, city_zh] = place;
    Ok(FactParty { role, name, country, province, city, city_zh })
}

/// The classifications a backend packed in the right's row (`RightRow::packed_classes`).
pub fn packed_classes(right_id: &str, packed: Option<&str>) -> Result<Vec<FactClass>, StoreError> {
    let rows: Vec<(String, String, u8)> = unpack(right_id, packed)?;
    rows.into_iter().map(|(scheme, symbol, main)| class(right_id, &scheme, symbol, main != 0)).collect()
}

/// The parties a backend packed in the right's row (`RightRow::packed_parties`).
pub fn packed_parties(right_id: &str, packed: Option<&str>) -> Result<Vec<FactParty>, StoreError> {
    type Row = (String, String, Option<String>, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Row> = unpack(right_id, packed)?;
    rows.into_iter()
        .map(|(role, name, country, province, city, city_zh)| {
            party(right_id, &role, name, [country, province, city, city_zh])
        })
        .collect()
}

fn unpack<T: serde::de::DeserializeOwned>(right_id: &str, packed: Option<&str>) -> Result<Vec<T>, StoreError> {
    let Some(packed) = packed else { return Ok(Vec::new()) };
    serde_json::from_str(packed)
        .map_err(|e| StoreError::Corrupt { id: right_id.to_string(), message: format!("packed child rows: {e}") })
}

pub fn kind(id: &str, value: &str) -> Result<RightKind, StoreError> {
    RightKind::parse(value).ok_or_else(|| corrupt(id, "right kind", value))
}

pub fn status(id: &str, value: Option<&str>) -> Result<Option<Status>, StoreError> {
    value.map(|s| Status::parse(s).ok_or_else(|| corrupt(id, "status", s))).transpose()
}

/// A stored `YYYY-MM-DD` date, read without the general parser's allocations.
pub fn date(id: &str, value: Option<&str>) -> Result<Option<Date>, StoreError> {
    let Some(v) = value else { return Ok(None) };
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u16> {
        b.get(r)?.iter().try_fold(0u16, |n, c| c.is_ascii_digit().then(|| n * 10 + u16::from(c - b'0')))
    };
    let parsed = (b.len() == 10 && b[4] == b'-' && b[7] == b'-')
        .then(|| Date::new(digits(0..4)?, digits(5..7)? as u8, digits(8..10)? as u8))
        .flatten();
    match parsed {
        Some(d) => Ok(Some(d)),
        None => Date::parse(v).map(Some).map_err(|_| corrupt(id, "date", v)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_dates() {
        assert_eq!(date("x", Some("2017-03-15")).unwrap(), Date::new(2017, 3, 15));
        assert_eq!(date("x", None).unwrap(), None);
        assert!(date("x", Some("2017-02-30")).is_err());
        assert!(date("x", Some("soon")).is_err());
    }
}
