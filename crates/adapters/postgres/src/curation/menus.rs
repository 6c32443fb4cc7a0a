//! [`PgMenuRepository`]: the `MenuRepository` port on PostgreSQL.

use async_trait::async_trait;
use diesel::prelude::*;
use tastebuds_curation::{
    CurationError, MenuAggregate, MenuChange, MenuChangeSet, MenuRepository, NewLineage,
};
use tastebuds_kernel::MenuId;

use super::load::{self, Lock};
use super::rows::StoredMenu;
use super::{DEFER_POSITION_KEYS, Failure, apply, into_domain, run, write_failure};
use crate::pool::PgPool;
use crate::schema::menus;

/// [`MenuRepository`] on PostgreSQL.
///
/// `insert_menu` is one transaction of at most five statements; `change_menu` locks the
/// menu row, then its courses, items and pairings (four `SELECT … FOR UPDATE`), defers
/// the position keys and applies the change set (at most twelve statements more);
/// `delete_menu` is one `DELETE` that the foreign keys cascade.
#[derive(Clone, Debug)]
pub struct PgMenuRepository {
    pool: PgPool,
}

impl PgMenuRepository {
    /// A repository using `pool`.
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

#[async_trait]
impl MenuRepository for PgMenuRepository {
    async fn insert_menu(
        &self,
        menu: MenuAggregate,
        lineage: Option<NewLineage>,
    ) -> Result<(), CurationError> {
        run(&self.pool, move |conn| {
            conn.transaction(|conn| apply::insert_aggregate(conn, &menu, lineage.as_ref()))
                .map_err(|error| write_failure(error, Some(&menu.menu.slug)))
        })
        .await
        .map_err(|failure| into_domain(failure, "inserting a menu"))
    }

    async fn change_menu(
        &self,
        menu_id: MenuId,
        change: MenuChange,
    ) -> Result<MenuChangeSet, CurationError> {
        run(&self.pool, move |conn| {
            conn.transaction::<_, Failure, _>(|conn| {
                let locked = menus::table
                    .find(menu_id.as_uuid())
                    .select(StoredMenu::as_select())
                    .for_update()
                    .first(conn)
                    .optional()?
                    .ok_or(CurationError::MenuNotFound)?;
                let loaded = load::aggregates(conn, vec![locked], Lock::ForUpdate)?
                    .pop()
                    .ok_or(CurationError::MenuNotFound)?;
                let set = change(loaded)?;
                if !set.is_empty() {
                    diesel::sql_query(DEFER_POSITION_KEYS).execute(conn)?;
                    apply::apply(conn, &set).map_err(|error| {
                        write_failure(error, set.menu.as_ref().map(|menu| &menu.slug))
                    })?;
                }
                Ok(set)
            })
        })
        .await
        .map_err(|failure| into_domain(failure, "changing a menu"))
    }

    async fn delete_menu(&self, menu_id: MenuId) -> Result<(), CurationError> {
        let deleted = run(&self.pool, move |conn| {
            diesel::delete(menus::table.find(menu_id.as_uuid()))
                .execute(conn)
                .map_err(Failure::from)
        })
        .await
        .map_err(|failure| into_domain(failure, "deleting a menu"))?;
        if deleted == 0 {
            return Err(CurationError::MenuNotFound);
        }
        Ok(())
    }
}
