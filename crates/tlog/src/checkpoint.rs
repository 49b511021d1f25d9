//! Checkpoints (C2SP tlog-checkpoint): the note text `<origin>\n<size>\n<base64 root>\n`
//! plus optional extension lines, signed as a note by the log and cosigned by witnesses.

use crate::cosignature::cosignature_timestamp;
use crate::hash::Hash;
use crate::note::{open_note, sign_note, Note, Signer, Verifier};
use crate::{Result, TlogError};

/// A log's tree head as a checkpoint body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// The log's identity, e.g. `ipport.example/ledger`; non-empty.
    pub origin: String,
    /// The number of leaves.
    pub size: u64,
    /// The RFC 9162 root hash of the tree of `size` leaves.
    pub hash: Hash,
    /// Opaque, non-empty extension lines (not recommended by the spec; kept byte-exact).
    pub extensions: Vec<String>,
}

impl Checkpoint {
    pub fn new(origin: &str, size: u64, hash: Hash) -> Checkpoint {
        Checkpoint { origin: origin.into(), size, hash, extensions: Vec::new() }
    }

    /// The note text: one line each for origin, size and hash, then the extension lines,
    /// every line ending in a newline.
    pub fn to_text(&self) -> String {
        let mut s = format!("{}\n{}\n{}\n", self.origin, self.size, self.hash.to_base64());
        for e in &self.extensions {
            s.push_str(e);
            s.push('\n');
        }
        s
    }

    /// Parses checkpoint note text, accepting only the canonical form: at least three
    /// non-empty lines, a decimal size without leading zeros, a base64 hash of 32 bytes.
    pub fn parse(text: &str) -> Result<Checkpoint> {
        let body = text.strip_suffix('\n').ok_or(TlogError::MalformedCheckpoint("text must end in a newline"))?;
        let mut lines = body.split('\n');
        let origin = lines.next().unwrap_or_default();
        let size = lines.next().ok_or(TlogError::MalformedCheckpoint("no tree size line"))?;
        let hash = lines.next().ok_or(TlogError::MalformedCheckpoint("no root hash line"))?;
        let extensions: Vec<String> = lines.map(str::to_string).collect();
        if origin.is_empty() {
            return Err(TlogError::MalformedCheckpoint("empty origin line"));
        }
        if extensions.iter().any(String::is_empty) {
            return Err(TlogError::MalformedCheckpoint("empty extension line"));
        }
        Ok(Checkpoint { origin: origin.into(), size: parse_size(size)?, hash: Hash::from_base64(hash)?, extensions })
    }
}

/// ASCII decimal without leading zeros ("0" for the empty tree), as checkpoints and witness
/// requests write sizes.
pub(crate) fn parse_size(s: &str) -> Result<u64> {
    let canonical = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    let size = s.parse::<u64>().ok().filter(|_| canonical);
    size.ok_or(TlogError::MalformedCheckpoint("tree size must be decimal without leading zeros"))
}

/// Signs a checkpoint as a note with the log's key.
pub fn sign_checkpoint(cp: &Checkpoint, log: &dyn Signer) -> Result<Vec<u8>> {
    sign_note(&Note { text: cp.to_text(), ..Note::default() }, &[log])
}

/// A checkpoint whose log signature verified, with the witness cosignatures that verified.
#[derive(Clone, Debug)]
pub struct VerifiedCheckpoint {
    pub checkpoint: Checkpoint,
    pub note: Note,
    /// (witness key name, cosignature timestamp) of each verified cosignature.
    pub cosigned_by: Vec<(String, u64)>,
}

/// Opens a signed checkpoint of the log `origin`: the log's key must have signed it, each
/// known cosigner's cosignature must verify, and unknown signatures are ignored.
pub fn open_checkpoint(
    msg: &[u8],
    origin: &str,
    log: &dyn Verifier,
    cosigners: &[&dyn Verifier],
) -> Result<VerifiedCheckpoint> {
    let mut known = vec![log];
    known.extend_from_slice(cosigners);
    let note = open_note(msg, &known)?;
    let checkpoint = Checkpoint::parse(&note.text)?;
    if checkpoint.origin != origin {
        return Err(TlogError::WrongOrigin { expected: origin.into(), found: checkpoint.origin });
    }
    if !note.sigs.iter().any(|s| s.name == log.name() && s.key_id == log.key_id()) {
        return Err(TlogError::UnverifiedNote);
    }
    let cosigned_by = note
        .sigs
        .iter()
        .filter(|s| !(s.name == log.name() && s.key_id == log.key_id()))
        .filter_map(|s| Some((s.name.clone(), cosignature_timestamp(&s.sig)?)))
        .collect();
    Ok(VerifiedCheckpoint { checkpoint, note, cosigned_by })
}
