#![no_main]
//! The portal's request parsing of untrusted text: query strings (length, percent-escapes to
//! UTF-8), the Cookie header, search parameters and import paths never panic; a query string
//! accepted by the check decodes to UTF-8, and an import path accepted stays under its root.

use axum::http::{header, HeaderMap, HeaderValue};
use silkport_portal::api::extract::check_query_text;
use silkport_portal::api::ingest::resolve_import;
use silkport_portal::api::search::SearchParams;
use silkport_portal::auth::read_cookie;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if check_query_text(s).is_ok() {
        if let Ok(p) = serde_urlencoded::from_str::<SearchParams>(s) {
            let _ = p.request();
        }
    }
    if let Ok(v) = HeaderValue::from_str(s) {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, v);
        let _ = read_cookie(&h, "silkport_session");
    }
    let root = std::env::temp_dir();
    if let Ok(p) = resolve_import(Some(&root), s) {
        assert!(p.starts_with(root.canonicalize().unwrap()), "{s:?} left the root: {}", p.display());
    }
});
