//! Port contract suites. Each function drives one implementation through the promises
//! of its port's docs and panics on the first broken one, so the in-memory fakes and
//! the real adapters are held to the SAME assertions:
//!
//! ```ignore
//! #[tokio::test]
//! async fn pg_sessions_keep_the_contract() {
//!     let db = TestDb::new().await;
//!     let users = PgUserRepository::new(db.pool());
//!     let sessions = PgSessionRepository::new(db.pool());
//!     session_repository_contract(&sessions, &users).await;
//! }
//! ```
//!
//! The suites only add rows with fresh ids, emails and token hashes, so they can share
//! a database with other data. Timestamps have microsecond precision (what
//! `timestamptz` keeps) and are fixed, not read from the wall clock: implementations
//! must take time from their `now` arguments. The session suite includes a race of two
//! concurrent rotations; run it where the implementation can really run them in
//! parallel (a multi-threaded runtime and a pool of at least two connections).

mod crypto;
mod sessions;
mod users;

pub use crypto::{password_hasher_contract, token_issuer_contract};
pub use sessions::session_repository_contract;
pub use users::user_repository_contract;

use chrono::{DateTime, TimeZone, Utc};
use tastebuds_kernel::UserId;
use uuid::Uuid;

use crate::display_name::DisplayName;
use crate::email::Email;
use crate::password::PasswordHash;
use crate::user::NewUser;

/// The fixed instant the suites start from: 2025-03-20T14:05:09.123456Z.
#[must_use]
pub fn base_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 20, 14, 5, 9)
        .single()
        .and_then(|t| t.checked_add_signed(chrono::TimeDelta::microseconds(123_456)))
        .unwrap_or(DateTime::UNIX_EPOCH)
}

/// A never-used, already normalized email.
#[must_use]
pub fn unique_email() -> Email {
    let address = format!("contract-{}@example.com", Uuid::now_v7().simple());
    Email::parse(&address).unwrap_or_else(|error| unreachable!("{error}"))
}

/// A never-used 64-hex-digit token hash.
#[must_use]
pub fn unique_token_hash() -> String {
    format!("{}{}", Uuid::now_v7().simple(), Uuid::now_v7().simple())
}

/// A user to insert, with a fresh id and email.
#[must_use]
pub fn new_user(display_name: Option<&str>) -> NewUser {
    NewUser {
        id: UserId::new(),
        email: unique_email(),
        display_name: display_name
            .and_then(|name| DisplayName::parse(name).ok())
            .flatten(),
        password_hash: PasswordHash::new(
            "$2b$04$abcdefghijklmnopqrstuuJ3zQmz5CZ2o4fXyTKb9yd6iyvPz3bH2",
        ),
        created_at: base_time(),
    }
}
