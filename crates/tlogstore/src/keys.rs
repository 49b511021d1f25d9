//! Secret keys on disk: generated from the OS's randomness, written with mode 0600 and
//! refused if other users can read them. The log's signing key uses these, and so may any
//! other key (a witness's cosigning key).

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use silkport_tlog::{generate_key, Ed25519Signer};

use crate::error::{IoContext, Result, TlogStoreError};

/// 32 random bytes from the OS, for a key seed; `path` names the key in errors.
pub fn random_seed(path: &Path) -> Result<[u8; 32]> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| TlogStoreError::Io { path: path.into(), source: std::io::Error::other(e.to_string()) })?;
    Ok(seed)
}

/// Creates `path` holding `secret` and a newline, with mode 0600 (the umask can only remove
/// permissions), and fsyncs it. Refuses to overwrite an existing file.
pub fn write_secret_file(path: &Path, secret: &str) -> Result<()> {
    let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).at(path)?;
    file.write_all(format!("{secret}\n").as_bytes()).at(path)?;
    file.sync_all().at(path)
}

/// Reads a secret written by [`write_secret_file`], refusing a file that group or others may
/// read or write.
pub fn read_secret_file(path: &Path) -> Result<String> {
    let meta = std::fs::metadata(path).at(path)?;
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(TlogStoreError::KeyPermissions(path.into()));
    }
    Ok(std::fs::read_to_string(path).at(path)?.trim_end().to_string())
}

/// Creates `path` holding a new signer key for `name`, and returns the verifier key string.
pub fn generate_key_file(path: &Path, name: &str) -> Result<String> {
    let mut seed = random_seed(path)?;
    let generated = generate_key(name, &seed);
    seed.fill(0);
    let (skey, vkey) = generated?;
    write_secret_file(path, &skey)?;
    Ok(vkey)
}

/// Loads a signer key, refusing a file that group or others may read or write.
pub fn load_signer(path: &Path) -> Result<Ed25519Signer> {
    Ok(Ed25519Signer::parse(&read_secret_file(path)?)?)
}
