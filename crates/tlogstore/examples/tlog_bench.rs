//! Transparency-log benchmarks (docs/benchmarks.md, "Transparency log"). Run in release:
//!
//!     cargo run --release -p silkport-tlogstore --example tlog_bench [-- MAX_ENTRIES]
//!
//! 1. Durable appends per second: one caller with batches of 1, 16 and 256 entries, then
//!    group commit with 8, 64 and 256 threads each appending one entry at a time (every
//!    acknowledgement waits for the fsync of the group its entry was written in).
//! 2. One real log grown to MAX_ENTRIES (default 10^7) with durable batches of 10,000; at
//!    10^4, 10^5, 10^6 and 10^7 entries: build rate, files' size, inclusion and consistency
//!    proof time and size (10,000 random proofs each, from the hashes file through the page
//!    cache), and tile serving (random full level-0 tiles, level-1 tiles and entry bundles
//!    read from disk, one and two threads).
//!
//! Entries are canonical ledger entries of about 260 bytes. The log lives in a temporary
//! directory under $TMPDIR, removed at the end.

use std::sync::Arc;
use std::time::{Duration, Instant};

use silkport_demo::Rng;
use silkport_tlog::{check_inclusion, leaf_hash, Entry, EntryBundle, EntryParty, Hash, Tile};
use silkport_tlogstore::{Log, LogOptions};

fn entry(i: u64) -> Vec<u8> {
    let e = Entry {
        right: format!("CN99{i:010}U"),
        event: ["transfer", "licence", "pledge", "release", "status"][(i % 5) as usize].into(),
        date: format!("20{:02}-{:02}-{:02}", 10 + i % 15, 1 + i % 12, 1 + i % 28),
        reference: Some(format!("demo:{i:012}")),
        parties: vec![
            EntryParty { role: "assignor".into(), name: format!("深圳市第{}科技有限公司", i % 9973) },
            EntryParty { role: "assignee".into(), name: format!("Example Holdings {} Ltd", i % 7919) },
        ],
        attrs: vec![],
        docs: vec![leaf_hash(&i.to_be_bytes())],
    };
    e.encode().expect("valid entry")
}

fn manual() -> LogOptions {
    LogOptions { checkpoint_interval: None }
}

fn main() {
    let max: u64 = std::env::args().nth(1).map_or(10_000_000, |s| s.parse().expect("MAX_ENTRIES"));
    println!("## durable appends");
    sequential_appends();
    group_commit();
    println!("\n## growth to {max} entries");
    growth(max);
}

fn sequential_appends() {
    for (batch, total) in [(1u64, 1_000u64), (16, 16_000), (256, 256_000)] {
        let dir = tempfile::tempdir().unwrap();
        let log = Log::create(dir.path(), "bench.example/log", manual()).unwrap();
        let entries: Vec<Vec<u8>> = (0..total).map(entry).collect();
        let t = Instant::now();
        for chunk in entries.chunks(batch as usize) {
            log.append_batch(chunk).unwrap();
        }
        let s = t.elapsed().as_secs_f64();
        println!(
            "one caller, batches of {batch:>3}: {total:>7} entries in {s:.2} s = {:>7.0} appends/s, {:.2} ms per commit",
            total as f64 / s,
            s * 1000.0 / (total / batch) as f64
        );
    }
}

fn group_commit() {
    for threads in [8u64, 64, 256] {
        let dir = tempfile::tempdir().unwrap();
        let log = Arc::new(Log::create(dir.path(), "bench.example/log", LogOptions::default()).unwrap());
        let run = Duration::from_secs(5);
        let t = Instant::now();
        let handles: Vec<_> = (0..threads)
            .map(|th| {
                let log = Arc::clone(&log);
                std::thread::spawn(move || {
                    let mut n = 0u64;
                    let mut worst = Duration::ZERO;
                    while t.elapsed() < run {
                        let a = Instant::now();
                        log.append_batch(&[entry(th * 1_000_000 + n)]).unwrap();
                        worst = worst.max(a.elapsed());
                        n += 1;
                    }
                    (n, worst)
                })
            })
            .collect();
        let results: Vec<(u64, Duration)> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let s = t.elapsed().as_secs_f64();
        let total: u64 = results.iter().map(|r| r.0).sum();
        let worst = results.iter().map(|r| r.1).max().unwrap();
        println!(
            "group commit, {threads:>3} threads x 1 entry: {total:>7} in {s:.2} s = {:>7.0} durable appends/s (slowest ack {:.1} ms)",
            total as f64 / s,
            worst.as_secs_f64() * 1000.0
        );
        log.verify().unwrap();
    }
}

