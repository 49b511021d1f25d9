//! Cross-site request forgery defences. Forms carry a synchronizer token bound to the session
//! (`csrf_token`, derived from the session secret, so it needs no storage and ends with the
//! session); every state-changing request authenticated by cookie must also come from an
//! allowed origin (`Origin`, else `Sec-Fetch-Site`). Requests with a Bearer token carry no
//! ambient credentials and need neither.

use super::{User, Via};
use crate::{AppState, Error};
use axum::http::{header, HeaderMap};
use silkport_accounts::secret::{constant_time_eq, csrf_token as derive};
use silkport_server::ApiError;

/// The CSRF token to put in the user's forms (hidden field `csrf`); `None` for token callers.
pub fn csrf_token(user: &User) -> Option<String> {
    match &user.via {
        Via::Session { secret } => Some(derive(secret)),
        Via::Token => None,
    }
}

fn csrf_error(message: &str) -> Error {
    Error::new(ApiError::Csrf(message.into())).zh("跨站请求校验失败：请刷新页面后重新提交")
}

/// Refuses requests whose `Origin` is foreign, or, without `Origin`, whose `Sec-Fetch-Site`
/// is `cross-site`. Requests with neither header (non-browser clients) pass: they cannot
/// carry a victim's cookie without a browser.
pub fn check_origin(state: &AppState, headers: &HeaderMap) -> Result<(), Error> {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().map_err(|_| csrf_error("the Origin header is not text"))?;
        return if origin_allowed(state, headers, origin) {
            Ok(())
        } else {
            Err(csrf_error(&format!("requests from {origin} are not accepted")))
        };
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some("cross-site") => Err(csrf_error("cross-site requests are not accepted")),
        _ => Ok(()),
    }
}

/// An origin is allowed when configured, or when it is this server as the browser reached it.
fn origin_allowed(state: &AppState, headers: &HeaderMap, origin: &str) -> bool {
    let allowed = &state.config().allowed_origins;
    if !allowed.is_empty() {
        return allowed.iter().any(|a| a == origin);
    }
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return false };
    origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://")) == Some(host)
}

/// For every state-changing form post: origin check, then (for signed-in users) the
/// session-bound token the form carried.
pub fn check_form(state: &AppState, headers: &HeaderMap, user: Option<&User>, submitted: &str) -> Result<(), Error> {
    check_origin(state, headers)?;
    match user.map(|u| &u.via) {
        Some(Via::Session { secret }) => {
            if constant_time_eq(submitted, &derive(secret)) {
                Ok(())
            } else {
                Err(csrf_error("the form's CSRF token is missing or wrong"))
            }
        }
        Some(Via::Token) | None => Ok(()),
    }
}

/// For cookie-authenticated API writes: the origin check, plus the CSRF token in the
/// `X-CSRF-Token` header (what the UI's scripts send). Bearer-token callers pass.
pub fn check_api_write(state: &AppState, headers: &HeaderMap, user: &User) -> Result<(), Error> {
    if user.via == Via::Token {
        return Ok(());
    }
    let token = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()).unwrap_or("");
    check_form(state, headers, Some(user), token)
}
