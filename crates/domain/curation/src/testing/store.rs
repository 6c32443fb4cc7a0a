//! The state of [`InMemoryMenuStore`] and the lookups both ports share.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Utc};
use serde_json::Value;
use tastebuds_kernel::{CourseId, CourseItemId, MediaItemId, MenuId, UserId};

use crate::error::CurationError;
use crate::models::{Course, CourseItem, LineageMenu, MediaCard, Menu, Pairing, ShareToken};
use crate::slug::Slug;
use crate::values::Position;

/// A plausible catalog card for `id`.
#[must_use]
pub fn media_card(id: MediaItemId) -> MediaCard {
    MediaCard {
        id,
        media_type: "movie".to_owned(),
        title: format!("Film {id}"),
        subtitle: None,
        description: None,
        release_date: None,
        cover_image_url: None,
        canonical_url: None,
        metadata: Value::Null,
    }
}

pub(super) struct LineageRow {
    pub(super) source: MenuId,
    pub(super) fork: MenuId,
    pub(super) note: Option<String>,
}

/// Menus are stored as aggregates without embedded read-model parts (media cards,
/// pairing items); [`Store::view`] fills those in on the way out.
#[derive(Default)]
pub(super) struct Store {
    pub(super) media: HashMap<MediaItemId, MediaCard>,
    pub(super) menus: HashMap<MenuId, Menu>,
    pub(super) lineage: Vec<LineageRow>,
    pub(super) tokens: Vec<ShareToken>,
}

/// Where a course item sits: menu, course index, item index.
pub(super) type ItemAt = (MenuId, usize, usize);

impl Store {
    pub(super) fn own_menu(&self, owner: UserId, id: MenuId) -> Result<&Menu, CurationError> {
        self.menus
            .get(&id)
            .filter(|menu| menu.owner_id == owner)
            .ok_or(CurationError::MenuNotFound)
    }

    pub(super) fn own_menu_mut(
        &mut self,
        owner: UserId,
        id: MenuId,
    ) -> Result<&mut Menu, CurationError> {
        self.menus
            .get_mut(&id)
            .filter(|menu| menu.owner_id == owner)
            .ok_or(CurationError::MenuNotFound)
    }

    /// The index of the caller's course in `menu_id`.
    pub(super) fn course_index(
        &self,
        owner: UserId,
        menu_id: MenuId,
        course_id: CourseId,
    ) -> Result<usize, CurationError> {
        self.own_menu(owner, menu_id)?;
        let holder = self.menus.values().find_map(|menu| {
            menu.courses
                .iter()
                .position(|course| course.id == course_id)
                .map(|index| (menu, index))
        });
        match holder {
            Some((menu, index)) if menu.owner_id == owner && menu.id == menu_id => Ok(index),
            Some((menu, _)) if menu.owner_id == owner => Err(CurationError::CourseNotInMenu),
            _ => Err(CurationError::CourseNotFound),
        }
    }

    /// Where the caller's course item sits in `menu_id`.
    pub(super) fn item_at(
        &self,
        owner: UserId,
        menu_id: MenuId,
        item_id: CourseItemId,
    ) -> Result<ItemAt, CurationError> {
        self.own_menu(owner, menu_id)?;
        let holder = self.menus.values().find_map(|menu| {
            menu.courses.iter().enumerate().find_map(|(c, course)| {
                course
                    .items
                    .iter()
                    .position(|item| item.id == item_id)
                    .map(|i| (menu, c, i))
            })
        });
        match holder {
            Some((menu, c, i)) if menu.owner_id == owner && menu.id == menu_id => {
                Ok((menu.id, c, i))
            }
            Some((menu, _, _)) if menu.owner_id == owner => Err(CurationError::ItemNotInMenu),
            _ => Err(CurationError::CourseItemNotFound),
        }
    }

    pub(super) fn check_media(
        &self,
        ids: impl IntoIterator<Item = MediaItemId>,
    ) -> Result<(), CurationError> {
        for id in ids {
            if !self.media.contains_key(&id) {
                return Err(CurationError::UnknownMedia);
            }
        }
        Ok(())
    }

