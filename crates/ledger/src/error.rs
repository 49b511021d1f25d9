//! The ledger crate's one error type.

use std::path::PathBuf;

/// What went wrong keeping the registry and its log in step, or verifying a receipt.
/// Messages are lowercase and say what to do next.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error(transparent)]
    Store(#[from] silkport_store::StoreError),
    #[error(transparent)]
    Log(#[from] silkport_tlogstore::TlogStoreError),
    #[error(transparent)]
    Tlog(#[from] silkport_tlog::TlogError),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("no ledger in {0}; create one with `silkport ledger init` (or run `silkport ledger sync`)")]
    NoLedger(PathBuf),
    #[error(
        "the registry records log entry {recorded} but the log holds only {size} entries; \
         the log directory was replaced or restored from an older backup: restore the newer log"
    )]
    LogBehindRegistry { recorded: u64, size: u64 },
    #[error("log entry {index} is not a silkport ledger entry ({detail}); this log belongs to something else")]
    ForeignEntry { index: u64, detail: String },
    #[error("no log entry for {0:?}; give a log index or an event key that `silkport ledger history` lists")]
    NotLogged(String),
    #[error("only {have} trusted witness cosignatures verify, {need} are required; give more --witness-key or lower --quorum if that is your policy")]
    Quorum { have: usize, need: usize },
    #[error("malformed receipt: {0}")]
    MalformedReceipt(String),
    #[error("cosignature refused: {0}")]
    Cosignature(String),
}

pub type Result<T, E = LedgerError> = std::result::Result<T, E>;

/// Attaches the path to an I/O error.
pub(crate) trait IoContext<T> {
    fn at(self, path: &std::path::Path) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, path: &std::path::Path) -> Result<T> {
        self.map_err(|source| LedgerError::Io { path: path.to_path_buf(), source })
    }
}
