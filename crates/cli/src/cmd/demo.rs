//! `silkport demo`: generate the synthetic world, load it through the normal ingest
//! path (same batching and reconciliation as office data), then show what is there.

use super::ingest::{Bar, IndexFeed};
use super::StoreLoader;
use crate::render;
use silkport_demo::World;
use silkport_ingest::run::{LoadCounts, Loader, Progress, BATCH};
use silkport_ingest::Item;
use silkport_store::Store;
use std::process::ExitCode;
use std::time::Instant;

pub fn run(
    store: Box<dyn Store>,
    index: Option<IndexFeed>,
    size: u64,
    seed: u64,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let mut loader = StoreLoader { store, index };
    let bar = Bar::new();
    bar.start(size);
    let world = World::new(seed);
    let mut counts = LoadCounts::default();
    let mut batch = Vec::with_capacity(BATCH);
    for (n, right) in world.rights(size).enumerate() {
        batch.push(Item::Right(Box::new(right)));
        if batch.len() == BATCH {
            counts.add(loader.load(StoreLoader::prepare(std::mem::take(&mut batch))).map_err(anyhow::Error::msg)?);
            bar.advance(n as u64 + 1, n as u64 + 1);
        }
    }
    counts.add(loader.load(StoreLoader::prepare(batch)).map_err(anyhow::Error::msg)?);
    loader.finish()?;
    bar.finish();
    let seconds = started.elapsed().as_secs_f64();
    let stats = loader.store.stats()?;
    if json {
        let out = serde_json::json!({ "size": size, "seed": seed, "seconds": seconds, "load": counts, "stats": stats });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!("demo world: {size} synthetic rights (seed {seed}) loaded in {seconds:.1} s");
        println!(
            "  records: {} new, {} updated, {} unchanged (rights and their events)\n",
            counts.loaded, counts.updated, counts.unchanged
        );
        render::stats(&stats, loader.store.backend());
    }
    Ok(ExitCode::SUCCESS)
}
