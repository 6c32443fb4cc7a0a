//! Ingest identifiers for Last.fm (API.md §2.6, §6.3).
//!
//! Accepted: `Artist::Track` (Postman: `Daft Punk::Harder Better Faster Stronger`);
//! `https://www.last.fm/music/{Artist}/_/{Track}` and the album form
//! `…/music/{Artist}/{Album}/{Track}` (percent-decoded, `+` = space); otherwise a track
//! MBID (a hyphenated UUID). The stored id is the MBID when upstream has one, else
//! `Artist::Track` as Last.fm spells them, so only an MBID input is canonical.
//!
//! A named track whose `Artist::Track` is longer than the catalog's external ids
//! (`EXTERNAL_ID_MAX_CHARS`) is refused before any call: it could not be stored.

use percent_encoding::percent_decode_str;
use tastebuds_media::columns::EXTERNAL_ID_MAX_CHARS;
use tastebuds_media::{SourceError, SourceLookup};
use tastebuds_source_common::urls::{is_brand_host, is_web_url};
use url::Url;
use uuid::Uuid;

/// Separates artist and track in the `Artist::Track` form.
pub(crate) const SEPARATOR: &str = "::";

/// What a lookup asks `track.getInfo` for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TrackRef {
    /// A MusicBrainz track id, lowercase and hyphenated.
    Mbid(String),
    /// Artist and track names.
    Named { artist: String, track: String },
}

impl TrackRef {
    /// The lookup key (and, for a named track, the `Artist::Track` id).
    pub(crate) fn key(&self) -> String {
        match self {
            Self::Mbid(mbid) => mbid.clone(),
            Self::Named { artist, track } => format!("{artist}{SEPARATOR}{track}"),
        }
    }
}

/// Parses an ingest identifier.
///
/// # Errors
/// `InvalidIdentifier` for anything that is none of the forms above.
pub(crate) fn parse(input: &str) -> Result<SourceLookup, SourceError> {
    let reference = track_ref(input)?;
    let canonical_id = match &reference {
        TrackRef::Mbid(mbid) => Some(mbid.clone()),
        TrackRef::Named { .. } => None,
    };
    Ok(SourceLookup {
        key: reference.key(),
        canonical_id,
    })
}

/// Parses an identifier or a lookup key.
///
/// # Errors
/// As [`parse`].
pub(crate) fn track_ref(input: &str) -> Result<TrackRef, SourceError> {
    let input = input.trim();
    if is_web_url(input) {
        return from_url(input);
    }
    if let Some((artist, track)) = input.split_once(SEPARATOR) {
        return named(artist, track, input);
    }
    match Uuid::try_parse(input) {
        Ok(mbid) if input.len() == 36 => Ok(TrackRef::Mbid(mbid.hyphenated().to_string())),
        _ => Err(invalid(format!(
            "`{input}` is neither `Artist::Track`, a Last.fm track URL nor a track MBID"
        ))),
    }
}

fn from_url(input: &str) -> Result<TrackRef, SourceError> {
    let url = Url::parse(input).map_err(|_| invalid(format!("`{input}` is not a URL")))?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let last_fm = host == "last.fm" || host.ends_with(".last.fm") || is_brand_host(&host, "lastfm");
    if !last_fm {
        return Err(invalid(format!("`{host}` is not a Last.fm host")));
    }
    let segments: Vec<&str> = url
        .path_segments()
        .map(Iterator::collect)
        .unwrap_or_default();
    match segments.as_slice() {
        // `…/music/Artist/_/Track`, or a track under its album `…/music/Artist/Album/Track`.
        ["music", artist, _album_or_underscore, track] => {
            named(&decode(artist, input)?, &decode(track, input)?, input)
        }
        _ => Err(invalid(format!("`{input}` is not a Last.fm track URL"))),
    }
}

/// Decodes a Last.fm path segment: `+` is a space, `%2B` a plus.
fn decode(segment: &str, input: &str) -> Result<String, SourceError> {
    percent_decode_str(&segment.replace('+', " "))
        .decode_utf8()
        .map(|decoded| decoded.into_owned())
        .map_err(|_| invalid(format!("`{input}` is not valid UTF-8 once decoded")))
}

fn named(artist: &str, track: &str, input: &str) -> Result<TrackRef, SourceError> {
    let (artist, track) = (artist.trim(), track.trim());
    if artist.is_empty() || track.is_empty() {
        return Err(invalid(format!(
            "`{input}` needs both an artist and a track"
        )));
    }
    let chars = artist.chars().count() + SEPARATOR.len() + track.chars().count();
    if chars > EXTERNAL_ID_MAX_CHARS {
        return Err(invalid(format!(
            "`Artist::Track` is {chars} characters long; at most {EXTERNAL_ID_MAX_CHARS} \
             can be stored"
        )));
    }
    Ok(TrackRef::Named {
        artist: artist.to_owned(),
        track: track.to_owned(),
    })
}

