//! `silkport demo`: generate the synthetic world, load it through the normal ingest
//! path (same batching and reconciliation as office data), then show what is there.

use super::ingest::{Bar, IndexFeed};
use super::StoreLoader;
use crate::render;
use silkport_portal::load::load_demo;
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
    let counts = load_demo(&mut loader, size, seed, &bar).map_err(anyhow::Error::msg)?;
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
