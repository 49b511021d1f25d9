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
use axum::handler::Handler;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::{Json, Router};
use serde_json::{json, Value};
use silkport_accounts::Action;
use silkport_server::ApiError;
use silkport_store::Stats;

/// Largest JSON or form body the API reads (uploads have their own, configured limit).
pub const BODY_LIMIT: usize = 64 * 1024;

/// The OpenAPI 3.1 document, hand-written and embedded.
pub const OPENAPI: &str = include_str!("openapi.json");

/// One route: method, path under `/api/v1`, handler.
type Route = (&'static str, &'static str, MethodRouter<AppState>);

/// A route whose method filter is made from the same method name the table lists, so the
/// list (`routes`) and the router cannot disagree.
fn at<H, T>(method: &'static str, path: &'static str, handler: H) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = match method {
        "GET" => MethodFilter::GET,
        "POST" => MethodFilter::POST,
        "PUT" => MethodFilter::PUT,
        "PATCH" => MethodFilter::PATCH,
        "DELETE" => MethodFilter::DELETE,
        other => unreachable!("no route uses {other}"),
    };
    (method, path, on(filter, handler))
}

/// Every route of the API. The OpenAPI document lists exactly these (a test checks).
fn table() -> Vec<Route> {
    vec![
        at("GET", "/openapi.json", openapi),
        at("GET", "/health", health),
        at("GET", "/stats", stats),
        at("GET", "/search", search::search),
        at("GET", "/search/export", search::export),
        at("POST", "/similar", search::similar_to_text),
        at("GET", "/trademarks/search", search::trademark_search),
        at("GET", "/rights/{id}/similar", search::similar_to_right),
        at("GET", "/rights/{id}", rights::get_right),
        at("POST", "/rights/{id}/open-licence", rights::post_open_licence),
        at("GET", "/rights/{id}/history", ledger::history),
        at("GET", "/rights/{id}/receipt", ledger::receipt),
        at("GET", "/navigation/landscape", nav::landscape),
        at("GET", "/navigation/report", nav::report_html),
        at("GET", "/indicators", nav::indicators_json),
        at("GET", "/indicators/report", nav::indicators_html),
        at("GET", "/ledger", ledger::status),
        at("GET", "/ledger/entries/{index}", ledger::entry),
        at("GET", "/ledger/proof", ledger::proof),
        at("POST", "/receipts/verify", ledger::verify_receipt),
        at("POST", "/session", accounts::create_session),
        at("DELETE", "/session", accounts::delete_session),
        at("GET", "/me", accounts::me),
        at("PUT", "/me/password", accounts::change_password),
        at("POST", "/me/holder-names", accounts::claim_holder_name),
        at("GET", "/me/tokens", accounts::list_tokens),
        at("POST", "/me/tokens", accounts::issue_token),
        at("DELETE", "/me/tokens/{id}", accounts::revoke_token),
        at("GET", "/admin/users", accounts::list_users),
        at("POST", "/admin/users", accounts::create_user),
        at("GET", "/admin/users/{id}", accounts::get_user),
        at("PATCH", "/admin/users/{id}", accounts::update_user),
        at("POST", "/admin/users/{id}/holder-names", accounts::verify_holder_name),
        at("DELETE", "/admin/users/{id}/holder-names", accounts::remove_holder_name),
        at("GET", "/admin/audit", accounts::audit),
        at("GET", "/ingest/jobs", ingest::list_jobs),
        at("POST", "/ingest/jobs", ingest::start_job),
        at("GET", "/ingest/jobs/{id}", ingest::get_job),
        at("POST", "/ingest/uploads", ingest::upload),
    ]
}

/// `(method, path)` of every route, paths under `/api/v1`.
pub fn routes() -> Vec<(&'static str, &'static str)> {
    table().into_iter().map(|(m, p, _)| (m, p)).collect()
}

/// The API's router, mounted at `/api/v1`.
pub fn router() -> Router<AppState> {
    let mut v1 = Router::new();
    for (_, path, route) in table() {
        v1 = v1.route(path, route);
    }
    let v1 =
        v1.fallback(not_found).method_not_allowed_fallback(method_not_allowed).layer(DefaultBodyLimit::max(BODY_LIMIT));
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
