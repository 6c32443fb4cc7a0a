//! `POST /api/auth/logout`.

use actix_web::{HttpRequest, HttpResponse, post, web};

use super::cookies::{self, REFRESH_TOKEN_COOKIE};
use crate::error::{ApiError, ErrorBody};
use crate::startup::AppState;

/// Ends the session of the `refresh_token` cookie (never a body) and clears both
/// cookies. Access tokens already issued stay valid until they expire.
///
/// # Errors
/// Only a 500 when the session cannot be revoked (the cookies are cleared anyway).
#[utoipa::path(
    tag = "auth",
    responses(
        (status = NO_CONTENT, description = "Always, whether or not a session was found; clears both cookies (`Max-Age=0`)."),
        (status = TOO_MANY_REQUESTS, description = "Over the per-IP limit of `/api/auth/*` (by default 5 per minute, burst 20); `Retry-After` gives the seconds to wait.", body = ErrorBody,
         headers(("Retry-After" = u64, description = "Seconds until the next request would pass.")),
         example = json!({"detail": "Too many requests, retry in 12 s"})),
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
