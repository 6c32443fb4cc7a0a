//! The accounts error type. The HTTP shell maps each variant to one status and message
//! (API.md §2.2, §1.3).

use tastebuds_kernel::{FieldErrors, Unavailable};

/// Everything a use case or port of this crate can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AccountsError {
    /// The input is invalid (422).
    #[error("invalid input: {0}")]
    Validation(FieldErrors),
    /// The email already belongs to an account (400 `Email already registered`).
    #[error("email already registered")]
    EmailTaken,
    /// Unknown email or wrong password; deliberately indistinguishable
    /// (401 `Invalid credentials`).
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The access token is missing, malformed, badly signed, expired or not an access
    /// token (401 `Invalid token`).
    #[error("invalid access token")]
    InvalidToken,
    /// The refresh token is unknown, revoked or expired
    /// (401 `Invalid or expired refresh token`).
    #[error("invalid or expired refresh token")]
    InvalidRefreshToken,
    /// An already-rotated refresh token was presented again; its chain has been revoked
    /// (401 `Invalid or expired refresh token`).
    #[error("refresh token reused")]
    RefreshTokenReused,
    /// No refresh token was presented (401 `Missing refresh token`).
    #[error("missing refresh token")]
    MissingRefreshToken,
    /// The token is valid but its user no longer exists (401 `User not found`).
    #[error("user not found")]
    UserNotFound,
    /// The session is unknown, another user's, or already revoked (404 `Session not found`).
    #[error("session not found")]
    SessionNotFound,
    /// Every password hashing worker is busy and the queue in front of them is full; the
    /// same call may succeed after `retry_after` (503 with `Retry-After`).
    #[error("password hashing is saturated")]
    Busy {
        /// An estimate of when the queue will have room again.
        retry_after: std::time::Duration,
    },
    /// A backing service (the database) cannot be reached right now; the same call may
    /// succeed later (503).
    #[error(transparent)]
    Unavailable(#[from] Unavailable),
    /// An infrastructure failure (500, logged with its cause chain).
    #[error("unexpected accounts failure")]
    Unexpected(#[from] anyhow::Error),
}

impl From<FieldErrors> for AccountsError {
    fn from(errors: FieldErrors) -> Self {
        Self::Validation(errors)
    }
}
