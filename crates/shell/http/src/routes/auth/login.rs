//! `POST /api/auth/login`.

use actix_web::{HttpResponse, post, web};

use super::dto::{LoginBody, TokenPairResponse};
use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::Json;
use crate::state::AppState;

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
        responses::InvalidInput,
        responses::PasswordHashingBusy,
        responses::TooManyAuthRequests,
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
