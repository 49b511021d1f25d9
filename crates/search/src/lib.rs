//! silkport search: a tantivy index of rights (`index`, `schema`, `doc`), analyzers per
//! language with Chinese sub-word matching (`analysis`), the examiner query language
//! (`query`), proximity operators (`proximity`), search with facets and snippets
//! (`search`, `snippet`), the query-time cross-lingual dictionary (`xlang`), and the
//! retrieval evaluation (`eval`). It indexes `silkport_model::Right` values it is given
//! and knows nothing of the registry's storage.

pub mod analysis;
mod columns;
pub mod doc;
mod error;
pub mod eval;
pub mod export;
pub mod family;
pub mod index;
pub mod marks;
pub mod proximity;
pub mod query;
pub mod schema;
pub mod search;
pub mod similar;
pub mod snippet;
pub mod xlang;

pub use error::SearchError;
pub use index::{Indexer, RightSink, SearchIndex};
pub use search::{FacetValue, Hit, SearchRequest, SearchResults, Sort};
pub use xlang::Dictionary;

/// The index directory under a data directory.
pub fn index_dir(data_dir: &std::path::Path) -> std::path::PathBuf {
    data_dir.join("search-index")
}

/// Where users put their own term dictionaries (`*.tsv`), read at query time.
pub fn terms_dir(data_dir: &std::path::Path) -> std::path::PathBuf {
    data_dir.join("search-terms")
}
