//! Each source ingests from its fixtures through `POST /api/ingest/{source}`, and
//! `GET /api/media/{id}` shows the item with the values of API.md §2.4.

use actix_web::http::StatusCode;
use serde_json::{Value, json};
use wiremock::matchers::query_param;

use super::support::{IngestApp, google_volume, json_response, lastfm, mount_igdb_game, tmdb};

/// The item as `GET /api/media/{id}` shows it, checked against the ingest answer.
async fn shown(app: &IngestApp, ingested: &Value) -> Value {
    let id = ingested["id"].as_str().expect("an id");
    let answer = app.media(id).await;
    assert_eq!(answer.status, StatusCode::OK);
    answer.assert_json_content_type();
    let shown = answer.json();
    assert_eq!(&shown, ingested, "GET shows what the ingest answered");
    shown
}

/// Every MediaItemDetail key is present; the extensions other than `kind` are null.
fn assert_shape(item: &Value, kind: &str) {
    let keys: Vec<&str> = item
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "book",
        "canonical_url",
        "cover_image_url",
        "description",
        "game",
        "id",
        "media_type",
        "metadata",
        "movie",
        "music",
        "release_date",
        "sources",
        "subtitle",
        "title",
    ];
    expected.sort_unstable();
    let mut keys = keys;
    keys.sort_unstable();
    assert_eq!(keys, expected);
    for extension in ["book", "movie", "game", "music"] {
        assert_eq!(
            item[extension].is_null(),
            extension != kind,
            "{extension} of a {kind} item: {item}"
        );
    }
    assert_eq!(
        item["subtitle"],
        Value::Null,
        "ingestion never sets subtitle"
    );
}

/// The single source row: its keys, values and a UTC `Z` timestamp; no raw payload.
fn assert_source(item: &Value, source_name: &str, external_id: &str) -> Value {
    let sources = item["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 1, "{item}");
    let source = sources[0].clone();
    assert_eq!(source["source_name"], source_name);
    assert_eq!(source["external_id"], external_id);
    let fetched_at = source["fetched_at"].as_str().expect("fetched_at");
    assert!(
        fetched_at.ends_with('Z') && chrono::DateTime::parse_from_rfc3339(fetched_at).is_ok(),
        "{fetched_at}"
    );
    let mut keys: Vec<&String> = source.as_object().expect("an object").keys().collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "canonical_url",
            "external_id",
            "fetched_at",
            "id",
            "source_name"
        ]
    );
    source
}

#[actix_web::test]
async fn a_google_books_volume_becomes_a_book() {
    let app = IngestApp::new().await;
    google_volume("B1hSG45JCX4C")
        .respond_with(json_response(
            200,
            fixture!("google-books/volume_B1hSG45JCX4C.json"),
        ))
        .expect(1)
        .mount(&app.upstream)
        .await;

    let answer = app
        .ingest("Google_Books", json!({"external_id": "B1hSG45JCX4C"}))
        .await;

    assert_eq!(answer.status, StatusCode::OK);
    let body = answer.json();
    assert_eq!(body["source_name"], "Google_Books", "echoed as given");
    let item = shown(&app, &body["media_item"]).await;
    assert_shape(&item, "book");
    assert_eq!(item["media_type"], "book");
    assert_eq!(item["title"], "Dune");
    assert_eq!(item["release_date"], "2005-08-02");
    assert_eq!(
        item["canonical_url"],
        "https://play.google.com/store/books/details?id=B1hSG45JCX4C&source=gbs_api",
        "the volume's info link"
    );
    let cover = item["cover_image_url"].as_str().expect("a cover");
    assert!(
        cover.contains("id=B1hSG45JCX4C") && cover.contains("zoom=1"),
        "{cover}"
    );
    assert_eq!(
        item["metadata"],
        json!({
            "categories": [
                "Fiction / Science Fiction / Space Opera",
                "Fiction / Science Fiction / Military",
                "Fiction / Classics"
            ],
            "language": "en",
            "pageCount": 896
        })
    );
    assert_eq!(
        item["book"],
        json!({
            "authors": ["Frank Herbert"],
            "page_count": 896,
            "publisher": "Penguin",
            "language": "en",
            "isbn_10": "0441013597",
            "isbn_13": "9780441013593"
        })
    );
    assert!(
        item["description"]
            .as_str()
            .is_some_and(|text| !text.contains('<'))
    );
    assert_source(&item, "google_books", "B1hSG45JCX4C");
}

#[actix_web::test]
async fn a_tmdb_movie_becomes_a_movie() {
    let app = IngestApp::new().await;
    tmdb("movie", 603)
        .and(query_param("append_to_response", "credits,watch/providers"))
        .respond_with(json_response(200, fixture!("tmdb/movie_603_credits.json")))
        .expect(1)
        .mount(&app.upstream)
        .await;

    let body = app
        .ingest("tmdb", json!({"external_id": "movie:603"}))
        .await
        .json();

    assert_eq!(body["source_name"], "tmdb");
    let item = shown(&app, &body["media_item"]).await;
    assert_shape(&item, "movie");
    assert_eq!(item["media_type"], "movie");
    assert_eq!(item["title"], "The Matrix");
    assert_eq!(item["release_date"], "1999-03-31");
    assert_eq!(
        item["canonical_url"],
        "https://www.themoviedb.org/movie/603"
    );
    assert_eq!(
        item["cover_image_url"],
        "https://image.tmdb.org/t/p/original/f89U3ADr1oiB1s9GkdPOEpXUk5H.jpg"
    );
    assert_eq!(
        item["metadata"],
        json!({"genres": ["Action", "Science Fiction"], "languages": ["en"], "status": "Released"})
    );
    assert_eq!(
        item["movie"],
        json!({
            "runtime_minutes": 136,
            "directors": ["Lana Wachowski", "Lilly Wachowski"],
            "producers": ["Joel Silver"],
            "tmdb_type": "movie"
        })
    );
    assert_source(&item, "tmdb", "movie:603");
}

