//! `GET /api/me/logs`.

use actix_web::{HttpResponse, get, web};

use super::dto::{LogsQuery, UserItemLogResponse};
use crate::error::{ApiError, Location, responses};
use crate::extract::{AuthUser, Query};
use crate::state::AppState;

/// The caller's logs, newest first, one page at a time.
///
/// # Errors
/// 422 for a `limit` outside 1–200, a negative `offset`, a malformed id or an unknown
/// `log_type`.
#[utoipa::path(
    tag = "library",
    params(LogsQuery),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "A bare array (no total), sorted by `logged_at` descending, then `created_at` descending; each log embeds its item.", body = Vec<UserItemLogResponse>),
        responses::InvalidToken,
        responses::InvalidInput,
        responses::DatabaseUnavailable,
        responses::TooManyRequests,
    )
)]
#[get("/me/logs")]
#[tracing::instrument(name = "api.logs.list", skip_all, fields(user.id = %user.0))]
pub async fn list_logs(
    user: AuthUser,
    state: web::Data<AppState>,
    query: Query<LogsQuery>,
) -> Result<HttpResponse, ApiError> {
    let filter =
        (query.try_into_domain()).map_err(|errors| ApiError::invalid(Location::Query, errors))?;
    let logs = state.user_state.list_logs(user.0, filter).await?;
    let body = (logs.iter())
        .map(UserItemLogResponse::try_from)
        .collect::<anyhow::Result<Vec<_>>>()
        .map_err(ApiError::Internal)?;
    Ok(HttpResponse::Ok().json(body))
}
