//! The media domain's error.

use tastebuds_kernel::{MediaItemId, Unavailable};

use crate::source::SourceError;

/// Why a catalog or ingest operation failed.
#[derive(Debug, thiserror::Error)]
pub enum MediaError {
    /// No catalog item has this id.
    #[error("media item {0} not found")]
    NotFound(MediaItemId),
    /// The source name is unknown, or the source is not configured on this server.
    #[error("unsupported source `{0}`")]
    UnknownSource(String),
    /// The upstream call failed (not found upstream, rate limited, circuit open, …).
    #[error("upstream source failed")]
    Source(#[source] SourceError),
    /// The identifier cannot name a record of the source.
    #[error("invalid identifier: {0}")]
    InvalidIdentifier(String),
    /// The ingest request named no identifier (`external_id` and `url` both blank).
    #[error("identifier required")]
    IdentifierRequired,
    /// The catalog's storage cannot be reached right now; the same call may succeed
    /// later (503).
    #[error(transparent)]
    Unavailable(#[from] Unavailable),
    /// A storage or programming failure; opaque to clients.
    #[error("unexpected media error")]
    Unexpected(#[source] anyhow::Error),
}

impl From<SourceError> for MediaError {
    /// A connector's [`SourceError::InvalidIdentifier`] becomes
    /// [`MediaError::InvalidIdentifier`]; every other source error is wrapped.
    fn from(error: SourceError) -> Self {
        match error {
            SourceError::InvalidIdentifier(message) => Self::InvalidIdentifier(message),
            other => Self::Source(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_identifiers_are_lifted_and_other_source_errors_wrapped() {
        let lifted = MediaError::from(SourceError::InvalidIdentifier("abc".into()));
        assert!(matches!(lifted, MediaError::InvalidIdentifier(ref m) if m == "abc"));

        let wrapped = MediaError::from(SourceError::NotFound);
        assert!(matches!(wrapped, MediaError::Source(SourceError::NotFound)));
    }
}
