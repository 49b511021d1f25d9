//! The registry store: a storage trait ([`Store`]) with two backends, SQLite (embedded
//! default, one WAL file under the data directory) and PostgreSQL; versioned migrations;
//! and one conformance suite (`conformance`) that both backends pass.
//!
//! The rules that decide what a write does (merge a newer version, absorb a stub, detect
//! an unchanged record) live once in `reconcile`; backends only move rows.

mod accounts;
pub mod conformance;
mod error;
mod facts;
pub mod json;
mod ledger;
mod migrations;
mod postgres;
mod reconcile;
mod row;
mod sqlite;
mod store;

pub use accounts::{AuditRecord, HolderName, NewAudit, NewUser, TokenRecord, UserChange, UserRecord};
pub use error::StoreError;
pub use ledger::{LedgerSubject, Logged, Pending, StoredEvent};
pub use migrations::LATEST_VERSION;
pub use postgres::PgStore;
pub use reconcile::{BatchOutcome, Counts, Incoming, PreparedRight};
pub use row::{EventRow, RightRow, StoredRight};
pub use sqlite::SqliteStore;
pub use store::{in_transaction, Count, GroupRow, KeyColumn, Stats, Store};

use std::path::Path;

/// Opens the store: PostgreSQL when a `postgres://` URL is given, else SQLite in `data_dir`.
pub fn open(data_dir: &Path, database_url: Option<&str>) -> Result<Box<dyn Store>, StoreError> {
    match database_url {
        Some(url) => Ok(Box::new(PgStore::connect(url)?)),
        None => Ok(Box::new(SqliteStore::open_dir(data_dir)?)),
    }
}
