//! `GET /health` (liveness) and `GET /api/health` (readiness), API.md §2.1.
//!
//! - Liveness never touches the database: 200 `{"status":"ok"}` while the process runs.
//! - Readiness asks the readiness probe (the database) within [`READINESS_TIMEOUT`]: 503
//!   `{"status":"unavailable","detail":"database unreachable"}` while it does not answer,
//!   200 again by itself once it does (the pool reconnects on its own).
//! - Callers for whom [`detailed_caller`] holds also get the `ingestion` detail (the
//!   catalog service's connector health), and `status` is `degraded` when it lists
//!   issues.
//! - Neither reaches a pool or a connector: they ask the state's probe and services.

mod ingestion;

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Serialize;
use tastebuds_kernel::ReadinessProbe;
use utoipa::ToSchema;

pub use ingestion::{
    CircuitView, IngestionReport, Issue, OperationView, REPEATED_FAILURES, RepeatedFailure,
    SourceHealthView, SourceState, report,
};

use crate::error::responses;
use crate::net;
use crate::state::AppState;

/// How long readiness waits for the database.
pub const READINESS_TIMEOUT: Duration = Duration::from_secs(2);

/// The `detail` of a 503 readiness answer.
pub const DATABASE_UNREACHABLE: &str = "database unreachable";

/// The health answer.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct HealthResponse {
    /// `ok`, `degraded` (ingestion issues) or `unavailable` (readiness only).
    pub status: HealthStatus,
    /// What is wrong, when `unavailable`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Source health, for detailed callers only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ingestion: Option<IngestionReport>,
}

/// The overall state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    /// Everything answers.
    Ok,
    /// Serving, but an upstream source has issues.
    Degraded,
    /// The database does not answer.
    Unavailable,
}

/// Whether the caller gets the `ingestion` detail.
///
/// It presents a valid access token (an invalid one counts as anonymous, API.md §6.5),
/// or its client IP is in `health.allowlist` (the TCP peer, or the forwarded address
/// when the peer is a trusted proxy; never the `Host` header, API.md §6.17).
#[must_use]
pub fn detailed_caller(req: &HttpRequest, state: &AppState) -> bool {
    let settings = &state.settings;
    crate::extract::auth::authenticated(req).is_some()
        || net::client_ip(req, &settings.rate_limit.trusted_proxies)
            .is_some_and(|ip| net::any_contains(&settings.health.allowlist, ip))
}

/// Liveness: the process answers.
#[utoipa::path(
    tag = "health",
    responses(
        (status = OK, description = "The process is up. Detailed callers also get `ingestion`, and `degraded` when it lists issues.", body = HealthResponse,
         example = json!({"status": "ok"})),
        responses::TooManyRequests,
    )
)]
#[get("/health")]
pub async fn liveness(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let detailed = detailed_caller(&req, &state);
    HttpResponse::Ok().json(health_response(&state, detailed, true))
}

/// Readiness: the process answers and the database too.
#[utoipa::path(
    tag = "health",
    responses(
        (status = OK, description = "Ready. Detailed callers also get `ingestion`, and `degraded` when it lists issues.", body = HealthResponse,
         example = json!({"status": "ok"})),
        (status = SERVICE_UNAVAILABLE, description = "The database does not answer.", body = HealthResponse,
         example = json!({"status": "unavailable", "detail": "database unreachable"})),
        responses::TooManyRequests,
    )
)]
#[get("/health")]
pub async fn readiness(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let detailed = detailed_caller(&req, &state);
    let database_up = database_answers(state.readiness.as_ref()).await;
    let status = if database_up {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    HttpResponse::build(status).json(health_response(&state, detailed, database_up))
}

/// The body for a caller, given whether the database answers.
fn health_response(state: &AppState, detailed: bool, database_up: bool) -> HealthResponse {
    let ingestion = detailed.then(|| report(&state.catalog.connector_health()));
    let status = if !database_up {
        HealthStatus::Unavailable
    } else if ingestion
        .as_ref()
        .is_some_and(|report| !report.issues.is_empty())
    {
        HealthStatus::Degraded
    } else {
        HealthStatus::Ok
    };
    HealthResponse {
        status,
        detail: (!database_up).then(|| DATABASE_UNREACHABLE.to_owned()),
        ingestion,
    }
}

/// Asks `probe`, bounded by [`READINESS_TIMEOUT`].
async fn database_answers(probe: &dyn ReadinessProbe) -> bool {
    match tokio::time::timeout(READINESS_TIMEOUT, probe.check()).await {
        Ok(Ok(())) => true,
        Ok(Err(error)) => {
            let error = anyhow::Error::new(error);
            tracing::warn!(
                error = format!("{error:#}"),
                "readiness: database unreachable"
            );
            false
        }
        Err(_) => {
            tracing::warn!(
                timeout_ms = READINESS_TIMEOUT.as_millis(),
                "readiness: database did not answer in time"
            );
            false
        }
    }
}
