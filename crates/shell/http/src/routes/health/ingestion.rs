//! The `ingestion` detail of the health answer (API.md §2.1), built from each
//! connector's [`SourceHealth`] snapshot (`CatalogService::connector_health`).
//!
//! Rules: a source appears once it has been called since the process started; it is
//! `degraded` when its circuit is open, when an operation has failed at least
//! [`REPEATED_FAILURES`] times, or when the last operation run has a `last_error`. Each
//! of those conditions is also an [`Issue`].

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tastebuds_media::{OperationHealth, SourceHealth, SourceName};
use utoipa::ToSchema;

/// Failures of one operation from which a source counts as degraded.
pub const REPEATED_FAILURES: u64 = 3;

/// `{"sources": {...}, "issues": [...]}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, ToSchema)]
pub struct IngestionReport {
    /// Each source called since start, by name.
    pub sources: BTreeMap<String, SourceHealthView>,
    /// Every problem found, in source order.
    pub issues: Vec<Issue>,
}

/// `ok` or `degraded`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SourceState {
    /// Nothing wrong.
    Ok,
    /// See the module rules.
    Degraded,
}

/// One source (API.md §2.1 SourceHealth).
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct SourceHealthView {
    /// `ok` or `degraded`.
    pub state: SourceState,
    /// Whether calls are being skipped.
    pub circuit_open: bool,
    /// The circuit breaker.
    pub circuit: CircuitView,
    /// Counters of `search` and `fetch`.
    pub operations: BTreeMap<String, OperationView>,
    /// Failures of all operations.
    pub failure_total: u64,
    /// The last operation's last error.
    #[schema(required)]
    pub last_error: Option<String>,
    /// The operation that failed repeatedly, if any.
    #[schema(required)]
    pub repeated_failure: Option<RepeatedFailure>,
}

/// The circuit breaker of a source.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct CircuitView {
    /// Consecutive failures.
    pub failure_streak: u32,
    /// When an open circuit closes.
    #[serde(serialize_with = "crate::wire::optional_timestamp::serialize")]
    #[schema(required)]
    pub open_until: Option<DateTime<Utc>>,
    /// Seconds until an open circuit closes (0 when closed).
    pub remaining_cooldown: f64,
    /// Seconds the next opening lasts.
    pub current_backoff: f64,
    /// Openings since start.
    pub opened_count: u64,
}

/// Counters of one operation.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct OperationView {
    /// Calls started.
    pub started: u64,
    /// Calls that succeeded.
    pub succeeded: u64,
    /// Calls that failed.
    pub failed: u64,
    /// Calls skipped while the circuit was open.
    pub skipped: u64,
    /// Latency of the last call.
    #[schema(required)]
    pub last_latency_ms: Option<f64>,
    /// Last failure, cleared by a success.
    #[schema(required)]
    pub last_error: Option<String>,
}

/// `{operation, failed}` of a repeatedly failing operation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct RepeatedFailure {
    /// `search` or `fetch`.
    pub operation: String,
    /// Its failure count.
    pub failed: u64,
}

/// One problem, tagged by `reason`.
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Issue {
    /// The circuit is open.
    CircuitOpen {
        /// Source name.
        source: String,
        /// Seconds until it closes.
        remaining_cooldown: f64,
    },
    /// The last operation failed.
    LastError {
        /// Source name.
        source: String,
        /// `search` or `fetch`.
        operation: String,
        /// Its error message.
        error: String,
    },
    /// An operation failed at least three times.
    RepeatedFailures {
        /// Source name.
        source: String,
        /// `search` or `fetch`.
        operation: String,
        /// Its failure count.
        failed: u64,
    },
}

/// The report for the connectors' snapshots, in connector order (those never called
/// have none and are left out).
#[must_use]
pub fn report(connectors: &[(SourceName, SourceHealth)]) -> IngestionReport {
    let mut report = IngestionReport::default();
    for (source, health) in connectors {
        let name = source.as_str().to_owned();
        let (view, issues) = source_view(&name, health);
        report.sources.insert(name, view);
        report.issues.extend(issues);
    }
    report
}

/// One source's view and issues.
fn source_view(name: &str, health: &SourceHealth) -> (SourceHealthView, Vec<Issue>) {
    let remaining = health
        .remaining_cooldown
        .filter(|remaining| !remaining.is_zero());
    let operations = [("search", &health.search), ("fetch", &health.fetch)];
    let repeated_failure = operations
        .iter()
        .filter(|(_, counters)| counters.failed >= REPEATED_FAILURES)
        .max_by_key(|(_, counters)| counters.failed)
        .map(|(operation, counters)| RepeatedFailure {
            operation: (*operation).to_owned(),
            failed: counters.failed,
        });
    let last = health.last_operation.and_then(|operation| {
        operations
            .iter()
            .find(|(name, _)| *name == operation)
            .and_then(|(name, counters)| Some((*name, counters.last_error.clone()?)))
    });

    let mut issues = Vec::new();
    if let Some(remaining) = remaining {
        issues.push(Issue::CircuitOpen {
            source: name.to_owned(),
            remaining_cooldown: remaining.as_secs_f64(),
        });
    }
    if let Some((operation, error)) = &last {
        issues.push(Issue::LastError {
            source: name.to_owned(),
            operation: (*operation).to_owned(),
            error: error.clone(),
        });
    }
    if let Some(repeated) = &repeated_failure {
        issues.push(Issue::RepeatedFailures {
            source: name.to_owned(),
            operation: repeated.operation.clone(),
            failed: repeated.failed,
        });
    }

    let view = SourceHealthView {
        state: if issues.is_empty() {
            SourceState::Ok
        } else {
            SourceState::Degraded
        },
        circuit_open: remaining.is_some(),
        circuit: CircuitView {
            failure_streak: health.failure_streak,
            open_until: health.open_until,
            remaining_cooldown: remaining.map_or(0.0, |remaining| remaining.as_secs_f64()),
            current_backoff: health.current_backoff.as_secs_f64(),
            opened_count: health.opened_count,
        },
        operations: operations
            .iter()
            .map(|(name, counters)| ((*name).to_owned(), operation_view(counters)))
            .collect(),
        failure_total: health.search.failed + health.fetch.failed,
        last_error: last.map(|(_, error)| error),
        repeated_failure,
    };
    (view, issues)
}

fn operation_view(counters: &OperationHealth) -> OperationView {
    OperationView {
        started: counters.started,
        succeeded: counters.succeeded,
        failed: counters.failed,
        skipped: counters.skipped,
        last_latency_ms: counters.last_latency_ms,
        last_error: counters.last_error.clone(),
    }
}
