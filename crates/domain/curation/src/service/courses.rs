//! Courses and course items: add (insert and shift), patch (stale-write guard), delete
//! (close the gap, drop the pairings that lose an item) and reorder (API.md §5.4).

use tastebuds_kernel::{CourseId, CourseItemId, MenuId, UserId};

use super::menus::{course_rows, item_row};
use super::{CurationService, views};
use crate::aggregate::{CourseItemRow, CourseRow, MenuAggregate};
use crate::commands::{CourseDraft, CoursePatch, ItemDraft, ItemPatch};
use crate::error::{CurationError, StaleEntity};
use crate::models::{Course, CourseItem};
use crate::ordering::{check_fresh, check_reorder, close_gap, insertion_position, make_room};
use crate::values::Position;

fn course_index(menu: &MenuAggregate, id: CourseId) -> Result<usize, CurationError> {
    menu.courses
        .iter()
        .position(|course| course.id == id)
        .ok_or(CurationError::CourseNotFound)
}

fn item_index(menu: &MenuAggregate, id: CourseItemId) -> Result<usize, CurationError> {
    menu.items
        .iter()
        .position(|item| item.id == id)
        .ok_or(CurationError::CourseItemNotFound)
}

fn items_of_mut(
    items: &mut [CourseItemRow],
    course_id: CourseId,
) -> impl Iterator<Item = &mut CourseItemRow> {
    items
        .iter_mut()
        .filter(move |item| item.course_id == course_id)
}

/// Removes item `index` and what hangs off it: the gap closes, pairings naming it go.
fn remove_item(menu: &mut MenuAggregate, index: usize) {
    let removed = menu.items.remove(index);
    close_gap(
        items_of_mut(&mut menu.items, removed.course_id),
        removed.position,
    );
    menu.pairings.retain(|p| {
        p.primary_course_item_id != removed.id && p.paired_course_item_id != removed.id
    });
}

impl CurationService {
    /// Turns a course "not in this menu" into "yours, but in another menu" when it is.
    async fn refine_course_error(
        &self,
        owner: UserId,
        course_id: CourseId,
        error: CurationError,
    ) -> CurationError {
        if !matches!(error, CurationError::CourseNotFound) {
            return error;
        }
        match self.queries.locate_course(course_id).await {
            Ok(Some(at)) if at.owner_id == owner => CurationError::CourseNotInMenu,
            Ok(_) => error,
            Err(lookup) => lookup,
        }
    }

    /// Turns an item "not in this menu" into "yours, but in another menu" when it is.
    async fn refine_item_error(
        &self,
        owner: UserId,
        item_id: CourseItemId,
        error: CurationError,
    ) -> CurationError {
        if !matches!(error, CurationError::CourseItemNotFound) {
            return error;
        }
        match self.queries.locate_item(item_id).await {
            Ok(Some(at)) if at.owner_id == owner => CurationError::ItemNotInMenu,
            Ok(_) => error,
            Err(lookup) => lookup,
        }
    }

    /// The course `course_id` of `menu`, cards embedded.
    async fn course_view(
        &self,
        menu: &MenuAggregate,
        course_id: CourseId,
    ) -> Result<Course, CurationError> {
        let course = &menu.courses[course_index(menu, course_id)?];
        let media = menu.items.iter().filter(|i| i.course_id == course_id);
        let cards = self.cards(media.map(|i| i.media_item_id)).await?;
        Ok(views::course(course, &menu.items, &cards))
    }

    /// The item `item_id` of `menu`, card embedded.
    async fn item_view(
        &self,
        menu: &MenuAggregate,
        item_id: CourseItemId,
    ) -> Result<CourseItem, CurationError> {
        let item = &menu.items[item_index(menu, item_id)?];
        let cards = self.cards([item.media_item_id]).await?;
        Ok(views::item(item, &cards))
    }

    /// Adds a course with its items at `draft.position`: inside 1..n it goes there and
    /// the courses at and after it shift down (keeping their `updated_at`); past the end
    /// it is appended. Its items are renumbered 1..n.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`]; [`CurationError::UnknownMedia`].
    pub async fn add_course(
        &self,
        owner: UserId,
        menu_id: MenuId,
        draft: CourseDraft,
    ) -> Result<Course, CurationError> {
        let now = self.now();
        let requested = draft.position;
        let (course, items) = course_rows(menu_id, draft, requested, now);
        let course_id = course.id;
        let menu = self
            .change(owner, menu_id, move |menu| {
                let at = insertion_position(requested, menu.courses.len());
                make_room(&mut menu.courses, at);
                menu.courses.push(CourseRow {
                    position: at,
                    ..course
                });
                menu.items.extend(items);
                Ok(())
            })
            .await?;
        self.course_view(&menu, course_id).await
    }

    /// Applies `patch` to a course (never its position); `updated_at` moves to now.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`], [`CurationError::CourseNotFound`],
    /// [`CurationError::CourseNotInMenu`]; [`CurationError::StaleWrite`] when
    /// `patch.expected_updated_at` differs from the stored `updated_at`.
    pub async fn update_course(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_id: CourseId,
        patch: CoursePatch,
    ) -> Result<Course, CurationError> {
        let now = self.now();
        let result = self
            .change(owner, menu_id, move |menu| {
                let index = course_index(menu, course_id)?;
                let course = &mut menu.courses[index];
                check_fresh(
                    StaleEntity::Course,
                    patch.expected_updated_at,
                    course.updated_at,
                )?;
                if let Some(title) = patch.title {
                    course.title = title;
                }
                if let Some(description) = patch.description {
                    course.description = description;
                }
                if let Some(intent) = patch.intent {
                    course.intent = intent;
                }
                course.updated_at = now;
                Ok(())
            })
            .await;
        match result {
            Ok(menu) => self.course_view(&menu, course_id).await,
            Err(error) => Err(self.refine_course_error(owner, course_id, error).await),
        }
    }

