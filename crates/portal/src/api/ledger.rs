//! The verifiable rights ledger over the API: the log's state and signed checkpoint, one
//! entry, an inclusion proof, a right's history as the log tells it, the evidence receipt of a
//! right's entry, and server-side verification of a receipt against the log's keys. The raw
//! C2SP tlog-tiles routes are under `/log/`.

use super::extract::{J, P, Q};
use super::rights::resolve_one;
use crate::auth::{require, User};
use crate::{AppState, Error};
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use silkport_accounts::Action;
use silkport_ledger::receipt::{verify, Receipt, Trust};
use silkport_ledger::Ledger;
use silkport_tlog::{leaf_hash, Ed25519Verifier, Hash};
use std::sync::Arc;

fn ledger(state: &AppState, user: Option<&User>) -> Result<Arc<Ledger>, Error> {
    require(user, Action::ReadLedger)?;
    state.ledger().cloned().ok_or_else(|| {
        Error::unavailable("this portal has no ledger: an administrator runs `silkport ledger init`")
            .zh("本门户尚未建立账本")
    })
}

/// `GET /api/v1/ledger`: origin, size, root hash, the signed checkpoint and the log's keys.
pub async fn status(State(state): State<AppState>, user: Option<User>) -> Result<Json<Value>, Error> {
    let ledger = ledger(&state, user.as_ref())?;
    let served = ledger.latest_checkpoint()?;
    let cp = ledger.log().checkpoint();
    Ok(Json(json!({
        "origin": ledger.log().origin(),
        "tree_size": cp.checkpoint.size,
        "root_hash": cp.checkpoint.hash.to_base64(),
        "checkpoint": String::from_utf8_lossy(&served.note),
        "cosignatures": served.cosignatures,
        "log_keys": ledger.public_keys()?,
    })))
}

/// An index or size from the path or query: a number within the log.
fn index_in(ledger: &Ledger, index: u64) -> Result<u64, Error> {
    let size = ledger.log().checkpoint().checkpoint.size;
    if index >= size {
        return Err(Error::not_found(format!("the log has {size} entries; index {index} is past its end"))
            .zh("条目序号超出账本范围"));
    }
    Ok(index)
}

/// `GET /api/v1/ledger/entries/{index}`.
pub async fn entry(
    State(state): State<AppState>,
    user: Option<User>,
    P(index): P<String>,
) -> Result<Json<Value>, Error> {
    let ledger = ledger(&state, user.as_ref())?;
    let index = index_in(&ledger, parse_u64("index", &index)?)?;
    let bytes = tokio::task::spawn_blocking(move || ledger.log().entry(index)).await??;
    Ok(Json(
        json!({ "index": index, "entry": String::from_utf8_lossy(&bytes), "leaf_hash": leaf_hash(&bytes).to_hex() }),
    ))
}

fn parse_u64(what: &str, text: &str) -> Result<u64, Error> {
    text.parse().map_err(|_| Error::bad_request(format!("{what} must be a whole number")))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProofParams {
    pub index: u64,
    /// Tree size the proof is for (default: the published checkpoint's).
    pub size: Option<u64>,
}

/// `GET /api/v1/ledger/proof?index=&size=`: RFC 9162 inclusion proof, base64 hashes.
pub async fn proof(
    State(state): State<AppState>,
    user: Option<User>,
    Q(p): Q<ProofParams>,
) -> Result<Json<Value>, Error> {
    let ledger = ledger(&state, user.as_ref())?;
    let published = ledger.log().checkpoint().checkpoint.size;
    let size = p.size.unwrap_or(published);
    if size > published || p.index >= size {
        return Err(Error::bad_request(format!("need index < size <= {published} (the published tree size)")));
    }
    let index = p.index;
    let (proof, bytes) = tokio::task::spawn_blocking(move || -> Result<_, Error> {
        Ok((ledger.log().prove_inclusion(index, size)?, ledger.log().entry(index)?))
    })
    .await??;
    Ok(Json(json!({
        "index": index, "tree_size": size, "leaf_hash": leaf_hash(&bytes).to_base64(),
        "inclusion_proof": proof.iter().map(Hash::to_base64).collect::<Vec<_>>(),
    })))
}

/// `GET /api/v1/rights/{id}/history`: the right's current entries in the log (the latest
/// entry of each of its references), in log order.
pub async fn history(
    State(state): State<AppState>,
    user: Option<User>,
    P(id): P<String>,
) -> Result<Json<Value>, Error> {
    let ledger = ledger(&state, user.as_ref())?;
    let (right, entries) = state
        .store(move |s| {
            let right = resolve_one(s, &id)?;
            let entries = ledger.current_entries(s, &right)?;
            Ok::<_, Error>((right, entries))
        })
        .await?;
    let items: Vec<Value> = entries
        .iter()
        .map(|(i, e)| {
            json!({ "index": i, "event": e.event, "date": e.date, "reference": e.reference,
                              "entry": String::from_utf8_lossy(&e.encode().unwrap_or_default()) })
        })
        .collect();
    Ok(Json(json!({ "right": right.as_str(), "entries": items })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptParams {
    /// A log index from the right's history (default: its latest entry).
    pub index: Option<u64>,
}

/// `GET /api/v1/rights/{id}/receipt?index=`: the `silkport-receipt/v1` file of the right's
/// latest entry (or the given one of its entries), as a download.
pub async fn receipt(
    State(state): State<AppState>,
    user: Option<User>,
    P(id): P<String>,
    Q(p): Q<ReceiptParams>,
) -> Result<Response, Error> {
    let ledger = ledger(&state, user.as_ref())?;
    let (right, receipt) = state
        .store(move |s| {
            let right = resolve_one(s, &id)?;
            let indexes: Vec<u64> = ledger.current_entries(s, &right)?.into_iter().map(|(i, _)| i).collect();
            let index = match p.index {
                Some(i) if indexes.contains(&i) => i,
                Some(i) => {
                    return Err(
                        Error::not_found(format!("log entry {i} is not an entry of {right}")).zh("该条目不属于此权利")
                    )
                }
                None => *indexes.last().ok_or_else(|| {
                    Error::not_found(format!(
                        "{right} has no entry in the log yet (it is logged within seconds of a change)"
                    ))
                    .zh("该权利尚未记入账本")
                })?,
            };
            Ok::<_, Error>((right, ledger.receipt(s, &index.to_string())?))
        })
        .await?;
    let name = format!("attachment; filename=\"receipt-{}-{}.json\"", right.as_str(), receipt.index);
    let body = serde_json::to_string_pretty(&receipt).map_err(|e| Error::internal(e.to_string()))? + "\n";
    Ok(([(header::CONTENT_TYPE, "application/json".to_string()), (header::CONTENT_DISPOSITION, name)], body)
        .into_response())
}

/// `POST /api/v1/receipts/verify`: checks a receipt against this log's keys (current and
/// retired). The answer says what verified, or why not (200 either way: the request was fine).
pub async fn verify_receipt(
    State(state): State<AppState>,
    user: Option<User>,
    J(receipt): J<Receipt>,
) -> Result<Json<Value>, Error> {
    let ledger = ledger(&state, user.as_ref())?;
    let keys = ledger.public_keys()?;
    let log_keys = keys.iter().filter_map(|k| Ed25519Verifier::parse(k).ok()).collect();
    let trust = Trust { log_keys, witnesses: Vec::new(), quorum: 0 };
    Ok(Json(match verify(&receipt, &trust) {
        Ok(v) => json!({ "verified": true, "verification": v }),
        Err(e) => json!({ "verified": false, "error": e.to_string() }),
    }))
}
