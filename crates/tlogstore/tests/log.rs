//! The durable log: appends, reads, proofs and tiles against the pure maths; group commit
//! across threads; keys and locking; recovery from torn and garbled tails.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;

use silkport_tlog::{
    check_consistency, check_inclusion, decode_bundle, leaf_hash, open_checkpoint, read_tile_data, stored_hashes,
    tiles_for_size, tree_hash, Ed25519Verifier, EntryBundle, Hash, Tile,
};
use silkport_tlogstore::{Log, LogOptions, TlogStoreError};

const ORIGIN: &str = "ipport.example/test-ledger";

fn manual() -> LogOptions {
    LogOptions { checkpoint_interval: None }
}

fn entry(i: u64) -> Vec<u8> {
    format!("entry {i} {}", "x".repeat((i % 50) as usize)).into_bytes()
}

/// The stored hashes of entries 0..n, computed in memory.
fn reference(n: u64) -> Vec<Hash> {
    let mut stored = Vec::new();
    for i in 0..n {
        let new = stored_hashes(i, leaf_hash(&entry(i)), &stored).unwrap();
        stored.extend(new);
    }
    stored
}

fn fill(log: &Log, from: u64, to: u64, batch: u64) {
    let mut i = from;
    while i < to {
        let end = (i + batch).min(to);
        let entries: Vec<Vec<u8>> = (i..end).map(entry).collect();
        assert_eq!(log.append_batch(&entries).unwrap(), i..end);
        i = end;
    }
}

#[test]
fn appends_read_back_and_prove() {
    let dir = tempfile::tempdir().unwrap();
    let log = Log::create(dir.path(), ORIGIN, manual()).unwrap();
    assert_eq!(log.checkpoint().checkpoint.size, 0);
    fill(&log, 0, 700, 97);
    let signed = log.publish_checkpoint().unwrap();
    let cp = &signed.checkpoint;
    let stored = reference(700);
    assert_eq!((cp.size, cp.hash), (700, tree_hash(700, &stored).unwrap()));

    // The checkpoint verifies with the published key.
    let vkey = std::fs::read_to_string(dir.path().join("log.pub")).unwrap();
    let verifier = Ed25519Verifier::parse(vkey.trim_end()).unwrap();
    assert_eq!(verifier.vkey(), log.verifier_key());
    open_checkpoint(&signed.note, ORIGIN, &verifier, &[]).unwrap();

    for i in [0, 1, 255, 256, 699] {
        assert_eq!(log.entry(i).unwrap(), entry(i));
        let p = log.prove_inclusion(i, 700).unwrap();
        check_inclusion(&p, 700, &cp.hash, i, &leaf_hash(&entry(i))).unwrap();
    }
    for old in [1, 255, 256, 257, 699, 700] {
        let p = log.prove_consistency(old, 700).unwrap();
        check_consistency(&p, 700, &cp.hash, old, &tree_hash(old, &stored).unwrap()).unwrap();
    }
    assert!(log.prove_inclusion(0, 701).is_err());
    assert!(log.entry(700).is_err());

    // Tiles and entry bundles as C2SP serves them for size 700.
    for t in tiles_for_size(700) {
        assert_eq!(log.tile(&t).unwrap(), read_tile_data(&t, &stored).unwrap(), "{}", t.path());
    }
    assert!(log.tile(&Tile::new(0, 2, 189)).is_err(), "wider than the published tree");
    let bundle = log.entry_bundle(&EntryBundle { n: 2, width: 188 }).unwrap();
    let entries = decode_bundle(&bundle).unwrap();
    assert_eq!(entries.len(), 188);
    assert_eq!(entries[0], entry(512).as_slice());
    assert!(log.entry_bundle(&EntryBundle { n: 2, width: 189 }).is_err());

    log.verify().unwrap();
    drop(log);
    let log = Log::open(dir.path(), manual()).unwrap();
    assert_eq!(log.size(), 700);
    assert_eq!(log.checkpoint().checkpoint, *cp);
    fill(&log, 700, 800, 33);
    log.verify().unwrap();
}

