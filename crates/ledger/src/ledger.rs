//! The ledger's directory: the transparency log (`log/`, a `silkport-tlogstore` log whose
//! key is `log/log.key`, mode 0600) and the witness cosignatures collected for its
//! checkpoints (`cosigned/`).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use silkport_tlogstore::{KeyRotation, Log, LogOptions, RETIRED_KEYS};

use crate::error::IoContext;
use crate::{LedgerError, Result};

/// The origin (and log key name) a ledger gets when none is chosen: a schema-less URL as
/// C2SP tlog-checkpoint recommends. Production sets its own with `silkport ledger init`.
pub const DEFAULT_ORIGIN: &str = "ledger.silkroad-ipport.example/v1";

const LOG: &str = "log";

/// A ledger opened for writing (one process at a time: the log is locked) or reading.
pub struct Ledger {
    dir: PathBuf,
    log: Log,
    /// Serialises the read-merge-write of kept cosignatures (several witnesses at once).
    pub(crate) cosigning: Mutex<()>,
}

impl Ledger {
    /// The ledger's directory inside a silkport data directory.
    pub fn dir_in(data: &Path) -> PathBuf {
        data.join("ledger")
    }

    /// Creates a new ledger with a fresh log key for `origin`.
    pub fn init(dir: &Path, origin: &str) -> Result<Ledger> {
        let log = Log::create(&dir.join(LOG), origin, writer_options())?;
        Ok(Ledger { dir: dir.into(), log, cosigning: Mutex::new(()) })
    }

    /// Opens the ledger for writing (sync, serving with appends).
    pub fn open(dir: &Path) -> Result<Ledger> {
        Self::exists(dir)?;
        Ok(Ledger { dir: dir.into(), log: Log::open(&dir.join(LOG), writer_options())?, cosigning: Mutex::new(()) })
    }

    /// Opens the ledger for writing, creating it with `origin` on first use.
    pub fn open_or_init(dir: &Path, origin: &str) -> Result<Ledger> {
        if dir.join(LOG).join("checkpoint").exists() {
            Self::open(dir)
        } else {
            Self::init(dir, origin)
        }
    }

    /// Opens the ledger for reading beside a running writer: the published checkpoint's
    /// entries only (receipts, audit, history).
    pub fn open_read_only(dir: &Path) -> Result<Ledger> {
        Self::exists(dir)?;
        Ok(Ledger { dir: dir.into(), log: Log::open_read_only(&dir.join(LOG))?, cosigning: Mutex::new(()) })
    }

    fn exists(dir: &Path) -> Result<()> {
        if dir.join(LOG).join("checkpoint").exists() {
            Ok(())
        } else {
            Err(LedgerError::NoLedger(dir.into()))
        }
    }

    /// Rotates the log key (the ledger must not be open): see `silkport_tlogstore::rotate_key`.
    pub fn rotate_key(dir: &Path) -> Result<KeyRotation> {
        Self::exists(dir)?;
        Ok(silkport_tlogstore::rotate_key(&dir.join(LOG))?)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn log(&self) -> &Log {
        &self.log
    }

    /// The log's current verifier key and those it signed with before, oldest first: what a
    /// verifier of old and new receipts needs.
    pub fn public_keys(&self) -> Result<Vec<String>> {
        let path = self.dir.join(LOG).join(RETIRED_KEYS);
        let mut keys: Vec<String> = match std::fs::read_to_string(&path) {
            Ok(text) => text.lines().map(str::to_string).collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e).at(&path),
        };
        keys.push(self.log.verifier_key());
        Ok(keys)
    }
}

/// Writers publish checkpoints explicitly (after each sync batch), not on a timer.
fn writer_options() -> LogOptions {
    LogOptions { checkpoint_interval: None }
}
