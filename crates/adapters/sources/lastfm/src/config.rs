//! Settings of the Last.fm connector (`[sources.lastfm]`, `TASTEBUDS__SOURCES__LASTFM__*`).

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// Last.fm settings. The API key is required; Last.fm only accepts it as the `api_key`
/// query parameter, so logged URLs are redacted.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct LastfmConfig {
    /// API root, `https://ws.audioscrobbler.com/2.0/` (trailing slash included).
    pub base_url: String,
    /// API key.
    #[serde(serialize_with = "tastebuds_source_common::secret::serialize_redacted")]
    pub api_key: Option<SecretString>,
}

impl Default for LastfmConfig {
    fn default() -> Self {
        Self {
            base_url: "https://ws.audioscrobbler.com/2.0/".to_owned(),
            api_key: None,
        }
    }
}

/// The setting named when Last.fm is not configured.
pub(crate) const MISSING_API_KEY: &str = "TASTEBUDS__SOURCES__LASTFM__API_KEY";
