//! IGDB game → [`ExternalMedia`] (pure).
//!
//! | Upstream | Catalog |
//! |---|---|
//! | `id` | `external_id` (the number as a string) |
//! | `name` | `title` (required) |
//! | `summary`, else `storyline` | `description` |
//! | `first_release_date` (Unix seconds) | `release_date` (UTC date) |
//! | `cover.image_id` → `https://images.igdb.com/igdb/image/upload/t_cover_big/{image_id}.jpg`, else `cover.url` made https with `t_thumb` → `t_cover_big` | `cover_image_url` |
//! | `url`, else `https://www.igdb.com/games/{slug}` | `canonical_url` and `source_url` (API.md §6.18 allows the page URL; it lets search deduplicate games by URL) |
//! | `genres[].name`, `platforms[].name` | `metadata.genres`, `metadata.platforms`; `game.genres`, `game.platforms` |
//! | `involved_companies[developer].company.name` | `game.developers` |
//! | `involved_companies[publisher].company.name` | `game.publishers` (a self-publisher is in both; a studio with neither flag in none) |

use serde::Deserialize;
use serde_json::{Value, json};
use tastebuds_media::{
    ExternalMedia, GameDetail, MediaDetails, MediaType, SourceError, SourceName,
};
use tastebuds_source_common::date::date_from_unix_seconds;
use tastebuds_source_common::text::{non_empty_list, non_empty_opt};
use tastebuds_source_common::urls::https_url;

use crate::dto::{Cover, Expanded, Game, InvolvedCompany, Named};

/// Maps one element of a `POST /games` answer.
///
/// # Errors
/// `Upstream` when the element is not a game or has no name.
pub fn map_game(raw: Value) -> Result<ExternalMedia, SourceError> {
    let game = Game::deserialize(&raw).map_err(|err| {
        SourceError::Upstream(anyhow::anyhow!("unexpected IGDB game shape: {err}"))
    })?;
    let title = non_empty_opt(game.name.as_deref()).ok_or_else(|| {
        SourceError::Upstream(anyhow::anyhow!("IGDB game {} has no name", game.id))
    })?;
    let genres = names(&game.genres);
    let platforms = names(&game.platforms);
    let page = non_empty_opt(game.url.as_deref()).or_else(|| {
        non_empty_opt(game.slug.as_deref()).map(|slug| format!("https://www.igdb.com/games/{slug}"))
    });
    Ok(ExternalMedia {
        source: SourceName::Igdb,
        external_id: game.id.to_string(),
        media_type: MediaType::Game,
        title,
        description: non_empty_opt(game.summary.as_deref())
            .or_else(|| non_empty_opt(game.storyline.as_deref())),
        release_date: game.first_release_date.and_then(date_from_unix_seconds),
        cover_image_url: game
            .cover
            .as_ref()
            .and_then(Expanded::object)
            .and_then(cover),
        canonical_url: page.clone(),
        source_url: page,
        metadata: json!({"genres": genres, "platforms": platforms}),
        details: MediaDetails::Game(GameDetail {
            platforms,
            developers: companies(&game.involved_companies, |c| c.developer),
            publishers: companies(&game.involved_companies, |c| c.publisher),
            genres,
        }),
        raw_payload: raw,
        availability: None,
    })
}

fn names(list: &[Expanded<Named>]) -> Option<Vec<String>> {
    non_empty_list(
        list.iter()
            .filter_map(Expanded::object)
            .map(|named| named.name.as_str()),
    )
}

fn companies(
    involved: &[Expanded<InvolvedCompany>],
    role: fn(&InvolvedCompany) -> bool,
) -> Option<Vec<String>> {
    let names = involved
        .iter()
        .filter_map(Expanded::object)
        .filter(|company| role(company))
        .filter_map(|company| company.company.as_ref().and_then(Expanded::object))
        .map(|named| named.name.as_str());
    non_empty_list(names)
}

/// The 264×374 cover: built from `image_id`, else the thumbnail URL resized.
fn cover(cover: &Cover) -> Option<String> {
    if let Some(image_id) = non_empty_opt(cover.image_id.as_deref()) {
        return Some(format!(
            "https://images.igdb.com/igdb/image/upload/t_cover_big/{image_id}.jpg"
        ));
    }
    let url = https_url(cover.url.as_deref()?)?;
    Some(url.replace("/t_thumb/", "/t_cover_big/"))
}

#[cfg(test)]
mod tests;
