//! The server-rendered web UI: HTML pages in Chinese (default) and English, a Russian
//! welcome, built with `maud` (every interpolated value is escaped at compile time), styled
//! and scripted only by the files in `assets/` embedded in the binary.
//!
//! Every UI request passes through [`layer`]: it picks the language (`?lang=`, the `lang`
//! cookie, `Accept-Language`, the configured default), authenticates the user once, hands
//! both to the handler as [`Ctx`], turns the API's JSON errors into HTML error pages in that
//! language (a visitor asked to sign in is sent to the login page), and adds the
//! Content-Security-Policy (`app`'s outer layer adds `Server-Timing` and the other headers).
//!
//! # Invariants
//! - All output is escaped: text goes through maud; the only markup passed through
//!   unescaped is the analytics crate's own SVG charts (built with its `esc`) and search
//!   snippets, which are re-parsed here into text and highlights and escaped again
//!   ([`search::snippet_parts`]).
//! - Every state-changing form carries the session's CSRF token and its handler calls
//!   `auth::check_form` first; GET never changes state.
//! - Nothing is fetched from outside: the Content-Security-Policy allows only this origin,
//!   and the pages reference only `/assets/…`.

mod account;
mod admin;
mod assets;
mod i18n;
mod indicators;
mod layout;
mod navigation;
mod record;
mod search;
mod timeline;
mod trademark;
mod verify;

pub use i18n::{UiLang, Welcome, EN, RU_WELCOME, ZH};

use crate::auth::User;
use crate::AppState;
use axum::body::Body;
use axum::extract::{FromRequestParts, OptionalFromRequestParts, Request, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

/// The UI's routes, with [`layer`] around them.
pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/ru", get(russian_welcome))
        .route("/search", get(search::page))
        .route("/trademarks", get(trademark::page))
        .route("/rights/{id}", get(record::page))
        .route("/rights/{id}/similar", get(trademark::similar))
        .route("/ledger/receipts/{index}", get(verify::receipt_download))
        .route("/verify", get(verify::page))
        .route("/navigation", get(navigation::page))
        .route("/navigation/report", get(navigation::download))
        .route("/indicators", get(indicators::page))
        .route("/indicators/report", get(indicators::download))
        .route("/login", get(account::login_page).post(account::login))
        .route("/logout", post(account::logout))
        .route("/account", get(account::page))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/{id}/revoke", post(account::revoke_token_form))
        .route("/account/password", post(account::change_password))
        .route("/account/holder-names", post(account::claim_name))
        .route("/admin", get(admin::page))
        .route("/admin/users", post(admin::create_user_form))
        .route("/admin/users/{id}/role", post(admin::change_role))
        .route("/admin/users/{id}/holder-names/verify", post(admin::verify_holder_name))
        .route("/admin/ingest", post(admin::start_ingest))
        .route("/assets/{name}", get(assets::serve))
        .fallback(not_found)
        .layer(from_fn_with_state(state, layer))
}

/// What every page handler knows about the request.
#[derive(Clone)]
pub struct Ctx {
    pub lang: UiLang,
    pub user: Option<User>,
    /// The request's path and query, for the language switch and the login page's return.
    pub path: String,
}

impl Ctx {
    pub fn t(&self) -> &'static i18n::Messages {
        self.lang.messages()
    }

    /// The user's CSRF token for forms (empty for visitors).
    pub fn csrf(&self) -> String {
        self.user.as_ref().and_then(crate::auth::csrf_token).unwrap_or_default()
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role == silkport_accounts::Role::Admin)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = crate::Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Ctx, crate::Error> {
        parts.extensions.get::<Ctx>().cloned().ok_or_else(|| crate::Error::internal("the UI layer did not run"))
    }
}

