//! The curation domain's storage ports: [`MenuRepository`] (writes) and [`MenuQueries`]
//! (reads).
//!
//! Design rules:
//! - Ports are `Send + Sync` object-safe async traits, held as `Arc<dyn Port>`; they
//!   speak domain types only.
//! - **Ownership is part of every call.** Each method on a user's menu takes the caller's
//!   [`UserId`]; a menu that exists but is someone else's (and not public where public
//!   menus are allowed) MUST be answered exactly like a missing one
//!   ([`CurationError::MenuNotFound`]), so nobody learns which private menus exist.
//! - **One call, one transaction.** A write touching several rows (a menu with its
//!   courses and items, an insert that shifts positions, a fork, a reorder) is one method
//!   and runs in one transaction; on error nothing is written.
//! - **Dense positions.** After every write the courses of a menu and the items of a
//!   course hold positions 1..n (see [`crate::ordering`]): inserts shift, deletes close
//!   the gap, reorders rewrite — without tripping the unique position constraints.
//! - **Sorted reads.** Courses and items come sorted by position, pairings by
//!   `created_at`; course items embed their [`crate::MediaCard`] and pairings embed both
//!   items.
//! - Timestamps (`created_at`, `updated_at`) are set by the implementation, and what a
//!   write returns is what a later read returns (stored precision, microseconds in
//!   PostgreSQL), so a client can echo `updated_at` as `expected_updated_at`; only rules
//!   that compare with "now" (share-link expiry) take it as a parameter, from the
//!   service's clock.
//! - Storage failures are [`CurationError::Unexpected`]; each method lists the other
//!   variants it MUST return. Unique and foreign-key violations are mapped by constraint
//!   name, never surfaced as `Unexpected`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tastebuds_kernel::{CourseId, CourseItemId, MenuId, PairingId, ShareTokenId, UserId};

use crate::commands::{
    CoursePatch, ItemDraft, ItemPatch, MenuPatch, NewCourse, NewFork, NewMenu, NewShareToken,
    PairingDraft,
};
use crate::error::CurationError;
use crate::models::{Course, CourseItem, Menu, MenuLineage, Pairing, ShareToken, SharedMenu};
use crate::slug::Slug;

/// Writes to menus and everything they own.
#[async_trait]
pub trait MenuRepository: Send + Sync {
    /// Stores a new menu owned by `owner`, with its courses and items, and returns it.
    ///
    /// # Errors
    /// - [`CurationError::SlugTaken`] when another menu holds `menu.slug` (the caller
    ///   picks the next candidate and retries).
    /// - [`CurationError::UnknownMedia`] when an item names a media item not in the
    ///   catalog.
    async fn create_menu(&self, owner: UserId, menu: NewMenu) -> Result<Menu, CurationError>;

    /// Applies `patch` to the caller's menu (never its slug) and returns the menu.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`].
    async fn update_menu(
        &self,
        owner: UserId,
        menu_id: MenuId,
        patch: MenuPatch,
    ) -> Result<Menu, CurationError>;

    /// Deletes the caller's menu with its courses, items, pairings, share tokens and
    /// lineage rows.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`].
    async fn delete_menu(&self, owner: UserId, menu_id: MenuId) -> Result<(), CurationError>;

    /// Inserts a course (with its items) at
    /// [`insertion_position`](crate::ordering::insertion_position)`(course.position, n)`,
    /// shifting the courses at and after it, and returns it.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`]; [`CurationError::UnknownMedia`].
    async fn add_course(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course: NewCourse,
    ) -> Result<Course, CurationError>;

