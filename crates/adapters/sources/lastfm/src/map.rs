//! Last.fm track payloads → [`ExternalMedia`] (pure).
//!
//! | Upstream (`track.getInfo`, + `album.getInfo`) | Catalog |
//! |---|---|
//! | `track.mbid` if not `""`, else `{artist.name}::{track.name}` | `external_id` (API.md §6.3) |
//! | `track.name` | `title` |
//! | `track.wiki.summary` without the "Read more on Last.fm" link, as plain text | `description` |
//! | — (Last.fm has no release date; `wiki.published` is an edit date) | `release_date` = `null` |
//! | `album.getInfo` `album.image`, else `track.album.image`: the largest by size name (`mega` > `extralarge` > `large` > `medium` > `small`), skipping `""` and the placeholder star | `cover_image_url` |
//! | `track.url` | `canonical_url` and `source_url` |
//! | `track.listeners`, `track.playcount` (strings → numbers), `track.toptags.tag[].name` | `metadata` `{listeners, playcount, tags}` |
//! | `track.artist.name` | `music.artist_name` |
//! | `track.album.title` | `music.album_name` |
//! | `track.album.@attr.position`, else the `@attr.rank` of the same-named `album.getInfo` track | `music.track_number` |
//! | `track.duration` (ms, `"0"` = unknown), else the album track's `duration` (seconds) × 1000 | `music.duration_ms` |
//!
//! Search hits (`track.search`) carry only name, artist, url, listeners, mbid and the
//! placeholder image: the rest is `null`.

use serde::Deserialize;
use serde_json::{Value, json};
use tastebuds_media::{
    ExternalMedia, MediaDetails, MediaType, MusicDetail, SourceError, SourceName,
};
use tastebuds_source_common::text::{html_to_text, non_empty, non_empty_list, non_empty_opt};
use tastebuds_source_common::urls::https_url;

use crate::dto::{
    AlbumInfo, AlbumTrack, Image, Lenient, Num, SearchTrack, TrackDocument, TrackInfo, TrackSearch,
};
use crate::identifier::SEPARATOR;

/// Hash of Last.fm's generic star image, sent in place of missing art.
const PLACEHOLDER_IMAGE: &str = "2a96cbd8b46e442fc41c2b86b821562f";

/// Image sizes, smallest first.
const SIZES: [&str; 5] = ["small", "medium", "large", "extralarge", "mega"];

/// Maps a fetched track: the `track.getInfo` body, optionally with `album.getInfo`'s `album`.
///
/// # Errors
/// `Upstream` when the body is not a track, or has neither an MBID nor an artist.
pub fn map_track(raw: Value) -> Result<ExternalMedia, SourceError> {
    let document = TrackDocument::deserialize(&raw).map_err(|err| {
        SourceError::Upstream(anyhow::anyhow!("unexpected Last.fm track shape: {err}"))
    })?;
    let track = &document.track;
    let album_info = document.album.as_ref().and_then(Lenient::get);
    let track_album = track.album.as_ref().and_then(Lenient::get);
    let title = required_title(&track.name)?;
    let artist = track.artist.as_ref().and_then(|a| non_empty(a.name()));
    let album_track = album_info.and_then(|album| same_track(album, &title));
    let cover = album_info
        .and_then(|album| largest_image(album.image.items()))
        .or_else(|| track_album.and_then(|album| largest_image(album.image.items())));
    let track_number = track_album
        .and_then(|album| {
            album
                .attr
                .as_ref()?
                .get()?
                .position
                .as_ref()
                .and_then(Num::as_i64)
        })
        .or_else(|| album_track.and_then(|t| t.attr.as_ref()?.get()?.rank.as_ref()?.as_i64()));
    let duration_ms = positive(track.duration.as_ref()).or_else(|| {
        album_track
            .and_then(|t| positive(t.duration.as_ref()))
            .and_then(|seconds| seconds.checked_mul(1_000))
    });
    Ok(ExternalMedia {
        source: SourceName::Lastfm,
        external_id: stored_id(track.mbid.as_deref(), artist.as_deref(), &title)?,
        media_type: MediaType::Music,
        description: track
            .wiki
            .as_ref()
            .and_then(Lenient::get)
            .and_then(|w| w.summary.as_deref())
            .and_then(summary_text),
        release_date: None,
        cover_image_url: cover,
        canonical_url: non_empty_opt(track.url.as_deref()),
        source_url: non_empty_opt(track.url.as_deref()),
        metadata: json!({
            "listeners": count(track.listeners.as_ref()),
            "playcount": count(track.playcount.as_ref()),
            "tags": tags(track),
        }),
        details: MediaDetails::Music(MusicDetail {
            artist_name: artist,
            album_name: track_album.and_then(|album| non_empty_opt(album.title.as_deref())),
            track_number: track_number
                .filter(|n| *n > 0)
                .and_then(|n| i32::try_from(n).ok()),
            duration_ms: duration_ms.and_then(|ms| i32::try_from(ms).ok()),
        }),
        title,
        raw_payload: raw,
        availability: None,
    })
}

