//! How a right becomes rows: the document (JSON, without its events) plus the columns
//! and child rows that lookups and statistics use. Shared by both backends so they store
//! exactly the same thing.

use crate::StoreError;
use sha2::{Digest, Sha256};
use silkport_model::{CitationTarget, EventRecord, LegalEvent, Right};

/// A right as read back from the store.
#[derive(Debug, Clone)]
pub struct StoredRight {
    pub right: Right,
    /// The fingerprint ([`input_hash`]) of the input record last stored for the right, or
    /// empty when the stored document *is* that record, byte for byte (see `doc`).
    pub input_hash: String,
    /// The stored document when `input_hash` is empty, so that a re-ingest compares the
    /// incoming record with it exactly instead of fingerprinting every record it reads.
    pub doc: Option<String>,
}

impl StoredRight {
    /// From a stored document and input fingerprint (the same columns on both backends).
    pub(crate) fn from_columns(id: &str, doc: String, input_hash: String) -> Result<StoredRight, StoreError> {
        let right = decode(id, &doc)?;
        let doc = input_hash.is_empty().then_some(doc);
        Ok(StoredRight { right, input_hash, doc })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartyRow {
    pub seq: i32,
    pub role: &'static str,
    pub name: String,
    pub country: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub city_zh: Option<String>,
}

/// Every column of a right's rows.
#[derive(Debug, Clone)]
pub struct RightRow {
    pub id: String,
    pub pub_key: Option<String>,
    pub app_key: Option<String>,
    pub kind: &'static str,
    pub office: String,
    pub lang: Option<String>,
    pub status: Option<&'static str>,
    pub year: Option<i32>,
    /// Filing, publication and grant dates as `YYYY-MM-DD`, for analytics.
    pub filing_date: Option<String>,
    pub pub_date: Option<String>,
    pub grant_date: Option<String>,
    pub title: Option<String>,
    pub stub: bool,
    pub synthetic: bool,
    pub source_format: String,
    pub input_hash: String,
    pub doc: String,
    pub classes: Vec<(&'static str, String, bool)>,
    pub parties: Vec<PartyRow>,
    /// The province of the right's first owner (the first assignee, else applicant, else
    /// holder): where indicators count its transfers, licences and pledges.
    pub owner_province: Option<String>,
    /// Publication keys of the patent documents the right cites, each once.
    pub cites: Vec<String>,
    /// Every language the right has text in, space-separated and sorted (`de en fr`).
    pub langs: String,
    /// A stored version exists and is being replaced (its child rows must go first).
    pub replaces: bool,
}

impl RightRow {
    /// `right` must not carry events (the store keeps them in the events table).
    pub fn new(right: &Right, input_hash: String) -> Result<RightRow, StoreError> {
        Self::with_doc(right, input_hash, encode(right)?)
    }

    /// Like [`RightRow::new`] when the document's JSON is already at hand.
    pub fn with_doc(right: &Right, input_hash: String, doc: String) -> Result<RightRow, StoreError> {
        debug_assert!(right.events.is_empty());
        let parties = party_rows(right);
        let owner_province = first_owner(&parties).and_then(|p| p.province.clone());
        Ok(RightRow {
            id: right.id.to_string(),
            pub_key: right.pub_key().map(|k| k.0),
            app_key: right.app_key(),
            kind: right.kind.as_str(),
            office: right.office.clone(),
            lang: right.lang.map(|l| l.to_string()),
            status: right.status.map(|s| s.as_str()),
            year: right.year().map(i32::from),
            filing_date: right.dates.filing.map(|d| d.to_string()),
            pub_date: right.dates.publication.map(|d| d.to_string()),
            grant_date: right.dates.grant.map(|d| d.to_string()),
            title: right.title().map(str::to_string),
            stub: right.source.stub,
            synthetic: right.synthetic,
            source_format: right.source.format.clone(),
            input_hash,
            doc,
            classes: class_rows(right),
            parties,
            owner_province,
            cites: cited_keys(right),
            langs: right.texts.languages().iter().map(|l| l.as_str()).collect::<Vec<_>>().join(" "),
            replaces: true,
        })
    }
}

fn class_rows(right: &Right) -> Vec<(&'static str, String, bool)> {
    let mut rows: Vec<_> =
        right.classifications.iter().map(|c| (c.scheme.as_str(), c.symbol.clone(), c.main)).collect();
    rows.sort();
    // A symbol listed twice (once as main) is one row; keep the main flag.
    rows.dedup_by(|b, a| {
        let same = a.0 == b.0 && a.1 == b.1;
        if same {
            a.2 |= b.2;
        }
        same
    });
    rows
}

fn party_rows(right: &Right) -> Vec<PartyRow> {
    right
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let region = p.address.as_ref().and_then(|a| a.cn_region.as_ref());
            PartyRow {
                seq: i as i32,
                role: p.role.as_str(),
                name: p.name().to_string(),
                country: p.country().map(str::to_string),
                province: region.map(|r| r.province_en.clone()),
                city: region.and_then(|r| r.city_en.clone()),
                city_zh: region.and_then(|r| r.city_zh.clone()),
            }
        })
        .collect()
}

/// The first assignee, else applicant, else holder: the owner indicators count a right's
/// deals for.
fn first_owner(parties: &[PartyRow]) -> Option<&PartyRow> {
    let rank = |role: &str| ["assignee", "applicant", "holder"].iter().position(|r| *r == role);
    parties.iter().filter_map(|p| Some((rank(p.role)?, p))).min_by_key(|(rank, p)| (*rank, p.seq)).map(|(_, p)| p)
}

impl RightRow {
    /// The classifications packed as one JSON value, `[["ipc","F24F11/00",1], …]` (`None`
    /// if there are none): the SQLite backend keeps them in the right's own row.
    pub fn packed_classes(&self) -> Result<Option<String>, StoreError> {
        let rows: Vec<(&str, &str, u8)> = self.classes.iter().map(|(s, c, m)| (*s, c.as_str(), u8::from(*m))).collect();
        self.pack(&rows)
    }

