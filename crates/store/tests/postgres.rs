//! The conformance suite on PostgreSQL. Needs `SILKPORT_TEST_DATABASE_URL` (CI starts a
//! throwaway cluster and sets it); each check gets a fresh schema.

use silkport_store::{conformance::CHECKS, PgStore, Store};

fn url() -> Option<String> {
    match std::env::var("SILKPORT_TEST_DATABASE_URL") {
        Ok(u) => Some(u),
        Err(_) if std::env::var("CI").is_ok() => panic!("CI must set SILKPORT_TEST_DATABASE_URL"),
        Err(_) => {
            eprintln!("SILKPORT_TEST_DATABASE_URL not set: skipping the PostgreSQL conformance suite");
            None
        }
    }
}

/// A connection whose tables live in a fresh schema, so checks do not see each other.
fn fresh(url: &str, schema: &str) -> PgStore {
    let mut admin = postgres::Client::connect(url, postgres::NoTls).unwrap();
    admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema};")).unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    PgStore::connect(&format!("{url}{sep}options=-csearch_path%3D{schema}")).unwrap()
}

#[test]
fn conformance_suite_on_postgres() {
    let Some(url) = url() else { return };
    for (name, check) in CHECKS {
        eprintln!("postgres: {name}");
        let mut store = fresh(&url, &format!("conf_{name}"));
        check(&mut store as &mut dyn Store);
    }
}

/// A registry written by schema version 1 (before analytics) gains the date columns and
/// the citations table from its documents when this build connects: its facts equal those
/// of the same right stored fresh.
#[test]
fn upgrade_from_v1_backfills_dates_and_citations() {
    let Some(url) = url() else { return };
    let right = silkport_store::conformance::facts_fixture("CN1000001B");
    let row = silkport_store::RightRow::new(&right, "h".into()).unwrap();
    let schema = "upgrade_v1";
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    admin
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}; SET search_path = {schema};
             CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
             INSERT INTO schema_migrations VALUES (1, 'registry', '2026-11-24');"
        ))
        .unwrap();
    admin.batch_execute(include_str!("../migrations/postgres/0001_registry.sql")).unwrap();
    admin
        .execute(
            "INSERT INTO rights VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
            &[
                &row.id,
                &row.pub_key,
                &row.app_key,
                &row.kind,
                &row.office,
                &row.lang,
                &row.langs,
                &row.status,
                &row.year,
                &row.title,
                &row.stub,
                &row.synthetic,
                &row.source_format,
                &row.input_hash,
                &row.doc,
            ],
        )
        .unwrap();
    for (scheme, symbol, main) in &row.classes {
        admin.execute("INSERT INTO right_classes VALUES ($1, $2, $3, $4)", &[&row.id, scheme, symbol, main]).unwrap();
    }
    for p in &row.parties {
        admin
            .execute(
                "INSERT INTO right_parties VALUES ($1, $2, $3, $4, $5, $6, $7)",
                &[&row.id, &p.seq, &p.role, &p.name, &p.country, &p.province, &p.city],
            )
            .unwrap();
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    let mut upgraded = PgStore::connect(&format!("{url}{sep}options=-csearch_path%3D{schema}")).unwrap();
    let upgraded: &mut dyn Store = &mut upgraded;
    assert_eq!(upgraded.schema_version().unwrap(), silkport_store::LATEST_VERSION);
    let mut fresh = fresh(&url, "upgrade_fresh");
    let fresh: &mut dyn Store = &mut fresh;
    fresh.apply(vec![silkport_store::Incoming::Right(Box::new(right))]).unwrap();
    let got = upgraded.facts_page(None, 10).unwrap();
    assert_eq!(got, fresh.facts_page(None, 10).unwrap());
    assert_eq!(got[0].cites, ["CN103701956", "US8087209"]);
    assert!(got[0].grant.is_some());
}

