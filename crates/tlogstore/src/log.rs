//! The durable log: appends acknowledged only after fsync, grouped so that concurrent callers
//! share one fsync; recovery on open; signed checkpoints that never go backwards; proofs,
//! tiles and entry bundles read back from the files.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use silkport_tlog::{
    encode_bundle, leaf_hash, open_checkpoint, prove_consistency, prove_inclusion, read_tile_data, sign_checkpoint,
    stored_hash_count, stored_hash_index, stored_hashes, tree_hash, Checkpoint, ConsistencyProof, Ed25519Signer,
    Ed25519Verifier, EntryBundle, Hash, HashReader, InclusionProof, Tile, TlogError, HASH_SIZE, MAX_ENTRY_BYTES,
    TILE_HEIGHT,
};

use crate::error::{IoContext, Result, TlogStoreError};
use crate::files::{check_record, encode_record, replace_file, sync_dir, DataFile, FileHashes, RECORD_OVERHEAD};
use crate::keys::{generate_key_file, load_signer};

const ENTRIES: &str = "entries";
const INDEX: &str = "index";
const HASHES: &str = "hashes";
const CHECKPOINT: &str = "checkpoint";
const KEY: &str = "log.key";
const PUBLIC_KEY: &str = "log.pub";
const LOCK: &str = "lock";
const NEXT_KEY: &str = "log.key.next";
/// The verifier keys the log signed with before its current one, oldest first, one a line.
pub const RETIRED_KEYS: &str = "log.pub.retired";

/// How the log publishes checkpoints.
#[derive(Clone, Debug)]
pub struct LogOptions {
    /// After a commit, sign and publish a checkpoint if the last one is older than this.
    /// `None`: only [`Log::publish_checkpoint`] publishes.
    pub checkpoint_interval: Option<Duration>,
}

impl Default for LogOptions {
    fn default() -> Self {
        LogOptions { checkpoint_interval: Some(Duration::from_secs(1)) }
    }
}

/// The latest published checkpoint: its parsed form and the signed note served to clients.
#[derive(Clone, Debug)]
pub struct SignedCheckpoint {
    pub checkpoint: Checkpoint,
    pub note: Vec<u8>,
}

/// A transparency log stored in one directory. `Log` is `Sync`: share it between threads,
/// and concurrent `append_batch` calls are committed together.
pub struct Log {
    dir: PathBuf,
    origin: String,
    /// `None` when opened read-only.
    signer: Option<Ed25519Signer>,
    verifier: Ed25519Verifier,
    options: LogOptions,
    entries: DataFile,
    index: DataFile,
    hashes: DataFile,
    /// Held by a writer; a read-only log takes no lock.
    _lock: Option<std::fs::File>,
    state: Mutex<State>,
    committed: Condvar,
    published: Mutex<Published>,
}

/// The append queue and what is durable, shared by the callers of `append_batch`.
struct State {
    /// Entries waiting for the next commit: indexes `durable..next`.
    queue: Vec<Vec<u8>>,
    /// The index the next queued entry gets.
    next: u64,
    /// Entries `0..durable` are fsynced, indexed and hashed.
    durable: u64,
    /// Where the next record goes in `entries`.
    entries_end: u64,
    /// A caller is writing a batch; others wait for it.
    committing: bool,
    /// A write failed: the files may hold a torn tail only recovery may judge.
    poisoned: Option<String>,
}

struct Published {
    latest: SignedCheckpoint,
    at: Instant,
}

impl Log {
    /// Creates a new, empty log for `origin` in `dir` (created if missing): a fresh signing
    /// key (`log.key`, mode 0600) whose name is the origin, its public key (`log.pub`), empty
    /// data files and a signed checkpoint of the empty tree.
    pub fn create(dir: &Path, origin: &str, options: LogOptions) -> Result<Log> {
        std::fs::create_dir_all(dir).at(dir)?;
        if dir.join(CHECKPOINT).exists() || dir.join(KEY).exists() {
            return Err(TlogStoreError::AlreadyExists(dir.into()));
        }
        let vkey = generate_key_file(&dir.join(KEY), origin)?;
        std::fs::write(dir.join(PUBLIC_KEY), format!("{vkey}\n")).at(&dir.join(PUBLIC_KEY))?;
        for name in [ENTRIES, INDEX, HASHES] {
            DataFile::open(dir, name, true)?;
        }
        let signer = load_signer(&dir.join(KEY))?;
        let empty = Checkpoint::new(origin, 0, silkport_tlog::empty_tree_hash());
        replace_file(dir, CHECKPOINT, &sign_checkpoint(&empty, &signer)?)?;
        sync_dir(dir)?;
        Log::open(dir, options)
    }

