//! The rules of API.md §2.7 and §5.7, tested on the in-memory store with a pinned clock.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use tastebuds_kernel::{Clock, MediaItemId, UserId, UserItemLogId};

use super::UserStateService;
use crate::commands::{LogDraft, LogFilter, LogPatch, StateReplacement};
use crate::error::UserStateError;
use crate::models::{UserItemLog, UserItemState};
use crate::testing::{InMemoryUserStateRepository, media_card};
use crate::values::{LogNotes, Rating};
use crate::vocab::{LogType, UserItemStatus};
use LogType::{Finished, Goal, Note, Progress, Started};
use UserItemStatus::{Consumed, CurrentlyConsuming, Dropped, Paused, WantToConsume};

/// A clock that moves only when told to; it starts with nanoseconds, which the service
/// must drop.
struct TestClock(Mutex<DateTime<Utc>>);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 20, 14, 5, 9).unwrap() + TimeDelta::nanoseconds(123_456_789)
}

/// `start()` in storage precision, plus `minutes`.
fn at(minutes: i64) -> DateTime<Utc> {
    start() - TimeDelta::nanoseconds(789) + TimeDelta::minutes(minutes)
}

struct World {
    service: UserStateService,
    clock: Arc<TestClock>,
    alice: UserId,
    bob: UserId,
    item: MediaItemId,
}

fn world() -> World {
    let store = Arc::new(InMemoryUserStateRepository::new());
    let item = MediaItemId::new();
    store.add_media(media_card(item));
    let clock = Arc::new(TestClock(Mutex::new(start())));
    World {
        service: UserStateService::new(store, clock.clone()),
        clock,
        alice: UserId::new(),
        bob: UserId::new(),
        item,
    }
}

fn draft(item: MediaItemId, log_type: LogType, logged_at: Option<DateTime<Utc>>) -> LogDraft {
    LogDraft {
        media_item_id: item,
        log_type,
        notes: None,
        minutes_spent: None,
        progress_percent: None,
        goal_target: None,
        goal_due_on: None,
        logged_at,
    }
}

impl World {
    fn advance(&self, minutes: i64) {
        *self.clock.0.lock().unwrap() += TimeDelta::minutes(minutes);
    }

    async fn log(&self, log_type: LogType, minutes: i64) -> UserItemLog {
        let draft = draft(self.item, log_type, Some(at(minutes)));
        self.service.record_log(self.alice, draft).await.unwrap()
    }

    async fn state(&self) -> Option<UserItemState> {
        let states = self.service.list_states(self.alice).await.unwrap();
        states
            .into_iter()
            .find(|state| state.media_item_id == self.item)
    }

    async fn progress(
        &self,
    ) -> Option<(UserItemStatus, Option<DateTime<Utc>>, Option<DateTime<Utc>>)> {
        self.state()
            .await
            .map(|s| (s.status, s.started_at, s.finished_at))
    }
}

#[tokio::test]
async fn put_creates_then_replaces_every_field_keeping_id_and_created_at() {
    let w = world();
    let full = StateReplacement {
        rating: Some(Rating::new(8).unwrap()),
        favorite: true,
        notes: Some("great".to_owned()),
        started_at: Some(start()),
        ..StateReplacement::with_status(Paused)
    };
    let created = w.service.put_state(w.alice, w.item, full).await.unwrap();
    assert_eq!(
        (created.created_at, created.updated_at),
        (at(0), at(0)),
        "time is the clock's, in microseconds"
    );
    assert_eq!(
        created.started_at,
        Some(at(0)),
        "sent times are kept in microseconds"
    );

    w.advance(5);
    let replaced = w
        .service
        .put_state(w.alice, w.item, StateReplacement::with_status(Dropped))
        .await
        .unwrap();
    assert_eq!(
        (replaced.id, replaced.created_at, replaced.updated_at),
        (created.id, at(0), at(5))
    );
    assert_eq!(
        (
            replaced.status,
            replaced.rating,
            replaced.favorite,
            replaced.notes.clone(),
            replaced.started_at
        ),
        (Dropped, None, false, None, None),
        "omitted fields reset to their defaults"
    );
    assert_eq!(
        w.service.list_states(w.alice).await.unwrap(),
        vec![replaced]
    );
    assert!(
        w.service.list_states(w.bob).await.unwrap().is_empty(),
        "states are per user"
    );
    assert!(matches!(
        w.service
            .put_state(
                w.alice,
                MediaItemId::new(),
                StateReplacement::with_status(Paused)
            )
            .await,
        Err(UserStateError::UnknownMedia)
    ));
}

#[tokio::test]
async fn a_started_log_then_a_finished_one_ends_consumed_and_leaves_next_up() {
    let w = world();
    let started = w.log(Started, 10).await;
    assert_eq!(
        started.media_item.as_ref().map(|card| card.id),
        Some(w.item),
        "the log embeds its item"
    );
    assert_eq!(
        w.progress().await,
        Some((CurrentlyConsuming, Some(at(10)), None))
    );
    let library = w.service.library(w.alice).await.unwrap();
    assert_eq!(library.summary.currently_consuming, 1);
    assert_eq!(library.next_up.len(), 1, "a started item is up next");

    w.log(Finished, 12).await;
    assert_eq!(
        w.progress().await,
        Some((Consumed, Some(at(10)), Some(at(12))))
    );
    let library = w.service.library(w.alice).await.unwrap();
    assert_eq!((library.summary.consumed, library.next_up.len()), (1, 0));
    assert_eq!(library.items[0].log_count, 2);
}

