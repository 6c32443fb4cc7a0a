//! `POST /api/auth/login`.

use actix_web::{HttpResponse, post, web};

use super::dto::{LoginBody, TokenPairResponse};
use crate::error::{ApiError, ErrorBody, ValidationErrorBody};
use crate::extract::Json;
use crate::startup::AppState;

/// Signs in with email and password, starting a new refresh session.
///
/// # Errors
/// 422 for invalid fields, 401 `Invalid credentials` for an unknown email or a wrong
/// password alike.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = OK, description = "Signed in; sets the `access_token` and `refresh_token` cookies.", body = TokenPairResponse),
        (status = UNAUTHORIZED, description = "`Invalid credentials`, for an unknown email and a wrong password alike.", body = ErrorBody,
         example = json!({"detail": "Invalid credentials"})),
        (status = UNPROCESSABLE_ENTITY, description = "A missing field or a malformed email.", body = ValidationErrorBody),
        (status = TOO_MANY_REQUESTS, description = "Over the per-IP limit of `/api/auth/*` (by default 5 per minute, burst 20); `Retry-After` gives the seconds to wait.", body = ErrorBody,
         headers(("Retry-After" = u64, description = "Seconds until the next request would pass.")),
         example = json!({"detail": "Too many requests, retry in 12 s"})),
    )
)]
#[post("/auth/login")]
#[tracing::instrument(name = "auth.login", skip_all)]
pub async fn login(
    state: web::Data<AppState>,
    body: Json<LoginBody>,
) -> Result<HttpResponse, ApiError> {
    let credentials = body.into_inner().try_into_domain()?;
    let pair = state.accounts.login(credentials).await?;
    Ok(super::signed_in(&state, &pair))
}
