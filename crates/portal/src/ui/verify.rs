//! Ledger receipts in the browser: the receipt file (`silkport-receipt/v1`, exactly what
//! `silkport receipt` writes) to download, the record page's list of a right's receipts with a
//! "verify" button each, and the `/verify` page for any receipt file. The checking itself is
//! `assets/verify.js` (WebCrypto SHA-256 and Ed25519), fed the log's public keys by the page;
//! nothing is sent back to the server.

use super::i18n::Messages;
use super::layout::{document_with, Section};
use super::Ctx;
use crate::auth::require;
use crate::{AppState, Error};
use axum::extract::{Path, State};
use axum::response::Response;
use maud::{html, Markup};
use silkport_accounts::Action;

/// `GET /ledger/receipts/{index}`: the receipt of log entry `index`, as a file.
pub async fn receipt_download(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(index): Path<String>,
) -> Result<Response, Error> {
    require(ctx.user.as_ref(), Action::ReadLedger)?;
    let index: u64 = index.strip_suffix(".json").unwrap_or(&index).parse().map_err(|_| {
        Error::bad_request("a receipt is named by its log index, a whole number").zh("回执以日志序号（整数）标识")
    })?;
    let ledger = state.ledger().cloned().ok_or_else(no_ledger)?;
    let receipt = state
        .blocking(move |st| st.pool().with(|s| ledger.receipt(s, &index.to_string())).map_err(Error::from))
        .await?;
    let mut json = serde_json::to_string_pretty(&receipt).map_err(|e| Error::internal(e.to_string()))?;
    json.push('\n');
    Ok(super::download(json, "application/json", &format!("silkport-receipt-{index}.json")))
}

fn no_ledger() -> Error {
    Error::unavailable("this portal has no ledger: an administrator runs `silkport ledger init`")
        .zh("本门户尚未建立账本")
}

/// The step names and messages the script shows, in the page's language.
fn messages(t: &Messages) -> String {
    serde_json::json!({
        "format": t.v_format, "entry": t.v_entry, "leaf": t.v_leaf, "checkpoint": t.v_checkpoint,
        "signature": t.v_signature, "inclusion": t.v_inclusion, "witnesses": t.v_witnesses,
        "passed": t.v_passed, "failed": t.v_failed, "verified": t.v_verified, "not_verified": t.v_not_verified,
        "size_differs": t.v_size_differs, "no_key": t.v_no_key, "bad_key_id": t.v_bad_key_id,
        "no_signature": t.v_no_signature, "root_differs": t.v_root_differs, "inclusion_detail": t.v_inclusion_detail,
        "not_witness_key": t.v_not_witness_key, "quorum_missed": t.v_quorum_missed, "witness_detail": t.v_witness_detail,
        "webcrypto": t.v_webcrypto, "no_webcrypto": t.v_no_webcrypto, "not_json": t.v_not_json,
    })
    .to_string()
}

/// A right's entries in the ledger: `(log index, what it records, reference)`, each with its
/// receipt to download and a button that verifies it here (shown when scripts run).
pub fn receipts<'a>(ctx: &Ctx, log_keys: &[String], items: impl Iterator<Item = (u64, String, &'a str)>) -> Markup {
    let t = ctx.t();
    let msgs = messages(t);
    html! {
        div.receipts data-log-keys=(log_keys.join("\n")) {
            p.hint { (t.ledger_keys) " " @for k in log_keys { code.key { (k) } " " } }
            ul.receipt-list {
                @for (index, label, reference) in items {
                    li.receipt {
                        p {
                            strong { (label) } " · " (t.log_index) " " (index)
                            br; span.hint { (t.reference) " " code { (reference) } }
                        }
                        p.actions {
                            a.button href=(format!("/ledger/receipts/{index}")) download=(format!("silkport-receipt-{index}.json")) {
                                (t.download_receipt)
                            }
                            " "
                            button.verify type="button" hidden data-url=(format!("/ledger/receipts/{index}"))
                                aria-controls=(format!("steps-{index}")) {
                                (t.verify_in_browser)
                            }
                        }
                        div.steps-box id=(format!("steps-{index}")) aria-live="polite" data-msgs=(msgs) {}
                    }
                }
            }
            p.hint.needs-js { (t.verify_needs_js) }
        }
    }
}

/// `GET /verify`: check any receipt file against the log keys (this portal's, pre-filled)
/// and witness keys given.
pub async fn page(ctx: Ctx, State(state): State<AppState>) -> Result<Response, Error> {
    require(ctx.user.as_ref(), Action::ReadLedger)?;
    let keys = match state.ledger() {
        Some(l) => l.public_keys().unwrap_or_default(),
        None => Vec::new(),
    };
    let t = ctx.t();
    let body = html! {
        h1 { (t.verify_title) }
        p.lead { (t.verify_intro) }
        ol.howto {
            @for s in t.verify_steps { li { (s) } }
        }
        noscript { p.notice { (t.verify_needs_js) } }
        form #verify-form hidden {
            div.field {
                label for="receipt-file" { (t.receipt_file) }
                input #receipt-file type="file" accept=".json,application/json";
            }
            div.field {
                label for="receipt-text" { (t.receipt_json) }
                textarea #receipt-text rows="10" spellcheck="false" {}
            }
            div.field {
                label for="log-keys" { (t.log_keys_label) }
                textarea #log-keys rows="2" spellcheck="false" aria-describedby="log-keys-help" { (keys.join("\n")) }
                p #log-keys-help .hint { (t.log_keys_help) }
            }
            div.field {
                label for="witness-keys" { (t.witness_keys_label) }
                textarea #witness-keys rows="2" spellcheck="false" {}
            }
            div.field {
                label for="quorum" { (t.quorum_label) }
                input #quorum type="number" min="0" max="100" value="0";
            }
            button type="submit" { (t.verify_button) }
        }
        div #verify-steps .steps-box aria-live="polite" data-msgs=(messages(t)) {}
    };
    Ok(super::private(document_with(&ctx, Section::Verify, t.verify_title, &["verify.js"], body)))
}
