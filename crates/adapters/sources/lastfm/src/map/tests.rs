//! Mapping tests over every recorded Last.fm payload.

use serde_json::{Value, json};
use tastebuds_media::{ExternalMedia, MediaDetails, MediaType, MusicDetail, SourceError};

use super::{largest_image, map_search, map_track};
use crate::dto::{Image, TrackSearch};

macro_rules! fixture {
    ($name:literal) => {
        serde_json::from_str::<Value>(include_str!(concat!("../../tests/fixtures/", $name)))
            .unwrap()
    };
}

fn music_of(media: &ExternalMedia) -> &MusicDetail {
    match &media.details {
        MediaDetails::Music(music) => music,
        other => panic!("expected music, got {other:?}"),
    }
}

/// A fetched document: `track.getInfo` plus `album.getInfo`'s album, as the client stores it.
fn with_album(mut track: Value, album: Value) -> Value {
    track["album"] = album["album"].clone();
    track
}

const ALBUM_ART: &str =
    "https://lastfm.freetls.fastly.net/i/u/300x300/6f6e4c2b7a8d4e1c9b3a2f0d5e7c8b1a.png";

#[test]
fn a_track_with_an_mbid_maps_every_field() {
    let raw = fixture!("track_getinfo_comptine.json");
    let media = map_track(raw.clone()).unwrap();

    assert_eq!(media.external_id, "7b1d2e3f-4a5b-4c6d-9e8f-0a1b2c3d4e5f");
    assert_eq!(media.media_type, MediaType::Music);
    assert_eq!(media.title, "Comptine d'un autre été, l'après-midi");
    assert_eq!(
        media.description.as_deref(),
        Some(
            "\"Comptine d'un autre été, l'après-midi\" is a solo piano piece by Yann Tiersen, \
             best known from the soundtrack of the 2001 film Le Fabuleux Destin d'Amélie \
             Poulain. Its rolling left-hand pattern and simple melody made it one of the most \
             covered piano pieces of the decade."
        ),
        "HTML and the Read more link stripped"
    );
    assert_eq!(
        media.release_date, None,
        "wiki.published is not a release date"
    );
    assert_eq!(
        media.cover_image_url.as_deref(),
        Some(ALBUM_ART),
        "largest by size name"
    );
    assert_eq!(
        media.canonical_url.as_deref(),
        Some(
            "https://www.last.fm/music/Yann+Tiersen/_/Comptine+d%27un+autre+%C3%A9t%C3%A9,+l%27apr%C3%A8s-midi"
        )
    );
    assert_eq!(media.source_url, media.canonical_url);
    assert_eq!(
        media.metadata,
        json!({
            "listeners": 1_057_426,
            "playcount": 9_871_123,
            "tags": ["piano", "soundtrack", "yann tiersen", "instrumental", "french"]
        })
    );
    assert_eq!(
        music_of(&media),
        &MusicDetail {
            artist_name: Some("Yann Tiersen".to_owned()),
            album_name: Some("Le Fabuleux Destin d'Amélie Poulain".to_owned()),
            track_number: Some(4),
            duration_ms: Some(140_000),
        }
    );
    assert_eq!(media.raw_payload, raw);
}

#[test]
fn the_album_lookup_supplies_the_largest_cover() {
    let mut album = fixture!("album_getinfo_amelie.json");
    album["album"]["image"][4]["#text"] = json!("http://lastfm.example/i/u/mega/amelie.png");
    let raw = with_album(fixture!("track_getinfo_comptine.json"), album);

    let media = map_track(raw.clone()).unwrap();

    assert_eq!(
        media.cover_image_url.as_deref(),
        Some("https://lastfm.example/i/u/mega/amelie.png")
    );
    assert_eq!(music_of(&media).track_number, Some(4));
    assert_eq!(
        media.raw_payload["album"]["tracks"]["track"]
            .as_array()
            .map(Vec::len),
        Some(20)
    );
}

#[test]
fn a_ghost_track_has_a_name_based_id_and_no_placeholders() {
    let media = map_track(fixture!("track_getinfo_ghost.json")).unwrap();

    assert_eq!(media.external_id, "Les Fantômes du Lundi::Démo n°2");
    assert_eq!(media.title, "Démo n°2");
    assert_eq!(
        (media.description.as_ref(), media.cover_image_url.as_ref()),
        (None, None)
    );
    assert_eq!(
        media.metadata,
        json!({"listeners": 2, "playcount": 4, "tags": null})
    );
    assert_eq!(
        music_of(&media),
        &MusicDetail {
            artist_name: Some("Les Fantômes du Lundi".to_owned()),
            ..MusicDetail::default()
        },
        "duration \"0\" is unknown"
    );
}

