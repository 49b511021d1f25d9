//! Accounts over the API: `POST/DELETE /session` (sign in and out, also for scripts that
//! prefer a cookie jar), `/me` (who am I, my permissions, holder-name claims, password,
//! tokens), and `/admin/users`, `/admin/audit` for administrators.

use super::extract::{J, P, Q};
use crate::accounts::{self as acc, CreateUser, UpdateUser};
use crate::auth::{check_api_write, sign_in, sign_out, Client, User};
use crate::{AppState, Error};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use silkport_accounts::{can, Action};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    pub name: String,
    pub password: String,
}

/// `POST /api/v1/session`: signs in; the answer sets the session cookie and gives the CSRF
/// token cookie-authenticated writes must send as `X-CSRF-Token`.
pub async fn create_session(
    State(state): State<AppState>,
    client: Client,
    headers: HeaderMap,
    J(c): J<Credentials>,
) -> Result<Response, Error> {
    let signed = sign_in(&state, &headers, &client, &c.name, &c.password).await?;
    let body = json!({ "user": me_json(&signed.user), "csrf_token": crate::auth::csrf_token(&signed.user) });
    Ok(([(header::SET_COOKIE, signed.set_cookie)], Json(body)).into_response())
}

/// `DELETE /api/v1/session`: signs out.
pub async fn delete_session(State(state): State<AppState>, headers: HeaderMap, user: User) -> Result<Response, Error> {
    check_api_write(&state, &headers, &user)?;
    let clear = sign_out(&state, &user).await?;
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, clear)]).into_response())
}

fn me_json(user: &User) -> Value {
    let allowed: Vec<&str> =
        Action::ALL.into_iter().filter(|a| can(user.role, *a) && a.offered()).map(Action::as_str).collect();
    json!({
        "id": user.id, "name": user.name, "display_name": user.display_name, "role": user.role,
        "role_zh": user.role.label_zh(), "role_en": user.role.label_en(),
        "verified_holder_names": user.holder_names, "permissions": allowed,
    })
}

/// `GET /api/v1/me`.
pub async fn me(State(state): State<AppState>, user: User) -> Result<Json<Value>, Error> {
    let id = user.id;
    let u = user.clone();
    let view = state.store(move |s| acc::get_user(s, &u, id)).await?;
    let mut body = me_json(&user);
    body["holder_names"] = serde_json::to_value(view.holder_names).unwrap_or_default();
    body["csrf_token"] = json!(crate::auth::csrf_token(&user));
    Ok(Json(body))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    pub current: String,
    pub new: String,
}

