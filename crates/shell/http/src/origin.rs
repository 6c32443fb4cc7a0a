//! Cross-site request forgery: a state-changing request (any method but GET, HEAD,
//! OPTIONS and TRACE) that carries an `Origin` header is refused unless the origin is
//! one of `cors.origins` or the API's own.
//!
//! The web app authenticates with cookies (API.md §1.3), and a browser attaches them to a
//! form or a bodiless `fetch` from any site: `SameSite=Lax` stops neither a same-site
//! attacker nor a top-level POST, and CORS only hides the answer, it does not stop the
//! request. Browsers send `Origin` with every such request (`null` from sandboxed or
//! opaque contexts), so:
//! - no `Origin` (curl, scripts, the Postman collection, server-side calls): allowed;
//! - an `Origin` listed in `cors.origins`: allowed;
//! - the API's own origin (its authority equals the `Host` header, so the docs UI it
//!   serves can try requests out): allowed;
//! - any other, `null` included: `403 {"detail": "Origin is not allowed to make this
//!   request"}`, the wording of the CORS refusal, before any handler runs.

use std::sync::Arc;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HOST, ORIGIN};
use actix_web::middleware::Next;

use crate::error::ApiError;
use crate::settings::CorsSettings;

/// The `detail` of a refused request, worded like actix-cors's refusal of a preflight.
pub const ORIGIN_NOT_ALLOWED: &str = "Origin is not allowed to make this request";

/// The origins that may send state-changing requests besides the API's own. Cheap to
/// clone.
#[derive(Clone, Debug)]
pub struct AllowedOrigins(Arc<[String]>);

impl AllowedOrigins {
    /// The origins of `settings` (`cors.origins`, `CORS_ORIGINS`).
    #[must_use]
    pub fn new(settings: &CorsSettings) -> Self {
        Self(settings.origins.iter().cloned().collect())
    }

    /// True when a request from `origin` may change state on the server reached as
    /// `host` (the `Host` header or the URI's authority).
    #[must_use]
    pub fn allows(&self, origin: &str, host: Option<&str>) -> bool {
        if self.0.iter().any(|allowed| allowed == origin) {
            return true;
        }
        let authority = origin.split_once("://").map(|(_, authority)| authority);
        matches!((authority, host), (Some(authority), Some(host))
            if !authority.is_empty() && authority.eq_ignore_ascii_case(host))
    }

    /// True when `req` may go on: a safe method, no `Origin`, or an allowed one.
    fn permits(&self, req: &ServiceRequest) -> bool {
        if req.method().is_safe() {
            return true;
        }
        let Some(origin) = req.headers().get(ORIGIN) else {
            return true;
        };
        let host = req
            .headers()
            .get(HOST)
            .and_then(|value| value.to_str().ok())
            .or_else(|| req.uri().authority().map(|authority| authority.as_str()));
        origin
            .to_str()
            .is_ok_and(|origin| self.allows(origin, host))
    }
}

/// Middleware (for `middleware::from_fn`, with the app's [`AllowedOrigins`]) that
/// answers 403 [`ORIGIN_NOT_ALLOWED`] to a state-changing request from another origin
/// (see the module documentation) and passes everything else on.
///
/// # Errors
/// Whatever the inner services fail with.
pub async fn refuse_other_origins(
    allowed: AllowedOrigins,
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if allowed.permits(&req) {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    }
    Ok(req
        .error_response(ApiError::Forbidden(ORIGIN_NOT_ALLOWED))
        .map_into_right_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed() -> AllowedOrigins {
        AllowedOrigins::new(&CorsSettings::default())
    }

    #[test]
    fn configured_and_own_origins_are_allowed_and_others_not() {
        let allowed = allowed();
        assert!(allowed.allows("http://localhost:3000", Some("api.example")));
        assert!(allowed.allows("https://api.example", Some("api.example")));
        assert!(allowed.allows("http://API.example:8000", Some("api.example:8000")));
        for (origin, host) in [
            ("https://evil.example", Some("api.example")),
            ("null", Some("api.example")),
            ("null", None),
            ("https://api.example:8443", Some("api.example")),
            ("https://api.example", None),
            ("http://localhost:3000/", Some("api.example")),
            ("https://", Some("")),
        ] {
            assert!(!allowed.allows(origin, host), "{origin} at {host:?}");
        }
    }
}
