//! The JSON API under `/api/v1`: one module per resource, every route in `router` and in
//! the OpenAPI document (a test checks both ways). Handlers translate HTTP to library calls
//! and errors to the code table; permission checks happen here, on the server.

pub mod extract;
pub mod ingest;
pub mod rights;
pub mod search;

use crate::{AppState, Error};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    let v1 = Router::new()
        .route("/health", get(health))
        .route("/search", get(search::search))
        .route("/rights/{id}", get(rights::get_right))
        .fallback(not_found);
    Router::new().nest("/api/v1", v1)
}

async fn health(state: axum::extract::State<AppState>) -> Result<Json<Value>, Error> {
    let backend = state.store(|s| Ok::<_, Error>(s.backend())).await?;
    Ok(Json(json!({
        "status": "ok",
        "store": backend,
        "search_index": state.search_index().is_some(),
        "ledger": state.ledger().is_some(),
    })))
}

async fn not_found(uri: axum::http::Uri) -> Error {
    Error::not_found(format!("no API route {}", uri.path())).zh("没有该接口")
}
