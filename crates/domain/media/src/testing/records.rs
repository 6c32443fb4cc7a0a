//! Builders for plausible upstream records.

use chrono::NaiveDate;
use serde_json::json;

use crate::kind::{MediaType, SourceName};
use crate::source::{
    BookDetail, ExternalMedia, GameDetail, MediaDetails, MovieDetail, MusicDetail,
};

/// A complete record of `media_type` titled `title`, with every optional field set and an
/// extension matching the kind (TV uses a movie extension with `tmdb_type: "tv"`).
#[must_use]
pub fn external_media(
    source: SourceName,
    external_id: &str,
    media_type: MediaType,
    title: &str,
) -> ExternalMedia {
    ExternalMedia {
        source,
        external_id: external_id.to_owned(),
        media_type,
        title: title.to_owned(),
        description: Some(format!("All about {title}.")),
        release_date: NaiveDate::from_ymd_opt(1999, 3, 31),
        cover_image_url: Some(format!("https://img.example.test/{external_id}.jpg")),
        canonical_url: Some(format!("https://example.test/{media_type}/{external_id}")),
        source_url: Some(format!("https://api.example.test/{source}/{external_id}")),
        metadata: json!({ "genres": ["Drama"], "status": "Released" }),
        details: details_for(media_type),
        raw_payload: json!({ "id": external_id, "title": title }),
        availability: None,
    }
}

fn details_for(media_type: MediaType) -> MediaDetails {
    let names = |name: &str| Some(vec![name.to_owned()]);
    match media_type {
        MediaType::Book => MediaDetails::Book(BookDetail {
            authors: names("Frank Herbert"),
            page_count: Some(412),
            publisher: Some("Chilton".to_owned()),
            language: Some("en".to_owned()),
            isbn_10: Some("0441013597".to_owned()),
            isbn_13: Some("9780441013593".to_owned()),
        }),
        MediaType::Movie | MediaType::Tv => MediaDetails::Movie(MovieDetail {
            runtime_minutes: Some(136),
            directors: names("Lana Wachowski"),
            producers: names("Joel Silver"),
            tmdb_type: Some(media_type.as_str().to_owned()),
        }),
        MediaType::Game => MediaDetails::Game(GameDetail {
            platforms: names("PC"),
            developers: names("Valve"),
            publishers: names("Sierra"),
            genres: names("Shooter"),
        }),
        MediaType::Music => MediaDetails::Music(MusicDetail {
            artist_name: Some("Daft Punk".to_owned()),
            album_name: Some("Discovery".to_owned()),
            track_number: Some(3),
            duration_ms: Some(224_000),
        }),
    }
}
