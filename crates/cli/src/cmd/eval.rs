//! `silkport eval`: retrieval quality on the dev sets in the shared data directory, for the
//! system and the plain BM25 baseline (see docs/search-quality.md).

use silkport_model::Right;
use silkport_search::eval;
use silkport_search::Dictionary;
use std::path::Path;
use std::process::ExitCode;

pub fn run(data: &Path, shared: &Path, json: bool) -> anyhow::Result<ExitCode> {
    if !shared.join("eval").is_dir() {
        anyhow::bail!("no eval/ directory in {} (pass --shared with the shared data directory)", shared.display());
    }
    let dict = Dictionary::with_user_files(&silkport_search::terms_dir(data))?;
    let reports = eval::run_all(shared, &load, &dict)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
    } else {
        print!("{}", eval::markdown(&reports));
    }
    Ok(ExitCode::SUCCESS)
}

/// Every right in the files under `path`, read with the ingest parsers.
fn load(path: &Path) -> Vec<Right> {
    let Ok(files) = silkport_ingest::run::expand(&[path.to_path_buf()]) else { return Vec::new() };
    let mut out = Vec::new();
    for (file, _) in files {
        if let Ok(c) = silkport_ingest::collect(&file) {
            out.extend(c.rights().cloned());
        }
    }
    out
}