/// The planner's view of the registry tables of `schema`: per table, whether a manual
/// (not autovacuum's) ANALYZE ran, when, and the pages the last VACUUM/ANALYZE saw against
/// the pages there are.
fn analysed(admin: &mut postgres::Client, schema: &str, table: &str) -> (Option<std::time::SystemTime>, i64, i64) {
    let row = admin
        .query_one(
            "SELECT s.last_analyze, c.relpages::int8, pg_relation_size(c.oid) / current_setting('block_size')::int8 \
             FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.schemaname = $1 AND s.relname = $2",
            &[&schema, &table],
        )
        .unwrap();
    (row.get(0), row.get(1), row.get(2))
}

/// Loads demo rights into `store` in batches of the given sizes, one transaction each as
/// ingest does, with autovacuum kept off the schema's tables so only the store's own
/// analyses count.
fn load_demo_rights(url: &str, schema: &str, store: &mut dyn Store, batches: &[usize]) {
    let mut admin = postgres::Client::connect(url, postgres::NoTls).unwrap();
    for t in ["rights", "right_classes", "right_parties", "right_citations", "events"] {
        admin.batch_execute(&format!("ALTER TABLE {schema}.{t} SET (autovacuum_enabled = false)")).unwrap();
    }
    let world = silkport_demo::World::new(2018);
    let mut rights = world.rights(batches.iter().sum::<usize>() as u64);
    for &n in batches {
        let incoming = rights.by_ref().take(n).map(|r| silkport_store::Incoming::Right(Box::new(r))).collect();
        store.apply(incoming).unwrap();
    }
}

/// Issue 6: right after a bulk load the planner knew nothing of the new rows until
/// autovacuum came round, and the first reports scanned and sorted whole tables. A load
/// now leaves the registry analysed by the store itself (`last_analyze`, which autovacuum
/// does not set) and vacuumed (its pages counted, the visibility map set).
#[test]
fn a_bulk_load_leaves_the_registry_analysed() {
    let Some(url) = url() else { return };
    let schema = "analysed_load";
    let mut store = fresh(&url, schema);
    // 1,000 rights (never analysed before: analysed), then 2,000 more (3×: analysed again).
    load_demo_rights(&url, schema, &mut store, &[1000, 2000]);
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    for table in ["rights", "right_classes", "right_parties", "events"] {
        let (at, then, now) = analysed(&mut admin, schema, table);
        assert!(at.is_some(), "{table} was never analysed");
        assert_eq!(then, now, "{table}: the last analysis saw {then} of {now} pages");
    }
    let visible: i32 = admin
        .query_one(
            "SELECT relallvisible FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname = $1 AND c.relname = 'rights'",
            &[&schema],
        )
        .unwrap()
        .get(0);
    assert!(visible > 0, "rights has no all-visible page: it was analysed but not vacuumed");
}

/// A load whose last batches grew the registry by less than the commit threshold (2×) is
/// analysed by the next connection (10%): the portal's pool after `serve --demo`, a report
/// after an ingest. Small registries are left to autovacuum.
#[test]
fn a_connection_analyses_a_registry_that_grew_since_its_last_analysis() {
    let Some(url) = url() else { return };
    let schema = "analysed_connect";
    let mut store = fresh(&url, schema);
    // 1,000 rights (never analysed before: analysed), then 500 more (1.5×: not analysed).
    load_demo_rights(&url, schema, &mut store, &[1000, 500]);
    let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let (first, then, now) = analysed(&mut admin, schema, "rights");
    assert!(first.is_some() && then < now, "expected a stale analysis, got {then} of {now} pages");
    let sep = if url.contains('?') { '&' } else { '?' };
    PgStore::connect(&format!("{url}{sep}options=-csearch_path%3D{schema}")).unwrap();
    let (second, then, now) = analysed(&mut admin, schema, "rights");
    assert!(second > first, "the connection did not analyse the grown registry");
    assert_eq!(then, now);

    let small = "analysed_small";
    let mut store = fresh(&url, small);
    load_demo_rights(&url, small, &mut store, &[20]);
    assert_eq!(analysed(&mut admin, small, "rights").0, None, "a registry of 20 rights is left to autovacuum");
}
