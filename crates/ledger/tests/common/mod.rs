//! Loading real office data into a temporary registry, as `silkport ingest` does.

use silkport_ingest::run::{expand, ingest, LoadCounts, Loader, Quiet};
use silkport_ingest::{shared_data, Item};
use silkport_store::{Incoming, SqliteStore, Store};
use std::path::Path;

/// The USPTO assignment and PEDS files that carry transfers, security interests and
/// releases.
pub const HISTORY: &[&str] = &[
    "patents/us_assignments_ip_transfer",
    "rights/uspto_assignment_api_sample",
    "rights/uspto_peds_legal_events_sample",
];

struct StoreLoader<'a>(&'a mut dyn Store);

impl Loader for StoreLoader<'_> {
    type Prepared = Item;

    fn prepare(item: Item) -> Option<Item> {
        Some(item)
    }

    fn load(&mut self, batch: Vec<Item>) -> Result<LoadCounts, String> {
        let incoming = batch
            .into_iter()
            .filter_map(|i| match i {
                Item::Right(r) => Some(Incoming::Right(r)),
                Item::Event(e) => Some(Incoming::Event(e)),
                Item::Reference(r) => Some(Incoming::Reference(r)),
                Item::Skipped(_) => None,
            })
            .collect();
        self.0.apply(incoming).map_err(|e| e.to_string())?;
        Ok(LoadCounts::default())
    }
}

pub fn load(store: &mut dyn Store, rel: &[&str]) {
    let files = expand(&rel.iter().map(|r| shared_data().join(r)).collect::<Vec<_>>()).unwrap();
    ingest(&files, &mut StoreLoader(store), &Quiet).unwrap();
}

pub fn registry(dir: &Path) -> Box<dyn Store> {
    Box::new(SqliteStore::open_dir(dir).unwrap())
}
