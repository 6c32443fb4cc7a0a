//! An in-memory [`UserStateRepository`] that follows the port's contract.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;
use tastebuds_kernel::{MediaItemId, UserId, UserItemLogId, UserItemStateId};

use crate::commands::{LogFilter, LogPatch, NewLog, StateReplacement};
use crate::error::UserStateError;
use crate::models::{LibraryItem, MediaCard, UserItemLog, UserItemState};
use crate::ports::UserStateRepository;
use crate::testing::UserStateFixtures;
use crate::transition::{Progress, next_progress};

/// A plausible catalog card for `id`.
#[must_use]
pub fn media_card(id: MediaItemId) -> MediaCard {
    MediaCard {
        id,
        media_type: "book".to_owned(),
        title: format!("Book {id}"),
        subtitle: None,
        description: None,
        release_date: None,
        cover_image_url: None,
        canonical_url: None,
        metadata: Value::Null,
    }
}

#[derive(Default)]
struct State {
    media: HashMap<MediaItemId, MediaCard>,
    states: HashMap<(UserId, MediaItemId), UserItemState>,
    logs: Vec<UserItemLog>,
}

impl State {
    fn card(&self, id: MediaItemId) -> Result<MediaCard, UserStateError> {
        self.media
            .get(&id)
            .cloned()
            .ok_or(UserStateError::UnknownMedia)
    }

