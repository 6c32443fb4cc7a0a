//! The user-state domain's storage port.
//!
//! Design rules:
//! - Ports are `Send + Sync` object-safe async traits, held as `Arc<dyn Port>`; they
//!   speak domain types only.
//! - **Ownership is part of every call.** Each method takes the caller's [`UserId`] and
//!   sees only that user's states and logs; someone else's log is answered exactly like
//!   a missing one.
//! - **Logs drive the state in the same transaction.** Recording or editing a log applies
//!   [`apply_log`](crate::transition::apply_log) to the caller's state on that item
//!   (creating it when the rule says so) in the transaction that writes the log, with the
//!   state row locked, so concurrent logs cannot lose an update. Deleting a log never
//!   reverts the state.
//! - Logs and library items embed their [`crate::MediaCard`].
//! - Timestamps (`created_at`, `updated_at`) are set by the implementation.
//! - Storage failures are [`UserStateError::Unexpected`]; each method lists the other
//!   variants it MUST return. Foreign-key and check violations are mapped by constraint
//!   name, never surfaced as `Unexpected`.

use async_trait::async_trait;
use tastebuds_kernel::{MediaItemId, UserId, UserItemLogId};

use crate::commands::{LogFilter, LogPatch, NewLog, StateReplacement};
use crate::error::UserStateError;
use crate::models::{LibraryItem, UserItemLog, UserItemState};

/// Storage of per-user item states and activity logs.
#[async_trait]
pub trait UserStateRepository: Send + Sync {
    /// Every state of the caller, unordered.
    ///
    /// # Errors
    /// Only [`UserStateError::Unexpected`].
    async fn list_states(&self, user: UserId) -> Result<Vec<UserItemState>, UserStateError>;

    /// Creates the caller's state on the item, or fully replaces it (keeping its id and
    /// `created_at`), and returns it.
    ///
    /// # Errors
    /// [`UserStateError::UnknownMedia`] when the item is not in the catalog.
    async fn put_state(
        &self,
        user: UserId,
        media_item_id: MediaItemId,
        state: StateReplacement,
    ) -> Result<UserItemState, UserStateError>;

    /// The caller's logs matching `filter`, newest `logged_at` first, then newest
    /// `created_at`, paged by `filter.page`.
    ///
    /// # Errors
    /// Only [`UserStateError::Unexpected`].
    async fn list_logs(
        &self,
        user: UserId,
        filter: LogFilter,
    ) -> Result<Vec<UserItemLog>, UserStateError>;

    /// Stores a log of the caller and applies it to their state on the item (see the
    /// module rules); returns the log.
    ///
    /// # Errors
    /// [`UserStateError::UnknownMedia`] when the item is not in the catalog; nothing is
    /// written then.
    async fn record_log(&self, user: UserId, log: NewLog) -> Result<UserItemLog, UserStateError>;

    /// Applies `patch` to one of the caller's logs and, unless the patch is empty
    /// ([`LogPatch::is_empty`]), re-applies the edited log to the state; returns the log.
    ///
    /// # Errors
    /// [`UserStateError::LogNotFound`] when the log is missing or someone else's.
    async fn update_log(
        &self,
        user: UserId,
        log_id: UserItemLogId,
        patch: LogPatch,
    ) -> Result<UserItemLog, UserStateError>;

    /// Deletes one of the caller's logs; the state is left as it is.
    ///
    /// # Errors
    /// [`UserStateError::LogNotFound`] when the log is missing or someone else's.
    async fn delete_log(&self, user: UserId, log_id: UserItemLogId) -> Result<(), UserStateError>;

    /// One entry per item on which the caller has a state or at least one log, with the
    /// newest log and the log count, in any order ([`crate::Library::build`] sorts).
    ///
    /// # Errors
    /// Only [`UserStateError::Unexpected`].
    async fn library_items(&self, user: UserId) -> Result<Vec<LibraryItem>, UserStateError>;
}
