//! The curation domain's ports: persistence ([`MenuRepository`], [`ShareTokenRepository`],
//! [`MenuQueries`]) and randomness ([`ShareTokenGenerator`]).
//!
//! Design rules:
//! - Ports are `Send + Sync` object-safe async traits, held as `Arc<dyn Port>`; they
//!   speak the records of [`crate::aggregate`] and domain types only.
//! - **Storage only.** Ownership, visibility, slugs, positions, the stale-write guard,
//!   forks, lineage limits and share-link lifetimes are the
//!   [`CurationService`](crate::CurationService)'s. A store loads and saves what it is
//!   given, and maps constraint violations to the variants each method names; it holds
//!   no other rule (so a fake is plain storage and the Diesel store is mapping code).
//! - **One call, one transaction.** Every multi-row write is one method:
//!   [`MenuRepository::insert_menu`] (a menu with everything under it, plus the lineage
//!   row of a fork), [`MenuRepository::change_menu`] (lock, load, decide, write) and
//!   [`MenuRepository::delete_menu`] (with its cascades). When a method fails, nothing
//!   it was asked to write is written.
//! - **Errors.** Every method may return [`CurationError::Unavailable`] when storage
//!   cannot be reached (a retry may succeed) and [`CurationError::Unexpected`] for any
//!   other failure; the `# Errors` section of each method lists the variants it MUST
//!   return besides, each tied to the constraint that produces it.
//! - Timestamps are the service's (from its clock, truncated to microseconds); stores
//!   write them as given, so what a write returns equals what a later read returns.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tastebuds_kernel::{
    CourseId, CourseItemId, MediaCard, MediaItemId, MenuId, ShareTokenId, UserId,
};

use crate::aggregate::{
    LineageRecords, MenuAggregate, MenuChangeSet, MenuLookup, MenuRef, MenuStamp, MenusWithCards,
    NewLineage,
};
use crate::error::CurationError;
use crate::models::ShareToken;
use crate::slug::Slug;

/// A pure decision about a locked menu aggregate: given what is stored, the writes to
/// make (or the error that writes nothing). It runs synchronously inside the store's
/// transaction, so a Diesel store can call it within its blocking-pool closure.
pub type MenuChange =
    Box<dyn FnOnce(MenuAggregate) -> Result<MenuChangeSet, CurationError> + Send + 'static>;

/// Writes to menus and the rows they own.
#[async_trait]
pub trait MenuRepository: Send + Sync {
    /// Inserts `menu` (its menu row, courses, items and pairings) and, for a fork, the
    /// lineage row `lineage.source_menu_id` → `menu.menu.id`, in one transaction.
    ///
    /// # Errors
    /// - [`CurationError::SlugTaken`] with the slug: the `menus.slug` unique key.
    /// - [`CurationError::UnknownMedia`]: an item's `media_item_id` breaks the
    ///   `course_items.media_item_id` foreign key.
    /// - [`CurationError::MenuNotFound`]: the lineage source is gone (the
    ///   `menu_lineage.source_menu_id` foreign key).
    /// - [`CurationError::PairingExists`]: two pairings repeat an ordered pair (the
    ///   pairing unique key).
    async fn insert_menu(
        &self,
        menu: MenuAggregate,
        lineage: Option<NewLineage>,
    ) -> Result<(), CurationError>;

    /// In one transaction: locks the menu `menu_id` and every row under it (`SELECT …
    /// FOR UPDATE`), loads them into a [`MenuAggregate`], runs `change` on it, applies
    /// the returned change set (deletes, updates, inserts; the position unique keys may
    /// be deferred to commit) and returns that change set. When `change` fails, its error
    /// is returned and nothing is written.
    ///
    /// # Errors
    /// - [`CurationError::MenuNotFound`]: no menu `menu_id`.
    /// - whatever `change` returns.
    /// - [`CurationError::UnknownMedia`]: a written item breaks the media foreign key.
    /// - [`CurationError::PairingExists`]: a written pairing repeats an ordered pair.
    async fn change_menu(
        &self,
        menu_id: MenuId,
        change: MenuChange,
    ) -> Result<MenuChangeSet, CurationError>;

    /// Deletes the menu with its courses, items, pairings, share tokens and lineage rows
    /// (both directions).
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`]: no menu `menu_id`.
    async fn delete_menu(&self, menu_id: MenuId) -> Result<(), CurationError>;
}

/// Share links of menus.
#[async_trait]
pub trait ShareTokenRepository: Send + Sync {
    /// Stores a new share link as given.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`]: `token.menu_id` breaks the
    /// `menu_share_tokens.menu_id` foreign key.
    async fn insert_share_token(&self, token: &ShareToken) -> Result<(), CurationError>;

    /// The share link with this id.
    ///
    /// # Errors
    /// None besides the common ones; an unknown id is `Ok(None)`.
    async fn share_token(&self, id: ShareTokenId) -> Result<Option<ShareToken>, CurationError>;

    /// The share link whose secret is `token`.
    ///
    /// # Errors
    /// None besides the common ones; an unknown token is `Ok(None)`.
    async fn share_token_by_secret(&self, token: &str)
    -> Result<Option<ShareToken>, CurationError>;

    /// Every share link of the menu, in any order.
    ///
    /// # Errors
    /// None besides the common ones.
    async fn share_tokens_of_menu(&self, menu_id: MenuId)
    -> Result<Vec<ShareToken>, CurationError>;

    /// Sets `revoked_at = at` unless it is already set (a concurrent revoke keeps the
    /// first time).
    ///
    /// # Errors
    /// [`CurationError::ShareTokenNotFound`]: no share link `id`.
    async fn revoke_share_token(
        &self,
        id: ShareTokenId,
        at: DateTime<Utc>,
    ) -> Result<(), CurationError>;

    /// Atomically (`SET access_count = access_count + 1`) counts one access at `at`
    /// (`last_accessed_at = at`) and returns the updated link.
    ///
    /// # Errors
    /// [`CurationError::ShareTokenNotFound`]: no share link `id` (any more).
    async fn record_share_access(
        &self,
        id: ShareTokenId,
        at: DateTime<Utc>,
    ) -> Result<ShareToken, CurationError>;
}

