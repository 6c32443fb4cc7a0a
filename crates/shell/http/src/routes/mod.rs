//! Every route of the API, registered through `utoipa-actix-web` so the OpenAPI document
//! is generated from the same registrations that serve requests.
//!
//! [`ROUTES`] lists every documented operation; a test checks it against the OpenAPI
//! document in both directions and requests each one, so a route cannot be served
//! undocumented or documented unserved. Add a line there with every new handler.

mod fallback;
pub mod health;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

pub use fallback::not_matched;

/// One documented operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    /// Upper-case HTTP method.
    pub method: &'static str,
    /// Path template as OpenAPI writes it (`/api/menus/{menu_id}`).
    pub path: &'static str,
}

/// Every documented operation the app serves.
pub const ROUTES: &[Route] = &[
    Route {
        method: "GET",
        path: "/health",
    },
    Route {
        method: "GET",
        path: "/api/health",
    },
];

/// Registers every documented route.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config
        .service(health::liveness)
        .service(scope::scope("/api").service(health::readiness));
}