#[actix_web::test]
async fn a_tmdb_show_becomes_a_tv_item_with_a_movie_extension() {
    let app = IngestApp::new().await;
    tmdb("tv", 126_308)
        .respond_with(json_response(200, fixture!("tmdb/tv_126308_credits.json")))
        .expect(1)
        .mount(&app.upstream)
        .await;

    let item = app.ingested("tmdb", "tv:126308").await;

    let item = shown(&app, &item).await;
    assert_shape(&item, "movie");
    assert_eq!(item["media_type"], "tv");
    assert_eq!(item["title"], "Shōgun");
    assert_eq!(item["release_date"], "2024-02-27");
    assert_eq!(
        item["canonical_url"],
        "https://www.themoviedb.org/tv/126308"
    );
    assert_eq!(
        item["movie"],
        json!({
            "runtime_minutes": 70,
            "directors": ["Rachel Kondo", "Justin Marks"],
            "producers": ["Hiroyuki Sanada"],
            "tmdb_type": "tv"
        }),
        "directors are the show's creators, the runtime the first episode's"
    );
    assert_eq!(
        item["metadata"],
        json!({
            "genres": ["Drama", "War & Politics"],
            "languages": ["en", "ja"],
            "status": "Returning Series"
        })
    );
    assert_source(&item, "tmdb", "tv:126308");
}

#[actix_web::test]
async fn an_igdb_game_becomes_a_game() {
    let app = IngestApp::new().await;
    mount_igdb_game(&app.upstream, 1942, fixture!("igdb/games_1942.json")).await;

    let item = app.ingested("igdb", "1942").await;

    let item = shown(&app, &item).await;
    assert_shape(&item, "game");
    assert_eq!(item["media_type"], "game");
    assert_eq!(item["title"], "The Witcher 3: Wild Hunt");
    assert_eq!(item["release_date"], "2015-05-19");
    assert_eq!(
        item["cover_image_url"],
        "https://images.igdb.com/igdb/image/upload/t_cover_big/co1wyy.jpg"
    );
    assert_eq!(
        item["canonical_url"], "https://www.igdb.com/games/the-witcher-3-wild-hunt",
        "API.md §6.18 allows the IGDB page"
    );
    assert_eq!(
        item["game"],
        json!({
            "platforms": [
                "PC (Microsoft Windows)",
                "PlayStation 4",
                "Xbox One",
                "Nintendo Switch",
                "PlayStation 5",
                "Xbox Series X|S"
            ],
            "developers": ["CD Projekt RED"],
            "publishers": [
                "CD Projekt",
                "Warner Bros. Interactive Entertainment",
                "Bandai Namco Entertainment"
            ],
            "genres": ["Role-playing (RPG)", "Adventure"]
        })
    );
    assert_eq!(
        item["metadata"],
        json!({"genres": item["game"]["genres"], "platforms": item["game"]["platforms"]})
    );
    assert_source(&item, "igdb", "1942");
}

#[actix_web::test]
async fn a_lastfm_track_becomes_music_stored_under_its_mbid() {
    let app = IngestApp::new().await;
    lastfm("track.getInfo")
        .and(query_param("artist", "Yann Tiersen"))
        .and(query_param(
            "track",
            "Comptine d'un autre été, l'après-midi",
        ))
        .respond_with(json_response(
            200,
            fixture!("lastfm/track_getinfo_comptine.json"),
        ))
        .expect(1)
        .mount(&app.upstream)
        .await;
    lastfm("album.getInfo")
        .respond_with(json_response(
            200,
            fixture!("lastfm/album_getinfo_amelie.json"),
        ))
        .mount(&app.upstream)
        .await;

    let item = app
        .ingested(
            "lastfm",
            "Yann Tiersen::Comptine d'un autre été, l'après-midi",
        )
        .await;

    let item = shown(&app, &item).await;
    assert_shape(&item, "music");
    assert_eq!(item["media_type"], "music");
    assert_eq!(item["title"], "Comptine d'un autre été, l'après-midi");
    assert_eq!(
        item["canonical_url"],
        "https://www.last.fm/music/Yann+Tiersen/_/Comptine+d%27un+autre+%C3%A9t%C3%A9,+l%27apr%C3%A8s-midi"
    );
    assert!(item["description"].is_string(), "the wiki summary");
    let cover = item["cover_image_url"].as_str().expect("a cover");
    assert!(cover.contains("300x300"), "the largest image: {cover}");
    assert_eq!(item["music"]["artist_name"], "Yann Tiersen");
    assert_eq!(
        item["music"]["album_name"],
        "Le Fabuleux Destin d'Amélie Poulain"
    );
    assert_eq!(item["music"]["track_number"], 4);
    assert_eq!(item["music"]["duration_ms"], 140_000);
    assert_eq!(
        item["metadata"],
        json!({
            "listeners": 1_057_426,
            "playcount": 9_871_123,
            "tags": ["piano", "soundtrack", "yann tiersen", "instrumental", "french"]
        })
    );
    assert_source(&item, "lastfm", "7b1d2e3f-4a5b-4c6d-9e8f-0a1b2c3d4e5f");
}
