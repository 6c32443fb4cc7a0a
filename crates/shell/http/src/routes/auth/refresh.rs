//! `POST /api/auth/refresh`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use tastebuds_accounts::AccountsError;

use super::dto::{RefreshBody, TokenPairResponse};
use crate::cookies::{self, REFRESH_TOKEN_COOKIE};
use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::Json;
use crate::state::AppState;

/// Exchanges a refresh token (the body's, else the `refresh_token` cookie) for a new
/// token pair. Presenting an already-rotated token revokes every live session of its
/// chain.
///
/// # Errors
/// 401 `Missing refresh token`; 401 `Invalid or expired refresh token` or `User not
/// found`, clearing both cookies; 422 for a body of the wrong shape.
#[utoipa::path(
    tag = "auth",
    request_body(content = Option<RefreshBody>, description = "Optional: without it (or with an empty `refresh_token`) the `refresh_token` cookie is used."),
    responses(
        (status = OK, description = "A new access and refresh token; the presented one is revoked (`rotated`). Sets both cookies.", body = TokenPairResponse),
        (status = UNAUTHORIZED, description = "`Missing refresh token`; `Invalid or expired refresh token` (unknown, revoked, reused or expired) or `User not found`, which also clear both cookies.", body = ErrorBody,
         example = json!({"detail": "Invalid or expired refresh token"})),
        responses::InvalidInput,
        responses::DatabaseUnavailable,
        responses::TooManyAuthRequests,
    )
)]
#[post("/auth/refresh")]
#[tracing::instrument(name = "auth.refresh", skip_all)]
pub async fn refresh(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<Option<RefreshBody>>,
) -> Result<HttpResponse, actix_web::Error> {
    let from_body = body
        .into_inner()
        .and_then(|body| body.refresh_token)
        .filter(|token| !token.is_empty());
    let token = from_body.or_else(|| cookies::presented(&req, REFRESH_TOKEN_COOKIE));
    match state.accounts.refresh(token.as_deref()).await {
        Ok(pair) => Ok(super::signed_in(&state, &pair)),
        Err(
            error @ (AccountsError::InvalidRefreshToken
            | AccountsError::RefreshTokenReused
            | AccountsError::UserNotFound),
        ) => Err(super::clearing_cookies(&state, ApiError::from(error))),
        Err(error) => Err(ApiError::from(error).into()),
    }
}
