//! The embedded default backend: one SQLite file (`registry.sqlite`) under the data
//! directory, in WAL mode so readers never block the ingest writer and a killed process
//! leaves the last committed batch intact.

use crate::ledger::{LedgerSubject, Logged, Pending, StoredEvent};
use crate::migrations::{self, CREATE_TABLE, SQLITE};
use crate::row::{decode, decode_event, EventRow, RightRow, StoredRight};
use crate::store::{KeyColumn, RefKeyDoc, Store};
use crate::StoreError;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, ToSql};
use silkport_model::Right;
use std::path::Path;

/// Rows per multi-row statement (15 columns × 100 rows stays far below SQLite's limit of
/// 32,766 parameters).
const ROWS_PER_STATEMENT: usize = 100;

/// `(?, ?, ?), (?, ?, ?)` for `rows` rows of `cols` columns.
fn placeholders(rows: usize, cols: usize) -> String {
    let one = format!("({})", list(cols));
    vec![one; rows].join(", ")
}

/// `?, ?, ?` with `n` placeholders.
fn list(n: usize) -> String {
    vec!["?"; n].join(", ")
}

pub struct SqliteStore {
    conn: Connection,
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
        // only a power loss may drop the last commits, never corrupt the file. A 64 MiB
        // checkpoint interval lets bulk ingest rewrite hot index pages once, not per batch.
        conn.execute_batch(
            "PRAGMA page_size = 8192; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 10000; PRAGMA cache_size = -65536;
             PRAGMA wal_autocheckpoint = 8192;",
        )?;
        // Multi-row statements come in a few sizes per table; keep them all prepared.
        conn.set_prepared_statement_cache_capacity(128);
        let mut store = SqliteStore { conn };
        store.migrate()?;
        Ok(store)
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

    /// Inserts rows with multi-row `INSERT … VALUES (…), (…)` statements of up to
    /// [`ROWS_PER_STATEMENT`] rows: per-statement overhead, not B-tree work, dominated
    /// bulk ingest when every row was its own statement.
    fn insert_many<const N: usize>(&self, head: &str, rows: &[[&dyn ToSql; N]]) -> Result<(), StoreError> {
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            let sql = format!("{head} VALUES {}", placeholders(chunk.len(), N));
            let mut stmt = self.conn.prepare_cached(&sql)?;
            stmt.execute(params_from_iter(chunk.iter().flatten()))?;
        }
        Ok(())
    }

    fn insert_children(&self, rows: &[RightRow]) -> Result<(), StoreError> {
        let classes: Vec<[&dyn ToSql; 4]> = rows
            .iter()
            .flat_map(|r| {
                r.classes.iter().map(move |(scheme, symbol, main)| [&r.id as &dyn ToSql, scheme, symbol, main])
            })
            .collect();
        self.insert_many("INSERT INTO right_classes", &classes)?;
        let parties: Vec<[&dyn ToSql; 7]> = rows
            .iter()
            .flat_map(|r| {
                r.parties
                    .iter()
                    .map(move |p| [&r.id as &dyn ToSql, &p.seq, &p.role, &p.name, &p.country, &p.province, &p.city])
            })
            .collect();
        self.insert_many("INSERT INTO right_parties", &parties)
    }

    fn delete_children(&self, id: &str) -> Result<(), StoreError> {
        for sql in ["DELETE FROM right_classes WHERE right_id = ?1", "DELETE FROM right_parties WHERE right_id = ?1"] {
            self.conn.prepare_cached(sql)?.execute([id])?;
        }
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
        Ok(self.conn.execute_batch("COMMIT")?)
    }
    fn rollback(&mut self) -> Result<(), StoreError> {
        Ok(self.conn.execute_batch("ROLLBACK")?)
    }

    fn load_rights(&mut self, ids: &[String]) -> Result<Vec<StoredRight>, StoreError> {
        let mut out = Vec::new();
        for chunk in ids.chunks(ROWS_PER_STATEMENT) {
            let sql = format!("SELECT id, doc, input_hash FROM rights WHERE id IN ({})", list(chunk.len()));
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let mut rows = stmt.query(params_from_iter(chunk))?;
            while let Some(r) = rows.next()? {
                let (id, doc): (String, String) = (r.get(0)?, r.get(1)?);
                out.push(StoredRight { right: decode(&id, &doc)?, input_hash: r.get(2)? });
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
            self.delete_children(&row.id)?;
        }
        let values: Vec<[&dyn ToSql; 15]> = rows
            .iter()
            .map(|r| {
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
                    &r.title,
                    &r.stub,
                    &r.synthetic,
                    &r.source_format,
                    &r.input_hash,
                    &r.doc,
                ]
            })
            .collect();
        self.insert_many("INSERT OR REPLACE INTO rights", &values)?;
        self.insert_children(rows)
    }

    fn delete_rights(&mut self, ids: &[String]) -> Result<(), StoreError> {
        for id in ids {
            self.delete_children(id)?;
            self.conn.prepare_cached("DELETE FROM rights WHERE id = ?1")?.execute([id])?;
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
        let mut stmt = self.conn.prepare_cached("INSERT OR REPLACE INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
        for e in rows {
            stmt.execute(params![e.key, e.right_id, e.pub_key, e.app_key, e.date, e.kind, e.doc])?;
        }
        Ok(())
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
        let mut stmt =
            self.conn.prepare_cached("SELECT id, doc FROM rights WHERE ?1 IS NULL OR id > ?1 ORDER BY id LIMIT ?2")?;
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
        // SQLite has one writer at a time, so the next sequence numbers can be taken from
        // the table itself.
        let next: i64 = self.conn.query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM ledger_outbox", [], |r| r.get(0))?;
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO ledger_outbox (subject, key, seq) VALUES (?1, ?2, ?3) \
             ON CONFLICT (subject, key) DO UPDATE SET seq = excluded.seq",
        )?;
        for (i, key) in keys.iter().enumerate() {
            stmt.execute(params![subject.as_str(), key, next + i as i64])?;
        }
        Ok(())
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
}

// ---- ledger (transparency log, issue 4) ----
type EventColumns = (String, Option<String>, Option<String>, Option<String>, String);

fn event_columns(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventColumns> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn stored_event((key, right_id, pub_key, app_key, doc): EventColumns) -> Result<StoredEvent, StoreError> {
    Ok(StoredEvent { right_id, pub_key, app_key, event: decode_event(&key, &doc)? })
}
// ---- end ledger ----
