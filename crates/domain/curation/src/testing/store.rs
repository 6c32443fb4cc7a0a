//! [`InMemoryMenuStore`]: tables in a mutex, written in emulated transactions. No
//! business rule lives here; the keys and foreign keys are in `constraints`.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use tastebuds_kernel::{
    CourseId, CourseItemId, MediaCard, MediaItemId, MenuId, PairingId, ShareTokenId, UserId,
};

use super::{lock, media_card};
use crate::aggregate::{CourseItemRow, CourseRow, MenuAggregate, MenuRow, PairingRow};
use crate::error::CurationError;
use crate::models::ShareToken;

/// A `menu_lineage` row.
#[derive(Clone, Debug)]
pub(super) struct LineageRow {
    pub(super) source: MenuId,
    pub(super) fork: MenuId,
    pub(super) note: Option<String>,
}

/// One table per map, as in PostgreSQL.
#[derive(Clone, Debug, Default)]
pub(super) struct Tables {
    pub(super) media: HashMap<MediaItemId, MediaCard>,
    pub(super) menus: HashMap<MenuId, MenuRow>,
    pub(super) courses: HashMap<CourseId, CourseRow>,
    pub(super) items: HashMap<CourseItemId, CourseItemRow>,
    pub(super) pairings: HashMap<PairingId, PairingRow>,
    pub(super) lineage: Vec<LineageRow>,
    pub(super) tokens: HashMap<ShareTokenId, ShareToken>,
    /// Each stored menu's revision (absent: 0), advanced as PostgreSQL's triggers do.
    pub(super) revisions: HashMap<MenuId, i64>,
}

impl Tables {
    /// The menu `id` with every row under it, in no particular order.
    pub(super) fn aggregate(&self, id: MenuId) -> Option<MenuAggregate> {
        let menu = self.menus.get(&id)?.clone();
        let courses: Vec<CourseRow> = self
            .courses
            .values()
            .filter(|c| c.menu_id == id)
            .cloned()
            .collect();
        let course_ids: HashSet<CourseId> = courses.iter().map(|c| c.id).collect();
        Some(MenuAggregate {
            menu,
            items: self
                .items
                .values()
                .filter(|i| course_ids.contains(&i.course_id))
                .cloned()
                .collect(),
            pairings: self
                .pairings
                .values()
                .filter(|p| p.menu_id == id)
                .cloned()
                .collect(),
            courses,
        })
    }

    /// Advances the revision of menu `id`.
    pub(super) fn advance(&mut self, id: MenuId) {
        *self.revisions.entry(id).or_default() += 1;
    }

    /// Inserts or overwrites every row of `menu`.
    pub(super) fn put(&mut self, menu: MenuAggregate) {
        self.menus.insert(menu.menu.id, menu.menu);
        self.courses
            .extend(menu.courses.into_iter().map(|row| (row.id, row)));
        self.items
            .extend(menu.items.into_iter().map(|row| (row.id, row)));
        self.pairings
            .extend(menu.pairings.into_iter().map(|row| (row.id, row)));
    }
}

/// [`MenuRepository`](crate::MenuRepository), [`ShareTokenRepository`](crate::ShareTokenRepository)
/// and [`MenuQueries`](crate::MenuQueries) in memory. Catalog items must be registered
/// ([`InMemoryMenuStore::add_media`]) before course items can refer to them, as the
/// foreign key requires.
#[derive(Debug, Default)]
pub struct InMemoryMenuStore {
    tables: Mutex<Tables>,
}

impl InMemoryMenuStore {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a catalog item, or changes its card (advancing every menu listing it).
    pub fn add_media(&self, card: MediaCard) {
        let mut tables = lock(&self.tables);
        let courses: HashSet<CourseId> = tables
            .items
            .values()
            .filter(|item| item.media_item_id == card.id)
            .map(|item| item.course_id)
            .collect();
        let menus: HashSet<MenuId> = courses
            .iter()
            .filter_map(|id| tables.courses.get(id).map(|course| course.menu_id))
            .collect();
        for menu in menus {
            tables.advance(menu);
        }
        tables.media.insert(card.id, card);
    }

    /// Registers a new catalog item with a plausible card and returns its id.
    pub fn new_media(&self) -> MediaItemId {
        let id = MediaItemId::new();
        self.add_media(media_card(id));
        id
    }

    /// Runs `read` on the tables.
    pub(super) fn read<T>(&self, read: impl FnOnce(&Tables) -> T) -> T {
        read(&lock(&self.tables))
    }

    /// A transaction: `write` works on a copy, the constraints are checked, and only then
    /// is the copy committed. Any error leaves the tables as they were.
    pub(super) fn write<T>(
        &self,
        write: impl FnOnce(&mut Tables) -> Result<T, CurationError>,
    ) -> Result<T, CurationError> {
        let mut tables = lock(&self.tables);
        let mut copy = tables.clone();
        let value = write(&mut copy)?;
        copy.check_constraints()?;
        *tables = copy;
        Ok(value)
    }
}

#[async_trait::async_trait]
impl crate::testing::CurationFixtures for InMemoryMenuStore {
    async fn user(&self) -> UserId {
        UserId::new()
    }

    async fn media_item(&self) -> MediaItemId {
        self.new_media()
    }
}
