//! An app on its own database with helpers to sign users up, seed catalog items through
//! the real catalog store, and call the menu routes as a user.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{Value, json};
use tastebuds_kernel::MediaItemId;
use tastebuds_media::{
    BookDetail, ExternalMedia, MediaCatalog, MediaDetails, MediaType, SourceName, UpsertMode,
};
use tastebuds_postgres::PgMediaCatalog;
use tastebuds_testkit::count;
use uuid::Uuid;

use crate::auth::support::{TestApp, bearer};
use crate::helpers::Answer;

/// The app, on a fresh database.
pub struct MenuApp {
    pub app: TestApp,
}

impl MenuApp {
    pub fn new() -> Self {
        Self {
            app: TestApp::new(),
        }
    }

    /// Signs a new user up; returns its access token.
    pub async fn user(&self) -> String {
        let email = format!("{}@menus.example.com", Uuid::now_v7().simple());
        let pair = self.app.signed_up(&email).await;
        pair["access_token"]
            .as_str()
            .expect("an access token")
            .to_owned()
    }

    /// Stores a book titled `title` through the real catalog store; returns its id.
    pub async fn media(&self, title: &str) -> String {
        let catalog = PgMediaCatalog::new(self.app.db.pool());
        let record = ExternalMedia {
            source: SourceName::GoogleBooks,
            external_id: Uuid::now_v7().simple().to_string(),
            media_type: MediaType::Book,
            title: title.to_owned(),
            description: Some(format!("About {title}")),
            release_date: None,
            cover_image_url: None,
            canonical_url: None,
            source_url: None,
            metadata: json!({"genres": ["noir"]}),
            details: MediaDetails::Book(BookDetail::default()),
            raw_payload: json!({}),
            availability: None,
        };
        let outcome = catalog
            .upsert(&record, UpsertMode::InsertOrKeep)
            .await
            .expect("the catalog stores the item");
        outcome.id.to_string()
    }

    /// `n` catalog items.
    pub async fn media_items(&self, n: usize) -> Vec<String> {
        let mut ids = Vec::with_capacity(n);
        for i in 0..n {
            ids.push(self.media(&format!("Book {i}")).await);
        }
        ids
    }

    pub async fn send(&self, request: TestRequest) -> Answer {
        self.app.send(request).await
    }

    pub async fn get(&self, token: &str, uri: &str) -> Answer {
        self.send(TestRequest::get().uri(uri).insert_header(bearer(token)))
            .await
    }

    pub async fn anonymous_get(&self, uri: &str) -> Answer {
        self.send(TestRequest::get().uri(uri)).await
    }

    pub async fn post(&self, token: &str, uri: &str, body: &Value) -> Answer {
        self.send(
            TestRequest::post()
                .uri(uri)
                .insert_header(bearer(token))
                .set_json(body),
        )
        .await
    }

    pub async fn patch(&self, token: &str, uri: &str, body: &Value) -> Answer {
        self.send(
            TestRequest::patch()
                .uri(uri)
                .insert_header(bearer(token))
                .set_json(body),
        )
        .await
    }

    pub async fn delete(&self, token: &str, uri: &str) -> Answer {
        self.send(TestRequest::delete().uri(uri).insert_header(bearer(token)))
            .await
    }

    /// `POST /api/menus`, asserting 201; the Menu.
    pub async fn create_menu(&self, token: &str, body: &Value) -> Value {
        let answer = self.post(token, "/api/menus", body).await;
        expect(&answer, StatusCode::CREATED)
    }

    /// A menu titled `title`, with no courses.
    pub async fn menu(&self, token: &str, title: &str) -> Value {
        self.create_menu(token, &json!({"title": title})).await
    }

    /// `POST …/courses`, asserting 201; the Course.
    pub async fn add_course(&self, token: &str, menu_id: &str, body: &Value) -> Value {
        let answer = self
            .post(token, &format!("/api/menus/{menu_id}/courses"), body)
            .await;
        expect(&answer, StatusCode::CREATED)
    }

    /// `POST …/courses/{course_id}/items`, asserting 201; the CourseItem.
    pub async fn add_item(
        &self,
        token: &str,
        menu_id: &str,
        course_id: &str,
        media_item_id: &str,
        position: i64,
    ) -> Value {
        let answer = self
            .post(
                token,
                &format!("/api/menus/{menu_id}/courses/{course_id}/items"),
                &json!({"media_item_id": media_item_id, "position": position}),
            )
            .await;
        expect(&answer, StatusCode::CREATED)
    }

    /// `GET /api/menus/{id}`, asserting 200; the Menu.
    pub async fn read_menu(&self, token: &str, menu_id: &str) -> Value {
        let answer = self.get(token, &format!("/api/menus/{menu_id}")).await;
        expect(&answer, StatusCode::OK)
    }

    /// Rows of `table`.
    pub fn rows(&self, table: &str) -> i64 {
        count(
            &mut self.app.db.connect(),
            &format!("SELECT count(*) FROM {table}"),
        )
    }
}

/// Asserts `status`; the body as JSON.
pub fn expect(answer: &Answer, status: StatusCode) -> Value {
    assert_eq!(
        answer.status,
        status,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    answer.json()
}

/// The string at `pointer`.
pub fn id(value: &Value, pointer: &str) -> String {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no string at {pointer} in {value}"))
        .to_owned()
}

/// The `key` of each element of the array at `pointer`.
pub fn column(value: &Value, pointer: &str, key: &str) -> Vec<Value> {
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("no array at {pointer} in {value}"))
        .iter()
        .map(|element| element[key].clone())
        .collect()
}

/// A catalog id that holds no item.
pub fn unknown_id() -> String {
    MediaItemId::new().to_string()
}
