//! The catalog's response objects (API.md §1.8): MediaItem, MediaSource, the four
//! extensions and MediaItemDetail. Every field is always present (`null` when empty);
//! dates are `YYYY-MM-DD`, timestamps RFC 3339 UTC with `Z`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tastebuds_kernel::MediaCard;
use tastebuds_media::{
    BookDetail, GameDetail, MediaDetails, MediaItem, MediaItemDetail, MediaSourceRecord, MediaType,
    MovieDetail, MusicDetail,
};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::wire;

/// MediaType: the kind of an item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MediaTypeDto {
    /// A book.
    Book,
    /// A film.
    Movie,
    /// A TV show.
    Tv,
    /// A video game.
    Game,
    /// A music track.
    Music,
}

impl From<MediaType> for MediaTypeDto {
    fn from(kind: MediaType) -> Self {
        match kind {
            MediaType::Book => Self::Book,
            MediaType::Movie => Self::Movie,
            MediaType::Tv => Self::Tv,
            MediaType::Game => Self::Game,
            MediaType::Music => Self::Music,
        }
    }
}

impl From<MediaTypeDto> for MediaType {
    fn from(kind: MediaTypeDto) -> Self {
        match kind {
            MediaTypeDto::Book => Self::Book,
            MediaTypeDto::Movie => Self::Movie,
            MediaTypeDto::Tv => Self::Tv,
            MediaTypeDto::Game => Self::Game,
            MediaTypeDto::Music => Self::Music,
        }
    }
}

/// The MediaItem object (search results, course items, logs and the library embed it).
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct MediaItemResponse {
    /// The catalog id.
    pub id: Uuid,
    /// Its kind.
    pub media_type: MediaTypeDto,
    /// Title.
    #[schema(example = "The Matrix")]
    pub title: String,
    /// Subtitle (never set by ingestion).
    #[schema(required)]
    pub subtitle: Option<String>,
    /// Plain-text description.
    #[schema(required)]
    pub description: Option<String>,
    /// Release date; partial upstream dates are the first day of their year or month.
    #[schema(required)]
    pub release_date: Option<NaiveDate>,
    /// Cover image URL.
    #[schema(required)]
    pub cover_image_url: Option<String>,
    /// The item's canonical URL.
    #[schema(required)]
    pub canonical_url: Option<String>,
    /// Source-specific metadata (API.md §2.4), e.g. `{genres, languages, status}`.
    #[schema(value_type = Option<Object>)]
    #[schema(required)]
    pub metadata: Option<Value>,
}

impl From<&MediaItem> for MediaItemResponse {
    fn from(item: &MediaItem) -> Self {
        Self {
            id: item.id.as_uuid(),
            media_type: item.media_type.into(),
            title: item.title.clone(),
            subtitle: item.subtitle.clone(),
            description: item.description.clone(),
            release_date: item.release_date,
            cover_image_url: item.cover_image_url.clone(),
            canonical_url: item.canonical_url.clone(),
            metadata: Some(item.metadata.clone()).filter(|metadata| !metadata.is_null()),
        }
    }
}

/// Logs and library items embed the card their store joined in. The card names its kind
/// as stored; a kind the catalog does not know is a broken row (a 500).
impl TryFrom<&MediaCard> for MediaItemResponse {
    type Error = anyhow::Error;

    fn try_from(card: &MediaCard) -> Result<Self, Self::Error> {
        let media_type: MediaType = card.media_type.parse().map_err(|error| {
            anyhow::anyhow!("media item {} has an unusable kind: {error}", card.id)
        })?;
        Ok(Self {
            id: card.id.as_uuid(),
            media_type: media_type.into(),
            title: card.title.clone(),
            subtitle: card.subtitle.clone(),
            description: card.description.clone(),
            release_date: card.release_date,
            cover_image_url: card.cover_image_url.clone(),
            canonical_url: card.canonical_url.clone(),
            metadata: Some(card.metadata.clone()).filter(|metadata| !metadata.is_null()),
        })
    }
}

/// The MediaSource object: one upstream record of an item (never its raw payload).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct MediaSourceResponse {
    /// The row's id.
    pub id: Uuid,
    /// `google_books`, `tmdb`, `igdb` or `lastfm`.
    #[schema(example = "tmdb")]
    pub source_name: String,
    /// The stored upstream id (`movie:603`, an MBID, `Artist::Track`, …).
    #[schema(example = "movie:603")]
    pub external_id: String,
    /// URL of the upstream record (not the item's own canonical URL).
    #[schema(required)]
    pub canonical_url: Option<String>,
    /// When the record was last fetched.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub fetched_at: DateTime<Utc>,
}

impl From<&MediaSourceRecord> for MediaSourceResponse {
    fn from(source: &MediaSourceRecord) -> Self {
        Self {
            id: source.id.as_uuid(),
            source_name: source.source_name.as_str().to_owned(),
            external_id: source.external_id.clone(),
            canonical_url: source.canonical_url.clone(),
            fetched_at: source.fetched_at,
        }
    }
}

