//! The `MetadataSource` port: what the catalog needs from an upstream (Google Books, TMDB,
//! IGDB, Last.fm), and the normalized record every connector produces.
//!
//! Design rules:
//! - Connectors are pure translators plus transport: they parse identifiers, call the
//!   upstream and map its payload into [`ExternalMedia`] without touching storage.
//! - [`ExternalMedia::external_id`] is the *stored* id, the one the catalog keys on
//!   together with the source name (`movie:603`, an MBID or `Artist::Track`, …).
//! - Every error is a [`SourceError`]; nothing upstream-specific leaks out.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use crate::availability::UpstreamAvailability;
use crate::kind::{MediaType, SourceName};

/// Book extension (`book_items`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BookDetail {
    /// Author names, in upstream order.
    pub authors: Option<Vec<String>>,
    /// Page count; `None` when unknown or zero.
    pub page_count: Option<i32>,
    /// Publisher name.
    pub publisher: Option<String>,
    /// Language code (e.g. `en`).
    pub language: Option<String>,
    /// ISBN-10.
    pub isbn_10: Option<String>,
    /// ISBN-13.
    pub isbn_13: Option<String>,
}

/// Film / TV extension (`movie_items`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MovieDetail {
    /// Runtime in minutes (TV: first episode runtime).
    pub runtime_minutes: Option<i32>,
    /// Directors (TV: the show's creators).
    pub directors: Option<Vec<String>>,
    /// Producers.
    pub producers: Option<Vec<String>>,
    /// `movie` or `tv`.
    pub tmdb_type: Option<String>,
}

/// Video game extension (`game_items`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct GameDetail {
    /// Platform names.
    pub platforms: Option<Vec<String>>,
    /// Developer company names.
    pub developers: Option<Vec<String>>,
    /// Publisher company names.
    pub publishers: Option<Vec<String>>,
    /// Genre names.
    pub genres: Option<Vec<String>>,
}

/// Music extension (`music_items`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MusicDetail {
    /// Artist name.
    pub artist_name: Option<String>,
    /// Album name.
    pub album_name: Option<String>,
    /// Position on the album.
    pub track_number: Option<i32>,
    /// Duration in milliseconds.
    pub duration_ms: Option<i32>,
}

/// The per-kind extension of a media item.
#[derive(Clone, Debug, PartialEq)]
pub enum MediaDetails {
    /// A book's details.
    Book(BookDetail),
    /// A film's or show's details.
    Movie(MovieDetail),
    /// A game's details.
    Game(GameDetail),
    /// A music item's details.
    Music(MusicDetail),
}

/// One upstream record, normalized for the catalog.
#[derive(Clone, Debug, PartialEq)]
pub struct ExternalMedia {
    /// The source it came from.
    pub source: SourceName,
    /// The stored external id (unique per source).
    pub external_id: String,
    /// The item's kind.
    pub media_type: MediaType,
    /// Title, trimmed and non-empty.
    pub title: String,
    /// Plain-text description (HTML stripped).
    pub description: Option<String>,
    /// Release date; partial upstream dates become the first day of the year or month.
    pub release_date: Option<NaiveDate>,
    /// Cover image URL (https).
    pub cover_image_url: Option<String>,
    /// The item's canonical URL (API.md §2.4 per source).
    pub canonical_url: Option<String>,
    /// URL of the upstream record (`media_sources.canonical_url`).
    pub source_url: Option<String>,
    /// Source-specific metadata object (API.md §2.4).
    pub metadata: Value,
    /// The per-kind extension.
    pub details: MediaDetails,
    /// The upstream payload as received, kept for re-mapping and audits.
    pub raw_payload: Value,
    /// Where the item can be had, when the upstream reports it (TMDB's watch providers
    /// on a fetch); `None` leaves the item's stored availability alone.
    pub availability: Option<UpstreamAvailability>,
}

/// A parsed ingest identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLookup {
    /// Connector-specific lookup key handed back to [`MetadataSource::fetch`].
    pub key: String,
    /// The stored external id, when the identifier already determines it (so the catalog
    /// can be checked before calling upstream). `None` when only upstream can tell
    /// (a bare TMDB number, a Last.fm `Artist::Track` that may have an MBID).
    pub canonical_id: Option<String>,
}

