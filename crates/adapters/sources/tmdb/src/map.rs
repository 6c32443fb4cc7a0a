//! TMDB movie / TV payloads → [`ExternalMedia`] (pure).
//!
//! | Upstream (movie / TV) | Catalog |
//! |---|---|
//! | `id` | `external_id` = `movie:{id}` / `tv:{id}` (API.md §6.2) |
//! | `title` / `name`, else `original_title` / `original_name` | `title` |
//! | `overview` (`""` = none) | `description` |
//! | `release_date` / `first_air_date` (`""` = unknown) | `release_date` |
//! | `poster_path` | `cover_image_url` = `https://image.tmdb.org/t/p/original{poster_path}` |
//! | — | `canonical_url` = `source_url` = `https://www.themoviedb.org/{movie\|tv}/{id}` |
//! | `genres[].name` (search: `genre_ids` through the fixed genre table) | `metadata.genres` |
//! | movie `spoken_languages[].iso_639_1`, TV `languages` (search: `[original_language]`) | `metadata.languages` |
//! | `status` (search: absent) | `metadata.status` |
//! | movie `runtime`; TV `last_episode_to_air.runtime`, else `episode_run_time.first()`, else `next_episode_to_air.runtime` (0 = unknown) | `movie.runtime_minutes` |
//! | movie `credits.crew[job=Director]`; TV `created_by` | `movie.directors` (once per person) |
//! | `credits.crew[job=Producer]` | `movie.producers` (once per person) |
//! | — | `movie.tmdb_type` = `movie` / `tv`; `media_type` = `movie` / `tv` |
//! | `watch/providers` (details only) | `availability` (see [`crate::watch`]) |

use serde::Deserialize;
use serde_json::{Value, json};
use tastebuds_media::{
    ExternalMedia, MediaDetails, MediaType, MovieDetail, SourceError, SourceName,
};
use tastebuds_source_common::date::parse_partial_date;
use tastebuds_source_common::text::{non_empty, non_empty_list, non_empty_opt};

use crate::dto::{Common, CrewMember, Movie, Show};
use crate::genres;
use crate::identifier::{Kind, TmdbId};
use crate::watch;

const IMAGE_BASE: &str = "https://image.tmdb.org/t/p/original";
const SITE: &str = "https://www.themoviedb.org";

/// Maps a movie: a details payload (with `credits`) or a `/search/movie` hit.
///
/// # Errors
/// `Upstream` when the payload is not a movie or has no title.
pub fn map_movie(raw: Value) -> Result<ExternalMedia, SourceError> {
    let movie = Movie::deserialize(&raw).map_err(shape("movie"))?;
    let title = non_empty_opt(movie.title.as_deref())
        .or_else(|| non_empty_opt(movie.original_title.as_deref()))
        .ok_or_else(|| untitled(Kind::Movie, movie.id))?;
    let details = MovieDetail {
        runtime_minutes: minutes(movie.runtime),
        directors: crew(&movie.common, "Director"),
        producers: crew(&movie.common, "Producer"),
        tmdb_type: Some(Kind::Movie.as_str().to_owned()),
    };
    let languages = movie
        .common
        .spoken_languages
        .iter()
        .filter_map(|l| l.iso_639_1.as_deref());
    let languages = non_empty_list(languages);
    let record = Record {
        kind: Kind::Movie,
        id: movie.id,
        title,
        date: movie.release_date.as_deref(),
        languages,
        details,
    };
    Ok(build(record, &movie.common, raw))
}