    pub(super) fn check_slug_free(&self, slug: &Slug) -> Result<(), CurationError> {
        if self.menus.values().any(|menu| &menu.slug == slug) {
            Err(CurationError::SlugTaken(slug.clone()))
        } else {
            Ok(())
        }
    }

    fn card(&self, item: &CourseItem) -> CourseItem {
        CourseItem {
            media_item: self.media.get(&item.media_item_id).cloned(),
            ..item.clone()
        }
    }

    pub(super) fn course_view(&self, course: &Course) -> Course {
        Course {
            items: course.items.iter().map(|item| self.card(item)).collect(),
            ..course.clone()
        }
    }

    pub(super) fn pairing_view(&self, menu: &Menu, pairing: &Pairing) -> Pairing {
        let find = |id: CourseItemId| {
            menu.courses
                .iter()
                .flat_map(|course| &course.items)
                .find(|item| item.id == id)
                .map(|item| self.card(item))
        };
        Pairing {
            primary_item: find(pairing.primary_course_item_id),
            paired_item: find(pairing.paired_course_item_id),
            ..pairing.clone()
        }
    }

    /// The menu as the ports return it: items with their media cards, pairings with
    /// both items.
    pub(super) fn view(&self, menu: &Menu) -> Menu {
        Menu {
            courses: menu.courses.iter().map(|c| self.course_view(c)).collect(),
            pairings: menu
                .pairings
                .iter()
                .map(|p| self.pairing_view(menu, p))
                .collect(),
            ..menu.clone()
        }
    }

    pub(super) fn lineage_menu(menu: &Menu) -> LineageMenu {
        LineageMenu {
            id: menu.id,
            title: menu.title.clone(),
            slug: menu.slug.clone(),
            is_public: menu.is_public,
            created_at: menu.created_at,
        }
    }
}

/// Rewrites positions to 1..n in list order.
pub(super) fn renumber_courses(courses: &mut [Course], now: Option<DateTime<Utc>>) {
    for (index, course) in courses.iter_mut().enumerate() {
        course.position = Position::nth(index);
        if let Some(now) = now {
            course.updated_at = now;
        }
    }
}

/// Rewrites positions to 1..n in list order.
pub(super) fn renumber_items(items: &mut [CourseItem], now: Option<DateTime<Utc>>) {
    for (index, item) in items.iter_mut().enumerate() {
        item.position = Position::nth(index);
        if let Some(now) = now {
            item.updated_at = now;
        }
    }
}

/// A [`MenuRepository`](crate::MenuRepository) and [`MenuQueries`](crate::MenuQueries)
/// held in memory. Media items must be registered ([`InMemoryMenuStore::add_media`])
/// before course items can refer to them, as the catalog's foreign key requires.
#[derive(Default)]
pub struct InMemoryMenuStore {
    store: Mutex<Store>,
}

impl std::fmt::Debug for InMemoryMenuStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InMemoryMenuStore")
            .field("menus", &self.lock().menus.len())
            .finish_non_exhaustive()
    }
}

impl InMemoryMenuStore {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a catalog item.
    pub fn add_media(&self, card: MediaCard) {
        self.lock().media.insert(card.id, card);
    }

    pub(super) fn lock(&self) -> MutexGuard<'_, Store> {
        // A panicking test must not poison every later assertion.
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait::async_trait]
impl crate::testing::CurationFixtures for InMemoryMenuStore {
    async fn user(&self) -> UserId {
        UserId::new()
    }

    async fn media_item(&self) -> MediaItemId {
        let id = MediaItemId::new();
        self.add_media(media_card(id));
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::menu_store_contract;

    #[tokio::test]
    async fn the_in_memory_store_honours_the_port_contract() {
        let store = InMemoryMenuStore::new();
        menu_store_contract(&store, &store, &store).await;
    }
}
