//! `PUT /api/media/{media_item_id}/availability`.

use actix_web::{HttpResponse, put, web};
use tastebuds_kernel::MediaItemId;
use uuid::Uuid;

use super::dto::{AvailabilityEntryBody, AvailabilityResponse, update_from};
use crate::error::{ApiError, ErrorBody, Location, responses};
use crate::extract::{AuthUser, Json, Path};
use crate::state::AppState;

/// Upserts entries keyed on (provider, region, format) in one transaction; the item's
/// other keys are left alone. Any signed-in user may (API.md §6.10).
///
/// # Errors
/// 401 without a valid token; 404 `Media item not found`; 422 for an invalid field
/// (at `["body", i, field]`), a key listed twice (at `["body", i]`) or more than 500
/// entries.
#[utoipa::path(
    tag = "media",
    params(("media_item_id" = Uuid, Path, description = "The catalog id.")),
    request_body(content = Vec<AvailabilityEntryBody>, description = "At most 500 entries, no (provider, region, format) twice.",
        example = json!([{"provider": "Netflix", "region": "US", "format": "stream", "status": "available", "deeplink_url": "https://www.netflix.com/title/20557937"}])),
    security(("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "All the item's rows afterwards, sorted by provider, region, format.", body = Vec<AvailabilityResponse>),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Media item not found`.", body = ErrorBody,
         example = json!({"detail": "Media item not found"})),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[put("/media/{media_item_id}/availability")]
#[tracing::instrument(name = "media.availability.put", skip_all, fields(user.id = %user.0, media.id = %id.0))]
pub async fn put_availability(
    user: AuthUser,
    state: web::Data<AppState>,
    id: Path<Uuid>,
    body: Json<Vec<AvailabilityEntryBody>>,
) -> Result<HttpResponse, ApiError> {
    let update = update_from(body.into_inner())
        .map_err(|errors| ApiError::invalid(Location::Body, errors))?;
    let rows = state
        .catalog
        .put_availability(MediaItemId::from_uuid(id.into_inner()), update)
        .await?;
    let body: Vec<AvailabilityResponse> = rows.iter().map(AvailabilityResponse::from).collect();
    Ok(HttpResponse::Ok().json(body))
}
