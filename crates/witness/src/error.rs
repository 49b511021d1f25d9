//! The witness crate's one error type.

use std::path::PathBuf;

/// What went wrong following or witnessing a log. An [`WitnessError::Alarm`] is evidence of
/// misbehaviour; everything else is an ordinary failure to retry or fix.
#[derive(Debug, thiserror::Error)]
pub enum WitnessError {
    #[error(
        "ALARM: {0}; the evidence is in the state file; keep it, tell the log's operator and the other \
         witnesses, and remove the alarm from the state file only once it is resolved"
    )]
    Alarm(String),
    #[error("{url}: {message} (is the log server running and the URL right?)")]
    Http { url: String, message: String },
    #[error("witness {url} refused the checkpoint: {message}")]
    Refused { url: String, message: String },
    #[error("the log's checkpoint does not verify: {0} (check --log-key)")]
    Checkpoint(silkport_tlog::TlogError),
    #[error("the log's tiles do not prove its checkpoint: {0}")]
    Tiles(silkport_tlog::TlogError),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("witness state {path} is unreadable: {message}; restore it from a backup (never start over silently)")]
    State { path: PathBuf, message: String },
    #[error(transparent)]
    Key(#[from] silkport_tlogstore::TlogStoreError),
    #[error(transparent)]
    Tlog(#[from] silkport_tlog::TlogError),
}

pub type Result<T, E = WitnessError> = std::result::Result<T, E>;
