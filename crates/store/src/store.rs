//! The storage trait. Backends implement the row-moving primitives; everything that
//! decides what a write means (`apply`) and how a right is read back (`get`, `resolve`,
//! `stats`) is written once here and in `reconcile`.

use crate::accounts::{AuditRecord, HolderName, NewAudit, NewUser, TokenRecord, UserChange, UserRecord};
use crate::ledger::{LedgerSubject, Logged, Pending, StoredEvent};
use crate::reconcile::{self, BatchOutcome, Incoming};
use crate::row::{EventRow, RightRow, StoredRight};
use crate::StoreError;
use serde::Serialize;
use silkport_model::{
    AppNumber, EventKind, EventTally, LegalEvent, PublicationId, RefRecord, Right, RightFacts, RightId, RightKind,
};
use std::collections::BTreeMap;

/// Which key column of `rights` a lookup uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyColumn {
    PubKey,
    AppKey,
}

impl KeyColumn {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyColumn::PubKey => "pub_key",
            KeyColumn::AppKey => "app_key",
        }
    }
}

/// One row of a breakdown: a label and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub key: String,
    pub count: i64,
}

fn counts(rows: Vec<(String, i64)>) -> Vec<Count> {
    rows.into_iter().map(|(key, count)| Count { key, count }).collect()
}

/// Turns counts of language sets (`de en fr` → 68) into counts per language, ordered by
/// count: the few distinct sets make this cheaper than a row per language per right.
fn split_language_sets(sets: Vec<(String, i64)>) -> Vec<(String, i64)> {
    let mut per: BTreeMap<String, i64> = BTreeMap::new();
    for (set, n) in sets {
        for lang in set.split_whitespace() {
            *per.entry(lang.to_string()).or_default() += n;
        }
    }
    let mut rows: Vec<(String, i64)> = per.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// Counts of what the registry holds, for `silkport stats`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Stats {
    pub rights: i64,
    pub stubs: i64,
    pub synthetic: i64,
    pub events: i64,
    pub by_kind: Vec<Count>,
    pub by_office: Vec<Count>,
    pub by_year: Vec<Count>,
    /// Rights with any text in the language (a trilingual EP document counts thrice).
    pub by_language: Vec<Count>,
    pub by_source: Vec<Count>,
    pub events_by_kind: Vec<Count>,
    pub references_by_table: Vec<Count>,
}

/// A registry backend. Not `Sync`: one connection, used from one thread at a time.
pub trait Store: Send {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    fn schema_version(&mut self) -> Result<u32, StoreError>;

    fn begin(&mut self) -> Result<(), StoreError>;
    fn commit(&mut self) -> Result<(), StoreError>;
    fn rollback(&mut self) -> Result<(), StoreError>;

    fn load_rights(&mut self, ids: &[String]) -> Result<Vec<StoredRight>, StoreError>;
    /// `(key, id)` pairs of rights whose key column matches one of `keys`.
    fn ids_by_key(&mut self, column: KeyColumn, keys: &[String]) -> Result<Vec<(String, String)>, StoreError>;
    fn has_stubs(&mut self) -> Result<bool, StoreError>;
    /// Inserts or replaces rights with their child rows.
    fn put_rights(&mut self, rows: &[RightRow]) -> Result<(), StoreError>;
    fn delete_rights(&mut self, ids: &[String]) -> Result<(), StoreError>;

    /// `(key, doc)` of the stored events among `keys`.
    fn load_event_docs(&mut self, keys: &[String]) -> Result<Vec<(String, String)>, StoreError>;
    fn put_events(&mut self, rows: &[EventRow]) -> Result<(), StoreError>;
    /// Events attached to a right by its id, publication key or application key.
    fn event_docs_for(
        &mut self,
        id: &str,
        pub_key: Option<&str>,
        app_key: Option<&str>,
    ) -> Result<Vec<(String, String)>, StoreError>;

    /// `((tbl, key, lang), doc)` of stored reference rows among `keys`.
    fn load_ref_docs(&mut self, keys: &[(String, String, String)]) -> Result<Vec<RefKeyDoc>, StoreError>;
    fn put_refs(&mut self, rows: &[RefKeyDoc]) -> Result<(), StoreError>;
    fn ref_docs(&mut self, tbl: &str, key: &str) -> Result<Vec<String>, StoreError>;

