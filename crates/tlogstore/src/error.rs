//! The tlogstore crate's one error type.

use std::path::PathBuf;

/// What went wrong storing or reading the log. Messages are lowercase and say what to do.
#[derive(Debug, thiserror::Error)]
pub enum TlogStoreError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0} is not a log directory (create one with Log::create)")]
    NotALog(PathBuf),
    #[error("{0} already holds a log; open it instead of creating one")]
    AlreadyExists(PathBuf),
    #[error("the log in {0} is open in another process; stop it first")]
    Locked(PathBuf),
    #[error("key file {0} can be read by other users; run chmod 600 on it")]
    KeyPermissions(PathBuf),
    #[error("the log is corrupt: {0}; restore it from a backup and check the disk")]
    Corrupt(String),
    #[error("an earlier write failed ({0}); reopen the log to recover")]
    Poisoned(String),
    #[error("entry of {0} bytes is too large: at most 65,535 bytes fit an entry bundle")]
    EntryTooLarge(usize),
    #[error("{0}")]
    OutOfRange(String),
    #[error("the log is open read-only; open it with Log::open to append or publish")]
    ReadOnly,
    #[error(transparent)]
    Tlog(#[from] silkport_tlog::TlogError),
}

pub type Result<T, E = TlogStoreError> = std::result::Result<T, E>;

/// Attaches the path to an I/O error, so every failure names its file.
pub(crate) trait IoContext<T> {
    fn at(self, path: &std::path::Path) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, path: &std::path::Path) -> Result<T> {
        self.map_err(|source| TlogStoreError::Io { path: path.to_path_buf(), source })
    }
}
