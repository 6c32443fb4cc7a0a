//! The preview object of `GET /api/previews/{preview_id}` (API.md §3).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;
use tastebuds_media::{MediaDetails, Preview};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::routes::media::dto::{
    BookDetailResponse, GameDetailResponse, MediaTypeDto, MovieDetailResponse, MusicDetailResponse,
};
use crate::wire;

/// A cached external hit: the MediaItem fields (without `id`), where it came from, and
/// the extension of its kind (the other three `null`).
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewResponse {
    /// The preview's id.
    pub preview_id: Uuid,
    /// Its kind.
    pub media_type: MediaTypeDto,
    /// Title.
    pub title: String,
    /// Always `null`.
    #[schema(required)]
    pub subtitle: Option<String>,
    /// Plain-text description.
    #[schema(required)]
    pub description: Option<String>,
    /// Release date.
    #[schema(required)]
    pub release_date: Option<NaiveDate>,
    /// Cover image URL.
    #[schema(required)]
    pub cover_image_url: Option<String>,
    /// The item's canonical URL.
    #[schema(required)]
    pub canonical_url: Option<String>,
    /// Source-specific metadata.
    #[schema(required, value_type = Option<Object>)]
    pub metadata: Option<Value>,
    /// The connector.
    #[schema(example = "tmdb")]
    pub source_name: String,
    /// The upstream id as stored on ingest (`movie:603`, an MBID or `Artist::Track`).
    #[schema(example = "movie:603")]
    pub source_id: String,
    /// URL of the upstream record.
    #[schema(required)]
    pub source_url: Option<String>,
    /// When the preview expires.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    #[schema(value_type = String, format = DateTime)]
    pub preview_expires_at: DateTime<Utc>,
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

impl From<&Preview> for PreviewResponse {
    fn from(preview: &Preview) -> Self {
        let record = &preview.record;
        let mut response = Self {
            preview_id: preview.id.as_uuid(),
            media_type: record.media_type.into(),
            title: record.title.clone(),
            subtitle: None,
            description: record.description.clone(),
            release_date: record.release_date,
            cover_image_url: record.cover_image_url.clone(),
            canonical_url: record.canonical_url.clone(),
            metadata: Some(record.metadata.clone()).filter(|metadata| !metadata.is_null()),
            source_name: record.source.as_str().to_owned(),
            source_id: record.external_id.clone(),
            source_url: record.source_url.clone(),
            preview_expires_at: preview.expires_at,
            book: None,
            movie: None,
            game: None,
            music: None,
        };
        match &record.details {
            MediaDetails::Book(book) => response.book = Some(book.into()),
            MediaDetails::Movie(movie) => response.movie = Some(movie.into()),
            MediaDetails::Game(game) => response.game = Some(game.into()),
            MediaDetails::Music(music) => response.music = Some(music.into()),
        }
        response
    }
}
