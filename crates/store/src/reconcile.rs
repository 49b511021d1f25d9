//! What a batch of incoming records does to the registry, decided once for every backend:
//! - a right not yet stored is inserted;
//! - a right stored from the same input (same fingerprint) is unchanged;
//! - otherwise the incoming version is merged (`Right::merge`: newer revisions override,
//!   older ones fill gaps) and written only if the result differs;
//! - a stub (a right known only by number, e.g. from an assignment) is absorbed by the full
//!   document with the same publication key, whichever arrives first;
//! - events and reference rows are keyed; a known key with the same content is unchanged.

use crate::ledger::LedgerSubject;
use crate::row::{decode_event, input_hash, EventRow, RightRow};
use crate::store::{KeyColumn, RefKeyDoc, Store};
use crate::StoreError;
use serde::Serialize;
use silkport_model::{EventRecord, LegalEvent, RefRecord, Right, RightId};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One incoming record.
#[derive(Debug, Clone)]
pub enum Incoming {
    Right(Box<Right>),
    /// A right already made ready by [`Incoming::prepare`].
    Prepared(Box<PreparedRight>),
    Event(Box<EventRecord>),
    Reference(RefRecord),
}

impl Incoming {
    /// Does the part of `apply`'s work on a right that needs no store: its JSON document,
    /// fingerprint and row. Ingest calls this on the parsing thread, so that the writer
    /// thread, the bottleneck, only reconciles and writes. A right whose document cannot be
    /// encoded stays as it is (`apply` reports the error).
    pub fn prepare(self) -> Incoming {
        match self {
            Incoming::Right(right) => match PreparedRight::new(*right) {
                Ok(p) => Incoming::Prepared(Box::new(p)),
                Err((right, _)) => Incoming::Right(right),
            },
            other => other,
        }
    }

    /// The id of the right this record is, if it is one.
    pub fn right_id(&self) -> Option<&RightId> {
        match self {
            Incoming::Right(r) => Some(&r.id),
            Incoming::Prepared(p) => Some(&p.right.id),
            Incoming::Event(_) | Incoming::Reference(_) => None,
        }
    }
}

/// A right with its events taken out and its JSON document. (Not its whole row: what one
/// thread allocates and another frees costs more to free, and the row is a score of small
/// strings.) No fingerprint: a right stored verbatim from its record is recognised by its
/// document, and a fingerprint is only taken when a record is merged (see [`Working`]).
#[derive(Debug, Clone)]
pub struct PreparedRight {
    right: Right,
    events: Vec<LegalEvent>,
    doc: String,
}

impl PreparedRight {
    /// The right back, with the error, when its document cannot be encoded.
    fn new(mut right: Right) -> Result<PreparedRight, (Box<Right>, StoreError)> {
        let events = std::mem::take(&mut right.events);
        match crate::row::encode(&right) {
            Ok(doc) => Ok(PreparedRight { right, events, doc }),
            Err(e) => {
                right.events = events;
                Err((Box::new(right), e))
            }
        }
    }
}

/// What happened to the records of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
}