    /// Up to `limit` rights in id order, starting after `after` (from the first when
    /// `None`), without their events: for streaming the whole registry (search reindex).
    fn rights_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<Right>, StoreError>;

    /// Runs a `SELECT label, count` query and returns its rows.
    fn group_counts(&mut self, sql: &str) -> Result<Vec<(String, i64)>, StoreError>;

    // ---- ledger (transparency log, issue 4) ----
    /// Queues `keys` of `subject` for the ledger, within the caller's transaction: `apply`
    /// calls it for every event and right it writes.
    fn ledger_mark(&mut self, subject: LedgerSubject, keys: &[String]) -> Result<(), StoreError>;
    /// Up to `limit` queued changes, oldest first.
    fn ledger_pending(&mut self, limit: usize) -> Result<Vec<Pending>, StoreError>;
    /// Records the latest log entry of each reference in `logged` and removes the queued
    /// changes in `done` whose `seq` is unchanged. Not transactional by itself: see
    /// `ledger_settle`.
    fn ledger_record(&mut self, logged: &[Logged], done: &[Pending]) -> Result<(), StoreError>;
    /// The latest logged entry of each of `refs` that has one.
    fn ledger_logged(&mut self, refs: &[String]) -> Result<Vec<Logged>, StoreError>;
    /// The highest log index recorded, if any.
    fn ledger_last_index(&mut self) -> Result<Option<u64>, StoreError>;
    /// Events by key, with the columns that attach them to rights.
    fn events_by_key(&mut self, keys: &[String]) -> Result<Vec<StoredEvent>, StoreError>;
    /// Up to `limit` events with keys after `after` (from the first when `None`), in key order.
    fn events_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<StoredEvent>, StoreError>;
    /// Up to `limit` ids of full (not stub) rights after `after`, in id order.
    fn full_right_ids_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<String>, StoreError>;
    // ---- end ledger ----
    // ---- analytics (patent navigation, issue 5) ----
    /// Up to `limit` rights with ids after `after` (all from the first when `None`), in id
    /// order (byte order), as facts for analytics: columns and child rows, no documents.
    fn facts_page(&mut self, after: Option<&str>, limit: usize) -> Result<Vec<RightFacts>, StoreError>;
    /// The id of the `n`-th right after `after` (from the first when `None`) in id order,
    /// `None` when fewer remain: where a page of `n` facts ends, found without reading them,
    /// so that two readers can each take every other page.
    fn facts_page_end(&mut self, after: Option<&str>, n: usize) -> Result<Option<String>, StoreError>;
    /// A second connection to the same registry for reading facts on another thread beside
    /// this one (read-only on SQLite); `None` where there is no second connection to open (an
    /// in-memory SQLite database). It sees what is committed, not this connection's open
    /// transaction.
    fn facts_reader(&self) -> Result<Option<Box<dyn Store>>, StoreError>;
    /// Runs a `SELECT` of `keys` text columns followed by a count, and returns its rows.
    fn group_rows(&mut self, sql: &str, keys: usize) -> Result<Vec<GroupRow>, StoreError>;
    /// An SQL expression for the province of the first owner (first assignee, else
    /// applicant, else holder) of the right `r`, as `RightRow::owner_province` gives it:
    /// SQLite keeps it as a column, PostgreSQL finds it in `right_parties`.
    fn owner_province_sql(&self) -> &'static str;
    /// The documents of every row of one reference table, ordered by key and language.
    fn ref_table_docs(&mut self, tbl: &str) -> Result<Vec<String>, StoreError>;
    // ---- end analytics ----
    // ---- accounts (portal, issue 6) ----
    /// Creates a user; `None` when the name is taken.
    fn user_insert(&mut self, user: &NewUser) -> Result<Option<i64>, StoreError>;
    fn user_by_id(&mut self, id: i64) -> Result<Option<UserRecord>, StoreError>;
    fn user_by_name(&mut self, name: &str) -> Result<Option<UserRecord>, StoreError>;
    /// Every user, by id.
    fn users(&mut self) -> Result<Vec<UserRecord>, StoreError>;
    /// Applies `change` to user `id`; false when there is no such user.
    fn user_update(&mut self, id: i64, change: &UserChange) -> Result<bool, StoreError>;
    /// The holder names of a user, by name.
    fn holder_names(&mut self, user_id: i64) -> Result<Vec<HolderName>, StoreError>;
    /// Binds `name` to the user, or updates its verification.
    fn holder_name_put(
        &mut self,
        user_id: i64,
        name: &str,
        verified_by: Option<i64>,
        at: i64,
    ) -> Result<(), StoreError>;
    /// Unbinds `name`; false when it was not bound.
    fn holder_name_delete(&mut self, user_id: i64, name: &str) -> Result<bool, StoreError>;
    fn session_insert(
        &mut self,
        id_hash: &str,
        user_id: i64,
        created_at: i64,
        expires_at: i64,
    ) -> Result<(), StoreError>;
    /// The enabled user of the unexpired session `id_hash`.
    fn session_user(&mut self, id_hash: &str, now: i64) -> Result<Option<UserRecord>, StoreError>;
    fn session_delete(&mut self, id_hash: &str) -> Result<(), StoreError>;
    /// Ends every session of a user (role change, new password, disabling); how many.
    fn sessions_delete_user(&mut self, user_id: i64) -> Result<u64, StoreError>;
    /// Removes sessions expired at `now`; how many.
    fn sessions_expire(&mut self, now: i64) -> Result<u64, StoreError>;
    /// Stores a new token (by hash) and returns its id.
    fn token_insert(
        &mut self,
        token_hash: &str,
        user_id: i64,
        label: &str,
        created_at: i64,
        expires_at: Option<i64>,
    ) -> Result<i64, StoreError>;
    /// The token with this hash, unrevoked and unexpired at `now`, and its enabled user.
    fn token_user(&mut self, token_hash: &str, now: i64) -> Result<Option<(TokenRecord, UserRecord)>, StoreError>;
    /// A user's tokens, revoked ones included, by id.
    fn tokens_of(&mut self, user_id: i64) -> Result<Vec<TokenRecord>, StoreError>;
    /// Revokes token `id` if it belongs to `user_id` and is not yet revoked; whether it did.
    fn token_revoke(&mut self, user_id: i64, id: i64, at: i64) -> Result<bool, StoreError>;
    fn audit_append(&mut self, entry: &NewAudit) -> Result<i64, StoreError>;
    /// Up to `limit` audit lines with ids below `before` (from the newest when `None`), newest first.
    fn audit_page(&mut self, before: Option<i64>, limit: usize) -> Result<Vec<AuditRecord>, StoreError>;
    // ---- end accounts ----
}

