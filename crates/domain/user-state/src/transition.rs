//! How a log entry moves a user's state (API.md §5.7).
//!
//! - `goal`: creates a state with `want_to_consume` if there is none; otherwise no change.
//! - `finished`: the status becomes `consumed` (creating the state if needed);
//!   `finished_at` becomes `logged_at`, and so does `started_at` if it was empty.
//! - `started` / `progress`: creates a state with `currently_consuming` if there is none;
//!   otherwise the status becomes `currently_consuming` unless it is `dropped` or
//!   `consumed`. `started_at` is set to `logged_at` if it was empty.
//! - `note`: no change.
//!
//! Deleting a log never reverts the state; editing one re-applies the rule with the
//! edited entry.

use chrono::{DateTime, Utc};

use crate::models::{UserItemLog, UserItemState};
use crate::vocab::{LogType, UserItemStatus};

/// The part of a state that logs drive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Where the user stands.
    pub status: UserItemStatus,
    /// When the user started.
    pub started_at: Option<DateTime<Utc>>,
    /// When the user finished.
    pub finished_at: Option<DateTime<Utc>>,
}

impl Progress {
    /// A fresh state's progress: `status`, no dates.
    #[must_use]
    pub const fn new(status: UserItemStatus) -> Self {
        Self {
            status,
            started_at: None,
            finished_at: None,
        }
    }
}

impl From<&UserItemState> for Progress {
    fn from(state: &UserItemState) -> Self {
        Self {
            status: state.status,
            started_at: state.started_at,
            finished_at: state.finished_at,
        }
    }
}

/// The state after a `log_type` entry logged at `logged_at`, given the `current` one.
///
/// `None` in means the user has no state on the item; `None` out means they still have
/// none (only a `note` leaves it so). When the result equals `current`, nothing needs
/// writing.
#[must_use]
pub fn apply_log(
    current: Option<Progress>,
    log_type: LogType,
    logged_at: DateTime<Utc>,
) -> Option<Progress> {
    match log_type {
        LogType::Note => current,
        LogType::Goal => Some(current.unwrap_or(Progress::new(UserItemStatus::WantToConsume))),
        LogType::Finished => {
            let mut next = current.unwrap_or(Progress::new(UserItemStatus::Consumed));
            next.status = UserItemStatus::Consumed;
            next.finished_at = Some(logged_at);
            next.started_at = next.started_at.or(Some(logged_at));
            Some(next)
        }
        LogType::Started | LogType::Progress => {
            let mut next = current.unwrap_or(Progress::new(UserItemStatus::CurrentlyConsuming));
            if !matches!(
                next.status,
                UserItemStatus::Dropped | UserItemStatus::Consumed
            ) {
                next.status = UserItemStatus::CurrentlyConsuming;
            }
            next.started_at = next.started_at.or(Some(logged_at));
            Some(next)
        }
    }
}

