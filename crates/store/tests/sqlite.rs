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
