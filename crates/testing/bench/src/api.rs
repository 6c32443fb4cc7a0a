//! The few API calls the runner makes itself: logging the synthetic users in and creating
//! the menu the write scenarios add course items to.

use anyhow::Context as _;
use serde_json::{Value, json};

use crate::dataset::shape::{PASSWORD, Shape};

/// Logs synthetic user `user` in and returns its access token.
///
/// # Errors
/// Fails when the login does not answer 200 with an `access_token`.
pub async fn login(client: &reqwest::Client, base: &str, user: u64) -> anyhow::Result<String> {
    let body: Value = client
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"email": Shape::email(user), "password": PASSWORD}))
        .send()
        .await?
        .error_for_status()
        .with_context(|| format!("logging in {}", Shape::email(user)))?
        .json()
        .await?;
    body.get("access_token")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .context("login answered without an access_token")
}

/// A menu of `courses` empty courses for the write scenarios: its id and its courses'.
pub struct WriteMenu {
    /// The menu id.
    pub id: String,
    /// Its course ids.
    pub courses: Vec<String>,
}

/// Creates a private menu of `courses` empty courses as the owner of `token`.
///
/// # Errors
/// Fails when the API does not answer 201 with the ids.
pub async fn write_menu(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    courses: usize,
) -> anyhow::Result<WriteMenu> {
    let courses: Vec<Value> = (1..=courses)
        .map(|n| json!({"title": format!("Course {n}"), "position": n, "items": []}))
        .collect();
    let body: Value = client
        .post(format!("{base}/api/menus"))
        .bearer_auth(token)
        .json(&json!({"title": "Bench writes", "is_public": false, "courses": courses}))
        .send()
        .await?
        .error_for_status()
        .context("creating the write menu")?
        .json()
        .await?;
    let id = body
        .get("id")
        .and_then(Value::as_str)
        .context("menu creation answered without an id")?
        .to_owned();
    let courses = body
        .get("courses")
        .and_then(Value::as_array)
        .context("menu creation answered without courses")?
        .iter()
        .filter_map(|course| course.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect();
    Ok(WriteMenu { id, courses })
}
