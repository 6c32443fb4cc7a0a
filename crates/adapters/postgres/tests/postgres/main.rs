//! Integration tests of the PostgreSQL adapter against a real server (one database per
//! test, see tastebuds-testkit). One binary: link time is the bottleneck.
#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions fail the test by panicking"
)]

mod accounts;
mod availability;
mod constraints;
mod curation;
mod media;
mod migrations;
mod pool;
mod provision;
mod schema_doc;
mod schema_drift;
mod search;
mod search_vector;
mod statements;
mod support;
mod tagging;
mod unavailable;
mod user_state;
