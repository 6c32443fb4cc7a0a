#![doc = include_str!("../README.md")]

pub mod cors;
pub mod error;
pub mod extract;
pub mod net;
pub mod openapi;
pub mod origin;
pub mod rate_limit;
pub mod routes;
pub mod settings;
pub mod sources;
pub mod startup;
pub mod telemetry;
pub mod wire;

pub use error::{ApiError, Location};
pub use settings::Settings;
pub use startup::{AppState, Application, build_app, build_state};
