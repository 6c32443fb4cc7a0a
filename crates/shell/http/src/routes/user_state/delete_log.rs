//! `DELETE /api/me/logs/{log_id}`.

use actix_web::{HttpResponse, delete, web};
use tastebuds_kernel::UserItemLogId;

use super::dto::LogPath;
use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Path};
use crate::state::AppState;

/// Deletes one of the caller's logs. The state is not reverted.
///
/// # Errors
/// 404 `Log entry not found`.
#[utoipa::path(
    tag = "library",
    params(LogPath),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = NO_CONTENT, description = "Deleted; the state stays as it is."),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Log entry not found`: missing, or another user's.", body = ErrorBody,
         example = json!({"detail": "Log entry not found"})),
        responses::InvalidInput,
        responses::DatabaseUnavailable,
        responses::TooManyRequests,
    )
)]
#[delete("/me/logs/{log_id}")]
#[tracing::instrument(name = "api.logs.delete", skip_all, fields(user.id = %user.0))]
pub async fn delete_log(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<LogPath>,
) -> Result<HttpResponse, ApiError> {
    let log_id = UserItemLogId::from_uuid(path.log_id);
    state.user_state.delete_log(user.0, log_id).await?;
    Ok(HttpResponse::NoContent().finish())
}
