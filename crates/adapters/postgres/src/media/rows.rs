//! Row structs of the catalog tables and their conversions to and from the domain types.
//! Insert forms borrow from the record; read forms own.

use anyhow::Context as _;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde_json::Value;
use tastebuds_kernel::{MediaItemId, MediaSourceId};
use tastebuds_media::{
    BookDetail, ExternalMedia, GameDetail, MediaDetails, MediaItem, MediaSourceRecord, MovieDetail,
    MusicDetail,
};
use uuid::Uuid;

use super::MediaTypeSql;
use crate::schema::{book_items, game_items, media_items, media_sources, movie_items, music_items};

/// A `media_items` row as read (without `search_vector`).
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = media_items, check_for_backend(diesel::pg::Pg))]
pub(super) struct MediaItemRow {
    id: Uuid,
    media_type: MediaTypeSql,
    title: String,
    subtitle: Option<String>,
    description: Option<String>,
    release_date: Option<NaiveDate>,
    cover_image_url: Option<String>,
    canonical_url: Option<String>,
    metadata: Option<Value>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl MediaItemRow {
    /// The item's kind, which says which extension table to read.
    pub(super) const fn media_type(&self) -> tastebuds_media::MediaType {
        self.media_type.0
    }
}

impl From<MediaItemRow> for MediaItem {
    fn from(row: MediaItemRow) -> Self {
        Self {
            id: MediaItemId::from_uuid(row.id),
            media_type: row.media_type.0,
            title: row.title,
            subtitle: row.subtitle,
            description: row.description,
            release_date: row.release_date,
            cover_image_url: row.cover_image_url,
            canonical_url: row.canonical_url,
            metadata: row.metadata.unwrap_or(Value::Null),
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// The columns of `media_items` that ingestion sets: the insert form of a new item and
/// the changeset of an overwrite. `None` writes NULL in both (never the column default:
/// `metadata` defaults to `{}`); `subtitle`, `created_at` and `search_vector` are never
/// touched.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(
    table_name = media_items,
    treat_none_as_null = true,
    treat_none_as_default_value = false
)]
pub(super) struct MediaItemFields<'a> {
    media_type: MediaTypeSql,
    title: &'a str,
    description: Option<&'a str>,
    release_date: Option<NaiveDate>,
    cover_image_url: Option<&'a str>,
    canonical_url: Option<&'a str>,
    /// JSON `null` is stored as SQL NULL and read back as JSON `null`.
    metadata: Option<&'a Value>,
}

impl<'a> From<&'a ExternalMedia> for MediaItemFields<'a> {
    fn from(record: &'a ExternalMedia) -> Self {
        Self {
            media_type: MediaTypeSql(record.media_type),
            title: &record.title,
            description: record.description.as_deref(),
            release_date: record.release_date,
            cover_image_url: record.cover_image_url.as_deref(),
            canonical_url: record.canonical_url.as_deref(),
            metadata: Some(&record.metadata).filter(|metadata| !metadata.is_null()),
        }
    }
}

/// A new `media_items` row (`created_at` and `updated_at` take their defaults).
#[derive(Debug, Insertable)]
#[diesel(table_name = media_items, treat_none_as_default_value = false)]
pub(super) struct NewMediaItemRow<'a> {
    id: Uuid,
    #[diesel(embed)]
    fields: MediaItemFields<'a>,
}

impl<'a> NewMediaItemRow<'a> {
    /// The row of `record` under the new id `id`.
    pub(super) fn new(id: MediaItemId, record: &'a ExternalMedia) -> Self {
        Self {
            id: id.as_uuid(),
            fields: MediaItemFields::from(record),
        }
    }
}

/// A `media_sources` row as read (the raw payload is stored, never read back).
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = media_sources, check_for_backend(diesel::pg::Pg))]
pub(super) struct MediaSourceRow {
    id: Uuid,
    source_name: String,
    external_id: String,
    canonical_url: Option<String>,
    fetched_at: DateTime<Utc>,
}

