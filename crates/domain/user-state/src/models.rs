//! A user's state on an item, their activity log, and the library built from both
//! (API.md §1.8, §2.7).

use std::cmp::Reverse;

use chrono::{DateTime, NaiveDate, Utc};
pub use tastebuds_kernel::MediaCard;
use tastebuds_kernel::{MediaItemId, UserId, UserItemLogId, UserItemStateId};

use crate::values::{GoalTarget, LogNotes, MinutesSpent, ProgressPercent, Rating};
use crate::vocab::{LogType, UserItemStatus};

/// A user's state on one item (`user_item_states`, unique per user and item).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserItemState {
    /// The state's id.
    pub id: UserItemStateId,
    /// Whose it is.
    pub user_id: UserId,
    /// Which item.
    pub media_item_id: MediaItemId,
    /// Where the user stands.
    pub status: UserItemStatus,
    /// Rating, 0..=10.
    pub rating: Option<Rating>,
    /// Marked as a favorite.
    pub favorite: bool,
    /// Free notes.
    pub notes: Option<String>,
    /// When the user started.
    pub started_at: Option<DateTime<Utc>>,
    /// When the user finished.
    pub finished_at: Option<DateTime<Utc>>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// One activity log entry (`user_item_logs`).
#[derive(Clone, Debug, PartialEq)]
pub struct UserItemLog {
    /// The entry's id.
    pub id: UserItemLogId,
    /// Whose it is.
    pub user_id: UserId,
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
    /// When the activity happened (defaults to the time of logging).
    pub logged_at: DateTime<Utc>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// The item, when the query embeds it.
    pub media_item: Option<MediaCard>,
}

/// What the state derivation needs of a stored log: its type and time (API.md §5.7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LogEvent {
    /// The log's id.
    pub id: UserItemLogId,
    /// What it records.
    pub log_type: LogType,
    /// When the activity happened.
    pub logged_at: DateTime<Utc>,
}

impl From<&UserItemLog> for LogEvent {
    fn from(log: &UserItemLog) -> Self {
        Self {
            id: log.id,
            log_type: log.log_type,
            logged_at: log.logged_at,
        }
    }
}

/// One item of a user's library: an item with a state or at least one log.
#[derive(Clone, Debug, PartialEq)]
pub struct LibraryItem {
    /// The item.
    pub media_item: MediaCard,
    /// The user's state on it, if any.
    pub state: Option<UserItemState>,
    /// The newest log (by `logged_at`, then `created_at`), if any.
    pub last_log: Option<UserItemLog>,
    /// How many logs the user has on it.
    pub log_count: u32,
}

impl LibraryItem {
    /// The later of the state's `updated_at` and the newest log's `logged_at`.
    #[must_use]
    pub fn last_activity_at(&self) -> Option<DateTime<Utc>> {
        let state = self.state.as_ref().map(|s| s.updated_at);
        let log = self.last_log.as_ref().map(|l| l.logged_at);
        state.max(log)
    }

    /// The state's status, if there is a state.
    #[must_use]
    pub fn status(&self) -> Option<UserItemStatus> {
        self.state.as_ref().map(|s| s.status)
    }
}

/// Status counts of a library (`summary`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LibrarySummary {
    /// Number of library items.
    pub total: usize,
    /// States in `consumed`.
    pub consumed: usize,
    /// States in `currently_consuming`.
    pub currently_consuming: usize,
    /// States in `want_to_consume`.
    pub want_to_consume: usize,
    /// States in `paused`.
    pub paused: usize,
    /// States in `dropped`.
    pub dropped: usize,
}

/// A user's library (`GET /api/me/library`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Library {
    /// Counts by status.
    pub summary: LibrarySummary,
    /// Every item, most recent activity first, items without activity last.
    pub items: Vec<LibraryItem>,
    /// The first [`Library::NEXT_UP_LEN`] items whose status is up next.
    pub next_up: Vec<LibraryItem>,
}

impl Library {
    /// How many items `next_up` holds at most.
    pub const NEXT_UP_LEN: usize = 6;

