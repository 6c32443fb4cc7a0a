//! Settings of the Google Books connector (`[sources.google_books]`,
//! `TASTEBUDS__SOURCES__GOOGLE_BOOKS__*`).

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// Google Books settings. The API key is optional: without it calls share Google's
/// anonymous quota.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct GoogleBooksConfig {
    /// API root, `https://www.googleapis.com/books/v1` (tests point it at a mock server).
    pub base_url: String,
    /// API key, sent in the `X-Goog-Api-Key` header (never in the URL).
    #[serde(serialize_with = "tastebuds_source_common::secret::serialize_redacted")]
    pub api_key: Option<SecretString>,
    /// ISO 3166 alpha-2 country sent on every call: without it, Google refuses requests
    /// from addresses it cannot place (403 `unknownLocation`).
    pub country: String,
}

impl Default for GoogleBooksConfig {
    fn default() -> Self {
        Self {
            base_url: "https://www.googleapis.com/books/v1".to_owned(),
            api_key: None,
            country: "US".to_owned(),
        }
    }
}
