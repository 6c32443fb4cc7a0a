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
//!
//! **Time order.** The state is what the logs imply in `logged_at` order, whatever order
//! they were recorded in: [`apply_log_in_time_order`] applies a log, then, if it changed
//! anything, re-applies the user's later logs on the item on top of it. So of two logs
//! recorded at once, or a back-dated one, the later `logged_at` has the last word (every
//! rule above is idempotent, so re-applying a log already reflected changes nothing).

use chrono::{DateTime, Utc};

use crate::models::{LogEvent, UserItemState};
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

/// [`apply_log`] for a log logged at `logged_at`, followed, when it changed anything, by
/// the `later` logs that happened strictly after it (in `logged_at` order, then id;
/// `later` may come in any order and hold other logs, which are skipped).
#[must_use]
pub fn apply_log_in_time_order(
    current: Option<Progress>,
    log_type: LogType,
    logged_at: DateTime<Utc>,
    later: &[LogEvent],
) -> Option<Progress> {
    let next = apply_log(current, log_type, logged_at);
    if next == current {
        return current;
    }
    let mut later: Vec<&LogEvent> = later.iter().filter(|e| e.logged_at > logged_at).collect();
    later.sort_by_key(|event| (event.logged_at, event.id));
    later.into_iter().fold(next, |state, event| {
        apply_log(state, event.log_type, event.logged_at)
    })
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

    fn event(log_type: LogType, hours: i64) -> LogEvent {
        LogEvent {
            id: tastebuds_kernel::UserItemLogId::new(),
            log_type,
            logged_at: at(hours),
        }
    }

    /// Every order of recording two logs ends where recording them in time order does.
    #[test]
    fn the_later_logged_at_has_the_last_word_whatever_the_recording_order() {
        let start = [None, Some(progress(Paused, None, None))];
        for first in LogType::ALL {
            for second in LogType::ALL {
                for current in start {
                    let (early, late) = (event(*first, 1), event(*second, 2));
                    let in_order = apply_log(apply_log(current, *first, at(1)), *second, at(2));
                    let late_first = apply_log_in_time_order(current, *second, at(2), &[early]);
                    let reversed = apply_log_in_time_order(late_first, *first, at(1), &[late]);
                    assert_eq!(
                        reversed.map(|p| (p.status, p.finished_at)),
                        in_order.map(|p| (p.status, p.finished_at)),
                        "{first} at 1, {second} at 2, from {current:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn of_two_finished_logs_the_later_sets_finished_at() {
        let late = apply_log_in_time_order(None, Finished, at(9), &[]);
        let both = apply_log_in_time_order(late, Finished, at(3), &[event(Finished, 9)]);
        assert_eq!(both, Some(progress(Consumed, Some(9), Some(9))));
    }

    #[test]
    fn later_logs_are_replayed_only_after_a_change_and_only_if_later() {
        let paused = Some(progress(Paused, Some(1), None));
        // A back-dated note changes nothing, so a later `started` is not replayed over a
        // state the user set by hand.
        let later = [event(Started, 5)];
        assert_eq!(apply_log_in_time_order(paused, Note, at(2), &later), paused);
        // Logs at or before the new one are not replayed.
        let earlier = [event(Finished, 1), event(Finished, 2)];
        assert_eq!(
            apply_log_in_time_order(None, Started, at(2), &earlier),
            Some(progress(CurrentlyConsuming, Some(2), None))
        );
        // Later logs are replayed in time order, whatever order they come in.
        let later = [event(Finished, 7), event(Finished, 6)];
        assert_eq!(
            apply_log_in_time_order(None, Started, at(2), &later),
            Some(progress(Consumed, Some(2), Some(7)))
        );
    }
}
