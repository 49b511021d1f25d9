//! The store crate's one error type.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgres: {0}")]
    Postgres(#[from] ::postgres::Error),
    #[error("cannot create data directory {path}: {source} (choose another with --data DIR or SILKPORT_DATA)")]
    DataDir { path: String, source: std::io::Error },
    #[error("the database schema is version {found}, newer than this silkport knows ({known}); upgrade silkport")]
    NewerSchema { found: u32, known: u32 },
    #[error("migration {version} ({name}) failed: {message}")]
    Migration { version: u32, name: &'static str, message: String },
    #[error("stored record {id} is unreadable: {message}; run `silkport ingest` on its source again to rewrite it")]
    Corrupt { id: String, message: String },
    #[error("cannot encode record {id}: {message}")]
    Encode { id: String, message: String },
}
