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
use std::net::{IpAddr, SocketAddr};

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

/// The client's address (for rate limits): the TCP peer when the server records it, or,
/// when the peer is one of the configured reverse proxies, the address the proxies say they
/// forwarded for (see [`client_ip`]).
#[derive(Debug, Clone)]
pub struct Client(pub Option<IpAddr>);

impl Client {
    /// The rate-limit key: the user when signed in, else the address.
    pub fn key(&self, user: Option<&User>) -> String {
        match (user, self.0) {
            (Some(u), _) => format!("user:{}", u.id),
            (None, Some(ip)) => format!("ip:{ip}"),
            (None, None) => "ip:unknown".into(),
        }
    }
}

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Client, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let forwarded = parts.headers.get_all(header::FORWARDED_FOR).iter().filter_map(|v| v.to_str().ok());
        Ok(Client(peer.map(|peer| client_ip(peer, forwarded, &state.config().trusted_proxies))))
    }
}

mod header {
    pub const FORWARDED_FOR: &str = "x-forwarded-for";
}

/// The client behind a chain of trusted reverse proxies. `X-Forwarded-For` is believed only
/// when the TCP peer is a trusted proxy, and only from the right: each proxy appends the
/// address it received from, so the right-most address that is not itself a trusted proxy is
/// the client; anything to its left was written by the client and may be forged. A header
/// that cannot be parsed counts as absent (the proxy's own address is used), so a hostile
/// header can never make two clients share a rate-limit bucket with someone else's address.
pub fn client_ip<'a>(peer: IpAddr, headers: impl Iterator<Item = &'a str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers.flat_map(|h| h.split(',')).map(str::trim).collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => client = ip,
            Ok(ip) => return ip,
            Err(_) => return client,
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::client_ip;
    use std::net::IpAddr;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        let proxies = [ip("10.0.0.1"), ip("10.0.0.2")];
        // Not a proxy: the header is the client's own claim and is ignored.
        assert_eq!(client_ip(ip("203.0.113.9"), ["198.51.100.1"].into_iter(), &proxies), ip("203.0.113.9"));
        // One proxy: the address it appended.
        assert_eq!(client_ip(ip("10.0.0.1"), ["198.51.100.1"].into_iter(), &proxies), ip("198.51.100.1"));
        // Two proxies, and a forged address the client put in front: the right-most
        // untrusted hop wins, whether the hops come in one header or several.
        let hops = ["6.6.6.6, 198.51.100.1", "10.0.0.2"];
        assert_eq!(client_ip(ip("10.0.0.1"), hops.into_iter(), &proxies), ip("198.51.100.1"));
        assert_eq!(
            client_ip(ip("10.0.0.1"), ["6.6.6.6, 198.51.100.1, 10.0.0.2"].into_iter(), &proxies),
            ip("198.51.100.1")
        );
        // IPv6 clients.
        assert_eq!(client_ip(ip("10.0.0.1"), ["2001:db8::7"].into_iter(), &proxies), ip("2001:db8::7"));
    }

    #[test]
    fn a_bad_forwarded_for_falls_back_to_the_last_trusted_hop() {
        let proxies = [ip("10.0.0.1"), ip("10.0.0.2")];
        for bad in ["", "unknown", "198.51.100.1:443", "<script>", "10.0.0.2, not-an-ip"] {
            let got = client_ip(ip("10.0.0.1"), [bad].into_iter(), &proxies);
            assert!(proxies.contains(&got), "{bad:?} gave {got}");
        }
        // No header at all: the proxy itself.
        assert_eq!(client_ip(ip("10.0.0.1"), std::iter::empty(), &proxies), ip("10.0.0.1"));
    }
}
