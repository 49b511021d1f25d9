//! The conformance suite on the embedded SQLite backend.

use silkport_store::{conformance::CHECKS, SqliteStore, Store};

#[test]
fn conformance_suite_on_sqlite() {
    for (name, check) in CHECKS {
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open_dir(dir.path()).unwrap();
        eprintln!("sqlite: {name}");
        check(&mut store as &mut dyn Store);
    }
}

#[test]
fn reopening_keeps_data_and_schema() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = SqliteStore::open_dir(dir.path()).unwrap();
        let s: &mut dyn Store = &mut s;
        assert_eq!(s.stats().unwrap().rights, 0);
    }
    let mut s = SqliteStore::open_dir(dir.path()).unwrap();
    assert_eq!(s.schema_version().unwrap(), silkport_store::LATEST_VERSION);
}

/// A registry created before the ledger (schema 1) queues everything it holds when it is
/// upgraded: events oldest first, then full rights; stubs are not queued.
#[test]
fn upgrade_queues_existing_events_and_rights_for_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../migrations/sqlite/0001_registry.sql")).unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
             INSERT INTO schema_migrations VALUES (1, 'registry', '2024-01-01');
             INSERT INTO rights VALUES ('CN1A', 'CN1', NULL, 'invention_patent', 'CN', NULL, '', NULL, NULL, NULL, 0, 0, 't', 'h', '{}');
             INSERT INTO rights VALUES ('US2', 'US2', NULL, 'invention_patent', 'US', NULL, '', NULL, NULL, NULL, 1, 0, 't', 'h', '{}');
             INSERT INTO events VALUES ('late', NULL, 'US2', NULL, '2020-01-01', 'pledge', '{}');
             INSERT INTO events VALUES ('early', NULL, 'US2', NULL, '2001-01-01', 'transfer', '{}');",
        )
        .unwrap();
    }
    let mut s = SqliteStore::open_file(&path).unwrap();
    let s: &mut dyn Store = &mut s;
    let queued: Vec<String> = s.ledger_pending(10).unwrap().into_iter().map(|p| p.key).collect();
    assert_eq!(queued, ["early", "late", "CN1A"]);
}
