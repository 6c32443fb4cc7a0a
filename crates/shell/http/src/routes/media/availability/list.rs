//! `GET /api/media/{media_item_id}/availability`.

use actix_web::{HttpResponse, get, web};
use tastebuds_kernel::MediaItemId;
use uuid::Uuid;

use super::dto::AvailabilityResponse;
use crate::error::{ApiError, responses};
use crate::extract::Path;
use crate::state::AppState;

/// The item's availability rows, sorted by provider, region, format. Public.
///
/// # Errors
/// 422 for a malformed UUID. An unknown item has no rows (`[]`).
#[utoipa::path(
    tag = "media",
    params(("media_item_id" = Uuid, Path, description = "The catalog id.")),
    responses(
        (status = OK, description = "The rows, sorted by provider, region, format; `[]` for an unknown item. An entry not checked for `availability.stale_days` (default 7) reads `unknown`.", body = Vec<AvailabilityResponse>),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[get("/media/{media_item_id}/availability")]
#[tracing::instrument(name = "media.availability.list", skip_all, fields(media.id = %id.0))]
pub async fn list_availability(
    state: web::Data<AppState>,
    id: Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let rows = state
        .catalog
        .availability(MediaItemId::from_uuid(id.into_inner()))
        .await?;
    let body: Vec<AvailabilityResponse> = rows.iter().map(AvailabilityResponse::from).collect();
    Ok(HttpResponse::Ok().json(body))
}
