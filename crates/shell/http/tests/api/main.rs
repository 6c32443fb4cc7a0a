//! Integration tests of the HTTP shell: one binary, one module per concern.

#![expect(
    clippy::expect_used,
    reason = "test helpers outside #[test] functions panic on broken fixtures"
)]

mod auth;
mod availability;
mod caller;
mod concurrency;
mod configuration_doc;
mod errors;
mod faults;
mod health;
mod helpers;
mod ingest;
mod library;
mod media;
mod menus;
mod openapi;
mod routing;
mod search;
mod security;
mod settings;
mod tags;
mod validation;
