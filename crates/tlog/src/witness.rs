//! What a witness decides, as pure functions (C2SP tlog-witness and tlog-cosignature): is a
//! new checkpoint consistent with the latest one it cosigned, and if not, is it a rollback or
//! a split view. Fetching, persisting state and raising the alarm belong to the caller.

use std::collections::BTreeMap;

use crate::checkpoint::{parse_size, Checkpoint};
use crate::cosignature::CosignatureSigner;
use crate::hash::Hash;
use crate::note::{open_note, sign_note, Note, NoteSignature, Verifier};
use crate::proof::check_consistency;
use crate::{Result, TlogError};

/// The most consistency proof lines an add-checkpoint request may carry (tlog-witness).
pub const MAX_PROOF_LINES: usize = 63;

/// A tree size and root: what a witness remembers per log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TreeHead {
    pub size: u64,
    pub hash: Hash,
}

impl From<&Checkpoint> for TreeHead {
    fn from(cp: &Checkpoint) -> TreeHead {
        TreeHead { size: cp.size, hash: cp.hash }
    }
}

/// What a follower saw in a new checkpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Observation {
    /// The first checkpoint seen for this log (trusted on first use).
    First,
    /// The same tree head as before.
    Unchanged,
    /// A larger tree, proven to extend the one seen before.
    Advanced,
}

/// Evidence that the log misbehaved, or that someone shows this witness a false view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alarm {
    /// A signed checkpoint smaller than one already seen: the log went back in time.
    Rollback { seen: TreeHead, offered: TreeHead },
    /// Two signed checkpoints of the same size with different roots: two views of one log.
    SplitView { seen: TreeHead, offered: TreeHead },
    /// A larger signed checkpoint that the proof does not show to extend the one seen. When
    /// the proof was computed from tiles authenticated against `offered`, this too is a
    /// split view.
    Inconsistent { seen: TreeHead, offered: TreeHead },
}

/// Classifies a newly fetched, signature-checked checkpoint against the last one seen,
/// with a consistency proof from `seen.size` to `offered.size`.
pub fn observe(seen: Option<&TreeHead>, offered: &TreeHead, proof: &[Hash]) -> Result<Observation, Alarm> {
    let Some(seen) = seen.copied() else { return Ok(Observation::First) };
    let offered = *offered;
    if offered.size < seen.size {
        return Err(Alarm::Rollback { seen, offered });
    }
    if offered.size == seen.size {
        return if offered.hash == seen.hash {
            Ok(Observation::Unchanged)
        } else {
            Err(Alarm::SplitView { seen, offered })
        };
    }
    match check_consistency(proof, offered.size, &offered.hash, seen.size, &seen.hash) {
        Ok(()) => Ok(Observation::Advanced),
        Err(_) => Err(Alarm::Inconsistent { seen, offered }),
    }
}

/// Why a witness refuses an add-checkpoint request, one variant per rule of tlog-witness
/// (the HTTP layer maps them to 404, 403, 400, 409 and 422).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The checkpoint's origin is not a log this witness follows.
    UnknownLog,
    /// No signature by the log's trusted key verifies.
    NotSignedByLog,
    /// The request body or checkpoint does not parse.
    Malformed(String),
    /// The old size is larger than the checkpoint's size.
    OldSizeTooLarge,
    /// The old size is not the size of the latest checkpoint this witness cosigned.
    StaleOldSize { latest: u64 },
    /// Same size as the latest cosigned checkpoint but another root: an alarm.
    SplitView(Alarm),
    /// The consistency proof does not verify (possible misbehaviour: keep the request).
    BadProof,
}

