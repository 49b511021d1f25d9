//! The portal's error: `silkport_server::ApiError` (the one table of codes and statuses)
//! rendered as the JSON API's body, with a Chinese message where one is known. Library
//! errors map to codes here, once; internal details are logged, not sent.

use axum::response::{IntoResponse, Response};
use silkport_server::ApiError;

#[derive(Debug)]
pub struct Error {
    pub api: ApiError,
    pub message_zh: Option<String>,
}

impl Error {
    pub fn new(api: ApiError) -> Error {
        Error { api, message_zh: None }
    }

    /// Adds the Chinese message.
    pub fn zh(mut self, message: impl Into<String>) -> Error {
        self.message_zh = Some(message.into());
        self
    }

    pub fn bad_request(message: impl Into<String>) -> Error {
        Error::new(ApiError::BadRequest(message.into()))
    }

    pub fn not_found(message: impl Into<String>) -> Error {
        Error::new(ApiError::NotFound(message.into()))
    }

    pub fn forbidden(message: impl Into<String>) -> Error {
        Error::new(ApiError::Forbidden(message.into()))
    }

    pub fn unauthenticated(message: impl Into<String>) -> Error {
        Error::new(ApiError::Unauthenticated(message.into()))
    }

    pub fn unavailable(message: impl Into<String>) -> Error {
        Error::new(ApiError::Unavailable(message.into()))
    }

    pub fn internal(message: impl Into<String>) -> Error {
        Error::new(ApiError::Internal(message.into()))
    }

    pub fn code(&self) -> &'static str {
        self.api.code()
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.api.fmt(f)
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self.api {
            // The detail stays in the server's log; clients get the code only.
            eprintln!("internal error: {detail}");
        }
        self.api.json(self.message_zh)
    }
}

impl From<ApiError> for Error {
    fn from(api: ApiError) -> Error {
        Error::new(api)
    }
}

impl From<silkport_store::StoreError> for Error {
    fn from(e: silkport_store::StoreError) -> Error {
        Error::internal(format!("store: {e}"))
    }
}

impl From<silkport_search::SearchError> for Error {
    fn from(e: silkport_search::SearchError) -> Error {
        use silkport_search::SearchError as S;
        match e {
            S::Parse(_) | S::Compile { .. } => {
                let zh = format!("检索式有误：{e}");
                Error::new(ApiError::BadQuery(e.to_string())).zh(zh)
            }
            S::Request(m) => Error::bad_request(m),
            S::Version { .. } | S::Schema { .. } => {
                Error::unavailable(e.to_string()).zh("检索索引需要重建：请管理员运行 silkport reindex")
            }
            other => Error::internal(format!("search: {other}")),
        }
    }
}

impl From<silkport_ledger::LedgerError> for Error {
    fn from(e: silkport_ledger::LedgerError) -> Error {
        use silkport_ledger::LedgerError as L;
        match e {
            L::NoLedger(_) => Error::unavailable(e.to_string()).zh("账本尚未建立"),
            L::NotLogged(_) => Error::not_found(e.to_string()).zh("账本中没有该条目"),
            other => Error::new(ApiError::from(other)),
        }
    }
}

impl From<silkport_analytics::AnalyticsError> for Error {
    fn from(e: silkport_analytics::AnalyticsError) -> Error {
        use silkport_analytics::AnalyticsError as A;
        match e {
            A::Store(e) => e.into(),
            A::Write { .. } => Error::internal(e.to_string()),
            other => Error::new(ApiError::Unprocessable(other.to_string())),
        }
    }
}

impl From<silkport_accounts::AccountError> for Error {
    fn from(e: silkport_accounts::AccountError) -> Error {
        use silkport_accounts::AccountError as A;
        let zh = match &e {
            A::PasswordTooShort { min } => format!("密码太短：至少 {min} 个字符"),
            A::PasswordTooLong { max } => format!("密码太长：最多 {max} 字节"),
            A::PasswordGuessable => "密码过于常见或包含用户名，请另选".into(),
            A::BadUserName => "用户名为 3 至 64 个字母、数字或 . - _".into(),
            A::UnknownRole(_) => "未知角色：可选 holder、bank、examiner、admin".into(),
            A::Random(_) | A::Hash(_) => return Error::internal(e.to_string()),
        };
        Error::new(ApiError::Unprocessable(e.to_string())).zh(zh)
    }
}

impl From<tokio::task::JoinError> for Error {
    fn from(e: tokio::task::JoinError) -> Error {
        Error::internal(format!("a blocking task failed: {e}"))
    }
}

impl From<silkport_tlogstore::TlogStoreError> for Error {
    fn from(e: silkport_tlogstore::TlogStoreError) -> Error {
        Error::new(ApiError::from(e))
    }
}
