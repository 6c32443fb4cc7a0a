//! Settings of the IGDB connector (`[sources.igdb]`, `TASTEBUDS__SOURCES__IGDB__*`).

use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use tastebuds_source_common::secret;

/// IGDB settings: the API root, the Twitch token endpoint and the Twitch application's
/// client credentials (both needed).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct IgdbConfig {
    /// API root, `https://api.igdb.com/v4` (tests point it at a mock server).
    pub base_url: String,
    /// Twitch client-credentials endpoint, `https://id.twitch.tv/oauth2/token`.
    pub token_url: String,
    /// Twitch application client id (sent as the `Client-ID` header).
    #[serde(serialize_with = "tastebuds_source_common::secret::serialize_redacted")]
    pub client_id: Option<SecretString>,
    /// Twitch application client secret (sent only in the token request's form body).
    #[serde(serialize_with = "tastebuds_source_common::secret::serialize_redacted")]
    pub client_secret: Option<SecretString>,
}

impl Default for IgdbConfig {
    fn default() -> Self {
        Self {
            base_url: "https://api.igdb.com/v4".to_owned(),
            token_url: "https://id.twitch.tv/oauth2/token".to_owned(),
            client_id: None,
            client_secret: None,
        }
    }
}

/// The client id and secret, both non-blank.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Credentials<'a> {
    pub client_id: &'a str,
    pub client_secret: &'a str,
}

impl IgdbConfig {
    /// The credentials, or the names of the missing settings.
    pub(crate) fn credentials(&self) -> Result<Credentials<'_>, String> {
        let client_id = secret::configured(self.client_id.as_ref());
        let client_secret = secret::configured(self.client_secret.as_ref());
        match (client_id, client_secret) {
            (Some(client_id), Some(client_secret)) => Ok(Credentials {
                client_id,
                client_secret,
            }),
            (id, secret) => {
                let missing: Vec<&str> = [
                    id.is_none()
                        .then_some("TASTEBUDS__SOURCES__IGDB__CLIENT_ID"),
                    secret
                        .is_none()
                        .then_some("TASTEBUDS__SOURCES__IGDB__CLIENT_SECRET"),
                ]
                .into_iter()
                .flatten()
                .collect();
                Err(missing.join(" and "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_credentials_are_named() {
        let mut config = IgdbConfig::default();
        assert_eq!(
            config.credentials().unwrap_err(),
            "TASTEBUDS__SOURCES__IGDB__CLIENT_ID and TASTEBUDS__SOURCES__IGDB__CLIENT_SECRET"
        );
        config.client_id = Some(SecretString::from("id"));
        assert_eq!(
            config.credentials().unwrap_err(),
            "TASTEBUDS__SOURCES__IGDB__CLIENT_SECRET"
        );
        config.client_secret = Some(SecretString::from("secret"));
        let credentials = config.credentials().unwrap();
        assert_eq!(
            (credentials.client_id, credentials.client_secret),
            ("id", "secret")
        );
    }
}