/// A row of [`Store::group_rows`]: the key columns and the count.
pub type GroupRow = (Vec<Option<String>>, i64);

pub type RefKeyDoc = ((String, String, String), String);

/// The registry's operations, written once over the primitives of any backend.
impl dyn Store + '_ {
    /// Applies a batch of incoming records atomically: all of it or none.
    pub fn apply(&mut self, batch: Vec<Incoming>) -> Result<BatchOutcome, StoreError> {
        apply(self, batch)
    }

    /// [`apply`](Self::apply) within a transaction the caller began (`begin`) and will end:
    /// for a write that must commit together with rows of its own (the portal's audit log).
    pub fn apply_within(&mut self, batch: Vec<Incoming>) -> Result<BatchOutcome, StoreError> {
        reconcile::apply(self, batch)
    }

    /// A right with its events (sorted by date), by canonical id.
    pub fn get(&mut self, id: &RightId) -> Result<Option<Right>, StoreError> {
        get(self, id)
    }

    /// The rights an identifier the user typed may mean.
    pub fn resolve(&mut self, input: &str) -> Result<Vec<RightId>, StoreError> {
        resolve(self, input)
    }

    /// Reference rows of one table and key, every language.
    pub fn reference(&mut self, tbl: &str, key: &str) -> Result<Vec<RefRecord>, StoreError> {
        reference(self, tbl, key)
    }

    pub fn stats(&mut self) -> Result<Stats, StoreError> {
        stats(self)
    }

    // ---- ledger (transparency log, issue 4) ----
    /// [`Store::ledger_record`] in one transaction: the log's new entries are recorded and
    /// their queued changes removed together, or neither.
    pub fn ledger_settle(&mut self, logged: &[Logged], done: &[Pending]) -> Result<(), StoreError> {
        in_transaction(self, |s| s.ledger_record(logged, done))
    }

    /// How many changes wait for the ledger.
    pub fn ledger_pending_count(&mut self) -> Result<u64, StoreError> {
        let rows = self.group_counts("SELECT 'pending', COUNT(*) FROM ledger_outbox")?;
        Ok(rows.first().map_or(0, |r| r.1.max(0) as u64))
    }
    // ---- end ledger ----

    // ---- analytics (patent navigation, issue 5) ----
    /// Every row of one reference table (`ipc_technology`, `stat`…).
    pub fn reference_table(&mut self, tbl: &str) -> Result<Vec<RefRecord>, StoreError> {
        reference_table(self, tbl)
    }

    /// Transfers, licences and pledges counted by year, right kind and the province of the
    /// right's first owner.
    pub fn event_tallies(&mut self) -> Result<Vec<EventTally>, StoreError> {
        event_tallies(self)
    }

    /// How often each patent document is cited by the registry's rights (forward
    /// citations), by publication key.
    pub fn citation_counts(&mut self) -> Result<Vec<Count>, StoreError> {
        Ok(counts(self.group_counts("SELECT cited, COUNT(*) FROM right_citations GROUP BY cited")?))
    }
    // ---- end analytics ----
}

