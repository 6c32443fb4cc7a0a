#![doc = include_str!("../README.md")]

pub mod error;
pub mod extract;
pub mod net;
pub mod openapi;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod telemetry;
pub mod wire;

pub use error::{ApiError, Location};
pub use settings::Settings;
pub use startup::{AppState, Application, build_app, build_state};
