//! The server's one error type and its one table of stable error codes, each with its
//! HTTP status and a hint (English and Chinese). Every router returns `ApiError`: the log
//! and witness routes answer it as `text/plain` (their protocols' clients read text), the
//! portal's JSON API as `{"error": {"code", "message", "message_zh", "hint", "hint_zh"}}`
//! (`ApiError::json`). docs/api-errors.md lists the table; a test keeps the two equal.

use axum::http::{header, HeaderValue, StatusCode};
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
    /// A search query that does not parse (with the position in the message).
    #[error("{0}")]
    BadQuery(String),
    /// No valid session or token: sign in or send `Authorization: Bearer`.
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    /// A cross-site request: missing or wrong CSRF token, or a foreign Origin.
    #[error("{0}")]
    Csrf(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    /// A conflict, with an optional body of its own type (tlog-witness answers a stale old
    /// size with the latest size as `text/x.tlog.size`).
    #[error("{message}")]
    Conflict { message: String, body: Option<(&'static str, String)> },
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    Unprocessable(String),
    #[error("too many requests: wait {retry_after} s and try again")]
    RateLimited { retry_after: u64 },
    #[error("{0}")]
    Internal(String),
    /// A planned action that is not offered yet.
    #[error("not offered yet: {0}")]
    NotImplemented(String),
    /// Part of the system is not ready (no search index yet, no ledger).
    #[error("{0}")]
    Unavailable(String),
}

/// One stable error code: what clients match on. Codes are never renamed or reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorCode {
    pub code: &'static str,
    pub status: u16,
    pub hint: &'static str,
    pub hint_zh: &'static str,
}

/// The table: every code, its status and its hint. The only place an error becomes a status.
pub const ERROR_CODES: &[ErrorCode] = &[
    ErrorCode {
        code: "bad_request",
        status: 400,
        hint: "the request is malformed; check the parameters against /api/v1/openapi.json",
        hint_zh: "请求格式错误，请对照 /api/v1/openapi.json 检查参数",
    },
    ErrorCode {
        code: "bad_query",
        status: 400,
        hint: "the search query does not parse; see docs/query-language.md, or send plain=true for free text",
        hint_zh: "检索式无法解析，请参阅 docs/query-language.md，或使用 plain=true 按普通文本检索",
    },
    ErrorCode {
        code: "unauthenticated",
        status: 401,
        hint: "sign in (POST /api/v1/session) or send an API token as Authorization: Bearer spt_…",
        hint_zh: "请先登录（POST /api/v1/session），或以 Authorization: Bearer spt_… 提供 API 令牌",
    },
    ErrorCode {
        code: "forbidden",
        status: 403,
        hint: "your role or ownership does not allow this; ask an administrator",
        hint_zh: "您的角色或权属不允许此操作，请联系管理员",
    },
    ErrorCode {
        code: "csrf",
        status: 403,
        hint: "reload the page and submit the form again; programs should use an API token",
        hint_zh: "请刷新页面后重新提交表单；程序调用请使用 API 令牌",
    },
    ErrorCode {
        code: "not_found",
        status: 404,
        hint: "check the identifier or path; GET /api/v1/openapi.json lists every route",
        hint_zh: "请检查编号或路径；GET /api/v1/openapi.json 列出全部接口",
    },
    ErrorCode {
        code: "method_not_allowed",
        status: 405,
        hint: "this path exists with another method; see /api/v1/openapi.json",
        hint_zh: "该路径不支持此方法，请参阅 /api/v1/openapi.json",
    },
    ErrorCode {
        code: "conflict",
        status: 409,
        hint: "the resource changed or already exists; read it again and retry",
        hint_zh: "资源已变更或已存在，请重新读取后再试",
    },
    ErrorCode {
        code: "payload_too_large",
        status: 413,
        hint: "send a smaller body; large files go through an import root (administrators)",
        hint_zh: "请求体过大；大文件请放入导入目录后由管理员导入",
    },
    ErrorCode {
        code: "unsupported_media_type",
        status: 415,
        hint: "send Content-Type: application/json (or the form type the route documents)",
        hint_zh: "请使用 Content-Type: application/json（或接口说明的表单类型）",
    },
    ErrorCode {
        code: "unprocessable",
        status: 422,
        hint: "the request is well-formed but its values are not acceptable; see the message",
        hint_zh: "请求格式正确但取值不被接受，请参阅错误信息",
    },
    ErrorCode {
        code: "rate_limited",
        status: 429,
        hint: "wait for the number of seconds in Retry-After, then try again",
        hint_zh: "请等待 Retry-After 所示秒数后再试",
    },
    ErrorCode {
        code: "internal",
        status: 500,
        hint: "a server fault; try again, and report it with the time if it persists",
        hint_zh: "服务器内部错误，请重试；如持续出现请连同时间报告",
    },
    ErrorCode {
        code: "not_implemented",
        status: 501,
        hint: "this action is planned but not offered yet",
        hint_zh: "该操作已规划，尚未提供",
    },
    ErrorCode {
        code: "unavailable",
        status: 503,
        hint: "part of the system is not ready (search index, ledger); an administrator can build it",
        hint_zh: "系统部分组件尚未就绪（检索索引、账本），请管理员处理",
    },
];

/// The table entry of a code (every `ApiError::code` is in the table: a test checks it).
pub fn error_code(code: &str) -> Option<&'static ErrorCode> {
    ERROR_CODES.iter().find(|c| c.code == code)
}

