//! [`PgAvailabilityStore`]: the `AvailabilityStore` port on PostgreSQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::upsert::{excluded, on_constraint};
use tastebuds_kernel::MediaItemId;
use tastebuds_media::{AvailabilityPlan, AvailabilityRecord, AvailabilityStore, MediaError};
use uuid::Uuid;

use super::rows::{AvailabilityRow, NewAvailabilityRow};
use crate::error::StoreError;
use crate::pool::PgPool;
use crate::schema::media_item_availability as availability;

/// The unique key rows are upserted on.
const KEY: &str = "media_item_availability_item_provider_region_format_key";
/// The foreign key that refuses rows of an unknown item.
const ITEM_FKEY: &str = "media_item_availability_media_item_id_fkey";
/// Rows per `INSERT` (11 bind parameters each, far below PostgreSQL's 65 535).
pub(super) const CHUNK_ROWS: usize = 1000;

/// [`AvailabilityStore`] on PostgreSQL.
#[derive(Clone, Debug)]
pub struct PgAvailabilityStore {
    pool: PgPool,
}

impl PgAvailabilityStore {
    /// A store using `pool`.
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// Runs `f` on the pool; a failure becomes `Unavailable` or `Unexpected` with
    /// `context`.
    async fn read(
        &self,
        context: &'static str,
        f: impl FnOnce(&mut PgConnection) -> QueryResult<Vec<AvailabilityRow>> + Send + 'static,
    ) -> Result<Vec<AvailabilityRecord>, MediaError> {
        let rows = self
            .pool
            .run(move |conn| f(conn).map_err(StoreError::from))
            .await
            .map_err(|error| error.into_domain::<MediaError>(context))?;
        records(rows, context)
    }
}

/// Converts and sorts rows by item, provider, region, format (byte-wise).
fn records(
    rows: Vec<AvailabilityRow>,
    context: &'static str,
) -> Result<Vec<AvailabilityRecord>, MediaError> {
    let mut records = rows
        .into_iter()
        .map(AvailabilityRecord::try_from)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| MediaError::Unexpected(error.context(context)))?;
    records.sort_by(|a, b| (a.media_item_id, &a.key).cmp(&(b.media_item_id, &b.key)));
    Ok(records)
}

/// Why a change failed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ChangeError {
    /// A query failed (the transaction is rolled back).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored row the domain refuses.
    #[error("a stored availability row is broken")]
    Broken(#[source] MediaError),
}

/// What a failed change was doing.
const CHANGING: &str = "changing an item's availability";

impl ChangeError {
    /// The domain error for a failed change of `item`'s rows: a write refused by the
    /// item's foreign key is `NotFound`.
    pub(crate) fn into_domain(self, item: MediaItemId) -> MediaError {
        match self {
            Self::Store(error) if error.foreign_key_violation() == Some(ITEM_FKEY) => {
                MediaError::NotFound(item)
            }
            Self::Store(error) => error.into_domain(CHANGING),
            Self::Broken(error) => error,
        }
    }
}

impl From<diesel::result::Error> for ChangeError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Store(error.into())
    }
}

/// The change in one transaction (see the module docs); returns the item's rows.
fn change(
    conn: &mut PgConnection,
    item: MediaItemId,
    plan: AvailabilityPlan,
    now: DateTime<Utc>,
) -> Result<Vec<AvailabilityRecord>, ChangeError> {
    conn.transaction(|conn| apply(conn, item, Existing::Stored, plan, now))
}

/// Which rows an item has before [`apply`] changes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Existing {
    /// Whatever is stored: [`apply`] locks and reads the item's rows.
    Stored,
    /// None: the item was inserted by the caller's transaction, so no other transaction
    /// can have given it rows (the foreign key waits for that insert to commit), and
    /// reading them would only cost a statement.
    NoneForANewItem,
}

/// [`change`]'s work inside a transaction the caller opened (an ingest's upsert): locks
/// the item's rows (unless `existing` says it has none), hands them to `plan`, writes
/// what it returns; returns the item's rows.
///
/// # Errors
/// As [`change`]; the caller's transaction must then be rolled back.
pub(crate) fn apply(
    conn: &mut PgConnection,
    item: MediaItemId,
    existing: Existing,
    plan: AvailabilityPlan,
    now: DateTime<Utc>,
) -> Result<Vec<AvailabilityRecord>, ChangeError> {
    let current = match existing {
        Existing::NoneForANewItem => Vec::new(),
        Existing::Stored => {
            let locked: Vec<AvailabilityRow> = availability::table
                .filter(availability::media_item_id.eq(item.as_uuid()))
                .select(AvailabilityRow::as_select())
                .for_update()
                .load(conn)?;
            records(locked, "reading locked availability rows").map_err(ChangeError::Broken)?
        }
    };
    let new_rows: Vec<NewAvailabilityRow> = plan(&current)
        .into_iter()
        .map(|write| NewAvailabilityRow::new(item, write, now))
        .collect();
    let mut written: Vec<AvailabilityRow> = Vec::with_capacity(new_rows.len());
    for chunk in new_rows.chunks(CHUNK_ROWS) {
        written.extend(
            diesel::insert_into(availability::table)
                .values(chunk)
                .on_conflict(on_constraint(KEY))
                .do_update()
                .set((
                    availability::status.eq(excluded(availability::status)),
                    availability::deeplink_url.eq(excluded(availability::deeplink_url)),
                    availability::last_checked_at.eq(excluded(availability::last_checked_at)),
                    availability::source_name.eq(excluded(availability::source_name)),
                    availability::updated_at.eq(excluded(availability::updated_at)),
                ))
                .returning(AvailabilityRow::as_returning())
                .get_results(conn)?,
        );
    }
    let written =
        records(written, "reading written availability rows").map_err(ChangeError::Broken)?;
    let mut rows: Vec<AvailabilityRecord> = current
        .into_iter()
        .filter(|kept| written.iter().all(|row| row.id != kept.id))
        .collect();
    rows.extend(written);
    rows.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(rows)
}

#[async_trait]
impl AvailabilityStore for PgAvailabilityStore {
    async fn list(&self, item: MediaItemId) -> Result<Vec<AvailabilityRecord>, MediaError> {
        self.read("listing an item's availability", move |conn| {
            availability::table
                .filter(availability::media_item_id.eq(item.as_uuid()))
                .select(AvailabilityRow::as_select())
                .load(conn)
        })
        .await
    }

    async fn list_many(
        &self,
        items: &[MediaItemId],
    ) -> Result<Vec<AvailabilityRecord>, MediaError> {
        let ids: Vec<Uuid> = items.iter().map(MediaItemId::as_uuid).collect();
        self.read("listing the availability of several items", move |conn| {
            availability::table
                .filter(availability::media_item_id.eq_any(ids))
                .select(AvailabilityRow::as_select())
                .load(conn)
        })
        .await
    }

    async fn change(
        &self,
        item: MediaItemId,
        plan: AvailabilityPlan,
        now: DateTime<Utc>,
    ) -> Result<Vec<AvailabilityRecord>, MediaError> {
        self.pool
            .run(move |conn| Ok(change(conn, item, plan, now)))
            .await
            .map_err(|error| error.into_domain::<MediaError>(CHANGING))?
            .map_err(|error| error.into_domain(item))
    }
}