/// Runs `f` in a transaction: committed if it succeeds, rolled back if not. Generic over the
/// caller's error, so a layer above (the portal) can run its own work in one transaction.
pub fn in_transaction<T, E: From<StoreError>>(
    store: &mut dyn Store,
    f: impl FnOnce(&mut dyn Store) -> Result<T, E>,
) -> Result<T, E> {
    store.begin()?;
    match f(store) {
        Ok(v) => {
            store.commit()?;
            Ok(v)
        }
        Err(e) => {
            // The operation's error is the one worth reporting; a failed rollback adds nothing.
            let _ = store.rollback();
            Err(e)
        }
    }
}

fn apply(store: &mut dyn Store, batch: Vec<Incoming>) -> Result<BatchOutcome, StoreError> {
    in_transaction(store, |s| reconcile::apply(s, batch))
}

fn get(store: &mut dyn Store, id: &RightId) -> Result<Option<Right>, StoreError> {
    let Some(stored) = store.load_rights(&[id.to_string()])?.into_iter().next() else {
        return Ok(None);
    };
    let mut right = stored.right;
    let pub_key = right.pub_key().map(|k| k.0);
    let app_key = right.app_key();
    let docs = store.event_docs_for(id.as_str(), pub_key.as_deref(), app_key.as_deref())?;
    right.events = docs
        .into_iter()
        .map(|(key, doc)| {
            serde_json::from_str::<LegalEvent>(&doc)
                .map_err(|e| StoreError::Corrupt { id: key, message: e.to_string() })
        })
        .collect::<Result<_, _>>()?;
    right.events.sort_by(|a, b| (a.date, &a.key).cmp(&(b.date, &b.key)));
    Ok(Some(right))
}

/// The rights an identifier the user typed may mean: any publication-number variant
/// (with or without kind code), an application number, or a register id.
fn resolve(store: &mut dyn Store, input: &str) -> Result<Vec<RightId>, StoreError> {
    let mut ids: Vec<String> = Vec::new();
    if let Ok(p) = PublicationId::parse(input) {
        if p.kind().is_some() {
            ids.extend(store.load_rights(&[p.to_string()])?.into_iter().map(|s| s.right.id.to_string()));
        }
        if ids.is_empty() {
            ids.extend(store.ids_by_key(KeyColumn::PubKey, &[p.key().0])?.into_iter().map(|(_, id)| id));
        }
    }
    if ids.is_empty() {
        if let Ok(a) = AppNumber::parse(input) {
            ids.extend(store.ids_by_key(KeyColumn::AppKey, &[a.key()])?.into_iter().map(|(_, id)| id));
        }
    }
    if ids.is_empty() {
        if let Ok(r) = RightId::parse(input) {
            ids.extend(store.load_rights(&[r.to_string()])?.into_iter().map(|s| s.right.id.to_string()));
        }
    }
    ids.sort();
    ids.dedup();
    Ok(ids.iter().filter_map(|i| RightId::parse(i).ok()).collect())
}

fn reference(store: &mut dyn Store, tbl: &str, key: &str) -> Result<Vec<RefRecord>, StoreError> {
    store
        .ref_docs(tbl, key)?
        .into_iter()
        .map(|doc| {
            serde_json::from_str(&doc)
                .map_err(|e| StoreError::Corrupt { id: format!("{tbl}/{key}"), message: e.to_string() })
        })
        .collect()
}

