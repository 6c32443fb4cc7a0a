//! The [`UserStateRepository`] contract: rules every implementation must follow.
//!
//! Every check works on users and items it creates itself, so the suite also runs on a
//! store that already holds data. Times are whole seconds, which every store keeps
//! exactly. A broken rule panics with a message naming it.

use std::fmt::{Debug, Display};

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use tastebuds_kernel::{MediaItemId, UserId, UserItemLogId};

use crate::commands::{LogDraft, LogFilter, LogPatch, StateReplacement};
use crate::error::UserStateError;
use crate::models::{UserItemLog, UserItemState};
use crate::ports::UserStateRepository;
use crate::values::{LogPage, Rating};
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
/// When `repo` breaks a rule of [`UserStateRepository`]; the message names the rule.
pub async fn user_state_repository_contract(
    repo: &dyn UserStateRepository,
    fixtures: &dyn UserStateFixtures,
) {
    let check = Check { repo, fixtures };
    check.put_state_creates_then_replaces().await;
    check.logs_drive_the_state().await;
    check.logs_list_newest_first_filtered_and_paged().await;
    check.log_edits_resync_and_deletes_do_not_revert().await;
    check.the_library_lists_items_with_a_state_or_a_log().await;
}

fn ok<T, E: Display>(result: Result<T, E>, rule: &str) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("UserStateRepository contract: {rule}: unexpected error: {error}"),
    }
}

fn expect_err<T: Debug>(
    result: Result<T, UserStateError>,
    wanted: fn(&UserStateError) -> bool,
    rule: &str,
) {
    match result {
        Err(ref error) if wanted(error) => {}
        other => panic!("UserStateRepository contract: {rule}: got {other:?}"),
    }
}

/// A whole-second instant `hours` after a fixed origin.
fn at(hours: i64) -> DateTime<Utc> {
    DateTime::UNIX_EPOCH + TimeDelta::days(20_000) + TimeDelta::hours(hours)
}

fn draft(media_item_id: MediaItemId, log_type: LogType, hours: i64) -> LogDraft {
    LogDraft {
        media_item_id,
        log_type,
        notes: None,
        minutes_spent: None,
        progress_percent: None,
        goal_target: None,
        goal_due_on: None,
        logged_at: Some(at(hours)),
    }
}

struct Check<'a> {
    repo: &'a dyn UserStateRepository,
    fixtures: &'a dyn UserStateFixtures,
}

