//! Signed notes (C2SP signed-note, Go's sumdb/note): a UTF-8 text ending in a newline, a
//! blank line, and signature lines `— <key name> base64(key ID || signature)`. Keys are
//! written as `<name>+<hex key ID>+base64(type || public key)` for verifiers and
//! `PRIVATE+KEY+<name>+<hex key ID>+base64(type || seed)` for signers.

use std::collections::HashSet;

use base64::prelude::{Engine, BASE64_STANDARD};
use ed25519_dalek::{Signature as Ed25519Signature, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::{Result, TlogError};

/// Signature type of plain Ed25519 note signatures (C2SP signed-note, "Signature types").
pub const ALG_ED25519: u8 = 0x01;
/// Signature type of timestamped Ed25519 witness cosignatures (C2SP tlog-cosignature).
pub const ALG_COSIGNATURE_V1: u8 = 0x04;
/// The most signatures a note may carry; C2SP requires accepting at least 16, Go allows 100.
pub const MAX_SIGNATURES: usize = 100;

const SIG_PREFIX: &str = "\u{2014} ";

/// Checks signatures by one key.
pub trait Verifier {
    /// The key name.
    fn name(&self) -> &str;
    /// The 32-bit key ID.
    fn key_id(&self) -> u32;
    /// Whether `sig` (the bytes after the key ID) signs the note text `msg`.
    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool;
}

/// Signs note texts with one key.
pub trait Signer {
    fn name(&self) -> &str;
    fn key_id(&self) -> u32;
    /// The signature of the note text `msg` (without the key ID).
    fn sign(&self, msg: &[u8]) -> Vec<u8>;
}

/// key ID = SHA-256(key name || 0x0A || signature type || public key)[:4], big-endian
/// (C2SP signed-note, "Signatures").
pub fn key_id(name: &str, alg: u8, public_key: &[u8]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(b"\n");
    h.update([alg]);
    h.update(public_key);
    let sum = h.finalize();
    u32::from_be_bytes([sum[0], sum[1], sum[2], sum[3]])
}

/// A key name is non-empty and has no Unicode space and no `+` (C2SP signed-note, "Format").
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}

/// A verifier key string: `<name>+<8 hex digits>+base64(type || key)`, with the ID checked.
/// Returns the name, the ID, the type byte and the key bytes.
pub fn parse_vkey(vkey: &str) -> Result<(String, u32, u8, Vec<u8>)> {
    let mut parts = vkey.splitn(3, '+');
    let (name, id_hex, key64) = match (parts.next(), parts.next(), parts.next()) {
        (Some(n), Some(i), Some(k)) => (n, i, k),
        _ => return Err(TlogError::MalformedKey("expected name+keyid+base64key")),
    };
    let id = parse_key_id(id_hex)?;
    let key = BASE64_STANDARD.decode(key64).map_err(|_| TlogError::MalformedKey("key is not base64"))?;
    if !is_valid_name(name) {
        return Err(TlogError::MalformedKey("key name is empty or has a space or +"));
    }
    let Some((&alg, public)) = key.split_first() else { return Err(TlogError::MalformedKey("key is empty")) };
    if key_id(name, alg, public) != id {
        return Err(TlogError::MalformedKey("key id does not match the name and key"));
    }
    Ok((name.to_string(), id, alg, public.to_vec()))
}

/// The key ID as written in key strings: exactly 8 lowercase or uppercase hex digits.
fn parse_key_id(hex: &str) -> Result<u32> {
    if hex.len() != 8 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(TlogError::MalformedKey("key id must be 8 hex digits"));
    }
    u32::from_str_radix(hex, 16).map_err(|_| TlogError::MalformedKey("key id must be 8 hex digits"))
}

/// Formats a verifier key string for `name`, type `alg` and `public_key`.
pub fn format_vkey(name: &str, alg: u8, public_key: &[u8]) -> String {
    let mut key = vec![alg];
    key.extend_from_slice(public_key);
    format!("{name}+{:08x}+{}", key_id(name, alg, public_key), BASE64_STANDARD.encode(key))
}

