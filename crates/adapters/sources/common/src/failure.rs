//! Classifying one failed upstream attempt: which [`SourceError`] it is, and whether the
//! retry policy may try again.
//!
//! Status mapping (API.md §6.21, STYLE.md §4):
//! - 404 → `NotFound`, never retried;
//! - 401 / 403 → `Unauthorized`, never retried (a configuration problem);
//! - 429 → `RateLimited { retry_after }`, retried only when `Retry-After` is present and at
//!   most the configured cap (then after exactly that wait, or the backoff if longer);
//! - 5xx → `Upstream`, retried with backoff;
//! - 3xx → `Upstream` ("redirects are not followed"), never retried: the client follows
//!   no redirect, so that no credential header reaches the host a redirect names;
//! - any other non-2xx (400, 405, 410, 422…) → `Upstream`, never retried: the upstream
//!   rejected a request it will keep rejecting, which for our caller is a bad gateway, not a
//!   bug of theirs.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use tastebuds_media::SourceError;

/// Whether a failed attempt may be retried, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryDecision {
    /// Permanent: return the error now.
    Never,
    /// Transient: retry after the policy's next backoff delay.
    Backoff,
    /// Rate limited with an acceptable `Retry-After`: retry after at least this long.
    After(Duration),
}

/// One failed attempt, classified.
#[derive(Debug)]
pub struct Failure {
    /// The error returned if no retry follows.
    pub error: SourceError,
    /// What the retry policy should do.
    pub retry: RetryDecision,
}

impl Failure {
    /// A failure that is never retried.
    #[must_use]
    pub const fn permanent(error: SourceError) -> Self {
        Self {
            error,
            retry: RetryDecision::Never,
        }
    }

    /// A failure retried with backoff.
    #[must_use]
    pub const fn transient(error: SourceError) -> Self {
        Self {
            error,
            retry: RetryDecision::Backoff,
        }
    }

    /// A rate limit: retried after `retry_after` when that is at most `cap`, else final.
    #[must_use]
    pub fn rate_limited(retry_after: Option<Duration>, cap: Duration) -> Self {
        let retry = match retry_after {
            Some(wait) if wait <= cap => RetryDecision::After(wait),
            _ => RetryDecision::Never,
        };
        Self {
            error: SourceError::RateLimited { retry_after },
            retry,
        }
    }
}

/// Classifies a non-success HTTP status; `None` for 2xx.
///
/// `what` names the request for the error message (`GET /3/movie/603`); it must not hold
/// secrets or query strings.
#[must_use]
pub fn status_failure(
    status: StatusCode,
    headers: &HeaderMap,
    what: &str,
    retry_after_cap: Duration,
) -> Option<Failure> {
    if status.is_success() {
        return None;
    }
    let message = format!("HTTP {status} from {what}");
    Some(match status {
        StatusCode::NOT_FOUND => Failure::permanent(SourceError::NotFound),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => {
            Failure::permanent(SourceError::Unauthorized(message))
        }
        StatusCode::TOO_MANY_REQUESTS => {
            Failure::rate_limited(retry_after(headers), retry_after_cap)
        }
        s if s.is_redirection() => Failure::permanent(SourceError::Upstream(anyhow::anyhow!(
            "{message}: redirects are not followed"
        ))),
        s if s.is_server_error() => {
            Failure::transient(SourceError::Upstream(anyhow::anyhow!(message)))
        }
        _ => Failure::permanent(SourceError::Upstream(anyhow::anyhow!(message))),
    })
}

/// Classifies a transport error (no HTTP status): timeouts, connection failures and
/// interrupted exchanges are transient; anything else (a bad request builder, a redirect
/// loop, a corrupt gzip stream) is permanent.
///
/// The URL is stripped from the error: it may carry an API key in its query string.
#[must_use]
pub fn transport_failure(error: reqwest::Error, what: &str) -> Failure {
    let (kind, transient) = if error.is_timeout() {
        ("timed out", true)
    } else if error.is_connect() {
        ("could not connect", true)
    } else if error.is_request() || error.is_body() {
        ("was interrupted", true)
    } else {
        ("failed", false)
    };
    let error = SourceError::Upstream(
        anyhow::Error::new(error.without_url()).context(format!("{what} {kind}")),
    );
    if transient {
        Failure::transient(error)
    } else {
        Failure::permanent(error)
    }
}

/// Parses `Retry-After`: delta-seconds or an HTTP-date (a date in the past means "now").
#[must_use]
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use reqwest::header::HeaderValue;

    use super::*;

    const CAP: Duration = Duration::from_secs(10);

    fn classify(status: u16, retry_after: Option<&str>) -> Failure {
        let mut headers = HeaderMap::new();
        if let Some(value) = retry_after {
            headers.insert(RETRY_AFTER, HeaderValue::from_str(value).unwrap());
        }
        status_failure(
            StatusCode::from_u16(status).unwrap(),
            &headers,
            "GET /x",
            CAP,
        )
        .unwrap()
    }

    #[test]
    fn statuses_map_to_errors_and_retry_decisions() {
        assert!(status_failure(StatusCode::OK, &HeaderMap::new(), "GET /x", CAP).is_none());
        let not_found = classify(404, None);
        assert!(matches!(not_found.error, SourceError::NotFound));
        assert_eq!(not_found.retry, RetryDecision::Never);
        for status in [401, 403] {
            let failure = classify(status, None);
            assert!(matches!(failure.error, SourceError::Unauthorized(_)));
            assert_eq!(failure.retry, RetryDecision::Never);
        }
        for status in [500, 502, 503, 504] {
            let failure = classify(status, None);
            assert!(matches!(failure.error, SourceError::Upstream(_)));
            assert_eq!(failure.retry, RetryDecision::Backoff);
        }
        for status in [301, 302, 303, 307, 308] {
            let failure = classify(status, None);
            assert!(
                matches!(&failure.error, SourceError::Upstream(error)
                    if error.to_string().ends_with("redirects are not followed")),
                "{status}: {:?}",
                failure.error
            );
            assert_eq!(failure.retry, RetryDecision::Never, "{status}");
        }
        for status in [400, 405, 410, 422] {
            let failure = classify(status, None);
            assert!(matches!(failure.error, SourceError::Upstream(_)));
            assert_eq!(
                failure.retry,
                RetryDecision::Never,
                "{status} must not be retried"
            );
        }
    }

    #[test]
    fn rate_limits_retry_only_within_the_cap() {
        let within = classify(429, Some("2"));
        assert_eq!(within.retry, RetryDecision::After(Duration::from_secs(2)));
        assert!(matches!(
            within.error,
            SourceError::RateLimited { retry_after: Some(d) } if d == Duration::from_secs(2)
        ));
        assert_eq!(classify(429, Some("60")).retry, RetryDecision::Never);
        let bare = classify(429, None);
        assert_eq!(bare.retry, RetryDecision::Never);
        assert!(matches!(
            bare.error,
            SourceError::RateLimited { retry_after: None }
        ));
    }

    #[test]
    fn retry_after_accepts_seconds_and_http_dates() {
        let mut headers = HeaderMap::new();
        let future = SystemTime::now() + Duration::from_secs(120);
        let date = httpdate::fmt_http_date(future);
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&date).unwrap());
        let parsed = retry_after(&headers).unwrap();
        assert!(parsed > Duration::from_secs(110) && parsed <= Duration::from_secs(120));

        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }
}
