//! Settings of the TMDB connector (`[sources.tmdb]`, `TASTEBUDS__SOURCES__TMDB__*`).

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// TMDB settings. One credential is needed: the v4 read access token (sent as
/// `Authorization: Bearer`, preferred: it keeps the secret out of URLs) or the v3 API key
/// (sent as the `api_key` query parameter, redacted from logs).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct TmdbConfig {
    /// API root, `https://api.themoviedb.org/3` (tests point it at a mock server).
    pub base_url: String,
    /// v3 API key.
    #[serde(serialize_with = "tastebuds_source_common::secret::serialize_redacted")]
    pub api_key: Option<SecretString>,
    /// v4 API read access token.
    #[serde(serialize_with = "tastebuds_source_common::secret::serialize_redacted")]
    pub bearer_token: Option<SecretString>,
}

impl Default for TmdbConfig {
    fn default() -> Self {
        Self {
            base_url: "https://api.themoviedb.org/3".to_owned(),
            api_key: None,
            bearer_token: None,
        }
    }
}

/// The settings named when TMDB is not configured.
pub(crate) const MISSING_CREDENTIALS: &str =
    "TASTEBUDS__SOURCES__TMDB__API_KEY or TASTEBUDS__SOURCES__TMDB__BEARER_TOKEN";
