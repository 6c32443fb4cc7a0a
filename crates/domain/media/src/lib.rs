#![doc = include_str!("../README.md")]

pub mod availability;
pub mod columns;
pub mod error;
pub mod kind;
pub mod models;
pub mod payload;
pub mod ports;
pub mod search;
pub mod service;
pub mod source;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use availability::{
    AvailabilityEntry, AvailabilityKey, AvailabilityPlan, AvailabilityRecord, AvailabilityStatus,
    AvailabilityStore, AvailabilitySummary, AvailabilityUpdate, AvailabilityWrite, DeepLink,
    Format, Provider, Region, Staleness, StatusCounts, UpstreamAvailability, UpstreamOffer,
};
pub use columns::fit_columns;
pub use error::MediaError;
pub use kind::{MediaType, SourceName, UnknownValue};
pub use models::{MediaItem, MediaItemDetail, MediaSourceRecord};
pub use payload::{PayloadCaps, cap_json};
pub use ports::{
    AvailabilityChange, IngestOutcome, MediaCatalog, UpsertMode, UpsertOutcome, UpsertStatus,
};
pub use search::{
    IndexPage, IndexQuery, InternalHit, Preview, PreviewStore, QuotaCounter, SearchIndex,
};
pub use search::{SearchError, SearchService};
pub use service::{CatalogService, MAX_IDENTIFIER_CHARS};
pub use source::{
    BookDetail, ExternalMedia, GameDetail, MediaDetails, MetadataSource, MovieDetail, MusicDetail,
    OperationHealth, SearchQuery, SourceError, SourceHealth, SourceLookup,
};
