//! Format detection: each format says whether a file is its own from the file name and
//! the first bytes of content. The first format that claims a file reads it.

use crate::input::{head, plain_name};
use crate::{Context, IngestError, Sink};
use std::io::BufRead;
use std::path::Path;

/// Bytes of content shown to `sniff`.
pub const SNIFF_BYTES: usize = 8192;

/// One office data format.
pub trait Format: Sync {
    /// Stable name, used in provenance and `--json` output: `uspto-xml`, `cnipa-tsv`…
    fn name(&self) -> &'static str;
    /// What the format is, for `silkport ingest --formats`.
    fn describe(&self) -> &'static str;
    /// Whether this format reads a file, given its lowercased name (without `.gz`) and
    /// the first [`SNIFF_BYTES`] of its decompressed content.
    fn sniff(&self, name: &str, head: &[u8]) -> bool;
    /// Streams the file's records into `sink`. A bad record is pushed as an `Err` and
    /// skipped; only an unreadable file or a `Stop` from the sink ends the parse early.
    fn parse(&self, input: &mut dyn BufRead, ctx: &Context, sink: &mut Sink) -> Result<(), IngestError>;
}

/// Finds the format of a file by name and content.
pub fn detect(name: &str, head: &[u8]) -> Option<&'static dyn Format> {
    crate::formats::ALL.iter().copied().find(|f| f.sniff(name, head))
}

/// Finds the format of a file on disk.
pub fn detect_path(path: &Path) -> Result<&'static dyn Format, IngestError> {
    let head = head(path, SNIFF_BYTES)?;
    detect(&plain_name(path), &head).ok_or_else(|| IngestError::UnknownFormat { path: path.display().to_string() })
}

/// True when `head` contains `needle` (a cheap content test for sniffers).
pub fn contains(head: &[u8], needle: &str) -> bool {
    head.windows(needle.len()).any(|w| w == needle.as_bytes())
}
