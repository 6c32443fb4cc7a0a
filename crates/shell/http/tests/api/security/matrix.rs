//! The access-control matrix (issue 14 item 1, API.md §1.3, §2.9, §5.2): every operation
//! of the served OpenAPI document has an entry in [`super::table`], and each is called
//! on real resources as their owner, as another user and anonymously.

use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{Value, json};
use uuid::Uuid;

use super::support::{Fixture, SecurityApp, assert_no_secret, has_key};
use super::table::{Access, Entry, entries};
use crate::helpers::{Answer, call, offline_state};

/// Every (method, path template) of the document the app serves at `/openapi.json`.
pub async fn documented_operations() -> BTreeSet<(String, String)> {
    let answer = call(offline_state(), TestRequest::get().uri("/openapi.json")).await;
    assert_eq!(answer.status, StatusCode::OK);
    let document = answer.json();
    let paths = document["paths"].as_object().expect("paths");
    let mut operations = BTreeSet::new();
    for (path, item) in paths {
        for method in [
            "get", "put", "post", "delete", "options", "head", "patch", "trace",
        ] {
            if item.get(method).is_some() {
                operations.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
    }
    operations
}

#[actix_web::test]
async fn the_matrix_has_exactly_one_entry_per_documented_operation() {
    let documented = documented_operations().await;
    let table = entries();
    let keys: Vec<(String, String)> = table.iter().map(Entry::key).collect();
    let listed: BTreeSet<(String, String)> = keys.iter().cloned().collect();

    assert_eq!(listed.len(), keys.len(), "an operation is listed twice");
    let missing: Vec<_> = documented.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "operations without a matrix entry: {missing:?}"
    );
    let unknown: Vec<_> = listed.difference(&documented).collect();
    assert!(
        unknown.is_empty(),
        "matrix entries naming no operation: {unknown:?}"
    );
    assert!(documented.len() >= 50, "{} operations", documented.len());
}

/// The entry's URI on `fixture`; with `random_ids`, every UUID parameter is a fresh id.
pub fn uri(entry: &Entry, fixture: &Fixture, random_ids: bool) -> String {
    format!("{}{}", fill(entry.path, fixture, random_ids), entry.query)
}

/// The path `template` with its parameters filled from `fixture` (fresh ids for the UUID
/// ones with `random_ids`).
pub fn fill(template: &str, fixture: &Fixture, random_ids: bool) -> String {
    let mut uri = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}').expect("a closing brace") + start;
        uri.push_str(&rest[..start]);
        let value = fixture.param(template, &rest[start + 1..end]);
        if random_ids && Uuid::parse_str(&value).is_ok() {
            uri.push_str(&Uuid::now_v7().to_string());
        } else {
            uri.push_str(&value);
        }
        rest = &rest[end + 1..];
    }
    uri.push_str(rest);
    uri
}

/// The entry's valid request on `fixture`.
pub fn request(entry: &Entry, fixture: &Fixture, random_ids: bool) -> TestRequest {
    let request = TestRequest::default()
        .method(entry.method.parse().expect("an HTTP method"))
        .uri(&uri(entry, fixture, random_ids));
    match (entry.body)(fixture) {
        Some(body) => request.set_json(body),
        None => request,
    }
}

fn describe(answer: &Answer) -> String {
    format!(
        "{} {}",
        answer.status,
        String::from_utf8_lossy(&answer.body)
    )
}

