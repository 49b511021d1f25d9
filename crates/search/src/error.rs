//! The search crate's one error type.

use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("invalid query {0}")]
    Parse(#[from] crate::query::ParseError),
    #[error("invalid query at character {position}: {message}")]
    Compile { position: usize, message: String },
    #[error("search index error: {0} (if the index is damaged, rebuild it with `silkport reindex`)")]
    Index(#[from] tantivy::TantivyError),
    #[error("cannot open the search index directory {path}: {message}")]
    Directory { path: String, message: String },
    #[error(
        "the search index in {path} has schema version {found}, this build needs {expected}: run `silkport reindex`"
    )]
    Version { path: String, found: u32, expected: u32 },
    #[error("the search index in {path} was built with another schema: run `silkport reindex`")]
    Schema { path: String },
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// A request that cannot be run as given (a bad Nice class, an empty mark…); the
    /// message says what to give instead.
    #[error("{0}")]
    Request(String),
    #[error("term dictionary {file} line {line}: {message}")]
    Dictionary { file: String, line: usize, message: String },
}

impl SearchError {
    pub fn io(path: &Path, source: std::io::Error) -> SearchError {
        SearchError::Io { path: path.display().to_string(), source }
    }
}

impl From<crate::query::CompileError> for SearchError {
    fn from(e: crate::query::CompileError) -> Self {
        SearchError::Compile { position: e.position, message: e.message }
    }
}
