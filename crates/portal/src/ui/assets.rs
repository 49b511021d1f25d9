//! The UI's static files, embedded in the binary: the style sheet (with the analytics
//! crate's chart style appended, so charts look as in the downloaded reports), the two
//! scripts and the logo. URLs carry a hash of the content, so the files are cached for a
//! year and a new build is fetched at once.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
    hash: String,
}

fn assets() -> &'static [Asset] {
    static ASSETS: OnceLock<Vec<Asset>> = OnceLock::new();
    ASSETS.get_or_init(|| {
        let css = format!("{}\n{}\n", include_str!("../../assets/ui.css"), silkport_analytics::report::svg::CHART_CSS);
        [
            ("ui.css", "text/css; charset=utf-8", css.into_bytes()),
            ("verify.js", "text/javascript; charset=utf-8", include_bytes!("../../assets/verify.js").to_vec()),
            ("jobs.js", "text/javascript; charset=utf-8", include_bytes!("../../assets/jobs.js").to_vec()),
            ("logo.svg", "image/svg+xml", include_bytes!("../../assets/logo.svg").to_vec()),
        ]
        .into_iter()
        .map(|(name, content_type, body)| Asset { name, content_type, hash: fnv(&body), body })
        .collect()
    })
}

/// FNV-1a, 64 bits, as hex: enough to tell builds apart in a URL.
fn fnv(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The URL of an asset, with its content hash.
pub fn url(name: &str) -> String {
    match assets().iter().find(|a| a.name == name) {
        Some(a) => format!("/assets/{}?v={}", a.name, &a.hash[..10]),
        None => format!("/assets/{name}"),
    }
}

/// `GET /assets/{name}`.
pub async fn serve(Path(name): Path<String>) -> Response {
    let Some(a) = assets().iter().find(|a| a.name == name) else {
        return (StatusCode::NOT_FOUND, "no such asset").into_response();
    };
    let mut r = a.body.clone().into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(a.content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable"));
    r
}
