//! The session cookie: set with `HttpOnly; SameSite=Lax; Path=/; Max-Age` (and `Secure`
//! unless configured off), cleared with `Max-Age=0`, read from the `Cookie` header.

use axum::http::{header, HeaderMap, HeaderValue};
use std::time::Duration;

pub const SESSION_COOKIE: &str = "silkport_session";

/// `Set-Cookie` value that stores a session id in the browser.
pub fn session_cookie(value: &str, ttl: Duration, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!("{SESSION_COOKIE}={value}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{secure}", ttl.as_secs());
    // Session ids are base64url: always a valid header value.
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// `Set-Cookie` value that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> HeaderValue {
    if secure {
        HeaderValue::from_static("silkport_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure")
    } else {
        HeaderValue::from_static("silkport_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax")
    }
}

/// The value of cookie `name` in the request, if any (the first when repeated).
pub fn read_cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_attributes() {
        let c = session_cookie("abc", Duration::from_secs(3600), true);
        assert_eq!(c, "silkport_session=abc; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax; Secure");
        assert!(!session_cookie("abc", Duration::from_secs(1), false).to_str().unwrap().contains("Secure"));
        assert!(clear_session_cookie(true).to_str().unwrap().contains("Max-Age=0"));
    }

    #[test]
    fn reads_cookies() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, HeaderValue::from_static("lang=zh; silkport_session=xyz"));
        assert_eq!(read_cookie(&h, SESSION_COOKIE), Some("xyz"));
        assert_eq!(read_cookie(&h, "lang"), Some("zh"));
        assert_eq!(read_cookie(&h, "other"), None);
    }
}
