//! Serde mirrors of the TMDB payloads (only the fields the mapping reads).
//!
//! Unknown dates are `""`, missing images `null`, texts may be `""`: every field defaults,
//! and lists also accept `null`.

use serde::Deserialize;
use serde_json::Value;
use tastebuds_source_common::serde_util::null_as_default;

/// `GET /search/{movie|tv}`. Results stay raw so each hit keeps its own payload.
#[derive(Debug, Deserialize)]
pub(crate) struct SearchPage {
    #[serde(default, deserialize_with = "null_as_default")]
    pub results: Vec<Value>,
}

/// `GET /movie/{id}?append_to_response=credits`, or a `/search/movie` hit.
#[derive(Debug, Deserialize)]
pub(crate) struct Movie {
    pub id: u64,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub original_title: Option<String>,
    #[serde(default)]
    pub release_date: Option<String>,
    #[serde(default)]
    pub runtime: Option<i64>,
    #[serde(flatten)]
    pub common: Common,
}

/// `GET /tv/{id}?append_to_response=credits`, or a `/search/tv` hit.
#[derive(Debug, Deserialize)]
pub(crate) struct Show {
    pub id: u64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub original_name: Option<String>,
    #[serde(default)]
    pub first_air_date: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub languages: Vec<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub episode_run_time: Vec<i64>,
    #[serde(default)]
    pub last_episode_to_air: Option<Episode>,
    #[serde(default)]
    pub next_episode_to_air: Option<Episode>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub created_by: Vec<Person>,
    #[serde(flatten)]
    pub common: Common,
}

/// Fields movies and shows share.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Common {
    #[serde(default)]
    pub overview: Option<String>,
    #[serde(default)]
    pub poster_path: Option<String>,
    #[serde(default)]
    pub original_language: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    /// Details only: `{id, name}`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub genres: Vec<Genre>,
    /// Search hits only: numeric genre ids.
    #[serde(default, deserialize_with = "null_as_default")]
    pub genre_ids: Vec<u64>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub spoken_languages: Vec<SpokenLanguage>,
    #[serde(default)]
    pub credits: Option<Credits>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Genre {
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct SpokenLanguage {
    #[serde(default)]
    pub iso_639_1: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Episode {
    #[serde(default)]
    pub runtime: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Person {
    #[serde(default)]
    pub id: Option<u64>,
    pub name: String,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Credits {
    #[serde(default, deserialize_with = "null_as_default")]
    pub crew: Vec<CrewMember>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct CrewMember {
    #[serde(default)]
    pub id: Option<u64>,
    pub name: String,
    #[serde(default)]
    pub job: Option<String>,
}
