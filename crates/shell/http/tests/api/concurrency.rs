//! Concurrent writers against a real server (issue 14 item 4): the app bound to a port
//! with several workers, driven over HTTP by tokio tasks, so requests really overlap in
//! the server and in PostgreSQL (the in-process `call` helper runs one request at a
//! time per app). Each test states the end state API.md promises and checks it in the
//! database or through the API.

mod curation;
mod ingest;
mod library;
pub(crate) mod live;
mod refresh;