/// Language, user, error pages, security headers and `Server-Timing` for every UI request.
async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // Static files need neither a language nor a user (and no session lookup).
    if req.uri().path().starts_with("/assets/") {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let chosen = i18n::from_query(parts.uri.query());
    let lang = chosen.unwrap_or_else(|| i18n::negotiate(&parts.headers, &state.config().default_lang));
    let path = parts.uri.path_and_query().map_or_else(|| "/".to_string(), |p| p.as_str().to_string());
    let method_is_get = parts.method == axum::http::Method::GET;
    // A token that does not authenticate (the UI is for browsers): a visitor.
    let user: Option<User> =
        <User as OptionalFromRequestParts<AppState>>::from_request_parts(&mut parts, &state).await.unwrap_or_default();
    let ctx = Ctx { lang, user, path };
    parts.extensions.insert(ctx.clone());
    let response = next.run(Request::from_parts(parts, body)).await;
    let mut response = if is_api_error(&response) { error_page(&ctx, response, method_is_get).await } else { response };
    let headers = response.headers_mut();
    if let Some(l) = chosen {
        if let Ok(v) = HeaderValue::from_str(&format!("lang={}; Path=/; Max-Age=31536000; SameSite=Lax", l.code())) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    content_security_policy(headers);
    response
}

/// The page may load only this origin's scripts, styles and images (and `data:` images);
/// downloads that set their own policy keep it. (`app`'s outer layer adds `Server-Timing`,
/// `nosniff`, the referrer policy and `X-Frame-Options` to every answer.)
fn content_security_policy(headers: &mut HeaderMap) {
    headers.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ));
}

fn is_api_error(r: &Response) -> bool {
    (r.status().is_client_error() || r.status().is_server_error())
        && r.headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.starts_with("application/json"))
}

/// An error as the API reported it.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ErrorBody {
    pub code: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub message_zh: Option<String>,
    #[serde(default)]
    pub hint: String,
    #[serde(default)]
    pub hint_zh: String,
}

/// The API's JSON error as an HTML page; a visitor asked to sign in for a page is sent to
/// the login page instead.
async fn error_page(ctx: &Ctx, response: Response, method_is_get: bool) -> Response {
    let status = response.status();
    let retry_after = response.headers().get(header::RETRY_AFTER).cloned();
    let bytes = axum::body::to_bytes(response.into_body(), 64 * 1024).await.unwrap_or_default();
    #[derive(serde::Deserialize)]
    struct Wrapper {
        error: ErrorBody,
    }
    let body = serde_json::from_slice::<Wrapper>(&bytes).map(|w| w.error).unwrap_or_default();
    if status == StatusCode::UNAUTHORIZED && method_is_get && ctx.user.is_none() {
        return Redirect::to(&account::login_url(&ctx.path)).into_response();
    }
    let mut page = (status, layout::error(ctx, status, &body)).into_response();
    if let Some(r) = retry_after {
        page.headers_mut().insert(header::RETRY_AFTER, r);
    }
    page
}

/// An API error's message in the page's language.
pub fn error_message(ctx: &Ctx, e: &crate::Error) -> String {
    match (&e.message_zh, ctx.lang) {
        (Some(zh), UiLang::Zh) => zh.clone(),
        _ => e.api.to_string(),
    }
}

async fn home(ctx: Ctx, State(state): State<AppState>) -> Result<Response, crate::Error> {
    if i18n::wants_russian(ctx.path.as_str()) {
        return Ok(layout::welcome_ru(&ctx).into_response());
    }
    let stats = state.store(|s| s.stats()).await.ok();
    Ok(layout::home(&ctx, stats.as_ref()).into_response())
}

async fn russian_welcome(ctx: Ctx) -> Response {
    layout::welcome_ru(&ctx).into_response()
}

async fn not_found(ctx: Ctx) -> Response {
    let body = ErrorBody { code: "not_found".into(), ..Default::default() };
    (StatusCode::NOT_FOUND, layout::error(&ctx, StatusCode::NOT_FOUND, &body)).into_response()
}

/// A `303 See Other` to `to` (after a form post).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

/// An HTML body with no caching by shared caches (pages may show the signed-in user).
pub fn private(markup: maud::Markup) -> Response {
    let mut r = markup.into_response();
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    r
}

/// A download: the body with its type and file name.
pub fn download(body: impl Into<Body>, content_type: &'static str, filename: &str) -> Response {
    let mut r = Response::new(body.into());
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    let safe: String = filename.chars().filter(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c)).collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// Percent-encodes everything but unreserved characters (RFC 3986), for a path segment or
/// a query value.
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
