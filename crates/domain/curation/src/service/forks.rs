//! Forks (deep copies with a lineage row) and lineage views (API.md §2.9, §6.8).

use std::collections::HashMap;

use tastebuds_kernel::{CourseId, CourseItemId, MenuId, PairingId, UserId};

use super::{CurationService, views};
use crate::aggregate::{
    CourseItemRow, CourseRow, LineageLink, MenuAggregate, MenuRow, NewLineage, PairingRow,
};
use crate::commands::{ForkDraft, fork_title};
use crate::error::CurationError;
use crate::models::{Menu, MenuLineage};
use crate::slug::Slug;

/// A copy of `source`'s courses, items and pairings under the menu `target`, with fresh
/// ids and timestamps `target.created_at`.
fn copy_contents(source: &MenuAggregate, target: MenuRow) -> MenuAggregate {
    let (now, menu_id) = (target.created_at, target.id);
    let courses: HashMap<CourseId, CourseId> = source
        .courses
        .iter()
        .map(|c| (c.id, CourseId::new()))
        .collect();
    let items: HashMap<CourseItemId, CourseItemId> = source
        .items
        .iter()
        .map(|i| (i.id, CourseItemId::new()))
        .collect();
    MenuAggregate {
        courses: source
            .courses
            .iter()
            .filter_map(|course| {
                Some(CourseRow {
                    id: *courses.get(&course.id)?,
                    menu_id,
                    updated_at: now,
                    ..course.clone()
                })
            })
            .collect(),
        items: source
            .items
            .iter()
            .filter_map(|item| {
                Some(CourseItemRow {
                    id: *items.get(&item.id)?,
                    course_id: *courses.get(&item.course_id)?,
                    updated_at: now,
                    ..item.clone()
                })
            })
            .collect(),
        pairings: source
            .pairings
            .iter()
            .filter_map(|pairing| {
                Some(PairingRow {
                    id: PairingId::new(),
                    menu_id,
                    primary_course_item_id: *items.get(&pairing.primary_course_item_id)?,
                    paired_course_item_id: *items.get(&pairing.paired_course_item_id)?,
                    created_at: now,
                    updated_at: now,
                    ..pairing.clone()
                })
            })
            .collect(),
        menu: target,
    }
}

impl CurationService {
    /// Forks a menu the caller may read (their own, or any public one) into a new menu
    /// of theirs: fresh slug from its title, deep copies of the courses, items and
    /// pairings, and a lineage row to the source carrying `draft.note`.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`]: the source is missing, or private and someone
    /// else's.
    pub async fn fork_menu(
        &self,
        caller: UserId,
        source_id: MenuId,
        draft: ForkDraft,
    ) -> Result<Menu, CurationError> {
        let source = self
            .queries
            .menu(source_id)
            .await?
            .filter(|menu| menu.menu.is_public || menu.menu.owner_id == caller)
            .ok_or(CurationError::MenuNotFound)?;
        let now = self.now();
        let title = draft
            .title
            .unwrap_or_else(|| fork_title(&source.menu.title));
        let target = MenuRow {
            id: MenuId::new(),
            owner_id: caller,
            title: title.clone(),
            description: draft
                .description
                .or_else(|| source.menu.description.clone()),
            slug: Slug::generate(title.as_str()),
            is_public: draft.is_public.unwrap_or(false),
            created_at: now,
            updated_at: now,
        };
        let copy = copy_contents(&source, target);
        let lineage = NewLineage {
            source_menu_id: source_id,
            created_by: caller,
            note: draft.note,
            created_at: now,
        };
        let build = move |slug: Slug| {
            let mut menu = copy.clone();
            menu.menu.slug = slug;
            menu
        };
        let fork = self
            .insert_with_free_slug(&title, build, Some(lineage))
            .await?;
        tracing::debug!(menu.id = %fork.menu.id, source.id = %source_id, "menu forked");
        self.menu_view(&fork).await
    }

    /// The lineage of the caller's menu, limited to menus the caller owns or that are
    /// public (API.md §6.8); forks newest first.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`].
    pub async fn owner_lineage(
        &self,
        owner: UserId,
        menu_id: MenuId,
    ) -> Result<MenuLineage, CurationError> {
        self.owned(owner, menu_id).await?;
        let records = self.queries.lineage(menu_id).await?;
        let shown = |link: &LineageLink| link.owner_id == owner || link.menu.is_public;
        Ok(views::lineage(records.source, records.forks, shown))
    }

    /// The lineage of a public menu, limited to public menus.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`]: no public menu has this slug.
    pub async fn public_lineage(&self, slug: &Slug) -> Result<MenuLineage, CurationError> {
        let menu = self
            .queries
            .menu_by_slug(slug)
            .await?
            .filter(|menu| menu.menu.is_public)
            .ok_or(CurationError::MenuNotFound)?;
        let records = self.queries.lineage(menu.menu.id).await?;
        Ok(views::lineage(records.source, records.forks, |link| {
            link.menu.is_public
        }))
    }
}
