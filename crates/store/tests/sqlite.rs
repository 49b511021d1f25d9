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

/// A registry written by schema version 1 (before analytics) gains the date columns and
/// the citations table from its documents when this build opens it: its facts equal those
/// of the same right stored fresh.
#[test]
fn upgrade_from_v1_backfills_dates_and_citations() {
    let right = silkport_store::conformance::facts_fixture("CN1000001B");
    let row = silkport_store::RightRow::new(&right, "h".into()).unwrap();
    let old = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(old.path().join("registry.sqlite")).unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
             INSERT INTO schema_migrations VALUES (1, 'registry', '2026-11-24');",
        )
        .unwrap();
        conn.execute_batch(include_str!("../migrations/sqlite/0001_registry.sql")).unwrap();
        conn.execute(
            "INSERT INTO rights VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
            rusqlite::params![
                row.id,
                row.pub_key,
                row.app_key,
                row.kind,
                row.office,
                row.lang,
                row.langs,
                row.status,
                row.year,
                row.title,
                row.stub,
                row.synthetic,
                row.source_format,
                row.input_hash,
                row.doc
            ],
        )
        .unwrap();
        for (scheme, symbol, main) in &row.classes {
            conn.execute(
                "INSERT INTO right_classes VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![row.id, scheme, symbol, main],
            )
            .unwrap();
        }
        for p in &row.parties {
            conn.execute(
                "INSERT INTO right_parties VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                rusqlite::params![row.id, p.seq, p.role, p.name, p.country, p.province, p.city],
            )
            .unwrap();
        }
    }
    let mut upgraded = SqliteStore::open_dir(old.path()).unwrap();
    let upgraded: &mut dyn Store = &mut upgraded;
    assert_eq!(upgraded.schema_version().unwrap(), silkport_store::LATEST_VERSION);
    let fresh_dir = tempfile::tempdir().unwrap();
    let mut fresh = SqliteStore::open_dir(fresh_dir.path()).unwrap();
    let fresh: &mut dyn Store = &mut fresh;
    fresh.apply(vec![silkport_store::Incoming::Right(Box::new(right))]).unwrap();
    let got = upgraded.facts_page(None, 10).unwrap();
    assert_eq!(got, fresh.facts_page(None, 10).unwrap());
    assert_eq!(got[0].cites, ["CN103701956", "US8087209"]);
    assert!(got[0].grant.is_some());
    assert_eq!(got[0].parties.len(), 3);
    // The first owner's province, which indicators count deals by, was derived by the
    // migration's SQL as `RightRow` derives it for a fresh row.
    let province = |dir: &std::path::Path| -> Option<String> {
        let conn = rusqlite::Connection::open(dir.join("registry.sqlite")).unwrap();
        conn.query_row("SELECT owner_province FROM rights", [], |r| r.get(0)).unwrap()
    };
    assert_eq!(province(old.path()), Some("Gansu".to_string()));
    assert_eq!(province(fresh_dir.path()), province(old.path()));
}

/// A right whose packed parties were damaged on disk is reported by id when facts are read;
/// the rows around it are untouched.
#[test]
fn damaged_packed_children_are_reported_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = SqliteStore::open_dir(dir.path()).unwrap();
        let s: &mut dyn Store = &mut s;
        let right = silkport_store::conformance::facts_fixture("CN1000001B");
        s.apply(vec![silkport_store::Incoming::Right(Box::new(right))]).unwrap();
    }
    let conn = rusqlite::Connection::open(dir.path().join("registry.sqlite")).unwrap();
    conn.execute("UPDATE rights SET parties = '[[\"applicant\"' WHERE id = 'CN1000001B'", []).unwrap();
    drop(conn);
    let mut s = SqliteStore::open_dir(dir.path()).unwrap();
    let s: &mut dyn Store = &mut s;
    let err = s.facts_page(None, 10).unwrap_err().to_string();
    assert!(err.contains("CN1000001B") && err.contains("packed child rows"), "{err}");
    assert!(s.get(&silkport_model::RightId::parse("CN1000001B").unwrap()).unwrap().is_some());
}
