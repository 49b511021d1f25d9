//! The transparency log's HTTP API: C2SP tlog-tiles (`GET /checkpoint`, `GET /tile/<L>/<N>`,
//! `GET /tile/entries/<N>`, partial tiles with `.p/<W>`), and `POST /cosignature`, where a
//! witness that follows the log hands back its cosigned checkpoint.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use silkport_ledger::Ledger;
use silkport_tlog::{parse_tile_path, CosignatureVerifier, TilePath};

use crate::ApiError;

/// What the log routes serve from.
pub struct LogApi {
    pub ledger: Arc<Ledger>,
    /// Witnesses whose cosignatures the log keeps.
    pub witnesses: Vec<CosignatureVerifier>,
}

/// The log's routes, to mount at the log's URL prefix.
pub fn router(api: Arc<LogApi>) -> Router {
    Router::new()
        .route("/checkpoint", get(checkpoint))
        .route("/tile/{*path}", get(tile))
        .route("/cosignature", post(cosignature))
        .with_state(api)
}

async fn checkpoint(State(api): State<Arc<LogApi>>) -> Result<Response, ApiError> {
    let served = api.ledger.latest_checkpoint()?;
    // Checkpoints change with every publication: clients must revalidate.
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], served.note)
        .into_response())
}

async fn tile(State(api): State<Arc<LogApi>>, Path(path): Path<String>) -> Result<Response, ApiError> {
    let (data, full) = match parse_tile_path(&format!("tile/{path}"))? {
        TilePath::Hashes(t) => (api.ledger.log().tile(&t)?, t.is_full()),
        TilePath::Entries(b) => (api.ledger.log().entry_bundle(&b)?, b.is_full()),
    };
    // A full tile never changes; a partial one is replaced by a wider one as the log grows.
    let cache = if full { "public, max-age=31536000, immutable" } else { "public, max-age=60" };
    Ok(([(header::CONTENT_TYPE, "application/octet-stream"), (header::CACHE_CONTROL, cache)], data).into_response())
}

async fn cosignature(State(api): State<Arc<LogApi>>, body: Bytes) -> Result<String, ApiError> {
    let added = api.ledger.add_cosignatures(&body, &api.witnesses)?;
    Ok(format!("kept the cosignatures of {}\n", added.join(", ")))
}
