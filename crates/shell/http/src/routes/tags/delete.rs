//! `DELETE /api/tags/{tag_id}`.

use actix_web::{HttpResponse, delete, web};
use tastebuds_kernel::TagId;

use super::dto::TagPath;
use crate::error::{ApiError, ErrorBody, TagRoute, responses};
use crate::extract::{AuthUser, Path};
use crate::state::AppState;

/// Deletes one of the caller's own tags, with its links to every item.
///
/// # Errors
/// 404 `Tag not found` for an unknown tag, someone else's, or a global one.
#[utoipa::path(
    tag = "tags",
    params(TagPath),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = NO_CONTENT, description = "Deleted, together with its links."),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Tag not found`: unknown, another user's, or global (global tags cannot be deleted through the API).", body = ErrorBody,
         example = json!({"detail": "Tag not found"})),
        responses::InvalidInput,
        responses::DatabaseUnavailable,
        responses::TooManyRequests,
    )
)]
#[delete("/tags/{tag_id}")]
#[tracing::instrument(name = "api.tags.delete", skip_all, fields(user.id = %user.0))]
pub async fn delete_tag(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<TagPath>,
) -> Result<HttpResponse, ApiError> {
    (state
        .tagging
        .delete(user.0, TagId::from_uuid(path.tag_id))
        .await)
        .map_err(|error| ApiError::from_tagging(error, TagRoute::Delete))?;
    Ok(HttpResponse::NoContent().finish())
}
