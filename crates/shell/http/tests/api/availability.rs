//! Availability (API.md §3): the item's rows (GET public, PUT signed in), the batched
//! summary the public menu page calls, staleness, and TMDB's watch providers on ingest.

mod flow;
mod rows;
mod summary;
mod tmdb;

use serde_json::Value;

/// `(provider, region, format, status)` of each row, in answer order.
fn keys(rows: &Value) -> Vec<(String, String, String, String)> {
    rows.as_array()
        .expect("an array of rows")
        .iter()
        .map(|row| {
            let field = |name: &str| row[name].as_str().unwrap_or_default().to_owned();
            (
                field("provider"),
                field("region"),
                field("format"),
                field("status"),
            )
        })
        .collect()
}

/// Owned tuples from literals.
fn tuples(list: &[(&str, &str, &str, &str)]) -> Vec<(String, String, String, String)> {
    list.iter()
        .map(|(p, r, f, s)| {
            (
                (*p).to_owned(),
                (*r).to_owned(),
                (*f).to_owned(),
                (*s).to_owned(),
            )
        })
        .collect()
}

/// `/api/media/{id}/availability`.
fn uri(id: impl std::fmt::Display) -> String {
    format!("/api/media/{id}/availability")
}