/// `PUT /api/v1/me/password`: ends every session, this one included.
pub async fn change_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    J(p): J<NewPassword>,
) -> Result<StatusCode, Error> {
    check_api_write(&state, &headers, &user)?;
    state.store(move |s| acc::change_own_password(s, &user, &p.current, &p.new)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolderClaim {
    pub name: String,
}

/// `POST /api/v1/me/holder-names`: a rights holder claims a holder name.
pub async fn claim_holder_name(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    J(c): J<HolderClaim>,
) -> Result<Json<acc::UserView>, Error> {
    check_api_write(&state, &headers, &user)?;
    Ok(Json(state.store(move |s| acc::claim_holder_name(s, &user, &c.name)).await?))
}

/// `GET /api/v1/me/tokens`.
pub async fn list_tokens(State(state): State<AppState>, user: User) -> Result<Json<Value>, Error> {
    let tokens = state.store(move |s| acc::list_tokens(s, &user)).await?;
    Ok(Json(json!({ "tokens": tokens })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub label: String,
    pub expires_in_days: Option<u32>,
}

/// `POST /api/v1/me/tokens`: the token's value is in this answer only.
pub async fn issue_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    J(t): J<TokenRequest>,
) -> Result<(StatusCode, Json<acc::IssuedToken>), Error> {
    check_api_write(&state, &headers, &user)?;
    let issued = state.store(move |s| acc::issue_token(s, &user, &t.label, t.expires_in_days)).await?;
    Ok((StatusCode::CREATED, Json(issued)))
}

/// `DELETE /api/v1/me/tokens/{id}`.
pub async fn revoke_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    P(id): P<String>,
) -> Result<StatusCode, Error> {
    check_api_write(&state, &headers, &user)?;
    let id = numeric_id(&id)?;
    state.store(move |s| acc::revoke_token(s, &user, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A numeric id from the path, or 400 (`/users/../etc` is not an id).
pub fn numeric_id(text: &str) -> Result<i64, Error> {
    text.parse::<i64>().ok().filter(|i| *i > 0).ok_or_else(|| Error::bad_request(format!("{text:?} is not an id")))
}

/// `GET /api/v1/admin/users`.
pub async fn list_users(State(state): State<AppState>, user: User) -> Result<Json<Value>, Error> {
    let users = state.store(move |s| acc::list_users(s, &user)).await?;
    Ok(Json(json!({ "users": users })))
}

/// `POST /api/v1/admin/users`.
pub async fn create_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    J(req): J<CreateUser>,
) -> Result<(StatusCode, Json<acc::UserView>), Error> {
    check_api_write(&state, &headers, &user)?;
    // The role check comes before validation, so a non-administrator learns nothing.
    crate::auth::require(Some(&user), Action::ManageUsers)?;
    let created = state.store(move |s| acc::create_user(s, Some(&user), &req)).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// `GET /api/v1/admin/users/{id}`.
pub async fn get_user(
    State(state): State<AppState>,
    user: User,
    P(id): P<String>,
) -> Result<Json<acc::UserView>, Error> {
    let id = numeric_id(&id)?;
    crate::auth::require(Some(&user), Action::ManageUsers)?;
    Ok(Json(state.store(move |s| acc::get_user(s, &user, id)).await?))
}

/// `PATCH /api/v1/admin/users/{id}`.
pub async fn update_user(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    P(id): P<String>,
    J(req): J<UpdateUser>,
) -> Result<Json<acc::UserView>, Error> {
    check_api_write(&state, &headers, &user)?;
    let id = numeric_id(&id)?;
    Ok(Json(state.store(move |s| acc::update_user(s, &user, id, &req)).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolderVerification {
    pub name: String,
    pub verified: bool,
}

/// `POST /api/v1/admin/users/{id}/holder-names`: bind and verify (or unverify) a name.
pub async fn verify_holder_name(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    P(id): P<String>,
    J(v): J<HolderVerification>,
) -> Result<Json<acc::UserView>, Error> {
    check_api_write(&state, &headers, &user)?;
    let id = numeric_id(&id)?;
    Ok(Json(state.store(move |s| acc::verify_holder_name(s, &user, id, &v.name, v.verified)).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameParam {
    pub name: String,
}

/// `DELETE /api/v1/admin/users/{id}/holder-names?name=…`.
pub async fn remove_holder_name(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    P(id): P<String>,
    Q(n): Q<NameParam>,
) -> Result<Json<acc::UserView>, Error> {
    check_api_write(&state, &headers, &user)?;
    let id = numeric_id(&id)?;
    Ok(Json(state.store(move |s| acc::remove_holder_name(s, &user, id, &n.name)).await?))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditParams {
    pub before: Option<i64>,
    pub limit: Option<usize>,
}

/// `GET /api/v1/admin/audit?before=&limit=`: newest first; `next_before` pages on.
pub async fn audit(State(state): State<AppState>, user: User, Q(p): Q<AuditParams>) -> Result<Json<Value>, Error> {
    let limit = p.limit.unwrap_or(50);
    if limit == 0 || limit > 500 {
        return Err(Error::bad_request("limit must be 1 to 500"));
    }
    let entries = state.store(move |s| acc::audit_page(s, &user, p.before, limit)).await?;
    let next = if entries.len() == limit { entries.last().and_then(|e| e["id"].as_i64()) } else { None };
    Ok(Json(json!({ "entries": entries, "next_before": next })))
}
