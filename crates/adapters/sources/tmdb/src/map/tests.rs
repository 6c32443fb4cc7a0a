//! Mapping tests over every recorded TMDB payload.

use chrono::NaiveDate;
use serde_json::{Value, json};
use tastebuds_media::{ExternalMedia, MediaDetails, MediaType, MovieDetail, SourceError};

use super::{map_movie, map_show};
use crate::dto::SearchPage;

macro_rules! fixture {
    ($name:literal) => {
        serde_json::from_str::<Value>(include_str!(concat!("../../tests/fixtures/", $name)))
            .unwrap()
    };
}

fn movie_of(media: &ExternalMedia) -> &MovieDetail {
    match &media.details {
        MediaDetails::Movie(movie) => movie,
        other => panic!("expected a film or show, got {other:?}"),
    }
}

fn strings(values: &[&str]) -> Option<Vec<String>> {
    Some(values.iter().map(|v| (*v).to_owned()).collect())
}

fn hits(page: Value, map: fn(Value) -> Result<ExternalMedia, SourceError>) -> Vec<ExternalMedia> {
    let page: SearchPage = serde_json::from_value(page).unwrap();
    page.results
        .into_iter()
        .map(|hit| map(hit).unwrap())
        .collect()
}

#[test]
fn spirited_away_maps_every_field_with_one_director_credit_per_person() {
    let raw = fixture!("movie_129_credits.json");
    let media = map_movie(raw.clone()).unwrap();

    assert_eq!(media.external_id, "movie:129");
    assert_eq!(media.media_type, MediaType::Movie);
    assert_eq!(media.title, "Spirited Away");
    assert!(
        media
            .description
            .as_deref()
            .unwrap()
            .starts_with("Ten-year-old Chihiro")
    );
    assert_eq!(media.release_date, NaiveDate::from_ymd_opt(2001, 7, 20));
    assert_eq!(
        media.cover_image_url.as_deref(),
        Some("https://image.tmdb.org/t/p/original/39wmItIWsg5sZMyRUHLkWBcuVCM.jpg")
    );
    assert_eq!(
        media.canonical_url.as_deref(),
        Some("https://www.themoviedb.org/movie/129")
    );
    assert_eq!(media.source_url, media.canonical_url);
    assert_eq!(
        media.metadata,
        json!({"genres": ["Animation", "Family", "Fantasy"], "languages": ["ja"], "status": "Released"})
    );
    assert_eq!(
        movie_of(&media),
        &MovieDetail {
            runtime_minutes: Some(125),
            directors: strings(&["Hayao Miyazaki"]),
            producers: strings(&["Toshio Suzuki"]),
            tmdb_type: Some("movie".to_owned()),
        }
    );
    assert_eq!(media.raw_payload, raw);
}

#[test]
fn the_matrix_keeps_both_directors_in_credit_order() {
    let media = map_movie(fixture!("movie_603_credits.json")).unwrap();

    assert_eq!(media.external_id, "movie:603");
    let movie = movie_of(&media);
    assert_eq!(
        movie.directors,
        strings(&["Lana Wachowski", "Lilly Wachowski"])
    );
    assert_eq!(movie.producers, strings(&["Joel Silver"]));
    assert_eq!(movie.runtime_minutes, Some(136));
    assert_eq!(media.metadata["languages"], json!(["en"]));
}

#[test]
fn a_show_uses_creators_as_directors_and_the_last_episode_runtime() {
    let media = map_show(fixture!("tv_126308_credits.json")).unwrap();

    assert_eq!(media.external_id, "tv:126308");
    assert_eq!(media.media_type, MediaType::Tv);
    assert_eq!(media.title, "Shōgun");
    assert_eq!(media.release_date, NaiveDate::from_ymd_opt(2024, 2, 27));
    assert_eq!(
        media.canonical_url.as_deref(),
        Some("https://www.themoviedb.org/tv/126308")
    );
    assert_eq!(
        media.metadata,
        json!({
            "genres": ["Drama", "War & Politics"],
            "languages": ["en", "ja"],
            "status": "Returning Series"
        })
    );
    assert_eq!(
        movie_of(&media),
        &MovieDetail {
            runtime_minutes: Some(70), // `episode_run_time` is []
            directors: strings(&["Rachel Kondo", "Justin Marks"]),
            producers: strings(&["Hiroyuki Sanada"]),
            tmdb_type: Some("tv".to_owned()),
        }
    );
}

