#![doc = include_str!("../README.md")]

pub mod kind;
pub mod source;

pub use kind::{MediaType, SourceName};
pub use source::{
    BookDetail, ExternalMedia, GameDetail, MediaDetails, MetadataSource, MovieDetail, MusicDetail,
    OperationHealth, SearchQuery, SourceError, SourceHealth, SourceLookup,
};
