//! Running an ingest over files and directories: walk, detect each file's format, parse
//! on one thread and load batches on another, count what happened, and report bad records
//! with file and position. Storage is behind [`Loader`], so this module knows no SQL.

use crate::detect::detect_path;
use crate::input::{open_counted, InputStats, MAX_LINE_BYTES};
use crate::{Context, IngestError, Item, RecordError};
use serde::Serialize;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::Arc;
use std::time::Instant;

/// Items per batch handed to the loader: large enough to amortise a transaction, small
/// enough to keep memory bounded whatever the input size. Four batches are in memory at
/// once (being parsed, two queued, being loaded): 4,000 cost CNIPA ingest 50 MB more peak
/// RSS than 2,000 and saved 7% of its WAL writes, no measurable time.
pub const BATCH: usize = 2000;
/// Decompressed input bytes after which a batch is handed over even if it has fewer
/// than [`BATCH`] items: 2,000 full-text documents would be hundreds of megabytes.
pub const BATCH_BYTES: u64 = 8 << 20;
/// Record errors kept per file in the summary (all are counted).
const MAX_REPORTED_ERRORS: usize = 20;

/// What loading one batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LoadCounts {
    pub loaded: u64,
    pub updated: u64,
    pub unchanged: u64,
}

impl LoadCounts {
    pub fn add(&mut self, o: LoadCounts) {
        self.loaded += o.loaded;
        self.updated += o.updated;
        self.unchanged += o.unchanged;
    }
}

/// Where batches go: the registry, in practice. A batch is applied atomically.
pub trait Loader {
    /// An item as `load` takes it.
    type Prepared: Send;
    /// Does the work on a parsed item that needs no store (encoding its document, say), or
    /// drops it. `ingest` calls it on the parsing thread, so that it overlaps with the
    /// loading of the batch before (the loading thread is the bottleneck), and as soon as
    /// the item is parsed: a batch later its data had gone from the cache, and reading it
    /// back was most of the encoding's time.
    fn prepare(item: Item) -> Option<Self::Prepared>;
    fn load(&mut self, batch: Vec<Self::Prepared>) -> Result<LoadCounts, String>;
}

/// One reported record error.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub position: String,
    pub message: String,
}

impl From<&RecordError> for Problem {
    fn from(e: &RecordError) -> Self {
        Problem { position: e.position.to_string(), message: e.message.clone() }
    }
}

/// The outcome for one file. Field names are part of the stable `--json` output.
#[derive(Debug, Clone, Default, Serialize)]
pub struct FileReport {
    pub path: String,
    pub format: Option<String>,
    pub bytes: u64,
    pub records: u64,
    #[serde(flatten)]
    pub counts: LoadCounts,
    pub skipped: u64,
    pub failed: u64,
    /// Why the whole file was not read (unknown format, unreadable), if so.
    pub error: Option<String>,
    pub problems: Vec<Problem>,
    pub skip_reasons: Vec<Problem>,
}

/// The outcome of a whole run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files: u64,
    pub files_unrecognised: u64,
    pub bytes: u64,
    pub records: u64,
    #[serde(flatten)]
    pub counts: LoadCounts,
    pub skipped: u64,
    pub failed: u64,
    pub seconds: f64,
    pub file_reports: Vec<FileReport>,
}

impl Summary {
    fn absorb(&mut self, f: FileReport) {
        self.files += 1;
        self.bytes += f.bytes;
        self.records += f.records;
        self.counts.add(f.counts);
        self.skipped += f.skipped;
        self.failed += f.failed;
        self.file_reports.push(f);
    }
}

/// Progress callbacks, so the CLI can draw a bar without this crate knowing terminals.
pub trait Progress: Sync {
    fn start(&self, total_bytes: u64);
    fn file(&self, path: &Path);
    fn advance(&self, bytes_done: u64, records: u64);
}

/// No progress display.
pub struct Quiet;

impl Progress for Quiet {
    fn start(&self, _: u64) {}
    fn file(&self, _: &Path) {}
    fn advance(&self, _: u64, _: u64) {}
}

/// Expands directories (recursively, sorted, hidden files skipped) into files. A path
/// that does not exist is an error; a directory's unrecognised files are reported later.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<(PathBuf, bool)>, IngestError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|source| IngestError::Io { path: p.display().to_string(), source })?;
        if meta.is_dir() {
            walk(p, &mut out).map_err(|source| IngestError::Io { path: p.display().to_string(), source })?;
        } else {
            out.push((p.clone(), true));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<(PathBuf, bool)>) -> io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        if e.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = e.path();
        if e.file_type()?.is_dir() {
            walk(&path, out)?;
        } else {
            out.push((path, false));
        }
    }
    Ok(())
}

