//! The [`UserStateRepository`] contract: the persistence promises every implementation
//! keeps (round trips, the snapshot a write sees, all-or-nothing writes, foreign key →
//! error mapping, serialized writes per pair, read order). The §5.7 rules are the
//! service's and are tested there.
//!
//! Every check works on users and items it creates itself, so the suite also runs on a
//! store that already holds data. Times have microsecond precision (what `timestamptz`
//! keeps) and are fixed, not read from the wall clock. The race check runs writes
//! concurrently; run it where the implementation can really run them in parallel (a
//! multi-threaded runtime and a pool of several connections). A broken promise panics
//! with a message naming it.

use std::fmt::{Debug, Display};

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use tastebuds_kernel::{MediaItemId, UserId, UserItemLogId, UserItemStateId};

use crate::commands::LogFilter;
use crate::error::UserStateError;
use crate::models::{LogEvent, UserItemLog, UserItemState};
use crate::ports::{Change, LogWrite, Saved, Snapshot, UserStateRepository, WriteScope};
use crate::values::{GoalTarget, LogNotes, LogPage, MinutesSpent, ProgressPercent, Rating};
use crate::vocab::{LogType, UserItemStatus};

/// Creates what the contract needs but the port cannot: users and catalog items. Each
/// call creates a new one.
#[async_trait]
pub trait UserStateFixtures: Send + Sync {
    /// A new user.
    async fn user(&self) -> UserId;
    /// A new catalog item.
    async fn media_item(&self) -> MediaItemId;
}

/// Runs every contract check against `repo`.
///
/// # Panics
/// When `repo` breaks a promise of [`UserStateRepository`]; the message names it.
pub async fn user_state_repository_contract(
    repo: &dyn UserStateRepository,
    fixtures: &dyn UserStateFixtures,
) {
    let check = Check { repo, fixtures };
    check.writes_round_trip().await;
    check.a_write_sees_its_snapshot().await;
    check.a_failed_write_writes_nothing().await;
    check.unknown_items_are_unknown_media().await;
    check.writes_on_one_pair_are_serialized().await;
    check.logs_list_newest_first_filtered_and_paged().await;
    check.the_library_lists_items_with_a_state_or_a_log().await;
}

fn ok<T, E: Display>(result: Result<T, E>, promise: &str) -> T {
    result.unwrap_or_else(|error| panic!("UserStateRepository contract: {promise}: {error}"))
}

fn expect_err<T: Debug>(
    result: Result<T, UserStateError>,
    wanted: fn(&UserStateError) -> bool,
    promise: &str,
) {
    match result {
        Err(ref error) if wanted(error) => {}
        other => panic!("UserStateRepository contract: {promise}: got {other:?}"),
    }
}

/// 2025-03-20T14:05:09.123456Z plus `minutes`.
fn at(minutes: i64) -> DateTime<Utc> {
    let base = Utc
        .with_ymd_and_hms(2025, 3, 20, 14, 5, 9)
        .single()
        .unwrap_or(DateTime::UNIX_EPOCH);
    base + TimeDelta::microseconds(123_456) + TimeDelta::minutes(minutes)
}

fn scope(user_id: UserId, media_item_id: MediaItemId) -> WriteScope {
    WriteScope {
        user_id,
        media_item_id,
        log_id: None,
        later_than: None,
    }
}

fn state(user_id: UserId, media_item_id: MediaItemId, status: UserItemStatus) -> UserItemState {
    UserItemState {
        id: UserItemStateId::new(),
        user_id,
        media_item_id,
        status,
        rating: None,
        favorite: false,
        notes: None,
        started_at: None,
        finished_at: None,
        created_at: at(0),
        updated_at: at(0),
    }
}

fn log(
    user_id: UserId,
    media_item_id: MediaItemId,
    log_type: LogType,
    minutes: i64,
) -> UserItemLog {
    UserItemLog {
        id: UserItemLogId::new(),
        user_id,
        media_item_id,
        log_type,
        notes: None,
        minutes_spent: None,
        progress_percent: None,
        goal_target: None,
        goal_due_on: None,
        logged_at: at(minutes),
        created_at: at(minutes),
        updated_at: at(minutes),
        media_item: None,
    }
}

