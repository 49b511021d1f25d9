//! The right: one record per IP right of any kind, and the rule for merging a newer or
//! richer version of the same document into the stored one.

use crate::class::Classification;
use crate::date::Date;
use crate::event::LegalEvent;
use crate::id::{AppNumber, PubKey, PublicationId, RightId};
use crate::party::{Party, PartyRole};
use crate::text::{Lang, Texts};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RightKind {
    InventionPatent,
    UtilityModel,
    Design,
    Trademark,
    GeographicalIndication,
    Copyright,
    SoftwareCopyright,
    PlantVariety,
    IcLayout,
}

impl RightKind {
    pub const ALL: [RightKind; 9] = [
        RightKind::InventionPatent,
        RightKind::UtilityModel,
        RightKind::Design,
        RightKind::Trademark,
        RightKind::GeographicalIndication,
        RightKind::Copyright,
        RightKind::SoftwareCopyright,
        RightKind::PlantVariety,
        RightKind::IcLayout,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RightKind::InventionPatent => "invention_patent",
            RightKind::UtilityModel => "utility_model",
            RightKind::Design => "design",
            RightKind::Trademark => "trademark",
            RightKind::GeographicalIndication => "geographical_indication",
            RightKind::Copyright => "copyright",
            RightKind::SoftwareCopyright => "software_copyright",
            RightKind::PlantVariety => "plant_variety",
            RightKind::IcLayout => "ic_layout",
        }
    }

    pub fn parse(s: &str) -> Option<RightKind> {
        RightKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kind of a patent document from its office and ST.16 kind code. CN `U`/`Y` are
    /// utility models and `S`/`D` designs; US `S` designs, `P` plant patents.
    pub fn from_patent_kind(office: &str, kind: Option<&str>) -> RightKind {
        let k = kind.unwrap_or("").as_bytes().first().copied().unwrap_or(b'A');
        match (office, k) {
            ("CN", b'U' | b'Y') | ("DE", b'U') | ("JP", b'U') | ("KR", b'U') | ("RU", b'U') => RightKind::UtilityModel,
            ("CN", b'S' | b'D') | ("US", b'S') => RightKind::Design,
            ("US", b'P') => RightKind::PlantVariety,
            _ => RightKind::InventionPatent,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Filed or published, not yet granted or registered.
    Pending,
    /// Granted or registered and in force.
    Active,
    /// Ceased for non-payment of fees.
    Lapsed,
    /// Ended at the end of its term.
    Expired,
    /// Invalidated or revoked.
    Revoked,
    Withdrawn,
    Refused,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Active => "active",
            Status::Lapsed => "lapsed",
            Status::Expired => "expired",
            Status::Revoked => "revoked",
            Status::Withdrawn => "withdrawn",
            Status::Refused => "refused",
        }
    }

    pub const ALL: [Status; 7] = [
        Status::Pending,
        Status::Active,
        Status::Lapsed,
        Status::Expired,
        Status::Revoked,
        Status::Withdrawn,
        Status::Refused,
    ];

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RightDates {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filing: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<Date>,
    /// Grant (patents) or registration (marks, GIs, copyrights, varieties).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Priority {
    pub country: String,
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CitationTarget {
    Patent {
        /// Canonical publication id when the cited number parses as one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<PublicationId>,
        /// The number as the office wrote it.
        raw: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<Date>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    NonPatent {
        text: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub target: CitationTarget,
    /// Search-report category (`X`, `Y`, `A`, `D`…), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Who cited it: `examiner`, `applicant`, `third_party`, `search_report`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cited_by: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Family {
    /// The office's family id (INPADOC/DOCDB), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Publication ids of the other members.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
}

impl Family {
    fn is_empty(&self) -> bool {
        self.id.is_none() && self.members.is_empty()
    }
}

/// Where a record came from. `revision` orders versions of one document (the file's
/// date, or the record's own version), so a newer version updates and an older one only
/// fills gaps. `stub` marks a right known only from another record (an assignment naming
/// a patent), which any full document supersedes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    pub format: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stub: bool,
}

/// One IP right: a patent publication, a mark, a GI, a copyright, a plant variety or an
/// IC layout design.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Right {
    pub id: RightId,
    pub kind: RightKind,
    /// The office (ST.3 code) that granted or registered the right; `EU` for EU registers.
    pub office: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<PublicationId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<AppNumber>,
    /// The office's register number where it is not a publication (marks, GIs, software).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(default)]
    pub dates: RightDates,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub priorities: Vec<Priority>,
    /// The language the document was filed or published in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    #[serde(default)]
    pub texts: Texts,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Party>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classifications: Vec<Classification>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<Citation>,
    #[serde(default, skip_serializing_if = "Family::is_empty")]
    pub family: Family,
    /// Events carried with the record (generic import, office legal-status data). The
    /// store keeps them in its events table, not inside the stored document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<LegalEvent>,
    /// Office-specific fields without a place in the model: `uspc`, `gi_type`, `stock_code`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    pub source: Provenance,
    /// Generated by `silkport demo`, not from an office.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub synthetic: bool,
}

impl Right {
    /// A right with only its identity filled in.
    pub fn new(id: RightId, kind: RightKind, office: &str, format: &str) -> Right {
        let publication = id.publication();
        Right::with_ids(id, publication, kind, office, format)
    }

    fn with_ids(id: RightId, publication: Option<PublicationId>, kind: RightKind, office: &str, format: &str) -> Right {
        Right {
            publication,
            id,
            kind,
            office: office.to_string(),
            application: None,
            registration: None,
            status: None,
            dates: RightDates::default(),
            priorities: Vec::new(),
            lang: None,
            texts: Texts::default(),
            parties: Vec::new(),
            classifications: Vec::new(),
            citations: Vec::new(),
            family: Family::default(),
            events: Vec::new(),
            attributes: BTreeMap::new(),
            source: Provenance { format: format.to_string(), ..Provenance::default() },
            synthetic: false,
        }
    }

    /// A right identified by its publication, which is kept as it is rather than parsed
    /// back out of the id (bulk parsers have it at hand).
    pub fn from_publication(publication: PublicationId, kind: RightKind, office: &str, format: &str) -> Right {
        Right::with_ids(RightId::from(&publication), Some(publication), kind, office, format)
    }

    pub fn pub_key(&self) -> Option<PubKey> {
        self.publication.as_ref().map(PublicationId::key)
    }

    pub fn app_key(&self) -> Option<String> {
        self.application.as_ref().map(AppNumber::key)
    }

    /// The title in the document's own language, else the first title given.
    pub fn title(&self) -> Option<&str> {
        self.lang.and_then(|l| self.texts.title(l)).or_else(|| self.texts.titles.first().map(|t| t.text.as_str()))
    }

    pub fn parties_in(&self, role: PartyRole) -> impl Iterator<Item = &Party> {
        self.parties.iter().filter(move |p| p.role == role)
    }

    /// The year a right is counted under in statistics: filing, else publication, else grant.
    pub fn year(&self) -> Option<u16> {
        let d = &self.dates;
        d.filing.or(d.publication).or(d.grant).map(Date::year)
    }

    /// Whether `incoming` should override this record's fields where both have a value:
    /// a full document beats a stub, and otherwise only a strictly higher revision wins.
    /// Equal revisions (the same document from two files) only fill each other's gaps, so
    /// re-ingesting in any order converges instead of flip-flopping.
    fn is_superseded_by(&self, incoming: &Right) -> bool {
        match (self.source.stub, incoming.source.stub) {
            (true, false) => true,
            (false, true) => false,
            _ => incoming.source.revision > self.source.revision,
        }
    }

    /// Merges another version of the same right into this one. Fields the incoming record
    /// lacks are kept; fields both have are taken from whichever version is newer (see
    /// `is_superseded_by`). Merging the same record twice changes nothing.
    pub fn merge(&mut self, incoming: Right) {
        let newer = self.is_superseded_by(&incoming);
        let Right {
            id,
            kind,
            office,
            publication,
            application,
            registration,
            status,
            dates,
            priorities,
            lang,
            texts,
            parties,
            classifications,
            citations,
            family,
            events,
            attributes,
            source,
            synthetic,
        } = incoming;
        if newer {
            self.id = id;
            self.kind = kind;
            self.office = office;
            self.source = source;
            self.synthetic = synthetic;
        }
        merge_opt(&mut self.publication, publication, newer);
        merge_opt(&mut self.application, application, newer);
        merge_opt(&mut self.registration, registration, newer);
        merge_opt(&mut self.status, status, newer);
        merge_opt(&mut self.dates.filing, dates.filing, newer);
        merge_opt(&mut self.dates.publication, dates.publication, newer);
        merge_opt(&mut self.dates.grant, dates.grant, newer);
        merge_opt(&mut self.dates.expiry, dates.expiry, newer);
        merge_opt(&mut self.lang, lang, newer);
        merge_opt(&mut self.family.id, family.id, newer);
        merge_vec(&mut self.priorities, priorities, newer);
        merge_vec(&mut self.parties, parties, newer);
        merge_vec(&mut self.classifications, classifications, newer);
        merge_vec(&mut self.citations, citations, newer);
        merge_vec(&mut self.family.members, family.members, newer);
        self.texts.merge(texts, newer);
        for e in events {
            match self.events.iter_mut().find(|x| x.key == e.key) {
                Some(existing) => existing.fill_gaps(e),
                None => self.events.push(e),
            }
        }
        for (k, v) in attributes {
            if newer || !self.attributes.contains_key(&k) {
                self.attributes.insert(k, v);
            }
        }
    }
}

pub(crate) fn merge_opt<T>(into: &mut Option<T>, from: Option<T>, newer: bool) {
    if from.is_some() && (newer || into.is_none()) {
        *into = from;
    }
}

pub(crate) fn merge_vec<T>(into: &mut Vec<T>, from: Vec<T>, newer: bool) {
    if !from.is_empty() && (newer || into.is_empty()) {
        *into = from;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::LocalizedText;

    fn right(rev: &str, title: Option<&str>, abs: Option<&str>) -> Right {
        let mut r = Right::new(RightId::parse("US8087209B2").unwrap(), RightKind::InventionPatent, "US", "uspto-xml");
        r.source.revision = Some(rev.into());
        r.texts.titles.extend(title.map(|t| LocalizedText::new(Lang::EN, t)));
        r.texts.abstracts.extend(abs.map(|t| LocalizedText::new(Lang::EN, t)));
        r
    }

    /// The bulk parsers' constructor keeps the publication they parsed; it must be the
    /// right `Right::new` gives for the same id, which parses it back.
    #[test]
    fn from_publication_is_new_without_the_second_parse() {
        for number in ["CN103729629B", "CN 1037 29629 B8", "US 8,087,209 B2", "WO 2014/059282 A1", "USD0435854S1"] {
            let p = PublicationId::parse(number).unwrap();
            let kind = RightKind::InventionPatent;
            let new = Right::new(RightId::from(p.clone()), kind, "CN", "cnipa-tsv");
            assert_eq!(Right::from_publication(p, kind, "CN", "cnipa-tsv"), new, "{number}");
        }
    }

    #[test]
    fn merge_is_idempotent() {
        let mut a = right("20120327", Some("T"), Some("A"));
        let b = a.clone();
        a.merge(b.clone());
        assert_eq!(a, b);
    }

    #[test]
    fn newer_version_overrides_older_only_fills_gaps() {
        let mut stored = right("20120327", Some("old title"), None);
        stored.merge(right("20130101", Some("new title"), None));
        assert_eq!(stored.title(), Some("new title"));
        stored.merge(right("20100101", Some("ancient"), Some("abstract")));
        assert_eq!(stored.title(), Some("new title"));
        assert_eq!(stored.texts.abstracts[0].text, "abstract");
    }

    #[test]
    fn full_document_supersedes_stub_whatever_the_revision() {
        let mut stub = right("99999999", Some("STUB TITLE"), None);
        stub.source.stub = true;
        let full = right("20120327", Some("Full title"), None);
        stub.merge(full.clone());
        assert_eq!(stub.title(), Some("Full title"));
        assert!(!stub.source.stub);
        let mut f = full.clone();
        let mut s2 = right("99999999", Some("STUB"), Some("stub abstract"));
        s2.source.stub = true;
        f.merge(s2);
        assert_eq!(f.title(), Some("Full title"));
        assert_eq!(f.texts.abstracts[0].text, "stub abstract");
    }

    #[test]
    fn patent_kinds_by_office() {
        assert_eq!(RightKind::from_patent_kind("CN", Some("U")), RightKind::UtilityModel);
        assert_eq!(RightKind::from_patent_kind("CN", Some("S")), RightKind::Design);
        assert_eq!(RightKind::from_patent_kind("US", Some("S1")), RightKind::Design);
        assert_eq!(RightKind::from_patent_kind("US", Some("B2")), RightKind::InventionPatent);
    }
}
