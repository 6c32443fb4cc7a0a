//! Mapping tests over every recorded IGDB payload.

use chrono::NaiveDate;
use serde_json::{Value, json};
use tastebuds_media::{ExternalMedia, GameDetail, MediaDetails, MediaType, SourceError};

use super::map_game;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../tests/fixtures/", $name))
    };
}

fn games(body: &str) -> Vec<ExternalMedia> {
    let list: Vec<Value> = serde_json::from_str(body).unwrap();
    list.into_iter()
        .map(|game| map_game(game).unwrap())
        .collect()
}

fn game_of(media: &ExternalMedia) -> &GameDetail {
    match &media.details {
        MediaDetails::Game(game) => game,
        other => panic!("expected a game, got {other:?}"),
    }
}

fn strings(values: &[&str]) -> Option<Vec<String>> {
    Some(values.iter().map(|v| (*v).to_owned()).collect())
}

#[test]
fn hades_maps_every_field_and_a_self_publisher_is_both_developer_and_publisher() {
    let raw: Vec<Value> = serde_json::from_str(fixture!("games_113112.json")).unwrap();
    let media = map_game(raw[0].clone()).unwrap();

    assert_eq!(media.external_id, "113112");
    assert_eq!(media.media_type, MediaType::Game);
    assert_eq!(media.title, "Hades");
    assert!(
        media
            .description
            .as_deref()
            .unwrap()
            .starts_with("A rogue-like dungeon crawler")
    );
    assert_eq!(media.release_date, NaiveDate::from_ymd_opt(2020, 9, 17));
    assert_eq!(
        media.cover_image_url.as_deref(),
        Some("https://images.igdb.com/igdb/image/upload/t_cover_big/co3ydn.jpg")
    );
    assert_eq!(
        media.canonical_url.as_deref(),
        Some("https://www.igdb.com/games/hades--1")
    );
    assert_eq!(media.source_url, media.canonical_url);
    assert_eq!(
        media.metadata["genres"],
        json!([
            "Role-playing (RPG)",
            "Hack and slash/Beat 'em up",
            "Adventure",
            "Indie"
        ])
    );
    assert_eq!(
        media.metadata["platforms"].as_array().map(Vec::len),
        Some(7)
    );
    let game = game_of(&media);
    assert_eq!(game.developers, strings(&["Supergiant Games"]));
    assert_eq!(
        game.publishers,
        strings(&["Supergiant Games", "Private Division"])
    );
    assert_eq!(game.genres.as_ref().map(Vec::len), Some(4));
    assert_eq!(media.raw_payload, raw[0]);
}

#[test]
fn a_support_studio_is_neither_developer_nor_publisher() {
    let media = &games(fixture!("games_1942.json"))[0];

    assert_eq!(media.title, "The Witcher 3: Wild Hunt");
    assert_eq!(media.release_date, NaiveDate::from_ymd_opt(2015, 5, 19));
    let game = game_of(media);
    assert_eq!(game.developers, strings(&["CD Projekt RED"]));
    assert_eq!(
        game.publishers,
        strings(&[
            "CD Projekt",
            "Warner Bros. Interactive Entertainment",
            "Bandai Namco Entertainment"
        ])
    );
    let everyone = [&game.developers, &game.publishers];
    assert!(
        !everyone
            .into_iter()
            .flatten()
            .flatten()
            .any(|name| name == "Saber Interactive")
    );
}

#[test]
fn search_hits_keep_macrons_and_omitted_fields_are_none() {
    let hits = games(fixture!("games_search_okami.json"));

    let titles: Vec<&str> = hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(titles, ["Ōkami", "Ōkami HD", "Ōkamiden", "Okami Adventure"]);
    assert_eq!(
        hits[0].canonical_url.as_deref(),
        Some("https://www.igdb.com/games/okami"),
        "from the slug"
    );
    assert_eq!(hits[0].description, None, "search asks for no summary");
    let bare = &hits[3];
    assert_eq!(bare.external_id, "240813");
    assert_eq!(
        (bare.cover_image_url.as_ref(), bare.release_date),
        (None, None)
    );
    assert_eq!(
        bare.metadata,
        json!({"genres": null, "platforms": ["PC (Microsoft Windows)"]})
    );
    assert_eq!(
        game_of(bare),
        &GameDetail {
            platforms: strings(&["PC (Microsoft Windows)"]),
            ..GameDetail::default()
        }
    );
}

#[test]
fn unexpanded_ids_and_thumbnail_only_covers_are_handled() {
    let media = map_game(json!({
        "id": 1, "name": "Bare",
        "genres": [12, 31],
        "cover": {"id": 5, "url": "//images.igdb.com/igdb/image/upload/t_thumb/co1wyy.jpg"},
        "involved_companies": [4, {"company": 9, "developer": true}]
    }))
    .unwrap();

    assert_eq!(media.metadata["genres"], Value::Null);
    assert_eq!(game_of(&media).developers, None);
    assert_eq!(
        media.cover_image_url.as_deref(),
        Some("https://images.igdb.com/igdb/image/upload/t_cover_big/co1wyy.jpg")
    );
}

#[test]
fn empty_truncated_and_error_payloads_yield_no_game() {
    assert!(games(fixture!("games_empty.json")).is_empty());
    assert!(
        serde_json::from_str::<Value>(fixture!("games_search_okami_truncated.malformed.json"))
            .is_err()
    );
    for body in [
        fixture!("error_400_invalid_field.json"),
        fixture!("error_400_syntax_error.json"),
        fixture!("error_401_authorization_failure.json"),
        fixture!("error_429_too_many_requests.json"),
    ] {
        let value: Value = serde_json::from_str(body).unwrap();
        let element = value
            .as_array()
            .and_then(|a| a.first())
            .cloned()
            .unwrap_or(value);
        assert!(
            matches!(map_game(element), Err(SourceError::Upstream(_))),
            "{body}"
        );
    }
    assert!(serde_json::from_str::<Value>(fixture!("error_502_bad_gateway.txt")).is_err());
    assert!(
        matches!(map_game(json!({"id": 2})), Err(SourceError::Upstream(_))),
        "no name"
    );
}
