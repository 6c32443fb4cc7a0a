//! The catalog (API.md §2.4): `GET /api/media/{media_item_id}`, the response objects
//! every route that embeds catalog items uses ([`dto`]), and the item's availability
//! ([`availability`], API.md §3).
//!
//! The catalog is global: reading it needs no authentication; writing availability needs
//! a signed-in user.

pub mod availability;
pub mod dto;
mod read;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes on the `/api` scope.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config
        .service(availability::availability_summary)
        .service(read::get_media_item)
        .service(availability::list_availability)
        .service(availability::put_availability);
}
