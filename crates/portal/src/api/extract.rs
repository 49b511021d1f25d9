//! The API's extractors: axum's `Query`, `Json` and `Form` whose rejections become the JSON
//! error body with a stable code (axum's own answer plain text). Hostile input — invalid
//! UTF-8 in percent-escapes, wrong types, syntax errors, oversized bodies — is a 4xx here.

use crate::Error;
use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
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

/// Longest query string read, in bytes (search queries are capped lower still).
pub const MAX_QUERY_STRING: usize = 16 * 1024;

/// Refuses query strings that are too long or whose percent-escapes are not UTF-8 (serde's
/// decoder would replace them silently, searching for something the client did not send).
pub fn check_query_text(query: &str) -> Result<(), Error> {
    if query.len() > MAX_QUERY_STRING {
        return Err(
            Error::bad_request(format!("the query string is longer than {MAX_QUERY_STRING} bytes")).zh("查询串过长")
        );
    }
    for pair in query.split('&') {
        if String::from_utf8(percent_decode(pair)).is_err() {
            return Err(Error::bad_request("the query string has percent-escapes that are not UTF-8")
                .zh("查询串含非 UTF-8 编码"));
        }
    }
    Ok(())
}

/// `application/x-www-form-urlencoded` decoding to bytes (`+` is a space; a malformed
/// escape is kept as written).
fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match b[i] {
            b'%' if i + 2 < b.len() => {
                if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// Query string parameters.
pub struct Q<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Q<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Q<T>, Error> {
        check_query_text(parts.uri.query().unwrap_or(""))?;
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(q) => Ok(Q(q.0)),
            Err(e @ QueryRejection::FailedToDeserializeQueryString(_)) => {
                Err(Error::bad_request(format!("query string: {}", e.body_text())).zh("查询参数有误"))
            }
            Err(e) => Err(rejected(e.status(), e.body_text())),
        }
    }
}

/// Path parameters (`/rights/{id}`): text that is not UTF-8 once decoded is a 400.
pub struct P<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for P<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<P<T>, Error> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(p) => Ok(P(p.0)),
            Err(e @ PathRejection::FailedToDeserializePathParams(_)) => {
                Err(Error::bad_request(format!("path: {}", e.body_text())).zh("路径参数有误"))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_must_decode_to_utf8() {
        assert!(check_query_text("q=%E9%94%82%E7%94%B5&limit=5").is_ok());
        assert!(check_query_text("q=a+b%20c&x=100%").is_ok(), "a stray % is kept, not an error");
        assert!(check_query_text("q=%ff").is_err());
        assert!(check_query_text("q=%C3").is_err(), "a truncated sequence");
        assert!(check_query_text(&"q=a".repeat(10_000)).is_err());
        assert_eq!(percent_decode("a%41+%zz%4"), b"aA %zz%4");
    }
}
