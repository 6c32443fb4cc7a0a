//! [`MenuRepository`] for [`InMemoryMenuStore`].

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tastebuds_kernel::{CourseId, CourseItemId, MenuId, PairingId, ShareTokenId, UserId};

use crate::commands::{
    CourseDraft, CoursePatch, ItemDraft, ItemPatch, MenuPatch, NewCourse, NewFork, NewMenu,
    NewShareToken, PairingDraft,
};
use crate::error::{CurationError, StaleEntity};
use crate::models::{Course, CourseItem, Menu, Pairing, ShareLinkState, ShareToken, SharedMenu};
use crate::ordering::{check_fresh, check_reorder, insertion_position};
use crate::ports::MenuRepository;
use crate::testing::store::{InMemoryMenuStore, LineageRow, renumber_courses, renumber_items};

fn build_item(course_id: CourseId, draft: ItemDraft, now: DateTime<Utc>) -> CourseItem {
    CourseItem {
        id: CourseItemId::new(),
        course_id,
        media_item_id: draft.media_item_id,
        notes: draft.notes,
        position: draft.position,
        updated_at: now,
        media_item: None,
    }
}

fn build_course(menu_id: MenuId, draft: CourseDraft, now: DateTime<Utc>) -> Course {
    let id = CourseId::new();
    Course {
        id,
        menu_id,
        title: draft.title,
        description: draft.description,
        intent: draft.intent,
        position: draft.position,
        updated_at: now,
        items: draft
            .items
            .into_iter()
            .map(|item| build_item(id, item, now))
            .collect(),
    }
}

fn media_of(courses: &[CourseDraft]) -> impl Iterator<Item = tastebuds_kernel::MediaItemId> + '_ {
    courses
        .iter()
        .flat_map(|course| &course.items)
        .map(|item| item.media_item_id)
}

/// A deep copy of `source`'s courses, items and pairings under `menu_id`, with new ids.
fn copy_contents(
    source: &Menu,
    menu_id: MenuId,
    now: DateTime<Utc>,
) -> (Vec<Course>, Vec<Pairing>) {
    let mut item_ids: HashMap<CourseItemId, CourseItemId> = HashMap::new();
    let courses = source
        .courses
        .iter()
        .map(|course| {
            let course_id = CourseId::new();
            let items = course
                .items
                .iter()
                .map(|item| {
                    let id = CourseItemId::new();
                    item_ids.insert(item.id, id);
                    CourseItem {
                        id,
                        course_id,
                        updated_at: now,
                        media_item: None,
                        ..item.clone()
                    }
                })
                .collect();
            Course {
                id: course_id,
                menu_id,
                updated_at: now,
                items,
                ..course.clone()
            }
        })
        .collect();
    let pairings = source
        .pairings
        .iter()
        .filter_map(|pairing| {
            Some(Pairing {
                id: PairingId::new(),
                menu_id,
                primary_course_item_id: *item_ids.get(&pairing.primary_course_item_id)?,
                paired_course_item_id: *item_ids.get(&pairing.paired_course_item_id)?,
                created_at: now,
                updated_at: now,
                primary_item: None,
                paired_item: None,
                ..pairing.clone()
            })
        })
        .collect();
    (courses, pairings)
}

#[async_trait]
impl MenuRepository for InMemoryMenuStore {
    async fn create_menu(&self, owner: UserId, menu: NewMenu) -> Result<Menu, CurationError> {
        let mut store = self.lock();
        store.check_slug_free(&menu.slug)?;
        store.check_media(media_of(&menu.courses))?;
        let now = Utc::now();
        let id = MenuId::new();
        let stored = Menu {
            id,
            owner_id: owner,
            title: menu.title,
            description: menu.description,
            slug: menu.slug,
            is_public: menu.is_public,
            created_at: now,
            updated_at: now,
            courses: menu
                .courses
                .into_iter()
                .map(|course| build_course(id, course, now))
                .collect(),
            pairings: Vec::new(),
        };
        let view = store.view(&stored);
        store.menus.insert(id, stored);
        Ok(view)
    }

