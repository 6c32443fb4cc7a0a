//! `GET /api/me/states`.

use actix_web::{HttpResponse, get, web};

use super::dto::UserItemStateResponse;
use crate::error::{ApiError, responses};
use crate::extract::AuthUser;
use crate::state::AppState;

/// The caller's states.
///
/// # Errors
/// 401 without a valid access token.
#[utoipa::path(
    tag = "library",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "Every state of the caller, unordered.", body = Vec<UserItemStateResponse>),
        responses::InvalidToken,
        responses::DatabaseUnavailable,
        responses::TooManyRequests,
    )
)]
#[get("/me/states")]
#[tracing::instrument(name = "api.states.list", skip_all, fields(user.id = %user.0))]
pub async fn list_states(
    user: AuthUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let states = state.user_state.list_states(user.0).await?;
    let body: Vec<UserItemStateResponse> = states.iter().map(UserItemStateResponse::from).collect();
    Ok(HttpResponse::Ok().json(body))
}
