//! The run's figures: one row per wrk (or ingestion) run, the ceilings, the ratios
//! between them and issue 13's targets read from them; printed as text and, with
//! `--record`, as the Markdown section of `docs/BENCHMARKS.md`.

pub mod machine;
mod markdown;
mod table;
mod targets;

pub use markdown::record;
pub use table::{Report, Row, ms, rate};
pub use targets::targets;
