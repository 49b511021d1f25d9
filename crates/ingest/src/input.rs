//! Opening input files: gzip is detected by its magic bytes and read transparently, so
//! `x.xml` and `x.xml.gz` are the same to every parser.

use crate::IngestError;
use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

const BUF: usize = 256 * 1024;

/// Opens a file for streaming, decompressing gzip when present.
pub fn open(path: &Path) -> Result<Box<dyn BufRead + Send>, IngestError> {
    open_counted(path, Arc::new(AtomicU64::new(0)))
}

/// Like [`open`], adding the raw (compressed) bytes read to `counter`, for progress.
pub fn open_counted(path: &Path, counter: Arc<AtomicU64>) -> Result<Box<dyn BufRead + Send>, IngestError> {
    let io = |source| IngestError::Io { path: path.display().to_string(), source };
    let raw = Counting { inner: File::open(path).map_err(io)?, counter };
    let mut file = BufReader::with_capacity(BUF, raw);
    let gz = file.fill_buf().map_err(io)?.starts_with(&[0x1f, 0x8b]);
    Ok(if gz { Box::new(BufReader::with_capacity(BUF, MultiGzDecoder::new(file))) } else { Box::new(file) })
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
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}
