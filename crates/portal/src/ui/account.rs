//! Signing in and out, and "my account": who one is, one's role and holder names, one's
//! password, and API tokens for programs (a new token is shown once, on the page that
//! created it). Every form posts with the session's CSRF token (the login form, which has
//! no session yet, is checked for its origin) and every handler checks on the server.

use super::i18n::fill;
use super::layout::{document, Section};
use super::{enc, error_message, Ctx};
use crate::accounts::{
    change_own_password, claim_holder_name, get_user, issue_token, list_tokens, revoke_token, IssuedToken,
};
use crate::api::extract::F;
use crate::auth::{check_form, sign_in, sign_out, Client, User};
use crate::{AppState, Error};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use serde::Deserialize;
use silkport_accounts::{can, Action};

/// The login page, returning to `next` (a path on this site) afterwards.
pub fn login_url(next: &str) -> String {
    format!("/login?next={}", enc(next))
}

/// `next` if it is a path on this site, else the home page (no open redirects).
fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/') && !next.starts_with("//") && !next.contains(['\\', '\r', '\n']);
    if local && !next.starts_with("/login") {
        next
    } else {
        "/"
    }
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    #[allow(dead_code)] // the UI layer reads the language switch
    lang: Option<String>,
}

pub async fn login_page(ctx: Ctx, crate::api::extract::Q(q): crate::api::extract::Q<LoginQuery>) -> Response {
    let next = safe_next(q.next.as_deref().unwrap_or("/")).to_string();
    super::private(login_form(&ctx, &next, "", None))
}

