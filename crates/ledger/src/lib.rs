//! The verifiable rights ledger: every change of a right's state in the registry becomes one
//! canonical entry (`silkport_tlog::Entry`) in a transparency log (`silkport_tlogstore`).
//!
//! - `derive`: what entry an event or a right makes, and which right an event names;
//! - `sync`: the registry's outbox drained into the log, reconciled after a crash;
//! - `audit`: every right's history re-derived from the log and compared with the registry;
//! - `receipt`: a self-contained evidence receipt and its offline verification;
//! - `cosign`: witness cosignatures collected on the log's checkpoints.
//!
//! The registry is reached only through the `Store` trait; HTTP is the server's business.

pub mod audit;
pub mod cosign;
pub mod derive;
mod error;
mod ledger;
pub mod receipt;
pub mod sync;

pub use error::{LedgerError, Result};
pub use ledger::{Ledger, DEFAULT_ORIGIN};
pub use sync::SyncReport;
