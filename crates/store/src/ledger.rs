//! The registry's side of the transparency log (issue 4): the outbox of subjects whose
//! change the ledger must log, written in the same transaction as the change, and the record
//! of what the log holds for each reference. What an entry says is decided in
//! `silkport-ledger`; the store only keeps these rows.

use serde::Serialize;
use silkport_model::LegalEvent;

/// What changed: an event (by key) or a right (by id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LedgerSubject {
    Event,
    Right,
}

impl LedgerSubject {
    pub fn as_str(self) -> &'static str {
        match self {
            LedgerSubject::Event => "event",
            LedgerSubject::Right => "right",
        }
    }

    pub fn parse(s: &str) -> Option<LedgerSubject> {
        match s {
            "event" => Some(LedgerSubject::Event),
            "right" => Some(LedgerSubject::Right),
            _ => None,
        }
    }
}

/// A queued change. `seq` orders the queue and guards its removal: a row re-queued by a
/// later change gets a new `seq` and so survives the removal of the one read before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub subject: LedgerSubject,
    pub key: String,
    pub seq: i64,
}

impl Pending {
    /// A queue row as a backend reads it.
    pub(crate) fn from_row(subject: &str, key: String, seq: i64) -> Result<Pending, crate::StoreError> {
        let subject = LedgerSubject::parse(subject).ok_or_else(|| crate::StoreError::Corrupt {
            id: key.clone(),
            message: format!("unknown ledger subject {subject:?}"),
        })?;
        Ok(Pending { subject, key, seq })
    }
}

/// The latest log entry of a reference: its index and RFC 9162 leaf hash (lowercase hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub reference: String,
    pub index: u64,
    pub leaf: String,
}

/// An event with the columns that attach it to rights (by id, publication key or
/// application key).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub right_id: Option<String>,
    pub pub_key: Option<String>,
    pub app_key: Option<String>,
    pub event: LegalEvent,
}
