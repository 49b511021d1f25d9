//! `sync`: the registry's queued changes become log entries.
//!
//! A change and its queue row commit in one registry transaction (`apply`). Sync then, per
//! batch: derives each queued subject's entry from the registry's current state; appends the
//! entries whose bytes differ from the latest logged for their reference (fsynced before the
//! append returns); and in one registry transaction records them and removes their queue
//! rows. A crash between the append and that transaction leaves entries in the log the
//! registry does not know of: `reconcile`, run first by every sync, reads the log past the
//! last recorded index and records them by reference, so re-deriving the still-queued rows
//! finds them logged and appends nothing twice.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::Serialize;
use silkport_store::{LedgerSubject, Logged, Pending, Store, StoredEvent};
use silkport_tlog::{leaf_hash, Entry};

use crate::derive::{event_type, right_entry, still_names, stored_event_entry, Skip};
use crate::{Ledger, LedgerError, Result};

/// How many queued changes one batch takes (one append, one registry transaction).
pub const BATCH: usize = 5_000;

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncReport {
    /// Entries appended to the log.
    pub appended: u64,
    /// Queued changes whose entry the log already holds (re-ingests, reconciled entries).
    pub unchanged: u64,
    /// Queued changes that are not rights-state changes (fees, prosecution, stubs, undated…).
    pub not_logged: u64,
    /// Events no right claims yet: logged when their right arrives.
    pub unattached: u64,
    /// Changes that cannot become a valid entry (see `problems`).
    pub refused: u64,
    /// Entries found in the log past what the registry had recorded (after a crash).
    pub reconciled: u64,
    /// The log's size and the published checkpoint's size after the sync.
    pub tree_size: u64,
    pub checkpoint_size: u64,
    pub seconds: f64,
    /// The first problems met, for the operator.
    pub problems: Vec<String>,
}

const MAX_PROBLEMS: usize = 20;

impl SyncReport {
    fn problem(&mut self, message: String) {
        self.refused += 1;
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(message);
        }
    }

    fn skipped(&mut self, why: Skip) {
        match why {
            Skip::Unattached => self.unattached += 1,
            _ => self.not_logged += 1,
        }
    }
}

impl Ledger {
    /// Reconciles, then logs every queued change, publishing a checkpoint after each batch.
    pub fn sync(&self, store: &mut dyn Store) -> Result<SyncReport> {
        self.sync_with(store, BATCH, &mut |_| {})
    }

    /// [`Ledger::sync`] with a batch size and a callback after each batch (progress).
    pub fn sync_with(
        &self,
        store: &mut dyn Store,
        batch: usize,
        after_batch: &mut dyn FnMut(&SyncReport),
    ) -> Result<SyncReport> {
        let started = Instant::now();
        let mut report = SyncReport { reconciled: self.reconcile(store)?, ..SyncReport::default() };
        loop {
            let pending = store.ledger_pending(batch.max(1))?;
            if pending.is_empty() {
                break;
            }
            self.log_batch(store, &pending, &mut report)?;
            // Each batch is published, so verifiers and witnesses see progress on long syncs.
            self.log().publish_checkpoint()?;
            after_batch(&report);
        }
        let cp = self.log().publish_checkpoint()?;
        report.tree_size = self.log().size();
        report.checkpoint_size = cp.checkpoint.size;
        report.seconds = started.elapsed().as_secs_f64();
        Ok(report)
    }

    /// Records in the registry the log entries past its last recorded index: entries that
    /// reached the log (durably) when the process died before recording them. Returns how
    /// many.
    pub fn reconcile(&self, store: &mut dyn Store) -> Result<u64> {
        let start = store.ledger_last_index()?.map_or(0, |i| i + 1);
        let size = self.log().size();
        if start > size {
            return Err(LedgerError::LogBehindRegistry { recorded: start - 1, size });
        }
        let mut found = 0;
        let mut next = start;
        while next < size {
            let end = (next + 4096).min(size);
            let mut latest: BTreeMap<String, Logged> = BTreeMap::new();
            for (index, bytes) in (next..end).zip(self.log().entries_range(next..end)?) {
                let reference = entry_reference(index, &bytes)?;
                let leaf = leaf_hash(&bytes).to_hex();
                latest.insert(reference.clone(), Logged { reference, index, leaf });
            }
            let logged: Vec<Logged> = latest.into_values().collect();
            store.ledger_settle(&logged, &[])?;
            found += end - next;
            next = end;
        }
        Ok(found)
    }

