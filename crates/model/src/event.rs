//! Legal events over a right's life: publication, grant, fees, lapse, transfer, licence,
//! pledge and release, invalidation, expiry. The ledger, exchange and valuation build on
//! these.

use crate::date::Date;
use crate::id::PubKey;
use crate::money::Money;
use crate::party::Party;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Filing,
    Publication,
    Examination,
    Grant,
    Registration,
    FeePaid,
    FeeReminder,
    Lapse,
    Restoration,
    Transfer,
    Licence,
    /// A pledge or security interest is recorded (CN PE01, US "SECURITY INTEREST").
    Pledge,
    /// A pledge or security interest is released (CN PC01, US "RELEASE").
    Release,
    Invalidation,
    Expiry,
    Withdrawal,
    NameChange,
    Merger,
    Correction,
    Other,
}

impl EventKind {
    pub const ALL: [EventKind; 20] = [
        EventKind::Filing,
        EventKind::Publication,
        EventKind::Examination,
        EventKind::Grant,
        EventKind::Registration,
        EventKind::FeePaid,
        EventKind::FeeReminder,
        EventKind::Lapse,
        EventKind::Restoration,
        EventKind::Transfer,
        EventKind::Licence,
        EventKind::Pledge,
        EventKind::Release,
        EventKind::Invalidation,
        EventKind::Expiry,
        EventKind::Withdrawal,
        EventKind::NameChange,
        EventKind::Merger,
        EventKind::Correction,
        EventKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Filing => "filing",
            EventKind::Publication => "publication",
            EventKind::Examination => "examination",
            EventKind::Grant => "grant",
            EventKind::Registration => "registration",
            EventKind::FeePaid => "fee_paid",
            EventKind::FeeReminder => "fee_reminder",
            EventKind::Lapse => "lapse",
            EventKind::Restoration => "restoration",
            EventKind::Transfer => "transfer",
            EventKind::Licence => "licence",
            EventKind::Pledge => "pledge",
            EventKind::Release => "release",
            EventKind::Invalidation => "invalidation",
            EventKind::Expiry => "expiry",
            EventKind::Withdrawal => "withdrawal",
            EventKind::NameChange => "name_change",
            EventKind::Merger => "merger",
            EventKind::Correction => "correction",
            EventKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Classifies a USPTO assignment conveyance text ("SECURITY INTEREST",
    /// "RELEASE BY SECURED PARTY", "ASSIGNMENT OF ASSIGNORS INTEREST", …).
    pub fn from_us_conveyance(text: &str) -> EventKind {
        let t = text.to_ascii_uppercase();
        let has = |w: &str| t.contains(w);
        if has("RELEASE") || has("TERMINATION") || has("SATISFACTION") {
            EventKind::Release
        } else if has("SECURITY") || has("PLEDGE") || has("LIEN") || has("COLLATERAL") {
            EventKind::Pledge
        } else if has("LICENSE") || has("LICENCE") {
            EventKind::Licence
        } else if has("CHANGE OF NAME") {
            EventKind::NameChange
        } else if has("MERGER") {
            EventKind::Merger
        } else if has("CORRECT") {
            EventKind::Correction
        } else if has("ASSIGNMENT") || has("NUNC PRO TUNC") || has("ASSIGNS") {
            EventKind::Transfer
        } else {
            EventKind::Other
        }
    }
}

/// One dated event. `key` is unique across the registry and derived from the source
/// record (`uspto-assignment:048811/0679:US8087209`), so re-ingesting never duplicates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalEvent {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    pub kind: EventKind,
    /// The office's own event code: `M1551`, `PE01`, `PG25`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Office recording the event (ST.3 code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Assignors/assignees, pledgors/pledgees, licensors/licensees.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<Party>,
    /// The recording reference: reel/frame, gazette number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
}

impl LegalEvent {
    pub fn new(key: impl Into<String>, kind: EventKind, date: Option<Date>) -> LegalEvent {
        LegalEvent {
            key: key.into(),
            date,
            kind,
            code: None,
            authority: None,
            description: None,
            parties: Vec::new(),
            reference: None,
            amount: None,
        }
    }
}

impl LegalEvent {
    /// Completes this event with what another source says of the same event (same key):
    /// fields this one lacks are taken, fields it has are kept. Order-independent for
    /// sources that agree, and idempotent, so several sources of one conveyance converge.
    pub fn fill_gaps(&mut self, other: LegalEvent) {
        use crate::right::{merge_opt, merge_vec};
        merge_opt(&mut self.date, other.date, false);
        merge_opt(&mut self.code, other.code, false);
        merge_opt(&mut self.authority, other.authority, false);
        merge_opt(&mut self.description, other.description, false);
        merge_opt(&mut self.reference, other.reference, false);
        merge_opt(&mut self.amount, other.amount, false);
        merge_vec(&mut self.parties, other.parties, false);
    }
}

/// An event that names its right by number, as assignment and legal-status records do.
/// The registry attaches it to the right with that publication or application key,
/// whichever arrives first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publication: Option<PubKey>,
    /// Application key without check character (`US12345678`, `CN201410005532`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    pub event: LegalEvent,
}
