//! Facts about a right for analytics: the columns and child rows a landscape counts
//! (kind, office, status, dates, classifications, parties with region, citations), without
//! texts or the document. The store reads them without decoding JSON, so landscapes over
//! millions of rights stay fast.

use crate::class::ClassScheme;
use crate::date::Date;
use crate::event::EventKind;
use crate::party::PartyRole;
use crate::right::{RightKind, Status};

/// What a landscape needs to know about one right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RightFacts {
    pub id: String,
    /// Publication id without kind code (`US8087209`): what citations name.
    pub pub_key: Option<String>,
    /// Application key: the A and B publications of one application share it.
    pub app_key: Option<String>,
    pub kind: RightKind,
    pub office: String,
    pub status: Option<Status>,
    /// The statistics year: filing, else publication, else grant (see `Right::year`).
    pub year: Option<u16>,
    pub filing: Option<Date>,
    pub publication: Option<Date>,
    pub grant: Option<Date>,
    pub stub: bool,
    pub synthetic: bool,
    /// The format the right was loaded from (`cnipa-tsv`, `uspto-xml`, `demo`…).
    pub source: String,
    /// Classifications, each symbol once; the main one flagged.
    pub classes: Vec<FactClass>,
    /// Parties in the order the source lists them.
    pub parties: Vec<FactParty>,
    /// Publication keys of the patent documents this right cites.
    pub cites: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactClass {
    pub scheme: ClassScheme,
    pub symbol: String,
    pub main: bool,
}

/// A party's name and where it is: country (ISO alpha-2) and, for Chinese addresses,
/// province and city in English (`Gansu`, `Lanzhou`) and the city in Chinese (`兰州`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactParty {
    pub role: PartyRole,
    pub name: String,
    pub country: Option<String>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub city_zh: Option<String>,
}

impl RightFacts {
    /// The parties that own the right: assignees where recorded (the owner of a US patent),
    /// else applicants, else registered holders.
    pub fn owners(&self) -> impl Iterator<Item = &FactParty> {
        let role = [PartyRole::Assignee, PartyRole::Applicant, PartyRole::Holder]
            .into_iter()
            .find(|r| self.parties.iter().any(|p| p.role == *r));
        self.parties.iter().filter(move |p| Some(p.role) == role)
    }

    pub fn parties_in(&self, role: PartyRole) -> impl Iterator<Item = &FactParty> {
        self.parties.iter().filter(move |p| p.role == role)
    }

    /// Where a right is counted geographically: its first owner's province, if Chinese.
    pub fn home_province(&self) -> Option<&str> {
        self.owners().next()?.province.as_deref()
    }

    pub fn ipc(&self) -> impl Iterator<Item = &FactClass> {
        self.classes.iter().filter(|c| c.scheme == ClassScheme::Ipc)
    }

    /// The main IPC symbol, else the first IPC symbol.
    pub fn main_ipc(&self) -> Option<&str> {
        self.ipc().find(|c| c.main).or_else(|| self.ipc().next()).map(|c| c.symbol.as_str())
    }
}

/// How many legal events of one kind fell in one year, for rights of one kind whose first
/// owner is in one province (`None` where not known or not Chinese).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventTally {
    pub year: Option<u16>,
    pub event: EventKind,
    pub right_kind: Option<RightKind>,
    pub province: Option<String>,
    pub count: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party(role: PartyRole, name: &str, province: Option<&str>) -> FactParty {
        FactParty {
            role,
            name: name.into(),
            country: None,
            province: province.map(Into::into),
            city: None,
            city_zh: None,
        }
    }

    fn facts(parties: Vec<FactParty>) -> RightFacts {
        RightFacts {
            id: "CN1A".into(),
            pub_key: Some("CN1".into()),
            app_key: None,
            kind: RightKind::InventionPatent,
            office: "CN".into(),
            status: None,
            year: None,
            filing: None,
            publication: None,
            grant: None,
            stub: false,
            synthetic: false,
            source: "test".into(),
            classes: vec![
                FactClass { scheme: ClassScheme::Ipc, symbol: "A01B1/00".into(), main: false },
                FactClass { scheme: ClassScheme::Ipc, symbol: "H04L29/12".into(), main: true },
            ],
            parties,
            cites: vec![],
        }
    }

    #[test]
    fn owners_prefer_assignees_then_applicants() {
        let f = facts(vec![
            party(PartyRole::Inventor, "Li", None),
            party(PartyRole::Applicant, "Li", None),
            party(PartyRole::Assignee, "ACME", Some("Gansu")),
        ]);
        assert_eq!(f.owners().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["ACME"]);
        assert_eq!(f.home_province(), Some("Gansu"));
        let g = facts(vec![party(PartyRole::Applicant, "兰州大学", Some("Gansu"))]);
        assert_eq!(g.owners().count(), 1);
    }

    #[test]
    fn main_ipc_is_flagged_one() {
        assert_eq!(facts(vec![]).main_ipc(), Some("H04L29/12"));
    }
}
