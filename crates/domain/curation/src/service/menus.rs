//! Menus: list, read, create (slug choice and retry), patch, delete, reorder courses,
//! and the public read by slug.

use chrono::{DateTime, Utc};
use tastebuds_kernel::{CourseId, CourseItemId, MenuId, UserId};

use super::CurationService;
use crate::aggregate::{
    CourseItemRow, CourseRow, MenuAggregate, MenuLookup, MenuRow, MenuStamp, NewLineage,
};
use crate::commands::{CourseDraft, ItemDraft, MenuDraft, MenuPatch};
use crate::error::CurationError;
use crate::models::Menu;
use crate::ordering::{check_reorder, renumber};
use crate::slug::Slug;
use crate::values::{MenuTitle, Position};

/// How many slugs a create or fork tries before giving up. Each attempt reads the taken
/// slugs afresh and never retries a slug it lost, so every lost attempt is a slug that
/// another create of the same base committed meanwhile (one each): a create succeeds
/// while fewer than this many creates of its title race it. Five were too few: twenty
/// browsers creating "Race Night" at once got 409s (tests/api/concurrency/curation.rs).
pub(super) const SLUG_ATTEMPTS: usize = 32;

/// The row of `draft`'s item at `position` in `course_id`.
pub(super) fn item_row(
    course_id: CourseId,
    draft: ItemDraft,
    position: Position,
    now: DateTime<Utc>,
) -> CourseItemRow {
    CourseItemRow {
        id: CourseItemId::new(),
        course_id,
        media_item_id: draft.media_item_id,
        notes: draft.notes,
        position,
        updated_at: now,
    }
}

/// The rows of a course of `menu_id` at `position`, its items sorted by their requested
/// positions and renumbered 1..n (API.md §5.4).
pub(super) fn course_rows(
    menu_id: MenuId,
    draft: CourseDraft,
    position: Position,
    now: DateTime<Utc>,
) -> (CourseRow, Vec<CourseItemRow>) {
    let id = CourseId::new();
    let items = renumber(draft.items)
        .into_iter()
        .map(|item| {
            let at = item.position;
            item_row(id, item, at, now)
        })
        .collect();
    let course = CourseRow {
        id,
        menu_id,
        title: draft.title,
        description: draft.description,
        intent: draft.intent,
        position,
        updated_at: now,
    };
    (course, items)
}

impl CurationService {
    /// The caller's menus, fully nested, in unspecified order.
    ///
    /// # Errors
    /// Only storage failures.
    pub async fn list_menus(&self, owner: UserId) -> Result<Vec<Menu>, CurationError> {
        self.menu_views(MenuLookup::Owner(owner), |_| true).await
    }

    /// One of the caller's menus.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`] (missing or someone else's).
    pub async fn get_menu(&self, owner: UserId, menu_id: MenuId) -> Result<Menu, CurationError> {
        self.menu_views(MenuLookup::Id(menu_id), |menu| menu.owner_id == owner)
            .await?
            .pop()
            .ok_or(CurationError::MenuNotFound)
    }