/// Maps one `track.search` hit.
///
/// # Errors
/// `Upstream` when the hit is not a track.
fn map_search_hit(raw: Value) -> Result<ExternalMedia, SourceError> {
    let hit = SearchTrack::deserialize(&raw).map_err(|err| {
        SourceError::Upstream(anyhow::anyhow!(
            "unexpected Last.fm search hit shape: {err}"
        ))
    })?;
    let title = required_title(&hit.name)?;
    let artist = non_empty(hit.artist.name());
    Ok(ExternalMedia {
        source: SourceName::Lastfm,
        external_id: stored_id(hit.mbid.as_deref(), artist.as_deref(), &title)?,
        media_type: MediaType::Music,
        description: None,
        release_date: None,
        cover_image_url: largest_image(hit.image.items()),
        canonical_url: non_empty_opt(hit.url.as_deref()),
        source_url: non_empty_opt(hit.url.as_deref()),
        metadata: json!({"listeners": count(hit.listeners.as_ref()), "playcount": null, "tags": null}),
        details: MediaDetails::Music(MusicDetail {
            artist_name: artist,
            ..MusicDetail::default()
        }),
        title,
        raw_payload: raw,
        availability: None,
    })
}

/// Maps a `track.search` answer: non-track entries are skipped (and logged), repeated ids
/// kept once.
pub(crate) fn map_search(answer: TrackSearch) -> Vec<ExternalMedia> {
    let Some(matches) = answer.results.trackmatches.as_ref().and_then(Lenient::get) else {
        return Vec::new();
    };
    let mut hits: Vec<ExternalMedia> = Vec::new();
    for raw in matches.track.items().iter().filter(|raw| raw.is_object()) {
        match map_search_hit(raw.clone()) {
            Ok(hit) if hits.iter().any(|seen| seen.external_id == hit.external_id) => {}
            Ok(hit) => hits.push(hit),
            Err(err) => tracing::warn!(source = "lastfm", error = %err, "search hit skipped"),
        }
    }
    hits
}

fn required_title(name: &str) -> Result<String, SourceError> {
    non_empty(name)
        .ok_or_else(|| SourceError::Upstream(anyhow::anyhow!("Last.fm track without a name")))
}

/// The MBID (lowercased) when Last.fm has one, else `Artist::Track` as Last.fm spells them.
fn stored_id(mbid: Option<&str>, artist: Option<&str>, title: &str) -> Result<String, SourceError> {
    if let Some(mbid) = non_empty_opt(mbid) {
        return Ok(mbid.to_ascii_lowercase());
    }
    artist
        .map(|artist| format!("{artist}{SEPARATOR}{title}"))
        .ok_or_else(|| {
            SourceError::Upstream(anyhow::anyhow!(
                "Last.fm track `{title}` has neither an MBID nor an artist"
            ))
        })
}

/// The largest real image, chosen by size name, never by position.
pub(crate) fn largest_image(images: &[Image]) -> Option<String> {
    images
        .iter()
        .filter(|image| !image.url.trim().is_empty() && !image.url.contains(PLACEHOLDER_IMAGE))
        .filter_map(|image| Some((SIZES.iter().position(|size| *size == image.size)?, image)))
        .max_by_key(|(rank, _)| *rank)
        .and_then(|(_, image)| https_url(&image.url))
}

/// The album's entry for the track, matched by name (case-insensitively).
fn same_track<'a>(album: &'a AlbumInfo, title: &str) -> Option<&'a AlbumTrack> {
    let tracks = album.tracks.as_ref()?.get()?;
    tracks
        .track
        .items()
        .iter()
        .find(|t| t.name.trim().eq_ignore_ascii_case(title))
}

/// The wiki summary as plain text, without Last.fm's trailing "Read more" link.
fn summary_text(html: &str) -> Option<String> {
    let cut = html
        .rfind("<a href=")
        .filter(|at| html[*at..].contains("Read more on Last.fm"))
        .map_or(html, |at| &html[..at]);
    html_to_text(cut)
}

fn tags(track: &TrackInfo) -> Option<Vec<String>> {
    let holder = track.toptags.as_ref()?.get()?;
    non_empty_list(holder.tag.items().iter().map(|tag| tag.name.as_str()))
}

fn count(value: Option<&Num>) -> Option<u64> {
    value
        .and_then(Num::as_i64)
        .and_then(|n| u64::try_from(n).ok())
}

fn positive(value: Option<&Num>) -> Option<i64> {
    value.and_then(Num::as_i64).filter(|n| *n > 0)
}

#[cfg(test)]
mod tests;
