//! `silkport ingest`: stream files into the registry with a progress bar and a summary.

use crate::render;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use silkport_ingest::run::{self, LoadCounts, Loader, Progress};
use silkport_ingest::Item;
use silkport_model::Right;
use silkport_search::{RightSink, SearchError};
use silkport_store::{Incoming, Store};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Feeds batches into the store; each batch is one transaction. When an index is
/// attached, the stored versions of the batch's rights (merged with what was there) are
/// then handed to it, so search follows the registry; call `finish` at the end.
pub struct StoreLoader {
    pub store: Box<dyn Store>,
    pub index: Option<IndexFeed>,
}

/// Rights or seconds between index commits: a commit per batch would make a segment per
/// batch and keep the merger busy. A run killed between commits leaves the registry ahead
/// of the index until `silkport reindex`.
const COMMIT_EVERY_RIGHTS: usize = 50_000;
const COMMIT_EVERY_SECS: u64 = 30;

/// The index writer with its commit schedule.
pub struct IndexFeed {
    sink: Box<dyn RightSink + Send>,
    pending: usize,
    since: Instant,
}

impl IndexFeed {
    pub fn new(sink: Box<dyn RightSink + Send>) -> IndexFeed {
        IndexFeed { sink, pending: 0, since: Instant::now() }
    }

    fn put(&mut self, rights: &[Right]) -> Result<(), SearchError> {
        self.sink.put(rights)?;
        self.pending += rights.len();
        if self.pending >= COMMIT_EVERY_RIGHTS || self.since.elapsed().as_secs() >= COMMIT_EVERY_SECS {
            self.finish()?;
        }
        Ok(())
    }

    /// Commits what was put since the last commit.
    pub fn finish(&mut self) -> Result<(), SearchError> {
        if self.pending > 0 {
            self.sink.commit()?;
        }
        self.pending = 0;
        self.since = Instant::now();
        Ok(())
    }
}

impl Loader for StoreLoader {
    type Batch = Vec<Incoming>;

    fn prepare(items: Vec<Item>) -> Vec<Incoming> {
        items.into_iter().filter_map(to_incoming).map(Incoming::prepare).collect()
    }

    fn load(&mut self, batch: Vec<Incoming>) -> Result<LoadCounts, String> {
        let ids: Vec<String> = batch.iter().filter_map(|i| i.right_id()).map(|id| id.to_string()).collect();
        let out = self.store.apply(batch).map_err(|e| e.to_string())?;
        if out.rights.inserted + out.rights.updated > 0 {
            self.index_stored(&ids)?;
        }
        let (r, e, f) = (out.rights, out.events, out.references);
        Ok(LoadCounts {
            loaded: r.inserted + e.inserted + f.inserted,
            updated: r.updated + e.updated + f.updated,
            unchanged: r.unchanged + e.unchanged + f.unchanged,
        })
    }
}

impl StoreLoader {
    fn index_stored(&mut self, ids: &[String]) -> Result<(), String> {
        let Some(index) = self.index.as_mut() else { return Ok(()) };
        let stored = self.store.load_rights(ids).map_err(|e| e.to_string())?;
        let rights: Vec<_> = stored.into_iter().map(|s| s.right).collect();
        index.put(&rights).map_err(|e| format!("{e} (the registry is updated; run `silkport reindex`)"))
    }

    /// Commits the index (at the end of a run).
    pub fn finish(&mut self) -> anyhow::Result<()> {
        if let Some(index) = self.index.as_mut() {
            index.finish().context("the registry is updated but the search index is not: run `silkport reindex`")?;
        }
        Ok(())
    }
}

fn to_incoming(item: Item) -> Option<Incoming> {
    match item {
        Item::Right(r) => Some(Incoming::Right(r)),
        Item::Event(e) => Some(Incoming::Event(e)),
        Item::Reference(r) => Some(Incoming::Reference(r)),
        Item::Skipped(_) => None,
    }
}

/// A terminal progress bar over the bytes of all files (hidden when stderr is not a terminal).
pub struct Bar(ProgressBar);

impl Bar {
    pub fn new() -> Bar {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        Bar(bar)
    }
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl Progress for Bar {
    fn start(&self, total: u64) {
        self.0.set_length(total);
    }
    fn file(&self, path: &Path) {
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        self.0.set_message(name);
    }
    fn advance(&self, bytes: u64, records: u64) {
        self.0.set_position(bytes);
        let _ = records;
    }
}

pub fn list_formats() -> anyhow::Result<ExitCode> {
    for f in silkport_ingest::formats::ALL {
        println!("{:<18} {}", f.name(), f.describe());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(store: Box<dyn Store>, index: Option<IndexFeed>, paths: &[PathBuf], json: bool) -> anyhow::Result<ExitCode> {
    let files = run::expand(paths)?;
    let mut loader = StoreLoader { store, index };
    let bar = Bar::new();
    let summary = run::ingest(&files, &mut loader, &bar);
    loader.finish()?;
    let summary = summary?;
    bar.finish();
    if json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        render::ingest_summary(&summary);
    }
    let explicit_failures = summary.file_reports.iter().any(|f| f.error.is_some());
    Ok(if summary.failed > 0 || explicit_failures { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
