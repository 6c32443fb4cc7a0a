//! Reading optional secrets from the connector settings.

use secrecy::{ExposeSecret, SecretString};
use serde::Serializer;

/// The secret's value when it is set and not blank (an empty environment variable counts as
/// unset). Expose it only to build a request, never to a log.
#[must_use]
pub fn configured(secret: Option<&SecretString>) -> Option<&str> {
    secret
        .map(|s| s.expose_secret().trim())
        .filter(|s| !s.is_empty())
}

/// Serializes an optional secret without its value: `null` when unset, `"[REDACTED]"`
/// when set (for `#[serde(serialize_with = "…")]` on settings fields).
///
/// # Errors
/// Whatever the serializer fails with.
pub fn serialize_redacted<S: Serializer>(
    secret: &Option<SecretString>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match secret {
        Some(_) => serializer.serialize_some("[REDACTED]"),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_secrets_are_unset() {
        assert_eq!(configured(None), None);
        assert_eq!(configured(Some(&SecretString::from("  "))), None);
        assert_eq!(configured(Some(&SecretString::from(" k "))), Some("k"));
    }
}