/// [`apply_log`] for a stored state and a log entry: the state's progress after `log`.
#[must_use]
pub fn next_progress(state: Option<&UserItemState>, log: &UserItemLog) -> Option<Progress> {
    apply_log(state.map(Progress::from), log.log_type, log.logged_at)
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;
    use LogType::{Finished, Goal, Note, Progress as ProgressLog, Started};
    use UserItemStatus::{Consumed, CurrentlyConsuming, Dropped, Paused, WantToConsume};

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::UNIX_EPOCH + TimeDelta::hours(hours)
    }

    fn progress(status: UserItemStatus, started: Option<i64>, finished: Option<i64>) -> Progress {
        Progress {
            status,
            started_at: started.map(at),
            finished_at: finished.map(at),
        }
    }

    /// (current, log type, expected), every log logged at hour 100.
    type Case = (Option<Progress>, LogType, Option<Progress>);

    #[test]
    fn the_state_follows_the_log_table() {
        let cases: Vec<Case> = vec![
            // note: never a change
            (None, Note, None),
            (
                Some(progress(Paused, Some(1), None)),
                Note,
                Some(progress(Paused, Some(1), None)),
            ),
            // goal: creates want_to_consume, leaves an existing state alone
            (None, Goal, Some(progress(WantToConsume, None, None))),
            (
                Some(progress(Dropped, None, None)),
                Goal,
                Some(progress(Dropped, None, None)),
            ),
            (
                Some(progress(CurrentlyConsuming, Some(1), None)),
                Goal,
                Some(progress(CurrentlyConsuming, Some(1), None)),
            ),
            // finished: consumed, finished_at = logged_at, started_at filled if empty
            (
                None,
                Finished,
                Some(progress(Consumed, Some(100), Some(100))),
            ),
            (
                Some(progress(CurrentlyConsuming, Some(1), None)),
                Finished,
                Some(progress(Consumed, Some(1), Some(100))),
            ),
            (
                Some(progress(Dropped, None, None)),
                Finished,
                Some(progress(Consumed, Some(100), Some(100))),
            ),
            (
                Some(progress(Consumed, Some(1), Some(2))),
                Finished,
                Some(progress(Consumed, Some(1), Some(100))),
            ),
            // started / progress: currently_consuming unless dropped or consumed
            (
                None,
                Started,
                Some(progress(CurrentlyConsuming, Some(100), None)),
            ),
            (
                None,
                ProgressLog,
                Some(progress(CurrentlyConsuming, Some(100), None)),
            ),
            (
                Some(progress(WantToConsume, None, None)),
                Started,
                Some(progress(CurrentlyConsuming, Some(100), None)),
            ),
            (
                Some(progress(Paused, Some(3), None)),
                ProgressLog,
                Some(progress(CurrentlyConsuming, Some(3), None)),
            ),
            (
                Some(progress(Dropped, None, None)),
                Started,
                Some(progress(Dropped, Some(100), None)),
            ),
            (
                Some(progress(Consumed, Some(1), Some(2))),
                ProgressLog,
                Some(progress(Consumed, Some(1), Some(2))),
            ),
            (
                Some(progress(Consumed, None, Some(2))),
                Started,
                Some(progress(Consumed, Some(100), Some(2))),
            ),
        ];

        for (index, (current, log_type, expected)) in cases.into_iter().enumerate() {
            assert_eq!(
                apply_log(current, log_type, at(100)),
                expected,
                "case {index}: {current:?} + {log_type}"
            );
        }
    }

    #[test]
    fn a_started_log_then_a_finished_one_ends_consumed() {
        let started = apply_log(None, Started, at(1));
        let finished = apply_log(started, Finished, at(2));
        assert_eq!(finished, Some(progress(Consumed, Some(1), Some(2))));
    }

    #[test]
    fn next_progress_reads_the_stored_state_and_the_log() {
        use tastebuds_kernel::{MediaItemId, UserId, UserItemLogId, UserItemStateId};

        let (user_id, media_item_id) = (UserId::new(), MediaItemId::new());
        let state = UserItemState {
            id: UserItemStateId::new(),
            user_id,
            media_item_id,
            status: Paused,
            rating: None,
            favorite: true,
            notes: None,
            started_at: Some(at(1)),
            finished_at: None,
            created_at: at(1),
            updated_at: at(1),
        };
        let log = UserItemLog {
            id: UserItemLogId::new(),
            user_id,
            media_item_id,
            log_type: Finished,
            notes: None,
            minutes_spent: None,
            progress_percent: None,
            goal_target: None,
            goal_due_on: None,
            logged_at: at(7),
            created_at: at(7),
            updated_at: at(7),
            media_item: None,
        };

        assert_eq!(
            next_progress(Some(&state), &log),
            Some(progress(Consumed, Some(1), Some(7)))
        );
        assert_eq!(
            next_progress(None, &log),
            Some(progress(Consumed, Some(7), Some(7)))
        );
    }
}