/// Verifies Ed25519 note signatures (type 0x01) of one named key.
#[derive(Clone, Debug)]
pub struct Ed25519Verifier {
    name: String,
    id: u32,
    key: VerifyingKey,
}

impl Ed25519Verifier {
    pub fn new(name: &str, key: VerifyingKey) -> Result<Self> {
        if !is_valid_name(name) {
            return Err(TlogError::MalformedKey("key name is empty or has a space or +"));
        }
        Ok(Ed25519Verifier { name: name.into(), id: key_id(name, ALG_ED25519, key.as_bytes()), key })
    }

    /// Parses a verifier key string such as
    /// `PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW`.
    pub fn parse(vkey: &str) -> Result<Self> {
        let (name, _, alg, key) = parse_vkey(vkey)?;
        if alg != ALG_ED25519 {
            return Err(TlogError::MalformedKey("not an Ed25519 (type 0x01) key"));
        }
        Ed25519Verifier::new(&name, ed25519_key(&key)?)
    }

    /// The verifier key string.
    pub fn vkey(&self) -> String {
        format_vkey(&self.name, ALG_ED25519, self.key.as_bytes())
    }

    pub fn public_key(&self) -> &VerifyingKey {
        &self.key
    }
}

/// The Ed25519 public key in `bytes`: 32 bytes that decode to a curve point.
pub(crate) fn ed25519_key(bytes: &[u8]) -> Result<VerifyingKey> {
    let raw: &[u8; 32] = bytes.try_into().map_err(|_| TlogError::MalformedKey("Ed25519 key must be 32 bytes"))?;
    VerifyingKey::from_bytes(raw).map_err(|_| TlogError::MalformedKey("not an Ed25519 public key"))
}

/// Ed25519 verification that rejects malleable signatures and weak keys (RFC 8032 with
/// the strict checks), so one signature has one encoding.
pub(crate) fn ed25519_verify(key: &VerifyingKey, msg: &[u8], sig: &[u8]) -> bool {
    let Ok(sig) = Ed25519Signature::from_slice(sig) else { return false };
    key.verify_strict(msg, &sig).is_ok()
}

impl Verifier for Ed25519Verifier {
    fn name(&self) -> &str {
        &self.name
    }
    fn key_id(&self) -> u32 {
        self.id
    }
    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        ed25519_verify(&self.key, msg, sig)
    }
}

/// Signs notes with an Ed25519 key (type 0x01).
pub struct Ed25519Signer {
    name: String,
    id: u32,
    key: SigningKey,
}

impl Ed25519Signer {
    /// The signer for `name` with the 32-byte Ed25519 `seed` (RFC 8032 private key).
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Self> {
        if !is_valid_name(name) {
            return Err(TlogError::MalformedKey("key name is empty or has a space or +"));
        }
        let key = SigningKey::from_bytes(seed);
        Ok(Ed25519Signer { name: name.into(), id: key_id(name, ALG_ED25519, key.verifying_key().as_bytes()), key })
    }

    /// Parses a signer key string `PRIVATE+KEY+<name>+<keyid>+base64(0x01 || seed)`; the key
    /// ID must match the public key derived from the seed.
    pub fn parse(skey: &str) -> Result<Self> {
        let (name, id, seed) = parse_skey(skey, ALG_ED25519)?;
        let signer = Ed25519Signer::from_seed(&name, &seed)?;
        if signer.id != id {
            return Err(TlogError::MalformedKey("key id does not match the name and key"));
        }
        Ok(signer)
    }

    /// The signer key string. It is the secret: store it with restricted permissions.
    pub fn skey(&self) -> String {
        format_skey(&self.name, self.id, ALG_ED25519, &self.key.to_bytes())
    }

    /// The matching verifier.
    pub fn verifier(&self) -> Ed25519Verifier {
        Ed25519Verifier { name: self.name.clone(), id: self.id, key: self.key.verifying_key() }
    }
}

