//! [`PgUserRepository`]: the `users` table.

use async_trait::async_trait;
use diesel::prelude::*;
use tastebuds_accounts::{AccountsError, Email, NewUser, User, UserRepository};
use tastebuds_kernel::UserId;

use super::rows::{NewUserRow, UserRow};
use crate::error::StoreError;
use crate::pool::PgPool;
use crate::schema::users;

/// The unique constraint on `users.email` (emails are stored lowercased).
pub(super) const EMAIL_KEY: &str = "users_email_key";

/// [`UserRepository`] on PostgreSQL.
#[derive(Clone, Debug)]
pub struct PgUserRepository {
    pool: PgPool,
}

impl PgUserRepository {
    /// A repository using `pool`.
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    async fn find_one(
        &self,
        context: &'static str,
        query: impl FnOnce(&mut PgConnection) -> QueryResult<Option<UserRow>> + Send + 'static,
    ) -> Result<Option<User>, AccountsError> {
        let row = self
            .pool
            .run(move |conn| query(conn).map_err(StoreError::from))
            .await
            .map_err(|error| error.into_domain::<AccountsError>(context))?;
        Ok(row.map(User::try_from).transpose()?)
    }
}

#[async_trait]
impl UserRepository for PgUserRepository {
    async fn create(&self, user: NewUser) -> Result<User, AccountsError> {
        let row = self
            .pool
            .run(move |conn| {
                diesel::insert_into(users::table)
                    .values(NewUserRow::from(&user))
                    .returning(UserRow::as_returning())
                    .get_result(conn)
                    .map_err(StoreError::from)
            })
            .await
            .map_err(|error| match error.unique_violation() {
                Some(EMAIL_KEY) => AccountsError::EmailTaken,
                _ => error.into_domain("inserting a user"),
            })?;
        Ok(User::try_from(row)?)
    }

    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, AccountsError> {
        let email = email.as_str().to_owned();
        self.find_one("finding a user by email", move |conn| {
            users::table
                .filter(users::email.eq(email))
                .select(UserRow::as_select())
                .first(conn)
                .optional()
        })
        .await
    }

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, AccountsError> {
        self.find_one("finding a user by id", move |conn| {
            users::table
                .find(id.as_uuid())
                .select(UserRow::as_select())
                .first(conn)
                .optional()
        })
        .await
    }
}
