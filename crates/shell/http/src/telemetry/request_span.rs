//! The root span of every request, as `tracing-actix-web`'s default one but with the
//! client address the rate limiter counts ([`TrustedProxies::client_ip`]): a client that
//! is not a trusted proxy cannot choose, with `X-Forwarded-For`, the address it is
//! logged under. `http.target` is the path without its query string (where tokens
//! travel), and a share link's path is its pattern.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage as _};
use tracing::Span;
use tracing::field::Empty;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};

use super::matched_route::MatchedRoute;
use crate::net::TrustedProxies;

/// The [`RootSpanBuilder`] of the app (`TracingLogger::<RequestSpan>::new()`). It reads
/// the proxies to believe from the app data ([`TrustedProxies`]); without them, the
/// client is the TCP peer.
#[derive(Clone, Copy, Debug)]
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let method = request.method().as_str();
        let route = MatchedRoute::of(request).unwrap_or_else(|| "default".to_owned());
        let client_ip = request
            .app_data::<TrustedProxies>()
            .map_or_else(
                || TrustedProxies::none().client_ip(request.request()),
                |proxies| proxies.client_ip(request.request()),
            )
            .map(|ip| ip.to_string())
            .unwrap_or_default();
        let user_agent = request
            .headers()
            .get("user-agent")
            .and_then(|value| value.to_str().ok())
            .unwrap_or("");
        // The path only: query strings carry tokens, and a share link's path its secret.
        let target = super::loggable_path(Some(route.as_str()), request.path());
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        let connection = request.connection_info();
        tracing::info_span!(
            "HTTP request",
            http.method = %method,
            http.route = %route,
            http.flavor = ?request.version(),
            http.scheme = %connection.scheme(),
            http.host = %connection.host(),
            http.client_ip = %client_ip,
            http.user_agent = %user_agent,
            http.target = %target,
            http.status_code = Empty,
            otel.name = %format!("{method} {route}"),
            otel.kind = "server",
            otel.status_code = Empty,
            request_id = %request_id,
            exception.message = Empty,
            exception.details = Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}