/// Ingests every file. Files are read one after another; within a file, parsing and
/// loading overlap on two threads. A loader error stops the run (nothing half-applied:
/// each batch is atomic); bad records are skipped and reported.
pub fn ingest<L: Loader + Send>(
    files: &[(PathBuf, bool)],
    loader: &mut L,
    progress: &dyn Progress,
) -> Result<Summary, IngestError> {
    let started = Instant::now();
    let total: u64 = files.iter().map(|(p, _)| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)).sum();
    progress.start(total);
    let done_before = AtomicU64::new(0);
    let mut summary = Summary::default();
    for (path, explicit) in files {
        progress.file(path);
        let report = ingest_file(path, loader, progress, &done_before)?;
        done_before.fetch_add(report.bytes, Ordering::Relaxed);
        if report.format.is_none() {
            summary.files_unrecognised += 1;
            if !explicit {
                // A directory's README or statistics table is not an error.
                continue;
            }
        }
        summary.absorb(report);
    }
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

fn ingest_file<L: Loader + Send>(
    path: &Path,
    loader: &mut L,
    progress: &dyn Progress,
    done_before: &AtomicU64,
) -> Result<FileReport, IngestError> {
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let mut report = FileReport { path: path.display().to_string(), bytes, ..FileReport::default() };
    let format = match detect_path(path) {
        Ok(f) => f,
        Err(e @ IngestError::UnknownFormat { .. }) => {
            report.error = Some(e.to_string());
            return Ok(report);
        }
        Err(e) => return Err(e),
    };
    report.format = Some(format.name().to_string());
    let stats = Arc::new(InputStats::default());
    let mut input = open_counted(path, stats.clone())?;
    let ctx = Context { file: path.display().to_string() };
    let (tx, rx) = sync_channel::<Vec<L::Prepared>>(2);
    let mut load_error = None;
    let parse_result = std::thread::scope(|s| {
        let consumer = s.spawn(|| {
            let mut counts = LoadCounts::default();
            for batch in rx {
                match loader.load(batch) {
                    Ok(c) => counts.add(c),
                    Err(e) => return Err(e),
                }
            }
            Ok(counts)
        });
        let mut batch = Vec::with_capacity(BATCH);
        let mut batch_start = 0u64;
        let mut records = 0u64;
        let result = format.parse(&mut input, &ctx, &mut |item| {
            records += 1;
            match item {
                Ok(Item::Skipped(reason)) => {
                    report.skipped += 1;
                    if report.skip_reasons.len() < MAX_REPORTED_ERRORS {
                        report.skip_reasons.push(Problem::from(&reason));
                    }
                }
                Ok(i) => batch.extend(L::prepare(i)),
                Err(e) => {
                    report.failed += 1;
                    if report.problems.len() < MAX_REPORTED_ERRORS {
                        report.problems.push(Problem::from(&e));
                    }
                }
            }
            let decoded = stats.decoded.load(Ordering::Relaxed);
            if batch.len() >= BATCH || (!batch.is_empty() && decoded - batch_start >= BATCH_BYTES) {
                batch_start = decoded;
                let items = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                tx.send(items).map_err(|_| crate::Stop)?;
                progress.advance(done_before.load(Ordering::Relaxed) + stats.bytes.load(Ordering::Relaxed), records);
            }
            Ok(())
        });
        if result.is_ok() && !batch.is_empty() {
            let _ = tx.send(batch);
        }
        drop(tx);
        report.records = records;
        match consumer.join() {
            Ok(Ok(c)) => report.counts = c,
            Ok(Err(e)) => load_error = Some(e),
            Err(_) => load_error = Some("loader thread panicked".into()),
        }
        result
    });
    if let Some(e) = load_error {
        return Err(IngestError::Load { path: report.path.clone(), message: e });
    }
    match parse_result {
        Ok(()) => {}
        Err(IngestError::Malformed { message, .. }) => report.error = Some(message),
        Err(e) => return Err(e),
    }
    report.records -= report.skipped;
    let cut = stats.cut_lines.load(Ordering::Relaxed);
    if cut > 0 {
        let message =
            format!("{cut} lines longer than {MAX_LINE_BYTES} bytes were cut; their records are reported above");
        report.problems.push(Problem { position: "file".into(), message });
    }
    Ok(report)
}
