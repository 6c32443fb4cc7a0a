//! The user-state domain's storage port: persistence only.
//!
//! Design rules:
//! - Ports are `Send + Sync` object-safe async traits, held as `Arc<dyn Port>` by
//!   the `UserStateService`; they speak domain types only.
//! - **No rule lives here.** Ownership, the log → state derivation (§5.7), "PUT replaces
//!   every field", "deleting a log never reverts the state" and every timestamp are the
//!   service's. Ids and times arrive chosen and are stored verbatim (microsecond
//!   precision, what `timestamptz` keeps).
//! - **Every change to a state is one [`UserStateRepository::write`]**: ONE transaction
//!   that takes the lock of one (user, item) pair, loads a [`Snapshot`], runs the
//!   service's pure [`ChangeFn`] on it synchronously (so a Diesel store calls it inside
//!   its `spawn_blocking` transaction) and persists the returned [`Change`]. Writes on
//!   one pair therefore never interleave, and a log and the state change it causes
//!   commit together or not at all.
//! - Reads come back as each method says (only [`UserStateRepository::list_logs`] is
//!   sorted, because it pages); logs and library items embed their
//!   [`MediaCard`](crate::MediaCard), joined from the catalog.
//! - Every method MAY return [`UserStateError::Unavailable`] when storage cannot be
//!   reached (a failed connection checkout, say), and [`UserStateError::Unexpected`] for
//!   any other failure; its `# Errors` section lists the variants it MUST return besides.
//!   Foreign-key violations are recognised by constraint name, never surfaced as
//!   `Unexpected`. The contract suite in `crate::testing` (feature `testing`) checks
//!   these promises against every implementation.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tastebuds_kernel::{MediaItemId, UserId, UserItemLogId};

use crate::commands::LogFilter;
use crate::error::UserStateError;
use crate::models::{LibraryItem, LogEvent, UserItemLog, UserItemState};

/// What a [`UserStateRepository::write`] locks and loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteScope {
    /// The user of the (user, item) pair to lock.
    pub user_id: UserId,
    /// The item of the (user, item) pair to lock.
    pub media_item_id: MediaItemId,
    /// A log to load (and lock) into [`Snapshot::log`].
    pub log_id: Option<UserItemLogId>,
    /// Load the pair's logs with `logged_at` strictly after this instant into
    /// [`Snapshot::later_logs`]; `None` loads none.
    pub later_than: Option<DateTime<Utc>>,
}

/// What a [`UserStateRepository::write`] found, under the pair's lock.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// The pair's state, if it has one.
    pub state: Option<UserItemState>,
    /// The log with [`WriteScope::log_id`], whoever owns it (`media_item` need not be
    /// filled); `None` when there is no such log or no id was asked for.
    pub log: Option<UserItemLog>,
    /// The pair's logs with `logged_at > `[`WriteScope::later_than`], in any order.
    pub later_logs: Vec<LogEvent>,
}

/// A log to write in a [`Change`].
#[derive(Clone, Debug, PartialEq)]
pub enum LogWrite {
    /// Insert this new log, every column as given.
    Insert(UserItemLog),
    /// Overwrite the existing log with this id: every column as given (its `user_id`
    /// and `media_item_id` never change).
    Update(UserItemLog),
}

/// What a [`ChangeFn`] asks the store to persist.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Change {
    /// The pair's new state, every column as given: inserted when the pair has none,
    /// else overwriting the existing row (same id). `None` leaves the state alone.
    pub state: Option<UserItemState>,
    /// A log to insert or overwrite.
    pub log: Option<LogWrite>,
}

/// What a [`UserStateRepository::write`] persisted.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    /// The state written, as given in [`Change::state`].
    pub state: Option<UserItemState>,
    /// The log written, as stored, with its [`MediaCard`](crate::MediaCard) embedded.
    pub log: Option<UserItemLog>,
}

/// The service's pure decision: from what is stored to what to store. Run exactly once,
/// synchronously, while the store holds the pair's lock; an `Err` is returned by the
/// store as is, with nothing written.
pub type ChangeFn = Box<dyn FnOnce(Snapshot) -> Result<Change, UserStateError> + Send + 'static>;

/// Storage of per-user item states and activity logs.
#[async_trait]
pub trait UserStateRepository: Send + Sync {
    /// In ONE transaction: takes the lock of the pair `(scope.user_id,
    /// scope.media_item_id)`, loads the [`Snapshot`] `scope` asks for, calls `change`
    /// with it and persists the returned [`Change`] (the state, then the log).
    ///
    /// The lock MUST serialize every `write` on the same pair for the whole
    /// transaction, also while the pair has no state row yet (PostgreSQL:
    /// `pg_advisory_xact_lock` on a hash of the pair, then `SELECT … FOR UPDATE` of
    /// the state and of the scope's log), so that two concurrent writes never decide
    /// from the same snapshot.
    ///
    /// # Errors
    /// - The error `change` returns, as is; nothing is written.
    /// - MUST return [`UserStateError::UnknownMedia`] when the change refers to an item
    ///   that is not in the catalog (the foreign keys of `user_item_states` and
    ///   `user_item_logs` to `media_items`); nothing is written.
    async fn write(&self, scope: WriteScope, change: ChangeFn) -> Result<Saved, UserStateError>;

    /// Every state of `user`, in any order.
    ///
    /// # Errors
    /// Only [`UserStateError::Unavailable`] or [`UserStateError::Unexpected`].
    async fn list_states(&self, user: UserId) -> Result<Vec<UserItemState>, UserStateError>;

    /// The log with this id, whoever owns it, with its media card; `Ok(None)` when there
    /// is none.
    ///
    /// # Errors
    /// Only [`UserStateError::Unavailable`] or [`UserStateError::Unexpected`].
    async fn find_log(&self, id: UserItemLogId) -> Result<Option<UserItemLog>, UserStateError>;

    /// Deletes the log with this id (and nothing else); `false` when there was none.
    ///
    /// # Errors
    /// Only [`UserStateError::Unavailable`] or [`UserStateError::Unexpected`].
    async fn delete_log(&self, id: UserItemLogId) -> Result<bool, UserStateError>;

    /// `user`'s logs matching `filter` (item, type), with their media cards, sorted by
    /// `logged_at` descending, then `created_at` descending, then id descending, then
    /// paged by `filter.page` (offset, then limit).
    ///
    /// # Errors
    /// Only [`UserStateError::Unavailable`] or [`UserStateError::Unexpected`].
    async fn list_logs(
        &self,
        user: UserId,
        filter: LogFilter,
    ) -> Result<Vec<UserItemLog>, UserStateError>;

    /// One entry per item on which `user` has a state or at least one log, in any order:
    /// the item's card, the state, the newest log (greatest `logged_at`, then
    /// `created_at`, then id) with its card, and the number of `user`'s logs on it.
    ///
    /// # Errors
    /// Only [`UserStateError::Unavailable`] or [`UserStateError::Unexpected`].
    async fn library_items(&self, user: UserId) -> Result<Vec<LibraryItem>, UserStateError>;
}
