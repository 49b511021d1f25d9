//! The production backend: PostgreSQL over the synchronous `postgres` client. Every
//! primitive works on whole batches (`= ANY($1)`, `UNNEST`), so a batch of thousands of
//! records costs a handful of round trips. The store vacuums and analyses the registry
//! itself after it grew (a bulk load), so the planner never reads it blind.

use crate::accounts::{
    prefixed_user_columns, AuditRecord, HolderName, NewAudit, NewUser, TokenRecord, UserChange, UserRecord,
    TOKEN_COLUMNS_T, USER_COLUMNS,
};
use crate::facts::{self, FactColumns, FACT_COLUMNS};
use crate::ledger::{LedgerSubject, Logged, Pending, StoredEvent};
use crate::migrations::{self, CREATE_TABLE, POSTGRES};
use crate::row::{decode, decode_event, EventRow, RightRow, StoredRight};
use crate::store::{GroupRow, KeyColumn, RefKeyDoc, Store};
use crate::StoreError;
use postgres::{Client, NoTls};
use silkport_model::{Right, RightFacts};

pub struct PgStore {
    client: Client,
    /// Kept to open a second connection for reading facts (`facts_reader`).
    url: String,
    /// Whether the open transaction wrote rights or events: then `commit` checks whether
    /// the planner's statistics of the registry went stale.
    wrote_registry: bool,
}

/// The tables facts pages and the registry's lookups read, vacuumed and analysed together.
const REGISTRY_TABLES: &str = "rights, right_classes, right_parties, right_citations, events";

/// A registry smaller than this many pages of `rights` (8 KiB each, about 600 demo rights)
/// is left to autovacuum: plans over so few rows do not matter.
const ANALYSE_MIN_PAGES: i64 = 64;

/// How much `rights` may grow since its last analysis before a commit that wrote it
/// analyses again: doubling, so a bulk load analyses a handful of times (log2 of its size)
/// and not after every batch.
const GROWTH_AT_COMMIT: f64 = 2.0;

/// The same at connection time (as autovacuum's default analyse threshold, 10%): a process
/// that starts after a load (the portal's pool after `serve --demo`, a report after an
/// ingest) analyses what the load's last batches added.
const GROWTH_AT_CONNECT: f64 = 1.1;

impl PgStore {
    /// Connects with a `postgres://user@host:port/db` URL (or `host=/run/pg dbname=x`).
    pub fn connect(url: &str) -> Result<PgStore, StoreError> {
        let client = Client::connect(url, NoTls)?;
        let mut store = PgStore { client, url: url.to_string(), wrote_registry: false };
        store.migrate()?;
        Ok(store)
    }

    /// Whether `rights` holds at least [`ANALYSE_MIN_PAGES`] and was never analysed, or
    /// has grown `growth` times since it last was (by pages: `pg_class.relpages` is what
    /// the last VACUUM or ANALYZE saw, `pg_relation_size` what is there now).
    fn registry_stale(&mut self, growth: f64) -> Result<bool, StoreError> {
        let row = self.client.query_one(
            "SELECT relpages::int8, pg_relation_size(oid) / current_setting('block_size')::int8, \
             COALESCE(pg_stat_get_last_analyze_time(oid), pg_stat_get_last_autoanalyze_time(oid)) IS NULL \
             FROM pg_class WHERE oid = 'rights'::regclass",
            &[],
        )?;
        let (then, now, never): (i64, i64, bool) = (row.get(0), row.get(1), row.get(2));
        Ok(now >= ANALYSE_MIN_PAGES && (never || now as f64 >= then as f64 * growth))
    }

    /// After a bulk load the planner knows nothing of the new rows until autovacuum comes
    /// round (up to a minute or two later): no statistics, and no visibility map, without
    /// which the covering indexes cannot answer facts pages alone. Plans made meanwhile
    /// scanned and sorted whole tables on every report. So the store vacuums and analyses
    /// the registry itself when it has grown `growth` times. Outside any transaction only
    /// (VACUUM cannot run in one).
    fn analyse_if_stale(&mut self, growth: f64) -> Result<(), StoreError> {
        if self.registry_stale(growth)? {
            self.client.batch_execute(&format!("VACUUM (ANALYZE) {REGISTRY_TABLES}"))?;
        }
        Ok(())
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        // Serialise concurrent first starts: only one process migrates at a time.
        self.client.batch_execute("SELECT pg_advisory_lock(7463001)")?;
        let result = self.migrate_locked();
        self.client.batch_execute("SELECT pg_advisory_unlock(7463001)")?;
        result
    }

