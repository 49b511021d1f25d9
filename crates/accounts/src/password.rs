//! The password policy (NIST SP 800-63B style: length, not composition rules; refuse the
//! most common passwords and the user's own name) and Argon2id hashing with OWASP's
//! parameters (19 MiB memory, 2 passes, 1 lane). Hashes are PHC strings, so parameters can
//! be raised later without invalidating stored hashes.

use crate::AccountError;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

pub const MIN_CHARS: usize = 12;
/// Long inputs cost Argon2 nothing extra, but a request of megabytes should not be hashed.
pub const MAX_BYTES: usize = 256;

/// OWASP Password Storage Cheat Sheet, Argon2id: m=19456 KiB, t=2, p=1.
const M_COST_KIB: u32 = 19_456;
const T_COST: u32 = 2;
const P_COST: u32 = 1;

/// A few of the most used passwords of 12 characters or more (from public breach lists);
/// length already rules out the shorter ones.
const COMMON: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678910111213",
    "qwertyuiop123",
    "qwertyuiopasdfghjkl",
    "passwordpassword",
    "password1234",
    "password12345",
    "iloveyou1234",
    "administrator",
    "administrator1",
    "abcdefghijkl",
    "aaaaaaaaaaaa",
    "111111111111",
    "000000000000",
    "welcome12345",
    "changeme1234",
    "letmein12345",
    "silkport1234",
    "silkportdemo",
];

/// Checks a new password against the policy.
pub fn check_policy(user_name: &str, password: &str) -> Result<(), AccountError> {
    if password.len() > MAX_BYTES {
        return Err(AccountError::PasswordTooLong { max: MAX_BYTES });
    }
    if password.chars().count() < MIN_CHARS {
        return Err(AccountError::PasswordTooShort { min: MIN_CHARS });
    }
    let lower = password.to_lowercase();
    let name = user_name.to_lowercase();
    let one_char = lower.chars().all(|c| lower.starts_with(c));
    if one_char || COMMON.contains(&lower.as_str()) || (name.len() >= 3 && lower.contains(&name)) {
        return Err(AccountError::PasswordGuessable);
    }
    Ok(())
}

fn hasher() -> Argon2<'static> {
    // The parameters are constants within Params' bounds; `new` only fails outside them.
    let params = Params::new(M_COST_KIB, T_COST, P_COST, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password with a fresh random salt: a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`).
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AccountError::Random(e.to_string()))?;
    let hash =
        hasher().hash_password_with_salt(password.as_bytes(), &salt).map_err(|e| AccountError::Hash(e.to_string()))?;
    Ok(hash.to_string())
}

/// Whether `password` matches the stored PHC `hash` (with the parameters stored in it). An
/// unreadable hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    password.len() <= MAX_BYTES && hasher().verify_password(password.as_bytes(), hash).is_ok()
}

/// A hash of a random password, to verify against when the user does not exist, so that a
/// failed login takes as long for an unknown name as for a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a password: timing equaliser").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert_eq!(check_policy("alice", "short"), Err(AccountError::PasswordTooShort { min: 12 }));
        assert_eq!(check_policy("alice", "password1234"), Err(AccountError::PasswordGuessable));
        assert_eq!(check_policy("alice", "alice-is-my-password"), Err(AccountError::PasswordGuessable));
        assert_eq!(check_policy("alice", "zzzzzzzzzzzzzz"), Err(AccountError::PasswordGuessable));
        assert!(matches!(check_policy("alice", &"x1".repeat(200)), Err(AccountError::PasswordTooLong { .. })));
        assert!(check_policy("alice", "correct horse battery staple").is_ok());
        // Twelve characters, not bytes: 丝绸之路国际知识产权港口 is fine.
        assert!(check_policy("alice", "丝绸之路国际知识产权港口").is_ok());
    }

    #[test]
    fn hashes_are_argon2id_owasp_salted_and_verify() {
        let a = hash_password("correct horse battery staple").unwrap();
        let b = hash_password("correct horse battery staple").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify_password("correct horse battery staple", &a));
        assert!(!verify_password("correct horse battery stapl", &a));
        assert!(!verify_password("anything", "not a phc string"));
        assert!(!verify_password("anything", dummy_hash()));
    }
}
