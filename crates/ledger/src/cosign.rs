//! Witness cosignatures on the log's checkpoints. A witness that cosigned a checkpoint sends
//! it back (the checkpoint note with its cosignature); the ledger keeps, per tree size, the
//! checkpoint with every trusted cosignature collected (`cosigned/<size>`, the newest few),
//! serves the latest with its cosignatures, and puts the best-witnessed one in receipts.

use std::collections::BTreeMap;
use std::path::PathBuf;

use silkport_tlog::{open_checkpoint, parse_note, sign_note, CosignatureVerifier, Ed25519Verifier, Note, Verifier};

use crate::error::IoContext;
use crate::{Ledger, LedgerError, Result};

const COSIGNED: &str = "cosigned";
/// Cosigned checkpoints kept: receipts use the best-witnessed among the newest.
const KEEP: usize = 16;

/// A checkpoint note and how many witness cosignatures it carries.
#[derive(Debug, Clone)]
pub struct ServedCheckpoint {
    pub size: u64,
    pub note: Vec<u8>,
    pub cosignatures: usize,
}

impl Ledger {
    fn cosigned_dir(&self) -> PathBuf {
        self.dir().join(COSIGNED)
    }

    /// The log's verifier keys, current and retired.
    pub fn log_verifiers(&self) -> Result<Vec<Ed25519Verifier>> {
        self.public_keys()?.iter().map(|k| Ok(Ed25519Verifier::parse(k)?)).collect()
    }

    /// Keeps the cosignatures in `note` by the trusted `witnesses`. The note must be one of
    /// this log's checkpoints: signed by its key, and with the root this log has at that
    /// size (anything else is a split view shown to the witness, and is refused). Returns the
    /// names of the witnesses whose cosignatures were added.
    pub fn add_cosignatures(&self, note: &[u8], witnesses: &[CosignatureVerifier]) -> Result<Vec<String>> {
        let refuse = |why: String| LedgerError::Cosignature(why);
        let cosigners: Vec<&dyn Verifier> = witnesses.iter().map(|w| w as &dyn Verifier).collect();
        let log_key = Ed25519Verifier::parse(&self.log().verifier_key())?;
        let opened = open_checkpoint(note, self.log().origin(), &log_key, &cosigners)
            .map_err(|e| refuse(format!("{e} (is the witness key among --witness-key?)")))?;
        let cp = &opened.checkpoint;
        if cp.size > self.log().size() || self.log().tree_hash(cp.size)? != cp.hash {
            return Err(refuse(format!("the checkpoint of size {} is not this log's tree", cp.size)));
        }
        if opened.cosigned_by.is_empty() {
            return Err(refuse("no cosignature by a trusted witness key".into()));
        }
        // Keep the log's signature and every verified cosignature, old and new, one per key.
        let _one_at_a_time = self.cosigning.lock().unwrap_or_else(|e| e.into_inner());
        let mut sigs = BTreeMap::new();
        if let Some(existing) = self.cosigned(cp.size)? {
            for s in parse_note(&existing)?.unverified {
                sigs.insert((s.name.clone(), s.key_id), s);
            }
        }
        for s in opened.note.sigs {
            sigs.insert((s.name.clone(), s.key_id), s);
        }
        let (log_sigs, cosigs): (Vec<_>, Vec<_>) =
            sigs.into_values().partition(|s| s.name == log_key.name() && s.key_id == log_key.key_id());
        let merged =
            Note { text: opened.note.text, sigs: log_sigs.into_iter().chain(cosigs).collect(), unverified: vec![] };
        let dir = self.cosigned_dir();
        std::fs::create_dir_all(&dir).at(&dir)?;
        silkport_tlogstore::replace_file(&dir, &cp.size.to_string(), &sign_note(&merged, &[])?)?;
        self.prune_cosigned()?;
        Ok(opened.cosigned_by.into_iter().map(|(name, _)| name).collect())
    }

    /// The kept cosigned checkpoint of `size`, if any.
    fn cosigned(&self, size: u64) -> Result<Option<Vec<u8>>> {
        let path = self.cosigned_dir().join(size.to_string());
        match std::fs::read(&path) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).at(&path),
        }
    }

    /// The sizes of the kept cosigned checkpoints, ascending.
    fn cosigned_sizes(&self) -> Result<Vec<u64>> {
        let dir = self.cosigned_dir();
        let mut sizes: Vec<u64> = match std::fs::read_dir(&dir) {
            Ok(rd) => rd.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e).at(&dir),
        };
        sizes.sort_unstable();
        Ok(sizes)
    }

    fn prune_cosigned(&self) -> Result<()> {
        let sizes = self.cosigned_sizes()?;
        for size in &sizes[..sizes.len().saturating_sub(KEEP)] {
            let path = self.cosigned_dir().join(size.to_string());
            std::fs::remove_file(&path).at(&path)?;
        }
        Ok(())
    }

    /// The latest checkpoint with the cosignatures collected for it: what `/checkpoint` serves.
    pub fn latest_checkpoint(&self) -> Result<ServedCheckpoint> {
        let latest = self.log().checkpoint();
        let size = latest.checkpoint.size;
        Ok(match self.cosigned(size)? {
            Some(note) => served(size, note)?,
            None => ServedCheckpoint { size, note: latest.note, cosignatures: 0 },
        })
    }

    /// The checkpoint a receipt for entry `index` should use: among the kept cosigned
    /// checkpoints that cover it, the one with the most cosignatures (then the largest);
    /// else the latest checkpoint.
    pub fn best_checkpoint(&self, index: u64) -> Result<ServedCheckpoint> {
        let mut best = self.latest_checkpoint()?;
        for size in self.cosigned_sizes()? {
            if size <= index || size > self.log().size() {
                continue;
            }
            if let Some(note) = self.cosigned(size)? {
                let c = served(size, note)?;
                if (c.cosignatures, c.size) > (best.cosignatures, best.size) {
                    best = c;
                }
            }
        }
        Ok(best)
    }
}

/// A kept note with its cosignature count (every signature but the log's is a cosignature).
fn served(size: u64, note: Vec<u8>) -> Result<ServedCheckpoint> {
    let cosignatures = parse_note(&note)?.unverified.len().saturating_sub(1);
    Ok(ServedCheckpoint { size, note, cosignatures })
}
