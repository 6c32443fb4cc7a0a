//! `POST /api/auth/register`.

use actix_web::{HttpResponse, post, web};

use super::dto::{RegisterBody, TokenPairResponse};
use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::Json;
use crate::state::AppState;

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
        responses::InvalidInput,
        responses::PasswordHashingBusy,
        responses::TooManyAuthRequests,
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
