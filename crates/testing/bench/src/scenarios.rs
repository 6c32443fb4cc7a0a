//! The scenarios: what each wrk run requests (lines of `lua/requests.lua`'s request
//! file) and as whom.

use std::time::Duration;

use serde_json::json;

use crate::api::WriteMenu;
use crate::dataset::shape::{Kind, MENUS, Shape, id};
use crate::dataset::words::{COMMON_WORD, MISSPELT_WORD, RARE_WORD};

/// Whose token a scenario sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// No token.
    None,
    /// The benchmark user's (user 0: the library, menu 0).
    Reader,
    /// Another user's, so writes leave the reader's data alone across runs.
    Writer,
}

/// One scenario.
pub struct Scenario {
    /// Its name in the report.
    pub name: String,
    /// Request lines (`METHOD\tPATH[\tBODY]`).
    pub lines: Vec<String>,
    /// Whose token.
    pub auth: Auth,
    /// wrk's per-request timeout.
    pub timeout: Duration,
    /// How much longer than the other scenarios it runs.
    pub length: u32,
    /// Whether its clients wait out a 503's `Retry-After` before their next request.
    pub honour_retry_after: bool,
}

impl Scenario {
    fn new(name: &str, auth: Auth, lines: Vec<String>) -> Self {
        Self {
            name: name.to_owned(),
            lines,
            auth,
            timeout: Duration::from_secs(5),
            length: 1,
            honour_retry_after: false,
        }
    }
}

/// Names of the scenarios the report's targets refer to.
pub mod names {
    /// `GET /health`.
    pub const HEALTH: &str = "GET /health";
    /// `GET /api/me`.
    pub const ME: &str = "GET /api/me";
    /// Public menu by slug.
    pub const MENU_SLUG: &str = "GET /api/public/menus/{slug} (5x10)";
    /// Menu by id.
    pub const MENU_ID: &str = "GET /api/menus/{id} (5x10)";
    /// The library.
    pub const LIBRARY: &str = "GET /api/me/library (200 items)";
    /// Search, common word.
    pub const SEARCH_COMMON: &str = "search common word";
    /// Search, rare word.
    pub const SEARCH_RARE: &str = "search rare word";
    /// Search, misspelling.
    pub const SEARCH_MISSPELT: &str = "search misspelt";
    /// Login.
    pub const LOGIN: &str = "POST /api/auth/login";
    /// `GET /api/me` while logins run.
    pub const ME_DURING_LOGINS: &str = "GET /api/me during 8 logins";
    /// The static-response ceiling.
    pub const STATIC: &str = "ceiling: static 200 (actix)";
    /// Ingestion of new items.
    pub const INGEST_NEW: &str = "ingest 1000 new (TMDB double)";
    /// Ingestion of the same items again.
    pub const INGEST_AGAIN: &str = "ingest the same again";
}

fn get(path: &str) -> String {
    format!("GET\t{path}")
}

/// The three searches on a dataset of `items` (longer runs at a million items and more).
#[must_use]
pub fn searches(items: u64) -> Vec<Scenario> {
    let long = items >= 1_000_000;
    [
        (names::SEARCH_COMMON, COMMON_WORD),
        (names::SEARCH_RARE, RARE_WORD),
        (names::SEARCH_MISSPELT, MISSPELT_WORD),
    ]
    .into_iter()
    .map(|(name, word)| Scenario {
        // At 1M items 50 concurrent searches of a common word take seconds each on two
        // cores: a longer run and timeout let several rounds of them finish.
        timeout: Duration::from_secs(if long { 30 } else { 5 }),
        length: if long { 3 } else { 1 },
        ..Scenario::new(
            &format!("{name} `{word}`"),
            Auth::Reader,
            vec![get(&format!("/api/search?q={word}"))],
        )
    })
    .collect()
}

/// The reads besides search.
#[must_use]
pub fn reads() -> Vec<Scenario> {
    let public_slugs = (0..MENUS)
        .step_by(2)
        .map(|menu| get(&format!("/api/public/menus/{}", Shape::menu_slug(menu))))
        .collect();
    vec![
        Scenario::new(names::HEALTH, Auth::None, vec![get("/health")]),
        Scenario::new(names::ME, Auth::Reader, vec![get("/api/me")]),
        Scenario::new(names::MENU_SLUG, Auth::None, public_slugs),
        Scenario::new(
            names::MENU_ID,
            Auth::Reader,
            vec![get(&format!("/api/menus/{}", id(Kind::Menu, 0)))],
        ),
        Scenario::new(names::LIBRARY, Auth::Reader, vec![get("/api/me/library")]),
    ]
}

