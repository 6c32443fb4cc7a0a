//! The catalog (API.md §2.4): `GET /api/media/{media_item_id}`, and the response
//! objects every route that embeds catalog items uses ([`dto`]).
//!
//! The catalog is global: reading it needs no authentication.

pub mod dto;
mod read;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes on the `/api` scope.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config.service(read::get_media_item);
}
