//! The API's extractors: axum's `Query`, `Json` and `Form` whose rejections become the JSON
//! error body with a stable code (axum's own answer plain text). Hostile input — invalid
//! UTF-8 in percent-escapes, wrong types, syntax errors, oversized bodies — is a 4xx here.

use crate::Error;
use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use silkport_server::ApiError;

/// A rejection's status and text as an API error.
fn rejected(status: StatusCode, text: String) -> Error {
    let text = text.replace('\n', " ");
    match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            Error::new(ApiError::PayloadTooLarge(format!("the body is larger than this route accepts ({text})")))
                .zh("请求体超过上限")
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => Error::new(ApiError::UnsupportedMediaType(text)),
        StatusCode::UNPROCESSABLE_ENTITY => Error::new(ApiError::Unprocessable(text)),
        _ => Error::bad_request(text).zh("请求格式错误"),
    }
}

/// Query string parameters.
pub struct Q<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Q<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Q<T>, Error> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(q) => Ok(Q(q.0)),
            Err(e @ QueryRejection::FailedToDeserializeQueryString(_)) => {
                Err(Error::bad_request(format!("query string: {}", e.body_text())).zh("查询参数有误"))
            }
            Err(e) => Err(rejected(e.status(), e.body_text())),
        }
    }
}

/// A JSON body (`Content-Type: application/json`).
pub struct J<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for J<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<J<T>, Error> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(j) => Ok(J(j.0)),
            Err(JsonRejection::JsonSyntaxError(e)) => {
                Err(Error::bad_request(format!("malformed JSON: {}", e.body_text())).zh("JSON 格式错误"))
            }
            Err(JsonRejection::JsonDataError(e)) => {
                Err(Error::bad_request(format!("JSON of the wrong shape: {}", e.body_text())).zh("JSON 字段不符"))
            }
            Err(e) => Err(rejected(e.status(), e.body_text())),
        }
    }
}

/// A URL-encoded form body (what HTML forms post).
pub struct F<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for F<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<F<T>, Error> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(f) => Ok(F(f.0)),
            Err(e @ FormRejection::FailedToDeserializeForm(_))
            | Err(e @ FormRejection::FailedToDeserializeFormBody(_)) => {
                Err(Error::bad_request(format!("form: {}", e.body_text())).zh("表单内容有误"))
            }
            Err(e) => Err(rejected(e.status(), e.body_text())),
        }
    }
}
