//! The pure decisions behind each write: from a [`Snapshot`] to a [`Change`]. They run
//! inside the store's transaction, under the pair's lock, and read no clock: `now`
//! comes in.

use chrono::{DateTime, Utc};
use tastebuds_kernel::{MediaItemId, UserId, UserItemLogId, UserItemStateId};

use crate::commands::{LogDraft, LogPatch, StateReplacement};
use crate::error::UserStateError;
use crate::models::{UserItemLog, UserItemState};
use crate::ports::{Change, LogWrite, Snapshot};
use crate::transition::{Progress, apply_log_in_time_order};

/// PUT: the state becomes `replacement`, every field of it (omitted ones were already
/// defaulted); the id and `created_at` of an existing state are kept.
pub(super) fn replace_state(
    snapshot: Snapshot,
    (user_id, media_item_id): (UserId, MediaItemId),
    replacement: StateReplacement,
    now: DateTime<Utc>,
) -> Change {
    let existing = snapshot.state.map(|state| (state.id, state.created_at));
    let (id, created_at) = existing.unwrap_or_else(|| (UserItemStateId::new(), now));
    let state = UserItemState {
        id,
        user_id,
        media_item_id,
        status: replacement.status,
        rating: replacement.rating,
        favorite: replacement.favorite,
        notes: replacement.notes,
        started_at: replacement.started_at,
        finished_at: replacement.finished_at,
        created_at,
        updated_at: now,
    };
    Change {
        state: Some(state),
        log: None,
    }
}

/// POST a log: insert it (logged `now` unless the draft says when) and move the state.
pub(super) fn record_log(
    snapshot: Snapshot,
    user_id: UserId,
    draft: LogDraft,
    now: DateTime<Utc>,
) -> Change {
    let log = UserItemLog {
        id: UserItemLogId::new(),
        user_id,
        media_item_id: draft.media_item_id,
        log_type: draft.log_type,
        notes: draft.notes,
        minutes_spent: draft.minutes_spent,
        progress_percent: draft.progress_percent,
        goal_target: draft.goal_target,
        goal_due_on: draft.goal_due_on,
        logged_at: draft.logged_at.unwrap_or(now),
        created_at: now,
        updated_at: now,
        media_item: None,
    };
    Change {
        state: moved_state(&snapshot, &log, now),
        log: Some(LogWrite::Insert(log)),
    }
}

/// PATCH a log: apply the keys sent and move the state with the edited log.
///
/// # Errors
/// [`UserStateError::LogNotFound`] when the log is gone or is not `user_id`'s.
pub(super) fn edit_log(
    mut snapshot: Snapshot,
    user_id: UserId,
    patch: LogPatch,
    now: DateTime<Utc>,
) -> Result<Change, UserStateError> {
    let mut log = (snapshot.log.take())
        .filter(|log| log.user_id == user_id)
        .ok_or(UserStateError::LogNotFound)?;
    patch.apply_to(&mut log);
    log.updated_at = now;
    Ok(Change {
        state: moved_state(&snapshot, &log, now),
        log: Some(LogWrite::Update(log)),
    })
}

/// The state after `log` (§5.7, in `logged_at` order), or `None` when nothing changes. A
/// new state starts with no rating, not a favorite, no notes.
fn moved_state(
    snapshot: &Snapshot,
    log: &UserItemLog,
    now: DateTime<Utc>,
) -> Option<UserItemState> {
    let current = snapshot.state.as_ref().map(Progress::from);
    let others: Vec<_> = (snapshot.later_logs.iter())
        .filter(|event| event.id != log.id)
        .copied()
        .collect();
    let next = apply_log_in_time_order(current, log.log_type, log.logged_at, &others)?;
    if current == Some(next) {
        return None;
    }
    let mut state = snapshot.state.clone().unwrap_or_else(|| UserItemState {
        id: UserItemStateId::new(),
        user_id: log.user_id,
        media_item_id: log.media_item_id,
        status: next.status,
        rating: None,
        favorite: false,
        notes: None,
        started_at: None,
        finished_at: None,
        created_at: now,
        updated_at: now,
    });
    state.status = next.status;
    state.started_at = next.started_at;
    state.finished_at = next.finished_at;
    state.updated_at = now;
    Some(state)
}
