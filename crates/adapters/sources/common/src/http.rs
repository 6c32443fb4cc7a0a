//! [`SourceHttp`]: one connector's view of the shared client, with the retry loop, the
//! body cap, status classification and per-attempt logging.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use tastebuds_media::{SourceError, SourceName};
use tokio_retry2::{Retry, RetryError};

use crate::body::{parse_json, read_capped};
use crate::config::SourceHttpConfig;
use crate::failure::{Failure, RetryDecision, status_failure, transport_failure};
use crate::retry::RetryPolicy;
use crate::urls::redact_url;

/// A connector-specific look at a response before the status is classified: Last.fm sends
/// errors inside HTTP 200 bodies, Google signals a bad key with a 400. Returns `Some` to
/// override the status-based classification.
pub type BodyCheck = fn(StatusCode, &[u8]) -> Option<Failure>;

/// The HTTP transport of one source.
#[derive(Clone, Debug)]
pub struct SourceHttp {
    source: SourceName,
    client: reqwest::Client,
    policy: RetryPolicy,
    max_body_bytes: usize,
    body_check: Option<BodyCheck>,
}

impl SourceHttp {
    /// Wraps the shared client for `source`.
    #[must_use]
    pub fn new(source: SourceName, client: reqwest::Client, config: &SourceHttpConfig) -> Self {
        Self {
            source,
            client,
            policy: RetryPolicy::from_config(config),
            max_body_bytes: config.max_body_bytes,
            body_check: None,
        }
    }

    /// Installs a [`BodyCheck`], run on every response (any status) before classification.
    #[must_use]
    pub fn with_body_check(mut self, check: BodyCheck) -> Self {
        self.body_check = Some(check);
        self
    }

    /// The underlying client, for building requests.
    #[must_use]
    pub const fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// The source these calls are attributed to in logs and errors.
    #[must_use]
    pub const fn source(&self) -> SourceName {
        self.source
    }

    /// The retry policy in force.
    #[must_use]
    pub const fn policy(&self) -> RetryPolicy {
        self.policy
    }

    /// Sends the request `build` makes (called again for every attempt) and decodes the
    /// JSON body of its 2xx response.
    ///
    /// # Errors
    /// As [`SourceHttp::send`], plus `Upstream` for a body that is not the expected JSON.
    pub async fn send_json<T, F>(&self, build: F) -> Result<T, SourceError>
    where
        T: DeserializeOwned,
        F: Fn() -> reqwest::RequestBuilder + Send + Sync,
    {
        let body = self.send(build).await?;
        parse_json(self.source, &body)
    }

    /// Sends the request `build` makes, retrying transient failures (connection errors,
    /// timeouts, 5xx, and 429 whose `Retry-After` is within the cap) with jittered
    /// exponential backoff, and returns the body of the 2xx response.
    ///
    /// # Errors
    /// The classified error of the last attempt: `NotFound`, `Unauthorized`, `RateLimited`
    /// or `Upstream` (see [`crate::failure`]), or whatever the [`BodyCheck`] decided.
    pub async fn send<F>(&self, build: F) -> Result<Vec<u8>, SourceError>
    where
        F: Fn() -> reqwest::RequestBuilder + Send + Sync,
    {
        // tokio-retry2 0.9 sleeps the strategy's delay even for `RetryError::retry_after`, so
        // a `Retry-After` wait is handed to the strategy through this slot instead.
        let wait_hint: Mutex<Option<Duration>> = Mutex::new(None);
        let attempts = AtomicU32::new(0);
        let (this, build_ref, hint, counter) = (self, &build, &wait_hint, &attempts);
        let delays = self.policy.delays().map(move |backoff| {
            let hinted = hint.lock().ok().and_then(|mut slot| slot.take());
            hinted.map_or(backoff, |wait| wait.max(backoff))
        });
        let action = move || async move {
            let attempt = counter.fetch_add(1, Ordering::Relaxed) + 1;
            this.attempt(build_ref, attempt)
                .await
                .map_err(|Failure { error, retry }| match retry {
                    RetryDecision::Never => RetryError::permanent(error),
                    RetryDecision::Backoff => RetryError::transient(error),
                    RetryDecision::After(wait) => {
                        if let Ok(mut slot) = hint.lock() {
                            *slot = Some(wait);
                        }
                        RetryError::transient(error)
                    }
                })
        };
        Retry::spawn(delays, action).await
    }

    /// One attempt: send, read under the cap, check the body, classify the status.
    async fn attempt<F>(&self, build: &F, attempt: u32) -> Result<Vec<u8>, Failure>
    where
        F: Fn() -> reqwest::RequestBuilder + Send + Sync,
    {
        let request = build()
            .build()
            .map_err(|err| transport_failure(err, "building the request"))?;
        let what = format!("{} {}", request.method(), request.url().path());
        let url = redact_url(request.url());
        let started = Instant::now();
        let outcome = self.exchange(request, &what).await;
        let duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        match &outcome {
            Ok((status, _)) => tracing::debug!(
                source = %self.source,
                status = status.as_u16(),
                attempt,
                duration_ms,
                url = %url,
                "upstream call succeeded"
            ),
            Err((status, failure)) => tracing::warn!(
                source = %self.source,
                status = status.map(|s| s.as_u16()),
                attempt,
                duration_ms,
                url = %url,
                retry = ?failure.retry,
                error = %error_message(&failure.error),
                "upstream call failed"
            ),
        }
        outcome
            .map(|(_, body)| body)
            .map_err(|(_, failure)| failure)
    }

    async fn exchange(
        &self,
        request: reqwest::Request,
        what: &str,
    ) -> Result<(StatusCode, Vec<u8>), (Option<StatusCode>, Failure)> {
        let mut response = self
            .client
            .execute(request)
            .await
            .map_err(|err| (None, transport_failure(err, what)))?;
        let status = response.status();
        let body = read_capped(&mut response, self.max_body_bytes, what)
            .await
            .map_err(|failure| (Some(status), failure))?;
        if let Some(failure) = self.body_check.and_then(|check| check(status, &body)) {
            return Err((Some(status), failure));
        }
        match status_failure(
            status,
            response.headers(),
            what,
            self.policy.retry_after_cap,
        ) {
            Some(failure) => Err((Some(status), failure)),
            None => Ok((status, body)),
        }
    }
}

/// The error with its cause chain, on one line (for logs and `last_error`).
#[must_use]
pub fn error_message(error: &SourceError) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
