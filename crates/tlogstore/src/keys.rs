//! The log's signing key on disk: generated from the OS's randomness, written with mode 0600
//! and refused if other users can read it.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use silkport_tlog::{generate_key, Ed25519Signer};

use crate::error::{IoContext, Result, TlogStoreError};

/// Creates `path` holding a new signer key for `name`, and returns the verifier key string.
/// The file is created with mode 0600 (the umask can only remove permissions) and fsynced.
pub fn generate_key_file(path: &Path, name: &str) -> Result<String> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| TlogStoreError::Io { path: path.into(), source: std::io::Error::other(e.to_string()) })?;
    let (skey, vkey) = generate_key(name, &seed)?;
    seed.fill(0);
    let mut file = OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).at(path)?;
    file.write_all(format!("{skey}\n").as_bytes()).at(path)?;
    file.sync_all().at(path)?;
    Ok(vkey)
}

/// Loads a signer key, refusing a file that group or others may read or write.
pub fn load_signer(path: &Path) -> Result<Ed25519Signer> {
    let meta = std::fs::metadata(path).at(path)?;
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(TlogStoreError::KeyPermissions(path.into()));
    }
    let text = std::fs::read_to_string(path).at(path)?;
    Ok(Ed25519Signer::parse(text.trim_end())?)
}
