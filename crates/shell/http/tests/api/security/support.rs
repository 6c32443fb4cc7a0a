//! The app the security tests drive (real wiring, wiremock upstreams, its own database),
//! a fixture of one owner's resources, snapshots of every table, and JSON walkers.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use actix_web::http::StatusCode;
use actix_web::http::header::AUTHORIZATION;
use actix_web::test::{self, TestRequest};
use diesel::RunQueryDsl as _;
use diesel::sql_types::{BigInt, Text};
use diesel::{PgConnection, QueryableByName};
use futures_util::future::LocalBoxFuture;
use serde_json::{Value, json};
use tastebuds_http::connectors::build_connectors;
use tastebuds_http::{build_app, build_state};
use tastebuds_media::testing::external_media;
use tastebuds_media::{MediaCatalog as _, MediaType, SourceName, UpsertMode};
use tastebuds_postgres::PgMediaCatalog;
use tastebuds_testkit::TestDb;
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

use crate::helpers::Answer;
use crate::ingest::support::{json_response, settings_for, tmdb};

/// The password of every fixture user.
pub const PASSWORD: &str = "correct horse battery";

/// Sends one request to the app and reads the answer to the end.
type Sender = Rc<dyn Fn(TestRequest) -> LocalBoxFuture<'static, Answer>>;

/// The app on its own database, its upstreams served by one wiremock server (TMDB answers
/// searches and movie 603). Unlike the other suites' helpers it builds the app once and
/// sends every request to that one instance, as a server worker does: these tests send
/// thousands.
pub struct SecurityApp {
    sender: Sender,
    /// One connection for the snapshots, opened on first use.
    snapshots: RefCell<Option<PgConnection>>,
    /// Kept alive: the upstreams' double.
    _upstream: MockServer,
    /// Last: dropped after the pools.
    pub db: TestDb,
}

impl SecurityApp {
    /// The app with TMDB mounted.
    pub async fn new() -> Self {
        let upstream = MockServer::start().await;
        let settings = settings_for(&upstream)
            .validate()
            .expect("valid test settings");
        let db = TestDb::new();
        let connectors = build_connectors(&settings.sources).expect("the connectors build");
        let state = build_state(&settings, db.pool(), connectors).expect("state");
        Mock::given(method("GET"))
            .and(path("/3/search/movie"))
            .respond_with(json_response(
                200,
                r#"{"results":[{"id":603,"title":"The Matrix","release_date":"1999-03-30"}]}"#,
            ))
            .mount(&upstream)
            .await;
        Mock::given(method("GET"))
            .and(path("/3/search/tv"))
            .respond_with(json_response(200, r#"{"results":[]}"#))
            .mount(&upstream)
            .await;
        tmdb("movie", 603)
            .respond_with(json_response(
                200,
                include_str!(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/tests/fixtures/tmdb/movie_603_credits.json"
                )),
            ))
            .mount(&upstream)
            .await;
        let service = Rc::new(test::init_service(build_app(state)).await);
        let sender: Sender = Rc::new(move |request| {
            let service = Rc::clone(&service);
            Box::pin(async move {
                let response = test::call_service(&*service, request.to_request()).await;
                let status = response.status();
                let headers = response.headers().clone();
                let body = test::read_body(response).await;
                Answer {
                    status,
                    headers,
                    body,
                }
            })
        });
        Self {
            sender,
            snapshots: RefCell::new(None),
            _upstream: upstream,
            db,
        }
    }

    /// Sends one request to the app.
    pub async fn send(&self, request: TestRequest) -> Answer {
        (self.sender)(request).await
    }

    /// `request` as the holder of `token` (anonymously when `None`).
    pub async fn send_as(&self, token: Option<&str>, request: TestRequest) -> Answer {
        let request = match token {
            Some(token) => request.insert_header((AUTHORIZATION, format!("Bearer {token}"))),
            None => request,
        };
        self.send(request).await
    }

    /// A JSON request of `method` to `uri` as `token`, asserting `status`; the body.
    pub async fn expect(
        &self,
        token: &str,
        method: &str,
        uri: &str,
        body: Option<Value>,
        status: StatusCode,
    ) -> Value {
        let mut request = TestRequest::default()
            .method(method.parse().expect("an HTTP method"))
            .uri(uri);
        if let Some(body) = body {
            request = request.set_json(body);
        }
        let answer = self.send_as(Some(token), request).await;
        assert_eq!(
            answer.status,
            status,
            "{method} {uri}: {}",
            String::from_utf8_lossy(&answer.body)
        );
        if answer.body.is_empty() {
            Value::Null
        } else {
            answer.json()
        }
    }

    /// Registers a new user; its TokenPair.
    pub async fn sign_up(&self) -> Value {
        let email = format!("{}@security.example.com", Uuid::now_v7().simple());
        let answer =
            self.send(TestRequest::post().uri("/api/auth/register").set_json(
                json!({"email": email, "password": PASSWORD, "display_name": "Someone"}),
            ))
            .await;
        assert_eq!(
            answer.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        answer.json()
    }

    /// A catalog item, stored as ingestion stores it; its id.
    pub async fn media(&self, title: &str) -> String {
        let record = external_media(
            SourceName::GoogleBooks,
            &Uuid::now_v7().simple().to_string(),
            MediaType::Book,
            title,
        );
        PgMediaCatalog::new(self.db.pool())
            .upsert(&record, UpsertMode::InsertOrKeep)
            .await
            .expect("the catalog stores the item")
            .id
            .to_string()
    }

    /// Every public table's row count and a digest of its contents.
    pub fn snapshot(&self) -> Snapshot {
        let mut connection = self.snapshots.borrow_mut();
        snapshot(connection.get_or_insert_with(|| self.db.connect()))
    }
}

/// One table's row count and the MD5 of its rows, in text form, sorted.
#[derive(Clone, Debug, PartialEq, Eq, QueryableByName)]
pub struct TableState {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = BigInt)]
    rows: i64,
    #[diesel(sql_type = Text)]
    digest: String,
}

