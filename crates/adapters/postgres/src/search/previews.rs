//! [`PgPreviewStore`]: `external_search_previews`. `raw_payload` holds
//! `{source_url, raw_payload, extensions}` (API.md §4).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use serde_json::{Value, json};
use tastebuds_kernel::{PreviewId, UserId};
use tastebuds_media::{ExternalMedia, Preview, PreviewStore, SearchError, SourceName};
use uuid::Uuid;

use super::details_json;
use crate::error::StoreError;
use crate::media::MediaTypeSql;
use crate::pool::PgPool;
use crate::schema::external_search_previews as previews;

/// [`PreviewStore`] on PostgreSQL.
#[derive(Clone, Debug)]
pub struct PgPreviewStore {
    pool: PgPool,
}

impl PgPreviewStore {
    /// A store using `pool`.
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    async fn run<T, F>(&self, context: &'static str, f: F) -> Result<T, SearchError>
    where
        F: FnOnce(&mut PgConnection) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        self.pool.run(f).await.map_err(|error| {
            if error.foreign_key_violation() == Some(PREVIEW_USER_FKEY) {
                SearchError::UserNotFound
            } else {
                error.into_domain(context)
            }
        })
    }
}

/// The preview row's foreign key to its owner.
const PREVIEW_USER_FKEY: &str = "external_search_previews_user_id_fkey";

/// A row as read.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = previews, check_for_backend(diesel::pg::Pg))]
struct PreviewRow {
    id: Uuid,
    user_id: Uuid,
    source_name: String,
    external_id: String,
    media_type: MediaTypeSql,
    title: String,
    description: Option<String>,
    release_date: Option<NaiveDate>,
    cover_image_url: Option<String>,
    canonical_url: Option<String>,
    metadata: Option<Value>,
    raw_payload: Value,
    expires_at: DateTime<Utc>,
    created_at: DateTime<Utc>,
}

impl TryFrom<PreviewRow> for Preview {
    type Error = anyhow::Error;

    fn try_from(row: PreviewRow) -> Result<Self, Self::Error> {
        let source: SourceName = row.source_name.parse()?;
        let stored = row.raw_payload;
        Ok(Self {
            id: PreviewId::from_uuid(row.id),
            owner: UserId::from_uuid(row.user_id),
            record: ExternalMedia {
                source,
                external_id: row.external_id,
                media_type: row.media_type.0,
                title: row.title,
                description: row.description,
                release_date: row.release_date,
                cover_image_url: row.cover_image_url,
                canonical_url: row.canonical_url,
                source_url: stored
                    .get("source_url")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                metadata: row.metadata.unwrap_or(Value::Null),
                details: details_json::from_json(stored.get("extensions").unwrap_or(&Value::Null))?,
                raw_payload: stored.get("raw_payload").cloned().unwrap_or(Value::Null),
                // A preview keeps no availability report: the item gets one when it is
                // ingested or refreshed from its upstream.
                availability: None,
            },
            expires_at: row.expires_at,
            created_at: row.created_at,
        })
    }
}

/// The insert form.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = previews, treat_none_as_null = true)]
struct NewPreviewRow {
    id: Uuid,
    user_id: Uuid,
    source_name: &'static str,
    external_id: String,
    media_type: MediaTypeSql,
    title: String,
    description: Option<String>,
    release_date: Option<NaiveDate>,
    cover_image_url: Option<String>,
    canonical_url: Option<String>,
    metadata: Option<Value>,
    raw_payload: Value,
    expires_at: DateTime<Utc>,
}

impl NewPreviewRow {
    fn new(owner: UserId, record: ExternalMedia, expires_at: DateTime<Utc>) -> Self {
        Self {
            id: Uuid::now_v7(),
            user_id: owner.as_uuid(),
            source_name: record.source.as_str(),
            raw_payload: json!({
                "source_url": record.source_url,
                "raw_payload": record.raw_payload,
                "extensions": details_json::to_json(&record.details),
            }),
            external_id: record.external_id,
            media_type: MediaTypeSql(record.media_type),
            title: record.title,
            description: record.description,
            release_date: record.release_date,
            cover_image_url: record.cover_image_url,
            canonical_url: record.canonical_url,
            metadata: Some(record.metadata),
            expires_at,
        }
    }
}

fn to_domain(rows: Vec<PreviewRow>) -> Result<Vec<Preview>, SearchError> {
    rows.into_iter()
        .map(Preview::try_from)
        .collect::<anyhow::Result<_>>()
        .map_err(|error| SearchError::Unexpected(error.context("reading a preview")))
}

#[async_trait]
impl PreviewStore for PgPreviewStore {
    async fn purge_expired(&self, now: DateTime<Utc>) -> Result<u64, SearchError> {
        let deleted = self
            .run("purging expired previews", move |conn| {
                diesel::delete(previews::table.filter(previews::expires_at.le(now)))
                    .execute(conn)
                    .map_err(StoreError::from)
            })
            .await?;
        Ok(deleted as u64)
    }

    async fn save(
        &self,
        owner: UserId,
        records: Vec<ExternalMedia>,
        expires_at: DateTime<Utc>,
    ) -> Result<Vec<Preview>, SearchError> {
        let rows: Vec<NewPreviewRow> = records
            .into_iter()
            .map(|record| NewPreviewRow::new(owner, record, expires_at))
            .collect();
        let stored = self
            .run("caching previews", move |conn| {
                conn.transaction(|conn| {
                    rows.iter()
                        .map(|row| {
                            diesel::insert_into(previews::table)
                                .values(row)
                                .on_conflict((
                                    previews::user_id,
                                    previews::source_name,
                                    previews::external_id,
                                ))
                                .do_update()
                                .set((
                                    previews::media_type.eq(excluded(previews::media_type)),
                                    previews::title.eq(excluded(previews::title)),
                                    previews::description.eq(excluded(previews::description)),
                                    previews::release_date.eq(excluded(previews::release_date)),
                                    previews::cover_image_url
                                        .eq(excluded(previews::cover_image_url)),
                                    previews::canonical_url.eq(excluded(previews::canonical_url)),
                                    previews::metadata.eq(excluded(previews::metadata)),
                                    previews::raw_payload.eq(excluded(previews::raw_payload)),
                                    previews::expires_at.eq(excluded(previews::expires_at)),
                                ))
                                .returning(PreviewRow::as_returning())
                                .get_result(conn)
                        })
                        .collect::<QueryResult<Vec<PreviewRow>>>()
                })
                .map_err(StoreError::from)
            })
            .await?;
        to_domain(stored)
    }

    async fn get(&self, id: PreviewId) -> Result<Option<Preview>, SearchError> {
        let row = self
            .run("reading a preview", move |conn| {
                previews::table
                    .find(id.as_uuid())
                    .select(PreviewRow::as_select())
                    .first(conn)
                    .optional()
                    .map_err(StoreError::from)
            })
            .await?;
        Ok(to_domain(row.into_iter().collect())?.pop())
    }

    async fn delete(&self, id: PreviewId) -> Result<(), SearchError> {
        self.run("deleting a preview", move |conn| {
            diesel::delete(previews::table.find(id.as_uuid()))
                .execute(conn)
                .map_err(StoreError::from)
        })
        .await?;
        Ok(())
    }
}
