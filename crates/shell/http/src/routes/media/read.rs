//! `GET /api/media/{media_item_id}`.

use actix_web::{HttpResponse, get, web};
use tastebuds_kernel::MediaItemId;
use uuid::Uuid;

use super::dto::MediaItemDetailResponse;
use crate::error::{ApiError, ErrorBody, ValidationErrorBody};
use crate::extract::Path;
use crate::startup::AppState;

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
        (status = UNPROCESSABLE_ENTITY, description = "`media_item_id` is not a UUID.", body = ValidationErrorBody),
        (status = TOO_MANY_REQUESTS, description = "Over the per-IP limit of `/api/*` (by default 10 per second); `Retry-After` gives the seconds to wait.", body = ErrorBody,
         example = json!({"detail": "Too many requests, retry in 1 s"})),
        (status = SERVICE_UNAVAILABLE, description = "The database cannot be reached right now.", body = ErrorBody,
         example = json!({"detail": "Database unavailable, try again shortly"})),
    )
)]
#[get("/media/{media_item_id}")]
#[tracing::instrument(name = "media.get", skip_all, fields(media.id = %id.0))]
pub async fn get_media_item(
    state: web::Data<AppState>,
    id: Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let detail = state
        .media
        .get(MediaItemId::from_uuid(id.into_inner()))
        .await?;
    Ok(HttpResponse::Ok().json(MediaItemDetailResponse::from(&detail)))
}