#[tokio::test]
async fn notes_change_nothing_and_goals_create_want_to_consume() {
    let w = world();
    w.log(Note, 1).await;
    assert_eq!(w.state().await, None, "a note creates no state");
    w.log(Goal, 2).await;
    assert_eq!(w.progress().await, Some((WantToConsume, None, None)));
    w.service
        .put_state(w.alice, w.item, StateReplacement::with_status(Dropped))
        .await
        .unwrap();
    w.log(Goal, 3).await;
    w.log(Progress, 4).await;
    assert_eq!(
        w.progress().await,
        Some((Dropped, Some(at(4)), None)),
        "dropped stays dropped"
    );
}

#[tokio::test]
async fn a_log_without_a_time_is_logged_now_and_the_state_changes_now() {
    let w = world();
    w.advance(7);
    let log = w
        .service
        .record_log(w.alice, draft(w.item, Started, None))
        .await
        .unwrap();
    assert_eq!(
        (log.logged_at, log.created_at, log.updated_at),
        (at(7), at(7), at(7))
    );
    assert_eq!(
        w.state().await.map(|s| (s.created_at, s.updated_at)),
        Some((at(7), at(7)))
    );
}

#[tokio::test]
async fn the_later_logged_at_decides_whatever_the_recording_order() {
    let w = world();
    w.log(Finished, 20).await;
    w.log(Finished, 10).await;
    assert_eq!(
        w.progress().await,
        Some((Consumed, Some(at(20)), Some(at(20))))
    );
}

#[tokio::test]
async fn two_logs_recorded_at_once_leave_the_state_of_the_later_one() {
    let w = world();
    let (early, late) = (
        draft(w.item, Finished, Some(at(1))),
        draft(w.item, Finished, Some(at(2))),
    );
    let (a, b) = tokio::join!(
        w.service.record_log(w.alice, late),
        w.service.record_log(w.alice, early)
    );
    a.unwrap();
    b.unwrap();
    assert_eq!(w.progress().await.map(|p| p.2), Some(Some(at(2))));
}

#[tokio::test]
async fn an_edit_resyncs_the_state_and_an_empty_one_changes_nothing() {
    let w = world();
    let log = w.log(Started, 5).await;
    w.advance(1);
    let same = w
        .service
        .update_log(w.alice, log.id, LogPatch::default())
        .await
        .unwrap();
    assert_eq!(same, log, "an empty patch changes nothing");

    let patch = LogPatch {
        log_type: Some(Finished),
        notes: Some(Some(LogNotes::parse("done").unwrap())),
        logged_at: Some(at(6) + TimeDelta::nanoseconds(5)),
        ..LogPatch::default()
    };
    let edited = w.service.update_log(w.alice, log.id, patch).await.unwrap();
    assert_eq!(
        (edited.log_type, edited.logged_at, edited.updated_at),
        (Finished, at(6), at(1))
    );
    assert_eq!(
        edited.notes.map(|n| n.as_str().to_owned()).as_deref(),
        Some("done")
    );
    assert_eq!(edited.media_item.map(|card| card.id), Some(w.item));
    assert_eq!(
        w.progress().await,
        Some((Consumed, Some(at(5)), Some(at(6))))
    );
}

#[tokio::test]
async fn deleting_a_log_never_reverts_the_state() {
    let w = world();
    let log = w.log(Finished, 5).await;
    w.service.delete_log(w.alice, log.id).await.unwrap();
    assert!(
        w.service
            .list_logs(w.alice, LogFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(w.progress().await.map(|p| p.0), Some(Consumed));
    assert!(matches!(
        w.service.delete_log(w.alice, log.id).await,
        Err(UserStateError::LogNotFound)
    ));
}

#[tokio::test]
async fn someone_elses_or_an_unknown_log_is_not_found() {
    let w = world();
    let log = w.log(Started, 5).await;
    for (user, id) in [(w.bob, log.id), (w.alice, UserItemLogId::new())] {
        let patch = LogPatch {
            log_type: Some(Finished),
            ..LogPatch::default()
        };
        assert!(matches!(
            w.service.update_log(user, id, patch).await,
            Err(UserStateError::LogNotFound)
        ));
        assert!(matches!(
            w.service.update_log(user, id, LogPatch::default()).await,
            Err(UserStateError::LogNotFound)
        ));
        assert!(matches!(
            w.service.delete_log(user, id).await,
            Err(UserStateError::LogNotFound)
        ));
    }
    assert!(
        w.service
            .list_logs(w.bob, LogFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        w.progress().await.map(|p| p.0),
        Some(CurrentlyConsuming),
        "untouched by bob"
    );
}

#[tokio::test]
async fn a_log_on_an_unknown_item_is_unknown_media_and_writes_nothing() {
    let w = world();
    let result = w
        .service
        .record_log(w.alice, draft(MediaItemId::new(), Started, None))
        .await;
    assert!(matches!(result, Err(UserStateError::UnknownMedia)));
    assert!(w.service.list_states(w.alice).await.unwrap().is_empty());
    assert!(
        w.service
            .list_logs(w.alice, LogFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
}
