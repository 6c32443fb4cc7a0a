//! A preview's per-kind extension as JSON (`raw_payload.extensions` of
//! `external_search_previews`): `{"book": {...}}`, `{"movie": {...}}`, `{"game": {...}}`
//! or `{"music": {...}}`, with the field names of the extension tables.

use anyhow::{Context as _, anyhow};
use serde_json::{Value, json};
use tastebuds_media::{BookDetail, GameDetail, MediaDetails, MovieDetail, MusicDetail};

/// `details` as stored.
pub(super) fn to_json(details: &MediaDetails) -> Value {
    match details {
        MediaDetails::Book(b) => json!({"book": {
            "authors": b.authors, "page_count": b.page_count, "publisher": b.publisher,
            "language": b.language, "isbn_10": b.isbn_10, "isbn_13": b.isbn_13,
        }}),
        MediaDetails::Movie(m) => json!({"movie": {
            "runtime_minutes": m.runtime_minutes, "directors": m.directors,
            "producers": m.producers, "tmdb_type": m.tmdb_type,
        }}),
        MediaDetails::Game(g) => json!({"game": {
            "platforms": g.platforms, "developers": g.developers,
            "publishers": g.publishers, "genres": g.genres,
        }}),
        MediaDetails::Music(m) => json!({"music": {
            "artist_name": m.artist_name, "album_name": m.album_name,
            "track_number": m.track_number, "duration_ms": m.duration_ms,
        }}),
    }
}

/// The stored extension back.
///
/// # Errors
/// When the value is not one of the shapes [`to_json`] writes.
pub(super) fn from_json(value: &Value) -> anyhow::Result<MediaDetails> {
    let field = |kind: &Value, name: &str| kind.get(name).cloned().unwrap_or(Value::Null);
    let names = |kind: &Value, name: &str| -> anyhow::Result<Option<Vec<String>>> {
        serde_json::from_value(field(kind, name)).with_context(|| format!("extension {name}"))
    };
    let text = |kind: &Value, name: &str| field(kind, name).as_str().map(str::to_owned);
    let int = |kind: &Value, name: &str| {
        field(kind, name)
            .as_i64()
            .and_then(|n| i32::try_from(n).ok())
    };
    if let Some(b) = value.get("book") {
        return Ok(MediaDetails::Book(BookDetail {
            authors: names(b, "authors")?,
            page_count: int(b, "page_count"),
            publisher: text(b, "publisher"),
            language: text(b, "language"),
            isbn_10: text(b, "isbn_10"),
            isbn_13: text(b, "isbn_13"),
        }));
    }
    if let Some(m) = value.get("movie") {
        return Ok(MediaDetails::Movie(MovieDetail {
            runtime_minutes: int(m, "runtime_minutes"),
            directors: names(m, "directors")?,
            producers: names(m, "producers")?,
            tmdb_type: text(m, "tmdb_type"),
        }));
    }
    if let Some(g) = value.get("game") {
        return Ok(MediaDetails::Game(GameDetail {
            platforms: names(g, "platforms")?,
            developers: names(g, "developers")?,
            publishers: names(g, "publishers")?,
            genres: names(g, "genres")?,
        }));
    }
    if let Some(m) = value.get("music") {
        return Ok(MediaDetails::Music(MusicDetail {
            artist_name: text(m, "artist_name"),
            album_name: text(m, "album_name"),
            track_number: int(m, "track_number"),
            duration_ms: int(m, "duration_ms"),
        }));
    }
    Err(anyhow!("unknown preview extension shape"))
}

#[cfg(test)]
mod tests {
    use tastebuds_media::testing::external_media;
    use tastebuds_media::{MediaType, SourceName};

    use super::*;

    #[test]
    fn every_kind_round_trips() {
        for kind in MediaType::ALL {
            let details = external_media(SourceName::Tmdb, "x", kind, "T").details;
            assert_eq!(from_json(&to_json(&details)).unwrap(), details);
        }
        assert!(from_json(&json!({"film": {}})).is_err());
    }
}
