//! `POST /api/media/availability/summary`.

use actix_web::{HttpResponse, post, web};
use tastebuds_kernel::MediaItemId;

use super::dto::{AvailabilitySummaryResponse, SummaryBody};
use crate::error::{ApiError, responses};
use crate::extract::Json;
use crate::state::AppState;

/// The AvailabilitySummary of each listed item that has rows, in the order of the
/// request (an id listed twice is answered once), from one database query. Public.
///
/// # Errors
/// 422 for more than 500 ids or a malformed one.
#[utoipa::path(
    tag = "media",
    request_body = SummaryBody,
    responses(
        (status = OK, description = "One summary per listed item that has availability rows; items without rows (and unknown ids) are omitted.", body = Vec<AvailabilitySummaryResponse>),
        responses::InvalidInput,
        responses::TooManyRequests,
        responses::DatabaseUnavailable,
    )
)]
#[post("/media/availability/summary")]
#[tracing::instrument(name = "media.availability.summary", skip_all, fields(media.count = body.media_item_ids.len()))]
pub async fn availability_summary(
    state: web::Data<AppState>,
    body: Json<SummaryBody>,
) -> Result<HttpResponse, ApiError> {
    let ids: Vec<MediaItemId> = body
        .media_item_ids
        .iter()
        .copied()
        .map(MediaItemId::from_uuid)
        .collect();
    let mut summaries = state.catalog.availability_summaries(&ids).await?;
    let body: Vec<AvailabilitySummaryResponse> = ids
        .iter()
        .filter_map(|id| {
            let summary = summaries.remove(id)?;
            Some(AvailabilitySummaryResponse::new(id.as_uuid(), &summary))
        })
        .collect();
    Ok(HttpResponse::Ok().json(body))
}
