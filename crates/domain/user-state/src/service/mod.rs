//! The user-state use cases (API.md §2.7, §5.7). Every rule lives here or in the pure
//! functions it calls:
//!
//! - **Ownership**: every call takes the caller's [`UserId`]; someone else's log is
//!   answered exactly like a missing one (`Log entry not found`).
//! - **PUT replaces every field** of the state (`decide::replace_state`).
//! - **Logs move the state** (§5.7, [`crate::transition`]), in `logged_at` order: the
//!   log and the state change are one [`UserStateRepository::write`], decided under the
//!   pair's lock from the state and the pair's later logs, so two logs recorded at once
//!   leave the state that the later `logged_at` implies.
//! - **Editing a log** with at least one key re-applies it; an empty patch changes
//!   nothing. **Deleting a log never reverts the state.**
//! - **Time** comes from the [`Clock`], truncated to microseconds (what `timestamptz`
//!   keeps), and so do the times callers send, so every store returns what was decided.
//! - The library is sorted, counted and trimmed by [`Library::build`].

mod decide;

use std::sync::Arc;

use chrono::{DateTime, SubsecRound, Utc};
use tastebuds_kernel::{Clock, MediaItemId, UserId, UserItemLogId};

use crate::commands::{LogDraft, LogFilter, LogPatch, StateReplacement};
use crate::error::UserStateError;
use crate::models::{Library, UserItemLog, UserItemState};
use crate::ports::{ChangeFn, Saved, UserStateRepository, WriteScope};

/// States, logs and the library of each user.
#[derive(Clone)]
pub struct UserStateService {
    store: Arc<dyn UserStateRepository>,
    clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for UserStateService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserStateService").finish_non_exhaustive()
    }
}

/// `at` as storage keeps it: whole microseconds.
fn micros(at: DateTime<Utc>) -> DateTime<Utc> {
    at.trunc_subsecs(6)
}

impl UserStateService {
    /// Wires the service to its store and clock.
    #[must_use]
    pub fn new(store: Arc<dyn UserStateRepository>, clock: Arc<dyn Clock>) -> Self {
        Self { store, clock }
    }

    fn now(&self) -> DateTime<Utc> {
        micros(self.clock.now())
    }

    /// Every state of the caller, unordered (`GET /api/me/states`).
    ///
    /// # Errors
    /// [`UserStateError::Unavailable`] or [`UserStateError::Unexpected`] from the store.
    #[tracing::instrument(name = "states.list", skip_all, fields(user.id = %user))]
    pub async fn list_states(&self, user: UserId) -> Result<Vec<UserItemState>, UserStateError> {
        self.store.list_states(user).await
    }

    /// Creates the caller's state on an item or replaces every field of it
    /// (`PUT /api/me/states/{media_item_id}`).
    ///
    /// # Errors
    /// [`UserStateError::UnknownMedia`] when the item is not in the catalog.
    #[tracing::instrument(name = "states.put", skip_all, fields(user.id = %user))]
    pub async fn put_state(
        &self,
        user: UserId,
        media_item_id: MediaItemId,
        mut replacement: StateReplacement,
    ) -> Result<UserItemState, UserStateError> {
        replacement.started_at = replacement.started_at.map(micros);
        replacement.finished_at = replacement.finished_at.map(micros);
        let now = self.now();
        let pair = (user, media_item_id);
        let scope = WriteScope {
            user_id: user,
            media_item_id,
            log_id: None,
            later_than: None,
        };
        let saved = (self.store)
            .write(
                scope,
                Box::new(move |snapshot| {
                    Ok(decide::replace_state(snapshot, pair, replacement, now))
                }),
            )
            .await?;
        saved.state.ok_or_else(|| missing("state"))
    }

    /// The caller's library: items with a state or a log, most recent activity first,
    /// with the status summary and `next_up` (`GET /api/me/library`).
    ///
    /// # Errors
    /// [`UserStateError::Unavailable`] or [`UserStateError::Unexpected`] from the store.
    #[tracing::instrument(name = "library.get", skip_all, fields(user.id = %user))]
    pub async fn library(&self, user: UserId) -> Result<Library, UserStateError> {
        Ok(Library::build(self.store.library_items(user).await?))
    }

