//! The tlog crate's one error type.

/// What went wrong in the log's maths or formats. Messages are lowercase, without a trailing
/// period, and say what to check or do next.
#[derive(Debug, thiserror::Error)]
pub enum TlogError {
    /// A proof or tile did not hash to the trusted root: the data was altered or belongs to
    /// another tree.
    #[error("proof does not verify: the log's data does not match the trusted tree head")]
    ProofFailed,
    /// Sizes or indexes that no proof can exist for (an index past the tree, a shrinking tree).
    #[error("invalid proof request: {0}")]
    InvalidRequest(String),
    /// A `HashReader` returned the wrong number of hashes or a storage error.
    #[error("cannot read stored hashes: {0}")]
    HashRead(String),
    /// A tile or entry-bundle path, or tile data of the wrong length.
    #[error("malformed tile {what}: {detail}")]
    Tile { what: String, detail: String },
    /// Text that is not a well-formed signed note (C2SP signed-note).
    #[error("malformed note: {0}")]
    MalformedNote(&'static str),
    /// A note whose signatures are all from unknown keys.
    #[error("note has no verifiable signatures (check the trusted keys)")]
    UnverifiedNote,
    /// A known key's signature that does not verify: reject the whole note.
    #[error("invalid signature for key {name}+{key_id:08x}")]
    InvalidSignature { name: String, key_id: u32 },
    /// Two trusted keys share a name and key id.
    #[error("ambiguous key {name}+{key_id:08x}: remove the duplicate trusted key")]
    AmbiguousKey { name: String, key_id: u32 },
    /// A verifier or signer key string that does not parse or whose key id is wrong.
    #[error("malformed key: {0}")]
    MalformedKey(&'static str),
    /// Note text that is not a C2SP tlog-checkpoint.
    #[error("malformed checkpoint: {0}")]
    MalformedCheckpoint(&'static str),
    /// A checkpoint for another log than the one expected.
    #[error("checkpoint origin {found:?} is not the expected {expected:?}")]
    WrongOrigin { expected: String, found: String },
    /// Bytes that are not a canonical ledger entry (docs/ledger-entry-format.md).
    #[error("malformed ledger entry: {0}")]
    MalformedEntry(String),
    /// A witness add-checkpoint request body that does not parse (C2SP tlog-witness).
    #[error("malformed add-checkpoint request: {0}")]
    MalformedRequest(&'static str),
}

/// Shorthand for results in this crate.
pub type Result<T, E = TlogError> = std::result::Result<T, E>;