/// Maps a TV show: a details payload (with `credits`) or a `/search/tv` hit.
///
/// # Errors
/// `Upstream` when the payload is not a show or has no name.
pub fn map_show(raw: Value) -> Result<ExternalMedia, SourceError> {
    let show = Show::deserialize(&raw).map_err(shape("TV show"))?;
    let title = non_empty_opt(show.name.as_deref())
        .or_else(|| non_empty_opt(show.original_name.as_deref()))
        .ok_or_else(|| untitled(Kind::Tv, show.id))?;
    // `episode_run_time` is usually `[]` now: never index it.
    let runtime = minutes(show.last_episode_to_air.as_ref().and_then(|e| e.runtime))
        .or_else(|| minutes(show.episode_run_time.first().copied()))
        .or_else(|| minutes(show.next_episode_to_air.as_ref().and_then(|e| e.runtime)));
    let creators = unique_people(show.created_by.iter().map(|p| (p.id, p.name.as_str())));
    let details = MovieDetail {
        runtime_minutes: runtime,
        directors: creators,
        producers: crew(&show.common, "Producer"),
        tmdb_type: Some(Kind::Tv.as_str().to_owned()),
    };
    let languages = non_empty_list(&show.languages).or_else(|| {
        non_empty_list(
            show.common
                .spoken_languages
                .iter()
                .filter_map(|l| l.iso_639_1.as_deref()),
        )
    });
    let record = Record {
        kind: Kind::Tv,
        id: show.id,
        title,
        date: show.first_air_date.as_deref(),
        languages,
        details,
    };
    Ok(build(record, &show.common, raw))
}

/// What differs between a movie and a show once their payloads are read.
struct Record<'a> {
    kind: Kind,
    id: u64,
    title: String,
    date: Option<&'a str>,
    languages: Option<Vec<String>>,
    details: MovieDetail,
}

fn build(record: Record<'_>, common: &Common, raw: Value) -> ExternalMedia {
    let Record {
        kind,
        id,
        title,
        date,
        languages,
        details,
    } = record;
    let page = format!("{SITE}/{}/{id}", kind.as_str());
    // Search hits carry only `genre_ids` and `original_language`.
    let genres = non_empty_list(common.genres.iter().map(|g| g.name.as_str()))
        .or_else(|| non_empty_list(common.genre_ids.iter().filter_map(|id| genres::name(*id))));
    let languages =
        languages.or_else(|| non_empty_opt(common.original_language.as_deref()).map(|l| vec![l]));
    ExternalMedia {
        source: SourceName::Tmdb,
        external_id: TmdbId::stored(kind, id),
        media_type: match kind {
            Kind::Movie => MediaType::Movie,
            Kind::Tv => MediaType::Tv,
        },
        title,
        description: non_empty_opt(common.overview.as_deref()),
        release_date: date.and_then(parse_partial_date),
        cover_image_url: non_empty_opt(common.poster_path.as_deref())
            .map(|path| format!("{IMAGE_BASE}{path}")),
        canonical_url: Some(page.clone()),
        source_url: Some(page),
        metadata: json!({
            "genres": genres,
            "languages": languages,
            "status": non_empty_opt(common.status.as_deref()),
        }),
        details: MediaDetails::Movie(details),
        availability: watch::availability(&raw),
        raw_payload: raw,
    }
}

/// Names of the crew with this job, once per person (one person appears once per job).
fn crew(common: &Common, job: &str) -> Option<Vec<String>> {
    let credits = common.credits.as_ref()?;
    let people = credits
        .crew
        .iter()
        .filter(|member: &&CrewMember| member.job.as_deref() == Some(job));
    unique_people(people.map(|member| (member.id, member.name.as_str())))
}

fn unique_people<'a>(people: impl Iterator<Item = (Option<u64>, &'a str)>) -> Option<Vec<String>> {
    let mut seen_ids = Vec::new();
    let names = people.filter(|(id, _)| match id {
        Some(id) if seen_ids.contains(id) => false,
        Some(id) => {
            seen_ids.push(*id);
            true
        }
        None => true,
    });
    non_empty_list(names.filter_map(|(_, name)| non_empty(name)))
}

fn minutes(runtime: Option<i64>) -> Option<i32> {
    runtime
        .filter(|m| *m > 0)
        .and_then(|m| i32::try_from(m).ok())
}

fn shape(what: &'static str) -> impl Fn(serde_json::Error) -> SourceError {
    move |err| SourceError::Upstream(anyhow::anyhow!("unexpected TMDB {what} shape: {err}"))
}

fn untitled(kind: Kind, id: u64) -> SourceError {
    SourceError::Upstream(anyhow::anyhow!("TMDB {} {id} has no title", kind.as_str()))
}

#[cfg(test)]
mod tests;
