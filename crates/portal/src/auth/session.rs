//! Sessions and tokens: authenticating a request (Bearer token, else session cookie),
//! signing in (rate-limited, Argon2id, constant work for unknown names) and signing out.

use super::{check_origin, read_cookie, session_cookie, Client, User, Via, SESSION_COOKIE};
use crate::accounts::{now, user_from_record};
use crate::ratelimit::Bucket;
use crate::{AppState, Error};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use silkport_accounts::password::{dummy_hash, verify_password, MAX_BYTES};
use silkport_accounts::secret::{hash_secret, new_session, TOKEN_PREFIX};
use silkport_store::Store;

/// A successful sign-in: the user and the `Set-Cookie` value carrying the new session.
#[derive(Debug)]
pub struct SignedIn {
    pub user: User,
    pub set_cookie: HeaderValue,
}

/// What one request authenticated as, kept in the request's extensions so that several
/// extractors in one handler ask the store once.
#[derive(Clone)]
struct Authenticated(Option<User>);

/// The user a request authenticates as, if any. A Bearer token that does not authenticate
/// is an error (the caller meant to sign in); a stale session cookie is a visitor.
pub(super) async fn authenticate(parts: &mut Parts, state: &AppState) -> Result<Option<User>, Error> {
    if let Some(Authenticated(user)) = parts.extensions.get::<Authenticated>() {
        return Ok(user.clone());
    }
    let user = match bearer(&parts.headers)? {
        Some(token) => Some(by_token(state, token).await?),
        None => match read_cookie(&parts.headers, SESSION_COOKIE) {
            Some(secret) if !secret.is_empty() && secret.len() <= 64 => by_session(state, secret.to_string()).await?,
            _ => None,
        },
    };
    parts.extensions.insert(Authenticated(user.clone()));
    Ok(user)
}

/// The Bearer token of the request, if it sends one.
fn bearer(headers: &HeaderMap) -> Result<Option<String>, Error> {
    let Some(value) = headers.get(header::AUTHORIZATION) else { return Ok(None) };
    let bad = || {
        Error::unauthenticated("the Authorization header must be `Bearer spt_…` (an API token)")
            .zh("Authorization 头应为 Bearer 加 API 令牌")
    };
    let value = value.to_str().map_err(|_| bad())?;
    let token = value.strip_prefix("Bearer ").ok_or_else(bad)?.trim();
    if !token.starts_with(TOKEN_PREFIX) || token.len() > 128 {
        return Err(bad());
    }
    Ok(Some(token.to_string()))
}

async fn by_token(state: &AppState, token: String) -> Result<User, Error> {
    let found = state
        .store(move |s| {
            let Some((_, rec)) = s.token_user(&hash_secret(&token), now())? else { return Ok(None) };
            let names = s.holder_names(rec.id)?;
            Ok::<_, Error>(Some((rec, names)))
        })
        .await?;
    match found {
        Some((rec, names)) => user_from_record(rec, names, Via::Token),
        None => Err(Error::unauthenticated("the API token is unknown, expired or revoked; create a new one")
            .zh("API 令牌无效、已过期或已撤销，请重新创建")),
    }
}

async fn by_session(state: &AppState, secret: String) -> Result<Option<User>, Error> {
    let hash = hash_secret(&secret);
    let found = state
        .store(move |s| {
            let Some(rec) = s.session_user(&hash, now())? else { return Ok(None) };
            let names = s.holder_names(rec.id)?;
            Ok::<_, Error>(Some((rec, names)))
        })
        .await?;
    found.map(|(rec, names)| user_from_record(rec, names, Via::Session { secret })).transpose()
}

fn wrong_credentials() -> Error {
    Error::unauthenticated("wrong user name or password").zh("用户名或密码错误")
}

/// Signs in: origin check (login CSRF), rate limits per address and per user name, the
/// password against its Argon2id hash (a dummy hash for unknown names, so both take as
/// long), then a new session.
pub async fn sign_in(
    state: &AppState,
    headers: &HeaderMap,
    client: &Client,
    name: &str,
    password: &str,
) -> Result<SignedIn, Error> {
    check_origin(state, headers)?;
    state.limits().check(Bucket::Login, &client.key(None))?;
    if name.len() > 64 || password.len() > MAX_BYTES {
        return Err(wrong_credentials());
    }
    state.limits().check(Bucket::Login, &format!("name:{name}"))?;
    let ttl = state.config().session_ttl;
    let (name, password) = (name.to_string(), password.to_string());
    let opened = state
        .store(move |s: &mut dyn Store| {
            let rec = s.user_by_name(&name)?;
            let hash = rec.as_ref().map_or(dummy_hash(), |r| r.password_hash.as_str());
            let matches = verify_password(&password, hash);
            let Some(rec) = rec.filter(|r| matches && !r.disabled) else { return Ok(None) };
            let session = new_session()?;
            let t = now();
            s.sessions_expire(t)?;
            s.session_insert(&session.hash, rec.id, t, t + ttl.as_secs() as i64)?;
            let names = s.holder_names(rec.id)?;
            Ok::<_, Error>(Some((rec, names, session.value)))
        })
        .await?;
    let Some((rec, names, secret)) = opened else { return Err(wrong_credentials()) };
    let set_cookie = session_cookie(&secret, ttl, state.config().secure_cookies);
    let user = user_from_record(rec, names, Via::Session { secret })?;
    Ok(SignedIn { user, set_cookie })
}

/// Ends the user's session (a token caller has none); returns the `Set-Cookie` value that
/// clears the cookie.
pub async fn sign_out(state: &AppState, user: &User) -> Result<HeaderValue, Error> {
    if let Via::Session { secret } = &user.via {
        let hash = hash_secret(secret);
        state.store(move |s| s.session_delete(&hash)).await?;
    }
    Ok(super::clear_session_cookie(state.config().secure_cookies))
}
