//! Google's error bodies, where the status alone misleads.

use reqwest::StatusCode;
use tastebuds_media::SourceError;
use tastebuds_source_common::Failure;

use crate::dto::ErrorEnvelope;

/// Body check for [`tastebuds_source_common::SourceHttp`]:
/// - 400 `API_KEY_INVALID` / `keyInvalid` is a credential failure (`Unauthorized`), not a
///   bad request;
/// - 403 `unknownLocation` is Google refusing an address it cannot place, not a credential
///   failure: `Upstream`, not retried (sending `country` avoids it).
///
/// Everything else is left to the status mapping (403 `SERVICE_DISABLED` → `Unauthorized`,
/// 429 → `RateLimited`, 503 → retried).
pub(crate) fn check(status: StatusCode, body: &[u8]) -> Option<Failure> {
    if status != StatusCode::BAD_REQUEST && status != StatusCode::FORBIDDEN {
        return None;
    }
    let envelope: ErrorEnvelope = serde_json::from_slice(body).ok()?;
    let message = envelope.error.message.clone().unwrap_or_default();
    if status == StatusCode::BAD_REQUEST
        && (envelope.error.has_reason("API_KEY_INVALID") || envelope.error.has_reason("keyInvalid"))
    {
        return Some(Failure::permanent(SourceError::Unauthorized(format!(
            "Google Books rejected the API key: {message}"
        ))));
    }
    if status == StatusCode::FORBIDDEN && envelope.error.has_reason("unknownLocation") {
        return Some(Failure::permanent(SourceError::Upstream(anyhow::anyhow!(
            "Google Books refused the request's location (HTTP 403): {message}"
        ))));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(status: u16, body: &str) -> Option<Failure> {
        check(StatusCode::from_u16(status).unwrap(), body.as_bytes())
    }

    #[test]
    fn a_bad_key_is_unauthorized_and_a_geo_refusal_is_not() {
        let bad_key = classify(
            400,
            include_str!("../tests/fixtures/error_400_api_key_invalid.json"),
        );
        assert!(matches!(
            bad_key.map(|f| f.error),
            Some(SourceError::Unauthorized(_))
        ));

        let geo = classify(
            403,
            include_str!("../tests/fixtures/error_403_unknown_location.json"),
        );
        let geo = geo.unwrap();
        assert!(matches!(geo.error, SourceError::Upstream(_)));
        assert_eq!(geo.retry, tastebuds_source_common::RetryDecision::Never);
    }

    #[test]
    fn other_errors_are_left_to_the_status_mapping() {
        for (status, body) in [
            (
                400,
                include_str!("../tests/fixtures/error_400_missing_query.json"),
            ),
            (
                403,
                include_str!("../tests/fixtures/error_403_service_disabled.json"),
            ),
            (
                404,
                include_str!("../tests/fixtures/error_404_volume_not_found.json"),
            ),
            (
                429,
                include_str!("../tests/fixtures/error_429_rate_limit_exceeded.json"),
            ),
            (
                503,
                include_str!("../tests/fixtures/error_503_backend_failed.json"),
            ),
            (400, "not json"),
        ] {
            assert!(classify(status, body).is_none(), "{status} {body}");
        }
    }
}
