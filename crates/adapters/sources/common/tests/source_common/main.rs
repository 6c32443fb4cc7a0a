//! Integration tests of the shared transport (against wiremock) and the circuit breaker.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] fns panic on broken fixtures"
)]

mod guarded;
mod http;
mod redirects;