impl Counts {
    pub fn add(&mut self, other: Counts) {
        self.inserted += other.inserted;
        self.updated += other.updated;
        self.unchanged += other.unchanged;
    }
    pub fn total(&self) -> u64 {
        self.inserted + self.updated + self.unchanged
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchOutcome {
    pub rights: Counts,
    pub events: Counts,
    pub references: Counts,
}

impl BatchOutcome {
    pub fn add(&mut self, other: BatchOutcome) {
        self.rights.add(other.rights);
        self.events.add(other.events);
        self.references.add(other.references);
    }
}

/// A right being worked on within the batch.
struct Working {
    right: Right,
    /// The fingerprint of the input record last folded in, or empty: when `doc` is that
    /// record verbatim, or when no record is known (a stub moved under its full id).
    hash: String,
    dirty: bool,
    /// Loaded from the store (as opposed to first seen in this batch).
    stored: bool,
    /// The right's JSON when it is exactly the last input record's, stored or incoming:
    /// written without encoding it again, and compared with the next record exactly.
    doc: Option<String>,
}

impl Working {
    /// Whether the record `doc` is the input this right was last stored or folded from.
    /// Most rights were stored verbatim from one record: comparing documents costs less
    /// than fingerprinting every record read, and cannot collide.
    fn same_input(&self, doc: &str) -> bool {
        match &self.doc {
            Some(own) if self.hash.is_empty() => own == doc,
            _ => !self.hash.is_empty() && self.hash == input_hash(doc),
        }
    }

    /// The right is about to differ from its last input record: fingerprint the record
    /// while it is still at hand.
    fn detach_doc(&mut self) {
        if let Some(doc) = self.doc.take() {
            if self.hash.is_empty() {
                self.hash = input_hash(&doc);
            }
        }
    }
}

pub(crate) fn apply(store: &mut dyn Store, batch: Vec<Incoming>) -> Result<BatchOutcome, StoreError> {
    let mut rights = Vec::with_capacity(batch.len());
    let mut events = Vec::new();
    let mut refs = Vec::new();
    for item in batch {
        match item {
            Incoming::Right(r) => rights.push(PreparedRight::new(*r).map_err(|(_, e)| e)?),
            Incoming::Prepared(p) => rights.push(*p),
            Incoming::Event(e) => events.push(EventRow::from_record(&e)?),
            Incoming::Reference(r) => refs.push(r),
        }
    }
    let mut outcome = BatchOutcome::default();
    let (counts, carried) = apply_rights(store, rights)?;
    outcome.rights = counts;
    events.extend(carried);
    outcome.events = apply_events(store, events)?;
    outcome.references = apply_refs(store, refs)?;
    Ok(outcome)
}

/// The kindless id a stub for this right would have (`US8087209` for `US8087209B2`).
fn stub_id(right: &Right) -> Option<String> {
    let p = right.publication.as_ref()?;
    p.kind().is_some().then(|| p.key().0)
}

fn is_kindless(right: &Right) -> bool {
    right.publication.as_ref().is_some_and(|p| p.kind().is_none())
}

fn apply_rights(store: &mut dyn Store, incoming: Vec<PreparedRight>) -> Result<(Counts, Vec<EventRow>), StoreError> {
    let mut counts = Counts::default();
    if incoming.is_empty() {
        return Ok((counts, Vec::new()));
    }
    let stubs_possible = incoming.iter().any(|p| is_kindless(&p.right)) || store.has_stubs()?;
    let mut full_by_key = full_ids_by_pub_key(store, &incoming)?;
    let mut working = load_working(store, &incoming, stubs_possible, full_by_key.values())?;
    let mut deleted = BTreeSet::new();
    let mut carried = Vec::new();
    for PreparedRight { right, events, doc } in incoming {
        let target = target_id(&right, &full_by_key);
        if let Some(stub) = stub_id(&right).filter(|_| stubs_possible) {
            absorb_stub(&mut working, &mut deleted, &stub, &target);
        }
        let outcome = fold(&mut working, &target, right, doc);
        bump(&mut counts, outcome);
        if let Some(w) = working.get(&target) {
            if !w.right.source.stub {
                if let Some(k) = w.right.pub_key() {
                    full_by_key.entry(k.0).or_insert_with(|| target.clone());
                }
            }
            for e in &events {
                carried.push(EventRow::from_right(&w.right, e)?);
            }
        }
    }
    write_rights(store, working, deleted)?;
    Ok((counts, carried))
}

#[derive(Clone, Copy)]
enum Outcome {
    Inserted,
    Updated,
    Unchanged,
}

fn bump(c: &mut Counts, o: Outcome) {
    match o {
        Outcome::Inserted => c.inserted += 1,
        Outcome::Updated => c.updated += 1,
        Outcome::Unchanged => c.unchanged += 1,
    }
}

/// Loads every stored right the batch may touch: its own ids, the stub ids of its full
/// documents, and the full documents its stubs belong to.
fn load_working<'a>(
    store: &mut dyn Store,
    incoming: &[PreparedRight],
    stubs_possible: bool,
    full_ids: impl Iterator<Item = &'a String>,
) -> Result<HashMap<String, Working>, StoreError> {
    let mut ids: BTreeSet<String> = incoming.iter().map(|p| p.right.id.to_string()).collect();
    ids.extend(full_ids.cloned());
    if stubs_possible {
        ids.extend(incoming.iter().filter_map(|p| stub_id(&p.right)));
    }
    let ids: Vec<String> = ids.into_iter().collect();
    // Room for every right of the batch: growing a map of whole rights moves them all.
    let mut working = HashMap::with_capacity(ids.len());
    for s in store.load_rights(&ids)? {
        let id = s.right.id.to_string();
        working.insert(id, Working { right: s.right, hash: s.input_hash, dirty: false, stored: true, doc: s.doc });
    }
    Ok(working)
}

/// For kindless stubs in the batch: the full rights already stored under their key.
fn full_ids_by_pub_key(
    store: &mut dyn Store,
    incoming: &[PreparedRight],
) -> Result<BTreeMap<String, String>, StoreError> {
    let keys: BTreeSet<String> =
        incoming.iter().map(|p| &p.right).filter(|r| is_kindless(r)).filter_map(|r| r.pub_key()).map(|k| k.0).collect();
    if keys.is_empty() {
        return Ok(BTreeMap::new());
    }
    let keys: Vec<String> = keys.into_iter().collect();
    let pairs = store.ids_by_key(KeyColumn::PubKey, &keys)?;
    let mut full = BTreeMap::new();
    let ids: Vec<String> = pairs.iter().filter(|(k, id)| k != id).map(|(_, id)| id.clone()).collect();
    let rows = store.load_rights(&ids)?;
    for s in rows.into_iter().filter(|s| !s.right.source.stub) {
        if let Some(k) = s.right.pub_key() {
            // Several publications share a key (A1 and B1 of one number): prefer the
            // smallest id so the choice is deterministic.
            full.entry(k.0)
                .and_modify(|v: &mut String| *v = v.clone().min(s.right.id.to_string()))
                .or_insert(s.right.id.to_string());
        }
    }
    Ok(full)
}

/// Where an incoming right goes: its own id, or, for a stub whose full document is
/// known, that document.
fn target_id(right: &Right, full_by_key: &BTreeMap<String, String>) -> String {
    if is_kindless(right) {
        if let Some(full) = right.pub_key().and_then(|k| full_by_key.get(&k.0)) {
            return full.clone();
        }
    }
    right.id.to_string()
}

/// Moves a stored stub into the full document's slot before the document merges in.
fn absorb_stub(working: &mut HashMap<String, Working>, deleted: &mut BTreeSet<String>, stub: &str, target: &str) {
    let Some(stub_w) = working.remove(stub) else { return };
    deleted.insert(stub.to_string());
    match working.get_mut(target) {
        Some(w) => {
            w.right.merge(stub_w.right);
            w.dirty = true;
            w.detach_doc();
        }
        None => {
            working.insert(
                target.to_string(),
                Working { right: stub_w.right, hash: String::new(), dirty: true, stored: false, doc: None },
            );
        }
    }
}

fn fold(working: &mut HashMap<String, Working>, target: &str, right: Right, doc: String) -> Outcome {
    match working.get_mut(target) {
        None => {
            // Stored under another id (a stub's record under its full document's id), the
            // document is not the record: fingerprint it.
            let (hash, doc) =
                if right.id.as_str() == target { (String::new(), Some(doc)) } else { (input_hash(&doc), None) };
            working.insert(target.to_string(), Working { right, hash, dirty: true, stored: false, doc });
            Outcome::Inserted
        }
        Some(w) if w.same_input(&doc) => Outcome::Unchanged,
        Some(w) => {
            let mut merged = w.right.clone();
            merged.merge(right);
            if merged == w.right {
                Outcome::Unchanged
            } else {
                w.right = merged;
                w.hash = input_hash(&doc);
                w.dirty = true;
                w.doc = None;
                Outcome::Updated
            }
        }
    }
}

fn write_rights(
    store: &mut dyn Store,
    mut working: HashMap<String, Working>,
    mut deleted: BTreeSet<String>,
) -> Result<(), StoreError> {
    // Rows in id order, for the B-trees; sorting the ids rather than the rows moves little.
    let mut ids: Vec<String> = working.iter().filter(|(_, w)| w.dirty).map(|(id, _)| id.clone()).collect();
    ids.sort_unstable();
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(w) = working.remove(&id) else { continue };
        deleted.remove(&id);
        let mut row = match w.doc {
            Some(doc) => RightRow::with_doc(&w.right, w.hash, doc)?,
            None => RightRow::new(&w.right, w.hash)?,
        };
        row.replaces = w.stored;
        rows.push(row);
    }
    let deleted: Vec<String> = deleted.into_iter().collect();
    if !deleted.is_empty() {
        store.delete_rights(&deleted)?;
    }
    store.put_rights(&rows)?;
    // In the same transaction: the ledger must look at every right written.
    let ids: Vec<String> = rows.into_iter().map(|r| r.id).collect();
    store.ledger_mark(LedgerSubject::Right, &ids)
}

