#![doc = include_str!("../README.md")]

pub mod error;
pub mod models;
pub mod ports;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use error::TaggingError;
pub use models::{Tag, TagName, TagNameError};
pub use ports::TagRepository;
