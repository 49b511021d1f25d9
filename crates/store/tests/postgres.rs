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