fn growth(max: u64) {
    let dir = tempfile::tempdir().unwrap();
    let log = Log::create(dir.path(), "bench.example/log", manual()).unwrap();
    let mut rng = Rng::new(0x9E37_79B9_7F4A_7C15);
    let (mut size, mut milestone) = (0u64, 10_000u64);
    let started = Instant::now();
    while milestone <= max {
        let t = Instant::now();
        while size < milestone {
            let end = (size + 10_000).min(milestone);
            let batch: Vec<Vec<u8>> = (size..end).map(entry).collect();
            log.append_batch(&batch).unwrap();
            size = end;
        }
        let cp = log.publish_checkpoint().unwrap().checkpoint;
        let step = t.elapsed().as_secs_f64();
        let disk: u64 =
            ["entries", "index", "hashes"].iter().map(|f| std::fs::metadata(dir.path().join(f)).unwrap().len()).sum();
        println!(
            "\n### {size} entries: built in {:.1} s total ({:.0} appends/s in the last step), {:.1} MB on disk",
            started.elapsed().as_secs_f64(),
            (size - size / 10 * (size > 10_000) as u64) as f64 / step,
            disk as f64 / 1e6
        );
        proofs(&log, &cp.hash, size, &mut rng);
        tiles(&log, size, &mut rng);
        milestone *= 10;
    }
}

fn proofs(log: &Log, root: &Hash, size: u64, rng: &mut Rng) {
    const N: usize = 10_000;
    let mut times = Vec::with_capacity(N);
    let mut hashes = 0;
    for _ in 0..N {
        let i = rng.below(size);
        let t = Instant::now();
        let p = log.prove_inclusion(i, size).unwrap();
        times.push(t.elapsed());
        hashes = hashes.max(p.len());
        if times.len() % 1000 == 0 {
            check_inclusion(&p, size, root, i, &leaf_hash(&entry(i))).unwrap();
        }
    }
    report("inclusion proof", &mut times, hashes);
    let mut times = Vec::with_capacity(N);
    let mut hashes = 0;
    for _ in 0..N {
        let old = 1 + rng.below(size - 1);
        let t = Instant::now();
        let p = log.prove_consistency(old, size).unwrap();
        times.push(t.elapsed());
        hashes = hashes.max(p.len());
    }
    report("consistency proof", &mut times, hashes);
}

fn report(what: &str, times: &mut [Duration], max_hashes: usize) {
    times.sort();
    let mean = times.iter().sum::<Duration>().as_secs_f64() / times.len() as f64;
    let p99 = times[times.len() * 99 / 100].as_secs_f64();
    println!(
        "{what}: mean {:.1} µs, p99 {:.1} µs, max {:.1} µs; size up to {max_hashes} hashes = {} bytes",
        mean * 1e6,
        p99 * 1e6,
        times[times.len() - 1].as_secs_f64() * 1e6,
        max_hashes * 32
    );
}

/// What is read, how to read resource `n` (returning its size in bytes), how many exist.
type TileKind<'a> = (&'static str, Box<dyn Fn(u64) -> usize + Sync + 'a>, u64);

fn tiles(log: &Log, size: u64, rng: &mut Rng) {
    let full0 = size / 256;
    let full1 = size / 65_536;
    let mut kinds: Vec<TileKind> = vec![
        ("level-0 tiles", Box::new(|n| log.tile(&Tile::new(0, n, 256)).unwrap().len()), full0),
        ("entry bundles", Box::new(|n| log.entry_bundle(&EntryBundle { n, width: 256 }).unwrap().len()), full0),
    ];
    if full1 > 0 {
        kinds.push(("level-1 tiles", Box::new(|n| log.tile(&Tile::new(1, n, 256)).unwrap().len()), full1));
    }
    for (what, read, count) in &kinds {
        for threads in [1u64, 2] {
            let picks: Vec<Vec<u64>> = (0..threads).map(|_| (0..2000).map(|_| rng.below(*count)).collect()).collect();
            let t = Instant::now();
            let bytes: usize = std::thread::scope(|s| {
                let hs: Vec<_> = picks.iter().map(|p| s.spawn(|| p.iter().map(|&n| read(n)).sum::<usize>())).collect();
                hs.into_iter().map(|h| h.join().unwrap()).sum()
            });
            let secs = t.elapsed().as_secs_f64();
            println!(
                "{what}, {threads} thread(s): {:.0} per second, {:.0} MB/s",
                (2000 * threads) as f64 / secs,
                bytes as f64 / secs / 1e6
            );
        }
    }
}
