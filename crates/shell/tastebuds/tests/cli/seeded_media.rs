//! The seeded catalog is what the connectors' mappers make of the recorded payloads:
//! the same columns and extension fields an ingest of the live record would store.

use std::process::Stdio;

use diesel::sql_types::{Nullable, Text};
use diesel::{QueryableByName, RunQueryDsl as _};
use secrecy::ExposeSecret as _;
use serde_json::{Value, json};
use tastebuds_media::{ExternalMedia, MediaDetails, SourceError};
use tastebuds_testkit::TestDb;

use crate::tastebuds;

/// A recorded payload under `crates/shell/tastebuds/seed/`.
macro_rules! recorded {
    ($path:literal) => {
        serde_json::from_str::<Value>(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/seed/",
            $path
        )))
        .expect($path)
    };
}

/// What the mappers make of every recorded payload, mapped here independently of the
/// seed's own code.
fn expected() -> Vec<ExternalMedia> {
    use tastebuds_source_google_books::map_volume;
    use tastebuds_source_igdb::map_game;
    use tastebuds_source_lastfm::map_track;
    use tastebuds_source_tmdb::{map_movie, map_show};

    let first = |games: Value| {
        games
            .as_array()
            .and_then(|all| all.first())
            .cloned()
            .expect("a game")
    };
    let mut comptine = recorded!("lastfm/track_getinfo_comptine.json");
    comptine["album"] = recorded!("lastfm/album_getinfo_amelie.json")["album"].take();
    let all: Vec<Result<ExternalMedia, SourceError>> = vec![
        map_volume(recorded!("google-books/volume_B1hSG45JCX4C.json")),
        map_volume(recorded!("google-books/volume_mHJ7CwAAQBAJ.json")),
        map_movie(recorded!("tmdb/movie_603_credits_watch_providers.json")),
        map_movie(recorded!("tmdb/movie_129_credits.json")),
        map_show(recorded!("tmdb/tv_126308_credits.json")),
        map_game(first(recorded!("igdb/games_1942.json"))),
        map_game(first(recorded!("igdb/games_113112.json"))),
        map_track(comptine),
        map_track(recorded!("lastfm/track_getinfo_ghost.json")),
        map_track(recorded!("lastfm/track_getinfo_sakura_single_tag.json")),
    ];
    all.into_iter()
        .map(|record| record.expect("mapped"))
        .collect()
}

/// The extension fields of `details`, by column.
fn extension(details: &MediaDetails) -> (&'static str, Value) {
    match details {
        MediaDetails::Book(b) => (
            "book_items",
            json!({"authors": b.authors, "page_count": b.page_count, "publisher": b.publisher,
                   "language": b.language, "isbn_10": b.isbn_10, "isbn_13": b.isbn_13}),
        ),
        MediaDetails::Movie(m) => (
            "movie_items",
            json!({"runtime_minutes": m.runtime_minutes, "directors": m.directors,
                   "producers": m.producers, "tmdb_type": m.tmdb_type}),
        ),
        MediaDetails::Game(g) => (
            "game_items",
            json!({"platforms": g.platforms, "developers": g.developers,
                   "publishers": g.publishers, "genres": g.genres}),
        ),
        MediaDetails::Music(m) => (
            "music_items",
            json!({"artist_name": m.artist_name, "album_name": m.album_name,
                   "track_number": m.track_number, "duration_ms": m.duration_ms}),
        ),
    }
}

#[derive(QueryableByName)]
struct Stored {
    #[diesel(sql_type = Nullable<Text>)]
    item: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    extension: Option<String>,
}

#[test]
fn seeded_items_are_exactly_what_the_connector_mappers_produce() {
    // Arrange
    let db = TestDb::new();

    // Act
    let output = tastebuds(&["seed"])
        .env("DATABASE_URL", db.url().expose_secret())
        .env("TASTEBUDS__AUTH__BCRYPT_COST", "4")
        .env("RUST_LOG", "error")
        .stdin(Stdio::null())
        .output()
        .expect("run the binary");

    // Assert
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut conn = db.connect();
    for record in expected() {
        let (table, fields) = extension(&record.details);
        let query = format!(
            "SELECT json_build_object('media_type', m.media_type, 'title', m.title, \
               'description', m.description, 'release_date', m.release_date, \
               'cover_image_url', m.cover_image_url, 'canonical_url', m.canonical_url, \
               'metadata', m.metadata, 'source_url', s.canonical_url, \
               'raw_payload', s.raw_payload)::text AS item, \
             (SELECT row_to_json(x)::text FROM {table} x WHERE x.media_item_id = m.id) AS extension \
             FROM media_items m JOIN media_sources s ON s.media_item_id = m.id \
             WHERE s.source_name = $1 AND s.external_id = $2"
        );
        let stored = diesel::sql_query(&query)
            .bind::<Text, _>(record.source.as_str())
            .bind::<Text, _>(&record.external_id)
            .get_result::<Stored>(&mut conn)
            .unwrap_or_else(|error| panic!("{} {}: {error}", record.source, record.external_id));
        let item: Value = serde_json::from_str(&stored.item.expect("item")).expect("JSON");
        let want = json!({
            "media_type": record.media_type.as_str(),
            "title": record.title,
            "description": record.description,
            "release_date": record.release_date.map(|date| date.to_string()),
            "cover_image_url": record.cover_image_url,
            "canonical_url": record.canonical_url,
            "metadata": record.metadata,
            "source_url": record.source_url,
            "raw_payload": record.raw_payload,
        });
        assert_eq!(item, want, "{} {}", record.source, record.external_id);
        let row: Value =
            serde_json::from_str(&stored.extension.expect("an extension row")).expect("JSON");
        for (column, value) in fields.as_object().expect("fields") {
            assert_eq!(&row[column], value, "{} {column}", record.title);
        }
    }
}
