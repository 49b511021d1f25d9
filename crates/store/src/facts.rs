//! Rights as [`RightFacts`] for analytics, read a page at a time (keyset on id) from the
//! `rights` columns and the child tables, never from the JSON documents. Backends fetch
//! the four row sets; turning them into facts happens here, once for both.

use crate::StoreError;
use silkport_model::{ClassScheme, Date, FactClass, FactParty, PartyRole, RightFacts, RightKind, Status};

/// The `rights` columns of one right, as the backend read them.
#[derive(Debug, Clone)]
pub struct FactRow {
    pub id: String,
    pub pub_key: Option<String>,
    pub app_key: Option<String>,
    pub kind: String,
    pub office: String,
    pub status: Option<String>,
    pub year: Option<i32>,
    pub filing: Option<String>,
    pub publication: Option<String>,
    pub grant: Option<String>,
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

fn date(id: &str, value: Option<String>) -> Result<Option<Date>, StoreError> {
    value.map(|v| Date::parse(&v).map_err(|_| corrupt(id, "date", &v))).transpose()
}

fn facts_of(row: FactRow) -> Result<RightFacts, StoreError> {
    let id = row.id;
    let kind = RightKind::parse(&row.kind).ok_or_else(|| corrupt(&id, "right kind", &row.kind))?;
    let status = match row.status {
        Some(s) => Some(Status::parse(&s).ok_or_else(|| corrupt(&id, "status", &s))?),
        None => None,
    };
    Ok(RightFacts {
        filing: date(&id, row.filing)?,
        publication: date(&id, row.publication)?,
        grant: date(&id, row.grant)?,
        id,
        pub_key: row.pub_key,
        app_key: row.app_key,
        kind,
        office: row.office,
        status,
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
