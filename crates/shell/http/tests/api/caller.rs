//! Shared by the tag and library tests: signed-in callers on one [`TestApp`], and
//! catalog items stored through the real catalog store.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use diesel::RunQueryDsl as _;
use diesel::sql_types::{Text, Uuid as SqlUuid};
use serde_json::Value;
use tastebuds_media::testing::external_media;
use tastebuds_media::{MediaCatalog as _, MediaType, SourceName, UpsertMode};
use tastebuds_postgres::PgMediaCatalog;
use uuid::Uuid;

use crate::auth::support::{TestApp, bearer, text};
use crate::helpers::Answer;

/// A registered user of `app`, with an access token.
pub struct Caller<'a> {
    pub app: &'a TestApp,
    pub id: Uuid,
    token: String,
}

impl<'a> Caller<'a> {
    /// Registers `email` on `app`.
    pub async fn sign_up(app: &'a TestApp, email: &str) -> Self {
        let pair = app.signed_up(email).await;
        Self {
            app,
            id: text(&pair, "/user/id").parse().expect("a user id"),
            token: text(&pair, "/access_token"),
        }
    }

    /// Sends `request` with the caller's Bearer token.
    pub async fn send(&self, request: TestRequest) -> Answer {
        self.app
            .send(request.insert_header(bearer(&self.token)))
            .await
    }

    /// `GET uri`.
    pub async fn get(&self, uri: &str) -> Answer {
        self.send(TestRequest::get().uri(uri)).await
    }

    /// `POST uri` with a JSON body.
    pub async fn post(&self, uri: &str, body: &Value) -> Answer {
        self.send(TestRequest::post().uri(uri).set_json(body)).await
    }

    /// `PUT uri` with a JSON body.
    pub async fn put(&self, uri: &str, body: &Value) -> Answer {
        self.send(TestRequest::put().uri(uri).set_json(body)).await
    }

    /// `PATCH uri` with a JSON body.
    pub async fn patch(&self, uri: &str, body: &Value) -> Answer {
        self.send(TestRequest::patch().uri(uri).set_json(body))
            .await
    }

    /// `DELETE uri`.
    pub async fn delete(&self, uri: &str) -> Answer {
        self.send(TestRequest::delete().uri(uri)).await
    }
}

/// Asserts `status` and returns the JSON body.
pub fn expect(answer: &Answer, status: StatusCode) -> Value {
    assert_eq!(answer.status, status, "{:?}", answer.body);
    if status == StatusCode::NO_CONTENT {
        assert!(answer.body.is_empty());
        return Value::Null;
    }
    answer.json()
}

/// A film titled `title`, stored through the catalog store as ingestion stores it.
pub async fn media_item(app: &TestApp, title: &str) -> Uuid {
    let record = external_media(
        SourceName::Tmdb,
        &format!("movie:{}", Uuid::now_v7().simple()),
        MediaType::Movie,
        title,
    );
    PgMediaCatalog::new(app.db.pool())
        .upsert(&record, UpsertMode::InsertOrKeep)
        .await
        .expect("the catalog stores the item")
        .id
        .as_uuid()
}

/// A global tag (no owner), which the API cannot create: inserted directly.
pub fn global_tag(app: &TestApp, name: &str) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query("INSERT INTO tags (id, owner_id, name) VALUES ($1, NULL, $2)")
        .bind::<SqlUuid, _>(id)
        .bind::<Text, _>(name)
        .execute(&mut app.db.connect())
        .expect("insert a global tag");
    id
}

/// The value of a `SELECT count(*) …` in `app`'s database.
pub fn count(app: &TestApp, query: &str) -> i64 {
    tastebuds_testkit::count(&mut app.db.connect(), query)
}
