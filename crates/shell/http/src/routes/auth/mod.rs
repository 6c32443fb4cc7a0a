//! Accounts and sessions (API.md §2.2) and the current user (§2.3).
//!
//! - Register, login and refresh answer 200 with a TokenPair and set both token cookies;
//!   logout always answers 204 and clears them; a refresh that fails for a bad token or a
//!   missing user clears them too.
//! - Everything else is the accounts service's: handlers parse, call one use case, and
//!   shape the answer. Its errors map to statuses in `crate::error`.
//! - Passwords and tokens never reach a log: handler spans record no fields from the
//!   request, and the bodies' types do not implement `Debug`.

pub mod dto;
mod login;
mod logout;
mod me;
mod refresh;
mod register;
mod sessions;

use actix_web::error::InternalError;
use actix_web::{HttpResponse, ResponseError as _};
use tastebuds_accounts::TokenPair;
use utoipa::Modify;
use utoipa::openapi::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_actix_web::service_config::ServiceConfig;

use self::dto::TokenPairResponse;
use crate::cookies;
use crate::error::ApiError;
use crate::settings::Environment;
use crate::state::AppState;

/// The OpenAPI name of the Bearer security scheme.
pub const BEARER_SCHEME: &str = "bearer";
/// The OpenAPI name of the `access_token` cookie security scheme.
pub const COOKIE_SCHEME: &str = "cookie";

/// Registers the routes on the `/api` scope.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config
        .service(register::register)
        .service(login::login)
        .service(refresh::refresh)
        .service(logout::logout)
        .service(sessions::list_sessions)
        .service(sessions::revoke_session)
        .service(me::me);
}

/// Declares the two ways to present an access token in the OpenAPI document.
#[derive(Clone, Copy, Debug)]
pub struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER_SCHEME,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            COOKIE_SCHEME,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(
                cookies::ACCESS_TOKEN_COOKIE,
            ))),
        );
    }
}

/// Whether cookies get the `Secure` attribute.
fn secure_cookies(state: &AppState) -> bool {
    state.settings.environment == Environment::Production
}

/// `error`'s answer, clearing both cookies too; the error stays attached for the
/// request logger.
fn clearing_cookies(state: &AppState, error: ApiError) -> actix_web::Error {
    let mut response = error.error_response();
    cookies::clear_tokens_on(&mut response, secure_cookies(state));
    InternalError::from_response(error, response).into()
}

/// 200 with the TokenPair, setting both cookies.
fn signed_in(state: &AppState, pair: &TokenPair) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    cookies::set_tokens(
        &mut response,
        pair,
        state.accounts.lifetimes(),
        secure_cookies(state),
    );
    response.json(TokenPairResponse::from(pair))
}
