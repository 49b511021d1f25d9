//! Evidence receipts (docs/ledger-receipt.md): one JSON file holding a log entry, its
//! inclusion proof and a signed, cosigned checkpoint, verifiable offline years later by
//! anyone holding the log's public key and the witnesses' keys.

use serde::{Deserialize, Serialize};
use silkport_store::Store;
use silkport_tlog::{
    check_inclusion, leaf_hash, open_checkpoint, CosignatureVerifier, Ed25519Verifier, Entry, Hash, TlogError, Verifier,
};

use crate::{Ledger, LedgerError, Result};

/// The receipt format's name and version, its first field.
pub const RECEIPT_V1: &str = "silkport-receipt/v1";

/// A self-contained proof that `entry` is entry `index` of the log whose checkpoint is
/// `checkpoint`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Always `silkport-receipt/v1`.
    pub receipt: String,
    /// The entry's index (0-based) in the log.
    pub index: u64,
    /// The entry, exactly its bytes as UTF-8 text (docs/ledger-entry-format.md).
    pub entry: String,
    /// The size of the tree the proof is for; equals the checkpoint's size.
    pub tree_size: u64,
    /// RFC 9162 inclusion proof (audit path from the leaf up), base64 hashes.
    pub inclusion_proof: Vec<String>,
    /// The C2SP signed checkpoint note: the log's signature and witness cosignatures.
    pub checkpoint: String,
}

impl Ledger {
    /// The receipt of a log index (`1234`) or of the latest entry of an event key or entry
    /// reference (`uspto-assignment:048811/0679:US-APP-12520138`, `grant:US8087209B2`).
    pub fn receipt(&self, store: &mut dyn Store, id: &str) -> Result<Receipt> {
        let index = match id.parse::<u64>() {
            Ok(i) => i,
            Err(_) => store.ledger_logged(&[id.to_string()])?.first().map(|l| l.index).ok_or_else(not_logged(id))?,
        };
        if index >= self.log().size() {
            return Err(not_logged(id)());
        }
        let cp = self.best_checkpoint(index)?;
        let proof = self.log().prove_inclusion(index, cp.size)?;
        let entry = String::from_utf8(self.log().entry(index)?)
            .map_err(|_| LedgerError::ForeignEntry { index, detail: "not UTF-8".into() })?;
        Ok(Receipt {
            receipt: RECEIPT_V1.into(),
            index,
            entry,
            tree_size: cp.size,
            inclusion_proof: proof.iter().map(Hash::to_base64).collect(),
            checkpoint: String::from_utf8(cp.note).map_err(|_| LedgerError::MalformedReceipt("checkpoint".into()))?,
        })
    }
}

fn not_logged(id: &str) -> impl FnOnce() -> LedgerError + '_ {
    move || LedgerError::NotLogged(id.to_string())
}

/// The keys a verifier trusts: the log's (current and retired) and the witnesses', and how
/// many distinct witnesses must have cosigned.
pub struct Trust {
    pub log_keys: Vec<Ed25519Verifier>,
    pub witnesses: Vec<CosignatureVerifier>,
    pub quorum: usize,
}

/// A witness cosignature that verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cosigned {
    pub witness: String,
    pub key_id: String,
    /// Seconds since the epoch when the witness cosigned.
    pub timestamp: u64,
}

/// Everything a successful verification established.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub right: String,
    pub event: String,
    pub date: String,
    pub reference: Option<String>,
    /// SHA-256(0x00 || entry), hex.
    pub leaf_hash: String,
    pub index: u64,
    pub origin: String,
    pub tree_size: u64,
    /// The checkpoint's root hash, base64.
    pub root_hash: String,
    /// The log key that signed the checkpoint, `<name>+<key id>`.
    pub log_key: String,
    pub proof_hashes: usize,
    pub witnesses: Vec<Cosigned>,
    pub quorum: usize,
    /// Signatures on the checkpoint by keys the verifier was not given (not checked).
    pub unknown_signatures: usize,
}

/// Verifies a receipt with no network: the entry is canonical, the checkpoint is signed by a
/// trusted log key, the inclusion proof leads from the entry's leaf hash to the checkpoint's
/// root, and at least `quorum` trusted witnesses cosigned that checkpoint.
pub fn verify(receipt: &Receipt, trust: &Trust) -> Result<Verification> {
    let bad = |what: &str| LedgerError::MalformedReceipt(what.to_string());
    if receipt.receipt != RECEIPT_V1 {
        return Err(bad(&format!("format {:?} is not {RECEIPT_V1}", receipt.receipt)));
    }
    let bytes = receipt.entry.as_bytes();
    let entry = Entry::decode(bytes)?;
    let (opened, log_key) = open_with_any(receipt.checkpoint.as_bytes(), trust)?;
    let cp = &opened.checkpoint;
    if cp.size != receipt.tree_size {
        return Err(bad(&format!("tree_size {} differs from the checkpoint's {}", receipt.tree_size, cp.size)));
    }
    let proof: Vec<Hash> = receipt
        .inclusion_proof
        .iter()
        .map(|h| Hash::from_base64(h).map_err(|_| bad("inclusion_proof holds a hash that is not base64")))
        .collect::<Result<_>>()?;
    let leaf = leaf_hash(bytes);
    check_inclusion(&proof, cp.size, &cp.hash, receipt.index, &leaf)?;
    let witnesses: Vec<Cosigned> = opened
        .note
        .sigs
        .iter()
        .filter(|s| !trust.log_keys.iter().any(|k| k.name() == s.name && k.key_id() == s.key_id))
        .filter_map(|s| {
            let timestamp = silkport_tlog::cosignature_timestamp(&s.sig)?;
            Some(Cosigned { witness: s.name.clone(), key_id: format!("{:08x}", s.key_id), timestamp })
        })
        .collect();
    if witnesses.len() < trust.quorum {
        return Err(LedgerError::Quorum { have: witnesses.len(), need: trust.quorum });
    }
    Ok(Verification {
        right: entry.right,
        event: entry.event,
        date: entry.date,
        reference: entry.reference,
        leaf_hash: leaf.to_hex(),
        index: receipt.index,
        origin: cp.origin.clone(),
        tree_size: cp.size,
        root_hash: cp.hash.to_base64(),
        log_key,
        proof_hashes: proof.len(),
        witnesses,
        quorum: trust.quorum,
        unknown_signatures: opened.note.unverified.len(),
    })
}

/// Opens the checkpoint with the first trusted log key that signed it.
fn open_with_any(note: &[u8], trust: &Trust) -> Result<(silkport_tlog::VerifiedCheckpoint, String)> {
    let cosigners: Vec<&dyn Verifier> = trust.witnesses.iter().map(|w| w as &dyn Verifier).collect();
    let mut last = TlogError::UnverifiedNote;
    for key in &trust.log_keys {
        match open_checkpoint(note, key.name(), key, &cosigners) {
            Ok(opened) => return Ok((opened, format!("{}+{:08x}", key.name(), key.key_id()))),
            Err(e) => last = e,
        }
    }
    Err(match last {
        TlogError::UnverifiedNote | TlogError::WrongOrigin { .. } => {
            LedgerError::MalformedReceipt("the checkpoint is not signed by any trusted log key".into())
        }
        other => other.into(),
    })
}
