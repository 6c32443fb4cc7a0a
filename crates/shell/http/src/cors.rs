//! Cross-origin requests from the web app (API.md §1.7): the configured origins
//! (`cors.origins`, `CORS_ORIGINS`) may call with credentials, any method and any header.

use actix_cors::{Cors, CorsError};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use crate::error::with_detail;
use crate::settings::CorsSettings;

/// Preflight answers may be cached this long, in seconds.
const PREFLIGHT_MAX_AGE_SECS: usize = 600;

/// The CORS middleware for `settings`. Other origins get no CORS headers (the browser
/// then refuses the response); non-browser clients are unaffected. Wrap it in
/// [`json_refusals`], which gives its refusals the JSON envelope.
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

/// Middleware (for `middleware::from_fn`, wrapped right around [`middleware`]) that
/// gives a request the CORS middleware refuses (a preflight from an origin that is not
/// allowed) the JSON envelope: actix-cors answers it with its status and a plain-text
/// reason. The answer becomes `{"detail": "<reason>"}`, same status, with the error still
/// attached so the request logger records it once.
///
/// # Errors
/// Whatever the inner services fail with.
pub async fn json_refusals(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let response = next.call(req).await?;
    let refusal = response
        .response()
        .error()
        .and_then(actix_web::Error::as_error::<CorsError>)
        .map(ToString::to_string);
    Ok(match refusal {
        Some(reason) => with_detail(response, &reason),
        None => response.map_into_left_body(),
    })
}
