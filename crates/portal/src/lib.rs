//! silkport portal: people reach the IP Port through a browser, programs through a JSON API.
//! One axum [`Router`](axum::Router) built by [`app`] over one [`AppState`]:
//!
//! - `/api/v1/…` — the JSON API (`api`), described by `/api/v1/openapi.json`;
//! - `/log/…` — the transparency log's C2SP tlog-tiles routes (`silkport_server::log`);
//! - everything else — the server-rendered web UI (`ui`, owned by the UI work: `src/ui/**`,
//!   `assets/**`, `tests/e2e*`).
//!
//! # State
//! [`AppState`] is cheap to clone (one `Arc`). Store and search calls block, so handlers run
//! them on tokio's blocking pool: `state.store(|s| s.get(&id)).await?` checks a connection
//! out of the pool ([`state::StorePool`]) for the closure; `state.search(|index, dict| …)`
//! does the same with the tantivy index and the cross-lingual term dictionary.
//!
//! # Errors
//! Handlers return `Result<_, portal::Error>`; [`Error`] wraps `silkport_server::ApiError`
//! (the one table of stable codes and statuses, docs/api-errors.md) and renders it as JSON.
//! `?` converts store, search, ledger, analytics and accounts errors.
//!
//! # Authentication and authorisation, for the UI
//! All of it is in [`auth`]; the rules (roles, `can(role, action)`, ownership, password
//! policy) are in the `silkport-accounts` crate.
//!
//! - **Who is asking.** Take `user: Option<auth::User>` as a handler argument: `None` for a
//!   visitor, `Some(user)` with `user.id`, `user.name`, `user.display_name`, `user.role`
//!   (`silkport_accounts::Role`) and `user.holder_names` (verified) for a signed-in user (a
//!   session cookie or `Authorization: Bearer`). Take `user: auth::User` to require sign-in
//!   (visitors get 401 `unauthenticated`).
//! - **May they?** `auth::require(user.as_ref(), Action::X)?` returns the role or
//!   `unauthenticated`/`forbidden`. Ownership-checked actions go through the functions that
//!   perform them (e.g. `api::rights::declare_open_licence`), which check on the server.
//! - **Forms (CSRF).** Every state-changing form carries a hidden field `csrf` with
//!   `auth::csrf_token(&user)` (`None` for token-authenticated callers, who need none). In
//!   the POST handler, call `auth::check_form(&state, &headers, Some(&user), &form.csrf)?` first: it
//!   checks the token (bound to the session) and that `Origin`/`Sec-Fetch-Site` are not
//!   foreign. Forms of visitors (the login form) call `auth::check_form(&state, &headers, None, "")`,
//!   which checks the origin only.
//! - **Sign in / out.** `auth::sign_in(&state, &headers, client, name, password).await?`
//!   returns [`auth::SignedIn`] with the user and `set_cookie`, a `Set-Cookie` header value to
//!   put on the response (typically a 303 redirect); it applies the login rate limit.
//!   `auth::sign_out(&state, &user).await?` ends the session and returns the clearing
//!   `Set-Cookie` value. `client` is the [`auth::Client`] extractor (the peer address).
//! - **Cookies.** `silkport_session`: `HttpOnly; SameSite=Lax; Path=/; Max-Age=…` and
//!   `Secure` unless `Config::secure_cookies` is off (plain-HTTP development).
//! - **Rate limits.** `state.limits().check(Bucket::Expensive, &client.key(user.as_ref()))?`
//!   before expensive work (exports, reports, similar documents).
//! - **Expensive reads** (reports, indicators): `state.cached(key, |store| …)` keeps the
//!   answer until the registry changes; `api::nav` shows the keys it uses.
//!
//! # Invariants
//! Every write checks role (and ownership where the permission table says so) on the server.
//! Secrets — passwords, session ids, API tokens — are never logged, and stored only hashed.

pub mod accounts;
pub mod api;
pub mod auth;
pub mod cache;
pub mod config;
mod error;
pub mod load;
pub mod ratelimit;
pub mod serve;
pub mod state;
pub mod ui;

pub use config::Config;
pub use error::Error;
pub use state::AppState;

use std::sync::Arc;

/// The portal's whole router: the API, the log's tiles (when a ledger is open) and the UI,
/// with the headers every answer carries.
pub fn app(state: AppState) -> axum::Router {
    let mut router = axum::Router::new().merge(api::router()).merge(ui::router(state.clone()));
    if let Some(ledger) = state.ledger() {
        let log = silkport_server::log::LogApi { ledger: Arc::clone(ledger), witnesses: Vec::new() };
        router = router.nest_service("/log", silkport_server::log::router(Arc::new(log)));
    }
    router.layer(axum::middleware::from_fn(common_headers)).with_state(state)
}

/// `Server-Timing` (the server's time to the response head, for the 200 ms budget), and
/// headers no answer should be without: no MIME sniffing, no framing by other sites, no
/// full URLs (which may hold queries) in referrers to other sites.
async fn common_headers(req: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::http::{header, HeaderValue};
    let started = std::time::Instant::now();
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(v) = HeaderValue::from_str(&format!("app;dur={ms:.1}")) {
        h.insert("server-timing", v);
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.entry(header::X_FRAME_OPTIONS).or_insert(HeaderValue::from_static("DENY"));
    res
}
