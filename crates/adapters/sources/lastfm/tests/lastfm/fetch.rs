//! `fetch`: identifier forms, the album lookup and what the stored payload holds.

use tastebuds_media::{MediaDetails, MediaType};
use wiremock::MockServer;
use wiremock::matchers::{query_param, query_param_is_missing};

use crate::{call, client, fetch, json};

const ARTIST: &str = "Yann Tiersen";
const TRACK: &str = "Comptine d'un autre été, l'après-midi";
const ALBUM: &str = "Le Fabuleux Destin d'Amélie Poulain";

async fn mount_comptine(server: &MockServer) {
    call("track.getInfo")
        .and(query_param("artist", ARTIST))
        .and(query_param("track", TRACK))
        .and(query_param("autocorrect", "1"))
        .respond_with(json(200, fixture!("track_getinfo_comptine.json")))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn artist_and_track_fetch_the_track_then_its_album() {
    let server = MockServer::start().await;
    mount_comptine(&server).await;
    call("album.getInfo")
        .and(query_param("artist", ARTIST))
        .and(query_param("album", ALBUM))
        .respond_with(json(200, fixture!("album_getinfo_amelie.json")))
        .expect(1)
        .mount(&server)
        .await;

    let media = fetch(&client(&server), &format!("{ARTIST}::{TRACK}"))
        .await
        .unwrap();

    assert_eq!(
        media.external_id, "7b1d2e3f-4a5b-4c6d-9e8f-0a1b2c3d4e5f",
        "the MBID wins"
    );
    assert_eq!(media.media_type, MediaType::Music);
    assert_eq!(media.raw_payload["track"]["name"], TRACK);
    assert_eq!(
        media.raw_payload["album"]["name"], ALBUM,
        "album.getInfo kept in the payload"
    );
    let MediaDetails::Music(music) = &media.details else {
        panic!("{:?}", media.details)
    };
    assert_eq!(music.track_number, Some(4));
}

#[tokio::test]
async fn a_track_url_is_decoded_into_artist_and_track() {
    let server = MockServer::start().await;
    mount_comptine(&server).await;

    let url = "https://www.last.fm/music/Yann+Tiersen/_/Comptine+d%27un+autre+%C3%A9t%C3%A9,+l%27apr%C3%A8s-midi";
    let media = fetch(&client(&server), url).await.unwrap();

    assert_eq!(media.title, TRACK);
}

#[tokio::test]
async fn an_mbid_is_looked_up_as_such() {
    let server = MockServer::start().await;
    call("track.getInfo")
        .and(query_param("mbid", "7b1d2e3f-4a5b-4c6d-9e8f-0a1b2c3d4e5f"))
        .and(query_param_is_missing("artist"))
        .respond_with(json(200, fixture!("track_getinfo_comptine.json")))
        .expect(1)
        .mount(&server)
        .await;

    let media = fetch(&client(&server), "7B1D2E3F-4A5B-4C6D-9E8F-0A1B2C3D4E5F")
        .await
        .unwrap();

    assert_eq!(media.external_id, "7b1d2e3f-4a5b-4c6d-9e8f-0a1b2c3d4e5f");
}

#[tokio::test]
async fn a_failed_album_lookup_only_costs_the_enrichment() {
    let server = MockServer::start().await;
    mount_comptine(&server).await;
    call("album.getInfo")
        .respond_with(json(400, fixture!("error_6_album_not_found.json")))
        .expect(1)
        .mount(&server)
        .await;

    let media = fetch(&client(&server), &format!("{ARTIST}::{TRACK}"))
        .await
        .unwrap();

    assert!(media.cover_image_url.is_some(), "the track's own album art");
    assert!(media.raw_payload.get("album").is_none());
}

#[tokio::test]
async fn a_track_without_mbid_or_album_is_stored_as_artist_and_track() {
    let server = MockServer::start().await;
    call("track.getInfo")
        .and(query_param("artist", "森山直太朗"))
        .and(query_param("track", "さくら (独唱)"))
        .respond_with(json(200, fixture!("track_getinfo_sakura_single_tag.json")))
        .expect(1)
        .mount(&server)
        .await;
    call("album.getInfo")
        .respond_with(json(200, "{}"))
        .expect(0)
        .mount(&server)
        .await;

    let media = fetch(&client(&server), "森山直太朗::さくら (独唱)")
        .await
        .unwrap();

    assert_eq!(media.external_id, "森山直太朗::さくら (独唱)");
    assert_eq!(media.metadata["tags"], serde_json::json!(["j-pop"]));
}

#[tokio::test]
async fn a_ghost_track_is_ingested_with_nones() {
    let server = MockServer::start().await;
    call("track.getInfo")
        .and(query_param("artist", "Les Fantômes du Lundi"))
        .and(query_param("track", "Démo n°2"))
        .respond_with(json(200, fixture!("track_getinfo_ghost.json")))
        .expect(1)
        .mount(&server)
        .await;

    let media = fetch(&client(&server), "Les Fantômes du Lundi::Démo n°2")
        .await
        .unwrap();

    assert_eq!(media.external_id, "Les Fantômes du Lundi::Démo n°2");
    assert_eq!((media.cover_image_url, media.description), (None, None));
}