/// Keyed records (events, reference rows) completed from every source that has them:
/// duplicates within the batch and the stored version are merged with `fill`, which keeps
/// what is known and only fills gaps, so any order of sources converges. Returns the counts
/// and the records whose stored form must be written.
fn fold_keyed<K: Ord + Clone + std::hash::Hash, T: Clone + PartialEq>(
    incoming: Vec<(K, T)>,
    load_stored: impl FnOnce(&[K]) -> Result<HashMap<K, T>, StoreError>,
    fill: impl Fn(&mut T, T),
) -> Result<(Counts, Vec<(K, T)>), StoreError> {
    let mut counts = Counts::default();
    let mut latest: BTreeMap<K, T> = BTreeMap::new();
    for (key, value) in incoming {
        match latest.get_mut(&key) {
            Some(seen) => {
                fill(seen, value);
                counts.unchanged += 1;
            }
            None => {
                latest.insert(key, value);
            }
        }
    }
    let keys: Vec<K> = latest.keys().cloned().collect();
    let mut stored = load_stored(&keys)?;
    let mut changed = Vec::new();
    for (key, value) in latest {
        let merged = match stored.remove(&key) {
            None => {
                counts.inserted += 1;
                value
            }
            Some(mut merged) => {
                let before = merged.clone();
                fill(&mut merged, value);
                if merged == before {
                    counts.unchanged += 1;
                    continue;
                }
                counts.updated += 1;
                merged
            }
        };
        changed.push((key, merged));
    }
    Ok((counts, changed))
}