impl Signer for Ed25519Signer {
    fn name(&self) -> &str {
        &self.name
    }
    fn key_id(&self) -> u32 {
        self.id
    }
    fn sign(&self, msg: &[u8]) -> Vec<u8> {
        use ed25519_dalek::Signer as _;
        self.key.sign(msg).to_bytes().to_vec()
    }
}

/// Splits `PRIVATE+KEY+<name>+<keyid>+base64(alg || seed)` into name, key ID and seed.
pub(crate) fn parse_skey(skey: &str, want_alg: u8) -> Result<(String, u32, [u8; 32])> {
    let rest =
        skey.strip_prefix("PRIVATE+KEY+").ok_or(TlogError::MalformedKey("signer key must start PRIVATE+KEY+"))?;
    let mut parts = rest.splitn(3, '+');
    let (name, id_hex, key64) = match (parts.next(), parts.next(), parts.next()) {
        (Some(n), Some(i), Some(k)) => (n, i, k),
        _ => return Err(TlogError::MalformedKey("expected PRIVATE+KEY+name+keyid+base64key")),
    };
    let id = parse_key_id(id_hex)?;
    let key = BASE64_STANDARD.decode(key64).map_err(|_| TlogError::MalformedKey("key is not base64"))?;
    if !is_valid_name(name) {
        return Err(TlogError::MalformedKey("key name is empty or has a space or +"));
    }
    match key.split_first() {
        Some((&alg, seed)) if alg == want_alg => {
            let seed = seed.try_into().map_err(|_| TlogError::MalformedKey("Ed25519 seed must be 32 bytes"))?;
            Ok((name.to_string(), id, seed))
        }
        _ => Err(TlogError::MalformedKey("unexpected key type")),
    }
}

pub(crate) fn format_skey(name: &str, id: u32, alg: u8, seed: &[u8; 32]) -> String {
    let mut key = vec![alg];
    key.extend_from_slice(seed);
    format!("PRIVATE+KEY+{name}+{id:08x}+{}", BASE64_STANDARD.encode(key))
}

/// Generates the signer and verifier key strings for `name` from a 32-byte random `seed`
/// (the caller draws it from the OS, so this crate stays free of I/O).
pub fn generate_key(name: &str, seed: &[u8; 32]) -> Result<(String, String)> {
    let signer = Ed25519Signer::from_seed(name, seed)?;
    Ok((signer.skey(), signer.verifier().vkey()))
}

/// One signature line of a note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteSignature {
    pub name: String,
    pub key_id: u32,
    /// The signature bytes after the 4-byte key ID.
    pub sig: Vec<u8>,
}

impl NoteSignature {
    /// The line `— <name> base64(key ID || signature)` with its newline.
    pub fn line(&self) -> String {
        let mut raw = self.key_id.to_be_bytes().to_vec();
        raw.extend_from_slice(&self.sig);
        format!("{SIG_PREFIX}{} {}\n", self.name, BASE64_STANDARD.encode(raw))
    }
}

/// A note: its text and signatures, split into those checked against a known key and those
/// from keys not known to the reader.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub sigs: Vec<NoteSignature>,
    pub unverified: Vec<NoteSignature>,
}

/// Parses a signed note without checking any signature: every signature is unverified.
/// Duplicate signature lines are dropped.
pub fn parse_note(msg: &[u8]) -> Result<Note> {
    let msg = std::str::from_utf8(msg).map_err(|_| TlogError::MalformedNote("not UTF-8"))?;
    if msg.chars().any(|c| c < '\u{20}' && c != '\n') {
        return Err(TlogError::MalformedNote("control character"));
    }
    // The text ends at the last blank line; it keeps its final newline.
    let split = msg.rfind("\n\n").ok_or(TlogError::MalformedNote("no blank line before the signatures"))?;
    let (text, sigs) = (&msg[..split + 1], &msg[split + 2..]);
    if sigs.is_empty() || !sigs.ends_with('\n') {
        return Err(TlogError::MalformedNote("signature block must end in a newline"));
    }
    let mut note = Note { text: text.to_string(), ..Note::default() };
    let lines: Vec<&str> = sigs[..sigs.len() - 1].split('\n').collect();
    // Bound the work a hostile note can cause before any signature is checked.
    if lines.len() > MAX_SIGNATURES {
        return Err(TlogError::MalformedNote("too many signatures"));
    }
    let mut seen = HashSet::new();
    for line in lines {
        let sig = parse_signature_line(line)?;
        if seen.insert(line) {
            note.unverified.push(sig);
        }
    }
    Ok(note)
}