// ---- analytics (patent navigation, issue 5) ----
fn reference_table(store: &mut dyn Store, tbl: &str) -> Result<Vec<RefRecord>, StoreError> {
    store
        .ref_table_docs(tbl)?
        .into_iter()
        .map(|doc| {
            serde_json::from_str(&doc).map_err(|e| StoreError::Corrupt { id: tbl.into(), message: e.to_string() })
        })
        .collect()
}

/// The event kinds the indicators count: the founding document's "transfers and licences",
/// and pledge financing.
const TALLIED_EVENTS: &str = "('transfer', 'licence', 'pledge')";

/// Events name their right by id, publication key or application key; the first right
/// found that way (lowest id, so A and B publications of one application count once) gives
/// the kind, and its first owner (assignee, else applicant, else holder) the province.
fn event_tallies(store: &mut dyn Store) -> Result<Vec<EventTally>, StoreError> {
    let sql = format!(
        "SELECT year, kind, right_kind, province, COUNT(*) FROM (
             SELECT substr(e.date, 1, 4) AS year, e.kind AS kind, r.kind AS right_kind,
                    {owner_province} AS province
             FROM (SELECT date, kind, COALESCE(right_id,
                          (SELECT MIN(x.id) FROM rights x WHERE x.pub_key = ev.pub_key),
                          (SELECT MIN(x.id) FROM rights x WHERE x.app_key = ev.app_key)) AS rid
                   FROM events ev WHERE kind IN {TALLIED_EVENTS}) e
             LEFT JOIN rights r ON r.id = e.rid
         ) t GROUP BY year, kind, right_kind, province",
        owner_province = store.owner_province_sql()
    );
    let mut out = Vec::new();
    for (keys, count) in store.group_rows(&sql, 4)? {
        let [year, event, kind, province]: [Option<String>; 4] = keys
            .try_into()
            .map_err(|_| StoreError::Corrupt { id: "events".into(), message: "bad row width".into() })?;
        let Some(event) = event.as_deref().and_then(EventKind::parse) else { continue };
        out.push(EventTally {
            year: year.and_then(|y| y.parse().ok()),
            event,
            right_kind: kind.as_deref().and_then(RightKind::parse),
            province,
            count: count.max(0) as u64,
        });
    }
    Ok(out)
}
// ---- end analytics ----

/// Counts by kind, office, year, language, source and event kind.
fn stats(store: &mut dyn Store) -> Result<Stats, StoreError> {
    let one = |rows: Vec<(String, i64)>| rows.first().map(|r| r.1).unwrap_or(0);
    Ok(Stats {
        rights: one(store.group_counts("SELECT 'all', COUNT(*) FROM rights")?),
        stubs: one(store.group_counts("SELECT 'stubs', COUNT(*) FROM rights WHERE stub")?),
        synthetic: one(store.group_counts("SELECT 'synthetic', COUNT(*) FROM rights WHERE synthetic")?),
        events: one(store.group_counts("SELECT 'events', COUNT(*) FROM events")?),
        by_kind: counts(store.group_counts("SELECT kind, COUNT(*) FROM rights GROUP BY kind ORDER BY 2 DESC, 1")?),
        by_office: counts(
            store.group_counts("SELECT office, COUNT(*) FROM rights GROUP BY office ORDER BY 2 DESC, 1")?,
        ),
        by_year: counts(store.group_counts(
            "SELECT COALESCE(CAST(year AS TEXT), 'unknown'), COUNT(*) FROM rights GROUP BY year ORDER BY year",
        )?),
        by_language: counts(split_language_sets(
            store.group_counts("SELECT langs, COUNT(*) FROM rights GROUP BY langs")?,
        )),
        by_source: counts(
            store
                .group_counts("SELECT source_format, COUNT(*) FROM rights GROUP BY source_format ORDER BY 2 DESC, 1")?,
        ),
        events_by_kind: counts(
            store.group_counts("SELECT kind, COUNT(*) FROM events GROUP BY kind ORDER BY 2 DESC, 1")?,
        ),
        references_by_table: counts(store.group_counts("SELECT tbl, COUNT(*) FROM reference GROUP BY tbl ORDER BY 1")?),
    })
}