impl Check<'_> {
    async fn state_of(&self, user: UserId, item: MediaItemId) -> Option<UserItemState> {
        ok(self.repo.list_states(user).await, "list_states")
            .into_iter()
            .find(|state| state.media_item_id == item)
    }

    async fn log(
        &self,
        user: UserId,
        item: MediaItemId,
        log_type: LogType,
        hours: i64,
    ) -> UserItemLog {
        let log = draft(item, log_type, hours).at(Utc::now());
        ok(self.repo.record_log(user, log).await, "record_log")
    }

    async fn put_state_creates_then_replaces(&self) {
        let rule = "put_state";
        let (user, other) = (self.fixtures.user().await, self.fixtures.user().await);
        let item = self.fixtures.media_item().await;

        let full = StateReplacement {
            status: UserItemStatus::Paused,
            rating: Some(ok(Rating::new(8), rule)),
            favorite: true,
            notes: Some("great".to_owned()),
            started_at: Some(at(1)),
            finished_at: None,
        };
        let created = ok(self.repo.put_state(user, item, full).await, rule);
        assert_eq!(created.user_id, user, "{rule}: owner");
        assert_eq!(created.media_item_id, item, "{rule}: item");
        assert_eq!(created.rating.map(Rating::get), Some(8), "{rule}: rating");
        assert!(created.favorite, "{rule}: favorite");
        assert_eq!(created.started_at, Some(at(1)), "{rule}: started_at");

        let replaced = ok(
            self.repo
                .put_state(
                    user,
                    item,
                    StateReplacement::with_status(UserItemStatus::Dropped),
                )
                .await,
            rule,
        );
        assert_eq!(
            replaced.id, created.id,
            "{rule}: a replacement keeps the id"
        );
        assert_eq!(replaced.status, UserItemStatus::Dropped, "{rule}: status");
        assert_eq!(
            (
                replaced.rating,
                replaced.favorite,
                replaced.notes,
                replaced.started_at
            ),
            (None, false, None, None),
            "{rule}: omitted fields reset to their defaults"
        );

        let states = ok(self.repo.list_states(user).await, rule);
        assert_eq!(states.len(), 1, "{rule}: one state per user and item");
        assert!(
            ok(self.repo.list_states(other).await, rule).is_empty(),
            "{rule}: states are per user"
        );
        expect_err(
            self.repo
                .put_state(
                    user,
                    MediaItemId::new(),
                    StateReplacement::with_status(UserItemStatus::Paused),
                )
                .await,
            |e| matches!(e, UserStateError::UnknownMedia),
            "put_state on an unknown item",
        );
    }

    async fn logs_drive_the_state(&self) {
        let rule = "logs drive the state";
        let user = self.fixtures.user().await;
        let (book, film, song) = (
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
        );

        let started = self.log(user, book, LogType::Started, 10).await;
        assert_eq!(started.log_type, LogType::Started, "{rule}: stored type");
        assert_eq!(started.logged_at, at(10), "{rule}: stored time");
        assert_eq!(
            started.media_item.as_ref().map(|card| card.id),
            Some(book),
            "{rule}: the log embeds its item"
        );
        let state = self.state_of(user, book).await;
        assert_eq!(
            state
                .as_ref()
                .map(|s| (s.status, s.started_at, s.finished_at)),
            Some((UserItemStatus::CurrentlyConsuming, Some(at(10)), None)),
            "{rule}: started creates currently_consuming"
        );

        self.log(user, book, LogType::Finished, 12).await;
        let state = self.state_of(user, book).await;
        assert_eq!(
            state.map(|s| (s.status, s.started_at, s.finished_at)),
            Some((UserItemStatus::Consumed, Some(at(10)), Some(at(12)))),
            "{rule}: finished makes it consumed"
        );

        self.log(user, film, LogType::Note, 1).await;
        assert!(
            self.state_of(user, film).await.is_none(),
            "{rule}: a note creates no state"
        );
        self.log(user, film, LogType::Goal, 2).await;
        assert_eq!(
            self.state_of(user, film).await.map(|s| s.status),
            Some(UserItemStatus::WantToConsume),
            "{rule}: a goal creates want_to_consume"
        );

        expect_err(
            self.repo
                .record_log(
                    user,
                    draft(MediaItemId::new(), LogType::Started, 1).at(Utc::now()),
                )
                .await,
            |e| matches!(e, UserStateError::UnknownMedia),
            "record_log on an unknown item",
        );
        assert!(
            self.state_of(user, song).await.is_none(),
            "{rule}: untouched items have no state"
        );
    }

    async fn logs_list_newest_first_filtered_and_paged(&self) {
        let rule = "list_logs";
        let (user, other) = (self.fixtures.user().await, self.fixtures.user().await);
        let (book, film) = (
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
        );
        let old = self.log(user, book, LogType::Note, 1).await;
        let newest = self.log(user, film, LogType::Note, 3).await;
        let middle = self.log(user, book, LogType::Progress, 2).await;
        self.log(other, book, LogType::Note, 4).await;

        let list = |filter: LogFilter| async move {
            let logs = ok(self.repo.list_logs(user, filter).await, rule);
            logs.iter()
                .map(|log| log.id)
                .collect::<Vec<UserItemLogId>>()
        };
        assert_eq!(
            list(LogFilter::default()).await,
            vec![newest.id, middle.id, old.id],
            "{rule}: the caller's logs, newest logged_at first"
        );
        let by_item = LogFilter {
            media_item_id: Some(book),
            ..LogFilter::default()
        };
        assert_eq!(
            list(by_item).await,
            vec![middle.id, old.id],
            "{rule}: by item"
        );
        let by_type = LogFilter {
            log_type: Some(LogType::Progress),
            ..LogFilter::default()
        };
        assert_eq!(list(by_type).await, vec![middle.id], "{rule}: by type");
        let paged = LogFilter {
            page: ok(LogPage::new(Some(1), Some(1)), rule),
            ..LogFilter::default()
        };
        assert_eq!(
            list(paged).await,
            vec![middle.id],
            "{rule}: limit and offset"
        );
    }

    async fn log_edits_resync_and_deletes_do_not_revert(&self) {
        let rule = "update_log / delete_log";
        let (user, other) = (self.fixtures.user().await, self.fixtures.user().await);
        let item = self.fixtures.media_item().await;
        let log = self.log(user, item, LogType::Started, 5).await;

        expect_err(
            self.repo
                .update_log(other, log.id, LogPatch::default())
                .await,
            |e| matches!(e, UserStateError::LogNotFound),
            "updating someone else's log",
        );
        let unchanged = ok(
            self.repo
                .update_log(user, log.id, LogPatch::default())
                .await,
            rule,
        );
        assert_eq!(
            unchanged.log_type,
            LogType::Started,
            "{rule}: an empty patch"
        );

        let patch = LogPatch {
            log_type: Some(LogType::Finished),
            logged_at: Some(at(6)),
            ..LogPatch::default()
        };
        let edited = ok(self.repo.update_log(user, log.id, patch).await, rule);
        assert_eq!(
            (edited.log_type, edited.logged_at),
            (LogType::Finished, at(6)),
            "{rule}: the patch is applied"
        );
        let state = self.state_of(user, item).await;
        assert_eq!(
            state.as_ref().map(|s| (s.status, s.finished_at)),
            Some((UserItemStatus::Consumed, Some(at(6)))),
            "{rule}: an edited log re-syncs the state"
        );

        expect_err(
            self.repo.delete_log(other, log.id).await,
            |e| matches!(e, UserStateError::LogNotFound),
            "deleting someone else's log",
        );
        ok(self.repo.delete_log(user, log.id).await, rule);
        assert!(
            ok(self.repo.list_logs(user, LogFilter::default()).await, rule).is_empty(),
            "{rule}: the log is gone"
        );
        assert_eq!(
            self.state_of(user, item).await.map(|s| s.status),
            Some(UserItemStatus::Consumed),
            "{rule}: deleting a log never reverts the state"
        );
        expect_err(
            self.repo.delete_log(user, log.id).await,
            |e| matches!(e, UserStateError::LogNotFound),
            "deleting a deleted log",
        );
    }

    async fn the_library_lists_items_with_a_state_or_a_log(&self) {
        let rule = "library_items";
        let user = self.fixtures.user().await;
        let (stated, logged, untouched) = (
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
        );
        ok(
            self.repo
                .put_state(
                    user,
                    stated,
                    StateReplacement::with_status(UserItemStatus::Paused),
                )
                .await,
            rule,
        );
        self.log(user, logged, LogType::Note, 1).await;
        let newest = self.log(user, logged, LogType::Note, 2).await;

        let items = ok(self.repo.library_items(user).await, rule);
        let mut ids: Vec<MediaItemId> = items.iter().map(|i| i.media_item.id).collect();
        ids.sort();
        let mut expected = vec![stated, logged];
        expected.sort();
        assert_eq!(ids, expected, "{rule}: items with a state or a log");
        assert!(
            !ids.contains(&untouched),
            "{rule}: untouched items are absent"
        );

        let Some(with_logs) = items.iter().find(|i| i.media_item.id == logged) else {
            panic!("{rule}: the logged item is missing");
        };
        assert_eq!(with_logs.log_count, 2, "{rule}: log_count");
        assert_eq!(
            with_logs.last_log.as_ref().map(|l| l.id),
            Some(newest.id),
            "{rule}: last_log is the newest"
        );
        assert!(with_logs.state.is_none(), "{rule}: notes create no state");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::InMemoryUserStateRepository;

    #[tokio::test]
    async fn the_in_memory_repository_honours_the_port_contract() {
        let repo = InMemoryUserStateRepository::new();
        user_state_repository_contract(&repo, &repo).await;
    }

    /// Lists logs oldest first: the contract must notice.
    struct OldestFirst(InMemoryUserStateRepository);

    #[async_trait]
    impl UserStateRepository for OldestFirst {
        async fn list_states(&self, user: UserId) -> Result<Vec<UserItemState>, UserStateError> {
            self.0.list_states(user).await
        }
        async fn put_state(
            &self,
            user: UserId,
            media_item_id: MediaItemId,
            state: StateReplacement,
        ) -> Result<UserItemState, UserStateError> {
            self.0.put_state(user, media_item_id, state).await
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
        async fn record_log(
            &self,
            user: UserId,
            log: crate::NewLog,
        ) -> Result<UserItemLog, UserStateError> {
            self.0.record_log(user, log).await
        }
        async fn update_log(
            &self,
            user: UserId,
            log_id: UserItemLogId,
            patch: LogPatch,
        ) -> Result<UserItemLog, UserStateError> {
            self.0.update_log(user, log_id, patch).await
        }
        async fn delete_log(
            &self,
            user: UserId,
            log_id: UserItemLogId,
        ) -> Result<(), UserStateError> {
            self.0.delete_log(user, log_id).await
        }
        async fn library_items(
            &self,
            user: UserId,
        ) -> Result<Vec<crate::LibraryItem>, UserStateError> {
            self.0.library_items(user).await
        }
    }

    #[tokio::test]
    #[should_panic(expected = "newest logged_at first")]
    async fn the_contract_catches_a_repository_that_lists_oldest_first() {
        let broken = OldestFirst(InMemoryUserStateRepository::new());
        user_state_repository_contract(&broken, &broken.0).await;
    }
}
