//! `audit`: re-derives from the log every right's history and compares it with what the
//! registry says now. The log is first verified in full (every hash recomputed from the
//! entries, the checkpoint's root matched); then each reference's latest entry is compared
//! with the entry the registry's current state makes. A divergence is a change that reached
//! the registry without reaching the log, or an edit of the registry behind the log's back.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use silkport_model::RightId;
use silkport_store::{LedgerSubject, Store};
use silkport_tlog::{leaf_hash, Entry};

use crate::derive::{right_entry, right_reference, still_names, stored_event_entry, Skip};
use crate::sync::entry_reference;
use crate::{Ledger, LedgerError, Result};

/// How the registry and the log disagree about one reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DivergenceKind {
    /// The registry has a logged kind of change the log lacks (and no sync is pending).
    MissingFromLog,
    /// The log has an entry for a change the registry no longer has.
    NotInRegistry,
    /// Both have it, and they say different things.
    Differs,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Divergence {
    pub kind: DivergenceKind,
    /// The right it concerns (as the registry or, failing that, the log names it).
    pub right: String,
    /// The event key or `grant:<id>` / `registration:<id>`.
    pub reference: String,
    /// The log index of the latest entry for the reference, if any.
    pub index: Option<u64>,
    pub detail: String,
}

/// What an audit found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// Entries in the audited tree (the published checkpoint), all hashes recomputed.
    pub log_entries: u64,
    /// Distinct references and rights the log has entries for.
    pub references: u64,
    pub rights: u64,
    /// References whose latest entry says what the registry says.
    pub matching: u64,
    /// Changes queued in the registry and not yet synced (not divergences).
    pub pending: u64,
    pub divergences: Vec<Divergence>,
}

/// A reference's latest entry in the log.
struct LogState {
    index: u64,
    leaf: String,
    right: String,
}

impl Ledger {
    /// Verifies the log, then compares every reference's latest entry with the registry.
    pub fn audit(&self, store: &mut dyn Store) -> Result<AuditReport> {
        self.log().verify()?;
        let mut report = AuditReport { log_entries: self.log().size(), ..AuditReport::default() };
        let mut logged = self.read_latest_entries()?;
        report.references = logged.len() as u64;
        report.rights = logged.values().map(|s| s.right.as_str()).collect::<BTreeSet<_>>().len() as u64;
        let pending = pending_references(store)?;
        let mut after: Option<String> = None;
        loop {
            let page = store.events_page(after.as_deref(), 2_000)?;
            let Some(last) = page.last() else { break };
            after = Some(last.event.key.clone());
            for e in &page {
                let derived = stored_event_entry(store, e)?;
                self.compare(store, &e.event.key, derived, &mut logged, &pending, &mut report)?;
            }
        }
        let mut after: Option<String> = None;
        loop {
            let ids = store.full_right_ids_page(after.as_deref(), 2_000)?;
            let Some(last) = ids.last() else { break };
            after = Some(last.clone());
            for stored in store.load_rights(&ids)? {
                let derived = right_entry(&stored.right);
                let id = stored.right.id.to_string();
                for event in ["grant", "registration"] {
                    let reference = right_reference(event, &id);
                    let mine = derived.as_ref().ok().filter(|e| e.event == event).cloned().ok_or(Skip::NotGranted);
                    self.compare(store, &reference, mine, &mut logged, &pending, &mut report)?;
                }
            }
        }
        for (reference, state) in logged {
            report.divergences.push(Divergence {
                kind: DivergenceKind::NotInRegistry,
                right: state.right,
                reference,
                index: Some(state.index),
                detail: "the log records this change; the registry has no such event or right".into(),
            });
        }
        Ok(report)
    }

    /// Every reference's latest entry in the published tree.
    fn read_latest_entries(&self) -> Result<HashMap<String, LogState>> {
        let size = self.log().size();
        let mut out = HashMap::new();
        let mut next = 0;
        while next < size {
            let end = (next + 4096).min(size);
            for (index, bytes) in (next..end).zip(self.log().entries_range(next..end)?) {
                let entry = decode(index, &bytes)?;
                let reference = entry_reference(index, &bytes)?;
                out.insert(reference, LogState { index, leaf: leaf_hash(&bytes).to_hex(), right: entry.right });
            }
            next = end;
        }
        Ok(out)
    }

    /// Compares what the registry makes of `reference` with the log's latest entry for it.
    fn compare(
        &self,
        store: &mut dyn Store,
        reference: &str,
        derived: Result<Entry, Skip>,
        logged: &mut HashMap<String, LogState>,
        pending: &BTreeSet<String>,
        report: &mut AuditReport,
    ) -> Result<()> {
        let in_log = logged.remove(reference);
        if pending.contains(reference) {
            report.pending += 1;
            return Ok(());
        }
        let divergence = |kind, right: &str, index, detail: String| Divergence {
            kind,
            right: right.to_string(),
            reference: reference.to_string(),
            index,
            detail,
        };
        let d = match (derived, in_log) {
            (Err(_), None) => return Ok(()),
            (Ok(expected), None) => divergence(
                DivergenceKind::MissingFromLog,
                &expected.right,
                None,
                format!("the registry records a {} of {}; the log has no entry for it", expected.event, expected.date),
            ),
            (Err(why), Some(state)) => divergence(
                DivergenceKind::Differs,
                &state.right,
                Some(state.index),
                format!("the log records this change; the registry no longer makes it one ({why:?})"),
            ),
            (Ok(expected), Some(state)) => match self.difference(store, expected, &state)? {
                None => {
                    report.matching += 1;
                    return Ok(());
                }
                Some((right, detail)) => divergence(DivergenceKind::Differs, &right, Some(state.index), detail),
            },
        };
        report.divergences.push(d);
        Ok(())
    }

