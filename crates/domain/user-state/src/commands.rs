//! What callers ask the user-state domain to do. Commands hold validated values only;
//! the HTTP shell builds them from request bodies, collecting every field error at once.

use chrono::{DateTime, NaiveDate, Utc};
use tastebuds_kernel::MediaItemId;

use crate::models::UserItemLog;
use crate::values::{GoalTarget, LogNotes, LogPage, MinutesSpent, ProgressPercent, Rating};
use crate::vocab::{LogType, UserItemStatus};

/// The full new content of a state (PUT replaces every field; omitted ones take their
/// defaults: no rating, not a favorite, no notes, no dates).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateReplacement {
    /// Where the user stands.
    pub status: UserItemStatus,
    /// Rating.
    pub rating: Option<Rating>,
    /// Favorite flag.
    pub favorite: bool,
    /// Notes.
    pub notes: Option<String>,
    /// When the user started.
    pub started_at: Option<DateTime<Utc>>,
    /// When the user finished.
    pub finished_at: Option<DateTime<Utc>>,
}

impl StateReplacement {
    /// A replacement with `status` and every other field at its default.
    #[must_use]
    pub const fn with_status(status: UserItemStatus) -> Self {
        Self {
            status,
            rating: None,
            favorite: false,
            notes: None,
            started_at: None,
            finished_at: None,
        }
    }
}

/// A log entry as requested (`POST /api/me/logs`).
#[derive(Clone, Debug, PartialEq)]
pub struct LogDraft {
    /// Which item.
    pub media_item_id: MediaItemId,
    /// What it records.
    pub log_type: LogType,
    /// Notes.
    pub notes: Option<LogNotes>,
    /// Minutes spent.
    pub minutes_spent: Option<MinutesSpent>,
    /// Progress reached.
    pub progress_percent: Option<ProgressPercent>,
    /// A goal's target.
    pub goal_target: Option<GoalTarget>,
    /// A goal's due date.
    pub goal_due_on: Option<NaiveDate>,
    /// When it happened; `None` = now (the service's clock).
    pub logged_at: Option<DateTime<Utc>>,
}

/// A partial update of a log (`PATCH /api/me/logs/{id}`): only the keys sent are applied;
/// `Some(None)` clears a nullable field. `log_type` and `logged_at` cannot be cleared.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LogPatch {
    /// New type.
    pub log_type: Option<LogType>,
    /// New notes, or `Some(None)` to clear them.
    pub notes: Option<Option<LogNotes>>,
    /// New minutes, or `Some(None)` to clear them.
    pub minutes_spent: Option<Option<MinutesSpent>>,
    /// New progress, or `Some(None)` to clear it.
    pub progress_percent: Option<Option<ProgressPercent>>,
    /// New goal target, or `Some(None)` to clear it.
    pub goal_target: Option<Option<GoalTarget>>,
    /// New due date, or `Some(None)` to clear it.
    pub goal_due_on: Option<Option<NaiveDate>>,
    /// New time.
    pub logged_at: Option<DateTime<Utc>>,
}

impl LogPatch {
    /// Whether no key was sent (then the state is not re-synced).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// Applies the sent keys to `log` (not its `updated_at`, which storage sets).
    pub fn apply_to(self, log: &mut UserItemLog) {
        if let Some(log_type) = self.log_type {
            log.log_type = log_type;
        }
        if let Some(notes) = self.notes {
            log.notes = notes;
        }
        if let Some(minutes) = self.minutes_spent {
            log.minutes_spent = minutes;
        }
        if let Some(progress) = self.progress_percent {
            log.progress_percent = progress;
        }
        if let Some(target) = self.goal_target {
            log.goal_target = target;
        }
        if let Some(due) = self.goal_due_on {
            log.goal_due_on = due;
        }
        if let Some(logged_at) = self.logged_at {
            log.logged_at = logged_at;
        }
    }
}

/// Which logs to list (`GET /api/me/logs`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogFilter {
    /// Only this item's logs.
    pub media_item_id: Option<MediaItemId>,
    /// Only logs of this type.
    pub log_type: Option<LogType>,
    /// Limit and offset.
    pub page: LogPage,
}

#[cfg(test)]
mod tests {
    use tastebuds_kernel::{UserId, UserItemLogId};

    use super::*;

    #[test]
    fn a_patch_applies_only_the_keys_sent() {
        let now = Utc::now();
        let mut log = UserItemLog {
            id: UserItemLogId::new(),
            user_id: UserId::new(),
            media_item_id: MediaItemId::new(),
            log_type: LogType::Progress,
            notes: Some(LogNotes::parse("halfway").unwrap()),
            minutes_spent: Some(MinutesSpent::new(30).unwrap()),
            progress_percent: Some(ProgressPercent::new(50).unwrap()),
            goal_target: None,
            goal_due_on: None,
            logged_at: now,
            created_at: now,
            updated_at: now,
            media_item: None,
        };
        assert!(LogPatch::default().is_empty());

        let patch = LogPatch {
            log_type: Some(LogType::Finished),
            notes: Some(None),
            progress_percent: Some(Some(ProgressPercent::new(100).unwrap())),
            ..LogPatch::default()
        };
        assert!(!patch.is_empty());
        patch.apply_to(&mut log);

        assert_eq!(log.log_type, LogType::Finished);
        assert_eq!(log.notes, None);
        assert_eq!(log.progress_percent.map(ProgressPercent::get), Some(100));
        assert_eq!(log.minutes_spent.map(MinutesSpent::get), Some(30));
        assert_eq!(log.logged_at, now);
    }
}
