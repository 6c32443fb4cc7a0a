//! The error of search, previews and the quota.

use std::time::Duration;

use tastebuds_kernel::Unavailable;

/// Why a search or preview operation failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// External sources were requested by an anonymous caller (401).
    #[error("authentication required for external search")]
    AuthenticationRequired,
    /// The caller used up the external-search quota of the current window (429).
    #[error("external search quota exceeded ({max_requests} requests per {window_secs}s)")]
    QuotaExceeded {
        /// Searches allowed per window.
        max_requests: u32,
        /// The window's length in seconds.
        window_secs: u64,
        /// Time until the next window starts.
        retry_after: Duration,
    },
    /// No preview has this id, or it is someone else's (404, never 403).
    #[error("preview not found")]
    PreviewNotFound,
    /// The caller's preview has expired (404).
    #[error("preview expired")]
    PreviewExpired,
    /// The signed-in caller's account no longer exists (its token is still valid): the
    /// user foreign key of a quota or preview row refused it (401, as for any request of
    /// a deleted user).
    #[error("user not found")]
    UserNotFound,
    /// Storage cannot be reached right now (503).
    #[error(transparent)]
    Unavailable(#[from] Unavailable),
    /// A storage or programming failure; opaque to clients.
    #[error("unexpected search error")]
    Unexpected(#[source] anyhow::Error),
}

impl From<crate::MediaError> for SearchError {
    /// Catalog failures met while turning a preview into a catalog item.
    fn from(error: crate::MediaError) -> Self {
        match error {
            crate::MediaError::Unavailable(error) => Self::Unavailable(error),
            other => Self::Unexpected(anyhow::Error::new(other).context("storing a preview")),
        }
    }
}