    /// How the log's latest entry differs from the expected one, if it does.
    fn difference(
        &self,
        store: &mut dyn Store,
        mut expected: Entry,
        state: &LogState,
    ) -> Result<Option<(String, String)>> {
        if leaf_hash(&expected.encode()?).to_hex() == state.leaf {
            return Ok(None);
        }
        let logged = decode(state.index, &self.log().entry(state.index)?)?;
        if logged.right != expected.right && still_names(store, &logged.right, &expected.right)? {
            expected.right = logged.right.clone();
            if leaf_hash(&expected.encode()?).to_hex() == state.leaf {
                return Ok(None);
            }
        }
        Ok(Some((expected.right.clone(), line_diff(&logged, &expected)?)))
    }

    /// A right's history as the log tells it: every entry naming the right (by its id or an
    /// id the registry resolves to it), in log order.
    pub fn history(&self, store: &mut dyn Store, right: &RightId) -> Result<Vec<(u64, Entry)>> {
        // An entry names the right by its id or, logged while only a stub existed, by the
        // stub's id, its publication key: only those ids are worth resolving.
        let pub_key = right.publication().map(|p| p.key().0);
        let candidate = |token: &str| token == right.as_str() || pub_key.as_deref() == Some(token);
        let size = self.log().size();
        let mut names: HashMap<String, bool> = HashMap::new();
        let mut out = Vec::new();
        let mut next = 0;
        while next < size {
            let end = (next + 4096).min(size);
            for (index, bytes) in (next..end).zip(self.log().entries_range(next..end)?) {
                let entry = decode(index, &bytes)?;
                let ours = match names.get(&entry.right) {
                    _ if !candidate(&entry.right) => false,
                    Some(&known) => known,
                    None => {
                        let known = still_names(store, &entry.right, right.as_str())?;
                        names.insert(entry.right.clone(), known);
                        known
                    }
                };
                if ours {
                    out.push((index, entry));
                }
            }
            next = end;
        }
        Ok(out)
    }
}

impl Ledger {
    /// The latest logged entry of each reference of a right — its events' keys and its grant
    /// or registration — in log order: the right's current statements, found through the
    /// registry's record of the log (`ledger_entries`) without scanning the log as `history`
    /// does, so it costs the same at any log size. Entries re-logged since are not listed.
    pub fn current_entries(&self, store: &mut dyn Store, right: &RightId) -> Result<Vec<(u64, Entry)>> {
        let Some(r) = store.get(right)? else { return Ok(Vec::new()) };
        let mut refs: Vec<String> = r.events.iter().map(|e| e.key.clone()).collect();
        refs.push(right_reference("grant", right.as_str()));
        refs.push(right_reference("registration", right.as_str()));
        let mut indexes: Vec<u64> = store.ledger_logged(&refs)?.into_iter().map(|l| l.index).collect();
        indexes.sort_unstable();
        let published = self.log().size();
        indexes.into_iter().filter(|i| *i < published).map(|i| Ok((i, decode(i, &self.log().entry(i)?)?))).collect()
    }
}

fn decode(index: u64, bytes: &[u8]) -> Result<Entry> {
    Entry::decode(bytes).map_err(|e| LedgerError::ForeignEntry { index, detail: e.to_string() })
}

/// The lines only the log has (`-`) and only the registry has (`+`).
fn line_diff(logged: &Entry, expected: &Entry) -> Result<String> {
    let lines = |e: &Entry| -> Result<Vec<String>> {
        Ok(String::from_utf8_lossy(&e.encode()?).lines().map(str::to_string).collect())
    };
    let (old, new) = (lines(logged)?, lines(expected)?);
    let mut parts: Vec<String> = old.iter().filter(|l| !new.contains(l)).map(|l| format!("log: {l}")).collect();
    parts.extend(new.iter().filter(|l| !old.contains(l)).map(|l| format!("registry: {l}")));
    Ok(parts.join("; "))
}

/// The references of the registry's queued changes (events by key, rights by their entry's
/// references), which an audit does not count as divergences.
fn pending_references(store: &mut dyn Store) -> Result<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for p in store.ledger_pending(usize::MAX >> 1)? {
        match p.subject {
            LedgerSubject::Event => {
                out.insert(p.key);
            }
            LedgerSubject::Right => {
                out.insert(right_reference("grant", &p.key));
                out.insert(right_reference("registration", &p.key));
            }
        }
    }
    Ok(out)
}
