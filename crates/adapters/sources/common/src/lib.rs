#![doc = include_str!("../README.md")]

mod body;
pub mod breaker;
pub mod budget;
mod client;
pub mod config;
pub mod date;
pub mod failure;
pub mod guarded;
pub mod http;
pub mod retry;
pub mod secret;
pub mod serde_util;
#[cfg(feature = "testing")]
pub mod testing;
pub mod text;
pub mod urls;

pub use body::{parse_json, read_capped};
pub use breaker::{BreakerConfig, CircuitBreaker};
pub use budget::Budgeted;
pub use client::build_http_client;
pub use config::SourceHttpConfig;
pub use failure::{Failure, RetryDecision};
pub use guarded::Guarded;
pub use http::{BodyCheck, SourceHttp, error_message};
pub use retry::RetryPolicy;