    /// Opens the log in `dir` and recovers from a crash: the last checkpoint must verify with
    /// the log's key and match the stored hashes; entries written after it are kept up to the
    /// first torn or garbled record, which is cut off with everything after it.
    pub fn open(dir: &Path, options: LogOptions) -> Result<Log> {
        if !dir.join(CHECKPOINT).exists() {
            return Err(TlogStoreError::NotALog(dir.into()));
        }
        let lock = std::fs::File::create(dir.join(LOCK)).at(&dir.join(LOCK))?;
        lock.try_lock().map_err(|_| TlogStoreError::Locked(dir.into()))?;
        let signer = load_signer(&dir.join(KEY))?;
        let verifier = signer.verifier();
        let latest = read_checkpoint(dir, &verifier)?;
        let mut log = Log {
            dir: dir.into(),
            origin: latest.checkpoint.origin.clone(),
            signer: Some(signer),
            verifier,
            options,
            entries: DataFile::open(dir, ENTRIES, false)?,
            index: DataFile::open(dir, INDEX, false)?,
            hashes: DataFile::open(dir, HASHES, false)?,
            _lock: Some(lock),
            state: Mutex::new(State {
                queue: Vec::new(),
                next: 0,
                durable: 0,
                entries_end: 0,
                committing: false,
                poisoned: None,
            }),
            committed: Condvar::new(),
            published: Mutex::new(Published { latest: latest.clone(), at: Instant::now() }),
        };
        let (size, entries_end) = log.recover(&latest.checkpoint)?;
        let st = log.state.get_mut().expect("not shared yet");
        (st.next, st.durable, st.entries_end) = (size, size, entries_end);
        Ok(log)
    }

    /// Opens the log in `dir` for reading only, while a writer may have it open: no lock, no
    /// recovery, no secret key (the checkpoint is checked with `log.pub`). It sees the entries
    /// of the latest published checkpoint, whose files writers never change again.
    pub fn open_read_only(dir: &Path) -> Result<Log> {
        if !dir.join(CHECKPOINT).exists() {
            return Err(TlogStoreError::NotALog(dir.into()));
        }
        let pub_path = dir.join(PUBLIC_KEY);
        let verifier = Ed25519Verifier::parse(std::fs::read_to_string(&pub_path).at(&pub_path)?.trim_end())?;
        let latest = read_checkpoint(dir, &verifier)?;
        let size = latest.checkpoint.size;
        let log = Log {
            dir: dir.into(),
            origin: latest.checkpoint.origin.clone(),
            signer: None,
            verifier,
            options: LogOptions { checkpoint_interval: None },
            entries: DataFile::open_read(dir, ENTRIES)?,
            index: DataFile::open_read(dir, INDEX)?,
            hashes: DataFile::open_read(dir, HASHES)?,
            _lock: None,
            state: Mutex::new(State {
                queue: Vec::new(),
                next: size,
                durable: size,
                entries_end: 0,
                committing: false,
                poisoned: Some("the log is open read-only".into()),
            }),
            committed: Condvar::new(),
            published: Mutex::new(Published { latest: latest.clone(), at: Instant::now() }),
        };
        if log.hashes.len()? < stored_hash_count(size) * HASH_SIZE as u64
            || tree_hash(size, &log.reader())? != latest.checkpoint.hash
        {
            return Err(TlogStoreError::Corrupt("stored hashes do not match the checkpoint's root".into()));
        }
        Ok(log)
    }

    /// The signer, or an error for a read-only log.
    fn signer(&self) -> Result<&Ed25519Signer> {
        self.signer.as_ref().ok_or(TlogStoreError::ReadOnly)
    }

