//! The accounts stores: [`PgUserRepository`] (`users`) and [`PgSessionRepository`]
//! (`refresh_tokens`), implementing the ports of `tastebuds-accounts`.
//!
//! Design:
//! - Every port call is one [`PgPool::run`](crate::PgPool::run) on the blocking pool;
//!   writes touching more than one row run in one transaction inside it.
//! - Row structs (`rows`) stay private to the adapter; rows convert into domain types
//!   after the closure returns, and a stored value the domain refuses (an unknown revoke
//!   reason) is `Unexpected`, never a panic.
//! - Constraint violations are classified by name: `users_email_key` →
//!   `EmailTaken`, `refresh_tokens_user_id_fkey` → `UserNotFound`.
//! - A registration (a user and its first session) is one transaction in
//!   [`PgSessionRepository`], so it never half-succeeds.
//! - A refresh, a logout or a session revocation is one chain change (`chain`): lock the
//!   named session and walk its successors with `SELECT … FOR UPDATE`, run the
//!   service's decision inside the transaction, write the revocations and the insert it
//!   returns. The §5.1 rules (rotated / reused / expired, which descendants) are the
//!   domain's (`tastebuds_accounts::rotation`), not this store's.

mod chain;
mod rows;
mod sessions;
mod users;

pub use sessions::PgSessionRepository;
pub use users::PgUserRepository;
