//! The JSON API under `/api/v1`: one module per resource, every route in `router` and in
//! the OpenAPI document (`openapi.json`; a test checks both ways). Handlers translate HTTP
//! to library calls and errors to the code table; permission checks happen here, on the
//! server, for every request.

pub mod accounts;
pub mod extract;
pub mod ingest;
pub mod ledger;
pub mod nav;
pub mod rights;
pub mod search;

use crate::auth::{require, User};
use crate::{AppState, Error};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use silkport_accounts::Action;
use silkport_server::ApiError;
use silkport_store::Stats;

/// Largest JSON or form body the API reads (uploads have their own, configured limit).
pub const BODY_LIMIT: usize = 64 * 1024;

/// The OpenAPI 3.1 document, hand-written and embedded.
pub const OPENAPI: &str = include_str!("openapi.json");

/// Every route: `(method, path)` as the OpenAPI document names them.
pub fn router() -> Router<AppState> {
    let v1 = Router::new()
        .route("/openapi.json", get(openapi))
        .route("/health", get(health))
        .route("/stats", get(stats))
        .route("/search", get(search::search))
        .route("/rights/{id}", get(rights::get_right))
        .route("/rights/{id}/open-licence", post(rights::post_open_licence))
        .route("/rights/{id}/history", get(ledger::history))
        .route("/rights/{id}/receipt", get(ledger::receipt))
        .route("/navigation/landscape", get(nav::landscape))
        .route("/navigation/report", get(nav::report_html))
        .route("/indicators", get(nav::indicators_json))
        .route("/indicators/report", get(nav::indicators_html))
        .route("/ledger", get(ledger::status))
        .route("/ledger/entries/{index}", get(ledger::entry))
        .route("/ledger/proof", get(ledger::proof))
        .route("/receipts/verify", post(ledger::verify_receipt))
        .route("/session", post(accounts::create_session).delete(accounts::delete_session))
        .route("/me", get(accounts::me))
        .route("/me/password", axum::routing::put(accounts::change_password))
        .route("/me/holder-names", post(accounts::claim_holder_name))
        .route("/me/tokens", get(accounts::list_tokens).post(accounts::issue_token))
        .route("/me/tokens/{id}", axum::routing::delete(accounts::revoke_token))
        .route("/admin/users", get(accounts::list_users).post(accounts::create_user))
        .route("/admin/users/{id}", get(accounts::get_user).patch(accounts::update_user))
        .route(
            "/admin/users/{id}/holder-names",
            post(accounts::verify_holder_name).delete(accounts::remove_holder_name),
        )
        .route("/admin/audit", get(accounts::audit))
        .route("/ingest/jobs", get(ingest::list_jobs).post(ingest::start_job))
        .route("/ingest/jobs/{id}", get(ingest::get_job))
        .route("/ingest/uploads", post(ingest::upload))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT));
    Router::new().nest("/api/v1", v1)
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI)
}

async fn health(State(state): State<AppState>) -> Result<Json<Value>, Error> {
    let backend = state.store(|s| Ok::<_, Error>(s.backend())).await?;
    Ok(Json(json!({
        "status": "ok",
        "store": backend,
        "search_index": state.search_index().is_some(),
        "ledger": state.ledger().is_some(),
    })))
}

/// `GET /api/v1/stats`: what the registry holds, as `silkport stats --json`.
async fn stats(State(state): State<AppState>, user: Option<User>) -> Result<Json<Stats>, Error> {
    require(user.as_ref(), Action::ReadRecord)?;
    Ok(Json(state.store(|s| s.stats()).await?))
}

async fn not_found(uri: axum::http::Uri) -> Error {
    let path: String = uri.path().chars().take(200).collect();
    Error::not_found(format!("no API route {path}")).zh("没有该接口")
}

async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> Error {
    let path: String = uri.path().chars().take(200).collect();
    Error::new(ApiError::MethodNotAllowed(format!("{path} does not take {method}"))).zh("该接口不支持此方法")
}
