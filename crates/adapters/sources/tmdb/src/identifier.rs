//! Ingest identifiers for TMDB (API.md §2.6, §6.2).
//!
//! Movie and TV ids are separate namespaces, so the stored id carries the kind:
//! `movie:{id}` / `tv:{id}`. Accepted inputs: `movie:{id}`, `tv:{id}` (canonical), a bare
//! `{id}` (not canonical: tried as a movie, then as TV), and
//! `https://www.themoviedb.org/{movie|tv}/{id}[-slug][/…]` (numeric part only, canonical).

use std::fmt;

use tastebuds_media::{SourceError, SourceLookup};
use tastebuds_source_common::urls::is_web_url;
use url::Url;

/// Which TMDB namespace an id lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Movie,
    Tv,
}

impl Kind {
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Self::Movie => "movie",
            Self::Tv => "tv",
        }
    }

    fn parse(value: &str) -> Option<Self> {
        if value.eq_ignore_ascii_case("movie") {
            Some(Self::Movie)
        } else if value.eq_ignore_ascii_case("tv") {
            Some(Self::Tv)
        } else {
            None
        }
    }
}

/// A parsed TMDB id; `kind` is `None` for a bare number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TmdbId {
    pub kind: Option<Kind>,
    pub id: u64,
}

impl TmdbId {
    /// The stored id of a record of this kind.
    pub(crate) fn stored(kind: Kind, id: u64) -> String {
        format!("{}:{id}", kind.as_str())
    }
}

impl fmt::Display for TmdbId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Some(kind) => write!(f, "{}:{}", kind.as_str(), self.id),
            None => write!(f, "{}", self.id),
        }
    }
}

/// Parses an ingest identifier.
///
/// # Errors
/// `InvalidIdentifier` for anything that is not one of the forms above.
pub(crate) fn parse(input: &str) -> Result<SourceLookup, SourceError> {
    let id = parse_id(input)?;
    Ok(SourceLookup {
        key: id.to_string(),
        canonical_id: id.kind.is_some().then(|| id.to_string()),
    })
}

/// Parses an identifier (or a lookup key, which uses the same forms).
///
/// # Errors
/// As [`parse`].
pub(crate) fn parse_id(input: &str) -> Result<TmdbId, SourceError> {
    let input = input.trim();
    if is_web_url(input) {
        return from_url(input);
    }
    if let Some((kind, id)) = input.split_once(':') {
        let kind = Kind::parse(kind.trim())
            .ok_or_else(|| invalid(format!("`{input}`: the kind must be `movie` or `tv`")))?;
        return Ok(TmdbId {
            kind: Some(kind),
            id: number(id.trim(), input)?,
        });
    }
    Ok(TmdbId {
        kind: None,
        id: number(input, input)?,
    })
}

fn from_url(input: &str) -> Result<TmdbId, SourceError> {
    let url = Url::parse(input).map_err(|_| invalid(format!("`{input}` is not a URL")))?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    if host != "themoviedb.org" && !host.ends_with(".themoviedb.org") {
        return Err(invalid(format!("`{host}` is not a TMDB host")));
    }
    let mut segments = url.path_segments().into_iter().flatten();
    let (Some(kind), Some(slug)) = (segments.next(), segments.next()) else {
        return Err(invalid(format!("no movie or TV id in `{input}`")));
    };
    let kind =
        Kind::parse(kind).ok_or_else(|| invalid(format!("no movie or TV id in `{input}`")))?;
    // `603-the-matrix` → `603`: only the leading digits are the id.
    let digits = slug.split('-').next().unwrap_or_default();
    Ok(TmdbId {
        kind: Some(kind),
        id: number(digits, input)?,
    })
}

fn number(digits: &str, input: &str) -> Result<u64, SourceError> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(format!("`{input}` is not a TMDB id")));
    }
    digits
        .parse()
        .map_err(|_| invalid(format!("`{input}` is out of range")))
}

fn invalid(message: String) -> SourceError {
    SourceError::InvalidIdentifier(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(input: &str) -> SourceLookup {
        parse(input).unwrap()
    }

    #[test]
    fn kinded_ids_and_urls_are_canonical() {
        for (input, stored) in [
            ("movie:603", "movie:603"),
            ("tv:126308", "tv:126308"),
            (" Movie: 0603 ", "movie:603"),
            ("https://www.themoviedb.org/movie/603", "movie:603"),
            (
                "https://www.themoviedb.org/movie/603-the-matrix",
                "movie:603",
            ),
            (
                "https://www.themoviedb.org/tv/126308-shogun/season/1?language=fr",
                "tv:126308",
            ),
            ("http://themoviedb.org/tv/2180", "tv:2180"),
        ] {
            let lookup = lookup(input);
            assert_eq!(lookup.key, stored, "{input}");
            assert_eq!(lookup.canonical_id.as_deref(), Some(stored), "{input}");
        }
    }

    #[test]
    fn a_bare_number_is_not_canonical() {
        assert_eq!(
            lookup("129"),
            SourceLookup {
                key: "129".to_owned(),
                canonical_id: None
            }
        );
    }

    #[test]
    fn other_inputs_are_invalid() {
        for input in [
            "",
            "abc",
            "603-the-matrix",
            "person:31",
            "movie:",
            "movie:abc",
            "-5",
            "99999999999999999999999",
            "https://www.imdb.com/title/tt0133093/",
            "https://www.themoviedb.org/person/31-tom-hanks",
            "https://www.themoviedb.org/movie/the-matrix",
            "https://www.themoviedb.org/",
        ] {
            assert!(
                matches!(parse(input), Err(SourceError::InvalidIdentifier(_))),
                "{input:?} should be invalid"
            );
        }
    }
}
