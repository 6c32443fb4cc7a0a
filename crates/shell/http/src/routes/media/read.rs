//! `GET /api/media/{media_item_id}`.

use actix_web::{HttpResponse, get, web};
use tastebuds_kernel::MediaItemId;
use uuid::Uuid;

use super::dto::MediaItemDetailResponse;
use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::Path;
use crate::state::AppState;

/// One catalog item with its sources and the details of its kind.
///
/// # Errors
/// 404 `Media item not found`; 422 for a malformed UUID.
#[utoipa::path(
    tag = "media",
    params(("media_item_id" = Uuid, Path, description = "The catalog id.")),
    responses(
        (status = OK, description = "The item. Only the extension of its kind is non-null (TV uses `movie`).", body = MediaItemDetailResponse),
        (status = NOT_FOUND, description = "`Media item not found`.", body = ErrorBody,
         example = json!({"detail": "Media item not found"})),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[get("/media/{media_item_id}")]
#[tracing::instrument(name = "media.get", skip_all, fields(media.id = %id.0))]
pub async fn get_media_item(
    state: web::Data<AppState>,
    id: Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let detail = state
        .catalog
        .get(MediaItemId::from_uuid(id.into_inner()))
        .await?;
    Ok(HttpResponse::Ok().json(MediaItemDetailResponse::from(&detail)))
}