/// Reads, without locks. Each read is one consistent snapshot (one statement or one
/// read-only transaction).
#[async_trait]
pub trait MenuQueries: Send + Sync {
    /// The menu `id` with every row under it.
    ///
    /// # Errors
    /// None besides the common ones; a missing menu is `Ok(None)`.
    async fn menu(&self, id: MenuId) -> Result<Option<MenuAggregate>, CurationError>;

    /// The menu holding `slug`, public or not.
    ///
    /// # Errors
    /// None besides the common ones; an unknown slug is `Ok(None)`.
    async fn menu_by_slug(&self, slug: &Slug) -> Result<Option<MenuAggregate>, CurationError>;

    /// Every menu `owner` owns, in any order.
    ///
    /// # Errors
    /// None besides the common ones.
    async fn menus_of_owner(&self, owner: UserId) -> Result<Vec<MenuAggregate>, CurationError>;

    /// The catalog cards of those `ids` that exist, in any order (unknown ids are left
    /// out).
    ///
    /// # Errors
    /// None besides the common ones.
    async fn media_cards(&self, ids: &[MediaItemId]) -> Result<Vec<MediaCard>, CurationError>;

    /// The menus `lookup` finds, each with every row under it, and the catalog cards of
    /// their items: what [`Self::menu`], [`Self::menu_by_slug`] or
    /// [`Self::menus_of_owner`] answer, then [`Self::media_cards`] of their items. The
    /// default makes those calls; a store that can read both in one statement (one
    /// snapshot, one round trip) should, as menu views are its hottest read.
    ///
    /// # Errors
    /// None besides the common ones; nothing found is empty `menus`.
    async fn menus_with_cards(&self, lookup: MenuLookup) -> Result<MenusWithCards, CurationError> {
        let menus = match lookup {
            MenuLookup::Id(id) => self.menu(id).await?.into_iter().collect(),
            MenuLookup::Slug(slug) => self.menu_by_slug(&slug).await?.into_iter().collect(),
            MenuLookup::Owner(owner) => self.menus_of_owner(owner).await?,
        };
        let ids = distinct_media(
            menus
                .iter()
                .flat_map(|menu: &MenuAggregate| menu.items.iter().map(|item| item.media_item_id)),
        );
        let cards = if ids.is_empty() {
            Vec::new()
        } else {
            self.media_cards(&ids).await?
        };
        Ok(MenusWithCards { menus, cards })
    }

    /// The owner, visibility and current revision of each menu `lookup` finds, in any
    /// order: one indexed read, for callers that keep rendered views of menus by
    /// revision.
    ///
    /// # Errors
    /// None besides the common ones; nothing found is empty.
    async fn menu_stamps(&self, lookup: MenuLookup) -> Result<Vec<MenuStamp>, CurationError>;

    /// The menu and owner of course `id`.
    ///
    /// # Errors
    /// None besides the common ones; an unknown course is `Ok(None)`.
    async fn locate_course(&self, id: CourseId) -> Result<Option<MenuRef>, CurationError>;

    /// The menu and owner of course item `id`.
    ///
    /// # Errors
    /// None besides the common ones; an unknown item is `Ok(None)`.
    async fn locate_item(&self, id: CourseItemId) -> Result<Option<MenuRef>, CurationError>;

    /// Every lineage row touching `menu_id`, with each related menu's owner and
    /// visibility, unfiltered.
    ///
    /// # Errors
    /// None besides the common ones; a menu without lineage gives empty records.
    async fn lineage(&self, menu_id: MenuId) -> Result<LineageRecords, CurationError>;

    /// Every stored slug that starts with `base` (`slug LIKE 'base%'`; slugs hold no
    /// `LIKE` metacharacters). A superset of the slugs that block `base` is fine.
    ///
    /// # Errors
    /// None besides the common ones.
    async fn taken_slugs(&self, base: &Slug) -> Result<Vec<Slug>, CurationError>;
}

/// `ids` sorted, each once: what a [`MenuQueries::media_cards`] call asks for.
pub(crate) fn distinct_media(ids: impl IntoIterator<Item = MediaItemId>) -> Vec<MediaItemId> {
    let mut ids: Vec<MediaItemId> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The source of share-link secrets.
pub trait ShareTokenGenerator: Send + Sync {
    /// A new secret: 32 URL-safe characters, unguessable in production.
    fn generate(&self) -> String;
}
