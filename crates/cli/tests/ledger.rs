//! The ledger end to end, with real processes: `silkport ledger sync` killed with SIGKILL
//! at random moments and restarted; a witness following a real `silkport serve-log` on
//! loopback through several appends, its cosignature reaching a receipt; and the witness's
//! alarms on a split view and on a rollback.

use silkport_demo::Rng;
use silkport_ledger::{Ledger, DEFAULT_ORIGIN};
use silkport_tlog::Entry;
use silkport_tlogstore::{Log, LogOptions};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn data(rel: &str) -> PathBuf {
    silkport_ingest::shared_data().join(rel)
}

fn silkport(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_silkport")).arg("--data").arg(dir).args(args).output().expect("run silkport")
}

fn ok(out: Output) -> String {
    assert!(out.status.success(), "{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json(out: Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).unwrap()
}

fn ingest(dir: &Path, rels: &[&str]) {
    let paths: Vec<String> = rels.iter().map(|r| data(r).display().to_string()).collect();
    let mut args = vec!["ingest"];
    args.extend(paths.iter().map(String::as_str));
    ok(silkport(dir, &args));
}

/// (reference, index, leaf) of every entry the registry has recorded as logged.
fn recorded(dir: &Path) -> Vec<(String, u64, String)> {
    let sql = rusqlite::Connection::open(dir.join("registry.sqlite")).unwrap();
    let mut stmt = sql.prepare("SELECT ref, log_index, leaf FROM ledger_entries").unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64, r.get(2)?))).unwrap();
    rows.map(Result::unwrap).collect()
}