impl TryFrom<MediaSourceRow> for MediaSourceRecord {
    type Error = anyhow::Error;

    fn try_from(row: MediaSourceRow) -> Result<Self, Self::Error> {
        let source_name = row
            .source_name
            .parse()
            .with_context(|| format!("stored source name of media source {}", row.id))?;
        Ok(Self {
            id: MediaSourceId::from_uuid(row.id),
            source_name,
            external_id: row.external_id,
            canonical_url: row.canonical_url,
            fetched_at: row.fetched_at,
        })
    }
}

/// A new `media_sources` row (`fetched_at` takes its default, the transaction's `now()`).
/// Like every insert form here, `None` is written as NULL rather than `DEFAULT`, so that
/// Diesel keeps the statement prepared (README "Prepared statements").
#[derive(Debug, Insertable)]
#[diesel(table_name = media_sources, treat_none_as_default_value = false)]
pub(super) struct NewMediaSourceRow<'a> {
    id: Uuid,
    media_item_id: Uuid,
    source_name: &'a str,
    external_id: &'a str,
    canonical_url: Option<&'a str>,
    raw_payload: &'a Value,
}

impl<'a> NewMediaSourceRow<'a> {
    /// The source row of `record`, pointing at the item `item`.
    pub(super) fn new(item: MediaItemId, record: &'a ExternalMedia) -> Self {
        Self {
            id: MediaSourceId::new().as_uuid(),
            media_item_id: item.as_uuid(),
            source_name: record.source.as_str(),
            external_id: &record.external_id,
            canonical_url: record.source_url.as_deref(),
            raw_payload: &record.raw_payload,
        }
    }
}