/// Every table of the `public` schema: name → (rows, digest of the rows).
pub type Snapshot = BTreeMap<String, (i64, String)>;

/// Reads [`Snapshot`] in one statement.
pub fn snapshot(connection: &mut PgConnection) -> Snapshot {
    let states: Vec<TableState> = diesel::sql_query(
        "SELECT table_name::text AS table_name,
                (xpath('/row/n/text()', x))[1]::text::bigint AS rows,
                (xpath('/row/d/text()', x))[1]::text AS digest
           FROM information_schema.tables,
                LATERAL query_to_xml(format(
                  'SELECT count(*) AS n,
                          md5(coalesce(string_agg(t::text, %L ORDER BY t::text), %L)) AS d
                     FROM public.%I t', '|', '', table_name), false, true, '') AS x
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
          ORDER BY table_name",
    )
    .load(connection)
    .expect("the table snapshot");
    states
        .into_iter()
        .map(|state| (state.table_name, (state.rows, state.digest)))
        .collect()
}

/// A signed-up user.
#[derive(Clone, Debug)]
pub struct User {
    pub id: String,
    pub email: String,
    pub access: String,
    pub refresh: String,
}

impl User {
    fn from_pair(pair: &Value) -> Self {
        Self {
            id: text(pair, "/user/id"),
            email: text(pair, "/user/email"),
            access: text(pair, "/access_token"),
            refresh: text(pair, "/refresh_token"),
        }
    }
}

/// One owner's resources, each of a kind the API serves, and another user.
///
/// The owner's private menu "Secret supper …" has courses A (items `item` on `media`,
/// `item_two` on `media_two`) and B, a pairing `item → item_two` and a share link; the
/// owner also has a public menu, a private fork of it, a tag on `media`, a state and a
/// log on `media`, a session and a preview of an external hit.
pub struct Fixture {
    pub owner: User,
    pub stranger: User,
    pub media: String,
    pub media_two: String,
    /// A catalog item on no menu.
    pub media_spare: String,
    pub menu: String,
    pub menu_title: String,
    pub menu_slug: String,
    pub course: String,
    pub course_two: String,
    pub item: String,
    pub item_two: String,
    pub pairing: String,
    pub share_id: String,
    pub share_token: String,
    pub public_menu: String,
    pub public_slug: String,
    pub private_fork: String,
    pub private_fork_slug: String,
    pub tag: String,
    pub tag_name: String,
    pub state: String,
    pub log: String,
    pub session: String,
    pub preview: String,
}

impl Fixture {
    /// Creates everything through the API (the catalog items through the catalog store).
    pub async fn create(app: &SecurityApp) -> Self {
        let owner = User::from_pair(&app.sign_up().await);
        let stranger = User::from_pair(&app.sign_up().await);
        let unique = Uuid::now_v7().simple().to_string();
        let media = app.media(&format!("Owned book {unique}")).await;
        let media_two = app.media(&format!("Second book {unique}")).await;
        let media_spare = app.media(&format!("Spare book {unique}")).await;
        let token = owner.access.as_str();
        let created = StatusCode::CREATED;
        let ok = StatusCode::OK;

        let menu_title = format!("Secret supper {unique}");
        let menu = app
            .expect(
                token,
                "POST",
                "/api/menus",
                Some(json!({"title": menu_title, "description": "private notes",
                "courses": [
                    {"title": "A", "position": 1, "items": [
                        {"media_item_id": media, "position": 1, "notes": "first"},
                        {"media_item_id": media_two, "position": 2},
                    ]},
                    {"title": "B", "position": 2},
                ]})),
                created,
            )
            .await;
        let menu_id = text(&menu, "/id");
        let pairing = app
            .expect(
                token,
                "POST",
                &format!("/api/menus/{menu_id}/pairings"),
                Some(json!({
                    "primary_course_item_id": text(&menu, "/courses/0/items/0/id"),
                    "paired_course_item_id": text(&menu, "/courses/0/items/1/id"),
                    "relationship": "echo",
                })),
                created,
            )
            .await;
        let share = app
            .expect(
                token,
                "POST",
                &format!("/api/menus/{menu_id}/share-tokens"),
                Some(json!({})),
                created,
            )
            .await;
        let public = app
            .expect(
                token,
                "POST",
                "/api/menus",
                Some(
                    json!({"title": format!("Open table {unique}"), "is_public": true,
                    "courses": [{"title": "Open", "position": 1, "items": [
                        {"media_item_id": media_spare, "position": 1}]}]}),
                ),
                created,
            )
            .await;
        let public_menu = text(&public, "/id");
        let fork = app
            .expect(
                token,
                "POST",
                &format!("/api/menus/{public_menu}/fork"),
                Some(json!({"title": format!("Hidden fork {unique}")})),
                created,
            )
            .await;
        let tag_name = format!("secret-tag-{unique}");
        let tag = app
            .expect(
                token,
                "POST",
                "/api/tags",
                Some(json!({"name": tag_name})),
                created,
            )
            .await;
        let tag_id = text(&tag, "/id");
        app.expect(
            token,
            "POST",
            &format!("/api/tags/{tag_id}/media"),
            Some(json!({"media_item_id": media})),
            created,
        )
        .await;
        let state = app
            .expect(
                token,
                "PUT",
                &format!("/api/me/states/{media}"),
                Some(json!({"status": "paused", "rating": 7, "notes": "private"})),
                ok,
            )
            .await;
        let log = app
            .expect(
                token,
                "POST",
                "/api/me/logs",
                Some(json!({"media_item_id": media, "log_type": "note", "notes": "diary"})),
                created,
            )
            .await;
        let sessions = app
            .expect(token, "GET", "/api/auth/sessions", None, ok)
            .await;
        let search = app
            .expect(
                token,
                "GET",
                "/api/search?q=matrix&sources=tmdb&types=movie",
                None,
                ok,
            )
            .await;
        Self {
            media,
            media_two,
            media_spare,
            menu_title,
            menu_slug: text(&menu, "/slug"),
            course: text(&menu, "/courses/0/id"),
            course_two: text(&menu, "/courses/1/id"),
            item: text(&menu, "/courses/0/items/0/id"),
            item_two: text(&menu, "/courses/0/items/1/id"),
            menu: menu_id,
            pairing: text(&pairing, "/id"),
            share_id: text(&share, "/id"),
            share_token: text(&share, "/token"),
            public_slug: text(&public, "/slug"),
            public_menu,
            private_fork: text(&fork, "/id"),
            private_fork_slug: text(&fork, "/slug"),
            tag: tag_id,
            tag_name,
            state: text(&state, "/id"),
            log: text(&log, "/id"),
            session: text(&sessions, "/0/id"),
            preview: text(&search, "/results/0/preview_id"),
            owner,
            stranger,
        }
    }

    /// The value of path parameter `name` in `template` for this fixture.
    pub fn param(&self, template: &str, name: &str) -> String {
        match name {
            "menu_id" => self.menu.clone(),
            "course_id" => self.course.clone(),
            "item_id" => self.item.clone(),
            "pairing_id" => self.pairing.clone(),
            "token_id" if template.starts_with("/api/auth/sessions") => self.session.clone(),
            "token_id" => self.share_id.clone(),
            "tag_id" => self.tag.clone(),
            "media_item_id" => self.media.clone(),
            "log_id" => self.log.clone(),
            "preview_id" => self.preview.clone(),
            "slug" => self.public_slug.clone(),
            "token" => self.share_token.clone(),
            "source" => "tmdb".to_owned(),
            other => panic!("no fixture value for the path parameter {other} of {template}"),
        }
    }

    /// Strings that identify the owner's private data: none may reach anyone else.
    pub fn secrets(&self) -> Vec<String> {
        vec![
            self.owner.id.clone(),
            self.owner.email.clone(),
            self.owner.refresh.clone(),
            self.menu.clone(),
            self.menu_title.clone(),
            self.menu_slug.clone(),
            self.course.clone(),
            self.course_two.clone(),
            self.item.clone(),
            self.item_two.clone(),
            self.pairing.clone(),
            self.share_id.clone(),
            self.share_token.clone(),
            self.private_fork.clone(),
            self.private_fork_slug.clone(),
            self.tag.clone(),
            self.tag_name.clone(),
            self.state.clone(),
            self.log.clone(),
            self.session.clone(),
            self.preview.clone(),
        ]
    }

    /// What the owner sees of their own data, to compare before and after others' calls.
    pub async fn owner_view(&self, app: &SecurityApp) -> Vec<Value> {
        let mut views = Vec::new();
        for uri in [
            "/api/menus".to_owned(),
            format!("/api/menus/{}/share-tokens", self.menu),
            format!("/api/menus/{}/lineage", self.public_menu),
            "/api/me/states".to_owned(),
            "/api/me/logs".to_owned(),
            "/api/tags".to_owned(),
            format!("/api/tags/media/{}", self.media),
            "/api/auth/sessions?include_revoked=true".to_owned(),
            format!("/api/previews/{}", self.preview),
            "/api/me".to_owned(),
        ] {
            let answer = app
                .send_as(Some(&self.owner.access), TestRequest::get().uri(&uri))
                .await;
            views.push(json!({"uri": uri, "status": answer.status.as_u16(),
                              "body": String::from_utf8_lossy(&answer.body)}));
        }
        views
    }
}

/// The string at `pointer` (panics when there is none).
pub fn text(body: &Value, pointer: &str) -> String {
    body.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {body}"))
        .to_owned()
}

/// Whether any object in `value`, at any depth, has the key `key`.
pub fn has_key(value: &Value, key: &str) -> bool {
    match value {
        Value::Array(items) => items.iter().any(|item| has_key(item, key)),
        Value::Object(members) => members
            .iter()
            .any(|(name, member)| name == key || has_key(member, key)),
        _ => false,
    }
}

/// Asserts that `answer` holds none of `secrets` (in its JSON or raw text).
pub fn assert_no_secret(answer: &Answer, secrets: &[String], context: &str) {
    let raw = String::from_utf8_lossy(&answer.body);
    for secret in secrets {
        assert!(
            !raw.contains(secret.as_str()),
            "{context} leaks {secret:?}: {raw}"
        );
    }
}