fn apply_events(store: &mut dyn Store, rows: Vec<EventRow>) -> Result<Counts, StoreError> {
    let mut incoming = Vec::with_capacity(rows.len());
    let mut rows_by_key: HashMap<String, EventRow> = HashMap::new();
    for row in rows {
        incoming.push((row.key.clone(), decode_event(&row.key, &row.doc)?));
        rows_by_key.entry(row.key.clone()).or_insert(row);
    }
    let load = |keys: &[String]| -> Result<HashMap<String, LegalEvent>, StoreError> {
        store.load_event_docs(keys)?.into_iter().map(|(k, doc)| Ok((k.clone(), decode_event(&k, &doc)?))).collect()
    };
    let (counts, changed) = fold_keyed(incoming, load, LegalEvent::fill_gaps)?;
    let mut out = Vec::with_capacity(changed.len());
    for (key, event) in changed {
        let Some(mut row) = rows_by_key.remove(&key) else { continue };
        row.doc = encode_json(&key, &event)?;
        out.push(row);
    }
    store.put_events(&out)?;
    // In the same transaction: the ledger must look at every event written.
    let keys: Vec<String> = out.into_iter().map(|r| r.key).collect();
    store.ledger_mark(LedgerSubject::Event, &keys)?;
    Ok(counts)
}

fn encode_json(id: &str, value: &impl Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Encode { id: id.to_string(), message: e.to_string() })
}

fn apply_refs(store: &mut dyn Store, refs: Vec<RefRecord>) -> Result<Counts, StoreError> {
    let incoming: Vec<_> = refs
        .into_iter()
        .map(|r| ((r.table.clone(), r.key.clone(), r.lang.map(|l| l.to_string()).unwrap_or_default()), r))
        .collect();
    let load = |keys: &[(String, String, String)]| -> Result<HashMap<_, RefRecord>, StoreError> {
        store
            .load_ref_docs(keys)?
            .into_iter()
            .map(|(k, doc)| {
                let r = serde_json::from_str(&doc)
                    .map_err(|e| StoreError::Corrupt { id: k.1.clone(), message: e.to_string() })?;
                Ok((k, r))
            })
            .collect()
    };
    let (counts, changed) = fold_keyed(incoming, load, RefRecord::fill_gaps)?;
    let rows: Vec<RefKeyDoc> =
        changed.into_iter().map(|(k, r)| Ok((k.clone(), encode_json(&k.1, &r)?))).collect::<Result<_, StoreError>>()?;
    store.put_refs(&rows)?;
    Ok(counts)
}
