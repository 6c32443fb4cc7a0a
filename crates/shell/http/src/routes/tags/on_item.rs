//! `GET /api/tags/media/{media_item_id}`.

use actix_web::{HttpResponse, get, web};
use tastebuds_kernel::MediaItemId;

use super::dto::{TagResponse, TaggedItemPath, tag_list};
use crate::error::{ApiError, TagRoute, responses};
use crate::extract::{AuthUser, Path};
use crate::state::AppState;

/// The tags on an item that the caller may see.
///
/// # Errors
/// 401 without a valid access token; 422 for a malformed id.
#[utoipa::path(
    tag = "tags",
    params(TaggedItemPath),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "The caller's own and the global tags on the item, in the order of `GET /api/tags`; `[]` for an unknown item.", body = Vec<TagResponse>),
        responses::InvalidToken,
        responses::InvalidInput,
        responses::DatabaseUnavailable,
        responses::TooManyRequests,
    )
)]
#[get("/tags/media/{media_item_id}")]
#[tracing::instrument(name = "api.tags.on_item", skip_all, fields(user.id = %user.0))]
pub async fn tags_on_item(
    user: AuthUser,
    state: web::Data<AppState>,
    path: Path<TaggedItemPath>,
) -> Result<HttpResponse, ApiError> {
    let item = MediaItemId::from_uuid(path.media_item_id);
    let tags = (state.tagging.tags_on_item(user.0, item).await)
        .map_err(|error| ApiError::from_tagging(error, TagRoute::OnItem))?;
    Ok(HttpResponse::Ok().json(tag_list(&tags)))
}