/// `silkport ledger sync` of the real USPTO history (about 7,000 entries, batches of 40)
/// killed with SIGKILL at random moments, then restarted: every entry the registry recorded
/// as logged is in the log with the same leaf hash, the tree recomputes, checkpoints never
/// go back, and the final sync leaves the registry and the log in agreement with each
/// change logged exactly once.
#[test]
fn ledger_sync_survives_sigkill_and_reconciles() {
    let mut rng = Rng::replayable("ledger crash test");
    let dir = tempfile::tempdir().unwrap();
    ingest(
        dir.path(),
        &[
            "patents/us_assignments_ip_transfer",
            "rights/uspto_assignment_api_sample",
            "rights/uspto_peds_legal_events_sample",
        ],
    );
    ok(silkport(dir.path(), &["ledger", "init"]));
    let log_dir = Ledger::dir_in(dir.path()).join("log");
    let mut highest_checkpoint = 0;
    let mut kills = 0;
    for round in 0..8 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_silkport"))
            .arg("--data")
            .arg(dir.path())
            .args(["ledger", "sync", "--batch", "40"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(20 + rng.below(200)));
        if child.try_wait().unwrap().is_none() {
            kills += 1;
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        let acknowledged = recorded(dir.path());
        let log = Log::open(&log_dir, LogOptions { checkpoint_interval: None }).unwrap();
        log.verify().unwrap_or_else(|e| panic!("round {round}: {e}"));
        let cp = log.checkpoint().checkpoint.size;
        assert!(cp >= highest_checkpoint, "round {round}: checkpoint went back from {highest_checkpoint} to {cp}");
        highest_checkpoint = cp;
        for (reference, index, leaf) in &acknowledged {
            let bytes = log.entry(*index).unwrap_or_else(|e| panic!("round {round}: entry {index} lost: {e}"));
            assert_eq!(&silkport_tlog::leaf_hash(&bytes).to_hex(), leaf, "round {round}: {reference}");
        }
        println!("round {round}: {} recorded, log {} entries, checkpoint {cp}", acknowledged.len(), log.size());
    }
    assert!(kills >= 4, "the syncs ended before they could be killed ({kills} kills)");
    let done = json(silkport(dir.path(), &["ledger", "sync", "--json"]));
    assert_eq!(done["refused"], 0);
    let log = Log::open(&log_dir, LogOptions { checkpoint_interval: None }).unwrap();
    let size = log.size();
    let mut refs: Vec<String> =
        log.entries_range(0..size).unwrap().iter().map(|b| Entry::decode(b).unwrap().reference.unwrap()).collect();
    refs.sort();
    let distinct = {
        let mut d = refs.clone();
        d.dedup();
        d.len()
    };
    assert_eq!(distinct, refs.len(), "a change was logged twice");
    assert_eq!(recorded(dir.path()).len(), refs.len());
    drop(log);
    let audit = silkport(dir.path(), &["audit", "--json"]);
    let report = json(audit);
    assert_eq!(report["divergences"], serde_json::json!([]), "{report}");
    assert_eq!(report["matching"].as_u64().unwrap(), size);
}

/// A running `silkport serve-log` or `silkport witness --listen`, killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve_log(dir: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_silkport"))
        .arg("--data")
        .arg(dir)
        .args(["serve-log", "--addr", "127.0.0.1:0", "--sync-interval-ms", "100"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("serving the log at ").unwrap_or_else(|| panic!("{line:?}")).to_string();
    Server { child, url }
}

fn checkpoint_size(url: &str) -> u64 {
    let text = ureq::get(&format!("{url}/checkpoint")).call().unwrap().body_mut().read_to_string().unwrap();
    text.lines().nth(1).unwrap().parse().unwrap()
}

fn witness(state: &Path, url: &str, log_key: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_silkport"))
        .args(["witness", "--once", "--name", "witness.test/partner-office", "--log", url, "--log-key"])
        .arg(log_key)
        .arg("--state")
        .arg(state)
        .output()
        .unwrap()
}

fn wait_for_size(url: &str, at_least: u64) -> u64 {
    let started = Instant::now();
    loop {
        let size = checkpoint_size(url);
        if size >= at_least {
            return size;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "the log stayed at {size}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A witness (restarted for each poll, so its state must persist) follows a real server
/// through several appends; the log keeps its cosignature, and a receipt verifies with a
/// quorum of one witness.
#[test]
fn witness_follows_a_real_server_through_appends() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("witness");
    let log_dir = Ledger::dir_in(dir.path()).join("log");
    ok(silkport(dir.path(), &["ledger", "init", "--origin", "ipport.test/ledger"]));
    // The witness's key exists before the server starts, so the server can trust it.
    drop(silkport_witness::WitnessState::open(&state, "witness.test/partner-office").unwrap());
    let witness_pub = state.join("witness.pub");
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(state.join("witness.key")).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);
    let server = serve_log(dir.path(), &["--witness-key", witness_pub.to_str().unwrap()]);
    let mut last = 0;
    for (i, rel) in [
        "patents/us_assignments_ip_transfer/raw_xml_solr/TestAssignment.test_get_assignment__0.xml",
        "patents/us_assignments_ip_transfer/raw_xml_solr/assignment_2.xml",
        "patents/us_assignments_ip_transfer/raw_xml_solr/TestAssignment.test_slice_assignments__1.xml.gz",
        "patents/us_assignments_ip_transfer/raw_xml_solr/TestAssignment.test_fetch_assignments_by_patent__1.xml.gz",
    ]
    .iter()
    .enumerate()
    {
        ingest(dir.path(), &[rel]);
        let size = wait_for_size(&server.url, last + 1);
        let out = ok(witness(&state, &server.url, &log_dir.join("log.pub")));
        let expected = if i == 0 { "cosigned first checkpoint" } else { "consistent with" };
        assert!(out.contains(expected) && out.contains("cosignature sent to the log"), "{out}");
        assert!(out.contains(&format!("size {size}")), "{out}");
        last = size;
    }
    let again = ok(witness(&state, &server.url, &log_dir.join("log.pub")));
    assert!(again.contains(&format!("unchanged at size {last}")), "{again}");
    let served = ureq::get(&format!("{}/checkpoint", server.url)).call().unwrap().body_mut().read_to_string().unwrap();
    assert!(served.contains("— witness.test/partner-office "), "{served}");
    // Tiles and entry bundles are served under the C2SP paths.
    let bundle = ureq::get(&format!("{}/tile/entries/000.p/{}", server.url, last.min(255)))
        .call()
        .unwrap()
        .body_mut()
        .read_to_vec()
        .unwrap();
    assert_eq!(silkport_tlog::decode_bundle(&bundle).unwrap().len() as u64, last.min(255));
    assert_eq!(ureq::get(&format!("{}/tile/0/999", server.url)).call().unwrap_err().to_string(), "http status: 404");

    let receipt = dir.path().join("r.json");
    ok(silkport(dir.path(), &["receipt", "0", "--out", receipt.to_str().unwrap()]));
    let log_pub = log_dir.join("log.pub");
    let verify = |quorum: &str| {
        silkport(
            dir.path(),
            &[
                "verify",
                receipt.to_str().unwrap(),
                "--log-key",
                log_pub.to_str().unwrap(),
                "--witness-key",
                witness_pub.to_str().unwrap(),
                "--quorum",
                quorum,
            ],
        )
    };
    let verified = ok(verify("1"));
    assert!(verified.contains("witness    witness.test/partner-office+"), "{verified}");
    assert_eq!(verify("2").status.code(), Some(1));
    drop(server);
}

/// A witness answering C2SP tlog-witness add-checkpoint requests, following no reachable log.
fn push_witness(state: &Path, log_key: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_silkport"))
        .args(["witness", "--name", "witness.test/partner-office", "--log", "http://127.0.0.1:9"])
        .args(["--interval-ms", "3600000", "--listen", "127.0.0.1:0", "--log-key"])
        .arg(log_key)
        .arg("--state")
        .arg(state)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let url = line.trim().strip_prefix("witness answering add-checkpoint at ").unwrap_or_else(|| panic!("{line:?}"));
    Server { url: url.to_string(), child }
}

/// Waits until the served checkpoint has at least `at_least` entries and carries the
/// witness's cosignature; returns its size.
fn wait_for_cosigned(url: &str, at_least: u64) -> u64 {
    let started = Instant::now();
    loop {
        let text = ureq::get(&format!("{url}/checkpoint")).call().unwrap().body_mut().read_to_string().unwrap();
        let size: u64 = text.lines().nth(1).unwrap().parse().unwrap();
        if size >= at_least && text.contains("\n— witness.test/partner-office ") {
            return size;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "no cosigned checkpoint of size {at_least}: {text}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Push witnessing (C2SP tlog-witness, the log's side): `serve-log --push-witness` sends each
/// new checkpoint with a consistency proof to a witness's add-checkpoint endpoint and serves
/// the cosigned checkpoint. A restarted log does not know what the witness cosigned: the
/// witness's 409 answer tells it, and the retry with a proof from that size succeeds.
#[test]
fn log_pushes_checkpoints_to_a_witness() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("witness");
    let log_pub = Ledger::dir_in(dir.path()).join("log/log.pub");
    ok(silkport(dir.path(), &["ledger", "init", "--origin", "ipport.test/ledger"]));
    drop(silkport_witness::WitnessState::open(&state, "witness.test/partner-office").unwrap());
    let witness_pub = state.join("witness.pub");
    let witness = push_witness(&state, &log_pub);
    let files = [
        "patents/us_assignments_ip_transfer/raw_xml_solr/TestAssignment.test_get_assignment__0.xml",
        "patents/us_assignments_ip_transfer/raw_xml_solr/assignment_2.xml",
        "patents/us_assignments_ip_transfer/raw_xml_solr/TestAssignment.test_slice_assignments__1.xml.gz",
    ];
    let args = ["--witness-key", witness_pub.to_str().unwrap(), "--push-witness", &witness.url];
    ingest(dir.path(), &[files[0]]);
    let server = serve_log(dir.path(), &args);
    let first = wait_for_cosigned(&server.url, 1);
    ingest(dir.path(), &[files[1]]);
    let second = wait_for_cosigned(&server.url, first + 1);
    drop(server);
    ingest(dir.path(), &[files[2]]);
    let server = serve_log(dir.path(), &args);
    let third = wait_for_cosigned(&server.url, second + 1);
    let witnessed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(state.join("state.json")).unwrap()).unwrap();
    assert_eq!(witnessed["logs"]["ipport.test/ledger"]["size"], third, "{witnessed}");
    assert!(witnessed["alarms"].as_array().is_none_or(|a| a.is_empty()), "{witnessed}");
    drop(server);
    drop(witness);
}

fn entry(i: u64, tag: &str) -> Vec<u8> {
    let e = Entry {
        right: format!("US{}", 1000 + i),
        event: "transfer".into(),
        date: "2020-01-01".into(),
        reference: Some(format!("test:{tag}:{i}")),
        ..Entry::default()
    };
    e.encode().unwrap()
}

/// Appends `n` entries tagged `tag` to the ledger in `data` and publishes.
fn grow(data: &Path, from: u64, n: u64, tag: &str) {
    let ledger = Ledger::open(&Ledger::dir_in(data)).unwrap();
    let entries: Vec<Vec<u8>> = (from..from + n).map(|i| entry(i, tag)).collect();
    ledger.log().append_batch(&entries).unwrap();
    ledger.log().publish_checkpoint().unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// Two logs with one key: `a` and `b` share their first 10 entries, then differ.
fn forked(root: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let (a, b) = (root.join("a"), root.join("b"));
    Ledger::init(&Ledger::dir_in(&a), DEFAULT_ORIGIN).unwrap();
    grow(&a, 0, 10, "shared");
    copy_dir(&a, &b);
    let key = Ledger::dir_in(&a).join("log/log.pub");
    (a, b, key)
}

fn alarm_in_state(state: &Path) -> String {
    let s: serde_json::Value = serde_json::from_slice(&std::fs::read(state.join("state.json")).unwrap()).unwrap();
    s["alarms"][0]["message"].as_str().unwrap_or_default().to_string()
}

/// Split view: the witness cosigned log `a` at size 20, then is shown `b`, another tree of
/// size 20 signed by the same key: exit status 3, a clear message, the alarm in the state
/// file, and it refuses to go on until the alarm is cleared.
#[test]
fn witness_alarms_on_a_split_view() {
    let root = tempfile::tempdir().unwrap();
    let (a, b, key) = forked(root.path());
    grow(&a, 10, 10, "a");
    grow(&b, 10, 10, "b");
    let state = root.path().join("witness");
    let server_a = serve_log(&a, &[]);
    ok(witness(&state, &server_a.url, &key));
    drop(server_a);
    let server_b = serve_log(&b, &[]);
    let out = witness(&state, &server_b.url, &key);
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ALARM: split view: two different trees of the same size"), "{stderr}");
    assert!(alarm_in_state(&state).contains("split view"));
    let again = witness(&state, &server_b.url, &key);
    assert_eq!(again.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&again.stderr).contains("an earlier alarm stands"));
}

/// Rollback: the witness cosigned `a` at size 15, then is shown the same log's older tree
/// of size 10; and a larger fork that does not contain what it cosigned is a split view.
#[test]
fn witness_alarms_on_a_rollback_and_an_inconsistent_fork() {
    let root = tempfile::tempdir().unwrap();
    let (a, b, key) = forked(root.path());
    grow(&a, 10, 5, "a");
    let server_a = serve_log(&a, &[]);
    let state = root.path().join("witness");
    ok(witness(&state, &server_a.url, &key));
    drop(server_a);
    let server_b = serve_log(&b, &[]);
    let out = witness(&state, &server_b.url, &key);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("ALARM: rollback"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(alarm_in_state(&state).contains("rollback"));
    drop(server_b);

    let state2 = root.path().join("witness2");
    let server_a = serve_log(&a, &[]);
    ok(witness(&state2, &server_a.url, &key));
    drop(server_a);
    grow(&b, 10, 20, "b");
    let server_b = serve_log(&b, &[]);
    let out = witness(&state2, &server_b.url, &key);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not contain the tree already cosigned"));
}

fn keys_of(v: &serde_json::Value) -> Vec<&str> {
    v.as_object().expect("object").keys().map(String::as_str).collect()
}

/// docs/cli-json.md promises these keys for the ledger commands.
#[test]
fn ledger_json_outputs_keep_their_documented_keys() {
    let dir = tempfile::tempdir().unwrap();
    ingest(dir.path(), &["patents/us_assignments_ip_transfer/raw_xml_solr/TestAssignment.test_get_assignment__0.xml"]);
    let init = json(silkport(dir.path(), &["ledger", "init", "--json"]));
    for k in ["origin", "log_key", "dir"] {
        assert!(keys_of(&init).contains(&k), "init lacks {k}");
    }
    let sync = json(silkport(dir.path(), &["ledger", "sync", "--json"]));
    for k in [
        "appended",
        "unchanged",
        "not_logged",
        "unattached",
        "refused",
        "reconciled",
        "tree_size",
        "checkpoint_size",
        "seconds",
        "problems",
    ] {
        assert!(keys_of(&sync).contains(&k), "sync lacks {k}");
    }
    let status = json(silkport(dir.path(), &["ledger", "status", "--json"]));
    for k in ["origin", "tree_size", "root_hash", "checkpoint", "log_keys", "pending"] {
        assert!(keys_of(&status).contains(&k), "status lacks {k}");
    }
    let history = json(silkport(dir.path(), &["ledger", "history", "US7130913", "--json"]));
    assert_eq!(keys_of(&history), ["entries", "right"]);
    assert_eq!(keys_of(&history["entries"][0]), ["entry", "index"]);
    let audit = json(silkport(dir.path(), &["audit", "--json"]));
    for k in ["log_entries", "references", "rights", "matching", "pending", "divergences"] {
        assert!(keys_of(&audit).contains(&k), "audit lacks {k}");
    }
    let receipt = dir.path().join("r.json");
    ok(silkport(dir.path(), &["receipt", "0", "--out", receipt.to_str().unwrap()]));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&receipt).unwrap()).unwrap();
    for k in ["receipt", "index", "entry", "tree_size", "inclusion_proof", "checkpoint"] {
        assert!(keys_of(&r).contains(&k), "receipt lacks {k}");
    }
    let log_pub = Ledger::dir_in(dir.path()).join("log/log.pub");
    let args = ["verify", receipt.to_str().unwrap(), "--log-key", log_pub.to_str().unwrap(), "--json"];
    let verified = json(silkport(dir.path(), &args));
    assert_eq!(verified["verified"], true);
    for k in [
        "right",
        "event",
        "date",
        "reference",
        "leaf_hash",
        "index",
        "origin",
        "tree_size",
        "root_hash",
        "log_key",
        "proof_hashes",
        "witnesses",
        "quorum",
        "unknown_signatures",
    ] {
        assert!(keys_of(&verified["verification"]).contains(&k), "verification lacks {k}");
    }
}
