//! The ingest crate's one error type: failures that stop a whole file (as opposed to a
//! `RecordError`, which skips one record).

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: unknown format; run `silkport ingest --formats` to see what can be read, or convert it to the generic JSONL format (docs/jsonl-format.md)")]
    UnknownFormat { path: String },
    #[error("{path}: {message}")]
    Malformed { path: String, message: String },
    #[error("{path}: loading into the registry failed: {message}; nothing of the failed batch was stored, earlier batches were")]
    Load { path: String, message: String },
    #[error("stopped by the consumer")]
    Stopped,
}

impl From<crate::Stop> for IngestError {
    fn from(_: crate::Stop) -> Self {
        IngestError::Stopped
    }
}