/// BookDetail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct BookDetailResponse {
    /// Author names.
    #[schema(required)]
    pub authors: Option<Vec<String>>,
    /// Page count.
    #[schema(required)]
    pub page_count: Option<i32>,
    /// Publisher.
    #[schema(required)]
    pub publisher: Option<String>,
    /// Language code.
    #[schema(required)]
    pub language: Option<String>,
    /// ISBN-10.
    #[schema(required)]
    pub isbn_10: Option<String>,
    /// ISBN-13.
    #[schema(required)]
    pub isbn_13: Option<String>,
}

impl From<&BookDetail> for BookDetailResponse {
    fn from(book: &BookDetail) -> Self {
        Self {
            authors: book.authors.clone(),
            page_count: book.page_count,
            publisher: book.publisher.clone(),
            language: book.language.clone(),
            isbn_10: book.isbn_10.clone(),
            isbn_13: book.isbn_13.clone(),
        }
    }
}

/// MovieDetail (films and TV).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct MovieDetailResponse {
    /// Runtime in minutes (TV: the first episode's).
    #[schema(required)]
    pub runtime_minutes: Option<i32>,
    /// Directors (TV: the show's creators).
    #[schema(required)]
    pub directors: Option<Vec<String>>,
    /// Producers.
    #[schema(required)]
    pub producers: Option<Vec<String>>,
    /// `movie` or `tv`.
    #[schema(example = "movie")]
    #[schema(required)]
    pub tmdb_type: Option<String>,
}

impl From<&MovieDetail> for MovieDetailResponse {
    fn from(movie: &MovieDetail) -> Self {
        Self {
            runtime_minutes: movie.runtime_minutes,
            directors: movie.directors.clone(),
            producers: movie.producers.clone(),
            tmdb_type: movie.tmdb_type.clone(),
        }
    }
}

/// GameDetail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct GameDetailResponse {
    /// Platform names.
    #[schema(required)]
    pub platforms: Option<Vec<String>>,
    /// Developer names.
    #[schema(required)]
    pub developers: Option<Vec<String>>,
    /// Publisher names.
    #[schema(required)]
    pub publishers: Option<Vec<String>>,
    /// Genre names.
    #[schema(required)]
    pub genres: Option<Vec<String>>,
}

impl From<&GameDetail> for GameDetailResponse {
    fn from(game: &GameDetail) -> Self {
        Self {
            platforms: game.platforms.clone(),
            developers: game.developers.clone(),
            publishers: game.publishers.clone(),
            genres: game.genres.clone(),
        }
    }
}

/// MusicDetail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct MusicDetailResponse {
    /// Artist name.
    #[schema(required)]
    pub artist_name: Option<String>,
    /// Album name.
    #[schema(required)]
    pub album_name: Option<String>,
    /// Position on the album.
    #[schema(required)]
    pub track_number: Option<i32>,
    /// Duration in milliseconds.
    #[schema(required)]
    pub duration_ms: Option<i32>,
}

impl From<&MusicDetail> for MusicDetailResponse {
    fn from(music: &MusicDetail) -> Self {
        Self {
            artist_name: music.artist_name.clone(),
            album_name: music.album_name.clone(),
            track_number: music.track_number,
            duration_ms: music.duration_ms,
        }
    }
}

/// MediaItemDetail: the MediaItem fields, its sources, and the extension of its kind
/// (the other three are `null`; TV uses `movie`; all four are `null` without extension).
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct MediaItemDetailResponse {
    /// The MediaItem fields.
    #[serde(flatten)]
    pub item: MediaItemResponse,
    /// The upstream records, oldest first.
    pub sources: Vec<MediaSourceResponse>,
    /// Book details.
    #[schema(required)]
    pub book: Option<BookDetailResponse>,
    /// Film or TV details.
    #[schema(required)]
    pub movie: Option<MovieDetailResponse>,
    /// Game details.
    #[schema(required)]
    pub game: Option<GameDetailResponse>,
    /// Music details.
    #[schema(required)]
    pub music: Option<MusicDetailResponse>,
}

impl From<&MediaItemDetail> for MediaItemDetailResponse {
    fn from(detail: &MediaItemDetail) -> Self {
        let mut response = Self {
            item: MediaItemResponse::from(&detail.item),
            sources: detail
                .sources
                .iter()
                .map(MediaSourceResponse::from)
                .collect(),
            book: None,
            movie: None,
            game: None,
            music: None,
        };
        match &detail.details {
            Some(MediaDetails::Book(book)) => response.book = Some(book.into()),
            Some(MediaDetails::Movie(movie)) => response.movie = Some(movie.into()),
            Some(MediaDetails::Game(game)) => response.game = Some(game.into()),
            Some(MediaDetails::Music(music)) => response.music = Some(music.into()),
            None => {}
        }
        response
    }
}