    /// Applies `patch` to a course (never its position); `updated_at` moves to now.
    ///
    /// # Errors
    /// - [`CurationError::MenuNotFound`].
    /// - [`CurationError::CourseNotFound`]: no such course of the caller's.
    /// - [`CurationError::CourseNotInMenu`]: the caller's course sits under another menu.
    /// - [`CurationError::StaleWrite`] (entity `Course`): `patch.expected_updated_at` is
    ///   set and differs from the stored value
    ///   ([`check_fresh`](crate::ordering::check_fresh)); nothing is written.
    async fn update_course(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_id: CourseId,
        patch: CoursePatch,
    ) -> Result<Course, CurationError>;

    /// Deletes a course with its items and their pairings; the courses after it move up.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`], [`CurationError::CourseNotFound`],
    /// [`CurationError::CourseNotInMenu`].
    async fn delete_course(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_id: CourseId,
    ) -> Result<(), CurationError>;

    /// Inserts an item at `insertion_position(item.position, n)` in the course, shifting
    /// the items at and after it, and returns it.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`], [`CurationError::CourseNotFound`],
    /// [`CurationError::CourseNotInMenu`], [`CurationError::UnknownMedia`].
    async fn add_item(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_id: CourseId,
        item: ItemDraft,
    ) -> Result<CourseItem, CurationError>;

    /// Applies `patch` to a course item; `updated_at` moves to now.
    ///
    /// # Errors
    /// - [`CurationError::MenuNotFound`].
    /// - [`CurationError::CourseItemNotFound`]: no such item of the caller's.
    /// - [`CurationError::ItemNotInMenu`]: the caller's item sits under another menu.
    /// - [`CurationError::StaleWrite`] (entity `CourseItem`), as for courses.
    async fn update_item(
        &self,
        owner: UserId,
        menu_id: MenuId,
        item_id: CourseItemId,
        patch: ItemPatch,
    ) -> Result<CourseItem, CurationError>;

    /// Deletes a course item and the pairings that reference it; the items after it
    /// move up.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`], [`CurationError::CourseItemNotFound`],
    /// [`CurationError::ItemNotInMenu`].
    async fn delete_item(
        &self,
        owner: UserId,
        menu_id: MenuId,
        item_id: CourseItemId,
    ) -> Result<(), CurationError>;

    /// Rewrites the course's item positions to 1..n in the order of `item_ids`; every
    /// item's `updated_at` moves to now. Returns the course, items in the new order.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`], [`CurationError::CourseNotFound`],
    /// [`CurationError::CourseNotInMenu`]; [`CurationError::ItemIdsMismatch`] unless
    /// `item_ids` is a permutation of the course's items
    /// ([`check_reorder`](crate::ordering::check_reorder)).
    async fn reorder_items(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_id: CourseId,
        item_ids: &[CourseItemId],
    ) -> Result<Course, CurationError>;

    /// Rewrites the menu's course positions to 1..n in the order of `course_ids`; every
    /// course's `updated_at` moves to now. Returns the menu.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`]; [`CurationError::CourseIdsMismatch`] unless
    /// `course_ids` is a permutation of the menu's courses.
    async fn reorder_courses(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_ids: &[CourseId],
    ) -> Result<Menu, CurationError>;

    /// Creates a menu owned by `owner` that deep-copies `source`'s courses, items and
    /// pairings, plus a lineage row (`source` → fork, with `fork.note`).
    ///
    /// # Errors
    /// - [`CurationError::MenuNotFound`]: `source` is missing, or private and not
    ///   `owner`'s.
    /// - [`CurationError::SlugTaken`]: another menu holds `fork.slug`.
    async fn fork_menu(
        &self,
        owner: UserId,
        source: MenuId,
        fork: NewFork,
    ) -> Result<Menu, CurationError>;

    /// Pairs two items of the caller's menu and returns the pairing with both items.
    ///
    /// # Errors
    /// - [`CurationError::MenuNotFound`].
    /// - [`CurationError::PairingItemNotInMenu`]: either item is not in this menu.
    /// - [`CurationError::PairingExists`]: the same ordered pair exists (the reverse
    ///   pair is allowed).
    async fn create_pairing(
        &self,
        owner: UserId,
        menu_id: MenuId,
        pairing: PairingDraft,
    ) -> Result<Pairing, CurationError>;

