//! Random secrets: session ids and API tokens are 32 random bytes from the operating
//! system, given to the client once and stored only as their SHA-256, so a copy of the
//! database does not let anyone sign in. CSRF tokens are derived from the session secret,
//! so they need no storage and die with the session.

use crate::AccountError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// API tokens start with this, so secret scanners and people recognise them.
pub const TOKEN_PREFIX: &str = "spt_";

/// A new secret: what the client keeps, and the hash the store keeps.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    pub value: String,
    pub hash: String,
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret itself, not even in debug output.
        f.debug_struct("Secret").field("hash", &self.hash).finish_non_exhaustive()
    }
}

fn random_text(bytes: usize) -> Result<String, AccountError> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).map_err(|e| AccountError::Random(e.to_string()))?;
    Ok(URL_SAFE_NO_PAD.encode(buf))
}

/// A new session id (cookie value).
pub fn new_session() -> Result<Secret, AccountError> {
    let value = random_text(32)?;
    Ok(Secret { hash: hash_secret(&value), value })
}

/// A new API token (`spt_…`).
pub fn new_token() -> Result<Secret, AccountError> {
    let value = format!("{TOKEN_PREFIX}{}", random_text(32)?);
    Ok(Secret { hash: hash_secret(&value), value })
}

/// A random password for generated accounts (demo users): 20 characters, about 120 bits.
pub fn new_password() -> Result<String, AccountError> {
    random_text(15)
}

/// The stored form of a secret: SHA-256, hex. Secrets are random, so no salt or slow hash
/// is needed (unlike passwords).
pub fn hash_secret(value: &str) -> String {
    hex(&Sha256::digest(value.as_bytes()))
}

/// The CSRF token of a session: bound to it, unguessable without the session secret (an
/// HttpOnly cookie other sites cannot read).
pub fn csrf_token(session_value: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"silkport csrf v1\0");
    h.update(session_value.as_bytes());
    URL_SAFE_NO_PAD.encode(h.finalize())
}

/// Compares two secrets in time independent of where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_hashed() {
        let a = new_session().unwrap();
        let b = new_session().unwrap();
        assert_ne!(a.value, b.value);
        assert_eq!(a.value.len(), 43, "32 bytes base64url");
        assert_eq!(a.hash, hash_secret(&a.value));
        assert_eq!(a.hash.len(), 64);
        assert!(!format!("{a:?}").contains(&a.value));
        let t = new_token().unwrap();
        assert!(t.value.starts_with("spt_"));
        assert_eq!(new_password().unwrap().len(), 20);
    }

    #[test]
    fn sha256_of_a_known_value() {
        // echo -n abc | sha256sum
        assert_eq!(hash_secret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn csrf_is_bound_to_the_session() {
        let a = csrf_token("session-a");
        assert_eq!(a, csrf_token("session-a"));
        assert_ne!(a, csrf_token("session-b"));
        assert!(constant_time_eq(&a, &csrf_token("session-a")));
        assert!(!constant_time_eq(&a, &csrf_token("session-b")));
        assert!(!constant_time_eq(&a, ""));
    }
}
