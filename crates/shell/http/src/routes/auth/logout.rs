//! `POST /api/auth/logout`.

use actix_web::{HttpRequest, HttpResponse, post, web};

use crate::cookies::{self, REFRESH_TOKEN_COOKIE};
use crate::error::{ApiError, responses};
use crate::state::AppState;

/// Ends the session of the `refresh_token` cookie (never a body) and clears both
/// cookies. Access tokens already issued stay valid until they expire.
///
/// # Errors
/// Only a 500 when the session cannot be revoked (the cookies are cleared anyway).
#[utoipa::path(
    tag = "auth",
    responses(
        (status = NO_CONTENT, description = "Always, whether or not a session was found; clears both cookies (`Max-Age=0`)."),
        responses::DatabaseUnavailable,
        responses::TooManyAuthRequests,
    )
)]
#[post("/auth/logout")]
#[tracing::instrument(name = "auth.logout", skip_all)]
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, actix_web::Error> {
    let token = cookies::presented(&req, REFRESH_TOKEN_COOKIE);
    if let Err(error) = state.accounts.logout(token.as_deref()).await {
        return Err(super::clearing_cookies(&state, ApiError::from(error)));
    }
    let mut response = HttpResponse::NoContent();
    cookies::clear_tokens(&mut response, super::secure_cookies(&state));
    Ok(response.finish())
}