    /// Brings the derived files back in line with `entries` after the last checkpoint, and
    /// checks the stored hashes against that checkpoint. Returns the tree size and where the
    /// next record goes.
    fn recover(&self, cp: &Checkpoint) -> Result<(u64, u64)> {
        let size = cp.size;
        let (index_len, hash_len) = (8 * size, stored_hash_count(size) * HASH_SIZE as u64);
        if self.index.len()? < index_len || self.hashes.len()? < hash_len {
            return Err(TlogStoreError::Corrupt(format!(
                "index or hashes shorter than the checkpoint's {size} entries"
            )));
        }
        let start = if size == 0 { 0 } else { self.index.read_u64(index_len - 8)? };
        if self.entries.len()? < start {
            return Err(TlogStoreError::Corrupt(format!("entries shorter than the checkpoint's {size} entries")));
        }
        if tree_hash(size, &FileHashes(&self.hashes))? != cp.hash {
            return Err(TlogStoreError::Corrupt("stored hashes do not match the checkpoint's root".into()));
        }
        self.index.truncate(index_len)?;
        self.hashes.truncate(hash_len)?;
        // Everything after the checkpoint is rebuilt from the entry records, which are the
        // only file synced before an append is acknowledged.
        let tail = self.read_tail(start)?;
        let mut records = tail.as_slice();
        let mut batch = Batch::new(size, start);
        while let Some((len, entry, leaf)) = next_record(records) {
            batch.add(entry, leaf, &FileHashes(&self.hashes))?;
            records = &records[len..];
        }
        let good_end = start + (tail.len() - records.len()) as u64;
        self.entries.truncate(good_end)?;
        self.entries.sync()?;
        let recovered = batch.count;
        self.write_derived(&batch)?;
        self.sync_derived()?;
        Ok((size + recovered, good_end))
    }

    fn read_tail(&self, start: u64) -> Result<Vec<u8>> {
        let mut tail = vec![0u8; (self.entries.len()? - start) as usize];
        self.entries.read_at(&mut tail, start)?;
        Ok(tail)
    }

    /// The log's origin, also its key name.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The log's verifier key string (`<origin>+<key id>+<base64 key>`), for witnesses and
    /// clients.
    pub fn verifier_key(&self) -> String {
        self.verifier.vkey()
    }

    /// The number of durable entries.
    pub fn size(&self) -> u64 {
        self.lock_state().durable
    }

    /// Appends `entries` and returns their indexes once they are on disk (fsynced). Calls
    /// from several threads are grouped: one caller writes everything queued, with one
    /// fsync, while the others wait. The indexes of one call are consecutive.
    pub fn append_batch<E: AsRef<[u8]>>(&self, entries: &[E]) -> Result<Range<u64>> {
        self.signer()?;
        if let Some(e) = entries.iter().find(|e| e.as_ref().len() > MAX_ENTRY_BYTES) {
            return Err(TlogStoreError::EntryTooLarge(e.as_ref().len()));
        }
        let mut st = self.lock_state();
        let start = st.next;
        if entries.is_empty() {
            return Ok(start..start);
        }
        st.queue.extend(entries.iter().map(|e| e.as_ref().to_vec()));
        st.next += entries.len() as u64;
        let end = st.next;
        loop {
            // Durable entries are acknowledged even if something failed after their fsync,
            // so that a caller never retries (and duplicates) an entry that is in the log.
            if st.durable >= end {
                return Ok(start..end);
            }
            if let Some(why) = &st.poisoned {
                return Err(TlogStoreError::Poisoned(why.clone()));
            }
            if st.committing {
                st = self.committed.wait(st).unwrap_or_else(|e| e.into_inner());
                continue;
            }
            // Lead: write everything queued so far, including other callers' entries.
            st.committing = true;
            let queue = std::mem::take(&mut st.queue);
            let (first, offset) = (st.durable, st.entries_end);
            drop(st);
            let result = self.commit(first, offset, &queue);
            st = self.lock_state();
            st.committing = false;
            match result {
                Ok(new_end) => (st.durable, st.entries_end) = (first + queue.len() as u64, new_end),
                Err(e) => st.poisoned = Some(e.to_string()),
            }
            self.committed.notify_all();
            if st.poisoned.is_none() {
                drop(st);
                let published = self.maybe_publish();
                st = self.lock_state();
                if let Err(e) = published {
                    st.poisoned = Some(e.to_string());
                }
            }
        }
    }

    /// Writes `queue` as entries `first..`: the records then fsync (the durability point),
    /// then the derived index and hashes (synced with the next checkpoint). Returns the new
    /// end of `entries`.
    fn commit(&self, first: u64, offset: u64, queue: &[Vec<u8>]) -> Result<u64> {
        let mut batch = Batch::new(first, offset);
        let mut records = Vec::with_capacity(queue.iter().map(|e| e.len() + RECORD_OVERHEAD as usize).sum());
        for entry in queue {
            let leaf = leaf_hash(entry);
            encode_record(entry, &leaf, &mut records);
            batch.add(entry, leaf, &FileHashes(&self.hashes))?;
        }
        self.entries.write_at(&records, offset)?;
        self.entries.sync()?;
        self.write_derived(&batch)?;
        Ok(batch.end)
    }

