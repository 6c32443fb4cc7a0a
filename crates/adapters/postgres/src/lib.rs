#![doc = include_str!("../README.md")]

mod error;
mod pool;

pub use error::StoreError;
pub use pool::{PgConfig, PgPool};