/// Parses `— <name> <base64>` (without the newline).
fn parse_signature_line(line: &str) -> Result<NoteSignature> {
    let rest =
        line.strip_prefix(SIG_PREFIX).ok_or(TlogError::MalformedNote("signature line must start with an em dash"))?;
    let (name, b64) = rest.split_once(' ').ok_or(TlogError::MalformedNote("signature line has no signature"))?;
    let raw = BASE64_STANDARD.decode(b64).map_err(|_| TlogError::MalformedNote("signature is not base64"))?;
    if !is_valid_name(name) || raw.len() < 5 {
        return Err(TlogError::MalformedNote("bad key name or short signature"));
    }
    let key_id = u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]);
    Ok(NoteSignature { name: name.to_string(), key_id, sig: raw[4..].to_vec() })
}

/// Parses a signed note and checks its signatures against `known` keys. Signatures by
/// unknown keys are kept as unverified; a known key's bad signature rejects the note; a
/// note with no verified signature is rejected (C2SP signed-note, "Signatures").
pub fn open_note(msg: &[u8], known: &[&dyn Verifier]) -> Result<Note> {
    let parsed = parse_note(msg)?;
    let mut note = Note { text: parsed.text, ..Note::default() };
    let mut verified_keys = HashSet::new();
    for sig in parsed.unverified {
        let mut matches = known.iter().filter(|v| v.name() == sig.name && v.key_id() == sig.key_id);
        let Some(v) = matches.next() else {
            note.unverified.push(sig);
            continue;
        };
        if matches.next().is_some() {
            return Err(TlogError::AmbiguousKey { name: sig.name, key_id: sig.key_id });
        }
        if !verified_keys.insert((sig.name.clone(), sig.key_id)) {
            continue; // a second signature by the same key adds nothing
        }
        if !v.verify(note.text.as_bytes(), &sig.sig) {
            return Err(TlogError::InvalidSignature { name: sig.name, key_id: sig.key_id });
        }
        note.sigs.push(sig);
    }
    if note.sigs.is_empty() {
        return Err(TlogError::UnverifiedNote);
    }
    Ok(note)
}

/// Signs `note`'s text with `signers` and encodes it: the text, a blank line, the note's
/// existing signatures (except those replaced by a signer with the same name and key ID),
/// then the new ones.
pub fn sign_note(note: &Note, signers: &[&dyn Signer]) -> Result<Vec<u8>> {
    if !note.text.ends_with('\n') {
        return Err(TlogError::MalformedNote("text must end in a newline"));
    }
    let mut out = note.text.clone();
    out.push('\n');
    let replaced: HashSet<(&str, u32)> = signers.iter().map(|s| (s.name(), s.key_id())).collect();
    for sig in note.sigs.iter().chain(&note.unverified) {
        if !is_valid_name(&sig.name) {
            return Err(TlogError::MalformedNote("bad key name"));
        }
        if !replaced.contains(&(sig.name.as_str(), sig.key_id)) {
            out.push_str(&sig.line());
        }
    }
    for s in signers {
        if !is_valid_name(s.name()) {
            return Err(TlogError::MalformedKey("key name is empty or has a space or +"));
        }
        let sig = NoteSignature { name: s.name().into(), key_id: s.key_id(), sig: s.sign(note.text.as_bytes()) };
        out.push_str(&sig.line());
    }
    Ok(out.into_bytes())
}