/// A search request handed to a connector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchQuery {
    /// The user's query, untruncated.
    pub text: String,
    /// Maximum number of hits wanted.
    pub limit: u32,
    /// Only these kinds are wanted (empty = all the source supports).
    pub types: Vec<MediaType>,
}

/// Why an upstream call failed.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The identifier is malformed for this source (a 422 for the caller).
    #[error("invalid identifier: {0}")]
    InvalidIdentifier(String),
    /// The upstream has no such record.
    #[error("not found upstream")]
    NotFound,
    /// The upstream throttled us.
    #[error("rate limited by upstream")]
    RateLimited {
        /// How long the upstream asked us to wait, if it said.
        retry_after: Option<Duration>,
    },
    /// Credentials were refused (a configuration problem; never retried).
    #[error("upstream refused credentials: {0}")]
    Unauthorized(String),
    /// The source lacks a required setting (names it).
    #[error("source not configured: missing {0}")]
    NotConfigured(String),
    /// The circuit breaker is open; calls are skipped for a while.
    #[error("circuit open for {remaining:?}")]
    CircuitOpen {
        /// Time until the breaker lets a call through again.
        remaining: Duration,
    },
    /// The upstream failed (5xx, timeout, connection error, malformed body).
    #[error("upstream failure")]
    Upstream(#[source] anyhow::Error),
    /// Anything else.
    #[error("unexpected source error")]
    Unexpected(#[source] anyhow::Error),
}

/// Counters for one operation (`search` or `fetch`) of a source.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OperationHealth {
    /// Calls started.
    pub started: u64,
    /// Calls that succeeded.
    pub succeeded: u64,
    /// Calls that failed.
    pub failed: u64,
    /// Calls skipped because the circuit was open.
    pub skipped: u64,
    /// Latency of the last completed call, in milliseconds.
    pub last_latency_ms: Option<f64>,
    /// Message of the last failure, cleared by a success.
    pub last_error: Option<String>,
}

/// A snapshot of one source's circuit breaker and counters (API.md §2.1 SourceHealth).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceHealth {
    /// Consecutive failures.
    pub failure_streak: u32,
    /// When the open circuit closes again.
    pub open_until: Option<DateTime<Utc>>,
    /// Remaining open time.
    pub remaining_cooldown: Option<Duration>,
    /// The open period the next opening will use.
    pub current_backoff: Duration,
    /// How many times the circuit opened since start.
    pub opened_count: u64,
    /// Search counters.
    pub search: OperationHealth,
    /// Fetch counters.
    pub fetch: OperationHealth,
    /// Which operation ran last (`search` or `fetch`).
    pub last_operation: Option<&'static str>,
}

/// An upstream metadata connector.
///
/// Implementations are `Send + Sync` and cheap to share behind an `Arc`.
#[async_trait]
pub trait MetadataSource: Send + Sync {
    /// Which source this is.
    fn name(&self) -> SourceName;

    /// Parses an ingest identifier (`external_id` or `url`, API.md §2.6).
    ///
    /// # Errors
    /// MUST return [`SourceError::InvalidIdentifier`] when the input cannot name a record
    /// of this source (an IGDB id with non-digits, a URL of another site).
    fn parse_identifier(&self, input: &str) -> Result<SourceLookup, SourceError>;

    /// Searches the upstream.
    ///
    /// # Errors
    /// [`SourceError::RateLimited`], [`SourceError::Unauthorized`],
    /// [`SourceError::NotConfigured`], [`SourceError::CircuitOpen`] or
    /// [`SourceError::Upstream`]; an empty result is `Ok(vec![])`, never `NotFound`.
    async fn search(&self, query: &SearchQuery) -> Result<Vec<ExternalMedia>, SourceError>;

    /// Fetches one record by a key from [`MetadataSource::parse_identifier`].
    ///
    /// # Errors
    /// MUST return [`SourceError::NotFound`] when the upstream has no such record;
    /// otherwise as [`MetadataSource::search`].
    async fn fetch(&self, lookup: &SourceLookup) -> Result<ExternalMedia, SourceError>;

    /// The circuit breaker and counters, for `/api/health`; `None` until first called.
    fn health(&self) -> Option<SourceHealth> {
        None
    }
}