/// Applies tlog-witness's add-checkpoint checks to a checkpoint whose signature is already
/// verified: `latest` is the witness's latest cosigned tree head for the log.
pub fn check_add_checkpoint(
    latest: Option<&TreeHead>,
    old_size: u64,
    proof: &[Hash],
    new: &TreeHead,
) -> Result<(), Refusal> {
    if old_size > new.size {
        return Err(Refusal::OldSizeTooLarge);
    }
    let latest_size = latest.map_or(0, |l| l.size);
    if old_size != latest_size {
        return Err(Refusal::StaleOldSize { latest: latest_size });
    }
    let Some(latest) = latest.filter(|_| old_size > 0) else {
        return if proof.is_empty() { Ok(()) } else { Err(Refusal::BadProof) };
    };
    if old_size == new.size && latest.hash != new.hash {
        return Err(Refusal::SplitView(Alarm::SplitView { seen: *latest, offered: *new }));
    }
    check_consistency(proof, new.size, &new.hash, old_size, &latest.hash).map_err(|_| Refusal::BadProof)
}

/// An add-checkpoint request body: `old <size>`, up to 63 base64 proof lines, a blank line,
/// then the signed checkpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddCheckpoint {
    pub old_size: u64,
    pub proof: Vec<Hash>,
    pub checkpoint: Vec<u8>,
}

impl AddCheckpoint {
    pub fn parse(body: &[u8]) -> Result<AddCheckpoint> {
        let bad = TlogError::MalformedRequest;
        let split = body.windows(2).position(|w| w == b"\n\n").ok_or(bad("no blank line before the checkpoint"))?;
        let head = std::str::from_utf8(&body[..split]).map_err(|_| bad("not UTF-8"))?;
        let mut lines = head.split('\n');
        let old = lines.next().and_then(|l| l.strip_prefix("old ")).ok_or(bad("first line must be old <size>"))?;
        let old_size = parse_size(old).map_err(|_| bad("old size must be decimal without leading zeros"))?;
        let proof: Vec<Hash> = lines
            .map(|l| Hash::from_base64(l).map_err(|_| bad("proof line is not a base64 hash")))
            .collect::<Result<_>>()?;
        if proof.len() > MAX_PROOF_LINES {
            return Err(bad("more than 63 proof lines"));
        }
        Ok(AddCheckpoint { old_size, proof, checkpoint: body[split + 2..].to_vec() })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("old {}\n", self.old_size).into_bytes();
        for h in &self.proof {
            out.extend_from_slice(format!("{}\n", h.to_base64()).as_bytes());
        }
        out.push(b'\n');
        out.extend_from_slice(&self.checkpoint);
        out
    }
}

/// A log a witness follows: its trusted key and the latest tree head cosigned for it.
pub struct WitnessedLog {
    pub verifier: Box<dyn Verifier + Send + Sync>,
    pub latest: Option<TreeHead>,
}

/// A witness's whole decision procedure, without I/O: the caller persists `latest` after
/// every accepted request, atomically with answering it (tlog-witness requires both).
pub struct Witness {
    pub signer: CosignatureSigner,
    pub logs: BTreeMap<String, WitnessedLog>,
}

impl Witness {
    /// Checks a request and, if every rule passes, records the new tree head and returns the
    /// cosignature line(s) to answer with.
    pub fn add_checkpoint(&mut self, req: &AddCheckpoint, now: u64) -> Result<Vec<NoteSignature>, Refusal> {
        let parsed = crate::note::parse_note(&req.checkpoint).map_err(|e| Refusal::Malformed(e.to_string()))?;
        let cp = Checkpoint::parse(&parsed.text).map_err(|e| Refusal::Malformed(e.to_string()))?;
        let log = self.logs.get_mut(&cp.origin).ok_or(Refusal::UnknownLog)?;
        open_note(&req.checkpoint, &[log.verifier.as_ref()]).map_err(|_| Refusal::NotSignedByLog)?;
        let new = TreeHead::from(&cp);
        check_add_checkpoint(log.latest.as_ref(), req.old_size, &req.proof, &new)?;
        log.latest = Some(new);
        let signed = sign_note(&Note { text: parsed.text, ..Note::default() }, &[&self.signer.at(now)])
            .map_err(|e| Refusal::Malformed(e.to_string()))?;
        let cosigned = crate::note::parse_note(&signed).map_err(|e| Refusal::Malformed(e.to_string()))?;
        Ok(cosigned.unverified)
    }
}
