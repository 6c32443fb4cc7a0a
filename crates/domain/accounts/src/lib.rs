#![doc = include_str!("../README.md")]

mod commands;
mod display_name;
mod email;
mod error;
mod password;
pub mod ports;
mod service;
mod session;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
mod token;
mod user;

pub use commands::{Credentials, Registration};
pub use display_name::{DisplayName, MAX_DISPLAY_NAME_CHARS};
pub use email::{Email, MAX_EMAIL_CHARS};
pub use error::AccountsError;
pub use password::{
    MAX_PASSWORD_BYTES, MIN_PASSWORD_CHARS, NewPassword, PasswordAttempt, PasswordHash,
};
pub use ports::{PasswordHasher, RotateOutcome, SessionRepository, TokenIssuer, UserRepository};
pub use service::AccountsService;
pub use session::{NewSession, RefreshSession, RevokeReason, SessionView, UnknownRevokeReason};
pub use token::{AccessToken, IssuedRefreshToken, TokenError, TokenLifetimes, TokenPair};
pub use user::{NewUser, User};
