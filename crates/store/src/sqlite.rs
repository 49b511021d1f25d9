//! The embedded default backend: one SQLite file (`registry.sqlite`) under the data
//! directory, in WAL mode so readers never block the ingest writer and a killed process
//! leaves the last committed batch intact.

use crate::accounts::{
    prefixed_user_columns, AuditRecord, HolderName, NewAudit, NewUser, TokenRecord, UserChange, UserRecord,
    TOKEN_COLUMNS_T, USER_COLUMNS,
};
use crate::facts::{self, FactColumns, FACT_COLUMNS};
use crate::ledger::{LedgerSubject, Logged, Pending, StoredEvent};
use crate::migrations::{self, CREATE_TABLE, SQLITE};
use crate::row::{decode, decode_event, EventRow, RightRow, StoredRight};
use crate::store::{GroupRow, KeyColumn, RefKeyDoc, Store};
use crate::StoreError;
use rusqlite::{params, params_from_iter, Connection, OpenFlags, OptionalExtension, ToSql};
use silkport_model::{Right, RightFacts};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::thread::JoinHandle;

/// Ids per chunked `IN (…)` lookup, and the largest number of rows per multi-row
/// `INSERT` (18 columns × 100 rows stays far below SQLite's limit of 32,766 parameters).
const ROWS_PER_STATEMENT: usize = 100;

/// Row counts of multi-row `INSERT`s: a run of rows is cut into statements of 100, then 10,
/// then 1 rows, so each table has at most three statement shapes to prepare and cache.
const INSERT_SIZES: [usize; 3] = [ROWS_PER_STATEMENT, 10, 1];

