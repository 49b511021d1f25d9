//! The index on disk (or in memory for tests and evaluation), its schema version, and the
//! writer that keeps it in step with the registry: `RightSink` is all the ingest loader
//! and `reindex` need to know of it.

use crate::analysis;
use crate::doc::document;
use crate::schema::{Fields, SCHEMA_VERSION};
use crate::SearchError;
use silkport_model::Right;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tantivy::directory::MmapDirectory;
use tantivy::indexer::NoMergePolicy;
use tantivy::query::TermSetQuery;
use tantivy::schema::Field;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

/// Indexing memory budget: tantivy flushes a segment when it is reached. Kept small
/// because ingest runs the registry pipeline beside it and the whole process must stay
/// within a few hundred MB (200 MB here put CNIPA ingest at 590 MB peak RSS).
const WRITER_MEMORY: usize = 48_000_000;
const VERSION_FILE: &str = "silkport-search.json";

/// Where rights go to be searchable: the index writer, in practice.
pub trait RightSink {
    /// Adds or replaces these rights (by id), visible after `commit`.
    fn put(&mut self, rights: &[Right]) -> Result<(), SearchError>;
    fn commit(&mut self) -> Result<(), SearchError>;
}

pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) fields: Fields,
    pub(crate) reader: IndexReader,
    /// The text fields holding terms, for the searcher generation it was computed for.
    pub(crate) indexed_fields: Mutex<Option<(u64, Arc<HashSet<Field>>)>>,
    dir: Option<PathBuf>,
}

impl SearchIndex {
    /// An index in memory (tests, evaluation).
    pub fn in_ram() -> Result<SearchIndex, SearchError> {
        let fields = Fields::build();
        let index = Index::create_in_ram(fields.schema.clone());
        Self::wrap(index, fields, None)
    }

    /// Opens the index in `dir`, creating it when absent. An index of another schema
    /// version is refused: `reindex` rebuilds it.
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        let fields = Fields::build();
        let version_path = dir.join(VERSION_FILE);
        if version_path.exists() {
            let found = read_version(&version_path)?;
            if found != SCHEMA_VERSION {
                let path = dir.display().to_string();
                return Err(SearchError::Version { path, found, expected: SCHEMA_VERSION });
            }
        }
        std::fs::create_dir_all(dir).map_err(|e| SearchError::io(dir, e))?;
        let mmap = MmapDirectory::open(dir)
            .map_err(|e| SearchError::Directory { path: dir.display().to_string(), message: e.to_string() })?;
        let index = Index::open_or_create(mmap, fields.schema.clone()).map_err(|e| match e {
            tantivy::TantivyError::SchemaError(_) => SearchError::Schema { path: dir.display().to_string() },
            other => SearchError::Index(other),
        })?;
        std::fs::write(&version_path, format!("{{\"schema_version\": {SCHEMA_VERSION}}}\n"))
            .map_err(|e| SearchError::io(&version_path, e))?;
        Self::wrap(index, fields, Some(dir.to_path_buf()))
    }

    /// A fresh, empty index in `dir`, whatever was there (for `reindex`).
    pub fn recreate(dir: &Path) -> Result<SearchIndex, SearchError> {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|e| SearchError::io(dir, e))?;
        }
        Self::open(dir)
    }

    fn wrap(index: Index, fields: Fields, dir: Option<PathBuf>) -> Result<SearchIndex, SearchError> {
        analysis::register(index.tokenizers());
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { index, fields, reader, indexed_fields: Mutex::new(None), dir })
    }

    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Documents visible to searches.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Segments visible to searches (`reindex` leaves one).
    pub fn num_segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// The single writer (tantivy locks the directory against a second one).
    pub fn writer(&self) -> Result<Indexer, SearchError> {
        let writer = self.index.writer_with_num_threads(1, WRITER_MEMORY)?;
        Ok(Indexer { writer, fields: self.fields.clone(), reader: self.reader.clone() })
    }
}

fn read_version(path: &Path) -> Result<u32, SearchError> {
    let text = std::fs::read_to_string(path).map_err(|e| SearchError::io(path, e))?;
    let v: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| SearchError::Io { path: path.display().to_string(), source: std::io::Error::other(e) })?;
    Ok(v.get("schema_version").and_then(|v| v.as_u64()).unwrap_or(0) as u32)
}

pub struct Indexer {
    writer: IndexWriter,
    fields: Fields,
    reader: IndexReader,
}

impl Indexer {
    /// Removes every document (the next commit publishes the empty index).
    pub fn clear(&mut self) -> Result<(), SearchError> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    /// Commits and merges the whole index into one segment, for the end of a bulk load
    /// (`reindex`). A query pays per segment for every field it looks up, and a bulk load
    /// leaves a dozen segments (one per writer budget): one segment cut the CPU time of a
    /// typical query by two thirds (docs/benchmarks.md, "Search"). The writer is done after.
    pub fn commit_merged(self) -> Result<(), SearchError> {
        let Indexer { mut writer, reader, .. } = self;
        writer.commit()?;
        let index = writer.index().clone();
        // Merges the merge policy started during the load finish first (a merge of segments
        // already being merged is refused), and the writer lock is released.
        writer.wait_merging_threads()?;
        let mut writer: IndexWriter = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let segments = index.searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.merge(&segments).wait()?;
        }
        writer.garbage_collect_files().wait()?;
        writer.wait_merging_threads()?;
        reader.reload()?;
        Ok(())
    }
}

impl RightSink for Indexer {
    /// One delete for the whole slice, then the documents: tantivy keeps every delete
    /// operation until the next commit, and a term delete costs over a kilobyte (its
    /// scoring cache), which made deletes the largest part of ingest's memory.
    fn put(&mut self, rights: &[Right]) -> Result<(), SearchError> {
        // The last version of a right given twice wins, as a delete after the first would.
        let mut last: HashMap<&str, usize> = HashMap::with_capacity(rights.len());
        for (i, r) in rights.iter().enumerate() {
            last.insert(r.id.as_str(), i);
        }
        // The registry absorbs a stub into the full document with its publication key.
        let absorbed: HashSet<String> =
            rights.iter().filter(|r| !r.source.stub).filter_map(|r| r.pub_key()).map(|k| k.0).collect();
        let ids = last.keys().map(|id| Term::from_field_text(self.fields.id, id));
        let stubs = absorbed.iter().map(|k| Term::from_field_text(self.fields.stub_key, k));
        self.writer.delete_query(Box::new(TermSetQuery::new(ids.chain(stubs))))?;
        for (i, r) in rights.iter().enumerate() {
            let replaced = last.get(r.id.as_str()) != Some(&i);
            let absorbed = r.source.stub && r.pub_key().is_some_and(|k| absorbed.contains(&k.0));
            if !replaced && !absorbed {
                self.writer.add_document(document(&self.fields, r))?;
            }
        }
        Ok(())
    }

    fn commit(&mut self) -> Result<(), SearchError> {
        self.writer.commit()?;
        self.reader.reload()?;
        Ok(())
    }
}
