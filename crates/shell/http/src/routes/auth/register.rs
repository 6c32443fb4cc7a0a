//! `POST /api/auth/register`.

use actix_web::{HttpResponse, post, web};

use super::dto::{RegisterBody, TokenPairResponse};
use crate::error::{ApiError, ErrorBody, ValidationErrorBody};
use crate::extract::Json;
use crate::startup::AppState;

/// Creates an account and signs it in.
///
/// # Errors
/// 422 for invalid fields, 400 `Email already registered`.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = OK, description = "Registered and signed in; sets the `access_token` and `refresh_token` cookies.", body = TokenPairResponse),
        (status = BAD_REQUEST, description = "`Email already registered` (emails compare case-insensitively).", body = ErrorBody,
         example = json!({"detail": "Email already registered"})),
        (status = UNPROCESSABLE_ENTITY, description = "Invalid fields: a password under 8 characters or over 72 bytes, a malformed email, a display name over 255 characters.", body = ValidationErrorBody),
        (status = TOO_MANY_REQUESTS, description = "Over the per-IP limit of `/api/auth/*` (by default 5 per minute, burst 20); `Retry-After` gives the seconds to wait.", body = ErrorBody,
         headers(("Retry-After" = u64, description = "Seconds until the next request would pass.")),
         example = json!({"detail": "Too many requests, retry in 12 s"})),
    )
)]
#[post("/auth/register")]
#[tracing::instrument(name = "auth.register", skip_all)]
pub async fn register(
    state: web::Data<AppState>,
    body: Json<RegisterBody>,
) -> Result<HttpResponse, ApiError> {
    let registration = body.into_inner().try_into_domain()?;
    let pair = state.accounts.register(registration).await?;
    Ok(super::signed_in(&state, &pair))
}
