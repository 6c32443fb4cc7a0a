//! Ingestion through the real route and the real wiring, against a real database and
//! wiremock upstreams serving the recorded fixtures (API.md §2.1, §2.4, §2.6, §5.5, §6).

/// A recorded upstream body from `tests/fixtures/`, embedded at compile time.
macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/",
            $name
        ))
    };
}

mod circuit;
mod failures;
mod idempotence;
mod limits;
mod sources;
pub mod support;
