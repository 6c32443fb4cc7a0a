//! [`PgMenuQueries`]: the `MenuQueries` read port on PostgreSQL.

use async_trait::async_trait;
use diesel::prelude::*;
use tastebuds_curation::{
    CurationError, LineageRecords, MenuAggregate, MenuLookup, MenuQueries, MenuRef, MenuRevision,
    MenuStamp, MenusWithCards, Slug,
};
use tastebuds_kernel::{CourseId, CourseItemId, MediaCard, MediaItemId, MenuId, UserId};
use uuid::Uuid;

use super::documents::{self, MenuDocuments};
use super::load::{self, Lock};
use super::rows::{StoredLineageLink, StoredMenu, lineage_link};
use super::{Failure, corrupt, into_domain, run};
use crate::media::CardRow;
use crate::pool::PgPool;
use crate::schema::{course_items, courses, media_items, menu_lineage, menus};

/// [`MenuQueries`] on PostgreSQL, without locks. A menu view
/// ([`MenuQueries::menus_with_cards`]) is one statement, however many menus, courses,
/// items and pairings it reads (`documents`); a menu read without cards is four
/// statements in one read-only repeatable-read snapshot (the menu rows, then their
/// courses, items and pairings), the list of an owner's menus too; lineage is two
/// statements in one snapshot; every other read (a menu's stamp among them) is one
/// statement.
#[derive(Clone, Debug)]
pub struct PgMenuQueries {
    pool: PgPool,
}

