//! `DELETE /api/tags/{tag_id}/media/{media_item_id}`.

use actix_web::{HttpResponse, delete, web};
use tastebuds_kernel::{MediaItemId, TagId};

use super::dto::TagLinkPath;
use crate::error::{ApiError, ErrorBody, TagRoute, responses};
use crate::extract::{AuthUser, Path};
use crate::state::AppState;

/// Takes one of the caller's tags, or a global one, off a catalog item.
///
/// # Errors
/// 404 `Tag not available` or `Tag not assigned to media`.
#[utoipa::path(
    tag = "tags",
    params(TagLinkPath),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = NO_CONTENT, description = "The link is gone."),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Tag not available` (unknown tag, or another user's), or `Tag not assigned to media` (no such link, including an unknown item).", body = ErrorBody,
         examples(
            ("Tag not available" = (value = json!({"detail": "Tag not available"}))),
            ("Tag not assigned to media" = (value = json!({"detail": "Tag not assigned to media"}))),
         )),
        responses::InvalidInput,
        responses::DatabaseUnavailable,
        responses::TooManyRequests,
    )
)]
#[delete("/tags/{tag_id}/media/{media_item_id}")]
#[tracing::instrument(name = "api.tags.detach", skip_all, fields(user.id = %user.0))]
pub async fn detach_tag(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<TagLinkPath>,
) -> Result<HttpResponse, ApiError> {
    let (tag, item) = (
        TagId::from_uuid(path.tag_id),
        MediaItemId::from_uuid(path.media_item_id),
    );
    (state.tagging.detach(user.0, tag, item).await)
        .map_err(|error| ApiError::from_tagging(error, TagRoute::Detach))?;
    Ok(HttpResponse::NoContent().finish())
}