    fn write_derived(&self, batch: &Batch) -> Result<()> {
        let index: Vec<u8> = batch.offsets.iter().flat_map(|o| o.to_be_bytes()).collect();
        self.index.write_at(&index, 8 * batch.first)?;
        let hashes: Vec<u8> = batch.hashes.iter().flat_map(|h| h.0).collect();
        self.hashes.write_at(&hashes, stored_hash_index(0, batch.first) * HASH_SIZE as u64)
    }

    fn sync_derived(&self) -> Result<()> {
        self.index.sync()?;
        self.hashes.sync()
    }

    fn lock_state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn maybe_publish(&self) -> Result<()> {
        let due = self.options.checkpoint_interval.is_some_and(|every| self.lock_published().at.elapsed() >= every);
        if due {
            self.publish_checkpoint()?;
        }
        Ok(())
    }

    fn lock_published(&self) -> MutexGuard<'_, Published> {
        self.published.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Signs and publishes a checkpoint of every durable entry, unless the latest one already
    /// covers them. The index and hashes are synced first, so a published checkpoint never
    /// points past what recovery can trust, and sizes only grow.
    pub fn publish_checkpoint(&self) -> Result<SignedCheckpoint> {
        self.signer()?;
        let mut published = self.lock_published();
        let size = self.size();
        if size <= published.latest.checkpoint.size {
            published.at = Instant::now();
            return Ok(published.latest.clone());
        }
        self.sync_derived()?;
        let cp = Checkpoint::new(&self.origin, size, self.tree_hash(size)?);
        let note = sign_checkpoint(&cp, self.signer()?)?;
        replace_file(&self.dir, CHECKPOINT, &note)?;
        published.latest = SignedCheckpoint { checkpoint: cp, note };
        published.at = Instant::now();
        Ok(published.latest.clone())
    }

    /// The latest published checkpoint.
    pub fn checkpoint(&self) -> SignedCheckpoint {
        self.lock_published().latest.clone()
    }

    /// The root hash of the tree of `size` entries (at most [`Log::size`]).
    pub fn tree_hash(&self, size: u64) -> Result<Hash> {
        self.check_size(size)?;
        Ok(tree_hash(size, &self.reader())?)
    }

    /// The inclusion proof of entry `index` in the tree of `size` entries.
    pub fn prove_inclusion(&self, index: u64, size: u64) -> Result<InclusionProof> {
        self.check_size(size)?;
        Ok(prove_inclusion(size, index, &self.reader())?)
    }

    /// The consistency proof from the tree of `old` entries to the tree of `new` entries.
    pub fn prove_consistency(&self, old: u64, new: u64) -> Result<ConsistencyProof> {
        self.check_size(new)?;
        Ok(prove_consistency(new, old, &self.reader())?)
    }

