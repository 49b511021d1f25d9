//! Helpers the integration tests share (each test file that needs them has `mod common;`).

use silkport_ingest::{input, shared_data, Format};
use std::path::{Path, PathBuf};

/// Every file under the shared data that `format` sniffs as its own, whatever the
/// detection order: paths relative to the shared data, sorted.
pub fn claimed_by(format: &dyn Format) -> Vec<String> {
    let mut files = Vec::new();
    walk(&shared_data(), &mut files);
    let mut claimed: Vec<String> = files
        .iter()
        .filter(|p| {
            let head = input::head(p, 8192).unwrap();
            format.sniff(&input::plain_name(p), &head)
        })
        .map(|p| p.strip_prefix(shared_data()).unwrap().display().to_string())
        .collect();
    claimed.sort();
    claimed
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            walk(&p, out)
        } else {
            out.push(p)
        }
    }
}
