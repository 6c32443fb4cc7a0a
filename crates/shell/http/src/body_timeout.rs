//! A deadline on reading a request's body: a client that trickles its body in (one
//! byte a second, a slow-loris attack) gets 408 and a closed connection once
//! `server.body_read_timeout_ms` has passed since its head arrived, instead of holding
//! the connection for minutes. actix-web's own `client_request_timeout` only covers the
//! head.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use actix_web::HttpMessage as _;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::{InternalError, PayloadError};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, http::StatusCode};
use futures_util::{Stream, StreamExt as _};
use serde_json::json;

/// 408 when the body did not arrive before the deadline.
pub const BODY_TIMEOUT: &str = "Request body not received in time";

/// Middleware: the body of `req` must arrive within `timeout` (`None`: no limit).
///
/// Reading past the deadline fails in whatever reads the body (an extractor), and the
/// answer, whatever the handler made of that failure, becomes 408 [`BODY_TIMEOUT`] with
/// `Connection: close`.
///
/// # Errors
/// Whatever the inner services fail with.
pub async fn limit_body_time(
    timeout: Option<Duration>,
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let Some(timeout) = timeout else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    };
    let expired = Arc::new(AtomicBool::new(false));
    let payload = req.take_payload();
    req.set_payload(Payload::from(deadline_stream(
        payload,
        timeout,
        Arc::clone(&expired),
    )));
    // The request cannot be cloned here: routing needs it unshared.
    let outcome = next.call(req).await;
    if !expired.load(Ordering::Acquire) {
        return outcome.map(ServiceResponse::map_into_left_body);
    }
    tracing::info!(
        timeout_ms = timeout.as_millis(),
        "request body not received in time"
    );
    match outcome {
        Ok(response) => {
            let (request, _) = response.into_parts();
            Ok(ServiceResponse::new(request, timed_out()).map_into_right_body())
        }
        Err(error) => Err(InternalError::from_response(error, timed_out()).into()),
    }
}

/// 408 [`BODY_TIMEOUT`], closing the connection.
fn timed_out() -> HttpResponse {
    HttpResponse::build(StatusCode::REQUEST_TIMEOUT)
        .force_close()
        .json(json!({ "detail": BODY_TIMEOUT }))
}

/// `payload`, failing with a timed-out I/O error (once, then ending) when it has not
/// ended `timeout` from now; `expired` is set when that happens.
fn deadline_stream(
    payload: Payload,
    timeout: Duration,
    expired: Arc<AtomicBool>,
) -> Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> {
    let deadline = tokio::time::Instant::now() + timeout;
    let stream = futures_util::stream::unfold(Some(payload), move |payload| {
        let expired = Arc::clone(&expired);
        async move {
            let mut payload = payload?;
            match tokio::time::timeout_at(deadline, payload.next()).await {
                Ok(Some(chunk)) => Some((chunk, Some(payload))),
                Ok(None) => None,
                Err(_elapsed) => {
                    expired.store(true, Ordering::Release);
                    let error = io::Error::new(io::ErrorKind::TimedOut, BODY_TIMEOUT);
                    Some((Err(PayloadError::Io(error)), None))
                }
            }
        }
    });
    Box::pin(stream)
}
