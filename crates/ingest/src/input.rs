//! Opening input files: gzip is detected by its magic bytes and read transparently, so
//! `x.xml` and `x.xml.gz` are the same to every parser; and no line longer than
//! [`MAX_LINE_BYTES`] reaches a parser, so memory stays bounded whatever the input.

use crate::IngestError;
use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

const BUF: usize = 256 * 1024;

/// The longest line handed to a parser. Longer lines are cut here (the parser then sees a
/// malformed record and reports it), because every line- and record-based parser buffers
/// a whole line or record.
pub const MAX_LINE_BYTES: usize = crate::xml::MAX_DOC_BYTES;

/// What reading a file observed, shared with the reader while it runs.
#[derive(Debug, Default)]
pub struct InputStats {
    /// Raw (possibly compressed) bytes read from disk, for progress.
    pub bytes: AtomicU64,
    /// Decompressed bytes handed to the parser (ahead of it by at most one buffer), so
    /// batches of large documents can be cut by size.
    pub decoded: AtomicU64,
    /// Lines longer than [`MAX_LINE_BYTES`] that were cut.
    pub cut_lines: AtomicU64,
}

/// Opens a file for streaming, decompressing gzip when present.
pub fn open(path: &Path) -> Result<Box<dyn BufRead + Send>, IngestError> {
    open_counted(path, Arc::new(InputStats::default()))
}

/// Like [`open`], recording what is read in `stats`.
pub fn open_counted(path: &Path, stats: Arc<InputStats>) -> Result<Box<dyn BufRead + Send>, IngestError> {
    let io = |source| IngestError::Io { path: path.display().to_string(), source };
    let raw = Counting { inner: File::open(path).map_err(io)?, stats: stats.clone() };
    let mut file = BufReader::with_capacity(BUF, raw);
    let gz = file.fill_buf().map_err(io)?.starts_with(&[0x1f, 0x8b]);
    let decoded: Box<dyn BufRead + Send> =
        if gz { Box::new(BufReader::with_capacity(BUF, MultiGzDecoder::new(file))) } else { Box::new(file) };
    Ok(Box::new(BufReader::with_capacity(BUF, LineCap { inner: decoded, line_len: 0, stats })))
}

/// Reads up to `n` bytes from the start of the (decompressed) file, for format sniffing.
/// A read error after some bytes (a truncated gzip) keeps what was decoded: sniffing needs
/// only a prefix, and the parser then reports the truncation with its position.
pub fn head(path: &Path, n: usize) -> Result<Vec<u8>, IngestError> {
    let mut out = Vec::with_capacity(n);
    let mut input = open(path)?.take(n as u64);
    let mut chunk = [0u8; 4096];
    loop {
        match input.read(&mut chunk) {
            Ok(0) => return Ok(out),
            Ok(k) => out.extend_from_slice(&chunk[..k]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) if !out.is_empty() => return Ok(out),
            Err(source) => return Err(IngestError::Io { path: path.display().to_string(), source }),
        }
    }
}

/// The file name without directories and without a `.gz` suffix, lowercased.
pub fn plain_name(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    name.strip_suffix(".gz").map(str::to_string).unwrap_or(name)
}

struct Counting<R> {
    inner: R,
    stats: Arc<InputStats>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.stats.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Passes bytes through, but keeps at most [`MAX_LINE_BYTES`] of any line and drops the
/// rest of it up to its newline.
struct LineCap<R> {
    inner: R,
    line_len: usize,
    stats: Arc<InputStats>,
}

impl<R: BufRead> Read for LineCap<R> {
    /// Fills `out` across as many lines as fit (parsers sniff their input from the first
    /// buffer, so handing back one line at a time would starve them).
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let mut written = 0;
        while written < out.len() {
            let available = match self.inner.fill_buf() {
                Ok(a) => a,
                // Hand out what was read; the error recurs on the next call.
                Err(_) if written > 0 => break,
                Err(e) => return Err(e),
            };
            if available.is_empty() {
                break;
            }
            if self.line_len >= MAX_LINE_BYTES {
                // Dropping the rest of an over-long line; its newline is passed on.
                let newline = available.iter().position(|&b| b == b'\n');
                let drop = newline.unwrap_or(available.len());
                self.inner.consume(drop);
                if newline.is_some() {
                    self.line_len = 0;
                }
                continue;
            }
            // Look only at what can be handed out now, so each byte is scanned once.
            let room = MAX_LINE_BYTES - self.line_len;
            let space = out.len() - written;
            let window = &available[..available.len().min(space).min(room + 1)];
            let newline = window.iter().position(|&b| b == b'\n');
            let n = match newline {
                Some(i) => i + 1,
                None => window.len().min(room),
            };
            out[written..written + n].copy_from_slice(&window[..n]);
            self.inner.consume(n);
            written += n;
            self.line_len = if newline.is_some() { 0 } else { self.line_len + n };
            if self.line_len >= MAX_LINE_BYTES {
                self.stats.cut_lines.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.stats.decoded.fetch_add(written as u64, Ordering::Relaxed);
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capped(input: &[u8], cap_probe: usize) -> (Vec<u8>, u64) {
        let stats = Arc::new(InputStats::default());
        let mut r = LineCap { inner: input, line_len: 0, stats: stats.clone() };
        let mut out = Vec::new();
        let mut buf = vec![0; cap_probe];
        loop {
            let n = r.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        (out, stats.cut_lines.load(Ordering::Relaxed))
    }

    #[test]
    fn short_lines_pass_unchanged_whatever_the_read_size() {
        let text = b"a\tb\nline two\n\nlast without newline";
        for probe in [1, 2, 7, 4096] {
            assert_eq!(capped(text, probe), (text.to_vec(), 0));
        }
    }

    #[test]
    fn over_long_lines_are_cut_and_counted() {
        let mut text = vec![b'x'; MAX_LINE_BYTES + 10];
        text.extend_from_slice(b"\nnext\n");
        let (out, cut) = capped(&text, 1 << 16);
        assert_eq!(cut, 1);
        assert_eq!(out.len(), MAX_LINE_BYTES + "\nnext\n".len());
        assert!(out.ends_with(b"x\nnext\n"));
    }
}
