//! `silkport reindex`: rebuild the search index from the registry, streaming the rights in
//! id order a page at a time. Searches see the old index until the final commit, which
//! leaves the index as one segment (the fastest to query).

use silkport_search::{RightSink, SearchError, SearchIndex};
use silkport_store::Store;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// Rights read from the registry per page.
const PAGE: usize = 2000;

pub fn run(mut store: Box<dyn Store>, dir: &Path, json: bool) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    // An index of an older schema cannot be opened: start it afresh.
    let index = match SearchIndex::open(dir) {
        Ok(i) => i,
        Err(SearchError::Version { .. } | SearchError::Schema { .. }) => SearchIndex::recreate(dir)?,
        Err(e) => return Err(e.into()),
    };
    let mut writer = index.writer()?;
    writer.clear()?;
    let mut after: Option<String> = None;
    let mut count = 0usize;
    loop {
        let page = store.rights_page(after.as_deref(), PAGE)?;
        let Some(last) = page.last() else { break };
        after = Some(last.id.to_string());
        writer.put(&page)?;
        count += page.len();
    }
    writer.commit_merged()?;
    let seconds = started.elapsed().as_secs_f64();
    if json {
        println!("{}", serde_json::json!({ "indexed": count, "seconds": seconds, "index": dir.display().to_string() }));
    } else {
        println!("indexed {count} rights in {seconds:.1} s into {}", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}
