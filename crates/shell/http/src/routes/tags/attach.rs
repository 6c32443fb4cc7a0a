//! `POST /api/tags/{tag_id}/media`.

use actix_web::{HttpResponse, post, web};
use tastebuds_kernel::{MediaItemId, TagId};

use super::dto::{AttachTagBody, TagPath, TagResponse};
use crate::error::{ApiError, ErrorBody, TagRoute, responses};
use crate::extract::{AuthUser, Json, Path};
use crate::state::AppState;

/// Puts one of the caller's tags, or a global one, on a catalog item.
///
/// # Errors
/// 400 `Tag not available` or `Media item not found`.
#[utoipa::path(
    tag = "tags",
    params(TagPath),
    request_body = AttachTagBody,
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = CREATED, description = "The tag, whether the link is new or was already there (a pair is linked at most once).", body = TagResponse),
        (status = BAD_REQUEST, description = "`Tag not available` (unknown tag, or another user's), or `Media item not found`.", body = ErrorBody,
         examples(
            ("Tag not available" = (value = json!({"detail": "Tag not available"}))),
            ("Media item not found" = (value = json!({"detail": "Media item not found"}))),
         )),
        responses::InvalidToken,
        responses::InvalidInput,
        responses::DatabaseUnavailable,
        responses::TooManyRequests,
    )
)]
#[post("/tags/{tag_id}/media")]
#[tracing::instrument(name = "api.tags.attach", skip_all, fields(user.id = %user.0))]
pub async fn attach_tag(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<TagPath>,
    body: Json<AttachTagBody>,
) -> Result<HttpResponse, ApiError> {
    let (tag, item) = (
        TagId::from_uuid(path.tag_id),
        MediaItemId::from_uuid(body.media_item_id),
    );
    let tag = (state.tagging.attach(user.0, tag, item).await)
        .map_err(|error| ApiError::from_tagging(error, TagRoute::Attach))?;
    Ok(HttpResponse::Created().json(TagResponse::from(&tag)))
}