    /// Deletes a pairing of the caller's menu.
    ///
    /// # Errors
    /// [`CurationError::PairingNotFound`]: unknown, not the caller's, or on another menu.
    async fn delete_pairing(
        &self,
        owner: UserId,
        menu_id: MenuId,
        pairing_id: PairingId,
    ) -> Result<(), CurationError>;

    /// Stores a share link for the caller's menu.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`].
    async fn create_share_token(
        &self,
        owner: UserId,
        menu_id: MenuId,
        token: NewShareToken,
    ) -> Result<ShareToken, CurationError>;

    /// Sets `revoked_at = now` on a share link of the caller's menu; an already revoked
    /// link is left as it is and is still `Ok`.
    ///
    /// # Errors
    /// [`CurationError::ShareTokenNotFound`]: unknown, not the caller's, or on another
    /// menu.
    async fn revoke_share_token(
        &self,
        owner: UserId,
        menu_id: MenuId,
        token_id: ShareTokenId,
        now: DateTime<Utc>,
    ) -> Result<(), CurationError>;

    /// Opens a share link at `now` (see
    /// [`ShareToken::state_at`](crate::ShareToken::state_at)): on success increments its
    /// `access_count`, sets `last_accessed_at = now`, and returns the menu with the
    /// updated token.
    ///
    /// # Errors
    /// [`CurationError::ShareLinkNotFound`] (unknown or revoked);
    /// [`CurationError::ShareLinkExpired`]. A failed open counts nothing.
    async fn open_share_link(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<SharedMenu, CurationError>;
}

/// Reads of menus.
#[async_trait]
pub trait MenuQueries: Send + Sync {
    /// The caller's menus, fully nested, in unspecified order.
    ///
    /// # Errors
    /// Only [`CurationError::Unexpected`].
    async fn list_menus(&self, owner: UserId) -> Result<Vec<Menu>, CurationError>;

    /// One of the caller's menus.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`] (missing or someone else's).
    async fn get_menu(&self, owner: UserId, menu_id: MenuId) -> Result<Menu, CurationError>;

    /// A menu `viewer` may read: theirs, or any public one (the fork rule).
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`] (missing, or private and someone else's).
    async fn get_visible_menu(
        &self,
        viewer: UserId,
        menu_id: MenuId,
    ) -> Result<Menu, CurationError>;

    /// The public menu with this slug.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`] (missing or private look the same).
    async fn public_menu(&self, slug: &Slug) -> Result<Menu, CurationError>;

    /// The pairings of the caller's menu, by `created_at`.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`] (API.md §6.7: not `[]`).
    async fn list_pairings(
        &self,
        owner: UserId,
        menu_id: MenuId,
    ) -> Result<Vec<Pairing>, CurationError>;

    /// The share links of the caller's menu, newest first, revoked and expired included.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`] (API.md §6.7: not `[]`).
    async fn list_share_tokens(
        &self,
        owner: UserId,
        menu_id: MenuId,
    ) -> Result<Vec<ShareToken>, CurationError>;

    /// The lineage of the caller's menu, limited to menus the caller owns or that are
    /// public (API.md §6.8).
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`].
    async fn owner_lineage(
        &self,
        owner: UserId,
        menu_id: MenuId,
    ) -> Result<MenuLineage, CurationError>;

    /// The lineage of a public menu, limited to public menus.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`] (missing or private).
    async fn public_lineage(&self, slug: &Slug) -> Result<MenuLineage, CurationError>;

    /// The stored slugs that block `base`: `base` itself and `base-<n>` for any `n`, to
    /// feed [`Slug::first_free`].
    ///
    /// # Errors
    /// Only [`CurationError::Unexpected`].
    async fn taken_slugs(&self, base: &Slug) -> Result<Vec<Slug>, CurationError>;
}
