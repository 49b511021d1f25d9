//! The portal's configuration: where the data is, what may be imported from where, and the
//! few knobs of the web side. Built by `silkport serve` from its flags.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    /// The data directory: SQLite registry, search index, ledger, demo credentials.
    pub data_dir: PathBuf,
    /// PostgreSQL instead of SQLite (never logged: it may hold a password).
    pub database_url: Option<String>,
    /// The UI's language when the browser does not say: `zh` or `en`.
    pub default_lang: String,
    /// Ingest jobs may read only files under this directory (none: only uploads).
    pub import_root: Option<PathBuf>,
    /// Largest uploaded file an ingest job accepts, in bytes.
    pub upload_limit: usize,
    /// Mark the session cookie `Secure` (off only for plain-HTTP development on a LAN).
    pub secure_cookies: bool,
    /// Store connections kept open (one blocking call uses one).
    pub pool_size: usize,
    /// How long a session lasts without signing in again.
    pub session_ttl: Duration,
    /// The origins allowed to post forms and make cookie-authenticated API writes, e.g.
    /// `https://ipport.example`; empty: the request's own `Host`.
    pub allowed_origins: Vec<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed for rate limits (none: the TCP
    /// peer is the client).
    pub trusted_proxies: Vec<IpAddr>,
}

impl Config {
    pub fn new(data_dir: impl Into<PathBuf>) -> Config {
        Config {
            data_dir: data_dir.into(),
            database_url: None,
            default_lang: "zh".into(),
            import_root: None,
            upload_limit: 256 * 1024 * 1024,
            secure_cookies: true,
            pool_size: 4,
            session_ttl: Duration::from_secs(12 * 3600),
            allowed_origins: Vec::new(),
            trusted_proxies: Vec::new(),
        }
    }
}
