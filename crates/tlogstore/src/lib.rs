//! Durable storage of the transparency log: append-only files in one directory, appends
//! acknowledged only after fsync and grouped across threads (group commit), recovery after a
//! crash, signed checkpoints that never go backwards, and the log's key kept with mode 0600.
//! The maths and formats are `silkport_tlog`'s; this crate adds files and concurrency only.

mod error;
mod files;
pub use files::replace_file;
mod keys;
mod log;

pub use error::{Result, TlogStoreError};
pub use keys::{generate_key_file, load_signer, random_seed, read_secret_file, write_secret_file};
pub use log::{rotate_key, KeyRotation, Log, LogOptions, SignedCheckpoint, RETIRED_KEYS};
