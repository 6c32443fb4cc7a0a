//! Serde mirrors of the Last.fm payloads, built for its XML-to-JSON artefacts:
//! numbers as strings or numbers ([`Num`]), one-element lists collapsed to objects and empty
//! lists sent as `""` ([`List`]), containers that may be `""` ([`Lenient`]), `#text` and
//! `@attr` keys, and `artist` as a string or an object ([`ArtistRef`]).

use serde::Deserialize;
use serde::de::IgnoredAny;

/// A number sent as a JSON number or a string (`"140000"`, `""`).
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Num {
    Int(i64),
    Float(f64),
    Text(String),
}

impl Num {
    /// The integer value; `None` for `""` or text that is not a number.
    pub(crate) fn as_i64(&self) -> Option<i64> {
        match self {
            Self::Int(n) => Some(*n),
            #[expect(
                clippy::cast_possible_truncation,
                reason = "counts and durations are whole"
            )]
            Self::Float(f) if f.is_finite() => Some(f.trunc() as i64),
            Self::Float(_) => None,
            Self::Text(s) => s.trim().parse().ok(),
        }
    }
}

/// A list that Last.fm may collapse to its single element, or send as `""` when empty.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum List<T> {
    Many(Vec<T>),
    One(T),
    Other(IgnoredAny),
}

impl<T> Default for List<T> {
    fn default() -> Self {
        Self::Many(Vec::new())
    }
}

impl<T> List<T> {
    pub(crate) fn items(&self) -> &[T] {
        match self {
            Self::Many(items) => items,
            Self::One(item) => std::slice::from_ref(item),
            Self::Other(_) => &[],
        }
    }
}

/// An object that may also arrive as `""` (`"tags": ""`) or another placeholder.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Lenient<T> {
    Value(T),
    Other(IgnoredAny),
}

impl<T> Lenient<T> {
    pub(crate) const fn get(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Other(_) => None,
        }
    }
}

/// `artist`: an object in `track.getInfo`, a plain name elsewhere.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum ArtistRef {
    Name(String),
    Object { name: String },
}

impl ArtistRef {
    pub(crate) fn name(&self) -> &str {
        match self {
            Self::Name(name) | Self::Object { name } => name,
        }
    }
}

/// `{"#text": url, "size": "small" | "medium" | "large" | "extralarge" | "mega" | ""}`.
#[derive(Debug, Deserialize)]
pub(crate) struct Image {
    #[serde(rename = "#text", default)]
    pub url: String,
    #[serde(default)]
    pub size: String,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct TagHolder {
    #[serde(default)]
    pub tag: List<Tag>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Tag {
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Wiki {
    #[serde(default)]
    pub summary: Option<String>,
}

/// The stored payload of a fetch: the `track.getInfo` body, plus the `album` object of
/// `album.getInfo` when the album could be looked up.
#[derive(Debug, Deserialize)]
pub(crate) struct TrackDocument {
    pub track: TrackInfo,
    #[serde(default)]
    pub album: Option<Lenient<AlbumInfo>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct TrackInfo {
    pub name: String,
    #[serde(default)]
    pub mbid: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// Milliseconds; `"0"` when unknown.
    #[serde(default)]
    pub duration: Option<Num>,
    #[serde(default)]
    pub listeners: Option<Num>,
    #[serde(default)]
    pub playcount: Option<Num>,
    #[serde(default)]
    pub artist: Option<ArtistRef>,
    #[serde(default)]
    pub album: Option<Lenient<TrackAlbum>>,
    #[serde(default)]
    pub toptags: Option<Lenient<TagHolder>>,
    #[serde(default)]
    pub wiki: Option<Lenient<Wiki>>,
}

/// `track.getInfo`'s `album`: note `title`, not `name`.
#[derive(Debug, Deserialize)]
pub(crate) struct TrackAlbum {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub image: List<Image>,
    #[serde(rename = "@attr", default)]
    pub attr: Option<Lenient<Position>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Position {
    #[serde(default)]
    pub position: Option<Num>,
}

/// `album.getInfo`'s `album`.
#[derive(Debug, Deserialize)]
pub(crate) struct AlbumInfo {
    #[serde(default)]
    pub image: List<Image>,
    #[serde(default)]
    pub tracks: Option<Lenient<TrackList>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct TrackList {
    #[serde(default)]
    pub track: List<AlbumTrack>,
}

/// A track of `album.getInfo`: `duration` in **seconds** (or `null`), numeric `@attr.rank`.
#[derive(Debug, Deserialize)]
pub(crate) struct AlbumTrack {
    pub name: String,
    #[serde(default)]
    pub duration: Option<Num>,
    #[serde(rename = "@attr", default)]
    pub attr: Option<Lenient<Rank>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Rank {
    #[serde(default)]
    pub rank: Option<Num>,
}

/// `track.search`.
#[derive(Debug, Deserialize)]
pub(crate) struct TrackSearch {
    pub results: SearchResults,
}

#[derive(Debug, Deserialize)]
pub(crate) struct SearchResults {
    #[serde(default)]
    pub trackmatches: Option<Lenient<TrackMatches>>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct TrackMatches {
    #[serde(default)]
    pub track: List<serde_json::Value>,
}

/// One `track.search` hit: `artist` is a plain name, `listeners` a string.
#[derive(Debug, Deserialize)]
pub(crate) struct SearchTrack {
    pub name: String,
    pub artist: ArtistRef,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub listeners: Option<Num>,
    #[serde(default)]
    pub image: List<Image>,
    #[serde(default)]
    pub mbid: Option<String>,
}

/// An error body: a top-level numeric `error`, whatever the HTTP status.
#[derive(Debug, Deserialize)]
pub(crate) struct ErrorBody {
    pub error: i64,
    #[serde(default)]
    pub message: Option<String>,
}
