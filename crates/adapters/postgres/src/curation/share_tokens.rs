//! [`PgShareTokenRepository`]: the `ShareTokenRepository` port on PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use tastebuds_curation::{CurationError, ShareToken, ShareTokenRepository};
use tastebuds_kernel::{MenuId, ShareTokenId};

use super::rows::{ShareTokenValues, StoredShareToken};
use super::{Failure, corrupt, into_domain, run};
use crate::pool::PgPool;
use crate::schema::menu_share_tokens;

diesel::define_sql_function! {
    /// SQL `coalesce` of two nullable timestamps: the first that is not NULL.
    fn coalesce(
        first: diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>,
        second: diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>,
    ) -> diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>;
}

/// [`ShareTokenRepository`] on PostgreSQL: one statement per call. Revoking and counting
/// an access are single `UPDATE`s, so concurrent calls neither lose a count nor
/// overwrite the first revocation time.
#[derive(Clone, Debug)]
pub struct PgShareTokenRepository {
    pool: PgPool,
}

impl PgShareTokenRepository {
    /// A repository using `pool`.
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// Reads share links with `query`, converting each.
    async fn read<F>(
        &self,
        context: &'static str,
        query: F,
    ) -> Result<Vec<ShareToken>, CurationError>
    where
        F: FnOnce(&mut PgConnection) -> QueryResult<Vec<StoredShareToken>> + Send + 'static,
    {
        run(&self.pool, move |conn| {
            let rows = query(conn)?;
            rows.into_iter()
                .map(ShareToken::try_from)
                .collect::<anyhow::Result<Vec<_>>>()
                .map_err(|error| corrupt(error, context))
        })
        .await
        .map_err(|failure| into_domain(failure, context))
    }
}

#[async_trait]
impl ShareTokenRepository for PgShareTokenRepository {
    async fn insert_share_token(&self, token: &ShareToken) -> Result<(), CurationError> {
        let token = token.clone();
        run(&self.pool, move |conn| {
            let values = ShareTokenValues::try_from(&token)
                .map_err(|error| corrupt(error, "inserting a share token"))?;
            diesel::insert_into(menu_share_tokens::table)
                .values(values)
                .execute(conn)?;
            Ok(())
        })
        .await
        .map_err(|failure| into_domain(failure, "inserting a share token"))
    }

    async fn share_token(&self, id: ShareTokenId) -> Result<Option<ShareToken>, CurationError> {
        let found = self
            .read("reading a share token", move |conn| {
                menu_share_tokens::table
                    .find(id.as_uuid())
                    .select(StoredShareToken::as_select())
                    .load(conn)
            })
            .await?;
        Ok(found.into_iter().next())
    }

    async fn share_token_by_secret(
        &self,
        token: &str,
    ) -> Result<Option<ShareToken>, CurationError> {
        let token = token.to_owned();
        let found = self
            .read("reading a share token by secret", move |conn| {
                menu_share_tokens::table
                    .filter(menu_share_tokens::token.eq(token))
                    .select(StoredShareToken::as_select())
                    .load(conn)
            })
            .await?;
        Ok(found.into_iter().next())
    }

    async fn share_tokens_of_menu(
        &self,
        menu_id: MenuId,
    ) -> Result<Vec<ShareToken>, CurationError> {
        self.read("listing the share tokens of a menu", move |conn| {
            menu_share_tokens::table
                .filter(menu_share_tokens::menu_id.eq(menu_id.as_uuid()))
                .select(StoredShareToken::as_select())
                .load(conn)
        })
        .await
    }

    async fn revoke_share_token(
        &self,
        id: ShareTokenId,
        at: DateTime<Utc>,
    ) -> Result<(), CurationError> {
        let updated = run(&self.pool, move |conn| {
            diesel::update(menu_share_tokens::table.find(id.as_uuid()))
                .set(
                    menu_share_tokens::revoked_at
                        .eq(coalesce(menu_share_tokens::revoked_at, Some(at))),
                )
                .execute(conn)
                .map_err(Failure::from)
        })
        .await
        .map_err(|failure| into_domain(failure, "revoking a share token"))?;
        if updated == 0 {
            return Err(CurationError::ShareTokenNotFound);
        }
        Ok(())
    }

    async fn record_share_access(
        &self,
        id: ShareTokenId,
        at: DateTime<Utc>,
    ) -> Result<ShareToken, CurationError> {
        const CONTEXT: &str = "counting an access of a share token";
        let counted = run(&self.pool, move |conn| {
            let row = diesel::update(menu_share_tokens::table.find(id.as_uuid()))
                .set((
                    menu_share_tokens::access_count.eq(menu_share_tokens::access_count + 1),
                    menu_share_tokens::last_accessed_at.eq(Some(at)),
                ))
                .returning(StoredShareToken::as_returning())
                .get_result(conn)
                .optional()?;
            row.map(ShareToken::try_from)
                .transpose()
                .map_err(|error| corrupt(error, CONTEXT))
        })
        .await
        .map_err(|failure| into_domain(failure, CONTEXT))?;
        counted.ok_or(CurationError::ShareTokenNotFound)
    }
}
