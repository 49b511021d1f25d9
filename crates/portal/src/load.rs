//! Loading into the registry and the search index together: the `Loader` that `silkport
//! ingest`, `silkport demo`, `serve --demo` and the portal's ingest jobs share. Each batch
//! is one store transaction; the stored (merged) versions of its rights then go to the index,
//! which commits every 50,000 rights or 30 s and at the end of a run.

use silkport_demo::World;
use silkport_ingest::run::{LoadCounts, Loader, Progress, BATCH};
use silkport_ingest::Item;
use silkport_model::Right;
use silkport_search::{RightSink, SearchError};
use silkport_store::{Incoming, Store};
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
    type Prepared = Incoming;

    fn prepare(item: Item) -> Option<Incoming> {
        to_incoming(item).map(Incoming::prepare)
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
    pub fn finish(&mut self) -> Result<(), String> {
        if let Some(index) = self.index.as_mut() {
            index.finish().map_err(|e| {
                format!("the registry is updated but the search index is not ({e}): run `silkport reindex`")
            })?;
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

/// Generates the demo world of `size` rights from `seed` and loads it through `loader`, in
/// ingest-sized batches; progress counts rights (as both "bytes" and records).
pub fn load_demo(
    loader: &mut StoreLoader,
    size: u64,
    seed: u64,
    progress: &dyn Progress,
) -> Result<LoadCounts, String> {
    progress.start(size);
    let mut counts = LoadCounts::default();
    let mut batch = Vec::with_capacity(BATCH);
    for (n, right) in World::new(seed).rights(size).enumerate() {
        batch.extend(StoreLoader::prepare(Item::Right(Box::new(right))));
        if batch.len() == BATCH {
            counts.add(loader.load(std::mem::take(&mut batch))?);
            progress.advance(n as u64 + 1, n as u64 + 1);
        }
    }
    counts.add(loader.load(batch)?);
    progress.advance(size, size);
    loader.finish()?;
    Ok(counts)
}
