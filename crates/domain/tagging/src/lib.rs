#![doc = include_str!("../README.md")]

pub mod error;
pub mod models;
pub mod ports;
pub mod service;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use error::TaggingError;
pub use models::{Tag, TagName, TagNameError, sort_by_name};
pub use ports::TagRepository;
pub use service::TaggingService;