impl PgMenuQueries {
    /// Queries using `pool`.
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// Runs `read` on the pool, any failure becoming a domain error with `context`.
    async fn read<T, F>(&self, context: &'static str, read: F) -> Result<T, CurationError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, Failure> + Send + 'static,
        T: Send + 'static,
    {
        run(&self.pool, read)
            .await
            .map_err(|failure| into_domain(failure, context))
    }

    /// Runs `read` in one read-only repeatable-read transaction: one snapshot.
    async fn snapshot<T, F>(&self, context: &'static str, read: F) -> Result<T, CurationError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, Failure> + Send + 'static,
        T: Send + 'static,
    {
        self.read(context, move |conn| {
            conn.build_transaction()
                .read_only()
                .repeatable_read()
                .run(read)
        })
        .await
    }

    /// The menu matched by `menu`, with every row under it.
    async fn one_menu<F>(
        &self,
        context: &'static str,
        menu: F,
    ) -> Result<Option<MenuAggregate>, CurationError>
    where
        F: FnOnce(&mut PgConnection) -> QueryResult<Vec<StoredMenu>> + Send + 'static,
    {
        self.snapshot(context, move |conn| {
            let menus = menu(conn)?;
            Ok(load::aggregates(conn, menus, Lock::None)?.pop())
        })
        .await
    }

    /// The menu and owner found by `locate`.
    async fn locate<F>(
        &self,
        context: &'static str,
        locate: F,
    ) -> Result<Option<MenuRef>, CurationError>
    where
        F: FnOnce(&mut PgConnection) -> QueryResult<Option<(Uuid, Uuid)>> + Send + 'static,
    {
        let found = self
            .read(context, move |conn| locate(conn).map_err(Failure::from))
            .await?;
        Ok(found.map(|(menu_id, owner_id)| MenuRef {
            menu_id: MenuId::from_uuid(menu_id),
            owner_id: UserId::from_uuid(owner_id),
        }))
    }
}

#[async_trait]
impl MenuQueries for PgMenuQueries {
    async fn menu(&self, id: MenuId) -> Result<Option<MenuAggregate>, CurationError> {
        self.one_menu("reading a menu", move |conn| {
            menus::table
                .find(id.as_uuid())
                .select(StoredMenu::as_select())
                .load(conn)
        })
        .await
    }

    async fn menu_by_slug(&self, slug: &Slug) -> Result<Option<MenuAggregate>, CurationError> {
        let slug = slug.as_str().to_owned();
        self.one_menu("reading a menu by slug", move |conn| {
            menus::table
                .filter(menus::slug.eq(slug))
                .select(StoredMenu::as_select())
                .load(conn)
        })
        .await
    }

    async fn menus_of_owner(&self, owner: UserId) -> Result<Vec<MenuAggregate>, CurationError> {
        self.snapshot("listing the menus of an owner", move |conn| {
            let menus = menus::table
                .filter(menus::owner_id.eq(owner.as_uuid()))
                .select(StoredMenu::as_select())
                .load(conn)?;
            load::aggregates(conn, menus, Lock::None)
        })
        .await
    }

    async fn media_cards(&self, ids: &[MediaItemId]) -> Result<Vec<MediaCard>, CurationError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<Uuid> = ids.iter().map(MediaItemId::as_uuid).collect();
        let cards = self
            .read("reading media cards", move |conn| {
                media_items::table
                    .filter(media_items::id.eq_any(ids))
                    .select(CardRow::as_select())
                    .load(conn)
                    .map_err(Failure::from)
            })
            .await?;
        Ok(cards.into_iter().map(MediaCard::from).collect())
    }

    async fn menus_with_cards(&self, lookup: MenuLookup) -> Result<MenusWithCards, CurationError> {
        self.read("reading menus with their cards", move |conn| match lookup {
            MenuLookup::Id(id) => {
                let query = MenuDocuments::filtered(menus::id.eq(id.as_uuid()));
                documents::read(conn, query)
            }
            MenuLookup::Slug(slug) => {
                let query = MenuDocuments::filtered(menus::slug.eq(slug.as_str().to_owned()));
                documents::read(conn, query)
            }
            MenuLookup::Owner(owner) => {
                let query = MenuDocuments::filtered(menus::owner_id.eq(owner.as_uuid()));
                documents::read(conn, query)
            }
        })
        .await
    }

    async fn menu_stamps(&self, lookup: MenuLookup) -> Result<Vec<MenuStamp>, CurationError> {
        let columns = (
            menus::id,
            menus::owner_id,
            menus::is_public,
            menus::revision,
        );
        let found: Vec<(Uuid, Uuid, bool, i64)> = self
            .read("reading the stamps of menus", move |conn| {
                let found = match lookup {
                    MenuLookup::Id(id) => menus::table
                        .filter(menus::id.eq(id.as_uuid()))
                        .select(columns)
                        .load(conn),
                    MenuLookup::Slug(slug) => menus::table
                        .filter(menus::slug.eq(slug.as_str().to_owned()))
                        .select(columns)
                        .load(conn),
                    MenuLookup::Owner(owner) => menus::table
                        .filter(menus::owner_id.eq(owner.as_uuid()))
                        .select(columns)
                        .load(conn),
                };
                found.map_err(Failure::from)
            })
            .await?;
        Ok(found
            .into_iter()
            .map(|(menu_id, owner_id, is_public, revision)| MenuStamp {
                menu_id: MenuId::from_uuid(menu_id),
                owner_id: UserId::from_uuid(owner_id),
                is_public,
                revision: MenuRevision(revision),
            })
            .collect())
    }

    async fn locate_course(&self, id: CourseId) -> Result<Option<MenuRef>, CurationError> {
        self.locate("locating a course", move |conn| {
            courses::table
                .inner_join(menus::table)
                .filter(courses::id.eq(id.as_uuid()))
                .select((courses::menu_id, menus::owner_id))
                .first(conn)
                .optional()
        })
        .await
    }

    async fn locate_item(&self, id: CourseItemId) -> Result<Option<MenuRef>, CurationError> {
        self.locate("locating a course item", move |conn| {
            course_items::table
                .inner_join(courses::table.inner_join(menus::table))
                .filter(course_items::id.eq(id.as_uuid()))
                .select((courses::menu_id, menus::owner_id))
                .first(conn)
                .optional()
        })
        .await
    }

    async fn lineage(&self, menu_id: MenuId) -> Result<LineageRecords, CurationError> {
        const CONTEXT: &str = "reading the lineage of a menu";
        let id = menu_id.as_uuid();
        self.snapshot(CONTEXT, move |conn| {
            let source: Option<StoredLineageLink> = menu_lineage::table
                .inner_join(menus::table.on(menus::id.eq(menu_lineage::source_menu_id)))
                .filter(menu_lineage::forked_menu_id.eq(id))
                .select((menu_lineage::note, StoredMenu::as_select()))
                .first(conn)
                .optional()?;
            let forks: Vec<StoredLineageLink> = menu_lineage::table
                .inner_join(menus::table.on(menus::id.eq(menu_lineage::forked_menu_id)))
                .filter(menu_lineage::source_menu_id.eq(id))
                .select((menu_lineage::note, StoredMenu::as_select()))
                .load(conn)?;
            let records = (|| {
                Ok::<_, anyhow::Error>(LineageRecords {
                    source: source.map(lineage_link).transpose()?,
                    forks: forks
                        .into_iter()
                        .map(lineage_link)
                        .collect::<anyhow::Result<_>>()?,
                })
            })();
            records.map_err(|error| corrupt(error, CONTEXT))
        })
        .await
    }

    async fn taken_slugs(&self, base: &Slug) -> Result<Vec<Slug>, CurationError> {
        const CONTEXT: &str = "listing taken slugs";
        // Slugs hold only `[a-z0-9-]`, none of them a `LIKE` metacharacter.
        let pattern = format!("{}%", base.as_str());
        self.read(CONTEXT, move |conn| {
            let stored: Vec<String> = menus::table
                .filter(menus::slug.like(pattern))
                .select(menus::slug)
                .load(conn)?;
            stored
                .iter()
                .map(|slug| Slug::parse(slug).map_err(anyhow::Error::from))
                .collect::<anyhow::Result<_>>()
                .map_err(|error| corrupt(error, CONTEXT))
        })
        .await
    }
}
