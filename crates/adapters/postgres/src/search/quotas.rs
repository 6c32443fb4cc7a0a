//! [`PgQuotaCounter`]: one atomic upsert-increment per fanning-out search.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use diesel::sql_types::{Integer, Timestamptz, Uuid as SqlUuid};
use diesel::{QueryableByName, RunQueryDsl as _};
use tastebuds_kernel::UserId;
use tastebuds_media::{QuotaCounter, SearchError};

use crate::error::StoreError;
use crate::pool::PgPool;

/// [`QuotaCounter`] on PostgreSQL.
#[derive(Clone, Debug)]
pub struct PgQuotaCounter {
    pool: PgPool,
}

impl PgQuotaCounter {
    /// A counter using `pool`.
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = Integer)]
    count: i32,
}

/// One statement, so concurrent searches serialize on the row lock and each gets its
/// own count. A stored window older than `$2` restarts at 1; a newer one (a caller with
/// a lagging clock) keeps counting in the newer window.
const INCREMENT: &str = "
    INSERT INTO user_external_search_quotas AS q (user_id, window_start, count)
    VALUES ($1, $2, 1)
    ON CONFLICT (user_id) DO UPDATE SET
        count = CASE WHEN q.window_start >= EXCLUDED.window_start THEN q.count + 1 ELSE 1 END,
        window_start = GREATEST(q.window_start, EXCLUDED.window_start)
    RETURNING count";

/// The quota row's foreign key to its user.
const QUOTA_USER_FKEY: &str = "user_external_search_quotas_user_id_fkey";

#[async_trait]
impl QuotaCounter for PgQuotaCounter {
    async fn increment(
        &self,
        user: UserId,
        window_start: DateTime<Utc>,
    ) -> Result<u32, SearchError> {
        let count = self
            .pool
            .run(move |conn| {
                diesel::sql_query(INCREMENT)
                    .bind::<SqlUuid, _>(user.as_uuid())
                    .bind::<Timestamptz, _>(window_start)
                    .get_result::<Count>(conn)
                    .map_err(StoreError::from)
            })
            .await
            .map_err(|error| {
                if error.foreign_key_violation() == Some(QUOTA_USER_FKEY) {
                    SearchError::UserNotFound
                } else {
                    error.into_domain::<SearchError>("counting an external search")
                }
            })?;
        Ok(u32::try_from(count.count).unwrap_or(0))
    }
}