/// A `book_items` row.
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = book_items,
    check_for_backend(diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub(super) struct BookRow {
    media_item_id: Uuid,
    authors: Option<Value>,
    page_count: Option<i32>,
    publisher: Option<String>,
    language: Option<String>,
    isbn_10: Option<String>,
    isbn_13: Option<String>,
}

/// A `movie_items` row (films and TV).
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = movie_items,
    check_for_backend(diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub(super) struct MovieRow {
    media_item_id: Uuid,
    runtime_minutes: Option<i32>,
    directors: Option<Value>,
    producers: Option<Value>,
    tmdb_type: Option<String>,
}

/// A `game_items` row.
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = game_items,
    check_for_backend(diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub(super) struct GameRow {
    media_item_id: Uuid,
    platforms: Option<Value>,
    developers: Option<Value>,
    publishers: Option<Value>,
    genres: Option<Value>,
}

/// A `music_items` row.
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = music_items,
    check_for_backend(diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub(super) struct MusicRow {
    media_item_id: Uuid,
    artist_name: Option<String>,
    album_name: Option<String>,
    track_number: Option<i32>,
    duration_ms: Option<i32>,
}

/// The extension row of an item, whichever table it lives in.
#[derive(Debug)]
pub(super) enum ExtensionRow {
    /// `book_items`.
    Book(BookRow),
    /// `movie_items`.
    Movie(MovieRow),
    /// `game_items`.
    Game(GameRow),
    /// `music_items`.
    Music(MusicRow),
}

impl ExtensionRow {
    /// The row storing `details` for the item `item`.
    pub(super) fn new(item: MediaItemId, details: &MediaDetails) -> Self {
        let media_item_id = item.as_uuid();
        match details {
            MediaDetails::Book(book) => Self::Book(BookRow {
                media_item_id,
                authors: names_to_json(book.authors.as_deref()),
                page_count: book.page_count,
                publisher: book.publisher.clone(),
                language: book.language.clone(),
                isbn_10: book.isbn_10.clone(),
                isbn_13: book.isbn_13.clone(),
            }),
            MediaDetails::Movie(movie) => Self::Movie(MovieRow {
                media_item_id,
                runtime_minutes: movie.runtime_minutes,
                directors: names_to_json(movie.directors.as_deref()),
                producers: names_to_json(movie.producers.as_deref()),
                tmdb_type: movie.tmdb_type.clone(),
            }),
            MediaDetails::Game(game) => Self::Game(GameRow {
                media_item_id,
                platforms: names_to_json(game.platforms.as_deref()),
                developers: names_to_json(game.developers.as_deref()),
                publishers: names_to_json(game.publishers.as_deref()),
                genres: names_to_json(game.genres.as_deref()),
            }),
            MediaDetails::Music(music) => Self::Music(MusicRow {
                media_item_id,
                artist_name: music.artist_name.clone(),
                album_name: music.album_name.clone(),
                track_number: music.track_number,
                duration_ms: music.duration_ms,
            }),
        }
    }

    /// Inserts the row into its table.
    pub(super) fn insert(&self, conn: &mut PgConnection) -> QueryResult<usize> {
        match self {
            Self::Book(row) => diesel::insert_into(book_items::table)
                .values(row)
                .execute(conn),
            Self::Movie(row) => diesel::insert_into(movie_items::table)
                .values(row)
                .execute(conn),
            Self::Game(row) => diesel::insert_into(game_items::table)
                .values(row)
                .execute(conn),
            Self::Music(row) => diesel::insert_into(music_items::table)
                .values(row)
                .execute(conn),
        }
    }
}

impl TryFrom<ExtensionRow> for MediaDetails {
    type Error = anyhow::Error;

    fn try_from(row: ExtensionRow) -> Result<Self, Self::Error> {
        Ok(match row {
            ExtensionRow::Book(row) => Self::Book(BookDetail {
                authors: json_to_names(row.authors, "book_items.authors")?,
                page_count: row.page_count,
                publisher: row.publisher,
                language: row.language,
                isbn_10: row.isbn_10,
                isbn_13: row.isbn_13,
            }),
            ExtensionRow::Movie(row) => Self::Movie(MovieDetail {
                runtime_minutes: row.runtime_minutes,
                directors: json_to_names(row.directors, "movie_items.directors")?,
                producers: json_to_names(row.producers, "movie_items.producers")?,
                tmdb_type: row.tmdb_type,
            }),
            ExtensionRow::Game(row) => Self::Game(GameDetail {
                platforms: json_to_names(row.platforms, "game_items.platforms")?,
                developers: json_to_names(row.developers, "game_items.developers")?,
                publishers: json_to_names(row.publishers, "game_items.publishers")?,
                genres: json_to_names(row.genres, "game_items.genres")?,
            }),
            ExtensionRow::Music(row) => Self::Music(MusicDetail {
                artist_name: row.artist_name,
                album_name: row.album_name,
                track_number: row.track_number,
                duration_ms: row.duration_ms,
            }),
        })
    }
}

/// A list of names as the JSON array the extension tables store.
fn names_to_json(names: Option<&[String]>) -> Option<Value> {
    names.map(|names| Value::Array(names.iter().cloned().map(Value::String).collect()))
}

/// A stored JSON array of names back as a list (`null` and SQL NULL are `None`).
fn json_to_names(value: Option<Value>, column: &str) -> anyhow::Result<Option<Vec<String>>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(value) => serde_json::from_value(value)
            .map(Some)
            .with_context(|| format!("{column} is not an array of strings")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn names_round_trip_through_json_and_other_shapes_are_refused() {
        let names = vec!["Lana Wachowski".to_owned(), "Lilly Wachowski".to_owned()];
        let stored = names_to_json(Some(&names));
        assert_eq!(stored, Some(json!(["Lana Wachowski", "Lilly Wachowski"])));
        assert_eq!(json_to_names(stored, "c").unwrap(), Some(names));
        assert_eq!(names_to_json(None), None);
        assert_eq!(json_to_names(None, "c").unwrap(), None);
        assert_eq!(json_to_names(Some(Value::Null), "c").unwrap(), None);
        assert!(json_to_names(Some(json!({"a": 1})), "c").is_err());
        assert!(json_to_names(Some(json!([1, 2])), "c").is_err());
    }
}