    async fn update_menu(
        &self,
        owner: UserId,
        menu_id: MenuId,
        patch: MenuPatch,
    ) -> Result<Menu, CurationError> {
        let mut store = self.lock();
        let menu = store.own_menu_mut(owner, menu_id)?;
        if let Some(title) = patch.title {
            menu.title = title;
        }
        if let Some(description) = patch.description {
            menu.description = Some(description);
        }
        if let Some(is_public) = patch.is_public {
            menu.is_public = is_public;
        }
        menu.updated_at = Utc::now();
        let menu = menu.clone();
        Ok(store.view(&menu))
    }

    async fn delete_menu(&self, owner: UserId, menu_id: MenuId) -> Result<(), CurationError> {
        let mut store = self.lock();
        store.own_menu(owner, menu_id)?;
        store.menus.remove(&menu_id);
        store
            .lineage
            .retain(|row| row.source != menu_id && row.fork != menu_id);
        store.tokens.retain(|token| token.menu_id != menu_id);
        Ok(())
    }

    async fn add_course(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course: NewCourse,
    ) -> Result<Course, CurationError> {
        let mut store = self.lock();
        store.own_menu(owner, menu_id)?;
        store.check_media(media_of(std::slice::from_ref(&course.course)))?;
        let menu = store.own_menu_mut(owner, menu_id)?;
        let at = insertion_position(course.course.position, menu.courses.len());
        let index = usize::try_from(at.get() - 1).unwrap_or(0);
        let built = build_course(menu_id, course.course, Utc::now());
        let id = built.id;
        menu.courses.insert(index, built);
        renumber_courses(&mut menu.courses, None);
        let added = menu.courses.iter().find(|c| c.id == id).cloned();
        added
            .map(|course| store.course_view(&course))
            .ok_or_else(|| CurationError::Unexpected(anyhow::anyhow!("course vanished")))
    }

    async fn update_course(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_id: CourseId,
        patch: CoursePatch,
    ) -> Result<Course, CurationError> {
        let mut store = self.lock();
        let index = store.course_index(owner, menu_id, course_id)?;
        let menu = store.own_menu_mut(owner, menu_id)?;
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
        course.updated_at = Utc::now();
        let course = course.clone();
        Ok(store.course_view(&course))
    }

    async fn delete_course(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_id: CourseId,
    ) -> Result<(), CurationError> {
        let mut store = self.lock();
        let index = store.course_index(owner, menu_id, course_id)?;
        let menu = store.own_menu_mut(owner, menu_id)?;
        let removed = menu.courses.remove(index);
        let gone: Vec<CourseItemId> = removed.items.iter().map(|item| item.id).collect();
        menu.pairings.retain(|p| {
            !gone.contains(&p.primary_course_item_id) && !gone.contains(&p.paired_course_item_id)
        });
        renumber_courses(&mut menu.courses, None);
        Ok(())
    }

    async fn add_item(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_id: CourseId,
        item: ItemDraft,
    ) -> Result<CourseItem, CurationError> {
        let mut store = self.lock();
        let index = store.course_index(owner, menu_id, course_id)?;
        store.check_media([item.media_item_id])?;
        let menu = store.own_menu_mut(owner, menu_id)?;
        let items = &mut menu.courses[index].items;
        let at = insertion_position(item.position, items.len());
        let built = build_item(course_id, item, Utc::now());
        let id = built.id;
        items.insert(usize::try_from(at.get() - 1).unwrap_or(0), built);
        renumber_items(items, None);
        let course = menu.courses[index].clone();
        let view = store.course_view(&course);
        view.items
            .into_iter()
            .find(|i| i.id == id)
            .ok_or_else(|| CurationError::Unexpected(anyhow::anyhow!("item vanished")))
    }

