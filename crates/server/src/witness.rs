//! A witness's HTTP API: C2SP tlog-witness `POST /add-checkpoint`, for logs that push their
//! checkpoints to the witness. The answer is the cosignature line(s), `text/plain`.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use axum::Router;
use silkport_tlog::witness::{AddCheckpoint, Refusal};
use silkport_tlog::{parse_note, Checkpoint, Ed25519Verifier, Verifier};
use silkport_witness::WitnessState;

use crate::ApiError;

/// What the witness routes answer from.
pub struct WitnessApi {
    pub state: Arc<WitnessState>,
    /// The logs this witness follows, by their keys (whose names are the origins).
    pub logs: Vec<Ed25519Verifier>,
}

/// The witness's routes.
pub fn router(api: Arc<WitnessApi>) -> Router {
    Router::new().route("/add-checkpoint", post(add_checkpoint)).with_state(api)
}

async fn add_checkpoint(State(api): State<Arc<WitnessApi>>, body: Bytes) -> Result<String, ApiError> {
    let req = AddCheckpoint::parse(&body)?;
    let origin = Checkpoint::parse(&parse_note(&req.checkpoint)?.text)?.origin;
    let key = api.logs.iter().find(|k| k.name() == origin).ok_or(ApiError::from(Refusal::UnknownLog))?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let sigs = api.state.add_checkpoint(key, &body, now).map_err(|e| ApiError::Internal(e.to_string()))??;
    Ok(sigs.iter().map(|s| s.line()).collect())
}
