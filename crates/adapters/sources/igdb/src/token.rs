//! The Twitch app access token IGDB requires, fetched with client credentials and cached.
//!
//! - The token is requested with a form body (the secret never goes in a URL).
//! - It is reused until a minute before `expires_in` (about 60 days), then renewed.
//! - When IGDB rejects it (401), [`TokenSource::renew`] drops it and fetches one new token;
//!   the caller retries once, so a second 401 surfaces as `Unauthorized`.
//! - A refusal by the token endpoint (400/401/403: unknown client, wrong or missing
//!   secret) is a configuration error: `Unauthorized`, never retried.
//! - The lock is held while a token is fetched, so concurrent calls share one request.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use secrecy::{ExposeSecret, SecretString};
use tastebuds_media::SourceError;
use tastebuds_source_common::{Failure, SourceHttp};
use tokio::sync::Mutex;

use crate::config::Credentials;
use crate::dto::{TokenResponse, TwitchError};

/// Renew this long before the token expires.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

#[derive(Debug)]
struct Cached {
    token: SecretString,
    refresh_at: Instant,
}

impl Cached {
    fn is_fresh(&self) -> bool {
        Instant::now() < self.refresh_at
    }
}

/// Fetches and caches the app access token.
#[derive(Debug)]
pub(crate) struct TokenSource {
    http: SourceHttp,
    url: String,
    cache: Mutex<Option<Cached>>,
}

impl TokenSource {
    /// `http` must carry [`check`] as its body check.
    pub(crate) fn new(http: SourceHttp, url: String) -> Self {
        Self {
            http,
            url,
            cache: Mutex::new(None),
        }
    }

    /// The cached token while it is fresh, else a new one.
    ///
    /// # Errors
    /// `Unauthorized` when Twitch refuses the credentials; transport errors as usual.
    pub(crate) async fn token(
        &self,
        credentials: Credentials<'_>,
    ) -> Result<SecretString, SourceError> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref().filter(|cached| cached.is_fresh()) {
            return Ok(cached.token.clone());
        }
        self.fetch_into(&mut cache, credentials).await
    }

    /// Replaces `rejected` (refused by IGDB) with a new token; if another call already
    /// replaced it, that newer token is returned without a request.
    ///
    /// # Errors
    /// As [`TokenSource::token`].
    pub(crate) async fn renew(
        &self,
        rejected: &SecretString,
        credentials: Credentials<'_>,
    ) -> Result<SecretString, SourceError> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref().filter(|cached| {
            cached.is_fresh() && cached.token.expose_secret() != rejected.expose_secret()
        }) {
            return Ok(cached.token.clone());
        }
        *cache = None;
        self.fetch_into(&mut cache, credentials).await
    }

    async fn fetch_into(
        &self,
        cache: &mut Option<Cached>,
        credentials: Credentials<'_>,
    ) -> Result<SecretString, SourceError> {
        let form = [
            ("client_id", credentials.client_id),
            ("client_secret", credentials.client_secret),
            ("grant_type", "client_credentials"),
        ];
        let answer: TokenResponse = self
            .http
            .send_json(|| self.http.client().post(&self.url).form(&form))
            .await?;
        if answer.access_token.trim().is_empty() {
            return Err(SourceError::Upstream(anyhow::anyhow!(
                "Twitch returned an empty token"
            )));
        }
        let lifetime = Duration::from_secs(answer.expires_in).saturating_sub(REFRESH_MARGIN);
        let token = SecretString::from(answer.access_token);
        *cache = Some(Cached {
            token: token.clone(),
            refresh_at: Instant::now() + lifetime,
        });
        tracing::info!(
            source = "igdb",
            expires_in_secs = answer.expires_in,
            "new Twitch app token"
        );
        Ok(token)
    }
}

/// Body check of the token endpoint: 400/401/403 mean the client credentials are wrong.
pub(crate) fn check(status: StatusCode, body: &[u8]) -> Option<Failure> {
    if !matches!(status.as_u16(), 400 | 401 | 403) {
        return None;
    }
    let message = serde_json::from_slice::<TwitchError>(body)
        .ok()
        .and_then(|error| error.message)
        .unwrap_or_default();
    Some(Failure::permanent(SourceError::Unauthorized(format!(
        "Twitch refused the IGDB client credentials (HTTP {}): {message}",
        status.as_u16()
    ))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_endpoint_refusals_are_unauthorized_configuration_errors() {
        for (status, body, says) in [
            (
                400,
                include_str!("../tests/fixtures/twitch/error_400_invalid_client.json"),
                "invalid client",
            ),
            (
                400,
                include_str!("../tests/fixtures/twitch/error_400_missing_client_secret.json"),
                "missing client secret",
            ),
            (
                403,
                include_str!("../tests/fixtures/twitch/error_403_invalid_client_secret.json"),
                "invalid client secret",
            ),
        ] {
            let failure = check(StatusCode::from_u16(status).unwrap(), body.as_bytes()).unwrap();
            assert_eq!(failure.retry, tastebuds_source_common::RetryDecision::Never);
            let SourceError::Unauthorized(message) = failure.error else {
                panic!("{status}")
            };
            assert!(message.ends_with(says), "{message}");
        }
        assert!(check(StatusCode::OK, b"{}").is_none());
        assert!(
            check(StatusCode::SERVICE_UNAVAILABLE, b"").is_none(),
            "5xx is retried as usual"
        );
    }

    #[test]
    fn token_answers_parse() {
        for body in [
            include_str!("../tests/fixtures/twitch/oauth2_token.json"),
            include_str!("../tests/fixtures/twitch/oauth2_token_refreshed.json"),
        ] {
            let answer: TokenResponse = serde_json::from_str(body).unwrap();
            assert_eq!(answer.access_token.len(), 30);
            assert!(answer.expires_in > 5_000_000);
        }
    }
}