    /// The public menu with this slug (API.md §2.10).
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`] (missing and private look the same).
    pub async fn public_menu(&self, slug: &Slug) -> Result<Menu, CurationError> {
        self.menu_views(MenuLookup::Slug(slug.clone()), |menu| menu.is_public)
            .await?
            .pop()
            .ok_or(CurationError::MenuNotFound)
    }

    /// The stamp of one of the caller's menus: its current revision, to tell whether a
    /// view of it rendered earlier is still current (one indexed read).
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`] (missing or someone else's).
    pub async fn menu_stamp(
        &self,
        owner: UserId,
        menu_id: MenuId,
    ) -> Result<MenuStamp, CurationError> {
        self.queries
            .menu_stamps(MenuLookup::Id(menu_id))
            .await?
            .into_iter()
            .find(|stamp| stamp.owner_id == owner)
            .ok_or(CurationError::MenuNotFound)
    }

    /// The stamps of the caller's menus, in any order (one indexed read).
    ///
    /// # Errors
    /// Only storage failures.
    pub async fn menu_stamps_of(&self, owner: UserId) -> Result<Vec<MenuStamp>, CurationError> {
        self.queries.menu_stamps(MenuLookup::Owner(owner)).await
    }

    /// The stamp of the public menu with this slug, as [`Self::menu_stamp`].
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`] (missing and private look the same).
    pub async fn public_menu_stamp(&self, slug: &Slug) -> Result<MenuStamp, CurationError> {
        self.queries
            .menu_stamps(MenuLookup::Slug(slug.clone()))
            .await?
            .into_iter()
            .find(|stamp| stamp.is_public)
            .ok_or(CurationError::MenuNotFound)
    }

    /// Creates a menu with its courses and items (positions fix the order, then become
    /// 1..n) and a fresh slug from its title.
    ///
    /// # Errors
    /// [`CurationError::UnknownMedia`] when an item names no catalog item.
    pub async fn create_menu(
        &self,
        owner: UserId,
        draft: MenuDraft,
    ) -> Result<Menu, CurationError> {
        let now = self.now();
        let menu_id = MenuId::new();
        let mut courses = Vec::new();
        let mut items = Vec::new();
        for course in renumber(draft.courses) {
            let at = course.position;
            let (row, rows) = course_rows(menu_id, course, at, now);
            courses.push(row);
            items.extend(rows);
        }
        let (title, description, is_public) = (draft.title, draft.description, draft.is_public);
        let slug_title = title.clone();
        let build = move |slug: Slug| MenuAggregate {
            menu: MenuRow {
                id: menu_id,
                owner_id: owner,
                title: title.clone(),
                description: description.clone(),
                slug,
                is_public,
                created_at: now,
                updated_at: now,
            },
            courses: courses.clone(),
            items: items.clone(),
            pairings: Vec::new(),
        };
        let menu = self.insert_with_free_slug(&slug_title, build, None).await?;
        self.menu_view(&menu).await
    }

    /// Inserts the menu `build` makes for a slug, choosing the slug from the menu's title
    /// (API.md §5.3): the first of `base`, `base-2`, … not taken, retried with the next
    /// candidate when a concurrent create takes it first.
    pub(super) async fn insert_with_free_slug(
        &self,
        title: &MenuTitle,
        build: impl Fn(Slug) -> MenuAggregate,
        lineage: Option<NewLineage>,
    ) -> Result<MenuAggregate, CurationError> {
        let base = Slug::generate(title.as_str());
        let mut lost: Vec<Slug> = Vec::new();
        let mut last_error = None;
        for _ in 0..SLUG_ATTEMPTS {
            let mut taken = self.queries.taken_slugs(&base).await?;
            taken.extend(lost.iter().cloned());
            let menu = build(base.first_free(&taken));
            match self.menus.insert_menu(menu.clone(), lineage.clone()).await {
                Ok(()) => return Ok(menu),
                Err(CurationError::SlugTaken(slug)) => {
                    tracing::debug!(slug = %slug, "slug taken concurrently, trying the next one");
                    lost.push(slug.clone());
                    last_error = Some(CurationError::SlugTaken(slug));
                }
                Err(other) => return Err(other),
            }
        }
        Err(last_error.unwrap_or(CurationError::SlugTaken(base)))
    }

    /// Applies `patch` to the caller's menu; the slug never changes, and `updated_at`
    /// moves to now.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`].
    pub async fn update_menu(
        &self,
        owner: UserId,
        menu_id: MenuId,
        patch: MenuPatch,
    ) -> Result<Menu, CurationError> {
        let now = self.now();
        let menu = self
            .change(owner, menu_id, move |menu| {
                let row = &mut menu.menu;
                if let Some(title) = patch.title {
                    row.title = title;
                }
                if let Some(description) = patch.description {
                    row.description = Some(description);
                }
                if let Some(is_public) = patch.is_public {
                    row.is_public = is_public;
                }
                row.updated_at = now;
                Ok(())
            })
            .await?;
        self.menu_view(&menu).await
    }

    /// Deletes the caller's menu and everything it owns (courses, items, pairings, share
    /// links, lineage rows); its slug becomes free.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`].
    pub async fn delete_menu(&self, owner: UserId, menu_id: MenuId) -> Result<(), CurationError> {
        // The owner never changes, so checking it before the delete is not racy.
        self.owned(owner, menu_id).await?;
        self.menus.delete_menu(menu_id).await
    }

    /// Rewrites the menu's course positions to 1..n in the order of `course_ids`; every
    /// course's `updated_at` moves to now.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`]; [`CurationError::CourseIdsMismatch`] unless
    /// `course_ids` lists each of the menu's courses exactly once.
    pub async fn reorder_courses(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_ids: Vec<CourseId>,
    ) -> Result<Menu, CurationError> {
        let now = self.now();
        let menu = self
            .change(owner, menu_id, move |menu| {
                let current: Vec<CourseId> = menu.courses.iter().map(|c| c.id).collect();
                check_reorder(&current, &course_ids)
                    .map_err(|_| CurationError::CourseIdsMismatch)?;
                for course in &mut menu.courses {
                    let index = course_ids
                        .iter()
                        .position(|id| *id == course.id)
                        .unwrap_or(0);
                    course.position = Position::nth(index);
                    course.updated_at = now;
                }
                Ok(())
            })
            .await?;
        self.menu_view(&menu).await
    }
}
