//! [`CurationService`]: every curation use case and every rule of API.md §5.2–§5.4 for
//! menus, courses, items, pairings, forks, lineage and share links.
//!
//! Design rules:
//! - **Rules live here, once.** The ports only load and save ([`crate::ports`]); the
//!   fakes in `testing` are plain storage, so the unit tests of this module test the
//!   rules themselves.
//! - **Ownership is checked here.** Someone else's private menu, course, item, pairing
//!   or share link is answered exactly like a missing one (API.md §5.2).
//! - **A change is a pure function of the locked aggregate.** Writes to an existing menu
//!   go through [`MenuRepository::change_menu`]: the service hands it a closure that
//!   checks ownership, edits a copy of the aggregate by the rules of [`crate::ordering`],
//!   and returns the row-level difference ([`MenuChangeSet::between`]); the store
//!   applies it in the same transaction that holds the locks.
//! - **Time comes from the [`Clock`]**, read once per use case and truncated to
//!   microseconds (PostgreSQL's precision), so what a write returns equals what a later
//!   read returns and a client can echo `updated_at` as `expected_updated_at`.
//! - **Answers are assembled here** from records and media cards: courses and items
//!   sorted by position, pairings by creation time (see `views`).
//!
//! One submodule per concern: `menus`, `courses` (courses and items), `pairings`,
//! `forks` (forks and lineage), `sharing` (share links).

mod courses;
mod forks;
mod menus;
mod pairings;
mod sharing;
#[cfg(test)]
mod tests;
mod views;

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, SubsecRound, TimeDelta, Utc};
use tastebuds_kernel::{Clock, MediaCard, MediaItemId, MenuId, UserId};

use crate::aggregate::{MenuAggregate, MenuChangeSet, MenuLookup, MenuRow};
use crate::error::CurationError;
use crate::ports::{
    MenuChange, MenuQueries, MenuRepository, ShareTokenGenerator, ShareTokenRepository,
    distinct_media,
};

/// How long a share link lives when its creator gives no expiry (API.md §2.9:
/// `DRAFT_SHARE_TOKEN_TTL_DAYS`, 7 by default).
pub const DEFAULT_SHARE_LINK_TTL_DAYS: i64 = 7;

/// The curation use cases (API.md §2.9, §2.10).
#[derive(Clone)]
pub struct CurationService {
    menus: Arc<dyn MenuRepository>,
    share_tokens: Arc<dyn ShareTokenRepository>,
    queries: Arc<dyn MenuQueries>,
    secrets: Arc<dyn ShareTokenGenerator>,
    clock: Arc<dyn Clock>,
    share_link_ttl: Option<TimeDelta>,
}

impl std::fmt::Debug for CurationService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CurationService")
            .field("share_link_ttl", &self.share_link_ttl)
            .finish_non_exhaustive()
    }
}

impl CurationService {
    /// Wires the service to its ports, with the default share-link lifetime.
    #[must_use]
    pub fn new(
        menus: Arc<dyn MenuRepository>,
        share_tokens: Arc<dyn ShareTokenRepository>,
        queries: Arc<dyn MenuQueries>,
        secrets: Arc<dyn ShareTokenGenerator>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            menus,
            share_tokens,
            queries,
            secrets,
            clock,
            share_link_ttl: Some(TimeDelta::days(DEFAULT_SHARE_LINK_TTL_DAYS)),
        }
    }

    /// Sets how many days a share link created without an expiry lives; 0 or less means
    /// such links never expire.
    #[must_use]
    pub fn with_share_link_ttl_days(mut self, days: i64) -> Self {
        self.share_link_ttl = (days > 0).then(|| TimeDelta::try_days(days)).flatten();
        self
    }

    /// "Now", at the precision storage keeps.
    fn now(&self) -> DateTime<Utc> {
        self.clock.now().trunc_subsecs(6)
    }

    /// The caller's menu, or `MenuNotFound` when it is missing or someone else's.
    async fn owned(&self, owner: UserId, menu_id: MenuId) -> Result<MenuAggregate, CurationError> {
        self.queries
            .menu(menu_id)
            .await?
            .filter(|menu| menu.menu.owner_id == owner)
            .ok_or(CurationError::MenuNotFound)
    }

    /// Applies `edit` to the caller's menu `menu_id` under the store's lock and returns
    /// the aggregate as written. Someone else's menu is `MenuNotFound`; an `edit` error
    /// writes nothing.
    async fn change<F>(
        &self,
        owner: UserId,
        menu_id: MenuId,
        edit: F,
    ) -> Result<MenuAggregate, CurationError>
    where
        F: FnOnce(&mut MenuAggregate) -> Result<(), CurationError> + Send + 'static,
    {
        let change: MenuChange = Box::new(move |before: MenuAggregate| {
            if before.menu.owner_id != owner {
                return Err(CurationError::MenuNotFound);
            }
            let mut after = before.clone();
            edit(&mut after)?;
            Ok(MenuChangeSet::between(&before, after))
        });
        Ok(self.menus.change_menu(menu_id, change).await?.after)
    }

    /// The cards of `ids`, by id.
    async fn cards(
        &self,
        ids: impl IntoIterator<Item = MediaItemId>,
    ) -> Result<HashMap<MediaItemId, MediaCard>, CurationError> {
        let ids = distinct_media(ids);
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let cards = self.queries.media_cards(&ids).await?;
        Ok(cards.into_iter().map(|card| (card.id, card)).collect())
    }

    /// The read model of `menu`, cards embedded.
    async fn menu_view(&self, menu: &MenuAggregate) -> Result<crate::models::Menu, CurationError> {
        let cards = self
            .cards(menu.items.iter().map(|item| item.media_item_id))
            .await?;
        Ok(views::menu(menu, &cards))
    }

    /// The read models of the menus `lookup` finds that `visible` lets through, cards
    /// embedded: one read of the store ([`MenuQueries::menus_with_cards`]).
    async fn menu_views(
        &self,
        lookup: MenuLookup,
        visible: impl Fn(&MenuRow) -> bool,
    ) -> Result<Vec<crate::models::Menu>, CurationError> {
        let found = self.queries.menus_with_cards(lookup).await?;
        let cards: HashMap<MediaItemId, MediaCard> = found
            .cards
            .into_iter()
            .map(|card| (card.id, card))
            .collect();
        Ok(found
            .menus
            .iter()
            .filter(|menu| visible(&menu.menu))
            .map(|menu| views::menu(menu, &cards))
            .collect())
    }
}