    /// Derives, appends and records one batch of queued changes.
    fn log_batch(&self, store: &mut dyn Store, pending: &[Pending], report: &mut SyncReport) -> Result<()> {
        let derived = derive_batch(store, pending, report)?;
        let refs: Vec<String> = derived.keys().cloned().collect();
        let logged: BTreeMap<String, Logged> =
            store.ledger_logged(&refs)?.into_iter().map(|l| (l.reference.clone(), l)).collect();
        let mut new = Vec::new();
        for (reference, entry) in derived {
            match self.changed_entry(store, entry, logged.get(&reference))? {
                Some(bytes) => new.push((reference, bytes)),
                None => report.unchanged += 1,
            }
        }
        // Within a batch, oldest change first, so history reads in order.
        new.sort_by(|a, b| (entry_date(&a.1), &a.0).cmp(&(entry_date(&b.1), &b.0)));
        let bytes: Vec<&[u8]> = new.iter().map(|(_, b)| b.as_slice()).collect();
        let range = self.log().append_batch(&bytes)?;
        let records: Vec<Logged> = range
            .zip(&new)
            .map(|(index, (reference, b))| Logged { reference: reference.clone(), index, leaf: leaf_hash(b).to_hex() })
            .collect();
        report.appended += records.len() as u64;
        store.ledger_settle(&records, pending)?;
        Ok(())
    }

    /// The bytes to append for `entry`, or None when the latest logged entry of its
    /// reference already says the same (possibly naming the right by an id that still
    /// resolves to it).
    fn changed_entry(
        &self,
        store: &mut dyn Store,
        mut entry: Entry,
        logged: Option<&Logged>,
    ) -> Result<Option<Vec<u8>>> {
        let mut bytes = entry.encode()?;
        let Some(logged) = logged else { return Ok(Some(bytes)) };
        if leaf_hash(&bytes).to_hex() == logged.leaf {
            return Ok(None);
        }
        let previous = Entry::decode(&self.log().entry(logged.index)?)
            .map_err(|e| LedgerError::ForeignEntry { index: logged.index, detail: e.to_string() })?;
        if previous.right != entry.right && still_names(store, &previous.right, &entry.right)? {
            entry.right = previous.right;
            bytes = entry.encode()?;
            if leaf_hash(&bytes).to_hex() == logged.leaf {
                return Ok(None);
            }
        }
        Ok(Some(bytes))
    }
}

/// The reference of log entry `index`: every entry silkport writes has one.
pub(crate) fn entry_reference(index: u64, bytes: &[u8]) -> Result<String> {
    let foreign = |detail: String| LedgerError::ForeignEntry { index, detail };
    Entry::decode(bytes).map_err(|e| foreign(e.to_string()))?.reference.ok_or_else(|| foreign("no ref line".into()))
}

/// The date line of canonical entry bytes (the third line), for ordering.
fn entry_date(bytes: &[u8]) -> &[u8] {
    bytes.split(|&b| b == b'\n').nth(3).unwrap_or_default()
}

/// The entries of a batch of queued subjects, by reference, encoded-valid or reported.
fn derive_batch(
    store: &mut dyn Store,
    pending: &[Pending],
    report: &mut SyncReport,
) -> Result<BTreeMap<String, Entry>> {
    let keys = |subject: LedgerSubject| -> Vec<String> {
        pending.iter().filter(|p| p.subject == subject).map(|p| p.key.clone()).collect()
    };
    let (event_keys, right_ids) = (keys(LedgerSubject::Event), keys(LedgerSubject::Right));
    let mut events = store.events_by_key(&event_keys)?;
    report.not_logged += (event_keys.len() - events.len()) as u64; // deleted since queued
    let rights = store.load_rights(&right_ids)?;
    report.not_logged += (right_ids.len() - rights.len()) as u64;
    let mut out = BTreeMap::new();
    for stored in &rights {
        let r = &stored.right;
        add(&mut out, report, right_entry(r));
        // Events that arrived before their right were left unattached: look again.
        events.extend(unlogged_events_of(store, r)?);
    }
    for e in &events {
        add(&mut out, report, stored_event_entry(store, e)?);
    }
    Ok(out)
}

/// Adds a derived entry if it encodes; counts skips and refusals.
fn add(out: &mut BTreeMap<String, Entry>, report: &mut SyncReport, derived: Result<Entry, Skip>) {
    let entry = match derived {
        Ok(entry) => entry,
        Err(why) => return report.skipped(why),
    };
    let reference = entry.reference.clone().unwrap_or_default();
    match entry.encode() {
        Ok(_) => {
            out.insert(reference, entry);
        }
        Err(e) => report.problem(format!("{reference}: {e}")),
    }
}

/// The events `get` shows with `r` that have no log entry yet.
fn unlogged_events_of(store: &mut dyn Store, r: &silkport_model::Right) -> Result<Vec<StoredEvent>> {
    let pub_key = r.pub_key().map(|k| k.0);
    let keys: Vec<String> = store
        .event_docs_for(r.id.as_str(), pub_key.as_deref(), r.app_key().as_deref())?
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let logged: std::collections::HashSet<String> =
        store.ledger_logged(&keys)?.into_iter().map(|l| l.reference).collect();
    let unlogged: Vec<String> = keys.into_iter().filter(|k| !logged.contains(k)).collect();
    let mut events = store.events_by_key(&unlogged)?;
    events.retain(|e| event_type(e.event.kind).is_some());
    Ok(events)
}
