//! Ingestion of office data: format detection, transparent gzip, and one streaming
//! parser module per format (see `formats`). Parsers turn bytes into `model` values and
//! know nothing of storage: they push [`Item`]s into a sink.

mod delimited;
pub mod detect;
pub mod entities;
pub mod error;
pub mod formats;
pub mod input;
pub mod run;
pub mod xml;

pub use detect::{detect, detect_path, Format};
pub use error::IngestError;
pub use input::open;

use silkport_model::{EventRecord, RefRecord, Right};
use std::fmt;
use std::io::BufRead;

/// What a parser produces: a right, an event naming a right by number, a row of
/// reference data, or a record deliberately not loaded (with the reason).
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Right(Box<Right>),
    Event(Box<EventRecord>),
    Reference(RefRecord),
    /// A well-formed record silkport does not load, e.g. a pre-2005 USPTO SGML document
    /// inside a file of a supported format. Counted as skipped, not failed.
    Skipped(RecordError),
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

impl Context {
    /// The error for a file that cannot be read as its format at all.
    pub fn malformed(&self, message: impl Into<String>) -> IngestError {
        IngestError::Malformed { path: self.file.clone(), message: message.into() }
    }
}

/// Everything one file yields, collected in memory: for tests and small files only (the
/// CLI streams instead).
#[derive(Debug, Default)]
pub struct Collected {
    pub items: Vec<Item>,
    pub errors: Vec<RecordError>,
}

impl Collected {
    pub fn rights(&self) -> impl Iterator<Item = &Right> {
        self.items.iter().filter_map(|i| if let Item::Right(r) = i { Some(&**r) } else { None })
    }
    pub fn events(&self) -> impl Iterator<Item = &EventRecord> {
        self.items.iter().filter_map(|i| if let Item::Event(e) = i { Some(&**e) } else { None })
    }
    pub fn references(&self) -> impl Iterator<Item = &RefRecord> {
        self.items.iter().filter_map(|i| if let Item::Reference(r) = i { Some(r) } else { None })
    }
    /// Keeps what a parser pushed: an item, or a record error.
    pub fn push(&mut self, item: Result<Item, RecordError>) {
        match item {
            Ok(i) => self.items.push(i),
            Err(e) => self.errors.push(e),
        }
    }
    /// The right with this canonical id; panics with the ids present when absent (tests).
    pub fn right(&self, id: &str) -> &Right {
        self.rights().find(|r| r.id.as_str() == id).unwrap_or_else(|| {
            let ids: Vec<_> = self.rights().map(|r| r.id.to_string()).take(50).collect();
            panic!("{id} not among {ids:?}")
        })
    }
}

/// Detects a file's format and reads all of it into memory.
pub fn collect(path: &std::path::Path) -> Result<Collected, IngestError> {
    let format = detect_path(path)?;
    let ctx = Context { file: path.display().to_string() };
    collect_from(format, &mut open(path)?, &ctx)
}

/// Reads all of `input` into memory as `format`, e.g. bytes a test made up.
pub fn collect_from(format: &dyn Format, input: &mut dyn BufRead, ctx: &Context) -> Result<Collected, IngestError> {
    let mut out = Collected::default();
    format.parse(input, ctx, &mut |item| {
        out.push(item);
        Ok(())
    })?;
    Ok(out)
}

/// `../shared/data` from the workspace root, where tests and benchmarks find real data.
pub fn shared_data() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}