/// `?, ?, ?` with `n` placeholders.
fn list(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// `(?, ?, ?), (?, ?, ?)` for `rows` rows of `cols` columns.
fn placeholders(rows: usize, cols: usize) -> String {
    let one = format!("({})", list(cols));
    vec![one; rows].join(", ")
}

/// The next statement's row count for `left` rows still to insert.
fn insert_size(left: usize) -> usize {
    INSERT_SIZES.into_iter().find(|&n| n <= left).unwrap_or(1)
}

pub struct SqliteStore {
    conn: Connection,
    path: PathBuf,
    checkpoints: Checkpoints,
}

/// Who copies committed pages from the WAL into the database file.
enum Checkpoints {
    /// Nothing committed yet (read-only uses never start a thread).
    NotStarted,
    Background(Checkpointer),
    /// The writer itself (`wal_autocheckpoint`), if the thread could not start.
    Writer,
}

/// Copies committed pages from the WAL into the database file on its own thread and
/// connection after each commit, so that the writer only appends: checkpoints on the
/// writer thread were a tenth of bulk ingest time. A `PASSIVE` checkpoint never blocks the
/// writer, and once it has caught up the writer's next commit starts the WAL over. Should
/// it fall behind (or fail), the writer's own `wal_autocheckpoint` still bounds the WAL.
struct Checkpointer {
    wake: SyncSender<()>,
    thread: JoinHandle<()>,
}

impl Checkpointer {
    fn start(path: &Path) -> Option<Checkpointer> {
        let conn = Connection::open(path).ok()?;
        conn.busy_timeout(std::time::Duration::from_secs(10)).ok()?;
        // One pending wake-up is enough: a checkpoint copies everything committed so far.
        let (wake, woken) = sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || {
                for () in woken {
                    // Best effort by design (see above); the next wake-up tries again.
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            })
            .ok()?;
        Some(Checkpointer { wake, thread })
    }
}

impl Drop for SqliteStore {
    fn drop(&mut self) {
        if let Checkpoints::Background(Checkpointer { wake, thread }) =
            std::mem::replace(&mut self.checkpoints, Checkpoints::Writer)
        {
            drop(wake);
            let _ = thread.join();
        }
    }
}

impl SqliteStore {
    /// Opens (creating if needed) `registry.sqlite` in `dir`.
    pub fn open_dir(dir: &Path) -> Result<SqliteStore, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|source| StoreError::DataDir { path: dir.display().to_string(), source })?;
        Self::open_file(&dir.join("registry.sqlite"))
    }

    pub fn open_file(path: &Path) -> Result<SqliteStore, StoreError> {
        let conn = Connection::open(path)?;
        // NORMAL is durable against process crashes in WAL mode (the OS holds the pages);
        // only a power loss may drop the last commits, never corrupt the file. 16 KiB pages
        // (for new files): bulk ingest spent 7% less time than with 8 KiB (fewer B-tree
        // splits and WAL frames) and the file is 4% smaller; 32 KiB gained nothing more. The
        // writer's own checkpoints start at 64 MiB of WAL (see `Checkpointer`). A 16 MiB page
        // cache: 64 MiB made no measurable difference to ingest (pages come back from the
        // OS cache) and counted fully in peak RSS.
        conn.execute_batch(
            "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA cache_size = -16384;
             PRAGMA wal_autocheckpoint = 4096;",
        )?;
        // Multi-row statements come in a few sizes per table; keep them all prepared.
        conn.set_prepared_statement_cache_capacity(128);
        let mut store = SqliteStore { conn, path: path.to_path_buf(), checkpoints: Checkpoints::NotStarted };
        store.migrate()?;
        Ok(store)
    }

    /// A read-only connection to an existing registry file, for a second reading thread (WAL
    /// lets it read beside the writer); no migration, which would write.
    fn open_reader(path: &Path) -> Result<SqliteStore, StoreError> {
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        // A scan reads each page once: a small cache keeps the second connection's memory low.
        conn.execute_batch("PRAGMA busy_timeout = 10000; PRAGMA cache_size = -8192;")?;
        conn.set_prepared_statement_cache_capacity(16);
        // It never commits, so it never starts a checkpointing thread.
        Ok(SqliteStore { conn, path: path.to_path_buf(), checkpoints: Checkpoints::Writer })
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch(CREATE_TABLE)?;
        let applied: Vec<u32> = {
            let mut stmt = self.conn.prepare("SELECT version FROM schema_migrations")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        for m in migrations::pending(SQLITE, &applied)? {
            let tx = self.conn.transaction()?;
            let fail =
                |e: rusqlite::Error| StoreError::Migration { version: m.version, name: m.name, message: e.to_string() };
            tx.execute_batch(m.sql).map_err(fail)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, datetime('now'))",
                params![m.version, m.name],
            )
            .map_err(fail)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Inserts rows with multi-row `INSERT OR FAIL INTO {table} VALUES (…), (…)`
    /// statements: one statement per row made per-statement overhead (bind, step, reset) a
    /// third of the writer's time in bulk ingest. `OR FAIL`, because SQLite gives a
    /// statement that writes several rows and may abort a statement journal (a copy of
    /// every page it touches, a tenth of ingest time); a failure still rolls back the whole
    /// batch's transaction. Callers delete the rows being replaced first.
    fn insert_many<const N: usize>(&self, table: &str, rows: &[[&dyn ToSql; N]]) -> Result<(), StoreError> {
        let sql = |size| format!("INSERT OR FAIL INTO {table} VALUES {}", placeholders(size, N));
        self.in_chunks(rows, sql, |_, _| Ok(()))
    }

    /// Inserts or replaces rows by key when most keys are new: multi-row `INSERT OR IGNORE`
    /// (no statement journal either), and the rows of a chunk where some key was already
    /// there once more, one by one, with `replace` (a single-row `INSERT OR REPLACE` or
    /// upsert).
    fn upsert_many<const N: usize>(
        &self,
        table: &str,
        rows: &[[&dyn ToSql; N]],
        replace: &str,
    ) -> Result<(), StoreError> {
        let sql = |size| format!("INSERT OR IGNORE INTO {table} VALUES {}", placeholders(size, N));
        self.in_chunks(rows, sql, |chunk, inserted| {
            if inserted < chunk.len() {
                let mut stmt = self.conn.prepare_cached(replace)?;
                for row in chunk {
                    stmt.execute(params_from_iter(row))?;
                }
            }
            Ok(())
        })
    }

    /// Runs the statement `sql(size)` over `rows` in chunks of [`INSERT_SIZES`] rows, then
    /// `after(chunk, rows changed)`. One statement handle serves every chunk of its size:
    /// handing it back to the cache after each chunk would free its bindings every time.
    fn in_chunks<const N: usize>(
        &self,
        rows: &[[&dyn ToSql; N]],
        sql: impl Fn(usize) -> String,
        mut after: impl FnMut(&[[&dyn ToSql; N]], usize) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut rest = rows;
        while !rest.is_empty() {
            let size = insert_size(rest.len());
            let mut stmt = self.conn.prepare_cached(&sql(size))?;
            while !rest.is_empty() && insert_size(rest.len()) == size {
                let (chunk, next) = rest.split_at(size);
                let changed = stmt.execute(params_from_iter(chunk.iter().flatten()))?;
                after(chunk, changed)?;
                rest = next;
            }
        }
        Ok(())
    }

    /// The only child rows left in SQLite: classifications and parties are packed in the
    /// right's row (migration 0006), citations need their own index by cited document.
    fn insert_children(&self, rows: &[RightRow]) -> Result<(), StoreError> {
        let cites: Vec<[&dyn ToSql; 2]> =
            rows.iter().flat_map(|r| r.cites.iter().map(move |c| [&r.id as &dyn ToSql, c])).collect();
        self.insert_many("right_citations (right_id, cited)", &cites)
    }

    /// A right's row, its document and its child rows.
    fn delete_right(&self, id: &str) -> Result<(), StoreError> {
        self.delete_children(id)?;
        self.conn
            .prepare_cached("DELETE FROM right_docs WHERE doc_id = (SELECT doc_id FROM rights WHERE id = ?1)")?
            .execute([id])?;
        self.conn.prepare_cached("DELETE FROM rights WHERE id = ?1")?.execute([id])?;
        Ok(())
    }

    /// `n` new numbers after the largest in `table.column`: SQLite has one writer at a time,
    /// so they can be taken from the table itself (document ids, outbox sequence numbers).
    fn next_numbers(&self, table: &str, column: &str, n: usize) -> Result<Vec<i64>, StoreError> {
        let sql = format!("SELECT COALESCE(MAX({column}), 0) + 1 FROM {table}");
        let next: i64 = self.conn.prepare_cached(&sql)?.query_row([], |r| r.get(0))?;
        Ok((next..).take(n).collect())
    }

    fn delete_children(&self, id: &str) -> Result<(), StoreError> {
        self.conn.prepare_cached("DELETE FROM right_citations WHERE right_id = ?1")?.execute([id])?;
        Ok(())
    }
}

impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn schema_version(&mut self) -> Result<u32, StoreError> {
        Ok(self.conn.query_row("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [], |r| r.get(0))?)
    }

    fn begin(&mut self) -> Result<(), StoreError> {
        Ok(self.conn.execute_batch("BEGIN IMMEDIATE")?)
    }
    fn commit(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch("COMMIT")?;
        if let Checkpoints::NotStarted = self.checkpoints {
            self.checkpoints = Checkpointer::start(&self.path).map_or(Checkpoints::Writer, Checkpoints::Background);
        }
        if let Checkpoints::Background(c) = &self.checkpoints {
            // Full: a checkpoint is already due, which will copy this commit too.
            let _ = c.wake.try_send(());
        }
        Ok(())
    }
    fn rollback(&mut self) -> Result<(), StoreError> {
        Ok(self.conn.execute_batch("ROLLBACK")?)
    }

    fn load_rights(&mut self, ids: &[String]) -> Result<Vec<StoredRight>, StoreError> {
        let mut out = Vec::new();
        for chunk in ids.chunks(ROWS_PER_STATEMENT) {
            let sql = format!(
                "SELECT r.id, d.doc, d.input_hash FROM rights r JOIN right_docs d ON d.doc_id = r.doc_id \
                 WHERE r.id IN ({})",
                list(chunk.len())
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(params_from_iter(chunk))?;
            while let Some(r) = rows.next()? {
                let id: String = r.get(0)?;
                out.push(StoredRight::from_columns(&id, r.get(1)?, r.get(2)?)?);
            }
        }
        Ok(out)
    }

    fn ids_by_key(&mut self, column: KeyColumn, keys: &[String]) -> Result<Vec<(String, String)>, StoreError> {
        let sql = format!("SELECT id FROM rights WHERE {} = ?1 ORDER BY id", column.as_str());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut out = Vec::new();
        for k in keys {
            for id in stmt.query_map([k], |r| r.get::<_, String>(0))? {
                out.push((k.clone(), id?));
            }
        }
        Ok(out)
    }

    fn has_stubs(&mut self) -> Result<bool, StoreError> {
        Ok(self.conn.query_row("SELECT EXISTS (SELECT 1 FROM rights WHERE stub = 1)", [], |r| r.get(0))?)
    }

    fn put_rights(&mut self, rows: &[RightRow]) -> Result<(), StoreError> {
        for row in rows.iter().filter(|r| r.replaces) {
            self.delete_right(&row.id)?;
        }
        let doc_ids = self.next_numbers("right_docs", "doc_id", rows.len())?;
        let docs: Vec<[&dyn ToSql; 3]> =
            rows.iter().zip(&doc_ids).map(|(r, doc_id)| [doc_id as &dyn ToSql, &r.input_hash, &r.doc]).collect();
        self.insert_many("right_docs (doc_id, input_hash, doc)", &docs)?;
        let packed = rows
            .iter()
            .map(|r| Ok((r.packed_classes()?, r.packed_parties()?)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let values: Vec<[&dyn ToSql; 19]> = rows
            .iter()
            .zip(&doc_ids)
            .zip(&packed)
            .map(|((r, doc_id), (classes, parties))| {
                [
                    &r.id as &dyn ToSql,
                    &r.pub_key,
                    &r.app_key,
                    &r.kind,
                    &r.office,
                    &r.lang,
                    &r.langs,
                    &r.status,
                    &r.year,
                    &r.stub,
                    &r.synthetic,
                    &r.source_format,
                    &r.filing_date,
                    &r.pub_date,
                    &r.grant_date,
                    classes,
                    parties,
                    &r.owner_province,
                    doc_id,
                ]
            })
            .collect();
        self.insert_many(
            "rights (id, pub_key, app_key, kind, office, lang, langs, status, year, stub, synthetic, \
             source_format, filing_date, pub_date, grant_date, classes, parties, owner_province, doc_id)",
            &values,
        )?;
        self.insert_children(rows)
    }

    fn delete_rights(&mut self, ids: &[String]) -> Result<(), StoreError> {
        for id in ids {
            self.delete_right(id)?;
        }
        Ok(())
    }

    fn load_event_docs(&mut self, keys: &[String]) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT doc FROM events WHERE key = ?1")?;
        let mut out = Vec::new();
        for k in keys {
            if let Some(doc) = stmt.query_row([k], |r| r.get::<_, String>(0)).optional()? {
                out.push((k.clone(), doc));
            }
        }
        Ok(out)
    }

    fn put_events(&mut self, rows: &[EventRow]) -> Result<(), StoreError> {
        let values: Vec<[&dyn ToSql; 7]> = rows
            .iter()
            .map(|e| [&e.key as &dyn ToSql, &e.right_id, &e.pub_key, &e.app_key, &e.date, &e.kind, &e.doc])
            .collect();
        self.upsert_many(
            "events (key, right_id, pub_key, app_key, date, kind, doc)",
            &values,
            "INSERT OR REPLACE INTO events (key, right_id, pub_key, app_key, date, kind, doc) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
    }

    fn event_docs_for(
        &mut self,
        id: &str,
        pub_key: Option<&str>,
        app_key: Option<&str>,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, doc FROM events WHERE right_id = ?1 OR pub_key = ?2 OR app_key = ?3 ORDER BY date, key",
        )?;
        let rows = stmt.query_map(params![id, pub_key, app_key], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn load_ref_docs(&mut self, keys: &[(String, String, String)]) -> Result<Vec<RefKeyDoc>, StoreError> {
        let mut stmt =
            self.conn.prepare_cached("SELECT doc FROM reference WHERE tbl = ?1 AND key = ?2 AND lang = ?3")?;
        let mut out = Vec::new();
        for k in keys {
            if let Some(doc) = stmt.query_row(params![k.0, k.1, k.2], |r| r.get::<_, String>(0)).optional()? {
                out.push((k.clone(), doc));
            }
        }
        Ok(out)
    }

    fn put_refs(&mut self, rows: &[RefKeyDoc]) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached("INSERT OR REPLACE INTO reference VALUES (?1, ?2, ?3, ?4)")?;
        for ((tbl, key, lang), doc) in rows {
            stmt.execute(params![tbl, key, lang, doc])?;
        }
        Ok(())
    }

    fn ref_docs(&mut self, tbl: &str, key: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt =
            self.conn.prepare_cached("SELECT doc FROM reference WHERE tbl = ?1 AND key = ?2 ORDER BY lang")?;
        let rows = stmt.query_map([tbl, key], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn rights_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<Right>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, d.doc FROM rights r JOIN right_docs d ON d.doc_id = r.doc_id \
             WHERE ?1 IS NULL OR r.id > ?1 ORDER BY r.id LIMIT ?2",
        )?;
        let rows =
            stmt.query_map(params![after, limit as i64], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|row| {
            let (id, doc) = row?;
            decode(&id, &doc)
        })
        .collect()
    }

    fn group_counts(&mut self, sql: &str) -> Result<Vec<(String, i64)>, StoreError> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, Option<String>>(0)?.unwrap_or_default(), r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    // ---- ledger (transparency log, issue 4) ----
    fn ledger_mark(&mut self, subject: LedgerSubject, keys: &[String]) -> Result<(), StoreError> {
        if keys.is_empty() {
            return Ok(());
        }
        // A key queued again takes its new `seq`.
        let subject = subject.as_str();
        let seqs = self.next_numbers("ledger_outbox", "seq", keys.len())?;
        let values: Vec<[&dyn ToSql; 3]> =
            keys.iter().zip(&seqs).map(|(k, seq)| [&subject as &dyn ToSql, k, seq]).collect();
        self.upsert_many(
            "ledger_outbox (subject, key, seq)",
            &values,
            "INSERT INTO ledger_outbox (subject, key, seq) VALUES (?, ?, ?) \
             ON CONFLICT (subject, key) DO UPDATE SET seq = excluded.seq",
        )
    }

    fn ledger_pending(&mut self, limit: usize) -> Result<Vec<Pending>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT subject, key, seq FROM ledger_outbox ORDER BY seq LIMIT ?1")?;
        let rows = stmt.query_map([limit as i64], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?;
        rows.map(|row| {
            let (subject, key, seq) = row?;
            Pending::from_row(&subject, key, seq)
        })
        .collect()
    }

    fn ledger_record(&mut self, logged: &[Logged], done: &[Pending]) -> Result<(), StoreError> {
        let mut put = self.conn.prepare_cached("INSERT OR REPLACE INTO ledger_entries VALUES (?1, ?2, ?3)")?;
        for l in logged {
            put.execute(params![l.reference, l.index as i64, l.leaf])?;
        }
        let mut del =
            self.conn.prepare_cached("DELETE FROM ledger_outbox WHERE subject = ?1 AND key = ?2 AND seq = ?3")?;
        for p in done {
            del.execute(params![p.subject.as_str(), p.key, p.seq])?;
        }
        Ok(())
    }

    fn ledger_logged(&mut self, refs: &[String]) -> Result<Vec<Logged>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT log_index, leaf FROM ledger_entries WHERE ref = ?1")?;
        let mut out = Vec::new();
        for r in refs {
            let row: Option<(i64, String)> = stmt.query_row([r], |row| Ok((row.get(0)?, row.get(1)?))).optional()?;
            if let Some((index, leaf)) = row {
                out.push(Logged { reference: r.clone(), index: index as u64, leaf });
            }
        }
        Ok(out)
    }

    fn ledger_last_index(&mut self) -> Result<Option<u64>, StoreError> {
        let max: Option<i64> = self.conn.query_row("SELECT MAX(log_index) FROM ledger_entries", [], |r| r.get(0))?;
        Ok(max.map(|m| m as u64))
    }

    fn events_by_key(&mut self, keys: &[String]) -> Result<Vec<StoredEvent>, StoreError> {
        let mut stmt =
            self.conn.prepare_cached("SELECT key, right_id, pub_key, app_key, doc FROM events WHERE key = ?1")?;
        let mut out = Vec::new();
        for k in keys {
            if let Some(row) = stmt.query_row([k], event_columns).optional()? {
                out.push(stored_event(row)?);
            }
        }
        Ok(out)
    }

    fn events_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<StoredEvent>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT key, right_id, pub_key, app_key, doc FROM events WHERE ?1 IS NULL OR key > ?1 ORDER BY key LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![after, limit as i64], event_columns)?;
        rows.map(|row| stored_event(row?)).collect()
    }

    fn full_right_ids_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM rights WHERE stub = 0 AND (?1 IS NULL OR id > ?1) ORDER BY id LIMIT ?2")?;
        let rows = stmt.query_map(params![after, limit as i64], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
    // ---- end ledger ----

    // ---- analytics (patent navigation, issue 5) ----
    fn facts_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<RightFacts>, StoreError> {
        let mut page = self.fact_rows(after.unwrap_or(""), limit)?;
        let (Some(first), Some(last)) = (page.first(), page.last()) else { return Ok(Vec::new()) };
        let (first, last) = (first.id.clone(), last.id.clone());
        self.attach_children(&mut page, &first, &last)?;
        facts::finish(&mut page);
        Ok(page)
    }

    fn facts_page_end(&mut self, after: Option<&str>, n: usize) -> Result<Option<String>, StoreError> {
        // Steps over the id index's entries (which hold the id) without reading rows.
        let mut stmt = self.conn.prepare_cached("SELECT id FROM rights WHERE id > ?1 ORDER BY id LIMIT 1 OFFSET ?2")?;
        let offset = n.saturating_sub(1) as i64;
        Ok(stmt.query_row(params![after.unwrap_or(""), offset], |r| r.get(0)).optional()?)
    }

    fn facts_reader(&self) -> Result<Option<Box<dyn Store>>, StoreError> {
        let Some(path) = self.conn.path().filter(|p| !p.is_empty()) else { return Ok(None) };
        Ok(Some(Box::new(SqliteStore::open_reader(Path::new(path))?)))
    }

    fn group_rows(&mut self, sql: &str, keys: usize) -> Result<Vec<GroupRow>, StoreError> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| {
            let cols = (0..keys).map(|i| r.get::<_, Option<String>>(i)).collect::<Result<Vec<_>, _>>()?;
            Ok((cols, r.get(keys)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn owner_province_sql(&self) -> &'static str {
        "r.owner_province"
    }

    fn ref_table_docs(&mut self, tbl: &str) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT doc FROM reference WHERE tbl = ?1 ORDER BY key, lang")?;
        let rows = stmt.query_map([tbl], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
    // ---- end analytics ----
    // ---- accounts (portal, issue 6) ----
    fn user_insert(&mut self, u: &NewUser) -> Result<Option<i64>, StoreError> {
        let n = self
            .conn
            .prepare_cached(
                "INSERT INTO users (name, display_name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5) \
             ON CONFLICT (name) DO NOTHING",
            )?
            .execute(params![u.name, u.display_name, u.role, u.password_hash, u.created_at])?;
        Ok((n == 1).then(|| self.conn.last_insert_rowid()))
    }

    fn user_by_id(&mut self, id: i64) -> Result<Option<UserRecord>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([id], user_row).optional()?)
    }

    fn user_by_name(&mut self, name: &str) -> Result<Option<UserRecord>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE name = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([name], user_row).optional()?)
    }

    fn users(&mut self) -> Result<Vec<UserRecord>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([], user_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn user_update(&mut self, id: i64, c: &UserChange) -> Result<bool, StoreError> {
        let n = self
            .conn
            .prepare_cached(
                "UPDATE users SET display_name = COALESCE(?2, display_name), role = COALESCE(?3, role), \
                 password_hash = COALESCE(?4, password_hash), disabled = COALESCE(?5, disabled) WHERE id = ?1",
            )?
            .execute(params![id, c.display_name, c.role, c.password_hash, c.disabled])?;
        Ok(n == 1)
    }

    fn holder_names(&mut self, user_id: i64) -> Result<Vec<HolderName>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, verified_by, at FROM user_holder_names WHERE user_id = ?1 ORDER BY name")?;
        let rows =
            stmt.query_map([user_id], |r| Ok(HolderName { name: r.get(0)?, verified_by: r.get(1)?, at: r.get(2)? }))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn holder_name_put(
        &mut self,
        user_id: i64,
        name: &str,
        verified_by: Option<i64>,
        at: i64,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO user_holder_names (user_id, name, verified_by, at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (user_id, name) DO UPDATE SET verified_by = excluded.verified_by, at = excluded.at",
            )?
            .execute(params![user_id, name, verified_by, at])?;
        Ok(())
    }

    fn holder_name_delete(&mut self, user_id: i64, name: &str) -> Result<bool, StoreError> {
        let n = self
            .conn
            .prepare_cached("DELETE FROM user_holder_names WHERE user_id = ?1 AND name = ?2")?
            .execute(params![user_id, name])?;
        Ok(n == 1)
    }

    fn session_insert(
        &mut self,
        id_hash: &str,
        user_id: i64,
        created_at: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached("INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![id_hash, user_id, created_at, expires_at])?;
        Ok(())
    }

    fn session_user(&mut self, id_hash: &str, now: i64) -> Result<Option<UserRecord>, StoreError> {
        let sql = format!(
            "SELECT {} FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.id_hash = ?1 AND s.expires_at > ?2 AND NOT u.disabled",
            prefixed_user_columns("u")
        );
        Ok(self.conn.prepare_cached(&sql)?.query_row(params![id_hash, now], user_row).optional()?)
    }

    fn session_delete(&mut self, id_hash: &str) -> Result<(), StoreError> {
        self.conn.prepare_cached("DELETE FROM sessions WHERE id_hash = ?1")?.execute([id_hash])?;
        Ok(())
    }

    fn sessions_delete_user(&mut self, user_id: i64) -> Result<u64, StoreError> {
        Ok(self.conn.prepare_cached("DELETE FROM sessions WHERE user_id = ?1")?.execute([user_id])? as u64)
    }

    fn sessions_expire(&mut self, now: i64) -> Result<u64, StoreError> {
        Ok(self.conn.prepare_cached("DELETE FROM sessions WHERE expires_at <= ?1")?.execute([now])? as u64)
    }

    fn token_insert(
        &mut self,
        token_hash: &str,
        user_id: i64,
        label: &str,
        created_at: i64,
        expires_at: Option<i64>,
    ) -> Result<i64, StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO api_tokens (token_hash, user_id, label, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![token_hash, user_id, label, created_at, expires_at])?;
        Ok(self.conn.last_insert_rowid())
    }

    fn token_user(&mut self, token_hash: &str, now: i64) -> Result<Option<(TokenRecord, UserRecord)>, StoreError> {
        let sql = format!(
            "SELECT {}, {TOKEN_COLUMNS_T} FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?2) \
             AND NOT u.disabled",
            prefixed_user_columns("u")
        );
        let row = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params![token_hash, now], |r| Ok((token_row_at(r, 7)?, user_row(r)?)))
            .optional()?;
        Ok(row)
    }

    fn tokens_of(&mut self, user_id: i64) -> Result<Vec<TokenRecord>, StoreError> {
        let sql = format!("SELECT {TOKEN_COLUMNS_T} FROM api_tokens t WHERE t.user_id = ?1 ORDER BY t.id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([user_id], |r| token_row_at(r, 0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn token_revoke(&mut self, user_id: i64, id: i64, at: i64) -> Result<bool, StoreError> {
        let n = self
            .conn
            .prepare_cached(
                "UPDATE api_tokens SET revoked_at = ?3 WHERE id = ?1 AND user_id = ?2 AND revoked_at IS NULL",
            )?
            .execute(params![id, user_id, at])?;
        Ok(n == 1)
    }

    fn audit_append(&mut self, e: &NewAudit) -> Result<i64, StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO audit_log (at, actor_id, actor, action, target, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![e.at, e.actor_id, e.actor, e.action, e.target, e.detail])?;
        Ok(self.conn.last_insert_rowid())
    }

    fn audit_page(&mut self, before: Option<i64>, limit: usize) -> Result<Vec<AuditRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, actor_id, actor, action, target, detail FROM audit_log \
             WHERE ?1 IS NULL OR id < ?1 ORDER BY id DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![before, limit as i64], |r| {
            Ok(AuditRecord {
                id: r.get(0)?,
                at: r.get(1)?,
                actor_id: r.get(2)?,
                actor: r.get(3)?,
                action: r.get(4)?,
                target: r.get(5)?,
                detail: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
    // ---- end accounts ----
}

// ---- accounts (portal, issue 6) ----
fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UserRecord> {
    Ok(UserRecord {
        id: r.get(0)?,
        name: r.get(1)?,
        display_name: r.get(2)?,
        role: r.get(3)?,
        password_hash: r.get(4)?,
        disabled: r.get(5)?,
        created_at: r.get(6)?,
    })
}

fn token_row_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<TokenRecord> {
    Ok(TokenRecord {
        id: r.get(at)?,
        user_id: r.get(at + 1)?,
        label: r.get(at + 2)?,
        created_at: r.get(at + 3)?,
        expires_at: r.get(at + 4)?,
        revoked_at: r.get(at + 5)?,
    })
}
// ---- end accounts ----

// ---- ledger (transparency log, issue 4) ----
type EventColumns = (String, Option<String>, Option<String>, Option<String>, String);

fn event_columns(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventColumns> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn stored_event((key, right_id, pub_key, app_key, doc): EventColumns) -> Result<StoredEvent, StoreError> {
    Ok(StoredEvent { right_id, pub_key, app_key, event: decode_event(&key, &doc)? })
}
// ---- end ledger ----

// ---- analytics (patent navigation, issue 5) ----
impl SqliteStore {
    /// The `rights` columns of the next page: the table holds only facts (the documents
    /// are in `right_docs`); a range scan of the id index, each row then found by its
    /// `doc_id` (migration 0007: rows append in `doc_id` order, which bulk ingest needs).
    fn fact_rows(&self, after: &str, limit: usize) -> Result<Vec<RightFacts>, StoreError> {
        let sql = format!("SELECT {FACT_COLUMNS}, classes, parties FROM rights WHERE id > ?1 ORDER BY id LIMIT ?2");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![after, limit as i64])?;
        let mut out = Vec::with_capacity(limit);
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let classes = facts::packed_classes(&id, opt_text(r, 13)?)?;
            let parties = facts::packed_parties(&id, opt_text(r, 14)?)?;
            let mut f = facts::bare(FactColumns {
                pub_key: r.get(1)?,
                app_key: r.get(2)?,
                kind: facts::kind(&id, text(r, 3)?)?,
                office: r.get(4)?,
                status: facts::status(&id, opt_text(r, 5)?)?,
                year: r.get(6)?,
                dates: [
                    facts::date(&id, opt_text(r, 7)?)?,
                    facts::date(&id, opt_text(r, 8)?)?,
                    facts::date(&id, opt_text(r, 9)?)?,
                ],
                stub: r.get(10)?,
                synthetic: r.get(11)?,
                source: r.get(12)?,
                id,
            });
            (f.classes, f.parties) = (classes, parties);
            out.push(f);
        }
        Ok(out)
    }

    /// Attaches the citations of the rights with ids in `first..=last`: a range scan of
    /// the citation table's primary key, which starts with the right id. (Classifications
    /// and parties came with the rows.)
    fn attach_children(&self, page: &mut [RightFacts], first: &str, last: &str) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT right_id, cited FROM right_citations WHERE right_id BETWEEN ?1 AND ?2 ORDER BY right_id",
        )?;
        let mut rows = stmt.query(params![first, last])?;
        let mut cursor = facts::Cursor::new(page);
        while let Some(r) = rows.next()? {
            if let Some(f) = cursor.right(bytes(r, 0)?) {
                f.cites.push(r.get(1)?);
            }
        }
        Ok(())
    }
}

/// A text column borrowed from the row, for values parsed into enums without allocating.
fn text<'a>(row: &'a rusqlite::Row, i: usize) -> Result<&'a str, rusqlite::Error> {
    Ok(row.get_ref(i)?.as_str()?)
}

/// A text column's bytes, borrowed and not validated as UTF-8: for comparing ids.
fn bytes<'a>(row: &'a rusqlite::Row, i: usize) -> Result<&'a [u8], rusqlite::Error> {
    Ok(row.get_ref(i)?.as_bytes()?)
}

fn opt_text<'a>(row: &'a rusqlite::Row, i: usize) -> Result<Option<&'a str>, rusqlite::Error> {
    Ok(row.get_ref(i)?.as_str_or_null()?)
}
// ---- end analytics ----
