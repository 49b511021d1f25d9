//! Crash test: a child process appends from several threads and publishes checkpoints, and
//! is killed with SIGKILL at a random moment, several times over. After each kill the log is
//! reopened and must hold every entry the child was told was durable, with the same bytes,
//! be consistent (every hash recomputed from the entries), and have a checkpoint no smaller
//! than any the child saw published. The child is this same test binary, run with
//! SILKPORT_TLOGSTORE_CRASH_CHILD set to the log directory; it prints `ack <index> <entry>`
//! after each durable append and `cp <size>` after each published checkpoint.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use silkport_demo::Rng;
use silkport_tlogstore::{Log, LogOptions};

const CHILD_ENV: &str = "SILKPORT_TLOGSTORE_CRASH_CHILD";
const ROUNDS: u64 = 12;

/// The child's work; a no-op (passing) test when run normally.
#[test]
fn crash_child() {
    let Ok(dir) = std::env::var(CHILD_ENV) else { return };
    let round: u64 = std::env::var("CRASH_ROUND").unwrap().parse().unwrap();
    let log = Arc::new(Log::open(dir.as_ref(), LogOptions { checkpoint_interval: None }).unwrap());
    let deadline = Instant::now() + Duration::from_secs(20); // never outlive a stuck parent
    let writers: Vec<_> = (0..4u64)
        .map(|t| {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                let mut seq = 0u64;
                while Instant::now() < deadline {
                    let n = 1 + (seq * 7 + t) % 5;
                    let entries: Vec<String> = (0..n).map(|k| format!("r{round}-t{t}-s{seq}-k{k}")).collect();
                    let range = log.append_batch(&entries).unwrap();
                    let mut out = std::io::stdout().lock();
                    for (i, e) in range.zip(&entries) {
                        writeln!(out, "ack {i} {e}").unwrap();
                    }
                    seq += 1;
                }
            })
        })
        .collect();
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(15));
        let cp = log.publish_checkpoint().unwrap();
        writeln!(std::io::stdout().lock(), "cp {}", cp.checkpoint.size).unwrap();
    }
    for w in writers {
        w.join().unwrap();
    }
}

#[test]
fn acknowledged_entries_survive_sigkill() {
    if std::env::var(CHILD_ENV).is_ok() {
        return;
    }
    let mut rng = Rng::replayable("crash test");
    let dir = tempfile::tempdir().unwrap();
    drop(Log::create(dir.path(), "ipport.example/crash-test", LogOptions { checkpoint_interval: None }).unwrap());

    let mut acked: BTreeMap<u64, String> = BTreeMap::new();
    let mut highest_checkpoint = 0;
    for round in 0..ROUNDS {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, dir.path())
            .env("CRASH_ROUND", round.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Kill after a random number of acknowledgements and a random extra delay, so the
        // kill lands anywhere: mid-write, mid-fsync, mid-checkpoint; every fourth round
        // right after start, during recovery.
        let wanted_acks = if round % 4 == 3 { 0 } else { 50 + rng.below(1500) };
        let mut lines = Vec::new();
        let started = Instant::now();
        while lines.iter().filter(|l: &&String| l.starts_with("ack")).count() < wanted_acks as usize
            && started.elapsed() < Duration::from_secs(10)
        {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(line) => lines.push(line),
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => panic!("child exited early in round {round}"),
            }
        }
        std::thread::sleep(Duration::from_micros(rng.below(20_000)));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        lines.extend(rx.try_iter());

        for line in &lines {
            let mut parts = line.splitn(3, ' ');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("ack"), Some(i), Some(e)) => {
                    let prev = acked.insert(i.parse().unwrap(), e.to_string());
                    assert!(prev.is_none(), "index {i} acknowledged twice");
                }
                (Some("cp"), Some(size), None) => highest_checkpoint = highest_checkpoint.max(size.parse().unwrap()),
                _ => {}
            }
        }

        let log = Log::open(dir.path(), LogOptions { checkpoint_interval: None }).unwrap();
        let size = log.size();
        let cp = log.checkpoint().checkpoint;
        assert!(
            cp.size >= highest_checkpoint,
            "round {round}: checkpoint went back from {highest_checkpoint} to {}",
            cp.size
        );
        highest_checkpoint = cp.size;
        if let Some((&last, _)) = acked.last_key_value() {
            assert!(size > last, "round {round}: acknowledged entry {last} lost (log has {size})");
        }
        for (&i, e) in &acked {
            assert_eq!(log.entry(i).unwrap(), e.as_bytes(), "round {round}: entry {i}");
        }
        log.verify().unwrap_or_else(|e| panic!("round {round}: {e}"));
        println!("round {round}: {} acknowledged, log size {size}, checkpoint {}", acked.len(), cp.size);
    }
    assert!(acked.len() as u64 >= ROUNDS / 2 * 50);
}
