//! A transparent [`TokenIssuer`] for tests.

use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use tastebuds_kernel::UserId;

use crate::ports::TokenIssuer;
use crate::token::{AccessToken, IssuedRefreshToken, TokenError};

const ACCESS_PREFIX: &str = "fake-access";

/// Unsigned, readable tokens: `fake-access.<user>.<expiry micros>` and numbered refresh
/// tokens whose "hash" is a fixed 64-hex-digit transform. Never use outside tests.
#[derive(Debug, Default)]
pub struct FakeTokenIssuer {
    issued: AtomicU64,
}

impl FakeTokenIssuer {
    /// A new issuer.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

impl TokenIssuer for FakeTokenIssuer {
    fn issue_access(
        &self,
        user: UserId,
        _issued_at: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<AccessToken, TokenError> {
        Ok(AccessToken {
            token: format!("{ACCESS_PREFIX}.{user}.{}", expires_at.timestamp_micros()),
            expires_at,
        })
    }

    fn verify_access(&self, token: &str, now: DateTime<Utc>) -> Result<UserId, TokenError> {
        let parse = || -> anyhow::Result<(UserId, i64)> {
            let mut parts = token.split('.');
            anyhow::ensure!(
                parts.next() == Some(ACCESS_PREFIX),
                "not a fake access token"
            );
            let user = parts.next().context("no user")?.parse()?;
            let expiry = parts.next().context("no expiry")?.parse()?;
            anyhow::ensure!(parts.next().is_none(), "trailing parts");
            Ok((user, expiry))
        };
        let (user, expiry) = parse().map_err(|e| TokenError::Invalid(e.to_string()))?;
        if now.timestamp_micros() >= expiry {
            return Err(TokenError::Expired);
        }
        Ok(user)
    }

    fn new_refresh_token(&self) -> Result<IssuedRefreshToken, TokenError> {
        let n = self.issued.fetch_add(1, Ordering::SeqCst);
        let token = format!("fake-refresh-{n}-{}", uuid::Uuid::now_v7().simple());
        let hash = self.hash_refresh_token(&token);
        Ok(IssuedRefreshToken { token, hash })
    }

    fn hash_refresh_token(&self, token: &str) -> String {
        // Not cryptographic: FNV-1a folded four times into 64 hex digits.
        (0..4u64)
            .map(|round| {
                let mut hash = 0xcbf2_9ce4_8422_2325_u64 ^ round;
                for byte in token.bytes() {
                    hash ^= u64::from(byte);
                    hash = hash.wrapping_mul(0x0100_0000_01b3);
                }
                format!("{hash:016x}")
            })
            .collect()
    }
}
