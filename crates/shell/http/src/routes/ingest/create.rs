//! `POST /api/ingest/{source}`.

use actix_web::{HttpResponse, post, web};
use tastebuds_media::{MediaError, SourceName};

use super::dto::{IngestBody, IngestResponse, IngestSource};
use crate::error::{ApiError, ErrorBody, IngestTarget, ValidationErrorBody, responses};
use crate::extract::{AuthUser, Json, Path};
use crate::routes::media::dto::MediaItemDetailResponse;
use crate::state::AppState;

/// Fetches an upstream record into the catalog, or returns the item already stored for
/// it.
///
/// # Errors
/// As documented in the responses below.
#[utoipa::path(
    tag = "ingest",
    security(("bearer" = []), ("cookie" = [])),
    params(("source" = inline(IngestSource), Path, description = "`google_books`, `tmdb`, `igdb` or `lastfm` (also accepted in any case; echoed back as given).")),
    request_body = IngestBody,
    responses(
        (status = OK, description = "The catalog item, whether it was created, refreshed (`force_refresh`) or already there. A repeat ingest returns the same item unchanged; when the identifier names the stored id (a volume id, `movie:603`, an IGDB number, a URL of those), the upstream is not called at all.", body = IngestResponse),
        (status = BAD_REQUEST, description = "`Identifier required`: `external_id` and `url` are both blank.", body = ErrorBody,
         example = json!({"detail": "Identifier required"})),
        responses::InvalidToken,
        (status = NOT_FOUND, description = "`Unknown source: <source>`, or `Not found on <source>: <identifier>` when the upstream has no such record.", body = ErrorBody,
         example = json!({"detail": "Not found on tmdb: movie:999999999"})),
        (status = UNPROCESSABLE_ENTITY, description = "A malformed body, or an identifier the source cannot read (an IGDB id with non-digits, a URL of another site), at `body.external_id` or `body.url`.", body = ValidationErrorBody),
        (status = BAD_GATEWAY, description = "The upstream failed, throttled us, or refused our credentials.", body = ErrorBody,
         example = json!({"detail": "Upstream source tmdb failed"})),
        (status = SERVICE_UNAVAILABLE, description = "`<source> temporarily unavailable` while its circuit breaker is open (`Retry-After` gives the remaining cooldown), `<source> is not configured: set <setting>`, or `Database unavailable, try again shortly`.", body = ErrorBody,
         example = json!({"detail": "tmdb temporarily unavailable"})),
        responses::TooManyIngestRequests,
    )
)]
#[post("/ingest/{source}")]
#[tracing::instrument(name = "media.ingest", skip_all, fields(user.id = %user.0))]
pub async fn ingest(
    user: AuthUser,
    state: web::Data<AppState>,
    source: Path<String>,
    body: Json<IngestBody>,
) -> Result<HttpResponse, ApiError> {
    let given = source.into_inner();
    let name: SourceName = given
        .parse()
        .map_err(|_| ApiError::from(MediaError::UnknownSource(given.clone())))?;
    let (identifier, field) = body.identifier();
    let outcome = state
        .catalog
        .ingest(name, identifier, body.force_refresh)
        .await
        .map_err(|error| {
            let target = IngestTarget {
                source: name,
                identifier,
                field: field.as_str(),
            };
            ApiError::from_ingest(error, &target)
        })?;
    tracing::info!(
        source = %name,
        media.id = %outcome.detail.item.id,
        ingest.status = outcome.status.as_str(),
        "ingested"
    );
    Ok(HttpResponse::Ok().json(IngestResponse {
        media_item: MediaItemDetailResponse::from(&outcome.detail),
        source_name: given,
    }))
}
