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