#[test]
fn a_single_tag_object_is_one_tag_and_a_single_album_track_gives_the_number() {
    let track = fixture!("track_getinfo_sakura_single_tag.json");
    let alone = map_track(track.clone()).unwrap();
    assert_eq!(alone.external_id, "森山直太朗::さくら (独唱)");
    assert_eq!(alone.metadata["tags"], json!(["j-pop"]));
    assert_eq!(music_of(&alone).track_number, None);

    let media = map_track(with_album(
        track,
        fixture!("album_getinfo_single_track.json"),
    ))
    .unwrap();

    assert_eq!(media.cover_image_url, None, "every album image is \"\"");
    assert_eq!(
        music_of(&media).track_number,
        Some(1),
        "the one track of `tracks.track`"
    );
    assert_eq!(music_of(&media).duration_ms, None, "album duration is null");
}

#[test]
fn an_album_track_duration_in_seconds_fills_a_missing_track_duration() {
    let mut track = fixture!("track_getinfo_comptine.json");
    track["track"]["duration"] = json!("0");
    track["track"]["album"]["@attr"] = json!({});

    let media = map_track(with_album(track, fixture!("album_getinfo_amelie.json"))).unwrap();

    assert_eq!(
        music_of(&media).duration_ms,
        Some(140_000),
        "140 s from album.getInfo"
    );
    assert_eq!(music_of(&media).track_number, Some(4), "its @attr.rank");
}

#[test]
fn search_hits_keep_spellings_apart_and_drop_the_placeholder_star() {
    let answer: TrackSearch = serde_json::from_value(fixture!("track_search_sakura.json")).unwrap();
    let hits = map_search(answer);

    let ids: Vec<&str> = hits.iter().map(|h| h.external_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "0c1d9f7e-5b2a-4c3d-8e9f-7a6b5c4d3e2f",
            "いきものがかり::SAKURA",
            "森山直太朗::さくら (独唱)",
            "Ikimonogakari::SAKURA"
        ]
    );
    assert!(
        hits.iter().all(|h| h.cover_image_url.is_none()),
        "placeholder star is no cover"
    );
    assert_eq!(
        hits[0].metadata,
        json!({"listeners": 98_041, "playcount": null, "tags": null})
    );
    assert_eq!(
        music_of(&hits[1]).artist_name.as_deref(),
        Some("いきものがかり")
    );
}

#[test]
fn an_empty_search_and_odd_track_lists_yield_no_hits() {
    let empty: TrackSearch = serde_json::from_value(fixture!("track_search_empty.json")).unwrap();
    assert!(map_search(empty).is_empty());
    for odd in [json!(""), json!({"track": ""}), json!(null)] {
        let answer: TrackSearch =
            serde_json::from_value(json!({"results": {"trackmatches": odd}})).unwrap();
        assert!(map_search(answer).is_empty());
    }
}

#[test]
fn album_search_images_are_picked_by_size_name() {
    let answer = fixture!("album_search_amelie.json");
    let albums = answer["results"]["albummatches"]["album"]
        .as_array()
        .unwrap();
    let covers: Vec<Option<String>> = albums
        .iter()
        .map(|album| {
            let images: Vec<Image> = serde_json::from_value(album["image"].clone()).unwrap();
            largest_image(&images)
        })
        .collect();

    assert_eq!(
        covers.first().cloned().flatten().as_deref(),
        Some(ALBUM_ART)
    );
    assert_eq!(covers.last().cloned().flatten(), None, "all `#text` empty");
    let shuffled: Vec<Image> = serde_json::from_value(json!([
        {"#text": "https://x/300.png", "size": "extralarge"},
        {"#text": "https://x/34.png", "size": "small"},
        {"#text": "https://x/unknown.png", "size": ""}
    ]))
    .unwrap();
    assert_eq!(
        largest_image(&shuffled).as_deref(),
        Some("https://x/300.png")
    );
}

#[test]
fn truncated_bodies_and_error_bodies_are_not_tracks() {
    let truncated =
        include_str!("../../tests/fixtures/track_getinfo_comptine_truncated.malformed.json");
    assert!(serde_json::from_str::<Value>(truncated).is_err());
    for body in [
        fixture!("error_6_track_not_found.json"),
        fixture!("error_6_album_not_found.json"),
        fixture!("error_10_invalid_api_key.json"),
        fixture!("error_16_temporary_error.json"),
        fixture!("error_26_suspended_api_key.json"),
        fixture!("error_29_rate_limit_exceeded.json"),
    ] {
        assert!(matches!(map_track(body), Err(SourceError::Upstream(_))));
    }
}
