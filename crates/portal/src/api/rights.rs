//! `GET /api/v1/rights/{id}`: one right with its texts, claims, citations and events.

use crate::auth::{require, User};
use crate::{AppState, Error};
use axum::extract::{Path, State};
use axum::Json;
use silkport_accounts::Action;
use silkport_model::{Right, RightId};
use silkport_store::Store;

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
    Path(id): Path<String>,
) -> Result<Json<Right>, Error> {
    require(user.as_ref(), Action::ReadRecord)?;
    let right = state.store(move |s| load(s, &id)).await?;
    Ok(Json(right))
}
