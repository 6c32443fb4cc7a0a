#![doc = include_str!("../README.md")]

pub mod body_timeout;
pub mod compose;
pub mod connectors;
pub mod cookies;
pub mod cors;
pub mod error;
pub mod extract;
pub mod maintenance;
pub mod net;
pub mod openapi;
pub mod origin;
pub mod rate_limit;
pub mod redoc;
pub mod rendered_menus;
pub mod route_table;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod wire;

pub use compose::{Services, build_state};
pub use error::{ApiError, Location};
pub use settings::Settings;
pub use startup::{Application, build_app};
pub use state::AppState;