    /// Reads stored hashes (for clients of [`silkport_tlog`] functions).
    pub fn reader(&self) -> impl HashReader + '_ {
        FileHashes(&self.hashes)
    }

    fn check_size(&self, size: u64) -> Result<()> {
        let durable = self.size();
        if size > durable {
            return Err(TlogStoreError::OutOfRange(format!("tree size {size} is past the log's {durable} entries")));
        }
        Ok(())
    }

    /// Entry `index`, checked against the leaf hash it was stored with.
    pub fn entry(&self, index: u64) -> Result<Vec<u8>> {
        Ok(self.entries_range(index..index + 1)?.pop().expect("one entry"))
    }

    /// Entries `range`, read with one read of the entries file.
    pub fn entries_range(&self, range: Range<u64>) -> Result<Vec<Vec<u8>>> {
        if range.end > self.size() || range.start >= range.end {
            return Err(TlogStoreError::OutOfRange(format!(
                "entries {range:?} are not in the log of {} entries",
                self.size()
            )));
        }
        let start = if range.start == 0 { 0 } else { self.index.read_u64(8 * (range.start - 1))? };
        let end = self.index.read_u64(8 * (range.end - 1))?;
        let mut buf = vec![0u8; (end - start) as usize];
        self.entries.read_at(&mut buf, start)?;
        let mut rest = buf.as_slice();
        let mut out = Vec::with_capacity((range.end - range.start) as usize);
        while let Some((len, entry, _)) = next_record(rest) {
            out.push(entry.to_vec());
            rest = &rest[len..];
        }
        if out.len() as u64 != range.end - range.start || !rest.is_empty() {
            return Err(TlogStoreError::Corrupt(format!("entry records {range:?} do not match their check bytes")));
        }
        Ok(out)
    }

    /// The data of a hash tile (C2SP tlog-tiles), if the latest checkpoint covers it.
    pub fn tile(&self, tile: &Tile) -> Result<Vec<u8>> {
        // The entries the tile's last hash covers, in u128 so that no coordinate overflows.
        let level_shift = u32::from(TILE_HEIGHT) * u32::from(tile.level.min(7));
        let covered = ((u128::from(tile.n) << TILE_HEIGHT) + u128::from(tile.width)) << level_shift;
        let size = u128::from(self.checkpoint().checkpoint.size);
        if tile.height != TILE_HEIGHT || tile.width == 0 || tile.level > 7 || covered > size {
            return Err(TlogStoreError::OutOfRange(format!("{} is not in the published tree", tile.path())));
        }
        Ok(read_tile_data(tile, &self.reader())?)
    }

    /// An entry bundle (C2SP tlog-tiles), if the latest checkpoint covers it.
    pub fn entry_bundle(&self, bundle: &EntryBundle) -> Result<Vec<u8>> {
        let end = bundle.start() + u64::from(bundle.width);
        if bundle.width == 0 || end > self.checkpoint().checkpoint.size {
            return Err(TlogStoreError::OutOfRange(format!("{} is not in the published tree", bundle.path())));
        }
        let entries = self.entries_range(bundle.start()..end)?;
        Ok(encode_bundle(entries.iter().map(Vec::as_slice))?)
    }

    /// Recomputes every leaf and stored hash from the entry records and compares them with
    /// the files and the latest checkpoint: a full audit, linear in the log's size.
    pub fn verify(&self) -> Result<()> {
        let size = self.size();
        let mut stored: Vec<Hash> = Vec::new();
        let mut next = 0;
        while next < size {
            let end = (next + 4096).min(size);
            for (i, entry) in (next..end).zip(self.entries_range(next..end)?) {
                let new = stored_hashes(i, leaf_hash(&entry), &stored)?;
                stored.extend(new);
            }
            next = end;
        }
        let on_disk = FileHashes(&self.hashes).read_hashes(&(0..stored.len() as u64).collect::<Vec<_>>())?;
        if on_disk != stored {
            return Err(TlogStoreError::Corrupt("stored hashes differ from the entries".into()));
        }
        let cp = self.checkpoint().checkpoint;
        if cp.size > size || tree_hash(cp.size, &stored)? != cp.hash {
            return Err(TlogStoreError::Corrupt("the checkpoint does not match the entries".into()));
        }
        Ok(())
    }
}

/// The keys before and after a rotation, as verifier key strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyRotation {
    pub old: String,
    pub new: String,
}

/// Replaces the log's signing key with a new one under the same name (the origin), so the
/// key ID changes and the name does not (C2SP signed-note tells keys of one name apart by
/// ID). The log must not be open. Steps, each safe to crash after:
/// 1. the old verifier key is appended to `log.pub.retired`, so it stays known;
/// 2. a new key is written to `log.key.next` (0600);
/// 3. the latest checkpoint is re-signed by both keys and replaced atomically;
/// 4. `log.key.next` is renamed over `log.key`, destroying the old secret, and `log.pub`
///    is rewritten.
///
/// Until step 4 the log opens with the old key; after it, with the new one, and the latest
/// checkpoint verifies with either. Running it again after a crash completes a rotation.
pub fn rotate_key(dir: &Path) -> Result<KeyRotation> {
    let lock = std::fs::File::create(dir.join(LOCK)).at(&dir.join(LOCK))?;
    lock.try_lock().map_err(|_| TlogStoreError::Locked(dir.into()))?;
    let old = load_signer(&dir.join(KEY))?;
    let latest = read_checkpoint(dir, &old.verifier())?;
    append_line(dir, RETIRED_KEYS, &old.verifier().vkey())?;
    let next = dir.join(NEXT_KEY);
    if next.exists() {
        // A rotation that crashed before step 4: its new key never signed alone; start over.
        std::fs::remove_file(&next).at(&next)?;
    }
    let vkey = generate_key_file(&next, silkport_tlog::Signer::name(&old))?;
    let new = load_signer(&next)?;
    let note = sign_checkpoint_with(&latest.checkpoint, &[&old, &new])?;
    replace_file(dir, CHECKPOINT, &note)?;
    std::fs::rename(&next, dir.join(KEY)).at(&dir.join(KEY))?;
    replace_file(dir, PUBLIC_KEY, format!("{vkey}\n").as_bytes())?;
    Ok(KeyRotation { old: old.verifier().vkey(), new: vkey })
}

