//! The user-state domain's error. Messages are the API's (§2.7).

use tastebuds_kernel::FieldErrors;

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
    /// A storage or programming failure; opaque to clients.
    #[error("unexpected user-state error")]
    Unexpected(#[source] anyhow::Error),
}

impl From<FieldErrors> for UserStateError {
    fn from(errors: FieldErrors) -> Self {
        Self::Validation(errors)
    }
}
