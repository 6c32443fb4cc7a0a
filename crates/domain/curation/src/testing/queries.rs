//! [`MenuQueries`] for [`InMemoryMenuStore`].

use async_trait::async_trait;
use tastebuds_kernel::{MenuId, UserId};

use crate::error::CurationError;
use crate::models::{LineageMenu, LineageSource, Menu, MenuLineage, Pairing, ShareToken};
use crate::ports::MenuQueries;
use crate::slug::Slug;
use crate::testing::store::{InMemoryMenuStore, Store};

impl Store {
    fn public_by_slug(&self, slug: &Slug) -> Result<&Menu, CurationError> {
        self.menus
            .values()
            .find(|menu| &menu.slug == slug && menu.is_public)
            .ok_or(CurationError::MenuNotFound)
    }

    /// The lineage of `menu_id` showing only the related menus `shown` accepts.
    fn lineage_of(&self, menu_id: MenuId, shown: impl Fn(&Menu) -> bool) -> MenuLineage {
        let source_menu = self
            .lineage
            .iter()
            .find(|row| row.fork == menu_id)
            .and_then(|row| {
                let menu = self.menus.get(&row.source).filter(|m| shown(m))?;
                Some(LineageSource {
                    menu: Store::lineage_menu(menu),
                    note: row.note.clone(),
                })
            });
        let mut forked_menus: Vec<LineageMenu> = self
            .lineage
            .iter()
            .filter(|row| row.source == menu_id)
            .filter_map(|row| self.menus.get(&row.fork))
            .filter(|menu| shown(menu))
            .map(Store::lineage_menu)
            .collect();
        forked_menus.sort_by_key(|menu| std::cmp::Reverse(menu.created_at));
        MenuLineage {
            source_menu,
            forked_menus,
        }
    }
}

#[async_trait]
impl MenuQueries for InMemoryMenuStore {
    async fn list_menus(&self, owner: UserId) -> Result<Vec<Menu>, CurationError> {
        let store = self.lock();
        Ok(store
            .menus
            .values()
            .filter(|menu| menu.owner_id == owner)
            .map(|menu| store.view(menu))
            .collect())
    }

    async fn get_menu(&self, owner: UserId, menu_id: MenuId) -> Result<Menu, CurationError> {
        let store = self.lock();
        Ok(store.view(store.own_menu(owner, menu_id)?))
    }

    async fn get_visible_menu(
        &self,
        viewer: UserId,
        menu_id: MenuId,
    ) -> Result<Menu, CurationError> {
        let store = self.lock();
        store
            .menus
            .get(&menu_id)
            .filter(|menu| menu.is_visible_to(viewer))
            .map(|menu| store.view(menu))
            .ok_or(CurationError::MenuNotFound)
    }

    async fn public_menu(&self, slug: &Slug) -> Result<Menu, CurationError> {
        let store = self.lock();
        Ok(store.view(store.public_by_slug(slug)?))
    }

    async fn list_pairings(
        &self,
        owner: UserId,
        menu_id: MenuId,
    ) -> Result<Vec<Pairing>, CurationError> {
        let store = self.lock();
        Ok(store.view(store.own_menu(owner, menu_id)?).pairings)
    }

    async fn list_share_tokens(
        &self,
        owner: UserId,
        menu_id: MenuId,
    ) -> Result<Vec<ShareToken>, CurationError> {
        let store = self.lock();
        store.own_menu(owner, menu_id)?;
        let mut tokens: Vec<ShareToken> = store
            .tokens
            .iter()
            .filter(|token| token.menu_id == menu_id)
            .cloned()
            .collect();
        tokens.sort_by_key(|token| std::cmp::Reverse(token.created_at));
        Ok(tokens)
    }

    async fn owner_lineage(
        &self,
        owner: UserId,
        menu_id: MenuId,
    ) -> Result<MenuLineage, CurationError> {
        let store = self.lock();
        store.own_menu(owner, menu_id)?;
        Ok(store.lineage_of(menu_id, |menu| menu.is_visible_to(owner)))
    }

    async fn public_lineage(&self, slug: &Slug) -> Result<MenuLineage, CurationError> {
        let store = self.lock();
        let menu_id = store.public_by_slug(slug)?.id;
        Ok(store.lineage_of(menu_id, |menu| menu.is_public))
    }

    async fn taken_slugs(&self, base: &Slug) -> Result<Vec<Slug>, CurationError> {
        let store = self.lock();
        let blocks = |slug: &Slug| {
            slug == base
                || slug
                    .as_str()
                    .strip_prefix(base.as_str())
                    .and_then(|rest| rest.strip_prefix('-'))
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        Ok(store
            .menus
            .values()
            .map(|menu| menu.slug.clone())
            .filter(blocks)
            .collect())
    }
}