#[test]
fn a_show_without_episodes_or_creators_has_no_runtime_and_no_directors() {
    let media = map_show(json!({
        "id": 1, "name": "Pilot", "first_air_date": "", "overview": "",
        "episode_run_time": [], "last_episode_to_air": null, "next_episode_to_air": null,
        "created_by": [], "genres": null
    }))
    .unwrap();

    let movie = movie_of(&media);
    assert_eq!(
        (movie.runtime_minutes, movie.directors.as_ref()),
        (None, None)
    );
    assert_eq!(
        (media.release_date, media.description.as_ref()),
        (None, None)
    );
    assert_eq!(
        media.metadata,
        json!({"genres": null, "languages": null, "status": null})
    );
}

#[test]
fn movie_search_hits_use_the_genre_table_and_treat_empty_strings_as_absent() {
    let hits = hits(fixture!("search_movie_tokyo.json"), map_movie);

    let ids: Vec<&str> = hits.iter().map(|h| h.external_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "movie:18148",
            "movie:13398",
            "movie:28763",
            "movie:14003",
            "movie:1290131"
        ]
    );
    assert_eq!(
        hits[1].metadata["genres"],
        json!(["Animation", "Comedy", "Drama"])
    );
    assert_eq!(hits[1].metadata["languages"], json!(["ja"]));
    assert_eq!(
        movie_of(&hits[1]).directors,
        None,
        "search hits carry no credits"
    );
    let elegie = &hits[4];
    assert_eq!(elegie.title, "Tokyo Élégie");
    assert_eq!(elegie.release_date, None, "`release_date: \"\"` is unknown");
    assert_eq!(elegie.description, None, "`overview: \"\"` is none");
    assert_eq!(elegie.cover_image_url, None);
    assert_eq!(elegie.metadata["genres"], Value::Null);
}

#[test]
fn the_same_film_in_two_searches_has_one_stored_id() {
    let tokyo = hits(fixture!("search_movie_tokyo.json"), map_movie);
    let godfathers = hits(fixture!("search_movie_godfathers.json"), map_movie);

    assert_eq!(godfathers.len(), 2);
    assert_eq!(tokyo[1].external_id, godfathers[0].external_id);
    assert_eq!(
        godfathers[1].metadata["genres"],
        json!(["Documentary", "Music"])
    );
}

#[test]
fn tv_search_hits_map_untranslated_names_and_tv_genres() {
    let hits = hits(fixture!("search_tv_shogun.json"), map_show);

    assert_eq!(hits.len(), 4);
    assert_eq!(hits[1].external_id, "tv:2180");
    assert_eq!(
        hits[1].metadata["genres"],
        json!(["Drama", "War & Politics", "Action & Adventure"])
    );
    let untranslated = &hits[3];
    assert_eq!(untranslated.title, "将軍家光忍び旅");
    assert_eq!(untranslated.release_date, None);
    assert_eq!(untranslated.description, None);
    assert!(hits.iter().all(|h| h.media_type == MediaType::Tv));
}

#[test]
fn truncated_and_error_payloads_do_not_map() {
    let truncated = include_str!("../../tests/fixtures/movie_129_credits_truncated.malformed.json");
    assert!(serde_json::from_str::<Value>(truncated).is_err());
    for error in [
        fixture!("error_400_invalid_page.json"),
        fixture!("error_401_invalid_api_key.json"),
        fixture!("error_404_not_found.json"),
        fixture!("error_429_request_count_over_limit.json"),
        fixture!("error_503_service_offline.json"),
        fixture!("error_504_backend_timeout.json"),
    ] {
        assert!(
            matches!(map_movie(error.clone()), Err(SourceError::Upstream(_))),
            "{error}"
        );
        assert!(matches!(map_show(error), Err(SourceError::Upstream(_))));
    }
}

#[test]
fn the_original_title_stands_in_for_a_missing_translation() {
    let media =
        map_movie(json!({"id": 7, "title": "", "original_title": "千と千尋の神隠し"})).unwrap();
    assert_eq!(media.title, "千と千尋の神隠し");
    assert!(matches!(
        map_movie(json!({"id": 8, "title": ""})),
        Err(SourceError::Upstream(_))
    ));
}
