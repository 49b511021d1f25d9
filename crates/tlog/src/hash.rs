//! Merkle tree hashing of RFC 9162 (and RFC 6962, which it obsoletes): SHA-256 with one-byte
//! domain separation between leaves and interior nodes.

use std::fmt;

use base64::prelude::{Engine, BASE64_STANDARD};
use sha2::{Digest, Sha256};

use crate::TlogError;

/// Size of a SHA-256 hash in bytes.
pub const HASH_SIZE: usize = 32;

/// A SHA-256 hash identifying a leaf, an interior node or a tree root.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Hash(pub [u8; HASH_SIZE]);

impl Hash {
    /// The standard base64 form used by checkpoints, notes and witness requests.
    pub fn to_base64(&self) -> String {
        BASE64_STANDARD.encode(self.0)
    }

    /// Parses the canonical standard-base64 form of exactly 32 bytes.
    pub fn from_base64(s: &str) -> Result<Hash, TlogError> {
        let bytes = BASE64_STANDARD.decode(s).map_err(|_| TlogError::MalformedCheckpoint("hash is not base64"))?;
        Hash::from_slice(&bytes).ok_or(TlogError::MalformedCheckpoint("hash is not 32 bytes"))
    }

    /// The hash in `bytes`, if it is exactly 32 bytes long.
    pub fn from_slice(bytes: &[u8]) -> Option<Hash> {
        Some(Hash(bytes.try_into().ok()?))
    }

    /// Lowercase hex, as RFC test vectors print hashes.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Parses 64 lowercase or uppercase hex digits.
    pub fn from_hex(s: &str) -> Option<Hash> {
        if s.len() != 2 * HASH_SIZE || !s.is_ascii() {
            return None;
        }
        let mut out = [0u8; HASH_SIZE];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Hash(out))
    }
}

impl fmt::Display for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_base64())
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hash({})", self.to_hex())
    }
}

/// The hash of a leaf: SHA-256(0x00 || data). RFC 9162 §2.1.1 (RFC 6962 §2.1): the 0x00 prefix
/// keeps a leaf from ever hashing like an interior node (second-preimage resistance).
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(data);
    Hash(h.finalize().into())
}

/// The hash of an interior node: SHA-256(0x01 || left || right). RFC 9162 §2.1.1
/// (RFC 6962 §2.1).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut buf = [0u8; 1 + 2 * HASH_SIZE];
    buf[0] = 0x01;
    buf[1..1 + HASH_SIZE].copy_from_slice(&left.0);
    buf[1 + HASH_SIZE..].copy_from_slice(&right.0);
    Hash(Sha256::digest(buf).into())
}

/// The root of the empty tree: MTH({}) = SHA-256() of the empty string, RFC 9162 §2.1.1.
/// (Go's sumdb/tlog uses an all-zero hash here instead; checkpoints follow the RFC.)
pub fn empty_tree_hash() -> Hash {
    Hash(Sha256::digest([]).into())
}
