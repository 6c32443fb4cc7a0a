//! Tokens handed to clients and their lifetimes.

use std::fmt;

use chrono::{DateTime, TimeDelta, Utc};

use crate::user::User;

const REDACTED: &str = "[REDACTED]";

/// A signed access token (a JWT in production) and its expiry.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken {
    /// The encoded token, sent as a Bearer credential or cookie.
    pub token: String,
    /// When it stops being accepted.
    pub expires_at: DateTime<Utc>,
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &REDACTED)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// A freshly generated opaque refresh token: the plain value goes to the client once,
/// only its hash is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct IssuedRefreshToken {
    /// The plain token (URL-safe, given to the client).
    pub token: String,
    /// SHA-256 hex digest of `token`, the only form stored.
    pub hash: String,
}

impl fmt::Debug for IssuedRefreshToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedRefreshToken")
            .field("token", &REDACTED)
            .field("hash", &self.hash)
            .finish()
    }
}

/// What register, login and refresh return.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenPair {
    /// The new access token.
    pub access_token: String,
    /// The new plain refresh token.
    pub refresh_token: String,
    /// When the access token expires.
    pub access_expires_at: DateTime<Utc>,
    /// When the refresh token expires.
    pub refresh_expires_at: DateTime<Utc>,
    /// The signed-in user.
    pub user: User,
}

impl fmt::Debug for TokenPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenPair")
            .field("access_token", &REDACTED)
            .field("refresh_token", &REDACTED)
            .field("access_expires_at", &self.access_expires_at)
            .field("refresh_expires_at", &self.refresh_expires_at)
            .field("user", &self.user)
            .finish()
    }
}

/// How long tokens live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenLifetimes {
    /// Access token lifetime (`ACCESS_TOKEN_EXPIRES_MINUTES`, default 30 minutes).
    pub access: TimeDelta,
    /// Refresh token lifetime (`REFRESH_TOKEN_EXPIRES_MINUTES`, default 7 days).
    pub refresh: TimeDelta,
}

impl TokenLifetimes {
    /// Lifetimes given in minutes, as configured.
    #[must_use]
    pub fn from_minutes(access: u32, refresh: u32) -> Self {
        Self {
            access: TimeDelta::minutes(i64::from(access)),
            refresh: TimeDelta::minutes(i64::from(refresh)),
        }
    }
}

impl Default for TokenLifetimes {
    fn default() -> Self {
        Self::from_minutes(30, 7 * 24 * 60)
    }
}

/// Why a token could not be issued or was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The token was well formed and correctly signed but has expired.
    #[error("token expired")]
    Expired,
    /// Malformed, badly signed, signed with another algorithm, or not an access token.
    #[error("invalid token: {0}")]
    Invalid(String),
    /// Signing or generating a token failed (a bug or an unavailable OS RNG).
    #[error("token could not be issued")]
    Issue(#[source] anyhow::Error),
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use tastebuds_kernel::UserId;

    use super::*;
    use crate::email::Email;
    use crate::password::PasswordHash;

    #[test]
    fn default_lifetimes_match_the_contract() {
        let lifetimes = TokenLifetimes::default();
        assert_eq!(lifetimes.access, TimeDelta::seconds(1800));
        assert_eq!(lifetimes.refresh, TimeDelta::seconds(604_800));
    }

    #[test]
    fn tokens_stay_out_of_debug() {
        let now = Utc::now();
        let pair = TokenPair {
            access_token: "jwt-secret-value".to_owned(),
            refresh_token: "refresh-secret-value".to_owned(),
            access_expires_at: now,
            refresh_expires_at: now,
            user: crate::user::User {
                id: UserId::new(),
                email: Email::parse("a@b.co").unwrap(),
                display_name: None,
                password_hash: PasswordHash::new("$2b$04$x"),
                created_at: now,
            },
        };
        let access = AccessToken {
            token: "jwt-secret-value".to_owned(),
            expires_at: now,
        };
        let refresh = IssuedRefreshToken {
            token: "refresh-secret-value".to_owned(),
            hash: "digest".to_owned(),
        };
        for shown in [
            format!("{pair:?}"),
            format!("{access:?}"),
            format!("{refresh:?}"),
        ] {
            assert!(!shown.contains("secret-value"), "{shown}");
        }
        assert!(format!("{refresh:?}").contains("digest"));
    }
}
