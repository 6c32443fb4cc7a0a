//! `GET /api/search`.

use std::collections::HashMap;

use actix_web::{HttpResponse, get, web};
use tastebuds_kernel::MediaItemId;

use super::params::SearchParams;
use super::response::{AvailabilitySummary, SearchResponse};
use crate::error::{ApiError, ErrorBody, responses};
use crate::extract::{MaybeAuthUser, Query};
use crate::state::AppState;

/// Searches the catalog and, when asked, the upstream sources (API.md §2.5).
///
/// Internal results are ranked by relevance (titles before creators and descriptions);
/// when full-text finds nothing, the most similar titles answer instead, and
/// `metadata.internal_match` says so. External sources run concurrently on page 1 only,
/// each within its time budget; a failing source just contributes nothing. External
/// hits are cached as the caller's previews for 300 s.
///
/// # Errors
/// 401 `Authentication required for external search`; 429 past the external-search
/// quota; 422 for invalid parameters.
#[utoipa::path(
    tag = "search",
    params(SearchParams),
    security((), ("bearer" = []), ("cookie" = [])),
    responses(
        (status = OK, description = "Internal hits in rank order, then external hits grouped by connector in run order. Optional auth: an invalid credential is served anonymously.", body = SearchResponse),
        (status = UNAUTHORIZED, description = "`Authentication required for external search`: a connector was requested without a valid access token (nothing is fanned out).", body = ErrorBody,
         example = json!({"detail": "Authentication required for external search"})),
        (status = TOO_MANY_REQUESTS, description = "`External search quota exceeded (<max> requests per <window>s)` (per user, fixed windows aligned to the Unix epoch, counted only when connectors run), or over the per-IP limit of `/api/search` (by default 3 per second, burst 5). `Retry-After` gives the seconds to wait.", body = ErrorBody,
         headers(("Retry-After" = u64, description = "Seconds until the next request would pass.")),
         example = json!({"detail": "External search quota exceeded (10 requests per 60s)"})),
        responses::InvalidInput,
        responses::DatabaseUnavailable,
    )
)]
#[get("/search")]
#[tracing::instrument(name = "search", skip_all)]
pub async fn search(
    state: web::Data<AppState>,
    caller: MaybeAuthUser,
    query: Query<SearchParams>,
) -> Result<HttpResponse, ApiError> {
    let request = query.into_inner().into_domain();
    let outcome = state.search.search(caller.0, &request).await?;
    let availability = availability_summaries(&state, &outcome.internal_ids()).await?;
    Ok(HttpResponse::Ok().json(SearchResponse::new(&outcome, &availability)))
}

/// The AvailabilitySummary of each of the page's internal hits that has availability
/// rows: one batched store query for the whole page (none for an empty page).
async fn availability_summaries(
    state: &AppState,
    ids: &[MediaItemId],
) -> Result<HashMap<MediaItemId, AvailabilitySummary>, ApiError> {
    let summaries = state.catalog.availability_summaries(ids).await?;
    Ok(summaries
        .iter()
        .map(|(id, summary)| (*id, AvailabilitySummary::from(summary)))
        .collect())
}
