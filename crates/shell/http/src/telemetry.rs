//! The tracing subscriber, the request span, and the request-id response header.
//!
//! Logging conventions: dotted field names (`user.id`, `source`), units in names
//! (`duration_ms`), and never a password, token, API key, secret or `Authorization`
//! header. Requests are traced by `tracing-actix-web`'s `TracingLogger` (a span per
//! request with its `request_id`, built by [`RequestSpan`]), which also logs each failed
//! request once, and, unless `telemetry.access_log` is off, by [`access_log`]: one
//! info-level line per request.

mod access_log;
mod matched_route;
mod request_span;

use std::io::IsTerminal as _;

use actix_web::HttpMessage as _;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing_actix_web::RequestId;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;
use tracing_subscriber::{EnvFilter, fmt};

use crate::settings::{LogFormat, TelemetrySettings};

pub use access_log::{ACCESS_LOG_TARGET, access_log, loggable_path};
pub use request_span::RequestSpan;

/// The filter used when `RUST_LOG` is unset or invalid.
pub const DEFAULT_FILTER: &str = "info,tastebuds=debug";

/// The response header carrying the request id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Installs the global subscriber: `RUST_LOG` (else [`DEFAULT_FILTER`]) and pretty or
/// JSON lines on stderr (stdout stays free for command output such as `migrate status`).
///
/// # Errors
/// Fails when a global subscriber is already installed.
pub fn init(settings: &TelemetrySettings) -> anyhow::Result<()> {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let registry = tracing_subscriber::registry().with(filter);
    let ansi = use_colours(
        std::io::stderr().is_terminal(),
        std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty()),
    );
    match settings.format {
        LogFormat::Pretty => registry
            .with(fmt::layer().with_writer(std::io::stderr).with_ansi(ansi))
            .try_init()?,
        LogFormat::Json => registry
            .with(
                fmt::layer()
                    .with_writer(std::io::stderr)
                    .with_ansi(false)
                    .json()
                    .with_current_span(true)
                    .with_span_list(false),
            )
            .try_init()?,
    }
    Ok(())
}

/// Whether log lines get ANSI colours: only on a terminal, and never when `NO_COLOR` is
/// set (so a log file or a container's captured stderr holds plain text).
#[must_use]
pub const fn use_colours(stderr_is_terminal: bool, no_color: bool) -> bool {
    stderr_is_terminal && !no_color
}

/// Middleware (for `middleware::from_fn`, inside `TracingLogger`) that returns the
/// request's id as the `x-request-id` response header.
///
/// # Errors
/// Whatever the inner service fails with.
pub async fn request_id_header(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let request_id = req.extensions().get::<RequestId>().copied();
    let mut response = next.call(req).await?;
    if let Some(id) = request_id
        && let Ok(value) = HeaderValue::from_str(&id.to_string())
    {
        response
            .headers_mut()
            .insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    Ok(response)
}
