//! The token cookies (API.md §1.3): host-only, `Path=/`, `HttpOnly`, `SameSite=Lax`,
//! `Secure` in production, `Max-Age` the configured lifetime. Clearing sends an empty
//! value with `Max-Age=0` (§6.6). An empty cookie counts as absent.

use actix_web::cookie::time::Duration;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use chrono::TimeDelta;
use tastebuds_accounts::{TokenLifetimes, TokenPair};

/// The access token cookie.
pub const ACCESS_TOKEN_COOKIE: &str = "access_token";
/// The refresh token cookie.
pub const REFRESH_TOKEN_COOKIE: &str = "refresh_token";

/// The value of cookie `name`, unless it is absent or empty.
#[must_use]
pub fn presented(req: &HttpRequest, name: &str) -> Option<String> {
    req.cookie(name)
        .map(|cookie| cookie.value().to_owned())
        .filter(|value| !value.is_empty())
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
    use super::*;

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
