//! `PATCH /api/me/logs/{log_id}`.

use actix_web::{HttpResponse, patch, web};
use tastebuds_kernel::UserItemLogId;

use super::dto::{LogPath, UpdateLogBody, UserItemLogResponse};
use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Json, Path};
use crate::state::AppState;

/// Applies the keys sent to one of the caller's logs; if any was sent, the state is
/// re-synced with the edited log.
///
/// # Errors
/// 404 `Log entry not found`; 422 for invalid fields, including an explicit `null`
/// `log_type` or `logged_at`.
#[utoipa::path(
    tag = "library",
    params(LogPath),
    request_body = UpdateLogBody,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "The log as it now is. `{}` changes nothing.", body = UserItemLogResponse),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Log entry not found`: missing, or another user's.", body = ErrorBody,
         example = json!({"detail": "Log entry not found"})),
        responses::InvalidInput,
        responses::DatabaseUnavailable,
        responses::TooManyRequests,
    )
)]
#[patch("/me/logs/{log_id}")]
#[tracing::instrument(name = "api.logs.update", skip_all, fields(user.id = %user.0))]
pub async fn update_log(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<LogPath>,
    body: Json<UpdateLogBody>,
) -> Result<HttpResponse, ApiError> {
    let patch = body.into_inner().try_into_domain()?;
    let log_id = UserItemLogId::from_uuid(path.log_id);
    let log = state.user_state.update_log(user.0, log_id, patch).await?;
    let body = UserItemLogResponse::try_from(&log).map_err(ApiError::Internal)?;
    Ok(HttpResponse::Ok().json(body))
}
