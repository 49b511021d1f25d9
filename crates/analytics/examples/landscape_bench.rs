//! Benchmark: a full landscape (every patent in the registry as the set, and as the
//! baseline) over an existing registry, timed, with the process's peak memory.
//!
//! `cargo run --release -p silkport-analytics --example landscape_bench -- DATA_DIR [REGION]`
//! With a region (e.g. Gansu) the set is that region and the baseline the nation.

/// As in the `silkport` binary: pages are allocated on the reader thread and freed on
/// the counting thread, which glibc's allocator serialises on an arena lock.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use silkport_analytics::landscape::{self, Spec};
use silkport_analytics::Filter;
use std::time::Instant;

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().ok_or("usage: landscape_bench DATA_DIR [REGION]")?;
    let spec = match args.next() {
        Some(region) => Spec { set: Filter::all().with_region(&region)?, base: Filter::nation() },
        None => Spec { set: Filter::all(), base: Filter::all() },
    };
    let mut store = silkport_store::open(std::path::Path::new(&dir), None)?;
    let started = Instant::now();
    let l = landscape::from_store(store.as_mut(), &spec)?;
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "landscape: {} rights scanned, {} documents / {} applications in the set, {} applicants, {:.2} s, peak RSS {:.0} MB",
        l.scope.scanned,
        l.scope.documents,
        l.scope.applications,
        l.applicants.len(),
        seconds,
        peak_rss_mb().unwrap_or(f64::NAN)
    );
    for a in l.applicants.iter().take(5) {
        println!("  {:>6}  {}", a.count, a.name);
    }
    Ok(())
}