fn sign_checkpoint_with(cp: &Checkpoint, signers: &[&dyn silkport_tlog::Signer]) -> Result<Vec<u8>> {
    let note = silkport_tlog::Note { text: cp.to_text(), ..Default::default() };
    Ok(silkport_tlog::sign_note(&note, signers)?)
}

/// Appends `line` to `dir/name` unless it is already there, durably.
fn append_line(dir: &Path, name: &str, line: &str) -> Result<()> {
    let path = dir.join(name);
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(TlogStoreError::Io { path, source: e }),
    };
    if existing.lines().any(|l| l == line) {
        return Ok(());
    }
    replace_file(dir, name, format!("{existing}{line}\n").as_bytes())
}

/// Reads and verifies the checkpoint file with the log's own key.
fn read_checkpoint(dir: &Path, verifier: &Ed25519Verifier) -> Result<SignedCheckpoint> {
    let path = dir.join(CHECKPOINT);
    let note = std::fs::read(&path).at(&path)?;
    let origin = silkport_tlog::Verifier::name(verifier).to_string();
    let opened = open_checkpoint(&note, &origin, verifier, &[]).map_err(|e| match e {
        TlogError::UnverifiedNote | TlogError::InvalidSignature { .. } => {
            TlogStoreError::Corrupt("the checkpoint is not signed by this log's key".into())
        }
        other => other.into(),
    })?;
    Ok(SignedCheckpoint { checkpoint: opened.checkpoint, note })
}

/// The next whole, intact record in `bytes`: its length, entry and leaf hash.
fn next_record(bytes: &[u8]) -> Option<(usize, &[u8], Hash)> {
    let len = u32::from_be_bytes(*bytes.first_chunk::<4>()?) as usize;
    let total = len.checked_add(RECORD_OVERHEAD as usize)?;
    let (entry, leaf) = check_record(bytes.get(..total)?)?;
    Some((total, entry, leaf))
}

/// Index entries (end offsets of records) and stored hashes of consecutive new entries,
/// computed before they are written.
struct Batch {
    first: u64,
    count: u64,
    offsets: Vec<u64>,
    hashes: Vec<Hash>,
    /// The end of the last record added; the batch starts at the given offset.
    end: u64,
}

impl Batch {
    fn new(first: u64, offset: u64) -> Batch {
        Batch { first, count: 0, offsets: Vec::new(), hashes: Vec::new(), end: offset }
    }

    /// Adds the next entry; `on_disk` holds the hashes of entries before the batch.
    fn add(&mut self, entry: &[u8], leaf: Hash, on_disk: &impl HashReader) -> Result<()> {
        let n = self.first + self.count;
        let reader = BatchHashes { base: stored_hash_index(0, self.first), new: &self.hashes, on_disk };
        let new = stored_hashes(n, leaf, &reader)?;
        self.hashes.extend(new);
        self.end += entry.len() as u64 + RECORD_OVERHEAD;
        self.offsets.push(self.end);
        self.count += 1;
        Ok(())
    }
}

/// Stored hashes from the batch being built, or from disk for earlier ones.
struct BatchHashes<'a, R> {
    base: u64,
    new: &'a [Hash],
    on_disk: &'a R,
}

impl<R: HashReader> HashReader for BatchHashes<'_, R> {
    fn read_hashes(&self, indexes: &[u64]) -> silkport_tlog::Result<Vec<Hash>> {
        let old: Vec<u64> = indexes.iter().copied().filter(|&i| i < self.base).collect();
        let mut old = self.on_disk.read_hashes(&old)?.into_iter();
        indexes
            .iter()
            .map(|&i| {
                if i < self.base {
                    old.next().ok_or_else(|| TlogError::HashRead("short read".into()))
                } else {
                    self.new
                        .get((i - self.base) as usize)
                        .copied()
                        .ok_or_else(|| TlogError::HashRead(format!("no hash {i}")))
                }
            })
            .collect()
    }
}