#[test]
fn concurrent_appends_are_grouped_and_ordered() {
    let dir = tempfile::tempdir().unwrap();
    let log = Arc::new(Log::create(dir.path(), ORIGIN, manual()).unwrap());
    let threads: Vec<_> = (0..8)
        .map(|t| {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                (0..50u64)
                    .map(|k| {
                        let entries = vec![format!("t{t} k{k} a").into_bytes(), format!("t{t} k{k} b").into_bytes()];
                        (t, k, log.append_batch(&entries).unwrap())
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut seen = vec![false; 800];
    for th in threads {
        for (t, k, range) in th.join().unwrap() {
            assert_eq!(range.end - range.start, 2);
            assert_eq!(log.entry(range.start).unwrap(), format!("t{t} k{k} a").into_bytes());
            assert_eq!(log.entry(range.start + 1).unwrap(), format!("t{t} k{k} b").into_bytes());
            for i in range {
                assert!(!std::mem::replace(&mut seen[i as usize], true), "index {i} given twice");
            }
        }
    }
    assert!(seen.iter().all(|&s| s));
    log.publish_checkpoint().unwrap();
    log.verify().unwrap();
}

#[test]
fn keys_are_private_and_the_log_is_locked() {
    let dir = tempfile::tempdir().unwrap();
    let log = Log::create(dir.path(), ORIGIN, manual()).unwrap();
    let key = dir.path().join("log.key");
    assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(std::fs::read_to_string(&key).unwrap().starts_with(&format!("PRIVATE+KEY+{ORIGIN}+")));
    assert!(matches!(Log::open(dir.path(), manual()), Err(TlogStoreError::Locked(_))));
    assert!(matches!(Log::create(dir.path(), ORIGIN, manual()), Err(TlogStoreError::AlreadyExists(_))));
    drop(log);
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    assert!(matches!(Log::open(dir.path(), manual()), Err(TlogStoreError::KeyPermissions(_))));
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    Log::open(dir.path(), manual()).unwrap();
    assert!(matches!(Log::open(&dir.path().join("nothing"), manual()), Err(TlogStoreError::NotALog(_))));
}

/// A log of 300 entries with a checkpoint at 200, closed.
fn crashed_log(dir: &Path) {
    let log = Log::create(dir, ORIGIN, manual()).unwrap();
    fill(&log, 0, 200, 50);
    log.publish_checkpoint().unwrap();
    fill(&log, 200, 300, 25);
}

fn len(dir: &Path, name: &str) -> u64 {
    std::fs::metadata(dir.join(name)).unwrap().len()
}

fn set_len(dir: &Path, name: &str, n: u64) {
    std::fs::OpenOptions::new().write(true).open(dir.join(name)).unwrap().set_len(n).unwrap();
}

fn write_at(dir: &Path, name: &str, at: u64, bytes: &[u8]) {
    use std::os::unix::fs::FileExt;
    std::fs::OpenOptions::new().write(true).open(dir.join(name)).unwrap().write_all_at(bytes, at).unwrap();
}

/// Damage the files the way a crash can (a torn record, garbage or zeros past the synced
/// data, derived files behind or ahead), then check what recovery keeps.
#[test]
fn recovery_cuts_torn_tails_and_rebuilds_derived_files() {
    type Damage = fn(&Path);
    let cases: [(&str, Damage, u64); 7] = [
        ("clean", |_| {}, 300),
        ("torn last record", |d| set_len(d, "entries", len(d, "entries") - 3), 299),
        (
            "garbage after the last record",
            |d| write_at(d, "entries", len(d, "entries"), b"\x00\x00\x00\x05hello12345678"),
            300,
        ),
        ("zeros after the last record", |d| set_len(d, "entries", len(d, "entries") + 4096), 300),
        (
            "derived files behind",
            |d| {
                set_len(d, "index", 8 * 210);
                set_len(d, "hashes", 32 * 10);
            },
            300,
        ),
        (
            "derived files garbled past the checkpoint",
            |d| {
                write_at(d, "index", 8 * 250, &[0xff; 64]);
                write_at(d, "hashes", 32 * 450, &[0xee; 320]);
            },
            300,
        ),
        (
            "a record garbled in the middle of the tail",
            |d| {
                let at = len(d, "entries") - 40 * 30;
                write_at(d, "entries", at, b"\x01");
            },
            270,
        ),
    ];
    for (what, damage, kept) in cases {
        let dir = tempfile::tempdir().unwrap();
        crashed_log(dir.path());
        if what == "derived files behind" {
            // The checkpoint at 200 needs more than that: this is loss, not a torn tail.
            damage(dir.path());
            assert!(matches!(Log::open(dir.path(), manual()), Err(TlogStoreError::Corrupt(_))), "{what}");
            continue;
        }
        damage(dir.path());
        let log = Log::open(dir.path(), manual()).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(log.size() >= 200 && log.size() <= 300, "{what}: size {}", log.size());
        if what != "a record garbled in the middle of the tail" {
            assert_eq!(log.size(), kept, "{what}");
        }
        log.verify().unwrap_or_else(|e| panic!("{what}: {e}"));
        for i in (0..log.size()).step_by(7) {
            assert_eq!(log.entry(i).unwrap(), entry(i), "{what}");
        }
        let n = log.size();
        fill(&log, n, n + 10, 10);
        log.publish_checkpoint().unwrap();
        log.verify().unwrap();
    }
}

#[test]
fn corruption_under_the_checkpoint_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    crashed_log(dir.path());
    write_at(dir.path(), "hashes", 32 * 5, &[0; 32]);
    // Hash 5 is not on the right edge of the tree of 200: open does not see it, verify does.
    let log = Log::open(dir.path(), manual()).unwrap();
    assert!(matches!(log.verify(), Err(TlogStoreError::Corrupt(_))));
    drop(log);
    let root_part = silkport_tlog::stored_hash_index(7, 0); // the subtree of entries 0..128
    write_at(dir.path(), "hashes", 32 * root_part, &[0; 32]);
    assert!(matches!(Log::open(dir.path(), manual()), Err(TlogStoreError::Corrupt(_))));
}

#[test]
fn checkpoints_only_grow() {
    let dir = tempfile::tempdir().unwrap();
    let log =
        Log::create(dir.path(), ORIGIN, LogOptions { checkpoint_interval: Some(std::time::Duration::ZERO) }).unwrap();
    let mut last = 0;
    for k in 0..20 {
        log.append_batch(&[entry(k)]).unwrap();
        let size = log.checkpoint().checkpoint.size;
        assert!(size >= last && size == k + 1, "published after each commit");
        last = size;
    }
    assert_eq!(log.publish_checkpoint().unwrap().checkpoint.size, 20);
    assert!(matches!(log.append_batch(&[vec![0u8; 70_000]]), Err(TlogStoreError::EntryTooLarge(70_000))));
}

#[test]
fn tiles_outside_the_tree_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let log = Log::create(dir.path(), ORIGIN, manual()).unwrap();
    fill(&log, 0, 300, 100);
    log.publish_checkpoint().unwrap();
    log.tile(&Tile::new(0, 0, 256)).unwrap();
    log.tile(&Tile::new(1, 0, 1)).unwrap();
    for t in
        [Tile::new(1, 0, 2), Tile::new(0, 1, 45), Tile::new(7, u64::MAX, 255), Tile::new(63, 1, 1), Tile::new(0, 0, 0)]
    {
        assert!(matches!(log.tile(&t), Err(TlogStoreError::OutOfRange(_))), "{t:?}");
    }
}

/// Rotation: the new key signs new checkpoints under the same name with a new key ID, the
/// latest old checkpoint verifies with either key, the old key is kept in log.pub.retired,
/// and the new secret is 0600.
#[test]
fn key_rotation_keeps_old_checkpoints_verifiable() {
    let dir = tempfile::tempdir().unwrap();
    let log = Log::create(dir.path(), ORIGIN, manual()).unwrap();
    fill(&log, 0, 10, 10);
    let before = log.publish_checkpoint().unwrap();
    let old = Ed25519Verifier::parse(&log.verifier_key()).unwrap();
    assert!(matches!(silkport_tlogstore::rotate_key(dir.path()), Err(TlogStoreError::Locked(_))));
    drop(log);

    let rotation = silkport_tlogstore::rotate_key(dir.path()).unwrap();
    assert_eq!(rotation.old, old.vkey());
    let new = Ed25519Verifier::parse(&rotation.new).unwrap();
    assert_eq!(silkport_tlog::Verifier::name(&new), ORIGIN);
    assert_ne!(silkport_tlog::Verifier::key_id(&new), silkport_tlog::Verifier::key_id(&old));
    let retired = std::fs::read_to_string(dir.path().join(silkport_tlogstore::RETIRED_KEYS)).unwrap();
    assert_eq!(retired, format!("{}\n", old.vkey()));
    assert_eq!(std::fs::read_to_string(dir.path().join("log.pub")).unwrap().trim_end(), rotation.new);
    let mode = std::fs::metadata(dir.path().join("log.key")).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);

    let log = Log::open(dir.path(), manual()).unwrap();
    assert_eq!(log.verifier_key(), rotation.new);
    let transition = log.checkpoint();
    assert_eq!(transition.checkpoint, before.checkpoint);
    open_checkpoint(&transition.note, ORIGIN, &old, &[]).unwrap();
    open_checkpoint(&transition.note, ORIGIN, &new, &[]).unwrap();
    fill(&log, 10, 20, 10);
    let after = log.publish_checkpoint().unwrap();
    open_checkpoint(&after.note, ORIGIN, &new, &[]).unwrap();
    assert!(open_checkpoint(&after.note, ORIGIN, &old, &[]).is_err());
    // The old receipts' checkpoint still verifies with the old key alone.
    open_checkpoint(&before.note, ORIGIN, &old, &[]).unwrap();
    drop(log);

    // A second rotation appends, and never repeats a key.
    let second = silkport_tlogstore::rotate_key(dir.path()).unwrap();
    let retired = std::fs::read_to_string(dir.path().join(silkport_tlogstore::RETIRED_KEYS)).unwrap();
    assert_eq!(retired, format!("{}\n{}\n", old.vkey(), rotation.new));
    assert_eq!(second.old, rotation.new);
    Log::open(dir.path(), manual()).unwrap().verify().unwrap();
}

/// A read-only log beside a writer: no lock taken, the published checkpoint's entries,
/// proofs and tiles, and no appends.
#[test]
fn read_only_log_reads_the_published_tree_beside_a_writer() {
    let dir = tempfile::tempdir().unwrap();
    let log = Log::create(dir.path(), ORIGIN, manual()).unwrap();
    fill(&log, 0, 300, 100);
    let cp = log.publish_checkpoint().unwrap().checkpoint;
    fill(&log, 300, 310, 10); // durable, not yet published
    let reader = Log::open_read_only(dir.path()).unwrap();
    assert_eq!((reader.size(), reader.checkpoint().checkpoint), (300, cp.clone()));
    assert_eq!(reader.entry(299).unwrap(), entry(299));
    assert!(reader.entry(300).is_err());
    let proof = reader.prove_inclusion(7, 300).unwrap();
    check_inclusion(&proof, 300, &cp.hash, 7, &leaf_hash(&entry(7))).unwrap();
    assert_eq!(reader.tile(&Tile::new(0, 0, 256)).unwrap(), log.tile(&Tile::new(0, 0, 256)).unwrap());
    assert!(matches!(reader.append_batch(&[b"x"]), Err(TlogStoreError::ReadOnly)));
    assert!(matches!(reader.publish_checkpoint(), Err(TlogStoreError::ReadOnly)));
    reader.verify().unwrap();
}
