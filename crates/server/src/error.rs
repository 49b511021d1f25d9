//! The server's one error type and its one table from errors to HTTP statuses. Every
//! router returns `ApiError`; the portal's routers will too.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use silkport_ledger::LedgerError;
use silkport_tlog::witness::Refusal;
use silkport_tlog::TlogError;
use silkport_tlogstore::TlogStoreError;

/// An error answered over HTTP. Messages are lowercase and say what to do next.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Forbidden(String),
    /// A conflict, with an optional body of its own type (tlog-witness answers a stale old
    /// size with the latest size as `text/x.tlog.size`).
    #[error("{message}")]
    Conflict { message: String, body: Option<(&'static str, String)> },
    #[error("{0}")]
    Unprocessable(String),
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    /// The status table: the only place an error becomes a status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let (content_type, body) = match self {
            ApiError::Conflict { body: Some((content_type, body)), .. } => (content_type, body),
            other => ("text/plain; charset=utf-8", format!("{other}\n")),
        };
        (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
    }
}

impl From<TlogStoreError> for ApiError {
    fn from(e: TlogStoreError) -> ApiError {
        match e {
            TlogStoreError::OutOfRange(m) => ApiError::NotFound(m),
            TlogStoreError::Tlog(e) => e.into(),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<TlogError> for ApiError {
    fn from(e: TlogError) -> ApiError {
        match e {
            TlogError::Tile { .. } | TlogError::InvalidRequest(_) => ApiError::NotFound(e.to_string()),
            TlogError::MalformedNote(_)
            | TlogError::MalformedCheckpoint(_)
            | TlogError::MalformedRequest(_)
            | TlogError::MalformedKey(_) => ApiError::BadRequest(e.to_string()),
            TlogError::UnverifiedNote | TlogError::InvalidSignature { .. } | TlogError::WrongOrigin { .. } => {
                ApiError::Forbidden(e.to_string())
            }
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl From<LedgerError> for ApiError {
    fn from(e: LedgerError) -> ApiError {
        match e {
            LedgerError::Log(e) => e.into(),
            LedgerError::Tlog(e) => e.into(),
            LedgerError::Cosignature(m) => ApiError::Forbidden(format!("cosignature refused: {m}")),
            LedgerError::NotLogged(_) => ApiError::NotFound(e.to_string()),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// tlog-witness's statuses for a refused add-checkpoint request.
impl From<Refusal> for ApiError {
    fn from(r: Refusal) -> ApiError {
        match r {
            Refusal::UnknownLog => ApiError::NotFound("this witness does not follow that log".into()),
            Refusal::NotSignedByLog => ApiError::Forbidden("the checkpoint is not signed by the log's key".into()),
            Refusal::Malformed(m) => ApiError::BadRequest(m),
            Refusal::OldSizeTooLarge => ApiError::BadRequest("old size is larger than the checkpoint's size".into()),
            Refusal::StaleOldSize { latest } => ApiError::Conflict {
                message: format!("old size is not the latest cosigned size {latest}"),
                body: Some(("text/x.tlog.size", format!("{latest}\n"))),
            },
            Refusal::SplitView(alarm) => ApiError::Conflict {
                message: format!("split view: {alarm:?}; the request is kept as evidence"),
                body: None,
            },
            Refusal::BadProof => ApiError::Unprocessable("the consistency proof does not verify".into()),
        }
    }
}
