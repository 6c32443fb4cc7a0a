//! The user-state domain's error. Messages are the API's (§2.7).

use tastebuds_kernel::{FieldErrors, Unavailable};

/// Why a user-state operation failed.
#[derive(Debug, thiserror::Error)]
pub enum UserStateError {
    /// The media item is not in the catalog.
    #[error("Media item not found")]
    UnknownMedia,
    /// The log entry does not exist or is someone else's (they look the same).
    #[error("Log entry not found")]
    LogNotFound,
    /// The input broke field rules (a 422).
    #[error("invalid input: {0}")]
    Validation(FieldErrors),
    /// Storage cannot be reached right now; the same call may succeed later (a 503).
    #[error(transparent)]
    Unavailable(#[from] Unavailable),
    /// A storage or programming failure; opaque to clients (a 500).
    #[error("unexpected user-state error")]
    Unexpected(#[source] anyhow::Error),
}

impl From<FieldErrors> for UserStateError {
    fn from(errors: FieldErrors) -> Self {
        Self::Validation(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_store_is_unavailable_not_unexpected() {
        let error = UserStateError::from(Unavailable::new("database", "connection refused"));
        assert!(matches!(error, UserStateError::Unavailable(_)));
        assert_eq!(error.to_string(), "database unavailable");
    }
}
