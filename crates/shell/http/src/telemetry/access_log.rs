//! The access log: one info-level line per request (target [`ACCESS_LOG_TARGET`]) with
//! the method, the matched route pattern, the path, the status, the duration and the
//! request id, switched by `telemetry.access_log`. Never the query string (tokens
//! travel there), and a path holding a share-link secret is logged as its pattern.

use std::time::Instant;

use actix_web::HttpMessage as _;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use tracing_actix_web::RequestId;

use super::matched_route::MatchedRoute;

/// The `target` of access log lines (this module's path), to filter them
/// (`RUST_LOG=info,tastebuds_http::telemetry::access_log=off`).
pub const ACCESS_LOG_TARGET: &str = module_path!();

/// Route parameters whose values are secrets: a path matching a pattern with one of
/// them is logged as the pattern.
const SECRET_PARAMETERS: [&str; 1] = ["{token}"];

/// What of a request's path may be logged: the path itself (never the query), or the
/// route pattern when the path carries a secret (a share link's token).
#[must_use]
pub fn loggable_path<'a>(route: Option<&'a str>, path: &'a str) -> &'a str {
    match route {
        Some(route)
            if SECRET_PARAMETERS
                .iter()
                .any(|secret| route.contains(secret)) =>
        {
            route
        }
        _ => path,
    }
}

/// Middleware (for `middleware::from_fn`, inside `TracingLogger` so the line carries the
/// request span) writing the access log line once the response is known.
///
/// # Errors
/// Whatever the inner service fails with (logged with the status it will answer).
pub async fn access_log(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let route = MatchedRoute::of(&req);
    let path = loggable_path(route.as_deref(), req.path()).to_owned();
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(ToString::to_string)
        .unwrap_or_default();
    let outcome = next.call(req).await;
    let status = match &outcome {
        Ok(response) => response.status(),
        Err(error) => error.as_response_error().status_code(),
    };
    let duration_ms = started.elapsed().as_secs_f64() * 1000.0;
    let code = status.as_u16();
    let route = route.as_deref().unwrap_or("default");
    let duration_ms = format!("{duration_ms:.3}");
    tracing::info!(
        http.method = %method,
        http.route = route,
        http.path = %path,
        http.status_code = code,
        duration_ms = %duration_ms,
        request_id = %request_id,
        "{method} {path} {code}"
    );
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_link_path_is_logged_as_its_pattern() {
        let route = "/api/public/menus/draft/{token}";
        assert_eq!(
            loggable_path(Some(route), "/api/public/menus/draft/s3cr3t"),
            route
        );
        assert_eq!(
            loggable_path(Some("/api/menus/{menu_id}"), "/api/menus/42"),
            "/api/menus/42"
        );
        assert_eq!(loggable_path(None, "/nowhere"), "/nowhere");
    }
}