fn login_form(ctx: &Ctx, next: &str, name: &str, error: Option<&str>) -> Markup {
    let t = ctx.t();
    let body = html! {
        h1 { (t.login_title) }
        @if let Some(u) = &ctx.user {
            p.notice { (fill(t.login_already, &[super::layout::shown_name(u)])) }
        }
        @if let Some(e) = error { p.error role="alert" #login-error { (e) } }
        form.panel.narrow method="post" action="/login" {
            input type="hidden" name="next" value=(next);
            div.field {
                label for="name" { (t.user_name) }
                input #name type="text" name="name" value=(name) autocomplete="username" required maxlength="64" autofocus;
            }
            div.field {
                label for="password" { (t.password) }
                input #password type="password" name="password" autocomplete="current-password" required maxlength="1024";
            }
            button type="submit" { (t.login) }
        }
        p.hint { (t.login_hint) }
    };
    document(ctx, Section::Account, t.login_title, body)
}

#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// `POST /login`: signs in and returns to where the visitor was; a failure shows the form
/// again with the reason (wrong name or password, too many attempts).
pub async fn login(
    ctx: Ctx,
    client: Client,
    State(state): State<AppState>,
    headers: HeaderMap,
    F(form): F<LoginForm>,
) -> Result<Response, Error> {
    check_form(&state, &headers, None, "")?;
    let next = safe_next(&form.next).to_string();
    match sign_in(&state, &headers, &client, form.name.trim(), &form.password).await {
        Ok(signed) => {
            let mut r = super::see_other(&next);
            r.headers_mut().append(header::SET_COOKIE, signed.set_cookie);
            Ok(r)
        }
        Err(e) if matches!(e.code(), "unauthenticated" | "rate_limited" | "bad_request") => {
            let status = e.api.status();
            let message = error_message(&ctx, &e);
            let mut r = (status, login_form(&ctx, &next, &form.name, Some(&message))).into_response();
            r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(r)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /logout`: ends the session.
pub async fn logout(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    F(form): F<CsrfForm>,
) -> Result<Response, Error> {
    let Some(user) = ctx.user.as_ref() else { return Ok(super::see_other("/")) };
    check_form(&state, &headers, Some(user), &form.csrf)?;
    let clear = sign_out(&state, user).await?;
    let mut r = super::see_other("/");
    r.headers_mut().append(header::SET_COOKIE, clear);
    Ok(r)
}

/// Unix seconds as `YYYY-MM-DD HH:MM UTC`.
pub fn when(ts: i64) -> String {
    let date = silkport_model::Date::from_days(ts.div_euclid(86_400)).map(|d| d.to_string()).unwrap_or_default();
    let secs = ts.rem_euclid(86_400);
    format!("{date} {:02}:{:02} UTC", secs / 3600, secs % 3600 / 60)
}

/// `GET /account`.
pub async fn page(ctx: Ctx, State(state): State<AppState>, user: User) -> Result<Response, Error> {
    Ok(super::private(account_page(&ctx, &state, &user, None, None).await?))
}

async fn account_page(
    ctx: &Ctx,
    state: &AppState,
    user: &User,
    issued: Option<&IssuedToken>,
    notice: Option<&str>,
) -> Result<Markup, Error> {
    let t = ctx.t();
    let (id, actor) = (user.id, user.clone());
    let (me, tokens) =
        state.store(move |s| Ok::<_, Error>((get_user(s, &actor, id)?, list_tokens(s, &actor)?))).await?;
    let csrf = ctx.csrf();
    let body = html! {
        h1 { (t.account_title) }
        @if let Some(n) = notice { p.notice role="status" { (n) } }
        section aria-labelledby="h-me" {
            h2 #h-me { (t.account_me) }
            dl.biblio {
                dt { (t.user_name) } dd { code { (me.name) } }
                dt { (t.display_name) } dd { (me.display_name) }
                dt { (t.role) } dd { (t.role_name(me.role.as_str())) }
                dt { (t.created) } dd { (when(me.created_at)) }
                dt { (t.holder_names) }
                dd {
                    @if me.holder_names.is_empty() { span.hint { (t.none) } }
                    ul.plain {
                        @for n in &me.holder_names {
                            li { (n.name) " · " @if n.verified_by.is_some() { span.badge { (t.verified) } } @else { span.badge.pending { (t.unverified) } } }
                        }
                    }
                }
            }
            @if can(user.role, Action::ClaimHolderName) {
                form.panel.inline-form method="post" action="/account/holder-names" {
                    input type="hidden" name="csrf" value=(csrf);
                    div.field {
                        label for="holder-name" { (t.claim_holder_name) }
                        input #holder-name type="text" name="name" required maxlength="200" aria-describedby="holder-name-help";
                        p.hint #holder-name-help { (t.claim_holder_help) }
                    }
                    button type="submit" { (t.claim_button) }
                }
            }
        }
        section aria-labelledby="h-tokens" {
            h2 #h-tokens { (t.tokens_title) }
            p { (t.tokens_intro) }
            @if let Some(tok) = issued {
                div.notice.token-once role="status" {
                    p { strong { (fill(t.token_created, &[&tok.label])) } }
                    p { label for="new-token" { (t.token_copy) } }
                    input #new-token type="text" readonly value=(tok.token) size="60";
                }
            }
            @if tokens.is_empty() {
                p.hint { (t.tokens_none) }
            } @else {
                table {
                    thead { tr {
                        th scope="col" { (t.token_label) } th scope="col" { (t.created) }
                        th scope="col" { (t.expires) } th scope="col" { (t.state) } th scope="col" { span.visually-hidden { (t.actions) } }
                    } }
                    tbody {
                        @for tok in &tokens {
                            tr {
                                th scope="row" { (tok.label) }
                                td { (when(tok.created_at)) }
                                td { @match tok.expires_at { Some(e) => (when(e)), None => (t.never) } }
                                td { @match tok.revoked_at { Some(r) => { (t.revoked) " " (when(r)) }, None => (t.active) } }
                                td {
                                    @if tok.revoked_at.is_none() {
                                        form.inline method="post" action=(format!("/account/tokens/{}/revoke", tok.id)) {
                                            input type="hidden" name="csrf" value=(csrf);
                                            button.secondary type="submit" aria-label=(fill(t.revoke_named, &[&tok.label])) { (t.revoke) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            form.panel.inline-form method="post" action="/account/tokens" {
                input type="hidden" name="csrf" value=(csrf);
                div.field {
                    label for="token-label" { (t.token_label) }
                    input #token-label type="text" name="label" required maxlength="100";
                }
                div.field {
                    label for="token-days" { (t.token_days) }
                    input #token-days type="number" name="expires_in_days" min="1" max="3650" value="90";
                }
                button type="submit" { (t.token_create) }
            }
        }
        section aria-labelledby="h-password" {
            h2 #h-password { (t.password_title) }
            form.panel.narrow method="post" action="/account/password" {
                input type="hidden" name="csrf" value=(csrf);
                input type="text" name="username" value=(me.name) autocomplete="username" hidden;
                div.field {
                    label for="current" { (t.password_current) }
                    input #current type="password" name="current" autocomplete="current-password" required;
                }
                div.field {
                    label for="new-password" { (t.password_new) }
                    input #new-password type="password" name="new" autocomplete="new-password" required minlength="12"
                        aria-describedby="new-password-help";
                    p.hint #new-password-help { (t.password_policy) }
                }
                button type="submit" { (t.password_change) }
            }
        }
    };
    Ok(document(ctx, Section::Account, t.account_title, body))
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf: String,
    label: String,
    #[serde(default)]
    expires_in_days: Option<String>,
}

/// `POST /account/tokens`: a new API token, shown once on the page this returns.
pub async fn create_token(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    F(form): F<TokenForm>,
) -> Result<Response, Error> {
    check_form(&state, &headers, Some(&user), &form.csrf)?;
    let days = match form.expires_in_days.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(d) => Some(
            d.parse::<u32>()
                .map_err(|_| Error::bad_request("expires_in_days: 1 to 3650").zh("有效期为 1 至 3650 天"))?,
        ),
    };
    let actor = user.clone();
    let issued = state.store(move |s| issue_token(s, &actor, &form.label, days)).await?;
    let markup = account_page(&ctx, &state, &user, Some(&issued), None).await?;
    let mut r = (StatusCode::CREATED, markup).into_response();
    // The token is in this page only: never cached anywhere.
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// `POST /account/tokens/{id}/revoke`.
pub async fn revoke_token_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    Path(id): Path<String>,
    F(form): F<CsrfForm>,
) -> Result<Response, Error> {
    check_form(&state, &headers, Some(&user), &form.csrf)?;
    let id = crate::api::accounts::numeric_id(&id)?;
    state.store(move |s| revoke_token(s, &user, id)).await?;
    Ok(super::see_other("/account"))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    current: String,
    new: String,
    #[serde(default)]
    #[allow(dead_code)] // for password managers only
    username: Option<String>,
}

/// `POST /account/password`: ends every session of the user, so they sign in again.
pub async fn change_password(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    F(form): F<PasswordForm>,
) -> Result<Response, Error> {
    check_form(&state, &headers, Some(&user), &form.csrf)?;
    state.store(move |s| change_own_password(s, &user, &form.current, &form.new)).await?;
    let mut r = super::see_other(&login_url("/account"));
    r.headers_mut().append(header::SET_COOKIE, crate::auth::clear_session_cookie(state.config().secure_cookies));
    let _ = ctx;
    Ok(r)
}

#[derive(Deserialize)]
pub struct HolderForm {
    #[serde(default)]
    csrf: String,
    name: String,
}

/// `POST /account/holder-names`: a rights holder asks for a holder name (an administrator
/// verifies it).
pub async fn claim_name(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    F(form): F<HolderForm>,
) -> Result<Response, Error> {
    check_form(&state, &headers, Some(&user), &form.csrf)?;
    let actor = user.clone();
    state.store(move |s| claim_holder_name(s, &actor, form.name.trim())).await?;
    let markup = account_page(&ctx, &state, &user, None, Some(ctx.t().claim_done)).await?;
    Ok(super::private(markup))
}