fn invalid(message: String) -> SourceError {
    SourceError::InvalidIdentifier(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named_ref(artist: &str, track: &str) -> TrackRef {
        TrackRef::Named {
            artist: artist.to_owned(),
            track: track.to_owned(),
        }
    }

    #[test]
    fn artist_track_pairs_are_not_canonical() {
        let lookup = parse("Daft Punk::Harder Better Faster Stronger").unwrap();
        assert_eq!(lookup.key, "Daft Punk::Harder Better Faster Stronger");
        assert_eq!(lookup.canonical_id, None);
        assert_eq!(
            track_ref(" 森山直太朗 :: さくら (独唱) ").unwrap(),
            named_ref("森山直太朗", "さくら (独唱)")
        );
    }

    #[test]
    fn track_urls_are_percent_decoded_with_plus_as_space() {
        assert_eq!(
            track_ref("https://www.last.fm/music/Yann+Tiersen/_/Comptine+d%27un+autre+%C3%A9t%C3%A9,+l%27apr%C3%A8s-midi").unwrap(),
            named_ref("Yann Tiersen", "Comptine d'un autre été, l'après-midi")
        );
        assert_eq!(
            track_ref("https://www.last.fm/music/%E6%A3%AE%E5%B1%B1%E7%9B%B4%E5%A4%AA%E6%9C%97/_/%E3%81%95%E3%81%8F%E3%82%89+(%E7%8B%AC%E5%94%B1)").unwrap(),
            named_ref("森山直太朗", "さくら (独唱)")
        );
        assert_eq!(
            track_ref("https://www.last.fm/music/Yann+Tiersen/Le+Fabuleux+Destin+d%27Am%C3%A9lie+Poulain/La+noy%C3%A9e").unwrap(),
            named_ref("Yann Tiersen", "La noyée"),
            "album track URL"
        );
        assert_eq!(
            track_ref("https://www.last.fm/music/AC%2FDC/_/T.N.T.%2B").unwrap(),
            named_ref("AC/DC", "T.N.T.+")
        );
    }

    #[test]
    fn last_fm_country_domains_are_accepted() {
        for host in [
            "www.last.fm",
            "last.fm",
            "cn.last.fm",
            "www.lastfm.de",
            "www.lastfm.com.br",
        ] {
            assert_eq!(
                track_ref(&format!(
                    "https://{host}/music/Yann+Tiersen/_/La+noy%C3%A9e"
                ))
                .unwrap(),
                named_ref("Yann Tiersen", "La noyée"),
                "{host}"
            );
        }
    }

    #[test]
    fn mbids_are_canonical_and_normalised() {
        let lookup = parse("7B1D2E3F-4A5B-4C6D-9E8F-0A1B2C3D4E5F").unwrap();
        assert_eq!(lookup.key, "7b1d2e3f-4a5b-4c6d-9e8f-0a1b2c3d4e5f");
        assert_eq!(
            lookup.canonical_id.as_deref(),
            Some("7b1d2e3f-4a5b-4c6d-9e8f-0a1b2c3d4e5f")
        );
    }

    #[test]
    fn a_named_track_must_fit_the_stored_id() {
        let artist = "森".repeat(100);
        let fits = "さ".repeat(EXTERNAL_ID_MAX_CHARS - 100 - SEPARATOR.len());
        assert!(parse(&format!("{artist}::{fits}")).is_ok());

        let error = parse(&format!("{artist}::{fits}さ")).unwrap_err();
        assert!(
            matches!(error, SourceError::InvalidIdentifier(ref message) if message.contains("256 characters")),
            "{error:?}"
        );
        let long_url = format!(
            "https://www.last.fm/music/{}/_/{}",
            "A".repeat(200),
            "B".repeat(100)
        );
        assert!(matches!(
            parse(&long_url),
            Err(SourceError::InvalidIdentifier(_))
        ));
    }

    #[test]
    fn other_inputs_are_invalid() {
        for input in [
            "",
            "Harder Better Faster Stronger",
            "::Track",
            "Artist::",
            "7b1d2e3f4a5b4c6d9e8f0a1b2c3d4e5f",
            "{7b1d2e3f-4a5b-4c6d-9e8f-0a1b2c3d4e5f}",
            "https://www.last.fm/music/Yann+Tiersen",
            "https://www.last.fm/music/Yann+Tiersen/Le+Fabuleux+Destin",
            "https://open.spotify.com/track/abc",
            "https://lastfm.evil.com/music/Yann+Tiersen/_/La+noy%C3%A9e",
            "https://www.last.fm.evil.net/music/Yann+Tiersen/_/La+noy%C3%A9e",
            "https://www.last.fm/user/someone/library/music/x/_/y",
        ] {
            assert!(
                matches!(parse(input), Err(SourceError::InvalidIdentifier(_))),
                "{input:?} should be invalid"
            );
        }
    }
}
