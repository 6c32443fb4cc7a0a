//! Search (API.md §2.5) and previews (§3): `GET /api/search` (optional auth; required
//! for external sources) and `GET /api/previews/{preview_id}` (the caller's own,
//! unexpired previews).
//!
//! - [`params`]: the query string and its limits;
//! - [`response`]: the result objects and `metadata`;
//! - [`preview`]: the preview object.

mod get_preview;
pub mod params;
pub mod preview;
pub mod response;
mod run;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes on the `/api` scope.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config
        .service(run::search)
        .service(get_preview::get_preview);
}