struct Check<'a> {
    repo: &'a dyn UserStateRepository,
    fixtures: &'a dyn UserStateFixtures,
}

impl Check<'_> {
    /// Writes `change` whatever the snapshot.
    async fn put(&self, scope: WriteScope, change: Change) -> Result<Saved, UserStateError> {
        self.repo.write(scope, Box::new(move |_| Ok(change))).await
    }

    async fn insert_log(&self, log: &UserItemLog) {
        let change = Change {
            state: None,
            log: Some(LogWrite::Insert(log.clone())),
        };
        ok(
            self.put(scope(log.user_id, log.media_item_id), change)
                .await,
            "write: inserting a log",
        );
    }

    /// The snapshot a write on `scope` sees (writing nothing).
    async fn snapshot(&self, scope: WriteScope) -> Snapshot {
        let (tx, rx) = std::sync::mpsc::channel();
        let seen = self.repo.write(
            scope,
            Box::new(move |snapshot| {
                let _ = tx.send(snapshot);
                Ok(Change::default())
            }),
        );
        ok(seen.await, "write: an empty change");
        rx.try_recv()
            .unwrap_or_else(|_| panic!("UserStateRepository contract: write must call the change"))
    }

    async fn state_of(&self, user: UserId, item: MediaItemId) -> Option<UserItemState> {
        let states = ok(self.repo.list_states(user).await, "list_states");
        states.into_iter().find(|state| state.media_item_id == item)
    }

    async fn writes_round_trip(&self) {
        let (user, item) = (self.fixtures.user().await, self.fixtures.media_item().await);
        let full = UserItemState {
            rating: Some(ok(Rating::new(8), "rating")),
            favorite: true,
            notes: Some("Ünïcode notes".to_owned()),
            started_at: Some(at(1)),
            finished_at: Some(at(2)),
            updated_at: at(3),
            ..state(user, item, UserItemStatus::Paused)
        };
        let mut entry = UserItemLog {
            notes: Some(ok(LogNotes::parse("halfway"), "notes")),
            minutes_spent: Some(ok(MinutesSpent::new(30), "minutes")),
            progress_percent: Some(ok(ProgressPercent::new(50), "progress")),
            goal_target: Some(ok(GoalTarget::parse("finish"), "goal")),
            goal_due_on: at(0).date_naive().succ_opt(),
            updated_at: at(6),
            ..log(user, item, LogType::Goal, 5)
        };
        let change = Change {
            state: Some(full.clone()),
            log: Some(LogWrite::Insert(entry.clone())),
        };
        let saved = ok(self.put(scope(user, item), change).await, "write");
        assert_eq!(
            saved.state.as_ref(),
            Some(&full),
            "write returns the state written"
        );
        let card = saved.log.as_ref().and_then(|log| log.media_item.clone());
        assert_eq!(
            card.map(|card| card.id),
            Some(item),
            "write returns the log with its media card"
        );
        assert_eq!(
            saved.log.map(|log| UserItemLog {
                media_item: None,
                ..log
            }),
            Some(entry.clone()),
            "write returns the log as stored"
        );
        assert_eq!(
            ok(self.repo.list_states(user).await, "list_states"),
            vec![full.clone()],
            "list_states: the state, every column"
        );
        let found = ok(self.repo.find_log(entry.id).await, "find_log").map(|log| UserItemLog {
            media_item: None,
            ..log
        });
        assert_eq!(
            found.as_ref(),
            Some(&entry),
            "find_log: the log, every column"
        );

        // Overwrites keep one row per pair and clear what is cleared.
        let cleared = UserItemState {
            updated_at: at(9),
            ..state(user, item, UserItemStatus::Dropped)
        };
        let cleared = UserItemState {
            id: full.id,
            ..cleared
        };
        entry = UserItemLog {
            notes: None,
            goal_target: None,
            log_type: LogType::Note,
            logged_at: at(8),
            updated_at: at(9),
            ..entry
        };
        let change = Change {
            state: Some(cleared.clone()),
            log: Some(LogWrite::Update(entry.clone())),
        };
        ok(
            self.put(scope(user, item), change).await,
            "write: overwriting",
        );
        assert_eq!(
            ok(self.repo.list_states(user).await, "list_states"),
            vec![cleared],
            "write overwrites every column of the pair's state"
        );
        let found = ok(self.repo.find_log(entry.id).await, "find_log").map(|log| UserItemLog {
            media_item: None,
            ..log
        });
        assert_eq!(
            found,
            Some(entry.clone()),
            "write overwrites every column of an updated log"
        );

        assert!(
            ok(self.repo.delete_log(entry.id).await, "delete_log"),
            "delete_log: true when it existed"
        );
        assert_eq!(
            ok(self.repo.find_log(entry.id).await, "find_log"),
            None,
            "delete_log: the log is gone"
        );
        assert!(
            !ok(self.repo.delete_log(entry.id).await, "delete_log"),
            "delete_log: false the second time"
        );
        assert!(
            self.state_of(user, item).await.is_some(),
            "delete_log leaves the state alone"
        );
        assert_eq!(
            ok(self.repo.find_log(UserItemLogId::new()).await, "find_log"),
            None,
            "find_log: unknown is Ok(None)"
        );
    }

    async fn a_write_sees_its_snapshot(&self) {
        let (user, other) = (self.fixtures.user().await, self.fixtures.user().await);
        let (item, other_item) = (
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
        );
        let empty = self.snapshot(scope(user, item)).await;
        assert_eq!(
            empty,
            Snapshot {
                state: None,
                log: None,
                later_logs: vec![]
            },
            "a fresh pair's snapshot is empty"
        );

        let stored = state(user, item, UserItemStatus::Paused);
        let change = Change {
            state: Some(stored.clone()),
            log: None,
        };
        ok(self.put(scope(user, item), change).await, "write: a state");
        let (early, edge, late) = (
            log(user, item, LogType::Started, 1),
            log(user, item, LogType::Progress, 2),
            log(user, item, LogType::Finished, 3),
        );
        for entry in [
            &early,
            &edge,
            &late,
            &log(user, other_item, LogType::Note, 4),
            &log(other, item, LogType::Note, 5),
        ] {
            self.insert_log(entry).await;
        }
        let foreign = log(other, other_item, LogType::Note, 0);
        self.insert_log(&foreign).await;

        let seen = self
            .snapshot(WriteScope {
                log_id: Some(foreign.id),
                later_than: Some(at(2)),
                ..scope(user, item)
            })
            .await;
        assert_eq!(
            seen.state,
            Some(stored),
            "the snapshot holds the pair's state"
        );
        assert_eq!(
            seen.log.map(|log| log.id),
            Some(foreign.id),
            "the snapshot holds the scope's log, whoever owns it"
        );
        assert_eq!(
            seen.later_logs,
            vec![LogEvent::from(&late)],
            "later_logs: the pair's logs strictly after later_than"
        );
        let seen = self
            .snapshot(WriteScope {
                log_id: Some(UserItemLogId::new()),
                ..scope(user, item)
            })
            .await;
        assert_eq!(
            (seen.log, seen.later_logs),
            (None, vec![]),
            "no log for an unknown id, no later logs without later_than"
        );
    }

    async fn a_failed_write_writes_nothing(&self) {
        let (user, item) = (self.fixtures.user().await, self.fixtures.media_item().await);
        let entry = log(user, item, LogType::Started, 1);
        let result = self
            .repo
            .write(
                scope(user, item),
                Box::new(|_| Err(UserStateError::LogNotFound)),
            )
            .await;
        expect_err(
            result,
            |e| matches!(e, UserStateError::LogNotFound),
            "write returns the change's error as is",
        );
        let stored = state(user, item, UserItemStatus::Paused);
        let change = Change {
            state: Some(stored),
            log: Some(LogWrite::Update(entry.clone())),
        };
        assert!(
            self.put(scope(user, item), change).await.is_err(),
            "write: updating a missing log fails"
        );
        assert_eq!(
            self.state_of(user, item).await,
            None,
            "a failed write leaves no state"
        );
        assert_eq!(
            ok(self.repo.find_log(entry.id).await, "find_log"),
            None,
            "a failed write leaves no log"
        );
    }

    async fn unknown_items_are_unknown_media(&self) {
        let user = self.fixtures.user().await;
        let unknown = MediaItemId::new();
        let stored = state(user, unknown, UserItemStatus::Paused);
        let entry = log(user, unknown, LogType::Note, 1);
        for change in [
            Change {
                state: Some(stored.clone()),
                log: None,
            },
            Change {
                state: None,
                log: Some(LogWrite::Insert(entry.clone())),
            },
            Change {
                state: Some(stored),
                log: Some(LogWrite::Insert(entry.clone())),
            },
        ] {
            expect_err(
                self.put(scope(user, unknown), change).await,
                |e| matches!(e, UserStateError::UnknownMedia),
                "a state or log on an unknown item is UnknownMedia",
            );
        }
        assert!(
            ok(self.repo.list_states(user).await, "list_states").is_empty(),
            "UnknownMedia writes no state"
        );
        assert_eq!(
            ok(self.repo.find_log(entry.id).await, "find_log"),
            None,
            "UnknownMedia writes no log"
        );
    }

    async fn writes_on_one_pair_are_serialized(&self) {
        let (user, item) = (self.fixtures.user().await, self.fixtures.media_item().await);
        const WRITERS: usize = 8;
        let writes = (0..WRITERS).map(|_| {
            self.repo.write(
                scope(user, item),
                Box::new(move |snapshot| {
                    // Each writer appends one `x` to what it read, creating the state if none.
                    let mut next = snapshot
                        .state
                        .unwrap_or_else(|| state(user, item, UserItemStatus::Paused));
                    next.notes = Some(format!("{}x", next.notes.unwrap_or_default()));
                    Ok(Change {
                        state: Some(next),
                        log: None,
                    })
                }),
            )
        });
        for result in futures_util::future::join_all(writes).await {
            ok(
                result,
                "concurrent writes on one pair all succeed, also on a pair with no state yet",
            );
        }
        let notes = self.state_of(user, item).await.and_then(|s| s.notes);
        assert_eq!(
            notes.map(|n| n.len()),
            Some(WRITERS),
            "concurrent writes on one pair never decide from the same snapshot"
        );
    }

    async fn logs_list_newest_first_filtered_and_paged(&self) {
        let (user, other) = (self.fixtures.user().await, self.fixtures.user().await);
        let (book, film) = (
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
        );
        let old = log(user, book, LogType::Note, 1);
        let newest = log(user, film, LogType::Note, 3);
        let middle = log(user, book, LogType::Progress, 2);
        let tie = UserItemLog {
            created_at: at(1),
            ..log(user, film, LogType::Note, 2)
        };
        for entry in [
            &old,
            &newest,
            &middle,
            &tie,
            &log(other, book, LogType::Note, 4),
        ] {
            self.insert_log(entry).await;
        }
        let list = |filter: LogFilter| async move {
            let logs = ok(self.repo.list_logs(user, filter).await, "list_logs");
            assert!(
                logs.iter()
                    .all(|l| l.media_item.as_ref().map(|c| c.id) == Some(l.media_item_id)),
                "list_logs embeds the media cards"
            );
            logs.iter()
                .map(|log| log.id)
                .collect::<Vec<UserItemLogId>>()
        };
        let all = vec![newest.id, middle.id, tie.id, old.id];
        assert_eq!(
            list(LogFilter::default()).await,
            all,
            "list_logs: the user's logs by logged_at, then created_at, descending"
        );
        let by_item = LogFilter {
            media_item_id: Some(book),
            ..LogFilter::default()
        };
        assert_eq!(
            list(by_item).await,
            vec![middle.id, old.id],
            "list_logs: by item"
        );
        let by_type = LogFilter {
            log_type: Some(LogType::Progress),
            ..LogFilter::default()
        };
        assert_eq!(list(by_type).await, vec![middle.id], "list_logs: by type");
        let paged = LogFilter {
            page: ok(LogPage::new(Some(2), Some(1)), "page"),
            ..LogFilter::default()
        };
        assert_eq!(
            list(paged).await,
            all[1..3].to_vec(),
            "list_logs: offset, then limit"
        );
    }

    async fn the_library_lists_items_with_a_state_or_a_log(&self) {
        let (user, other) = (self.fixtures.user().await, self.fixtures.user().await);
        let (stated, logged, untouched) = (
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
        );
        let paused = state(user, stated, UserItemStatus::Paused);
        ok(
            self.put(
                scope(user, stated),
                Change {
                    state: Some(paused.clone()),
                    log: None,
                },
            )
            .await,
            "write",
        );
        let newest = UserItemLog {
            created_at: at(3),
            ..log(user, logged, LogType::Note, 2)
        };
        for entry in [
            &log(user, logged, LogType::Note, 1),
            &newest,
            &log(user, logged, LogType::Note, 2),
            &log(other, untouched, LogType::Note, 9),
        ] {
            self.insert_log(entry).await;
        }
        let mut items = ok(self.repo.library_items(user).await, "library_items");
        items.sort_by_key(|item| item.media_item.id != stated);
        let summary: Vec<_> = items
            .iter()
            .map(|i| {
                (
                    i.media_item.id,
                    i.state.clone(),
                    i.last_log.as_ref().map(|l| l.id),
                    i.log_count,
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (stated, Some(paused), None, 0),
                (logged, None, Some(newest.id), 3)
            ],
            "library_items: one entry per item with a state or a log, its newest log (logged_at, then created_at) and log count"
        );
        let card = items[1]
            .last_log
            .as_ref()
            .and_then(|log| log.media_item.as_ref())
            .map(|c| c.id);
        assert_eq!(
            card,
            Some(logged),
            "library_items: the last log embeds its media card"
        );

        let reading = state(user, logged, UserItemStatus::CurrentlyConsuming);
        ok(
            self.put(
                scope(user, logged),
                Change {
                    state: Some(reading.clone()),
                    log: None,
                },
            )
            .await,
            "write",
        );
        let items = ok(self.repo.library_items(user).await, "library_items");
        let both = items.iter().find(|item| item.media_item.id == logged);
        let seen = both.map(|i| {
            let log = i.last_log.as_ref();
            let log_card = log.and_then(|l| l.media_item.as_ref()).map(|c| c.id);
            (i.state.clone(), log.map(|l| l.id), log_card, i.log_count)
        });
        assert_eq!(
            (items.len(), seen),
            (2, Some((Some(reading), Some(newest.id), Some(logged), 3))),
            "library_items: an item with a state and logs is one entry with both, its card embedded in the log"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::LibraryItem;
    use crate::testing::InMemoryUserStateRepository;

    #[tokio::test]
    async fn the_in_memory_repository_keeps_the_contract() {
        let repo = InMemoryUserStateRepository::new();
        user_state_repository_contract(&repo, &repo).await;
    }

    /// Lists logs oldest first: the contract must notice.
    struct OldestFirst(InMemoryUserStateRepository);

    #[async_trait]
    impl UserStateRepository for OldestFirst {
        async fn write(
            &self,
            scope: WriteScope,
            change: crate::ports::ChangeFn,
        ) -> Result<Saved, UserStateError> {
            self.0.write(scope, change).await
        }
        async fn list_states(&self, user: UserId) -> Result<Vec<UserItemState>, UserStateError> {
            self.0.list_states(user).await
        }
        async fn find_log(&self, id: UserItemLogId) -> Result<Option<UserItemLog>, UserStateError> {
            self.0.find_log(id).await
        }
        async fn delete_log(&self, id: UserItemLogId) -> Result<bool, UserStateError> {
            self.0.delete_log(id).await
        }
        async fn list_logs(
            &self,
            user: UserId,
            filter: LogFilter,
        ) -> Result<Vec<UserItemLog>, UserStateError> {
            let mut logs = self.0.list_logs(user, filter).await?;
            logs.reverse();
            Ok(logs)
        }
        async fn library_items(&self, user: UserId) -> Result<Vec<LibraryItem>, UserStateError> {
            self.0.library_items(user).await
        }
    }

    #[tokio::test]
    #[should_panic(expected = "by logged_at, then created_at, descending")]
    async fn the_contract_catches_a_store_that_lists_oldest_first() {
        let broken = OldestFirst(InMemoryUserStateRepository::new());
        user_state_repository_contract(&broken, &broken.0).await;
    }
}