    fn migrate_locked(&mut self) -> Result<(), StoreError> {
        self.client.batch_execute(CREATE_TABLE)?;
        let applied: Vec<u32> = self
            .client
            .query("SELECT version FROM schema_migrations", &[])?
            .iter()
            .map(|r| r.get::<_, i32>(0) as u32)
            .collect();
        for m in migrations::pending(POSTGRES, &applied)? {
            let mut tx = self.client.transaction()?;
            let fail =
                |e: postgres::Error| StoreError::Migration { version: m.version, name: m.name, message: e.to_string() };
            tx.batch_execute(m.sql).map_err(fail)?;
            tx.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now()::text)",
                &[&(m.version as i32), &m.name],
            )
            .map_err(fail)?;
            tx.commit()?;
        }
        // Under the lock, so a pool opening eight connections analyses once. Not fatal, as
        // in `commit`: the statistics are only the planner's.
        let _ = self.analyse_if_stale(GROWTH_AT_CONNECT);
        Ok(())
    }

    fn delete_children(&mut self, ids: &[String]) -> Result<(), StoreError> {
        for table in ["right_classes", "right_parties", "right_citations"] {
            let sql = format!("DELETE FROM {table} WHERE right_id = ANY($1)");
            self.client.execute(&sql, &[&ids])?;
        }
        Ok(())
    }

    fn insert_children(&mut self, rows: &[RightRow]) -> Result<(), StoreError> {
        let (mut ids, mut schemes, mut symbols, mut mains) = (vec![], vec![], vec![], vec![]);
        for r in rows {
            for (scheme, symbol, main) in &r.classes {
                ids.push(r.id.as_str());
                schemes.push(*scheme);
                symbols.push(symbol.as_str());
                mains.push(*main);
            }
        }
        self.client.execute(
            "INSERT INTO right_classes SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::bool[])",
            &[&ids, &schemes, &symbols, &mains],
        )?;
        let (mut ids, mut seqs, mut roles, mut names, mut countries, mut provinces, mut cities, mut cities_zh) =
            (vec![], vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
        for r in rows {
            for p in &r.parties {
                ids.push(r.id.as_str());
                seqs.push(p.seq);
                roles.push(p.role);
                names.push(p.name.as_str());
                countries.push(p.country.as_deref());
                provinces.push(p.province.as_deref());
                cities.push(p.city.as_deref());
                cities_zh.push(p.city_zh.as_deref());
            }
        }
        self.client.execute(
            "INSERT INTO right_parties (right_id, seq, role, name, country, province, city, city_zh) \
             SELECT * FROM UNNEST($1::text[], $2::int4[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])",
            &[&ids, &seqs, &roles, &names, &countries, &provinces, &cities, &cities_zh],
        )?;
        let (mut ids, mut cited) = (vec![], vec![]);
        for r in rows {
            for c in &r.cites {
                ids.push(r.id.as_str());
                cited.push(c.as_str());
            }
        }
        self.client
            .execute("INSERT INTO right_citations SELECT * FROM UNNEST($1::text[], $2::text[])", &[&ids, &cited])?;
        Ok(())
    }
}

impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn schema_version(&mut self) -> Result<u32, StoreError> {
        let row = self.client.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &[])?;
        Ok(row.get::<_, i32>(0) as u32)
    }

    fn begin(&mut self) -> Result<(), StoreError> {
        self.wrote_registry = false;
        Ok(self.client.batch_execute("BEGIN")?)
    }
    fn commit(&mut self) -> Result<(), StoreError> {
        self.client.batch_execute("COMMIT")?;
        if std::mem::take(&mut self.wrote_registry) {
            // The batch is committed whatever happens here; a failed analysis (a standby, a
            // cancelled statement) leaves the statistics to autovacuum and must not make the
            // write look failed. Without ownership of the tables VACUUM only warns.
            let _ = self.analyse_if_stale(GROWTH_AT_COMMIT);
        }
        Ok(())
    }
    fn rollback(&mut self) -> Result<(), StoreError> {
        self.wrote_registry = false;
        Ok(self.client.batch_execute("ROLLBACK")?)
    }

    fn load_rights(&mut self, ids: &[String]) -> Result<Vec<StoredRight>, StoreError> {
        let rows =
            self.client.query("SELECT id, doc, input_hash FROM rights WHERE id = ANY($1) ORDER BY id", &[&ids])?;
        rows.iter().map(|r| StoredRight::from_columns(r.get(0), r.get(1), r.get(2))).collect()
    }

    fn ids_by_key(&mut self, column: KeyColumn, keys: &[String]) -> Result<Vec<(String, String)>, StoreError> {
        let c = column.as_str();
        let sql = format!("SELECT {c}, id FROM rights WHERE {c} = ANY($1) ORDER BY {c}, id");
        Ok(self.client.query(&sql, &[&keys])?.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn has_stubs(&mut self) -> Result<bool, StoreError> {
        Ok(self.client.query_one("SELECT EXISTS (SELECT 1 FROM rights WHERE stub)", &[])?.get(0))
    }

    fn put_rights(&mut self, rows: &[RightRow]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        self.wrote_registry = true;
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        self.delete_children(&ids)?;
        self.client.execute("DELETE FROM rights WHERE id = ANY($1)", &[&ids])?;
        let col = |f: fn(&RightRow) -> Option<&str>| rows.iter().map(f).collect::<Vec<_>>();
        let pub_keys = col(|r| r.pub_key.as_deref());
        let app_keys = col(|r| r.app_key.as_deref());
        let kinds = col(|r| Some(r.kind));
        let offices = col(|r| Some(&r.office));
        let langs = col(|r| r.lang.as_deref());
        let text_langs = col(|r| Some(&r.langs));
        let statuses = col(|r| r.status);
        let titles = col(|r| r.title.as_deref());
        let formats = col(|r| Some(&r.source_format));
        let hashes = col(|r| Some(&r.input_hash));
        let docs = col(|r| Some(&r.doc));
        let filing_dates = col(|r| r.filing_date.as_deref());
        let pub_dates = col(|r| r.pub_date.as_deref());
        let grant_dates = col(|r| r.grant_date.as_deref());
        let years: Vec<Option<i32>> = rows.iter().map(|r| r.year).collect();
        let stubs: Vec<bool> = rows.iter().map(|r| r.stub).collect();
        let synthetic: Vec<bool> = rows.iter().map(|r| r.synthetic).collect();
        self.client.execute(
            "INSERT INTO rights (id, pub_key, app_key, kind, office, lang, langs, status, year, title, stub, synthetic, \
             source_format, input_hash, doc, filing_date, pub_date, grant_date) \
             SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], \
             $6::text[], $7::text[], $8::text[], $9::int4[], $10::text[], $11::bool[], $12::bool[], $13::text[], $14::text[], $15::text[], \
             $16::text[], $17::text[], $18::text[])",
            &[&ids, &pub_keys, &app_keys, &kinds, &offices, &langs, &text_langs, &statuses, &years, &titles, &stubs, &synthetic, &formats, &hashes, &docs, &filing_dates, &pub_dates, &grant_dates],
        )?;
        self.insert_children(rows)
    }

    fn delete_rights(&mut self, ids: &[String]) -> Result<(), StoreError> {
        self.delete_children(ids)?;
        self.client.execute("DELETE FROM rights WHERE id = ANY($1)", &[&ids])?;
        Ok(())
    }

    fn load_event_docs(&mut self, keys: &[String]) -> Result<Vec<(String, String)>, StoreError> {
        Ok(self
            .client
            .query("SELECT key, doc FROM events WHERE key = ANY($1)", &[&keys])?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    fn put_events(&mut self, rows: &[EventRow]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        self.wrote_registry = true;
        let col = |f: fn(&EventRow) -> Option<&str>| rows.iter().map(f).collect::<Vec<_>>();
        let keys = col(|e| Some(&e.key));
        self.client.execute("DELETE FROM events WHERE key = ANY($1)", &[&keys])?;
        self.client.execute(
            "INSERT INTO events SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])",
            &[&keys, &col(|e| e.right_id.as_deref()), &col(|e| e.pub_key.as_deref()), &col(|e| e.app_key.as_deref()), &col(|e| e.date.as_deref()), &col(|e| Some(e.kind)), &col(|e| Some(&e.doc))],
        )?;
        Ok(())
    }

    fn event_docs_for(
        &mut self,
        id: &str,
        pub_key: Option<&str>,
        app_key: Option<&str>,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let rows = self.client.query(
            "SELECT key, doc FROM events WHERE right_id = $1 OR pub_key = $2 OR app_key = $3 ORDER BY date, key",
            &[&id, &pub_key, &app_key],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn load_ref_docs(&mut self, keys: &[(String, String, String)]) -> Result<Vec<RefKeyDoc>, StoreError> {
        let tbls: Vec<&str> = keys.iter().map(|k| k.0.as_str()).collect();
        let ks: Vec<&str> = keys.iter().map(|k| k.1.as_str()).collect();
        let langs: Vec<&str> = keys.iter().map(|k| k.2.as_str()).collect();
        let rows = self.client.query(
            "SELECT r.tbl, r.key, r.lang, r.doc FROM reference r \
             JOIN UNNEST($1::text[], $2::text[], $3::text[]) AS k(tbl, key, lang) USING (tbl, key, lang)",
            &[&tbls, &ks, &langs],
        )?;
        Ok(rows.iter().map(|r| ((r.get(0), r.get(1), r.get(2)), r.get(3))).collect())
    }

    fn put_refs(&mut self, rows: &[RefKeyDoc]) -> Result<(), StoreError> {
        if rows.is_empty() {
            return Ok(());
        }
        let tbls: Vec<&str> = rows.iter().map(|r| r.0 .0.as_str()).collect();
        let keys: Vec<&str> = rows.iter().map(|r| r.0 .1.as_str()).collect();
        let langs: Vec<&str> = rows.iter().map(|r| r.0 .2.as_str()).collect();
        let docs: Vec<&str> = rows.iter().map(|r| r.1.as_str()).collect();
        self.client.execute(
            "INSERT INTO reference SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[]) \
             ON CONFLICT (tbl, key, lang) DO UPDATE SET doc = EXCLUDED.doc",
            &[&tbls, &keys, &langs, &docs],
        )?;
        Ok(())
    }

    fn ref_docs(&mut self, tbl: &str, key: &str) -> Result<Vec<String>, StoreError> {
        let rows =
            self.client.query("SELECT doc FROM reference WHERE tbl = $1 AND key = $2 ORDER BY lang", &[&tbl, &key])?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn rights_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<Right>, StoreError> {
        let rows = self.client.query(
            "SELECT id, doc FROM rights WHERE $1::text IS NULL OR id > $1 ORDER BY id LIMIT $2",
            &[&after, &(limit as i64)],
        )?;
        rows.iter().map(|r| decode(r.get(0), r.get(1))).collect()
    }

    fn group_counts(&mut self, sql: &str) -> Result<Vec<(String, i64)>, StoreError> {
        let rows = self.client.query(sql, &[])?;
        Ok(rows.iter().map(|r| (r.get::<_, Option<String>>(0).unwrap_or_default(), r.get(1))).collect())
    }

    // ---- ledger (transparency log, issue 4) ----
    fn ledger_mark(&mut self, subject: LedgerSubject, keys: &[String]) -> Result<(), StoreError> {
        // ON CONFLICT may touch a row once per statement: one row per key.
        let mut keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        keys.sort_unstable();
        keys.dedup();
        if keys.is_empty() {
            return Ok(());
        }
        self.client.execute(
            "INSERT INTO ledger_outbox (subject, key, seq) \
             SELECT $1, k, nextval('ledger_outbox_seq') FROM UNNEST($2::text[]) AS k \
             ON CONFLICT (subject, key) DO UPDATE SET seq = EXCLUDED.seq",
            &[&subject.as_str(), &keys],
        )?;
        Ok(())
    }

    fn ledger_pending(&mut self, limit: usize) -> Result<Vec<Pending>, StoreError> {
        let rows = self
            .client
            .query("SELECT subject, key, seq FROM ledger_outbox ORDER BY seq LIMIT $1", &[&(limit as i64)])?;
        rows.iter().map(|r| Pending::from_row(r.get(0), r.get(1), r.get(2))).collect()
    }

    fn ledger_record(&mut self, logged: &[Logged], done: &[Pending]) -> Result<(), StoreError> {
        if !logged.is_empty() {
            let refs: Vec<&str> = logged.iter().map(|l| l.reference.as_str()).collect();
            let indexes: Vec<i64> = logged.iter().map(|l| l.index as i64).collect();
            let leaves: Vec<&str> = logged.iter().map(|l| l.leaf.as_str()).collect();
            self.client.execute(
                "INSERT INTO ledger_entries SELECT * FROM UNNEST($1::text[], $2::int8[], $3::text[]) \
                 ON CONFLICT (ref) DO UPDATE SET log_index = EXCLUDED.log_index, leaf = EXCLUDED.leaf",
                &[&refs, &indexes, &leaves],
            )?;
        }
        if !done.is_empty() {
            let subjects: Vec<&str> = done.iter().map(|p| p.subject.as_str()).collect();
            let keys: Vec<&str> = done.iter().map(|p| p.key.as_str()).collect();
            let seqs: Vec<i64> = done.iter().map(|p| p.seq).collect();
            self.client.execute(
                "DELETE FROM ledger_outbox o USING UNNEST($1::text[], $2::text[], $3::int8[]) AS d(subject, key, seq) \
                 WHERE o.subject = d.subject AND o.key = d.key AND o.seq = d.seq",
                &[&subjects, &keys, &seqs],
            )?;
        }
        Ok(())
    }

    fn ledger_logged(&mut self, refs: &[String]) -> Result<Vec<Logged>, StoreError> {
        let rows =
            self.client.query("SELECT ref, log_index, leaf FROM ledger_entries WHERE ref = ANY($1)", &[&refs])?;
        Ok(rows
            .iter()
            .map(|r| Logged { reference: r.get(0), index: r.get::<_, i64>(1) as u64, leaf: r.get(2) })
            .collect())
    }

    fn ledger_last_index(&mut self) -> Result<Option<u64>, StoreError> {
        let max: Option<i64> = self.client.query_one("SELECT MAX(log_index) FROM ledger_entries", &[])?.get(0);
        Ok(max.map(|m| m as u64))
    }

    fn events_by_key(&mut self, keys: &[String]) -> Result<Vec<StoredEvent>, StoreError> {
        let rows = self.client.query(
            "SELECT key, right_id, pub_key, app_key, doc FROM events WHERE key = ANY($1) ORDER BY key",
            &[&keys],
        )?;
        rows.iter().map(stored_event).collect()
    }

    fn events_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<StoredEvent>, StoreError> {
        // COLLATE "C": byte order, the same as SQLite's, whatever the database's collation.
        let rows = self.client.query(
            "SELECT key, right_id, pub_key, app_key, doc FROM events \
             WHERE $1::text IS NULL OR key COLLATE \"C\" > $1 ORDER BY key COLLATE \"C\" LIMIT $2",
            &[&after, &(limit as i64)],
        )?;
        rows.iter().map(stored_event).collect()
    }

    fn full_right_ids_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<String>, StoreError> {
        let rows = self.client.query(
            "SELECT id FROM rights WHERE NOT stub AND ($1::text IS NULL OR id COLLATE \"C\" > $1) \
             ORDER BY id COLLATE \"C\" LIMIT $2",
            &[&after, &(limit as i64)],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
    // ---- end ledger ----

    // ---- analytics (patent navigation, issue 5) ----
    fn facts_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<RightFacts>, StoreError> {
        let mut page = self.fact_rows(after.unwrap_or(""), limit)?;
        let (Some(first), Some(last)) = (page.first(), page.last()) else { return Ok(page) };
        let (first, last) = (first.id.clone(), last.id.clone());
        self.attach_children(&mut page, &first, &last)?;
        facts::finish(&mut page);
        Ok(page)
    }

    fn facts_page_end(&mut self, after: Option<&str>, n: usize) -> Result<Option<String>, StoreError> {
        let row = self.client.query_opt(
            "SELECT id FROM rights WHERE id COLLATE \"C\" > $1 ORDER BY id COLLATE \"C\" OFFSET $2 LIMIT 1",
            &[&after.unwrap_or(""), &(n.saturating_sub(1) as i64)],
        )?;
        Ok(row.map(|r| r.get(0)))
    }

    fn facts_reader(&self) -> Result<Option<Box<dyn Store>>, StoreError> {
        // The schema is this connection's: no migration check for the second one.
        let client = Client::connect(&self.url, NoTls)?;
        Ok(Some(Box::new(PgStore { client, url: self.url.clone(), wrote_registry: false })))
    }

    fn group_rows(&mut self, sql: &str, keys: usize) -> Result<Vec<GroupRow>, StoreError> {
        let rows = self.client.query(sql, &[])?;
        Ok(rows.iter().map(|r| ((0..keys).map(|i| r.get::<_, Option<String>>(i)).collect(), r.get(keys))).collect())
    }

    fn owner_province_sql(&self) -> &'static str {
        "(SELECT p.province FROM right_parties p WHERE p.right_id = r.id \
          AND p.role IN ('assignee', 'applicant', 'holder') \
          ORDER BY CASE p.role WHEN 'assignee' THEN 0 WHEN 'applicant' THEN 1 ELSE 2 END, p.seq LIMIT 1)"
    }

    fn ref_table_docs(&mut self, tbl: &str) -> Result<Vec<String>, StoreError> {
        let rows = self.client.query("SELECT doc FROM reference WHERE tbl = $1 ORDER BY key, lang", &[&tbl])?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
    // ---- end analytics ----
    // ---- accounts (portal, issue 6) ----
    fn user_insert(&mut self, u: &NewUser) -> Result<Option<i64>, StoreError> {
        let row = self.client.query_opt(
            "INSERT INTO users (name, display_name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (name) DO NOTHING RETURNING id",
            &[&u.name, &u.display_name, &u.role, &u.password_hash, &u.created_at],
        )?;
        Ok(row.map(|r| r.get(0)))
    }

    fn user_by_id(&mut self, id: i64) -> Result<Option<UserRecord>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
        Ok(self.client.query_opt(&sql, &[&id])?.map(|r| user_row(&r, 0)))
    }

    fn user_by_name(&mut self, name: &str) -> Result<Option<UserRecord>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE name = $1");
        Ok(self.client.query_opt(&sql, &[&name])?.map(|r| user_row(&r, 0)))
    }

    fn users(&mut self) -> Result<Vec<UserRecord>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY id");
        Ok(self.client.query(&sql, &[])?.iter().map(|r| user_row(r, 0)).collect())
    }

    fn user_update(&mut self, id: i64, c: &UserChange) -> Result<bool, StoreError> {
        let n = self.client.execute(
            "UPDATE users SET display_name = COALESCE($2, display_name), role = COALESCE($3, role), \
             password_hash = COALESCE($4, password_hash), disabled = COALESCE($5, disabled) WHERE id = $1",
            &[&id, &c.display_name, &c.role, &c.password_hash, &c.disabled],
        )?;
        Ok(n == 1)
    }

    fn holder_names(&mut self, user_id: i64) -> Result<Vec<HolderName>, StoreError> {
        let rows = self.client.query(
            "SELECT name, verified_by, at FROM user_holder_names WHERE user_id = $1 ORDER BY name COLLATE \"C\"",
            &[&user_id],
        )?;
        Ok(rows.iter().map(|r| HolderName { name: r.get(0), verified_by: r.get(1), at: r.get(2) }).collect())
    }

    fn holder_name_put(
        &mut self,
        user_id: i64,
        name: &str,
        verified_by: Option<i64>,
        at: i64,
    ) -> Result<(), StoreError> {
        self.client.execute(
            "INSERT INTO user_holder_names (user_id, name, verified_by, at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id, name) DO UPDATE SET verified_by = excluded.verified_by, at = excluded.at",
            &[&user_id, &name, &verified_by, &at],
        )?;
        Ok(())
    }

    fn holder_name_delete(&mut self, user_id: i64, name: &str) -> Result<bool, StoreError> {
        let n = self
            .client
            .execute("DELETE FROM user_holder_names WHERE user_id = $1 AND name = $2", &[&user_id, &name])?;
        Ok(n == 1)
    }

    fn session_insert(
        &mut self,
        id_hash: &str,
        user_id: i64,
        created_at: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        self.client.execute(
            "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
            &[&id_hash, &user_id, &created_at, &expires_at],
        )?;
        Ok(())
    }

    fn session_user(&mut self, id_hash: &str, now: i64) -> Result<Option<UserRecord>, StoreError> {
        let sql = format!(
            "SELECT {} FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.id_hash = $1 AND s.expires_at > $2 AND NOT u.disabled",
            prefixed_user_columns("u")
        );
        Ok(self.client.query_opt(&sql, &[&id_hash, &now])?.map(|r| user_row(&r, 0)))
    }

    fn session_delete(&mut self, id_hash: &str) -> Result<(), StoreError> {
        self.client.execute("DELETE FROM sessions WHERE id_hash = $1", &[&id_hash])?;
        Ok(())
    }

    fn sessions_delete_user(&mut self, user_id: i64) -> Result<u64, StoreError> {
        Ok(self.client.execute("DELETE FROM sessions WHERE user_id = $1", &[&user_id])?)
    }

    fn sessions_expire(&mut self, now: i64) -> Result<u64, StoreError> {
        Ok(self.client.execute("DELETE FROM sessions WHERE expires_at <= $1", &[&now])?)
    }

    fn token_insert(
        &mut self,
        token_hash: &str,
        user_id: i64,
        label: &str,
        created_at: i64,
        expires_at: Option<i64>,
    ) -> Result<i64, StoreError> {
        let row = self.client.query_one(
            "INSERT INTO api_tokens (token_hash, user_id, label, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) \
             RETURNING id",
            &[&token_hash, &user_id, &label, &created_at, &expires_at],
        )?;
        Ok(row.get(0))
    }

    fn token_user(&mut self, token_hash: &str, now: i64) -> Result<Option<(TokenRecord, UserRecord)>, StoreError> {
        let sql = format!(
            "SELECT {}, {TOKEN_COLUMNS_T} FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) \
             AND NOT u.disabled",
            prefixed_user_columns("u")
        );
        Ok(self.client.query_opt(&sql, &[&token_hash, &now])?.map(|r| (token_row(&r, 7), user_row(&r, 0))))
    }

    fn tokens_of(&mut self, user_id: i64) -> Result<Vec<TokenRecord>, StoreError> {
        let sql = format!("SELECT {TOKEN_COLUMNS_T} FROM api_tokens t WHERE t.user_id = $1 ORDER BY t.id");
        Ok(self.client.query(&sql, &[&user_id])?.iter().map(|r| token_row(r, 0)).collect())
    }

    fn token_revoke(&mut self, user_id: i64, id: i64, at: i64) -> Result<bool, StoreError> {
        let n = self.client.execute(
            "UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL",
            &[&id, &user_id, &at],
        )?;
        Ok(n == 1)
    }

    fn audit_append(&mut self, e: &NewAudit) -> Result<i64, StoreError> {
        let row = self.client.query_one(
            "INSERT INTO audit_log (at, actor_id, actor, action, target, detail) VALUES ($1, $2, $3, $4, $5, $6) \
             RETURNING id",
            &[&e.at, &e.actor_id, &e.actor, &e.action, &e.target, &e.detail],
        )?;
        Ok(row.get(0))
    }

    fn audit_page(&mut self, before: Option<i64>, limit: usize) -> Result<Vec<AuditRecord>, StoreError> {
        let rows = self.client.query(
            "SELECT id, at, actor_id, actor, action, target, detail FROM audit_log \
             WHERE $1::bigint IS NULL OR id < $1 ORDER BY id DESC LIMIT $2",
            &[&before, &(limit as i64)],
        )?;
        Ok(rows
            .iter()
            .map(|r| AuditRecord {
                id: r.get(0),
                at: r.get(1),
                actor_id: r.get(2),
                actor: r.get(3),
                action: r.get(4),
                target: r.get(5),
                detail: r.get(6),
            })
            .collect())
    }
    // ---- end accounts ----
}

// ---- accounts (portal, issue 6) ----
fn user_row(r: &postgres::Row, at: usize) -> UserRecord {
    UserRecord {
        id: r.get(at),
        name: r.get(at + 1),
        display_name: r.get(at + 2),
        role: r.get(at + 3),
        password_hash: r.get(at + 4),
        disabled: r.get(at + 5),
        created_at: r.get(at + 6),
    }
}

fn token_row(r: &postgres::Row, at: usize) -> TokenRecord {
    TokenRecord {
        id: r.get(at),
        user_id: r.get(at + 1),
        label: r.get(at + 2),
        created_at: r.get(at + 3),
        expires_at: r.get(at + 4),
        revoked_at: r.get(at + 5),
    }
}
// ---- end accounts ----

// ---- ledger (transparency log, issue 4) ----
fn stored_event(r: &postgres::Row) -> Result<StoredEvent, StoreError> {
    Ok(StoredEvent {
        right_id: r.get(1),
        pub_key: r.get(2),
        app_key: r.get(3),
        event: decode_event(r.get(0), r.get(4))?,
    })
}
// ---- end ledger ----

// ---- analytics (patent navigation, issue 5) ----
// Pages are ordered by id in byte order (`COLLATE "C"`) whatever the database's locale, so
// keyset paging and the join of children to rights agree with SQLite and with Rust's order.
impl PgStore {
    fn fact_rows(&mut self, after: &str, limit: usize) -> Result<Vec<RightFacts>, StoreError> {
        let sql =
            format!("SELECT {FACT_COLUMNS} FROM rights WHERE id COLLATE \"C\" > $1 ORDER BY id COLLATE \"C\" LIMIT $2");
        let rows = self.client.query(&sql, &[&after, &(limit as i64)])?;
        rows.iter()
            .map(|r| {
                let id: String = r.get(0);
                Ok(facts::bare(FactColumns {
                    pub_key: r.get(1),
                    app_key: r.get(2),
                    kind: facts::kind(&id, r.get(3))?,
                    office: r.get(4),
                    status: facts::status(&id, r.get(5))?,
                    year: r.get(6),
                    dates: [facts::date(&id, r.get(7))?, facts::date(&id, r.get(8))?, facts::date(&id, r.get(9))?],
                    stub: r.get(10),
                    synthetic: r.get(11),
                    source: r.get(12),
                    id,
                }))
            })
            .collect()
    }

    /// Attaches the child rows of the rights with ids in `first..=last` (byte order): ordered
    /// range scans of migration 0005's `*_facts` indexes, so PostgreSQL neither sorts the
    /// rows nor matches them against a list of the page's ids.
    fn attach_children(&mut self, page: &mut [RightFacts], first: &str, last: &str) -> Result<(), StoreError> {
        let rows = self.client.query(
            "SELECT right_id, scheme, symbol, main FROM right_classes \
             WHERE right_id COLLATE \"C\" BETWEEN $1 AND $2 \
             ORDER BY right_id COLLATE \"C\", scheme COLLATE \"C\", symbol COLLATE \"C\"",
            &[&first, &last],
        )?;
        let mut cursor = facts::Cursor::new(page);
        for r in &rows {
            if let Some(f) = cursor.right(r.get::<_, &str>(0).as_bytes()) {
                let class = facts::class(&f.id, r.get(1), r.get(2), r.get(3))?;
                f.classes.push(class);
            }
        }
        let rows = self.client.query(
            "SELECT right_id, role, name, country, province, city, city_zh FROM right_parties \
             WHERE right_id COLLATE \"C\" BETWEEN $1 AND $2 ORDER BY right_id COLLATE \"C\", seq",
            &[&first, &last],
        )?;
        let mut cursor = facts::Cursor::new(page);
        for r in &rows {
            if let Some(f) = cursor.right(r.get::<_, &str>(0).as_bytes()) {
                let party = facts::party(&f.id, r.get(1), r.get(2), [r.get(3), r.get(4), r.get(5), r.get(6)])?;
                f.parties.push(party);
            }
        }
        let rows = self.client.query(
            "SELECT right_id, cited FROM right_citations WHERE right_id COLLATE \"C\" BETWEEN $1 AND $2 \
             ORDER BY right_id COLLATE \"C\", cited COLLATE \"C\"",
            &[&first, &last],
        )?;
        let mut cursor = facts::Cursor::new(page);
        for r in &rows {
            if let Some(f) = cursor.right(r.get::<_, &str>(0).as_bytes()) {
                f.cites.push(r.get(1));
            }
        }
        Ok(())
    }
}
// ---- end analytics ----