    async fn update_item(
        &self,
        owner: UserId,
        menu_id: MenuId,
        item_id: CourseItemId,
        patch: ItemPatch,
    ) -> Result<CourseItem, CurationError> {
        let mut store = self.lock();
        let (_, c, i) = store.item_at(owner, menu_id, item_id)?;
        let menu = store.own_menu_mut(owner, menu_id)?;
        let item = &mut menu.courses[c].items[i];
        check_fresh(
            StaleEntity::CourseItem,
            patch.expected_updated_at,
            item.updated_at,
        )?;
        if let Some(notes) = patch.notes {
            item.notes = notes;
        }
        item.updated_at = Utc::now();
        let course = menu.courses[c].clone();
        let view = store.course_view(&course);
        view.items
            .into_iter()
            .nth(i)
            .ok_or_else(|| CurationError::Unexpected(anyhow::anyhow!("item vanished")))
    }

    async fn delete_item(
        &self,
        owner: UserId,
        menu_id: MenuId,
        item_id: CourseItemId,
    ) -> Result<(), CurationError> {
        let mut store = self.lock();
        let (_, c, i) = store.item_at(owner, menu_id, item_id)?;
        let menu = store.own_menu_mut(owner, menu_id)?;
        menu.courses[c].items.remove(i);
        renumber_items(&mut menu.courses[c].items, None);
        menu.pairings
            .retain(|p| p.primary_course_item_id != item_id && p.paired_course_item_id != item_id);
        Ok(())
    }

    async fn reorder_items(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_id: CourseId,
        item_ids: &[CourseItemId],
    ) -> Result<Course, CurationError> {
        let mut store = self.lock();
        let index = store.course_index(owner, menu_id, course_id)?;
        let menu = store.own_menu_mut(owner, menu_id)?;
        let course = &mut menu.courses[index];
        let current: Vec<CourseItemId> = course.items.iter().map(|item| item.id).collect();
        check_reorder(&current, item_ids).map_err(|_| CurationError::ItemIdsMismatch)?;
        course
            .items
            .sort_by_key(|item| item_ids.iter().position(|id| *id == item.id));
        renumber_items(&mut course.items, Some(Utc::now()));
        let course = course.clone();
        Ok(store.course_view(&course))
    }

    async fn reorder_courses(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_ids: &[CourseId],
    ) -> Result<Menu, CurationError> {
        let mut store = self.lock();
        let menu = store.own_menu_mut(owner, menu_id)?;
        let current: Vec<CourseId> = menu.courses.iter().map(|course| course.id).collect();
        check_reorder(&current, course_ids).map_err(|_| CurationError::CourseIdsMismatch)?;
        menu.courses
            .sort_by_key(|course| course_ids.iter().position(|id| *id == course.id));
        renumber_courses(&mut menu.courses, Some(Utc::now()));
        let menu = menu.clone();
        Ok(store.view(&menu))
    }

    async fn fork_menu(
        &self,
        owner: UserId,
        source: MenuId,
        fork: NewFork,
    ) -> Result<Menu, CurationError> {
        let mut store = self.lock();
        let original = store
            .menus
            .get(&source)
            .filter(|menu| menu.is_visible_to(owner))
            .ok_or(CurationError::MenuNotFound)?;
        store.check_slug_free(&fork.slug)?;
        let now = Utc::now();
        let id = MenuId::new();
        let (courses, pairings) = copy_contents(original, id, now);
        let forked = Menu {
            id,
            owner_id: owner,
            title: fork.title,
            description: fork.description,
            slug: fork.slug,
            is_public: fork.is_public,
            created_at: now,
            updated_at: now,
            courses,
            pairings,
        };
        let view = store.view(&forked);
        store.menus.insert(id, forked);
        store.lineage.push(LineageRow {
            source,
            fork: id,
            note: fork.note,
        });
        Ok(view)
    }

