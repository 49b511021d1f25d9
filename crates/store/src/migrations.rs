//! Versioned schema migrations, one SQL file per version and backend, applied in order
//! inside a transaction and recorded in `schema_migrations`.

pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const SQLITE: &[Migration] = &[
    Migration { version: 1, name: "registry", sql: include_str!("../migrations/sqlite/0001_registry.sql") },
    Migration { version: 2, name: "analytics", sql: include_str!("../migrations/sqlite/0002_analytics.sql") },
    Migration { version: 3, name: "ledger", sql: include_str!("../migrations/sqlite/0003_ledger.sql") },
    Migration { version: 4, name: "accounts", sql: include_str!("../migrations/sqlite/0004_accounts.sql") },
    Migration { version: 5, name: "facts_order", sql: include_str!("../migrations/sqlite/0005_facts_order.sql") },
    Migration { version: 6, name: "rights_split", sql: include_str!("../migrations/sqlite/0006_rights_split.sql") },
    Migration { version: 7, name: "rights_rowid", sql: include_str!("../migrations/sqlite/0007_rights_rowid.sql") },
];

pub const POSTGRES: &[Migration] = &[
    Migration { version: 1, name: "registry", sql: include_str!("../migrations/postgres/0001_registry.sql") },
    Migration { version: 2, name: "analytics", sql: include_str!("../migrations/postgres/0002_analytics.sql") },
    Migration { version: 3, name: "ledger", sql: include_str!("../migrations/postgres/0003_ledger.sql") },
    Migration { version: 4, name: "accounts", sql: include_str!("../migrations/postgres/0004_accounts.sql") },
    Migration { version: 5, name: "facts_order", sql: include_str!("../migrations/postgres/0005_facts_order.sql") },
    Migration { version: 6, name: "rights_split", sql: include_str!("../migrations/postgres/0006_rights_split.sql") },
    Migration { version: 7, name: "rights_rowid", sql: include_str!("../migrations/postgres/0007_rights_rowid.sql") },
];

/// The schema version this build creates and understands.
pub const LATEST_VERSION: u32 = 7;

pub const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

/// The migrations still to apply on a database that has applied the versions `applied`, or
/// an error if the database is newer than this build. Every migration not yet recorded is
/// applied, not only those above the highest recorded version, so a database created by a
/// branch that skipped a version number still gets that version once the branches merge.
pub fn pending(all: &'static [Migration], applied: &[u32]) -> Result<Vec<&'static Migration>, crate::StoreError> {
    let current = applied.iter().copied().max().unwrap_or(0);
    if current > LATEST_VERSION {
        return Err(crate::StoreError::NewerSchema { found: current, known: LATEST_VERSION });
    }
    Ok(all.iter().filter(|m| !applied.contains(&m.version)).collect())
}
