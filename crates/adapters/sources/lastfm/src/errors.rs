//! Last.fm error bodies: an object with a top-level numeric `error` is a failure whatever
//! the HTTP status (200 on `track.getInfo`/`*.search`, 400/403/404/429 elsewhere).
//!
//! | Code | Meaning | Result |
//! |---|---|---|
//! | 6 | invalid parameters / not found | `NotFound` |
//! | 4, 10, 26 | authentication failed, invalid key, suspended key | `Unauthorized` |
//! | 29 | rate limit exceeded | `RateLimited` (no `Retry-After`: not retried) |
//! | 8, 11, 16 | operation failed, service offline, temporary error | `Upstream`, retried |
//! | other | | `Upstream`, not retried |

use reqwest::StatusCode;
use tastebuds_media::SourceError;
use tastebuds_source_common::Failure;

use crate::dto::ErrorBody;

/// Body check for [`tastebuds_source_common::SourceHttp`].
pub(crate) fn check(_status: StatusCode, body: &[u8]) -> Option<Failure> {
    let ErrorBody {
        error: code,
        message,
    } = serde_json::from_slice(body).ok()?;
    let message = format!("Last.fm error {code}: {}", message.unwrap_or_default());
    Some(match code {
        6 => Failure::permanent(SourceError::NotFound),
        4 | 10 | 26 => Failure::permanent(SourceError::Unauthorized(message)),
        29 => Failure::permanent(SourceError::RateLimited { retry_after: None }),
        8 | 11 | 16 => Failure::transient(SourceError::Upstream(anyhow::anyhow!(message))),
        _ => Failure::permanent(SourceError::Upstream(anyhow::anyhow!(message))),
    })
}

#[cfg(test)]
mod tests {
    use tastebuds_source_common::RetryDecision;

    use super::*;

    fn classify(status: u16, body: &str) -> Failure {
        check(StatusCode::from_u16(status).unwrap(), body.as_bytes()).unwrap()
    }

    #[test]
    fn every_recorded_error_maps_whatever_the_status() {
        for status in [200, 400, 404] {
            for body in [
                include_str!("../tests/fixtures/error_6_track_not_found.json"),
                include_str!("../tests/fixtures/error_6_album_not_found.json"),
            ] {
                assert!(matches!(
                    classify(status, body).error,
                    SourceError::NotFound
                ));
            }
        }
        for body in [
            include_str!("../tests/fixtures/error_10_invalid_api_key.json"),
            include_str!("../tests/fixtures/error_26_suspended_api_key.json"),
        ] {
            let failure = classify(403, body);
            assert!(matches!(failure.error, SourceError::Unauthorized(_)));
            assert_eq!(failure.retry, RetryDecision::Never);
        }
        let limited = classify(
            200,
            include_str!("../tests/fixtures/error_29_rate_limit_exceeded.json"),
        );
        assert!(matches!(
            limited.error,
            SourceError::RateLimited { retry_after: None }
        ));
        let temporary = classify(
            200,
            include_str!("../tests/fixtures/error_16_temporary_error.json"),
        );
        assert!(matches!(temporary.error, SourceError::Upstream(_)));
        assert_eq!(temporary.retry, RetryDecision::Backoff);
        assert_eq!(
            classify(200, r#"{"error": 8, "message": "Operation failed"}"#).retry,
            RetryDecision::Backoff
        );
        assert_eq!(classify(200, r#"{"error": 3}"#).retry, RetryDecision::Never);
    }

    #[test]
    fn success_bodies_and_non_json_pass_through() {
        for body in [
            include_str!("../tests/fixtures/track_getinfo_comptine.json"),
            include_str!("../tests/fixtures/track_search_empty.json"),
            r#"{"error": "6"}"#,
            "Bad Gateway",
        ] {
            assert!(check(StatusCode::OK, body.as_bytes()).is_none(), "{body}");
        }
    }
}