    /// Applies `log` to its user's state on its item (creating the state if needed).
    fn sync(&mut self, log: &UserItemLog, now: DateTime<Utc>) {
        let key = (log.user_id, log.media_item_id);
        let current = self.states.get(&key);
        let Some(next) = next_progress(current, log) else {
            return;
        };
        if current.map(Progress::from) == Some(next) {
            return;
        }
        let state = self.states.entry(key).or_insert_with(|| UserItemState {
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
    }

    fn with_card(&self, mut log: UserItemLog) -> UserItemLog {
        log.media_item = self.media.get(&log.media_item_id).cloned();
        log
    }
}

/// Newest `logged_at` first, then newest `created_at`.
fn newest_first(a: &UserItemLog, b: &UserItemLog) -> std::cmp::Ordering {
    (b.logged_at, b.created_at).cmp(&(a.logged_at, a.created_at))
}

/// A [`UserStateRepository`] held in memory. Media items must be registered
/// ([`InMemoryUserStateRepository::add_media`]) before states or logs can refer to them,
/// as the catalog's foreign key requires.
#[derive(Default)]
pub struct InMemoryUserStateRepository {
    state: Mutex<State>,
}

impl std::fmt::Debug for InMemoryUserStateRepository {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.lock();
        f.debug_struct("InMemoryUserStateRepository")
            .field("states", &state.states.len())
            .field("logs", &state.logs.len())
            .finish_non_exhaustive()
    }
}

impl InMemoryUserStateRepository {
    /// An empty repository.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a catalog item.
    pub fn add_media(&self, card: MediaCard) {
        self.lock().media.insert(card.id, card);
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test must not poison every later assertion.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl UserStateRepository for InMemoryUserStateRepository {
    async fn list_states(&self, user: UserId) -> Result<Vec<UserItemState>, UserStateError> {
        Ok(self
            .lock()
            .states
            .values()
            .filter(|state| state.user_id == user)
            .cloned()
            .collect())
    }

    async fn put_state(
        &self,
        user: UserId,
        media_item_id: MediaItemId,
        replacement: StateReplacement,
    ) -> Result<UserItemState, UserStateError> {
        let mut state = self.lock();
        state.card(media_item_id)?;
        let now = Utc::now();
        let stored = state
            .states
            .entry((user, media_item_id))
            .or_insert_with(|| UserItemState {
                id: UserItemStateId::new(),
                user_id: user,
                media_item_id,
                status: replacement.status,
                rating: None,
                favorite: false,
                notes: None,
                started_at: None,
                finished_at: None,
                created_at: now,
                updated_at: now,
            });
        stored.status = replacement.status;
        stored.rating = replacement.rating;
        stored.favorite = replacement.favorite;
        stored.notes = replacement.notes;
        stored.started_at = replacement.started_at;
        stored.finished_at = replacement.finished_at;
        stored.updated_at = now;
        Ok(stored.clone())
    }

    async fn list_logs(
        &self,
        user: UserId,
        filter: LogFilter,
    ) -> Result<Vec<UserItemLog>, UserStateError> {
        let state = self.lock();
        let mut logs: Vec<UserItemLog> = state
            .logs
            .iter()
            .filter(|log| log.user_id == user)
            .filter(|log| {
                filter
                    .media_item_id
                    .is_none_or(|id| log.media_item_id == id)
            })
            .filter(|log| filter.log_type.is_none_or(|t| log.log_type == t))
            .cloned()
            .collect();
        logs.sort_by(newest_first);
        let offset = usize::try_from(filter.page.offset()).unwrap_or(usize::MAX);
        let limit = usize::try_from(filter.page.limit()).unwrap_or(usize::MAX);
        Ok(logs
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|log| state.with_card(log))
            .collect())
    }

    async fn record_log(&self, user: UserId, log: NewLog) -> Result<UserItemLog, UserStateError> {
        let mut state = self.lock();
        let card = state.card(log.draft.media_item_id)?;
        let now = Utc::now();
        let draft = log.draft;
        let stored = UserItemLog {
            id: UserItemLogId::new(),
            user_id: user,
            media_item_id: draft.media_item_id,
            log_type: draft.log_type,
            notes: draft.notes,
            minutes_spent: draft.minutes_spent,
            progress_percent: draft.progress_percent,
            goal_target: draft.goal_target,
            goal_due_on: draft.goal_due_on,
            logged_at: log.logged_at,
            created_at: now,
            updated_at: now,
            media_item: Some(card),
        };
        state.sync(&stored, now);
        state.logs.push(UserItemLog {
            media_item: None,
            ..stored.clone()
        });
        Ok(stored)
    }

    async fn update_log(
        &self,
        user: UserId,
        log_id: UserItemLogId,
        patch: LogPatch,
    ) -> Result<UserItemLog, UserStateError> {
        let mut state = self.lock();
        let log = state
            .logs
            .iter_mut()
            .find(|log| log.id == log_id && log.user_id == user)
            .ok_or(UserStateError::LogNotFound)?;
        if patch.is_empty() {
            let unchanged = log.clone();
            return Ok(state.with_card(unchanged));
        }
        let now = Utc::now();
        patch.apply_to(log);
        log.updated_at = now;
        let updated = log.clone();
        state.sync(&updated, now);
        Ok(state.with_card(updated))
    }

    async fn delete_log(&self, user: UserId, log_id: UserItemLogId) -> Result<(), UserStateError> {
        let mut state = self.lock();
        let before = state.logs.len();
        state
            .logs
            .retain(|log| !(log.id == log_id && log.user_id == user));
        if state.logs.len() == before {
            Err(UserStateError::LogNotFound)
        } else {
            Ok(())
        }
    }

    async fn library_items(&self, user: UserId) -> Result<Vec<LibraryItem>, UserStateError> {
        let state = self.lock();
        let media: BTreeSet<MediaItemId> = state
            .states
            .keys()
            .filter(|(owner, _)| *owner == user)
            .map(|(_, media)| *media)
            .chain(
                state
                    .logs
                    .iter()
                    .filter(|log| log.user_id == user)
                    .map(|log| log.media_item_id),
            )
            .collect();
        let mut items = Vec::with_capacity(media.len());
        for media_item_id in media {
            let mut logs: Vec<&UserItemLog> = state
                .logs
                .iter()
                .filter(|log| log.user_id == user && log.media_item_id == media_item_id)
                .collect();
            logs.sort_by(|a, b| newest_first(a, b));
            items.push(LibraryItem {
                media_item: state.card(media_item_id)?,
                state: state.states.get(&(user, media_item_id)).cloned(),
                last_log: logs.first().map(|log| state.with_card((*log).clone())),
                log_count: u32::try_from(logs.len()).unwrap_or(u32::MAX),
            });
        }
        Ok(items)
    }
}

#[async_trait]
impl UserStateFixtures for InMemoryUserStateRepository {
    async fn user(&self) -> UserId {
        UserId::new()
    }

    async fn media_item(&self) -> MediaItemId {
        let id = MediaItemId::new();
        self.add_media(media_card(id));
        id
    }
}
