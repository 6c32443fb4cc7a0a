//! [`InMemoryUserStateRepository`]: plain storage behind a mutex. It emulates the
//! constraints (foreign keys to the catalog, one state per pair) and holds no rule; the
//! mutex is the pair lock of [`UserStateRepository::write`].

use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;
use tastebuds_kernel::{MediaItemId, UserId, UserItemLogId};

use crate::commands::LogFilter;
use crate::error::UserStateError;
use crate::models::{LibraryItem, LogEvent, MediaCard, UserItemLog, UserItemState};
use crate::ports::{Change, ChangeFn, LogWrite, Saved, Snapshot, UserStateRepository, WriteScope};
use crate::testing::{UserStateFixtures, media_card};

#[derive(Debug, Default)]
struct Tables {
    media: HashMap<MediaItemId, MediaCard>,
    states: HashMap<(UserId, MediaItemId), UserItemState>,
    /// Stored with their media card, as a join would return them.
    logs: HashMap<UserItemLogId, UserItemLog>,
}

impl Tables {
    /// `user`'s logs in the port's order: newest `logged_at`, `created_at`, id first.
    fn logs_of(&self, user: UserId) -> Vec<UserItemLog> {
        let mut logs: Vec<UserItemLog> = (self.logs.values())
            .filter(|log| log.user_id == user)
            .cloned()
            .collect();
        logs.sort_by_key(|log| std::cmp::Reverse((log.logged_at, log.created_at, log.id)));
        logs
    }

    fn card(&self, id: MediaItemId) -> Result<MediaCard, UserStateError> {
        self.media
            .get(&id)
            .cloned()
            .ok_or(UserStateError::UnknownMedia)
    }
}

/// A [`UserStateRepository`] held in memory. Media items must be registered
/// ([`InMemoryUserStateRepository::add_media`]) before states or logs can refer to them,
/// as the catalog's foreign keys require.
#[derive(Debug, Default)]
pub struct InMemoryUserStateRepository {
    tables: Mutex<Tables>,
}

impl InMemoryUserStateRepository {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a catalog item.
    pub fn add_media(&self, card: MediaCard) {
        self.lock().media.insert(card.id, card);
    }

    fn lock(&self) -> MutexGuard<'_, Tables> {
        // A panicking test must not poison every later assertion.
        self.tables.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl UserStateRepository for InMemoryUserStateRepository {
    async fn write(&self, scope: WriteScope, change: ChangeFn) -> Result<Saved, UserStateError> {
        let mut tables = self.lock();
        let pair = (scope.user_id, scope.media_item_id);
        let later = |log: &&UserItemLog| {
            (log.user_id, log.media_item_id) == pair
                && scope.later_than.is_some_and(|after| log.logged_at > after)
        };
        let snapshot = Snapshot {
            state: tables.states.get(&pair).cloned(),
            log: scope.log_id.and_then(|id| tables.logs.get(&id)).cloned(),
            later_logs: tables
                .logs
                .values()
                .filter(later)
                .map(LogEvent::from)
                .collect(),
        };
        let Change { state, log } = change(snapshot)?;
        let (log, update) = match log {
            Some(LogWrite::Insert(log)) => (Some(log), false),
            Some(LogWrite::Update(log)) => (Some(log), true),
            None => (None, false),
        };
        if let Some(log) = &log
            && tables.logs.contains_key(&log.id) != update
        {
            return Err(UserStateError::Unexpected(anyhow::anyhow!(
                "no log to update"
            )));
        }
        let items = state.iter().map(|s| s.media_item_id);
        let cards = (items.chain(log.iter().map(|l| l.media_item_id))).map(|id| tables.card(id));
        let mut cards = cards.collect::<Result<Vec<MediaCard>, _>>()?;
        let log = log.map(|log| UserItemLog {
            media_item: cards.pop(),
            ..log
        });
        if let Some(state) = &state {
            tables
                .states
                .insert((state.user_id, state.media_item_id), state.clone());
        }
        if let Some(log) = &log {
            tables.logs.insert(log.id, log.clone());
        }
        Ok(Saved { state, log })
    }

    async fn list_states(&self, user: UserId) -> Result<Vec<UserItemState>, UserStateError> {
        let tables = self.lock();
        Ok((tables.states.values())
            .filter(|s| s.user_id == user)
            .cloned()
            .collect())
    }

    async fn find_log(&self, id: UserItemLogId) -> Result<Option<UserItemLog>, UserStateError> {
        Ok(self.lock().logs.get(&id).cloned())
    }

    async fn delete_log(&self, id: UserItemLogId) -> Result<bool, UserStateError> {
        Ok(self.lock().logs.remove(&id).is_some())
    }

    async fn list_logs(
        &self,
        user: UserId,
        filter: LogFilter,
    ) -> Result<Vec<UserItemLog>, UserStateError> {
        let logs = (self.lock().logs_of(user).into_iter())
            .filter(|log| {
                filter
                    .media_item_id
                    .is_none_or(|id| log.media_item_id == id)
            })
            .filter(|log| filter.log_type.is_none_or(|t| log.log_type == t));
        let offset = usize::try_from(filter.page.offset()).unwrap_or(usize::MAX);
        let limit = usize::try_from(filter.page.limit()).unwrap_or(usize::MAX);
        Ok(logs.skip(offset).take(limit).collect())
    }

    async fn library_items(&self, user: UserId) -> Result<Vec<LibraryItem>, UserStateError> {
        let tables = self.lock();
        let logs = tables.logs_of(user);
        let states = tables.states.values().filter(|state| state.user_id == user);
        let items: BTreeSet<MediaItemId> = (states.map(|s| s.media_item_id))
            .chain(logs.iter().map(|l| l.media_item_id))
            .collect();
        let library = items.into_iter().map(|item| {
            let on_item: Vec<&UserItemLog> = logs
                .iter()
                .filter(|log| log.media_item_id == item)
                .collect();
            Ok(LibraryItem {
                media_item: tables.card(item)?,
                state: tables.states.get(&(user, item)).cloned(),
                last_log: on_item.first().map(|log| (*log).clone()),
                log_count: u32::try_from(on_item.len()).unwrap_or(u32::MAX),
            })
        });
        library.collect()
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
