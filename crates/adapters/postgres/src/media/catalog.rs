//! [`PgMediaCatalog`]: the `MediaCatalog` port on PostgreSQL.

use async_trait::async_trait;
use diesel::prelude::*;
use tastebuds_kernel::MediaItemId;
use tastebuds_media::{
    AvailabilityChange, ExternalMedia, IngestOutcome, MediaCatalog, MediaError, MediaItemDetail,
    SourceName, UpsertMode, UpsertOutcome, UpsertStatus,
};
use uuid::Uuid;

use super::{detail, upsert};
use crate::availability::{ChangeError, Existing};
use crate::error::StoreError;
use crate::pool::PgPool;
use crate::schema::{media_items, media_sources};

/// [`MediaCatalog`] on PostgreSQL.
#[derive(Clone, Debug)]
pub struct PgMediaCatalog {
    pool: PgPool,
}

impl PgMediaCatalog {
    /// A catalog using `pool`.
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// Runs `f` on the pool, a failure becoming `Unavailable` or `Unexpected` with
    /// `context`.
    async fn run<T, F>(&self, context: &'static str, f: F) -> Result<T, MediaError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        self.pool
            .run(f)
            .await
            .map_err(|error| error.into_domain(context))
    }
}

/// Why an ingest's transaction failed.
enum IngestWriteError {
    /// The upsert or the read.
    Upsert(upsert::UpsertError),
    /// The availability change of this item.
    Availability(MediaItemId, ChangeError),
}

impl From<diesel::result::Error> for IngestWriteError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Upsert(error.into())
    }
}

impl From<upsert::UpsertError> for IngestWriteError {
    fn from(error: upsert::UpsertError) -> Self {
        Self::Upsert(error)
    }
}

/// What an upsert failure was doing.
const UPSERTING: &str = "upserting a media item";

/// The domain error for a failed upsert.
fn upsert_failure(error: upsert::UpsertError) -> MediaError {
    match error {
        upsert::UpsertError::Store(error) => error.into_domain(UPSERTING),
        contended @ upsert::UpsertError::Contended { .. } => {
            MediaError::Unexpected(anyhow::Error::new(contended).context(UPSERTING))
        }
    }
}

#[async_trait]
impl MediaCatalog for PgMediaCatalog {
    async fn find_by_external_ref(
        &self,
        source: SourceName,
        external_id: &str,
    ) -> Result<Option<MediaItemId>, MediaError> {
        let external_id = external_id.to_owned();
        let found = self
            .run("finding a media item by external reference", move |conn| {
                media_sources::table
                    .filter(media_sources::source_name.eq(source.as_str()))
                    .filter(media_sources::external_id.eq(external_id))
                    .select(media_sources::media_item_id)
                    .first::<Uuid>(conn)
                    .optional()
                    .map_err(StoreError::from)
            })
            .await?;
        Ok(found.map(MediaItemId::from_uuid))
    }

    async fn upsert(
        &self,
        record: &ExternalMedia,
        mode: UpsertMode,
    ) -> Result<UpsertOutcome, MediaError> {
        let record = record.clone();
        self.run(UPSERTING, move |conn| {
            Ok(upsert::upsert(conn, &record, mode))
        })
        .await?
        .map_err(upsert_failure)
    }

    /// The upsert, the availability change and the read of what they wrote in one
    /// transaction: one checkout and one commit, no second snapshot. The change's rows
    /// live in this database, so `change.store` is not called.
    async fn upsert_detail(
        &self,
        record: &ExternalMedia,
        mode: UpsertMode,
        availability: Option<AvailabilityChange<'_>>,
    ) -> Result<IngestOutcome, MediaError> {
        let record = record.clone();
        let availability = availability.map(|change| (change.plan, change.now));
        let (outcome, rows) = self
            .run(UPSERTING, move |conn| {
                Ok(conn.transaction(|conn| {
                    let outcome = upsert::within_transaction(conn, &record, mode)?;
                    if let Some((plan, now)) = availability {
                        let existing = if outcome.status == UpsertStatus::Created {
                            Existing::NoneForANewItem
                        } else {
                            Existing::Stored
                        };
                        crate::availability::apply(conn, outcome.id, existing, plan, now)
                            .map_err(|error| IngestWriteError::Availability(outcome.id, error))?;
                    }
                    let rows = detail::read(conn, outcome.id)?;
                    Ok::<_, IngestWriteError>((outcome, rows))
                }))
            })
            .await?
            .map_err(|error| match error {
                IngestWriteError::Upsert(error) => upsert_failure(error),
                IngestWriteError::Availability(item, error) => error.into_domain(item),
            })?;
        let rows = rows.ok_or_else(|| {
            MediaError::Unexpected(anyhow::anyhow!(
                "media item {} was not found inside its own upsert",
                outcome.id
            ))
        })?;
        let detail = MediaItemDetail::try_from(rows)
            .map_err(|error| MediaError::Unexpected(error.context(UPSERTING)))?;
        Ok(IngestOutcome {
            detail,
            status: outcome.status,
        })
    }

    async fn get_detail(&self, id: MediaItemId) -> Result<Option<MediaItemDetail>, MediaError> {
        let rows = self
            .run("reading a media item", move |conn| {
                detail::load(conn, id).map_err(StoreError::from)
            })
            .await?;
        rows.map(MediaItemDetail::try_from)
            .transpose()
            .map_err(|error| MediaError::Unexpected(error.context("reading a media item")))
    }

    async fn exists(&self, id: MediaItemId) -> Result<bool, MediaError> {
        self.run("checking that a media item exists", move |conn| {
            diesel::select(diesel::dsl::exists(media_items::table.find(id.as_uuid())))
                .get_result(conn)
                .map_err(StoreError::from)
        })
        .await
    }
}
