//! [`Guarded`]: any [`MetadataSource`] behind a circuit breaker, with the counters that
//! `/api/health` reports (API.md §2.1, §5.5).
//!
//! How outcomes count:
//! - `Ok`, `NotFound`, `InvalidIdentifier`: `succeeded` (the upstream answered, or the
//!   caller asked for something impossible); `Ok` and `NotFound` also close the breaker;
//! - `Upstream`, `RateLimited`, `Unauthorized`, `Unexpected`: `failed`, and a breaker failure;
//! - `NotConfigured`: `failed` (the source is unusable) but not a breaker failure: no
//!   upstream was called, and opening the circuit would hide the real reason;
//! - a call refused by the open circuit: `skipped`, `CircuitOpen { remaining }`.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use async_trait::async_trait;
use tastebuds_kernel::{Clock, SystemClock};
use tastebuds_media::{
    ExternalMedia, MetadataSource, OperationHealth, SearchQuery, SourceError, SourceHealth,
    SourceLookup, SourceName,
};

use crate::breaker::{BreakerConfig, CircuitBreaker};
use crate::config::SourceHttpConfig;
use crate::http::error_message;

/// The two guarded operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operation {
    Search,
    Fetch,
}

impl Operation {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Search => "search",
            Self::Fetch => "fetch",
        }
    }
}

/// How an outcome counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// Counted as succeeded; `true` when it also proves the upstream healthy.
    Succeeded { healthy: bool },
    /// Counted as failed; `true` when it also counts against the breaker.
    Failed { breaker: bool },
}

fn verdict<T>(outcome: &Result<T, SourceError>) -> Verdict {
    match outcome {
        Ok(_) | Err(SourceError::NotFound) => Verdict::Succeeded { healthy: true },
        Err(SourceError::InvalidIdentifier(_)) => Verdict::Succeeded { healthy: false },
        Err(SourceError::NotConfigured(_)) => Verdict::Failed { breaker: false },
        Err(
            SourceError::Upstream(_)
            | SourceError::RateLimited { .. }
            | SourceError::Unauthorized(_)
            | SourceError::Unexpected(_)
            | SourceError::CircuitOpen { .. },
        ) => Verdict::Failed { breaker: true },
    }
}

#[derive(Debug)]
struct State {
    breaker: CircuitBreaker,
    search: OperationHealth,
    fetch: OperationHealth,
    last_operation: Option<&'static str>,
}

impl State {
    const fn counters(&mut self, operation: Operation) -> &mut OperationHealth {
        match operation {
            Operation::Search => &mut self.search,
            Operation::Fetch => &mut self.fetch,
        }
    }
}

/// A source behind its circuit breaker. Build one per source and share it (`Arc`).
pub struct Guarded<S> {
    inner: S,
    clock: Arc<dyn Clock>,
    state: Mutex<State>,
}

impl<S: MetadataSource> std::fmt::Debug for Guarded<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guarded")
            .field("source", &self.inner.name())
            .field("state", &*self.lock())
            .finish_non_exhaustive()
    }
}

impl<S: MetadataSource> Guarded<S> {
    /// Guards `inner` with the breaker settings of `config`, on the wall clock.
    #[must_use]
    pub fn new(inner: S, config: &SourceHttpConfig) -> Self {
        Self::with_clock(
            inner,
            BreakerConfig::from_config(config),
            Arc::new(SystemClock),
        )
    }

    /// Guards `inner` on the given clock (tests pass a hand-driven one).
    #[must_use]
    pub fn with_clock(inner: S, config: BreakerConfig, clock: Arc<dyn Clock>) -> Self {
        Self {
            inner,
            clock,
            state: Mutex::new(State {
                breaker: CircuitBreaker::new(config),
                search: OperationHealth::default(),
                fetch: OperationHealth::default(),
                last_operation: None,
            }),
        }
    }

    /// The guarded source.
    #[must_use]
    pub const fn inner(&self) -> &S {
        &self.inner
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state holds counters only; a panic elsewhere cannot leave it inconsistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts the start of a call, or refuses it while the circuit is open.
    fn admit(&self, operation: Operation) -> Result<(), SourceError> {
        let now = self.clock.now();
        let mut state = self.lock();
        state.last_operation = Some(operation.as_str());
        state.counters(operation).started += 1;
        match state.breaker.remaining(now) {
            Some(remaining) => {
                state.counters(operation).skipped += 1;
                Err(SourceError::CircuitOpen { remaining })
            }
            None => Ok(()),
        }
    }

    fn settle<T>(&self, operation: Operation, started: Instant, outcome: &Result<T, SourceError>) {
        let latency_ms = started.elapsed().as_secs_f64() * 1_000.0;
        let now = self.clock.now();
        let mut state = self.lock();
        match verdict(outcome) {
            Verdict::Succeeded { healthy } => {
                if healthy {
                    state.breaker.record_success();
                }
                let counters = state.counters(operation);
                counters.succeeded += 1;
                counters.last_error = None;
            }
            Verdict::Failed { breaker } => {
                if breaker && state.breaker.record_failure(now) {
                    tracing::warn!(
                        source = %self.inner.name(),
                        opened_count = state.breaker.opened_count(),
                        "circuit opened"
                    );
                }
                let counters = state.counters(operation);
                counters.failed += 1;
                counters.last_error = outcome.as_ref().err().map(error_message);
            }
        }
        state.counters(operation).last_latency_ms = Some(latency_ms);
    }

    async fn guard<T, F>(&self, operation: Operation, call: F) -> Result<T, SourceError>
    where
        F: Future<Output = Result<T, SourceError>> + Send,
    {
        self.admit(operation)?;
        let started = Instant::now();
        let outcome = call.await;
        self.settle(operation, started, &outcome);
        outcome
    }
}

#[async_trait]
impl<S: MetadataSource> MetadataSource for Guarded<S> {
    fn name(&self) -> SourceName {
        self.inner.name()
    }

    fn parse_identifier(&self, input: &str) -> Result<SourceLookup, SourceError> {
        self.inner.parse_identifier(input)
    }

    async fn search(&self, query: &SearchQuery) -> Result<Vec<ExternalMedia>, SourceError> {
        let kinds = self.inner.name().media_types();
        if !query.types.is_empty() && !query.types.iter().any(|kind| kinds.contains(kind)) {
            // Nothing this source could return was asked for: no call, nothing to count.
            return Ok(Vec::new());
        }
        self.guard(Operation::Search, self.inner.search(query))
            .await
    }

    async fn fetch(&self, lookup: &SourceLookup) -> Result<ExternalMedia, SourceError> {
        self.guard(Operation::Fetch, self.inner.fetch(lookup)).await
    }

    fn health(&self) -> Option<SourceHealth> {
        let now = self.clock.now();
        let state = self.lock();
        if state.search.started == 0 && state.fetch.started == 0 {
            return None;
        }
        Some(SourceHealth {
            failure_streak: state.breaker.failure_streak(),
            open_until: state.breaker.open_until(now),
            remaining_cooldown: state.breaker.remaining(now),
            current_backoff: state.breaker.current_backoff(),
            opened_count: state.breaker.opened_count(),
            search: state.search.clone(),
            fetch: state.fetch.clone(),
            last_operation: state.last_operation,
        })
    }
}
