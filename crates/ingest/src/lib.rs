//! Ingestion of office data: format detection, transparent gzip, and one streaming
//! parser module per format (see `formats`). Parsers turn bytes into `model` values and
//! know nothing of storage: they push [`Item`]s into a sink.

pub mod detect;
pub mod entities;
pub mod error;
pub mod formats;
pub mod input;
pub mod xml;

pub use detect::{detect, detect_path, Format};
pub use error::IngestError;
pub use input::open;

use silkport_model::{EventRecord, RefRecord, Right};
use std::fmt;

/// What a parser produces: a right, an event naming a right by number, or a row of
/// reference data.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Right(Box<Right>),
    Event(Box<EventRecord>),
    Reference(RefRecord),
}

/// Where in a file a record starts, for error reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// 1-based line number.
    Line(u64),
    /// Byte offset into the decompressed stream.
    Byte(u64),
    /// 1-based index of the record within the file.
    Record(u64),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Line(n) => write!(f, "line {n}"),
            Position::Byte(n) => write!(f, "byte {n}"),
            Position::Record(n) => write!(f, "record {n}"),
        }
    }
}

/// A record that could not be read. It is reported and skipped; the rest still loads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub position: Position,
    pub message: String,
}

impl RecordError {
    pub fn new(position: Position, message: impl Into<String>) -> Self {
        RecordError { position, message: message.into() }
    }
}

/// The consumer's answer to an item: go on, or stop (the store failed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop;

/// Where a parser pushes what it reads.
pub type Sink<'a> = dyn FnMut(Result<Item, RecordError>) -> Result<(), Stop> + 'a;

/// What a parser knows about the file it reads.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The path as given, for provenance and error messages.
    pub file: String,
}