    /// Deletes a course with its items and their pairings; the courses after it move up.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`], [`CurationError::CourseNotFound`],
    /// [`CurationError::CourseNotInMenu`].
    pub async fn delete_course(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_id: CourseId,
    ) -> Result<(), CurationError> {
        let result = self
            .change(owner, menu_id, move |menu| {
                let index = course_index(menu, course_id)?;
                let removed = menu.courses.remove(index);
                close_gap(&mut menu.courses, removed.position);
                while let Some(index) = menu.items.iter().position(|i| i.course_id == course_id) {
                    remove_item(menu, index);
                }
                Ok(())
            })
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) => Err(self.refine_course_error(owner, course_id, error).await),
        }
    }

    /// Adds an item to a course at `draft.position`, as [`Self::add_course`] places
    /// courses.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`], [`CurationError::CourseNotFound`],
    /// [`CurationError::CourseNotInMenu`], [`CurationError::UnknownMedia`].
    pub async fn add_item(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_id: CourseId,
        draft: ItemDraft,
    ) -> Result<CourseItem, CurationError> {
        let now = self.now();
        let requested = draft.position;
        let item = item_row(course_id, draft, requested, now);
        let item_id = item.id;
        let result = self
            .change(owner, menu_id, move |menu| {
                course_index(menu, course_id)?;
                let len = menu
                    .items
                    .iter()
                    .filter(|i| i.course_id == course_id)
                    .count();
                let at = insertion_position(requested, len);
                make_room(items_of_mut(&mut menu.items, course_id), at);
                menu.items.push(CourseItemRow {
                    position: at,
                    ..item
                });
                Ok(())
            })
            .await;
        match result {
            Ok(menu) => self.item_view(&menu, item_id).await,
            Err(error) => Err(self.refine_course_error(owner, course_id, error).await),
        }
    }

    /// Applies `patch` to a course item; `updated_at` moves to now.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`], [`CurationError::CourseItemNotFound`],
    /// [`CurationError::ItemNotInMenu`]; [`CurationError::StaleWrite`] as for courses.
    pub async fn update_item(
        &self,
        owner: UserId,
        menu_id: MenuId,
        item_id: CourseItemId,
        patch: ItemPatch,
    ) -> Result<CourseItem, CurationError> {
        let now = self.now();
        let result = self
            .change(owner, menu_id, move |menu| {
                let index = item_index(menu, item_id)?;
                let item = &mut menu.items[index];
                check_fresh(
                    StaleEntity::CourseItem,
                    patch.expected_updated_at,
                    item.updated_at,
                )?;
                if let Some(notes) = patch.notes {
                    item.notes = notes;
                }
                item.updated_at = now;
                Ok(())
            })
            .await;
        match result {
            Ok(menu) => self.item_view(&menu, item_id).await,
            Err(error) => Err(self.refine_item_error(owner, item_id, error).await),
        }
    }

    /// Deletes a course item and the pairings naming it; the items after it move up.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`], [`CurationError::CourseItemNotFound`],
    /// [`CurationError::ItemNotInMenu`].
    pub async fn delete_item(
        &self,
        owner: UserId,
        menu_id: MenuId,
        item_id: CourseItemId,
    ) -> Result<(), CurationError> {
        let result = self
            .change(owner, menu_id, move |menu| {
                let index = item_index(menu, item_id)?;
                remove_item(menu, index);
                Ok(())
            })
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) => Err(self.refine_item_error(owner, item_id, error).await),
        }
    }

    /// Rewrites the course's item positions to 1..n in the order of `item_ids`; every
    /// item's `updated_at` moves to now.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`], [`CurationError::CourseNotFound`],
    /// [`CurationError::CourseNotInMenu`]; [`CurationError::ItemIdsMismatch`] unless
    /// `item_ids` lists each of the course's items exactly once.
    pub async fn reorder_items(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_id: CourseId,
        item_ids: Vec<CourseItemId>,
    ) -> Result<Course, CurationError> {
        let now = self.now();
        let result = self
            .change(owner, menu_id, move |menu| {
                course_index(menu, course_id)?;
                let current: Vec<CourseItemId> = menu
                    .items
                    .iter()
                    .filter(|i| i.course_id == course_id)
                    .map(|i| i.id)
                    .collect();
                check_reorder(&current, &item_ids).map_err(|_| CurationError::ItemIdsMismatch)?;
                for item in items_of_mut(&mut menu.items, course_id) {
                    let index = item_ids.iter().position(|id| *id == item.id).unwrap_or(0);
                    item.position = Position::nth(index);
                    item.updated_at = now;
                }
                Ok(())
            })
            .await;
        match result {
            Ok(menu) => self.course_view(&menu, course_id).await,
            Err(error) => Err(self.refine_course_error(owner, course_id, error).await),
        }
    }
}
