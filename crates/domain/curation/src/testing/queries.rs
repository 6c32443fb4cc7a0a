//! The read port of [`InMemoryMenuStore`].

use async_trait::async_trait;
use tastebuds_kernel::{CourseId, CourseItemId, MediaCard, MediaItemId, MenuId, UserId};

use crate::aggregate::{
    LineageLink, LineageRecords, MenuAggregate, MenuLookup, MenuRef, MenuRevision, MenuStamp,
};
use crate::error::CurationError;
use crate::models::LineageMenu;
use crate::ports::MenuQueries;
use crate::slug::Slug;
use crate::testing::store::{InMemoryMenuStore, Tables};

impl Tables {
    fn menu_ref(&self, menu_id: MenuId) -> Option<MenuRef> {
        let menu = self.menus.get(&menu_id)?;
        Some(MenuRef {
            menu_id,
            owner_id: menu.owner_id,
        })
    }

    fn link(&self, menu_id: MenuId, note: Option<String>) -> Option<LineageLink> {
        let menu = self.menus.get(&menu_id)?;
        Some(LineageLink {
            menu: LineageMenu {
                id: menu.id,
                title: menu.title.clone(),
                slug: menu.slug.clone(),
                is_public: menu.is_public,
                created_at: menu.created_at,
            },
            owner_id: menu.owner_id,
            note,
        })
    }
}

#[async_trait]
impl MenuQueries for InMemoryMenuStore {
    async fn menu(&self, id: MenuId) -> Result<Option<MenuAggregate>, CurationError> {
        Ok(self.read(|tables| tables.aggregate(id)))
    }

    async fn menu_by_slug(&self, slug: &Slug) -> Result<Option<MenuAggregate>, CurationError> {
        Ok(self.read(|tables| {
            let id = tables.menus.values().find(|m| &m.slug == slug)?.id;
            tables.aggregate(id)
        }))
    }

    async fn menus_of_owner(&self, owner: UserId) -> Result<Vec<MenuAggregate>, CurationError> {
        Ok(self.read(|tables| {
            let ids = tables
                .menus
                .values()
                .filter(|m| m.owner_id == owner)
                .map(|m| m.id);
            ids.filter_map(|id| tables.aggregate(id)).collect()
        }))
    }

    async fn media_cards(&self, ids: &[MediaItemId]) -> Result<Vec<MediaCard>, CurationError> {
        Ok(self.read(|tables| {
            ids.iter()
                .filter_map(|id| tables.media.get(id).cloned())
                .collect()
        }))
    }

    async fn menu_stamps(&self, lookup: MenuLookup) -> Result<Vec<MenuStamp>, CurationError> {
        Ok(self.read(|tables| {
            let found = tables.menus.values().filter(|menu| match &lookup {
                MenuLookup::Id(id) => menu.id == *id,
                MenuLookup::Slug(slug) => menu.slug == *slug,
                MenuLookup::Owner(owner) => menu.owner_id == *owner,
            });
            found
                .map(|menu| MenuStamp {
                    menu_id: menu.id,
                    owner_id: menu.owner_id,
                    is_public: menu.is_public,
                    revision: MenuRevision(tables.revisions.get(&menu.id).copied().unwrap_or(0)),
                })
                .collect()
        }))
    }

    async fn locate_course(&self, id: CourseId) -> Result<Option<MenuRef>, CurationError> {
        Ok(self.read(|tables| tables.menu_ref(tables.courses.get(&id)?.menu_id)))
    }

    async fn locate_item(&self, id: CourseItemId) -> Result<Option<MenuRef>, CurationError> {
        Ok(self.read(|tables| {
            let course = tables.courses.get(&tables.items.get(&id)?.course_id)?;
            tables.menu_ref(course.menu_id)
        }))
    }

    async fn lineage(&self, menu_id: MenuId) -> Result<LineageRecords, CurationError> {
        Ok(self.read(|tables| LineageRecords {
            source: tables
                .lineage
                .iter()
                .find(|row| row.fork == menu_id)
                .and_then(|row| tables.link(row.source, row.note.clone())),
            forks: tables
                .lineage
                .iter()
                .filter(|row| row.source == menu_id)
                .filter_map(|row| tables.link(row.fork, row.note.clone()))
                .collect(),
        }))
    }

    async fn taken_slugs(&self, base: &Slug) -> Result<Vec<Slug>, CurationError> {
        Ok(self.read(|tables| {
            let starts =
                |m: &&crate::aggregate::MenuRow| m.slug.as_str().starts_with(base.as_str());
            tables
                .menus
                .values()
                .filter(starts)
                .map(|m| m.slug.clone())
                .collect()
        }))
    }
}
