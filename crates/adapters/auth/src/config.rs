//! Settings of the authentication adapters, composed into the shell's settings.

use chrono::TimeDelta;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use tastebuds_accounts::TokenLifetimes;

use crate::hasher::{DEFAULT_BCRYPT_COST, DEFAULT_HASH_QUEUE};
use crate::pool::PoolSize;

/// The `auth` settings section (`[auth]`, `TASTEBUDS__AUTH__*`). Every field has a
/// default, so an empty section works (except that production needs a `jwt_secret`,
/// which the shell enforces; in development it generates an ephemeral one).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct AuthConfig {
    /// HS256 signing secret (`JWT_SECRET_KEY`); redacted in `Debug`; required in
    /// production.
    #[serde(serialize_with = "serialize_redacted")]
    pub jwt_secret: Option<SecretString>,
    /// Access token lifetime in minutes (`ACCESS_TOKEN_EXPIRES_MINUTES`, default 30).
    pub access_token_minutes: u32,
    /// Refresh token lifetime in minutes (`REFRESH_TOKEN_EXPIRES_MINUTES`, default 10080).
    pub refresh_token_minutes: u32,
    /// bcrypt work factor (4–31) for new hashes and the dummy verification (default 12).
    pub bcrypt_cost: u32,
    /// Threads that hash and verify passwords; unset means one per core. All of them
    /// take jobs only while the CPU is to spare; while their jobs wait for a CPU, only
    /// one does, pausing between jobs, so requests keep most of the machine.
    pub hash_workers: Option<usize>,
    /// Hash or verify jobs that may wait for a busy worker (default 8); beyond them,
    /// register, login and password changes answer 503 with `Retry-After` at once.
    pub hash_queue: usize,
    /// How long a refresh session is kept after it expired, in days, so the sessions
    /// list can show it and reuse detection can still recognise its chain (default 30);
    /// older rows are purged.
    pub session_retention_days: u32,
    /// How often the server purges sessions past their retention, in minutes (default
    /// 60); 0 turns the schedule off, for replicas that leave purging to another one.
    pub session_purge_interval_minutes: u32,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            jwt_secret: None,
            access_token_minutes: 30,
            refresh_token_minutes: 7 * 24 * 60,
            bcrypt_cost: DEFAULT_BCRYPT_COST,
            hash_workers: None,
            hash_queue: DEFAULT_HASH_QUEUE,
            session_retention_days: 30,
            session_purge_interval_minutes: 60,
        }
    }
}

impl AuthConfig {
    /// The configured token lifetimes, for the accounts service.
    #[must_use]
    pub fn lifetimes(&self) -> TokenLifetimes {
        TokenLifetimes::from_minutes(self.access_token_minutes, self.refresh_token_minutes)
    }

    /// How long a session row is kept after it expired.
    #[must_use]
    pub fn session_retention(&self) -> TimeDelta {
        TimeDelta::days(i64::from(self.session_retention_days))
    }

    /// The period of the server's purge of old sessions; `None` when turned off.
    #[must_use]
    pub fn session_purge_interval(&self) -> Option<std::time::Duration> {
        (self.session_purge_interval_minutes > 0).then(|| {
            std::time::Duration::from_secs(u64::from(self.session_purge_interval_minutes) * 60)
        })
    }
}

impl AuthConfig {
    /// The password hashing pool these settings ask for.
    #[must_use]
    pub fn hash_pool(&self) -> PoolSize {
        let mut size = PoolSize::one_per_core(self.hash_queue);
        if let Some(workers) = self.hash_workers {
            size.workers = workers.max(1);
        }
        size
    }
}

/// `null` when unset, `"[REDACTED]"` when set: the secret's value is never serialized.
fn serialize_redacted<S: serde::Serializer>(
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
    fn defaults_match_the_contract() {
        let config = AuthConfig::default();
        assert_eq!(config.bcrypt_cost, 12);
        assert_eq!(config.lifetimes(), TokenLifetimes::default());
        assert_eq!(
            config.hash_pool(),
            PoolSize::one_per_core(DEFAULT_HASH_QUEUE)
        );
        let pinned = AuthConfig {
            hash_workers: Some(3),
            hash_queue: 0,
            ..AuthConfig::default()
        };
        assert_eq!(
            pinned.hash_pool(),
            PoolSize {
                workers: 3,
                queue: 0
            }
        );
    }

    #[test]
    fn secret_is_redacted_in_debug() {
        let config = AuthConfig {
            jwt_secret: Some(SecretString::from("super-secret-signing-key")),
            ..AuthConfig::default()
        };
        assert!(!format!("{config:?}").contains("super-secret"));
    }
}