    async fn create_pairing(
        &self,
        owner: UserId,
        menu_id: MenuId,
        pairing: PairingDraft,
    ) -> Result<Pairing, CurationError> {
        let mut store = self.lock();
        let menu = store.own_menu_mut(owner, menu_id)?;
        let in_menu = |id: CourseItemId| {
            menu.courses
                .iter()
                .flat_map(|course| &course.items)
                .any(|item| item.id == id)
        };
        if !in_menu(pairing.primary_course_item_id) || !in_menu(pairing.paired_course_item_id) {
            return Err(CurationError::PairingItemNotInMenu);
        }
        if menu.pairings.iter().any(|p| {
            p.primary_course_item_id == pairing.primary_course_item_id
                && p.paired_course_item_id == pairing.paired_course_item_id
        }) {
            return Err(CurationError::PairingExists);
        }
        let now = Utc::now();
        let stored = Pairing {
            id: PairingId::new(),
            menu_id,
            primary_course_item_id: pairing.primary_course_item_id,
            paired_course_item_id: pairing.paired_course_item_id,
            relationship: pairing.relationship,
            note: pairing.note,
            created_at: now,
            updated_at: now,
            primary_item: None,
            paired_item: None,
        };
        menu.pairings.push(stored.clone());
        let menu = menu.clone();
        Ok(store.pairing_view(&menu, &stored))
    }

    async fn delete_pairing(
        &self,
        owner: UserId,
        menu_id: MenuId,
        pairing_id: PairingId,
    ) -> Result<(), CurationError> {
        let mut store = self.lock();
        let menu = store
            .own_menu_mut(owner, menu_id)
            .map_err(|_| CurationError::PairingNotFound)?;
        let before = menu.pairings.len();
        menu.pairings.retain(|p| p.id != pairing_id);
        if menu.pairings.len() == before {
            return Err(CurationError::PairingNotFound);
        }
        Ok(())
    }

    async fn create_share_token(
        &self,
        owner: UserId,
        menu_id: MenuId,
        token: NewShareToken,
    ) -> Result<ShareToken, CurationError> {
        let mut store = self.lock();
        store.own_menu(owner, menu_id)?;
        let stored = ShareToken {
            id: ShareTokenId::new(),
            menu_id,
            token: token.token,
            expires_at: token.expires_at,
            revoked_at: None,
            last_accessed_at: None,
            access_count: 0,
            created_at: Utc::now(),
        };
        store.tokens.push(stored.clone());
        Ok(stored)
    }

    async fn revoke_share_token(
        &self,
        owner: UserId,
        menu_id: MenuId,
        token_id: ShareTokenId,
        now: DateTime<Utc>,
    ) -> Result<(), CurationError> {
        let mut store = self.lock();
        store
            .own_menu(owner, menu_id)
            .map_err(|_| CurationError::ShareTokenNotFound)?;
        let token = store
            .tokens
            .iter_mut()
            .find(|token| token.id == token_id && token.menu_id == menu_id)
            .ok_or(CurationError::ShareTokenNotFound)?;
        token.revoked_at.get_or_insert(now);
        Ok(())
    }

    async fn open_share_link(
        &self,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<SharedMenu, CurationError> {
        let mut store = self.lock();
        let found = store
            .tokens
            .iter()
            .position(|t| t.token == token)
            .ok_or(CurationError::ShareLinkNotFound)?;
        match store.tokens[found].state_at(now) {
            ShareLinkState::Usable => {}
            ShareLinkState::Revoked => return Err(CurationError::ShareLinkNotFound),
            ShareLinkState::Expired => return Err(CurationError::ShareLinkExpired),
        }
        let menu = store
            .menus
            .get(&store.tokens[found].menu_id)
            .cloned()
            .ok_or(CurationError::ShareLinkNotFound)?;
        let opened = &mut store.tokens[found];
        opened.access_count = opened.access_count.saturating_add(1);
        opened.last_accessed_at = Some(now);
        let token = opened.clone();
        Ok(SharedMenu {
            menu: store.view(&menu),
            token,
        })
    }
}
