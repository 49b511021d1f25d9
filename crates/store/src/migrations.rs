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
];

pub const POSTGRES: &[Migration] = &[
    Migration { version: 1, name: "registry", sql: include_str!("../migrations/postgres/0001_registry.sql") },
    Migration { version: 2, name: "analytics", sql: include_str!("../migrations/postgres/0002_analytics.sql") },
];

/// The schema version this build creates and understands.
pub const LATEST_VERSION: u32 = 2;

pub const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

/// The migrations still to apply on a database at `current`, or an error if the database
/// is newer than this build.
pub fn pending(all: &'static [Migration], current: u32) -> Result<&'static [Migration], crate::StoreError> {
    if current > LATEST_VERSION {
        return Err(crate::StoreError::NewerSchema { found: current, known: LATEST_VERSION });
    }
    let start = all.iter().position(|m| m.version > current).unwrap_or(all.len());
    Ok(&all[start..])
}
