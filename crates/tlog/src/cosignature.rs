//! Witness cosignatures, C2SP tlog-cosignature `cosignature/v1`: an Ed25519 signature over
//! `cosignature/v1\ntime <timestamp>\n` followed by the checkpoint text, carried as a note
//! signature of type 0x04 whose bytes are the big-endian u64 timestamp then the signature.

use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::note::{
    ed25519_key, ed25519_verify, format_skey, format_vkey, is_valid_name, key_id, parse_skey, parse_vkey, Signer,
    Verifier, ALG_COSIGNATURE_V1,
};
use crate::{Result, TlogError};

/// The message a cosigner signs for the checkpoint text `text` at `timestamp` (seconds since
/// the epoch).
pub fn cosigned_message(text: &str, timestamp: u64) -> Vec<u8> {
    format!("cosignature/v1\ntime {timestamp}\n{text}").into_bytes()
}

/// The timestamp of a cosignature's bytes (after the key ID), if it has the v1 shape.
pub fn cosignature_timestamp(sig: &[u8]) -> Option<u64> {
    let (ts, rest) = sig.split_first_chunk::<8>()?;
    let ts = u64::from_be_bytes(*ts);
    (rest.len() == 64 && ts <= i64::MAX as u64).then_some(ts)
}

/// Verifies `cosignature/v1` cosignatures by one witness key.
#[derive(Clone, Debug)]
pub struct CosignatureVerifier {
    name: String,
    id: u32,
    key: VerifyingKey,
}

impl CosignatureVerifier {
    pub fn new(name: &str, key: VerifyingKey) -> Result<Self> {
        if !is_valid_name(name) {
            return Err(TlogError::MalformedKey("key name is empty or has a space or +"));
        }
        Ok(CosignatureVerifier { name: name.into(), id: key_id(name, ALG_COSIGNATURE_V1, key.as_bytes()), key })
    }

    /// Parses a witness verifier key string of type 0x04.
    pub fn parse(vkey: &str) -> Result<Self> {
        let (name, _, alg, key) = parse_vkey(vkey)?;
        if alg != ALG_COSIGNATURE_V1 {
            return Err(TlogError::MalformedKey("not a cosignature/v1 (type 0x04) key"));
        }
        CosignatureVerifier::new(&name, ed25519_key(&key)?)
    }

    pub fn vkey(&self) -> String {
        format_vkey(&self.name, ALG_COSIGNATURE_V1, self.key.as_bytes())
    }
}

impl Verifier for CosignatureVerifier {
    fn name(&self) -> &str {
        &self.name
    }
    fn key_id(&self) -> u32 {
        self.id
    }
    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let (Some(ts), Ok(text)) = (cosignature_timestamp(sig), std::str::from_utf8(msg)) else { return false };
        ed25519_verify(&self.key, &cosigned_message(text, ts), &sig[8..])
    }
}

/// A witness's cosigning key.
pub struct CosignatureSigner {
    name: String,
    id: u32,
    key: SigningKey,
}

impl CosignatureSigner {
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Self> {
        if !is_valid_name(name) {
            return Err(TlogError::MalformedKey("key name is empty or has a space or +"));
        }
        let key = SigningKey::from_bytes(seed);
        Ok(CosignatureSigner {
            name: name.into(),
            id: key_id(name, ALG_COSIGNATURE_V1, key.verifying_key().as_bytes()),
            key,
        })
    }

    /// Parses `PRIVATE+KEY+<name>+<keyid>+base64(0x04 || seed)`.
    pub fn parse(skey: &str) -> Result<Self> {
        let (name, id, seed) = parse_skey(skey, ALG_COSIGNATURE_V1)?;
        let signer = CosignatureSigner::from_seed(&name, &seed)?;
        if signer.id != id {
            return Err(TlogError::MalformedKey("key id does not match the name and key"));
        }
        Ok(signer)
    }

    pub fn skey(&self) -> String {
        format_skey(&self.name, self.id, ALG_COSIGNATURE_V1, &self.key.to_bytes())
    }

    pub fn verifier(&self) -> CosignatureVerifier {
        CosignatureVerifier { name: self.name.clone(), id: self.id, key: self.key.verifying_key() }
    }

    /// This key as a note [`Signer`] that stamps its cosignatures with `timestamp`. The clock
    /// is the caller's, so cosigning stays a pure function.
    pub fn at(&self, timestamp: u64) -> TimedCosigner<'_> {
        TimedCosigner { signer: self, timestamp }
    }
}

/// A [`CosignatureSigner`] bound to one timestamp.
pub struct TimedCosigner<'a> {
    signer: &'a CosignatureSigner,
    timestamp: u64,
}

impl Signer for TimedCosigner<'_> {
    fn name(&self) -> &str {
        &self.signer.name
    }
    fn key_id(&self) -> u32 {
        self.signer.id
    }
    fn sign(&self, msg: &[u8]) -> Vec<u8> {
        use ed25519_dalek::Signer as _;
        let text = String::from_utf8_lossy(msg);
        let sig = self.signer.key.sign(&cosigned_message(&text, self.timestamp));
        let mut out = self.timestamp.to_be_bytes().to_vec();
        out.extend_from_slice(&sig.to_bytes());
        out
    }
}