impl ApiError {
    /// The stable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::NotFound(_) => "not_found",
            ApiError::BadRequest(_) => "bad_request",
            ApiError::BadQuery(_) => "bad_query",
            ApiError::Unauthenticated(_) => "unauthenticated",
            ApiError::Forbidden(_) => "forbidden",
            ApiError::Csrf(_) => "csrf",
            ApiError::MethodNotAllowed(_) => "method_not_allowed",
            ApiError::Conflict { .. } => "conflict",
            ApiError::PayloadTooLarge(_) => "payload_too_large",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::Unprocessable(_) => "unprocessable",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Internal(_) => "internal",
            ApiError::NotImplemented(_) => "not_implemented",
            ApiError::Unavailable(_) => "unavailable",
        }
    }

    /// The status, from the code table.
    pub fn status(&self) -> StatusCode {
        let status = error_code(self.code()).map_or(500, |c| c.status);
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The JSON API's rendering: `{"error": {code, message, message_zh, hint, hint_zh}}`,
    /// with `Retry-After` on 429. Internal details are not sent to clients.
    pub fn json(self, message_zh: Option<String>) -> Response {
        let status = self.status();
        let code = self.code();
        let entry = error_code(code);
        let retry_after = if let ApiError::RateLimited { retry_after } = self { Some(retry_after) } else { None };
        let message = match &self {
            ApiError::Internal(_) => "internal error".to_string(),
            other => other.to_string(),
        };
        let mut error = serde_json::json!({
            "code": code,
            "message": message,
            "hint": entry.map_or("", |e| e.hint),
            "hint_zh": entry.map_or("", |e| e.hint_zh),
        });
        if let Some(zh) = message_zh {
            error["message_zh"] = serde_json::Value::String(zh);
        }
        let body = serde_json::json!({ "error": error }).to_string();
        let mut response = (status, [(header::CONTENT_TYPE, "application/json; charset=utf-8")], body).into_response();
        if let Some(secs) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let retry_after = if let ApiError::RateLimited { retry_after } = self { Some(retry_after) } else { None };
        let (content_type, body) = match self {
            ApiError::Conflict { body: Some((content_type, body)), .. } => (content_type, body),
            other => ("text/plain; charset=utf-8", format!("{other}\n")),
        };
        let mut response = (status, [(header::CONTENT_TYPE, content_type)], body).into_response();
        if let Some(secs) = retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
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

#[cfg(test)]
mod tests {
    use super::*;

    fn every_variant() -> Vec<ApiError> {
        let m = || "m".to_string();
        vec![
            ApiError::NotFound(m()),
            ApiError::BadRequest(m()),
            ApiError::BadQuery(m()),
            ApiError::Unauthenticated(m()),
            ApiError::Forbidden(m()),
            ApiError::Csrf(m()),
            ApiError::MethodNotAllowed(m()),
            ApiError::Conflict { message: m(), body: None },
            ApiError::PayloadTooLarge(m()),
            ApiError::UnsupportedMediaType(m()),
            ApiError::Unprocessable(m()),
            ApiError::RateLimited { retry_after: 3 },
            ApiError::Internal(m()),
            ApiError::Unavailable(m()),
            ApiError::NotImplemented(m()),
        ]
    }

    #[test]
    fn every_code_is_in_the_table_once_and_every_table_code_is_used() {
        let used: Vec<&str> = every_variant().iter().map(ApiError::code).collect();
        for c in ERROR_CODES {
            assert_eq!(ERROR_CODES.iter().filter(|x| x.code == c.code).count(), 1, "{}", c.code);
            assert!(used.contains(&c.code), "{} is in the table but no error has it", c.code);
            assert!(StatusCode::from_u16(c.status).is_ok());
        }
        for code in used {
            assert!(error_code(code).is_some(), "{code} is not in the table");
        }
    }

    #[test]
    fn json_body_and_retry_after() {
        let r = ApiError::RateLimited { retry_after: 7 }.json(Some("请求过多".into()));
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "7");
        assert_eq!(ApiError::NotImplemented("x".into()).status(), StatusCode::NOT_IMPLEMENTED);
        assert_eq!(ApiError::Csrf("x".into()).status(), StatusCode::FORBIDDEN);
    }

    /// docs/api-errors.md lists exactly the table's codes with their statuses.
    #[test]
    fn the_documented_table_is_the_table() {
        let doc = include_str!("../../../docs/api-errors.md");
        let rows: Vec<(String, u16)> = doc
            .lines()
            .filter_map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                let code = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
                Some((code.to_string(), cells.get(2)?.parse().ok()?))
            })
            .collect();
        let table: Vec<(String, u16)> = ERROR_CODES.iter().map(|c| (c.code.to_string(), c.status)).collect();
        assert_eq!(rows, table);
    }
}