    /// Sorts `items`, counts their statuses and picks `next_up`.
    #[must_use]
    pub fn build(mut items: Vec<LibraryItem>) -> Self {
        // `Reverse(Some(_))` sorts newest first; `None` (no activity) sorts last.
        items.sort_by_key(|item| {
            (
                item.last_activity_at().is_none(),
                Reverse(item.last_activity_at()),
            )
        });
        let mut summary = LibrarySummary {
            total: items.len(),
            ..LibrarySummary::default()
        };
        for status in items.iter().filter_map(LibraryItem::status) {
            let counter = match status {
                UserItemStatus::Consumed => &mut summary.consumed,
                UserItemStatus::CurrentlyConsuming => &mut summary.currently_consuming,
                UserItemStatus::WantToConsume => &mut summary.want_to_consume,
                UserItemStatus::Paused => &mut summary.paused,
                UserItemStatus::Dropped => &mut summary.dropped,
            };
            *counter += 1;
        }
        let next_up = items
            .iter()
            .filter(|item| item.status().is_some_and(UserItemStatus::is_up_next))
            .take(Self::NEXT_UP_LEN)
            .cloned()
            .collect();
        Self {
            summary,
            items,
            next_up,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;

    fn card() -> MediaCard {
        MediaCard {
            id: MediaItemId::new(),
            media_type: "book".to_owned(),
            title: "Dune".to_owned(),
            subtitle: None,
            description: None,
            release_date: None,
            cover_image_url: None,
            canonical_url: None,
            metadata: serde_json::Value::Null,
        }
    }

    fn state(media: &MediaCard, status: UserItemStatus, at: DateTime<Utc>) -> UserItemState {
        UserItemState {
            id: UserItemStateId::new(),
            user_id: UserId::new(),
            media_item_id: media.id,
            status,
            rating: None,
            favorite: false,
            notes: None,
            started_at: None,
            finished_at: None,
            created_at: at,
            updated_at: at,
        }
    }

    fn log(media: &MediaCard, logged_at: DateTime<Utc>) -> UserItemLog {
        UserItemLog {
            id: UserItemLogId::new(),
            user_id: UserId::new(),
            media_item_id: media.id,
            log_type: LogType::Note,
            notes: None,
            minutes_spent: None,
            progress_percent: None,
            goal_target: None,
            goal_due_on: None,
            logged_at,
            created_at: logged_at,
            updated_at: logged_at,
            media_item: None,
        }
    }

    fn item(
        status: Option<(UserItemStatus, DateTime<Utc>)>,
        logged_at: Option<DateTime<Utc>>,
    ) -> LibraryItem {
        let media = card();
        LibraryItem {
            state: status.map(|(s, at)| state(&media, s, at)),
            last_log: logged_at.map(|at| log(&media, at)),
            log_count: u32::from(logged_at.is_some()),
            media_item: media,
        }
    }

    #[test]
    fn last_activity_is_the_later_of_state_and_newest_log() {
        let t0 = Utc::now();
        let t1 = t0 + TimeDelta::minutes(5);
        use UserItemStatus::Paused;
        assert_eq!(
            item(Some((Paused, t0)), Some(t1)).last_activity_at(),
            Some(t1)
        );
        assert_eq!(
            item(Some((Paused, t1)), Some(t0)).last_activity_at(),
            Some(t1)
        );
        assert_eq!(item(None, Some(t0)).last_activity_at(), Some(t0));
        assert_eq!(item(Some((Paused, t0)), None).last_activity_at(), Some(t0));
        assert_eq!(item(None, None).last_activity_at(), None);
    }

    #[test]
    fn the_library_sorts_newest_first_counts_statuses_and_picks_next_up() {
        use UserItemStatus::{Consumed, CurrentlyConsuming, Dropped, Paused, WantToConsume};
        let t = |minutes| Utc::now() - TimeDelta::minutes(minutes);
        let items = vec![
            item(None, None),
            item(Some((Consumed, t(50))), None),
            item(Some((WantToConsume, t(10))), None),
            item(None, Some(t(1))),
            item(Some((Dropped, t(30))), Some(t(20))),
            item(Some((CurrentlyConsuming, t(40))), None),
            item(Some((Paused, t(5))), None),
        ];

        let library = Library::build(items);

        let order: Vec<Option<UserItemStatus>> =
            library.items.iter().map(LibraryItem::status).collect();
        assert_eq!(
            order,
            [
                None,
                Some(Paused),
                Some(WantToConsume),
                Some(Dropped),
                Some(CurrentlyConsuming),
                Some(Consumed),
                None
            ]
        );
        assert!(library.items[6].last_activity_at().is_none());
        assert_eq!(
            library.summary,
            LibrarySummary {
                total: 7,
                consumed: 1,
                currently_consuming: 1,
                want_to_consume: 1,
                paused: 1,
                dropped: 1,
            }
        );
        let next_up: Vec<Option<UserItemStatus>> =
            library.next_up.iter().map(LibraryItem::status).collect();
        assert_eq!(
            next_up,
            [Some(Paused), Some(WantToConsume), Some(CurrentlyConsuming)]
        );
    }

    #[test]
    fn next_up_holds_at_most_six_items() {
        let items = (0..9)
            .map(|i| {
                item(
                    Some((
                        UserItemStatus::WantToConsume,
                        Utc::now() - TimeDelta::minutes(i),
                    )),
                    None,
                )
            })
            .collect();
        let library = Library::build(items);
        assert_eq!(library.next_up.len(), Library::NEXT_UP_LEN);
        assert_eq!(library.next_up[..], library.items[..Library::NEXT_UP_LEN]);
    }
}
