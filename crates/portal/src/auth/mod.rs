//! Who is asking and what they may do: the current user from the session cookie or a Bearer
//! token (`User` as an extractor, `Option<User>` for pages visitors see too), `require`
//! (the permission table), CSRF tokens and origin checks for forms and cookie-authenticated
//! writes, session cookies, and sign-in/sign-out. See the crate documentation for how the UI
//! uses them.

mod cookie;
mod csrf;
mod session;

pub use cookie::{clear_session_cookie, read_cookie, session_cookie, SESSION_COOKIE};
pub use csrf::{check_api_write, check_form, check_origin, csrf_token};
pub use session::{sign_in, sign_out, SignedIn};

use crate::{AppState, Error};
use axum::extract::{ConnectInfo, FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use serde::Serialize;
use silkport_accounts::{can, Action, Role};
use std::net::SocketAddr;

/// A signed-in user, as the request authenticated it.
#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub display_name: String,
    pub role: Role,
    /// Holder names an administrator verified: what the ownership rule matches.
    pub holder_names: Vec<String>,
    /// How this request authenticated.
    #[serde(skip)]
    pub via: Via,
}

/// How a request authenticated; the session secret is kept to derive the CSRF token.
#[derive(Clone, PartialEq, Eq)]
pub enum Via {
    Session { secret: String },
    Token,
}

impl std::fmt::Debug for Via {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The session secret never reaches logs or debug output.
        f.write_str(match self {
            Via::Session { .. } => "Session",
            Via::Token => "Token",
        })
    }
}

/// The role a request acts with: the user's, or `Visitor`.
pub fn role_of(user: Option<&User>) -> Role {
    user.map_or(Role::Visitor, |u| u.role)
}

/// Checks the permission table: the caller's role if it may take `action`, else
/// `unauthenticated` (a visitor, who might sign in) or `forbidden`.
pub fn require(user: Option<&User>, action: Action) -> Result<Role, Error> {
    let role = role_of(user);
    if can(role, action) {
        Ok(role)
    } else if user.is_none() {
        Err(Error::unauthenticated(format!("sign in to {}", action.as_str().replace('_', " ")))
            .zh("请先登录后再进行此操作"))
    } else {
        Err(Error::forbidden(format!("the {} role may not {}", role.as_str(), action.as_str().replace('_', " ")))
            .zh(format!("{}角色无权进行此操作", role.label_zh())))
    }
}

impl FromRequestParts<AppState> for User {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<User, Error> {
        match session::authenticate(parts, state).await? {
            Some(user) => Ok(user),
            None => Err(Error::unauthenticated("sign in, or send an API token as Authorization: Bearer")
                .zh("请先登录，或提供 API 令牌")),
        }
    }
}

impl OptionalFromRequestParts<AppState> for User {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<User>, Error> {
        session::authenticate(parts, state).await
    }
}

/// The client's address (for rate limits): the TCP peer when the server records it.
#[derive(Debug, Clone)]
pub struct Client(pub Option<SocketAddr>);

impl Client {
    /// The rate-limit key: the user when signed in, else the address.
    pub fn key(&self, user: Option<&User>) -> String {
        match (user, self.0) {
            (Some(u), _) => format!("user:{}", u.id),
            (None, Some(addr)) => format!("ip:{}", addr.ip()),
            (None, None) => "ip:unknown".into(),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Client, Self::Rejection> {
        Ok(Client(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)))
    }
}
