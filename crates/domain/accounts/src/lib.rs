#![doc = include_str!("../README.md")]

mod chain;
mod commands;
mod display_name;
mod email;
mod error;
mod password;
pub mod ports;
pub mod rotation;
mod service;
mod session;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod token;
mod user;

pub use chain::{Decided, LockedChain, Revocation, SessionChange, SessionKey};
pub use commands::{Credentials, Registration};
pub use display_name::{DisplayName, MAX_DISPLAY_NAME_CHARS};
pub use email::{Email, MAX_EMAIL_CHARS};
pub use error::AccountsError;
pub use password::{
    MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARS, NewPassword, PasswordAttempt, PasswordHash,
};
pub use ports::{ChainDecision, PasswordHasher, SessionRepository, TokenIssuer, UserRepository};
pub use rotation::RotateOutcome;
pub use service::{AccountsService, DEFAULT_SESSION_RETENTION_DAYS, MAX_LISTED_SESSIONS};
pub use session::{NewSession, RefreshSession, RevokeReason, SessionView, UnknownRevokeReason};
pub use token::{AccessToken, IssuedRefreshToken, TokenError, TokenLifetimes, TokenPair};
pub use user::{NewUser, User};