    /// The caller's logs, newest first, filtered and paged (`GET /api/me/logs`).
    ///
    /// # Errors
    /// [`UserStateError::Unavailable`] or [`UserStateError::Unexpected`] from the store.
    #[tracing::instrument(name = "logs.list", skip_all, fields(user.id = %user))]
    pub async fn list_logs(
        &self,
        user: UserId,
        filter: LogFilter,
    ) -> Result<Vec<UserItemLog>, UserStateError> {
        self.store.list_logs(user, filter).await
    }

    /// Records a log of the caller and moves their state on the item
    /// (`POST /api/me/logs`).
    ///
    /// # Errors
    /// [`UserStateError::UnknownMedia`] when the item is not in the catalog.
    #[tracing::instrument(name = "logs.record", skip_all, fields(user.id = %user))]
    pub async fn record_log(
        &self,
        user: UserId,
        mut draft: LogDraft,
    ) -> Result<UserItemLog, UserStateError> {
        let now = self.now();
        draft.logged_at = Some(draft.logged_at.map_or(now, micros));
        let scope = WriteScope {
            user_id: user,
            media_item_id: draft.media_item_id,
            log_id: None,
            later_than: draft.logged_at,
        };
        let change: ChangeFn =
            Box::new(move |snapshot| Ok(decide::record_log(snapshot, user, draft, now)));
        logged(self.store.write(scope, change).await?)
    }

    /// Applies the keys sent to one of the caller's logs and, if any was sent, moves the
    /// state with the edited log (`PATCH /api/me/logs/{log_id}`).
    ///
    /// # Errors
    /// [`UserStateError::LogNotFound`] when the log is missing or someone else's.
    #[tracing::instrument(name = "logs.update", skip_all, fields(user.id = %user, log.id = %log_id))]
    pub async fn update_log(
        &self,
        user: UserId,
        log_id: UserItemLogId,
        mut patch: LogPatch,
    ) -> Result<UserItemLog, UserStateError> {
        let found = self.own_log(user, log_id).await?;
        if patch.is_empty() {
            return Ok(found);
        }
        patch.logged_at = patch.logged_at.map(micros);
        let now = self.now();
        let scope = WriteScope {
            user_id: user,
            media_item_id: found.media_item_id,
            log_id: Some(log_id),
            later_than: Some(patch.logged_at.unwrap_or(found.logged_at)),
        };
        let change: ChangeFn =
            Box::new(move |snapshot| decide::edit_log(snapshot, user, patch, now));
        logged(self.store.write(scope, change).await?)
    }

    /// Deletes one of the caller's logs; the state stays as it is
    /// (`DELETE /api/me/logs/{log_id}`).
    ///
    /// # Errors
    /// [`UserStateError::LogNotFound`] when the log is missing or someone else's.
    #[tracing::instrument(name = "logs.delete", skip_all, fields(user.id = %user, log.id = %log_id))]
    pub async fn delete_log(
        &self,
        user: UserId,
        log_id: UserItemLogId,
    ) -> Result<(), UserStateError> {
        self.own_log(user, log_id).await?;
        if self.store.delete_log(log_id).await? {
            Ok(())
        } else {
            Err(UserStateError::LogNotFound)
        }
    }

    /// The log, if it is `user`'s.
    async fn own_log(
        &self,
        user: UserId,
        log_id: UserItemLogId,
    ) -> Result<UserItemLog, UserStateError> {
        (self.store.find_log(log_id).await?)
            .filter(|log| log.user_id == user)
            .ok_or(UserStateError::LogNotFound)
    }
}

/// The log a write saved.
fn logged(saved: Saved) -> Result<UserItemLog, UserStateError> {
    saved.log.ok_or_else(|| missing("log"))
}

/// A store that did not hand back what it was asked to write: a broken adapter.
fn missing(what: &str) -> UserStateError {
    UserStateError::Unexpected(anyhow::anyhow!(
        "the store returned no {what} after writing one"
    ))
}

#[cfg(test)]
mod tests;
