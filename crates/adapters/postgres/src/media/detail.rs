//! Reading an item with its sources and extension.

use anyhow::Context as _;
use diesel::prelude::*;
use tastebuds_kernel::MediaItemId;
use tastebuds_media::{MediaDetails, MediaItem, MediaItemDetail, MediaSourceRecord, MediaType};

use super::rows::{
    BookRow, ExtensionRow, GameRow, MediaItemRow, MediaSourceRow, MovieRow, MusicRow,
};
use crate::schema::{book_items, game_items, media_items, media_sources, movie_items, music_items};

/// The rows of one item, read in one snapshot.
#[derive(Debug)]
pub(super) struct DetailRows {
    item: MediaItemRow,
    sources: Vec<MediaSourceRow>,
    extension: Option<ExtensionRow>,
}

/// Reads the item `id`, its sources (oldest `fetched_at` first) and the extension row of
/// its kind (TV items use `movie_items`), in one read-only repeatable-read transaction.
pub(super) fn load(conn: &mut PgConnection, id: MediaItemId) -> QueryResult<Option<DetailRows>> {
    conn.build_transaction()
        .read_only()
        .repeatable_read()
        .run(|conn| read(conn, id))
}

/// [`load`]'s reads in whatever transaction `conn` is in (an upsert's, to answer with
/// what it wrote).
pub(super) fn read(conn: &mut PgConnection, id: MediaItemId) -> QueryResult<Option<DetailRows>> {
    let id = id.as_uuid();
    let Some(item) = media_items::table
        .find(id)
        .select(MediaItemRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let sources = media_sources::table
        .filter(media_sources::media_item_id.eq(id))
        .order((media_sources::fetched_at.asc(), media_sources::id.asc()))
        .select(MediaSourceRow::as_select())
        .load(conn)?;
    let extension = match item.media_type() {
        MediaType::Book => book_items::table
            .find(id)
            .select(BookRow::as_select())
            .first(conn)
            .optional()?
            .map(ExtensionRow::Book),
        MediaType::Movie | MediaType::Tv => movie_items::table
            .find(id)
            .select(MovieRow::as_select())
            .first(conn)
            .optional()?
            .map(ExtensionRow::Movie),
        MediaType::Game => game_items::table
            .find(id)
            .select(GameRow::as_select())
            .first(conn)
            .optional()?
            .map(ExtensionRow::Game),
        MediaType::Music => music_items::table
            .find(id)
            .select(MusicRow::as_select())
            .first(conn)
            .optional()?
            .map(ExtensionRow::Music),
    };
    Ok(Some(DetailRows {
        item,
        sources,
        extension,
    }))
}

impl TryFrom<DetailRows> for MediaItemDetail {
    type Error = anyhow::Error;

    fn try_from(rows: DetailRows) -> Result<Self, Self::Error> {
        let item = MediaItem::from(rows.item);
        let sources = rows
            .sources
            .into_iter()
            .map(MediaSourceRecord::try_from)
            .collect::<anyhow::Result<_>>()?;
        let details = rows
            .extension
            .map(MediaDetails::try_from)
            .transpose()
            .with_context(|| format!("extension row of media item {}", item.id))?;
        Ok(Self {
            item,
            sources,
            details,
        })
    }
}
