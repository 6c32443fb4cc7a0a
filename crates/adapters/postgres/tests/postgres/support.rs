//! Row inserts for the tests, in raw SQL: enum columns have no Rust mapping here.

use diesel::sql_types::{Nullable, Text, Uuid as SqlUuid};
use diesel::{PgConnection, RunQueryDsl as _};
use uuid::Uuid;

/// `SELECT count(*) …` as an i64.
pub use tastebuds_testkit::count;

/// Inserts a user with a unique email; returns its id.
pub fn insert_user(conn: &mut PgConnection) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query("INSERT INTO users (id, email, hashed_password) VALUES ($1, $2, 'x')")
        .bind::<SqlUuid, _>(id)
        .bind::<Text, _>(format!("{id}@example.com"))
        .execute(conn)
        .unwrap();
    id
}

/// Inserts a media item of `media_type` (an enum label); returns its id.
pub fn insert_media_item(conn: &mut PgConnection, media_type: &str, title: &str) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query(
        "INSERT INTO media_items (id, media_type, title) VALUES ($1, $2::media_type, $3)",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Text, _>(media_type)
    .bind::<Text, _>(title)
    .execute(conn)
    .unwrap();
    id
}

/// Inserts a tag owned by `owner` (global when `None`); returns its id.
pub fn insert_tag(conn: &mut PgConnection, owner: Option<Uuid>, name: &str) -> Uuid {
    let id = Uuid::now_v7();
    diesel::sql_query("INSERT INTO tags (id, owner_id, name) VALUES ($1, $2, $3)")
        .bind::<SqlUuid, _>(id)
        .bind::<Nullable<SqlUuid>, _>(owner)
        .bind::<Text, _>(name)
        .execute(conn)
        .unwrap();
    id
}

/// Creates the users and catalog items the tagging and user-state contract suites need,
/// through one connection of its own.
pub struct Seeder(std::sync::Mutex<PgConnection>);

impl Seeder {
    /// A seeder on `db`.
    pub fn new(db: &tastebuds_testkit::TestDb) -> Self {
        Self(std::sync::Mutex::new(db.connect()))
    }

    fn user_id(&self) -> Uuid {
        insert_user(&mut self.0.lock().unwrap())
    }

    fn media_item_id(&self) -> Uuid {
        insert_media_item(&mut self.0.lock().unwrap(), "book", "Seeded")
    }
}

#[async_trait::async_trait]
impl tastebuds_tagging::testing::TaggingFixtures for Seeder {
    async fn user(&self) -> tastebuds_kernel::UserId {
        tastebuds_kernel::UserId::from_uuid(self.user_id())
    }

    async fn media_item(&self) -> tastebuds_kernel::MediaItemId {
        tastebuds_kernel::MediaItemId::from_uuid(self.media_item_id())
    }
}

#[async_trait::async_trait]
impl tastebuds_user_state::testing::UserStateFixtures for Seeder {
    async fn user(&self) -> tastebuds_kernel::UserId {
        tastebuds_kernel::UserId::from_uuid(self.user_id())
    }

    async fn media_item(&self) -> tastebuds_kernel::MediaItemId {
        tastebuds_kernel::MediaItemId::from_uuid(self.media_item_id())
    }
}

/// One line of an `EXPLAIN`'s output.
#[derive(diesel::QueryableByName)]
pub struct PlanLine {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

/// The lines of an `EXPLAIN`, loaded as [`PlanLine`]s, as one text.
pub fn plan_text(lines: Vec<PlanLine>) -> String {
    lines
        .into_iter()
        .map(|l| l.line)
        .collect::<Vec<_>>()
        .join("\n")
}
