//! Every route of the API, registered through `utoipa-actix-web` so the OpenAPI document
//! is generated from the same registrations that serve requests.
//!
//! [`ROUTES`] lists every documented operation; a test checks it against the OpenAPI
//! document in both directions and requests each one, so a route cannot be served
//! undocumented or documented unserved. Add a line there with every new handler.

pub mod auth;
mod fallback;
pub mod health;
pub mod ingest;
pub mod media;

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
    Route {
        method: "POST",
        path: "/api/auth/register",
    },
    Route {
        method: "POST",
        path: "/api/auth/login",
    },
    Route {
        method: "POST",
        path: "/api/auth/refresh",
    },
    Route {
        method: "POST",
        path: "/api/auth/logout",
    },
    Route {
        method: "GET",
        path: "/api/auth/sessions",
    },
    Route {
        method: "POST",
        path: "/api/auth/sessions/{token_id}/revoke",
    },
    Route {
        method: "GET",
        path: "/api/me",
    },
    Route {
        method: "GET",
        path: "/api/media/{media_item_id}",
    },
    Route {
        method: "POST",
        path: "/api/ingest/{source}",
    },
];

/// Registers every documented route.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config.service(health::liveness).service(
        scope::scope("/api")
            .service(health::readiness)
            .configure(auth::configure)
            .configure(media::configure)
            .configure(ingest::configure),
    );
}
