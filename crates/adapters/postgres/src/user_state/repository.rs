//! [`PgUserStateRepository`]: the `UserStateRepository` port on PostgreSQL.

use async_trait::async_trait;
use diesel::prelude::*;
use tastebuds_kernel::{UserId, UserItemLogId};
use tastebuds_user_state::{
    ChangeFn, LibraryItem, LogFilter, Saved, UserItemLog, UserItemState, UserStateError,
    UserStateRepository, WriteScope,
};

use super::rows::{LogRow, StateRow};
use super::vocab::LogTypeSql;
use super::{library, write};
use crate::error::StoreError;
use crate::media::CardRow;
use crate::pool::PgPool;
use crate::schema::{media_items, user_item_logs, user_item_states};

/// The foreign keys that say "this item is not in the catalog".
const MEDIA_FKEYS: [&str; 2] = [
    "user_item_states_media_item_id_fkey",
    "user_item_logs_media_item_id_fkey",
];

/// [`UserStateRepository`] on PostgreSQL.
#[derive(Clone, Debug)]
pub struct PgUserStateRepository {
    pool: PgPool,
}

impl PgUserStateRepository {
    /// A repository using `pool`.
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// Runs `query` on the pool: no connection is `Unavailable`, any other failure
    /// `Unexpected` with `context`.
    async fn run<T, F>(&self, context: &'static str, query: F) -> Result<T, UserStateError>
    where
        F: FnOnce(&mut PgConnection) -> QueryResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.pool
            .run(move |conn| query(conn).map_err(StoreError::from))
            .await
            .map_err(|error| domain_error(error, context))
    }
}

fn domain_error(error: StoreError, context: &'static str) -> UserStateError {
    error.into_domain(context)
}

fn refused(error: anyhow::Error, context: &'static str) -> UserStateError {
    UserStateError::Unexpected(error.context(context))
}

#[async_trait]
impl UserStateRepository for PgUserStateRepository {
    async fn write(&self, scope: WriteScope, change: ChangeFn) -> Result<Saved, UserStateError> {
        self.pool
            .run(move |conn| write::write(conn, scope, change))
            .await
            .map_err(|error| match error.foreign_key_violation() {
                Some(name) if MEDIA_FKEYS.contains(&name) => UserStateError::UnknownMedia,
                _ => domain_error(error, "writing a user item state"),
            })?
    }

    async fn list_states(&self, user: UserId) -> Result<Vec<UserItemState>, UserStateError> {
        let rows = self
            .run("listing user item states", move |conn| {
                user_item_states::table
                    .filter(user_item_states::user_id.eq(user.as_uuid()))
                    .select(StateRow::as_select())
                    .load(conn)
            })
            .await?;
        rows.into_iter()
            .map(|row| UserItemState::try_from(row).map_err(|e| refused(e, "reading a state")))
            .collect()
    }

    async fn find_log(&self, id: UserItemLogId) -> Result<Option<UserItemLog>, UserStateError> {
        let found = self
            .run("finding a log", move |conn| {
                user_item_logs::table
                    .inner_join(media_items::table)
                    .filter(user_item_logs::id.eq(id.as_uuid()))
                    .select((LogRow::as_select(), CardRow::as_select()))
                    .first::<(LogRow, CardRow)>(conn)
                    .optional()
            })
            .await?;
        found
            .map(|(row, card)| row.into_log(Some(card.into())))
            .transpose()
            .map_err(|e| refused(e, "reading a log"))
    }

    async fn delete_log(&self, id: UserItemLogId) -> Result<bool, UserStateError> {
        let deleted = self
            .run("deleting a log", move |conn| {
                diesel::delete(user_item_logs::table.find(id.as_uuid())).execute(conn)
            })
            .await?;
        Ok(deleted > 0)
    }

    async fn list_logs(
        &self,
        user: UserId,
        filter: LogFilter,
    ) -> Result<Vec<UserItemLog>, UserStateError> {
        let rows = self
            .run("listing logs", move |conn| {
                // Served by `ix_user_item_logs_user_id_logged_at` (or, for one item,
                // `ix_user_item_logs_user_id_media_item_id_logged_at`) in this order.
                let mut query = user_item_logs::table
                    .inner_join(media_items::table)
                    .filter(user_item_logs::user_id.eq(user.as_uuid()))
                    .select((LogRow::as_select(), CardRow::as_select()))
                    .into_boxed();
                if let Some(item) = filter.media_item_id {
                    query = query.filter(user_item_logs::media_item_id.eq(item.as_uuid()));
                }
                if let Some(log_type) = filter.log_type {
                    query = query.filter(user_item_logs::log_type.eq(LogTypeSql(log_type)));
                }
                query
                    .order((
                        user_item_logs::logged_at.desc(),
                        user_item_logs::created_at.desc(),
                        user_item_logs::id.desc(),
                    ))
                    .offset(i64::from(filter.page.offset()))
                    .limit(i64::from(filter.page.limit()))
                    .load::<(LogRow, CardRow)>(conn)
            })
            .await?;
        rows.into_iter()
            .map(|(row, card)| {
                row.into_log(Some(card.into()))
                    .map_err(|e| refused(e, "reading a log"))
            })
            .collect()
    }

    async fn library_items(&self, user: UserId) -> Result<Vec<LibraryItem>, UserStateError> {
        let rows = self
            .run("reading a library", move |conn| library::load(conn, user))
            .await?;
        library::merge(rows).map_err(|e| refused(e, "reading a library"))
    }
}