/// Checks one entry on a fresh fixture; the violations found.
async fn check(app: &SecurityApp, entry: &Entry) -> Vec<String> {
    let fixture = Fixture::create(app).await;
    let name = format!("{} {}", entry.method, entry.path);
    let secrets = fixture.secrets();
    let mut problems = Vec::new();
    let expect = |problems: &mut Vec<String>,
                  answer: &Answer,
                  status: u16,
                  detail: Option<&str>,
                  who: &str| {
        let detail_ok = detail.is_none_or(|detail| {
            serde_json::from_slice::<Value>(&answer.body).ok() == Some(json!({ "detail": detail }))
        });
        if answer.status.as_u16() != status || !detail_ok {
            problems.push(format!(
                "{name} as {who}: expected {status} {detail:?}, got {}",
                describe(answer)
            ));
        }
    };
    let stranger = Some(fixture.stranger.access.as_str());
    let owner = Some(fixture.owner.access.as_str());

    match entry.access {
        Access::Public(status) => {
            let answer = app.send_as(None, request(entry, &fixture, false)).await;
            expect(&mut problems, &answer, status, None, "anonymous");
            if entry.path.starts_with("/api/public") {
                assert_no_secret(&answer, std::slice::from_ref(&fixture.owner.id), &name);
                if !answer.body.is_empty() && has_key(&answer.json(), "owner_id") {
                    problems.push(format!("{name} shows an owner_id: {}", describe(&answer)));
                }
            }
        }
        Access::SignedIn(status) => {
            let view = fixture.owner_view(app).await;
            let before = app.snapshot();
            let anonymous = app.send_as(None, request(entry, &fixture, false)).await;
            expect(
                &mut problems,
                &anonymous,
                401,
                Some("Invalid token"),
                "anonymous",
            );
            if app.snapshot() != before {
                problems.push(format!("{name}: the anonymous call wrote"));
            }
            let theirs = app.send_as(stranger, request(entry, &fixture, false)).await;
            expect(&mut problems, &theirs, status, None, "another user");
            assert_no_secret(&theirs, &secrets, &format!("{name} as another user"));
            if fixture.owner_view(app).await != view {
                problems.push(format!(
                    "{name}: another user's call changed the owner's data"
                ));
            }
            let mine = app.send_as(owner, request(entry, &fixture, false)).await;
            expect(&mut problems, &mine, status, None, "owner");
        }
        Access::Owned { status, denied } => {
            let crosses = mixes_ownership(entry, &fixture);
            let their_menu = if crosses {
                Some(their_menu(app, &fixture).await)
            } else {
                None
            };
            // The digest of every table proves that the refused calls changed nothing.
            let before = app.snapshot();
            let theirs = app.send_as(stranger, request(entry, &fixture, false)).await;
            expect(
                &mut problems,
                &theirs,
                denied.0,
                Some(denied.1),
                "another user",
            );
            assert_no_secret(&theirs, &secrets, &format!("{name} as another user"));
            let missing = app.send_as(stranger, request(entry, &fixture, true)).await;
            if (missing.status, &missing.body) != (theirs.status, &theirs.body) {
                problems.push(format!(
                    "{name}: another user's resource ({}) is told apart from a missing one ({})",
                    describe(&theirs),
                    describe(&missing)
                ));
            }
            let anonymous = app.send_as(None, request(entry, &fixture, false)).await;
            expect(
                &mut problems,
                &anonymous,
                401,
                Some("Invalid token"),
                "anonymous",
            );
            if let Some(menu) = their_menu {
                // Their own menu, the owner's course, item, pairing or link (in the path
                // or the body): refused like any other stranger's call.
                let template = entry.path.replace("{menu_id}", &menu);
                let mut mixed = TestRequest::default()
                    .method(entry.method.parse().expect("an HTTP method"))
                    .uri(&format!(
                        "{}{}",
                        fill(&template, &fixture, false),
                        entry.query
                    ));
                if let Some(body) = (entry.body)(&fixture) {
                    mixed = mixed.set_json(body);
                }
                let answer = app.send_as(stranger, mixed).await;
                let refused = matches!(answer.status.as_u16(), 400 | 404)
                    && answer.json().get("detail").is_some_and(Value::is_string);
                if !refused {
                    problems.push(format!(
                        "{name} on another user's own menu with the owner's ids: {}",
                        describe(&answer)
                    ));
                }
                assert_no_secret(&answer, &secrets, &format!("{name} across menus"));
            }
            if app.snapshot() != before {
                problems.push(format!("{name}: a refused call wrote to the database"));
            }
            let mine = app.send_as(owner, request(entry, &fixture, false)).await;
            expect(&mut problems, &mine, status, None, "owner");
        }
    }
    problems
}

/// Whether the entry names the owner's things besides the menu (another path parameter
/// after `{menu_id}`, or ids in its body), so that another user could try them under
/// their own menu.
fn mixes_ownership(entry: &Entry, fixture: &Fixture) -> bool {
    let Some((_, after)) = entry.path.split_once("{menu_id}") else {
        return false;
    };
    let body = (entry.body)(fixture)
        .map(|body| body.to_string())
        .unwrap_or_default();
    after.contains('{')
        || [
            &fixture.course,
            &fixture.course_two,
            &fixture.item,
            &fixture.item_two,
        ]
        .iter()
        .any(|id| body.contains(id.as_str()))
}

/// A menu of the fixture's other user, with a course and an item; its id.
async fn their_menu(app: &SecurityApp, fixture: &Fixture) -> String {
    let menu = app
        .expect(
            &fixture.stranger.access,
            "POST",
            "/api/menus",
            Some(
                json!({"title": "Theirs", "courses": [{"title": "T", "position": 1,
                "items": [{"media_item_id": fixture.media, "position": 1}]}]}),
            ),
            StatusCode::CREATED,
        )
        .await;
    menu["id"].as_str().expect("a menu id").to_owned()
}

#[actix_web::test]
async fn every_operation_serves_its_owner_and_refuses_everyone_else_alike() {
    let app = SecurityApp::new().await;
    let mut problems = Vec::new();
    for entry in entries() {
        problems.extend(check(&app, &entry).await);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