/// The login scenario: bcrypt-bound, so longer and with a long timeout; its clients
/// wait out the `Retry-After` of the 503s the full hashing queue answers, as the web
/// app does, instead of re-sending at once.
#[must_use]
pub fn login() -> Scenario {
    let body = json!({"email": Shape::email(0), "password": crate::dataset::shape::PASSWORD});
    Scenario {
        timeout: Duration::from_secs(60),
        length: 2,
        honour_retry_after: true,
        ..Scenario::new(
            names::LOGIN,
            Auth::None,
            vec![with_body("POST", "/api/auth/login", &body)],
        )
    }
}

/// A request line with a JSON body.
fn with_body(method: &str, path: &str, body: &serde_json::Value) -> String {
    format!("{method}\t{path}\t{body}")
}

/// The writes, as the writer: items are taken from the catalog's first 1,000 (or all).
#[must_use]
pub fn writes(shape: &Shape, menu: &WriteMenu) -> Vec<Scenario> {
    let items: Vec<String> = (0..shape.items.min(1_000))
        .map(|n| id(Kind::Item, (n * 7_919) % shape.items).to_string())
        .collect();
    let add = menu
        .courses
        .iter()
        .zip(items.iter().cycle())
        .map(|(course, item)| {
            with_body(
                "POST",
                &format!("/api/menus/{}/courses/{course}/items", menu.id),
                &json!({"media_item_id": item, "position": 1}),
            )
        })
        .collect();
    let states = items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            with_body(
                "PUT",
                &format!("/api/me/states/{item}"),
                &json!({"status": "consumed", "rating": n % 11, "favorite": false}),
            )
        })
        .collect();
    let logs = items
        .iter()
        .enumerate()
        .map(|(n, item)| {
            with_body(
                "POST",
                "/api/me/logs",
                &json!({"media_item_id": item, "log_type": "progress", "progress_percent": n % 101}),
            )
        })
        .collect();
    vec![
        Scenario::new(
            "POST /api/menus (create)",
            Auth::Writer,
            vec![with_body(
                "POST",
                "/api/menus",
                &json!({"title": "Bench write {n}", "is_public": false}),
            )],
        ),
        Scenario::new("POST .../courses/{id}/items (add)", Auth::Writer, add),
        Scenario::new("PUT /api/me/states/{id}", Auth::Writer, states),
        Scenario::new("POST /api/me/logs", Auth::Writer, logs),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_is_a_method_a_path_and_maybe_a_json_body() {
        let shape = Shape { items: 10_000 };
        let menu = WriteMenu {
            id: "m".to_owned(),
            courses: vec!["c1".to_owned(), "c2".to_owned()],
        };
        let all: Vec<Scenario> = searches(10_000)
            .into_iter()
            .chain(reads())
            .chain([login()])
            .chain(writes(&shape, &menu))
            .collect();
        for scenario in &all {
            assert!(!scenario.lines.is_empty(), "{}", scenario.name);
            for line in &scenario.lines {
                let fields: Vec<&str> = line.split('\t').collect();
                assert!(matches!(fields[0], "GET" | "POST" | "PUT"), "{line}");
                assert!(fields[1].starts_with('/'), "{line}");
                if let Some(body) = fields.get(2) {
                    let body = body.replace("{n}", "1");
                    serde_json::from_str::<serde_json::Value>(&body)
                        .unwrap_or_else(|error| panic!("{line}: {error}"));
                }
            }
        }
        assert_eq!(reads()[2].lines.len(), 100, "one line per public menu");
    }

    #[test]
    fn searches_at_a_million_items_run_longer_and_only_logins_wait_out_retry_after() {
        assert!(searches(100_000).iter().all(|s| s.length == 1));
        assert!(
            searches(1_000_000)
                .iter()
                .all(|s| s.length == 3 && s.timeout == Duration::from_secs(30))
        );
        assert!(login().honour_retry_after);
        assert!(reads().iter().all(|s| !s.honour_retry_after));
    }
}
