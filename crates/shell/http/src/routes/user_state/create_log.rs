//! `POST /api/me/logs`.

use actix_web::{HttpResponse, post, web};

use super::dto::{CreateLogBody, UserItemLogResponse};
use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{AuthUser, Json};
use crate::state::AppState;

/// Records a log entry and moves the caller's state on the item (API.md §5.7).
///
/// # Errors
/// 404 `Media item not found`; 422 for invalid fields.
#[utoipa::path(
    tag = "library",
    request_body = CreateLogBody,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = CREATED, description = "The log, with its item. The caller's state moved with it, in the same transaction (see LogType); when logs arrive out of order, the one with the later `logged_at` has the last word.", body = UserItemLogResponse),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Media item not found`.", body = ErrorBody,
         example = json!({"detail": "Media item not found"})),
        responses::InvalidInput,
        responses::DatabaseUnavailable,
        responses::TooManyRequests,
    )
)]
#[post("/me/logs")]
#[tracing::instrument(name = "api.logs.create", skip_all, fields(user.id = %user.0))]
pub async fn create_log(
    user: AuthUser,
    state: web::Data<AppState>,
    body: Json<CreateLogBody>,
) -> Result<HttpResponse, ApiError> {
    let draft = body.into_inner().try_into_domain()?;
    let log = state.user_state.record_log(user.0, draft).await?;
    let body = UserItemLogResponse::try_from(&log).map_err(ApiError::Internal)?;
    Ok(HttpResponse::Created().json(body))
}
