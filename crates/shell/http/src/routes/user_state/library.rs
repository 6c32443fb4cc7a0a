//! `GET /api/me/library`.

use actix_web::{HttpResponse, get, web};

use super::dto::LibraryResponse;
use crate::error::{ApiError, responses};
use crate::extract::TokenUser;
use crate::state::AppState;

/// The caller's library: every item with a state or a log, the status summary and what
/// is up next. Read in a constant number of queries, however big the library. An item in
/// it proves the caller still exists, so the user is looked up only for an empty one.
///
/// # Errors
/// 401 without a valid access token.
#[utoipa::path(
    tag = "library",
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "`items` by `last_activity_at` descending (items without activity last); `next_up` is the first 6 of them in `want_to_consume`, `currently_consuming` or `paused`.", body = LibraryResponse),
        responses::InvalidToken,
        responses::DatabaseUnavailable,
        responses::TooManyRequests,
    )
)]
#[get("/me/library")]
#[tracing::instrument(name = "api.library.get", skip_all, fields(user.id = %user.0))]
pub async fn library(
    user: TokenUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let library = state.user_state.library(user.0).await?;
    if library.items.is_empty() {
        user.confirm(&state).await?;
    }
    let body = LibraryResponse::try_from(&library).map_err(ApiError::Internal)?;
    Ok(HttpResponse::Ok().json(body))
}
