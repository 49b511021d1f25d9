//! `GET /api/v1/rights/{id}`: one right with its texts, claims, citations and events; and
//! the rights holder's ownership-checked write, `POST /api/v1/rights/{id}/open-licence`.

use super::extract::{J, P};
use crate::accounts::now;
use crate::auth::{check_api_write, require, User};
use crate::{AppState, Error};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use serde::Deserialize;
use silkport_accounts::{owning_name, Action};
use silkport_model::{Currency, Date, EventKind, Lang, LegalEvent, Money, Party, PartyRole, Right, RightId};
use silkport_server::ApiError;
use silkport_store::{Incoming, Store};

/// Longest identifier accepted (the longest real ids are register ids of ~30 characters).
const MAX_ID: usize = 128;

/// The one right `input` names, or `not_found` / `bad_request` saying what to do.
pub fn resolve_one(store: &mut dyn Store, input: &str) -> Result<RightId, Error> {
    if input.len() > MAX_ID || input.chars().any(char::is_control) {
        return Err(Error::bad_request("not a right identifier").zh("不是有效的权利编号"));
    }
    let ids = store.resolve(input)?;
    match ids.as_slice() {
        [] => Err(Error::not_found(format!(
            "no right matches {input:?}; check the number (e.g. US8087209B2, CN201410005532.4)"
        ))
        .zh("没有与该编号匹配的权利")),
        [one] => Ok(one.clone()),
        many => {
            let list: Vec<&str> = many.iter().map(|i| i.as_str()).collect();
            Err(Error::bad_request(format!(
                "{input:?} matches {} rights: {}; ask for one by its full id",
                many.len(),
                list.join(", ")
            ))
            .zh("该编号对应多项权利，请使用完整编号"))
        }
    }
}

/// Reads a right by any identifier variant.
pub fn load(store: &mut dyn Store, input: &str) -> Result<Right, Error> {
    let id = resolve_one(store, input)?;
    store.get(&id)?.ok_or_else(|| Error::not_found(format!("{id} disappeared while reading; ask again")))
}

pub async fn get_right(
    State(state): State<AppState>,
    user: Option<User>,
    P(id): P<String>,
) -> Result<Json<Right>, Error> {
    require(user.as_ref(), Action::ReadRecord)?;
    let right = state.store(move |s| load(s, &id)).await?;
    Ok(Json(right))
}

/// What a rights holder declares when offering an open licence (开放许可声明).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenLicence {
    /// The licence terms in Chinese and/or English (at least one).
    pub terms_zh: Option<String>,
    pub terms_en: Option<String>,
    /// Royalty: a decimal amount (`5000`, `1200.50`) and an ISO 4217 currency (`CNY`).
    pub royalty: Option<String>,
    pub currency: Option<String>,
}

/// The event an accepted declaration adds to the right, and the owner name it was made in.
pub fn open_licence_event(
    right: &Right,
    owner: &str,
    user: &User,
    req: &OpenLicence,
    at: i64,
) -> Result<LegalEvent, Error> {
    let terms: Vec<&str> = [req.terms_zh.as_deref(), req.terms_en.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    if terms.is_empty() {
        return Err(Error::bad_request("give the licence terms (terms_zh or terms_en)").zh("请填写许可条件"));
    }
    if terms.iter().any(|t| t.chars().count() > 2000 || t.chars().any(|c| c.is_control() && c != '\n')) {
        return Err(Error::bad_request("terms: at most 2000 characters each, no control characters")
            .zh("许可条件过长或含控制字符"));
    }
    let amount = match (&req.royalty, &req.currency) {
        (None, None) => None,
        (Some(a), Some(c)) => {
            let currency = Currency::parse(c).map_err(|e| Error::bad_request(e.to_string()))?;
            Some(Money::parse(a, currency).map_err(|e| Error::bad_request(e.to_string()))?)
        }
        _ => return Err(Error::bad_request("royalty and currency go together").zh("许可费与币种须同时填写")),
    };
    let date = Date::from_days(at.div_euclid(86_400)).ok_or_else(|| Error::internal("the clock is out of range"))?;
    let mut e =
        LegalEvent::new(format!("silkport-portal:open-licence:{}:{at}", right.id), EventKind::Licence, Some(date));
    e.code = Some(OPEN_LICENCE_CODE.into());
    e.authority = Some("silkport".into());
    e.description = Some(format!("开放许可声明 / open licence declaration: {}", terms.join(" / ")));
    e.reference = Some(format!("declared by portal user {} ({})", user.name, user.id));
    e.amount = amount;
    e.parties.push(Party::new(PartyRole::Licensor, right.lang.unwrap_or(Lang::ZH), owner));
    Ok(e)
}

/// The event code of open licence declarations made through the portal.
pub const OPEN_LICENCE_CODE: &str = "OPEN-LICENCE";

/// Declares an open licence on an own right: role (rights holder), then ownership (a verified
/// holder name among the right's current owners), then no earlier declaration; the event is
/// stored through the registry's one write path, so it reaches the ledger's outbox in the
/// same transaction, and the declaration is audited.
pub fn declare_open_licence(
    store: &mut dyn Store,
    user: &User,
    input: &str,
    req: &OpenLicence,
) -> Result<LegalEvent, Error> {
    require(Some(user), Action::DeclareOpenLicence)?;
    let right = load(store, input)?;
    let Some(owner) = owning_name(&user.holder_names, &right) else {
        return Err(Error::forbidden(format!(
            "{} is not your right: none of its owners bears a holder name verified for you",
            right.id
        ))
        .zh("该权利不属于您：其权利人与您经核验的名称不符"));
    };
    if right.events.iter().any(|e| e.code.as_deref() == Some(OPEN_LICENCE_CODE)) {
        return Err(Error::new(ApiError::Conflict {
            message: format!("{} already has an open licence declaration", right.id),
            body: None,
        })
        .zh("该权利已有开放许可声明"));
    }
    let event = open_licence_event(&right, &owner, user, req, now())?;
    let mut carrier = right.clone();
    carrier.events = vec![event.clone()];
    crate::accounts::in_transaction(store, |s| {
        s.apply_within(vec![Incoming::Right(Box::new(carrier))])?;
        let detail = serde_json::json!({ "right": right.id.as_str(), "event": event.key });
        crate::accounts::audit(s, Some(user), "open_licence_declared", Some(format!("right:{}", right.id)), detail)
    })?;
    Ok(event)
}

/// `POST /api/v1/rights/{id}/open-licence`.
pub async fn post_open_licence(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    P(id): P<String>,
    J(req): J<OpenLicence>,
) -> Result<(StatusCode, Json<LegalEvent>), Error> {
    check_api_write(&state, &headers, &user)?;
    let event = state.store(move |s| declare_open_licence(s, &user, &id, &req)).await?;
    state.cache().invalidate();
    Ok((StatusCode::CREATED, Json(event)))
}