    /// The parties packed as one JSON value, in order: `[[role, name, country, province,
    /// city, city_zh], …]`.
    pub fn packed_parties(&self) -> Result<Option<String>, StoreError> {
        self.pack(&self.parties.iter().map(PartyRow::packed).collect::<Vec<_>>())
    }

    fn pack<T: serde::Serialize>(&self, rows: &[T]) -> Result<Option<String>, StoreError> {
        if rows.is_empty() {
            return Ok(None);
        }
        let packed = crate::json::to_string(rows, 64 * rows.len());
        packed.map(Some).map_err(|e| StoreError::Encode { id: self.id.clone(), message: e.to_string() })
    }
}

/// A party as packed by [`RightRow::packed_parties`]: role, name, country, province, city
/// and the city's Chinese name.
pub type PackedParty<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<&'a str>);

impl PartyRow {
    fn packed(&self) -> PackedParty<'_> {
        let (country, province) = (self.country.as_deref(), self.province.as_deref());
        (self.role, &self.name, country, province, self.city.as_deref(), self.city_zh.as_deref())
    }
}

/// The publication keys of cited patent documents whose number parsed; a document cited
/// twice (by the applicant and the examiner) is one row.
fn cited_keys(right: &Right) -> Vec<String> {
    let mut keys: Vec<String> = right
        .citations
        .iter()
        .filter_map(|c| match &c.target {
            CitationTarget::Patent { id: Some(id), .. } => Some(id.key().0),
            _ => None,
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

pub fn encode(right: &Right) -> Result<String, StoreError> {
    // A bibliographic record's document is about a kilobyte: starting there saves the
    // buffer's growth from 128 bytes, seven reallocations per right.
    crate::json::to_string(right, 1024)
        .map_err(|e| StoreError::Encode { id: right.id.to_string(), message: e.to_string() })
}

pub fn decode(id: &str, doc: &str) -> Result<Right, StoreError> {
    serde_json::from_str(doc).map_err(|e| StoreError::Corrupt { id: id.to_string(), message: e.to_string() })
}

pub(crate) fn decode_event(key: &str, doc: &str) -> Result<LegalEvent, StoreError> {
    serde_json::from_str(doc).map_err(|e| StoreError::Corrupt { id: key.to_string(), message: e.to_string() })
}

/// Fingerprint of an incoming record, to recognise a re-ingest of the same input cheaply
/// when the stored document is no longer that record (it was merged with others). A right
/// stored verbatim from one record keeps no fingerprint: its document is compared instead.
pub fn input_hash(doc: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(doc.as_bytes());
    let mut out = String::with_capacity(32);
    for b in &digest[..16] {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
    out
}

/// An event's row.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    pub key: String,
    pub right_id: Option<String>,
    pub pub_key: Option<String>,
    pub app_key: Option<String>,
    pub date: Option<String>,
    pub kind: &'static str,
    pub doc: String,
}

impl EventRow {
    pub fn from_record(rec: &EventRecord) -> Result<EventRow, StoreError> {
        Self::build(&rec.event, None, rec.publication.as_ref().map(|k| k.0.clone()), rec.application.clone())
    }

    /// An event carried inside a right (generic import, demo world).
    pub fn from_right(right: &Right, event: &LegalEvent) -> Result<EventRow, StoreError> {
        Self::build(event, Some(right.id.to_string()), right.pub_key().map(|k| k.0), right.app_key())
    }

    fn build(
        event: &LegalEvent,
        right_id: Option<String>,
        pub_key: Option<String>,
        app_key: Option<String>,
    ) -> Result<EventRow, StoreError> {
        let doc = serde_json::to_string(event)
            .map_err(|e| StoreError::Encode { id: event.key.clone(), message: e.to_string() })?;
        Ok(EventRow {
            key: event.key.clone(),
            right_id,
            pub_key,
            app_key,
            date: event.date.map(|d| d.to_string()),
            kind: event.kind.as_str(),
            doc,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use silkport_model::{Address, Lang, Party, PartyRole};

    fn party(role: PartyRole, name: &str, address: &str) -> Party {
        Party::new(role, Lang::ZH, name).with_address(Address::chinese(address, None))
    }

    /// An assignee outranks an applicant listed before it; the packed parties keep the
    /// document's order and every place column.
    #[test]
    fn first_owner_and_packed_parties() {
        let mut right = crate::conformance::facts_fixture("CN1000001B");
        right.parties = vec![
            party(PartyRole::Applicant, "兰州大学", "甘肃省兰州市城关区天水南路222号"),
            party(PartyRole::Assignee, "华为技术有限公司", "广东省深圳市龙岗区坂田华为总部办公楼"),
        ];
        let row = RightRow::new(&right, "h".into()).unwrap();
        assert_eq!(row.owner_province.as_deref(), Some("Guangdong"));
        let packed = row.packed_parties().unwrap().unwrap();
        assert!(
            packed.starts_with(r#"[["applicant","兰州大学","CN","Gansu","Lanzhou","兰州"],["assignee""#),
            "{packed}"
        );
        assert_eq!(row.packed_classes().unwrap().unwrap(), r#"[["ipc","A23L19/12",0],["ipc","C08B30/04",1]]"#);
    }
}
