//! Rights as [`RightFacts`] for analytics, read a page at a time (keyset on id) from the
//! `rights` columns and the child tables, never from the JSON documents. Backends fetch
//! the four row sets; turning them into facts happens here, once for both.

use crate::StoreError;
use silkport_model::{ClassScheme, Date, FactClass, FactParty, PartyRole, RightFacts, RightKind, Status};

/// The `rights` columns of one right, as the backend read them (enumerations and dates
/// already parsed with [`kind`], [`status`] and [`date`], so no text is copied for them).
#[derive(Debug, Clone)]
pub struct FactRow {
    pub id: String,
    pub pub_key: Option<String>,
    pub app_key: Option<String>,
    pub kind: RightKind,
    pub office: String,
    pub status: Option<Status>,
    pub year: Option<i32>,
    pub filing: Option<Date>,
    pub publication: Option<Date>,
    pub grant: Option<Date>,
    pub stub: bool,
    pub synthetic: bool,
    pub source: String,
}

/// The columns of the facts query, in the order backends select them.
pub const FACT_COLUMNS: &str =
    "id, pub_key, app_key, kind, office, status, year, filing_date, pub_date, grant_date, stub, synthetic, source_format";

/// A child row (classification, party or citation) keyed by its right.
pub struct Child<T> {
    pub right_id: String,
    pub value: T,
}

/// The children of a page's rights, each list ordered by right id like the rights.
#[derive(Default)]
pub struct Children {
    pub classes: Vec<Child<FactClass>>,
    pub parties: Vec<Child<FactParty>>,
    pub cites: Vec<Child<String>>,
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

fn facts_of(row: FactRow) -> Result<RightFacts, StoreError> {
    Ok(RightFacts {
        filing: row.filing,
        publication: row.publication,
        grant: row.grant,
        id: row.id,
        pub_key: row.pub_key,
        app_key: row.app_key,
        kind: row.kind,
        office: row.office,
        status: row.status,
        year: row.year.and_then(|y| u16::try_from(y).ok()),
        stub: row.stub,
        synthetic: row.synthetic,
        source: row.source,
        classes: Vec::new(),
        parties: Vec::new(),
        cites: Vec::new(),
    })
}

/// Hands each child to its right: both lists are ordered by right id, so one forward walk
/// joins them.
fn attach<T>(facts: &mut [RightFacts], children: Vec<Child<T>>, field: fn(&mut RightFacts) -> &mut Vec<T>) {
    let mut i = 0;
    for child in children {
        while i < facts.len() && facts[i].id < child.right_id {
            i += 1;
        }
        match facts.get_mut(i) {
            Some(f) if f.id == child.right_id => field(f).push(child.value),
            // A child of no right on this page (cannot happen with the backends' queries).
            Some(_) => continue,
            None => break,
        }
    }
}

/// The page's facts: rights in id order with their children attached.
pub fn assemble(rows: Vec<FactRow>, children: Children) -> Result<Vec<RightFacts>, StoreError> {
    let mut facts = rows.into_iter().map(facts_of).collect::<Result<Vec<_>, _>>()?;
    attach(&mut facts, children.classes, |f| &mut f.classes);
    attach(&mut facts, children.parties, |f| &mut f.parties);
    attach(&mut facts, children.cites, |f| &mut f.cites);
    for f in &mut facts {
        // The main classification first, so readers can take the head.
        f.classes.sort_by_key(|c| !c.main);
    }
    Ok(facts)
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
