//! The token cookies (API.md §1.3): host-only, `Path=/`, `HttpOnly`, `SameSite=Lax`,
//! `Secure` in production, `Max-Age` the configured lifetime. Clearing sends an empty
//! value with `Max-Age=0` (§6.6). An empty cookie counts as absent.

use actix_web::cookie::time::Duration;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::header::COOKIE;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use chrono::TimeDelta;
use tastebuds_accounts::{TokenLifetimes, TokenPair};

/// The access token cookie.
pub const ACCESS_TOKEN_COOKIE: &str = "access_token";
/// The refresh token cookie.
pub const REFRESH_TOKEN_COOKIE: &str = "refresh_token";

/// The value of cookie `name`: the first non-empty one, since an empty cookie counts as
/// absent (a browser may still hold a stale, emptied copy beside the live one), with one
/// pair of surrounding double quotes removed.
///
/// The `Cookie` headers are read leniently, pair by pair, so that another cookie of the
/// host that is not valid UTF-8 or not `name=value` cannot hide the token cookies (actix's
/// own parser drops every cookie of a header with one non-UTF-8 byte).
#[must_use]
pub fn presented(req: &HttpRequest, name: &str) -> Option<String> {
    req.headers()
        .get_all(COOKIE)
        .flat_map(|header| header.as_bytes().split(|byte| *byte == b';'))
        .filter_map(|pair| std::str::from_utf8(pair).ok()?.split_once('='))
        .filter(|(key, _)| key.trim() == name)
        .map(|(_, value)| unquoted(value.trim()))
        .find(|value| !value.is_empty())
        .map(str::to_owned)
}

/// `value` without one pair of surrounding double quotes (RFC 6265 allows them).
fn unquoted(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
        .unwrap_or(value)
}

/// Sets both token cookies of `pair`, living as long as `lifetimes` say.
pub fn set_tokens(
    response: &mut HttpResponseBuilder,
    pair: &TokenPair,
    lifetimes: TokenLifetimes,
    secure: bool,
) {
    response
        .cookie(token_cookie(
            ACCESS_TOKEN_COOKIE,
            pair.access_token.clone(),
            lifetimes.access,
            secure,
        ))
        .cookie(token_cookie(
            REFRESH_TOKEN_COOKIE,
            pair.refresh_token.clone(),
            lifetimes.refresh,
            secure,
        ));
}

/// Clears both token cookies on a response being built.
pub fn clear_tokens(response: &mut HttpResponseBuilder, secure: bool) {
    for cookie in cleared(secure) {
        response.cookie(cookie);
    }
}

/// Clears both token cookies on a finished response (an error answer).
pub fn clear_tokens_on(response: &mut HttpResponse, secure: bool) {
    for cookie in cleared(secure) {
        if let Err(error) = response.add_cookie(&cookie) {
            tracing::error!(%error, cookie = cookie.name(), "could not clear a cookie");
        }
    }
}

/// Empty, immediately expiring versions of both cookies.
fn cleared(secure: bool) -> [Cookie<'static>; 2] {
    [ACCESS_TOKEN_COOKIE, REFRESH_TOKEN_COOKIE]
        .map(|name| token_cookie(name, String::new(), TimeDelta::zero(), secure))
}

fn token_cookie(
    name: &'static str,
    value: String,
    lifetime: TimeDelta,
    secure: bool,
) -> Cookie<'static> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .max_age(Duration::seconds(lifetime.num_seconds()))
        .finish()
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn request(headers: &[&[u8]]) -> HttpRequest {
        headers
            .iter()
            .fold(TestRequest::default(), |request, value| {
                request.append_header((
                    COOKIE,
                    actix_web::http::header::HeaderValue::from_bytes(value).unwrap(),
                ))
            })
            .to_http_request()
    }

    #[test]
    fn the_first_non_empty_cookie_is_presented() {
        let cases: [(&[&[u8]], Option<&str>); 8] = [
            (&[b"access_token=abc"], Some("abc")),
            (&[b"other=1; access_token=abc; x=2"], Some("abc")),
            (&[b"access_token=; access_token=abc"], Some("abc")),
            (&[b"access_token=", b"access_token=abc"], Some("abc")),
            (&[b"access_token=\"abc\""], Some("abc")),
            (&[b"junk; x=\xff\xfe; access_token=abc"], Some("abc")),
            (&[b"access_token=; other=abc"], None),
            (&[b"access_tokens=abc; xaccess_token=abc"], None),
        ];
        for (headers, expected) in cases {
            assert_eq!(
                presented(&request(headers), ACCESS_TOKEN_COOKIE).as_deref(),
                expected,
                "{headers:?}"
            );
        }
    }

    #[test]
    fn token_cookies_carry_the_contract_attributes() {
        let cookie = token_cookie(
            "access_token",
            "jwt".to_owned(),
            TimeDelta::minutes(30),
            false,
        );
        assert_eq!(
            cookie.to_string(),
            "access_token=jwt; HttpOnly; SameSite=Lax; Path=/; Max-Age=1800"
        );
        let secure = token_cookie("refresh_token", "r".to_owned(), TimeDelta::days(7), true);
        assert_eq!(
            secure.to_string(),
            "refresh_token=r; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=604800"
        );
    }

    #[test]
    fn cleared_cookies_are_empty_and_expire_now() {
        for cookie in cleared(false) {
            assert_eq!(cookie.value(), "");
            assert_eq!(cookie.max_age(), Some(Duration::ZERO));
            assert_eq!(cookie.domain(), None);
        }
    }
}
