//! Every route of the API, registered through `utoipa-actix-web` so the OpenAPI document
//! is generated from the same registrations that serve requests (a handler without
//! `#[utoipa::path]` cannot be registered here). The list of served operations, for the
//! 405 fallback and the OpenAPI tests, is derived from that document
//! ([`crate::route_table`]).

pub mod auth;
mod fallback;
pub mod health;
pub mod ingest;
pub mod media;
pub mod menus;
pub mod public;
pub mod search;
pub mod tags;
pub mod user_state;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

pub use fallback::not_matched;

/// Registers every documented route.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config.service(health::liveness).service(
        scope::scope("/api")
            .service(health::readiness)
            .configure(auth::configure)
            .configure(media::configure)
            .configure(ingest::configure)
            .configure(menus::configure)
            .configure(public::configure)
            .configure(search::configure)
            .configure(tags::configure)
            .configure(user_state::configure),
    );
}
