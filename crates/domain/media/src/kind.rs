//! The closed vocabularies of the catalog: media types and upstream source names.

use std::fmt;
use std::str::FromStr;

/// The kind of a media item (`media_type` in the database and the API).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MediaType {
    /// A book.
    Book,
    /// A film.
    Movie,
    /// A TV show.
    Tv,
    /// A video game.
    Game,
    /// A music track or album.
    Music,
}

impl MediaType {
    /// Every media type, in API order.
    pub const ALL: [MediaType; 5] = [Self::Book, Self::Movie, Self::Tv, Self::Game, Self::Music];

    /// The lowercase wire name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Book => "book",
            Self::Movie => "movie",
            Self::Tv => "tv",
            Self::Game => "game",
            Self::Music => "music",
        }
    }
}

impl fmt::Display for MediaType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The input was not one of the known values.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown value `{0}`")]
pub struct UnknownValue(pub String);

impl FromStr for MediaType {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == s)
            .ok_or_else(|| UnknownValue(s.to_owned()))
    }
}

/// An upstream metadata source (`source_name` in the database and the API).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceName {
    /// Google Books (books).
    GoogleBooks,
    /// The Movie Database (films and TV).
    Tmdb,
    /// IGDB (video games).
    Igdb,
    /// Last.fm (music).
    Lastfm,
}

impl SourceName {
    /// Every source, in connector order (API.md §2.5).
    pub const ALL: [SourceName; 4] = [Self::GoogleBooks, Self::Tmdb, Self::Igdb, Self::Lastfm];

    /// The lowercase wire name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::GoogleBooks => "google_books",
            Self::Tmdb => "tmdb",
            Self::Igdb => "igdb",
            Self::Lastfm => "lastfm",
        }
    }

    /// The media types this source can yield.
    #[must_use]
    pub const fn media_types(self) -> &'static [MediaType] {
        match self {
            Self::GoogleBooks => &[MediaType::Book],
            Self::Tmdb => &[MediaType::Movie, MediaType::Tv],
            Self::Igdb => &[MediaType::Game],
            Self::Lastfm => &[MediaType::Music],
        }
    }
}

impl fmt::Display for SourceName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SourceName {
    type Err = UnknownValue;

    /// Case-insensitive, as the ingest route requires (API.md §2.6).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|source| source.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownValue(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_sources_parse_case_insensitively() {
        for kind in MediaType::ALL {
            assert_eq!(kind.as_str().parse::<MediaType>().unwrap(), kind);
        }
        assert_eq!("TMDB".parse::<SourceName>().unwrap(), SourceName::Tmdb);
        assert_eq!(
            "Google_Books".parse::<SourceName>().unwrap(),
            SourceName::GoogleBooks
        );
        assert!("spotify".parse::<SourceName>().is_err());
        assert!("Book".parse::<MediaType>().is_err());
    }
}
