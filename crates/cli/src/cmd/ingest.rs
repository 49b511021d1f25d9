//! `silkport ingest`: stream files into the registry with a progress bar and a summary.

use crate::render;
use indicatif::{ProgressBar, ProgressStyle};
use silkport_ingest::run::{self, Progress};
pub use silkport_portal::load::{IndexFeed, StoreLoader};
use silkport_store::Store;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    loader.finish().map_err(anyhow::Error::msg)?;
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
