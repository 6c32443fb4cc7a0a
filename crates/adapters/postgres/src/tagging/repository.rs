//! [`PgTagRepository`]: the `TagRepository` port on PostgreSQL.

use async_trait::async_trait;
use diesel::prelude::*;
use tastebuds_kernel::{MediaItemId, TagId, UserId};
use tastebuds_tagging::{Tag, TagRepository, TaggingError};
use uuid::Uuid;

use super::rows::TagRow;
use crate::error::StoreError;
use crate::pool::PgPool;
use crate::schema::{media_item_tags, tags};

/// One owner's tag names are unique (global tags, `owner_id IS NULL`, never collide).
const OWNER_NAME_KEY: &str = "tags_owner_id_name_key";
/// A link's item must be in the catalog.
const LINK_MEDIA_FKEY: &str = "media_item_tags_media_item_id_fkey";
/// A link's tag must exist.
const LINK_TAG_FKEY: &str = "media_item_tags_tag_id_fkey";

/// [`TagRepository`] on PostgreSQL.
#[derive(Clone, Debug)]
pub struct PgTagRepository {
    pool: PgPool,
}

impl PgTagRepository {
    /// A repository using `pool`.
    #[must_use]
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    /// Runs `query` on the pool; its failures become [`TaggingError`]s through `map`,
    /// and what `map` leaves is `Unavailable` (no connection) or `Unexpected`.
    async fn run<T, F>(
        &self,
        context: &'static str,
        map: impl FnOnce(&StoreError) -> Option<TaggingError> + Send,
        query: F,
    ) -> Result<T, TaggingError>
    where
        F: FnOnce(&mut PgConnection) -> QueryResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.pool
            .run(move |conn| query(conn).map_err(StoreError::from))
            .await
            .map_err(|error| map(&error).unwrap_or_else(|| error.into_domain(context)))
    }

    /// [`PgTagRepository::run`] for queries with no error of their own.
    async fn read<T, F>(&self, context: &'static str, query: F) -> Result<T, TaggingError>
    where
        F: FnOnce(&mut PgConnection) -> QueryResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.run(context, |_| None, query).await
    }
}

/// Tag rows as domain tags; a row the domain refuses is `Unexpected`.
fn into_tags(rows: Vec<TagRow>, context: &'static str) -> Result<Vec<Tag>, TaggingError> {
    rows.into_iter()
        .map(|row| Tag::try_from(row).map_err(|e| TaggingError::Unexpected(e.context(context))))
        .collect()
}

#[async_trait]
impl TagRepository for PgTagRepository {
    async fn insert(&self, tag: &Tag) -> Result<(), TaggingError> {
        let row = TagRow::from(tag);
        let name = tag.name.clone();
        self.run(
            "inserting a tag",
            move |error| {
                (error.unique_violation() == Some(OWNER_NAME_KEY))
                    .then(|| TaggingError::DuplicateName(name))
            },
            move |conn| diesel::insert_into(tags::table).values(row).execute(conn),
        )
        .await
        .map(drop)
    }

    async fn find(&self, id: TagId) -> Result<Option<Tag>, TaggingError> {
        let row = self
            .read("finding a tag", move |conn| {
                tags::table
                    .find(id.as_uuid())
                    .select(TagRow::as_select())
                    .first(conn)
                    .optional()
            })
            .await?;
        Ok(into_tags(row.into_iter().collect(), "finding a tag")?.pop())
    }

    async fn delete(&self, id: TagId) -> Result<bool, TaggingError> {
        let deleted = self
            .read("deleting a tag", move |conn| {
                diesel::delete(tags::table.find(id.as_uuid())).execute(conn)
            })
            .await?;
        Ok(deleted > 0)
    }

    async fn list_owned_or_global(&self, owner: UserId) -> Result<Vec<Tag>, TaggingError> {
        let rows = self
            .read("listing tags", move |conn| {
                tags::table
                    .filter(
                        tags::owner_id
                            .eq(owner.as_uuid())
                            .or(tags::owner_id.is_null()),
                    )
                    .select(TagRow::as_select())
                    .load(conn)
            })
            .await?;
        into_tags(rows, "listing tags")
    }

    async fn on_item_owned_or_global(
        &self,
        media_item_id: MediaItemId,
        owner: UserId,
    ) -> Result<Vec<Tag>, TaggingError> {
        let rows = self
            .read("listing an item's tags", move |conn| {
                media_item_tags::table
                    .inner_join(tags::table)
                    .filter(media_item_tags::media_item_id.eq(media_item_id.as_uuid()))
                    .filter(
                        tags::owner_id
                            .eq(owner.as_uuid())
                            .or(tags::owner_id.is_null()),
                    )
                    .select(TagRow::as_select())
                    .load(conn)
            })
            .await?;
        into_tags(rows, "listing an item's tags")
    }

    async fn link(&self, tag_id: TagId, media_item_id: MediaItemId) -> Result<(), TaggingError> {
        self.run(
            "linking a tag to a media item",
            |error| match error.foreign_key_violation() {
                Some(LINK_MEDIA_FKEY) => Some(TaggingError::UnknownMedia),
                Some(LINK_TAG_FKEY) => Some(TaggingError::TagNotAvailable),
                _ => None,
            },
            move |conn| {
                // The link's own id is the store's: the port speaks of (tag, item) pairs.
                diesel::insert_into(media_item_tags::table)
                    .values((
                        media_item_tags::id.eq(Uuid::now_v7()),
                        media_item_tags::media_item_id.eq(media_item_id.as_uuid()),
                        media_item_tags::tag_id.eq(tag_id.as_uuid()),
                    ))
                    // The unique key `(media_item_id, tag_id)`, named by its columns so
                    // that the statement stays prepared (README "Prepared statements").
                    .on_conflict((media_item_tags::media_item_id, media_item_tags::tag_id))
                    .do_nothing()
                    .execute(conn)
            },
        )
        .await
        .map(drop)
    }

    async fn unlink(
        &self,
        tag_id: TagId,
        media_item_id: MediaItemId,
    ) -> Result<bool, TaggingError> {
        let deleted = self
            .read("unlinking a tag from a media item", move |conn| {
                diesel::delete(
                    media_item_tags::table
                        .filter(media_item_tags::media_item_id.eq(media_item_id.as_uuid()))
                        .filter(media_item_tags::tag_id.eq(tag_id.as_uuid())),
                )
                .execute(conn)
            })
            .await?;
        Ok(deleted > 0)
    }
}
