//! Benchmark of the ledger (docs/benchmarks.md, "Transparency log"): sync throughput from a
//! registry holding the synthetic demo world (its grants and registrations, transfers,
//! licences and pledges become entries), and the time to build and to verify a receipt.
//!
//! `cargo run --release -p silkport-ledger --example ledger_bench -- [RIGHTS]`

use std::time::Instant;

use silkport_ledger::receipt::{verify, Trust};
use silkport_ledger::{Ledger, DEFAULT_ORIGIN};
use silkport_store::{Incoming, SqliteStore, Store};

fn main() {
    let rights: u64 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store: Box<dyn Store> = Box::new(SqliteStore::open_dir(dir.path()).expect("registry"));
    let world = silkport_demo::World::new(2018);
    let started = Instant::now();
    let mut batch = Vec::new();
    for r in world.rights(rights) {
        batch.push(Incoming::Right(Box::new(r)));
        if batch.len() == 2_000 {
            store.apply(std::mem::take(&mut batch)).expect("load");
        }
    }
    store.apply(batch).expect("load");
    let pending = store.ledger_pending_count().expect("count");
    println!(
        "registry: {rights} demo rights loaded in {:.1} s, {pending} changes queued",
        started.elapsed().as_secs_f64()
    );

    let ledger = Ledger::init(&Ledger::dir_in(dir.path()), DEFAULT_ORIGIN).expect("ledger");
    let report = ledger.sync(store.as_mut()).expect("sync");
    println!(
        "sync: {} entries appended in {:.2} s = {:.0} entries/s ({} changes not logged); tree {}",
        report.appended,
        report.seconds,
        report.appended as f64 / report.seconds,
        report.not_logged,
        report.tree_size
    );
    let again = ledger.sync(store.as_mut()).expect("sync");
    println!("second sync (nothing queued): {:.3} s", again.seconds);

    let n = 1_000.min(report.tree_size);
    let step = (report.tree_size / n).max(1);
    let started = Instant::now();
    let receipts: Vec<_> =
        (0..n).map(|i| ledger.receipt(store.as_mut(), &(i * step).to_string()).expect("receipt")).collect();
    let made = started.elapsed();
    let trust = Trust { log_keys: ledger.log_verifiers().expect("keys"), witnesses: vec![], quorum: 0 };
    let started = Instant::now();
    for r in &receipts {
        verify(r, &trust).expect("verifies");
    }
    let verified = started.elapsed();
    let bytes: usize = receipts.iter().map(|r| serde_json::to_vec(r).expect("json").len()).sum();
    println!(
        "receipts: {n} built in {:.1} µs each, verified in {:.1} µs each (entry parse, checkpoint signature, \
         inclusion proof); {:.0} bytes each on average",
        made.as_secs_f64() * 1e6 / n as f64,
        verified.as_secs_f64() * 1e6 / n as f64,
        bytes as f64 / n as f64
    );
}
