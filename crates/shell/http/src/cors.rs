//! Cross-origin requests from the web app (API.md §1.7): the configured origins
//! (`cors.origins`, `CORS_ORIGINS`) may call with credentials, any method and any header.

use actix_cors::Cors;

use crate::settings::CorsSettings;

/// Preflight answers may be cached this long, in seconds.
const PREFLIGHT_MAX_AGE_SECS: usize = 600;

/// The CORS middleware for `settings`. Other origins get no CORS headers (the browser
/// then refuses the response); non-browser clients are unaffected.
pub fn middleware(settings: &CorsSettings) -> Cors {
    settings
        .origins
        .iter()
        .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))
        .supports_credentials()
        .allow_any_method()
        .allow_any_header()
        .max_age(PREFLIGHT_MAX_AGE_SECS)
}
