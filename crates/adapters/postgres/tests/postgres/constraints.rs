//! Constraints behave as the data model says, and surface through `StoreError` by name.

use diesel::sql_types::{Integer, Text, Uuid as SqlUuid};
use diesel::{Connection as _, PgConnection, QueryableByName, RunQueryDsl as _};
use tastebuds_postgres::StoreError;
use tastebuds_testkit::TestDb;
use uuid::Uuid;

use crate::support::{count, insert_media_item, insert_tag, insert_user};

fn insert_source(
    conn: &mut PgConnection,
    item: Uuid,
    external_id: &str,
) -> Result<usize, StoreError> {
    diesel::sql_query(
        "INSERT INTO media_sources (id, media_item_id, source_name, external_id, raw_payload)
         VALUES ($1, $2, 'tmdb', $3, '{}')",
    )
    .bind::<SqlUuid, _>(Uuid::now_v7())
    .bind::<SqlUuid, _>(item)
    .bind::<Text, _>(external_id)
    .execute(conn)
    .map_err(StoreError::from)
}

#[tokio::test]
async fn duplicate_source_is_a_named_unique_violation() {
    let db = TestDb::new();
    let pool = db.pool();
    let error = pool
        .run(|conn| {
            let first = insert_media_item(conn, "movie", "The Matrix");
            let second = insert_media_item(conn, "tv", "Another");
            insert_source(conn, first, "movie:603")?;
            insert_source(conn, second, "tv:603")?; // same number, other kind: fine
            insert_source(conn, second, "movie:603")
        })
        .await
        .unwrap_err();
    assert_eq!(
        error.unique_violation(),
        Some("media_sources_source_name_external_id_key")
    );
    assert_eq!(error.foreign_key_violation(), None);
}

#[tokio::test]
async fn source_for_a_missing_item_is_a_named_foreign_key_violation() {
    let db = TestDb::new();
    let error = db
        .pool()
        .run(|conn| insert_source(conn, Uuid::now_v7(), "x"))
        .await
        .unwrap_err();
    assert_eq!(
        error.foreign_key_violation(),
        Some("media_sources_media_item_id_fkey")
    );
}

#[tokio::test]
async fn an_extension_row_for_a_missing_item_is_refused_at_commit() {
    let db = TestDb::new();
    // The reference is checked at commit (ingestion writes the extension row first), so
    // the insert itself goes through and the commit fails, leaving nothing behind.
    let error = db
        .pool()
        .run(|conn| {
            conn.transaction(|conn| {
                diesel::sql_query("INSERT INTO book_items (media_item_id) VALUES ($1)")
                    .bind::<SqlUuid, _>(Uuid::now_v7())
                    .execute(conn)
            })
            .map_err(StoreError::from)
        })
        .await
        .unwrap_err();
    assert_eq!(
        error.foreign_key_violation(),
        Some("book_items_media_item_id_fkey")
    );
    let mut conn = db.connect();
    assert_eq!(count(&mut conn, "SELECT count(*) FROM book_items"), 0);
}

#[test]
fn deleting_a_user_deletes_their_tags_but_not_global_ones() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let user = insert_user(&mut conn);
    let other = insert_user(&mut conn);
    insert_tag(&mut conn, Some(user), "mine");
    insert_tag(&mut conn, Some(other), "mine");
    insert_tag(&mut conn, None, "classic");

    diesel::sql_query("DELETE FROM users WHERE id = $1")
        .bind::<SqlUuid, _>(user)
        .execute(&mut conn)
        .unwrap();

    assert_eq!(count(&mut conn, "SELECT count(*) FROM tags"), 2);
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM tags WHERE owner_id IS NULL"
        ),
        1
    );
}

#[test]
fn tag_names_are_unique_per_owner_only() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let user = insert_user(&mut conn);
    insert_tag(&mut conn, None, "classic");
    insert_tag(&mut conn, None, "classic"); // NULL owners are not constrained
    let error = diesel::sql_query(
        "INSERT INTO tags (id, owner_id, name) VALUES ($1, $2, 'x'), ($3, $2, 'x')",
    )
    .bind::<SqlUuid, _>(Uuid::now_v7())
    .bind::<SqlUuid, _>(user)
    .bind::<SqlUuid, _>(Uuid::now_v7())
    .execute(&mut conn)
    .map_err(StoreError::from)
    .unwrap_err();
    assert_eq!(error.unique_violation(), Some("tags_owner_id_name_key"));
}

fn insert_state(
    conn: &mut PgConnection,
    user: Uuid,
    item: Uuid,
    rating: i32,
) -> Result<usize, StoreError> {
    diesel::sql_query(
        "INSERT INTO user_item_states (id, user_id, media_item_id, status, rating)
         VALUES ($1, $2, $3, 'consumed', $4)",
    )
    .bind::<SqlUuid, _>(Uuid::now_v7())
    .bind::<SqlUuid, _>(user)
    .bind::<SqlUuid, _>(item)
    .bind::<Integer, _>(rating)
    .execute(conn)
    .map_err(StoreError::from)
}

#[test]
fn rating_check_rejects_eleven_and_accepts_ten() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let user = insert_user(&mut conn);
    let item = insert_media_item(&mut conn, "game", "Hades");
    let error = insert_state(&mut conn, user, item, 11).unwrap_err();
    assert_eq!(
        error.check_violation(),
        Some("user_item_states_rating_check")
    );
    assert_eq!(insert_state(&mut conn, user, item, 10).unwrap(), 1);
    let error = insert_state(&mut conn, user, item, 5).unwrap_err();
    assert_eq!(
        error.unique_violation(),
        Some("user_item_states_user_id_media_item_id_key")
    );
}

#[test]
fn log_checks_bound_minutes_and_progress() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let user = insert_user(&mut conn);
    let item = insert_media_item(&mut conn, "book", "Dune");
    let mut log = |column: &str, value: i32| {
        diesel::sql_query(format!(
            "INSERT INTO user_item_logs (id, user_id, media_item_id, log_type, {column})
             VALUES ($1, $2, $3, 'progress', $4)"
        ))
        .bind::<SqlUuid, _>(Uuid::now_v7())
        .bind::<SqlUuid, _>(user)
        .bind::<SqlUuid, _>(item)
        .bind::<Integer, _>(value)
        .execute(&mut conn)
        .map_err(StoreError::from)
    };
    assert_eq!(
        log("minutes_spent", -1).unwrap_err().check_violation(),
        Some("user_item_logs_minutes_spent_check")
    );
    assert_eq!(
        log("progress_percent", 101).unwrap_err().check_violation(),
        Some("user_item_logs_progress_percent_check")
    );
    assert!(log("progress_percent", 100).is_ok());
}

fn insert_menu_with_courses(conn: &mut PgConnection) -> (Uuid, Uuid, Uuid) {
    let owner = insert_user(conn);
    let menu = Uuid::now_v7();
    diesel::sql_query("INSERT INTO menus (id, owner_id, title, slug) VALUES ($1, $2, 'Noir', $3)")
        .bind::<SqlUuid, _>(menu)
        .bind::<SqlUuid, _>(owner)
        .bind::<Text, _>(format!("noir-{menu}"))
        .execute(conn)
        .unwrap();
    let mut course = |position: i32| {
        let id = Uuid::now_v7();
        diesel::sql_query(
            "INSERT INTO courses (id, menu_id, title, position) VALUES ($1, $2, 'c', $3)",
        )
        .bind::<SqlUuid, _>(id)
        .bind::<SqlUuid, _>(menu)
        .bind::<Integer, _>(position)
        .execute(conn)
        .unwrap();
        id
    };
    let first = course(1);
    let second = course(2);
    (menu, first, second)
}

fn set_position(
    conn: &mut PgConnection,
    course: Uuid,
    position: i32,
) -> diesel::QueryResult<usize> {
    diesel::sql_query("UPDATE courses SET position = $2 WHERE id = $1")
        .bind::<SqlUuid, _>(course)
        .bind::<Integer, _>(position)
        .execute(conn)
}

#[test]
fn course_positions_are_unique_but_deferrable_within_a_transaction() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let (_, first, second) = insert_menu_with_courses(&mut conn);

    let error = StoreError::from(set_position(&mut conn, first, 2).unwrap_err());
    assert_eq!(
        error.unique_violation(),
        Some("courses_menu_id_position_key")
    );

    conn.transaction(|conn| {
        diesel::sql_query("SET CONSTRAINTS courses_menu_id_position_key DEFERRED").execute(conn)?;
        set_position(conn, first, 2)?; // duplicate for a moment
        set_position(conn, second, 1)
    })
    .unwrap();

    #[derive(QueryableByName)]
    struct Position {
        #[diesel(sql_type = Integer)]
        position: i32,
    }
    let swapped = diesel::sql_query("SELECT position FROM courses WHERE id = $1")
        .bind::<SqlUuid, _>(first)
        .get_result::<Position>(&mut conn)
        .unwrap();
    assert_eq!(swapped.position, 2);
}

#[test]
fn deferred_duplicates_still_fail_at_commit() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let (_, first, _) = insert_menu_with_courses(&mut conn);
    let error = conn
        .transaction(|conn| {
            diesel::sql_query("SET CONSTRAINTS courses_menu_id_position_key DEFERRED")
                .execute(conn)?;
            set_position(conn, first, 2)
        })
        .map_err(StoreError::from)
        .unwrap_err();
    assert_eq!(
        error.unique_violation(),
        Some("courses_menu_id_position_key")
    );
}

#[test]
fn deleting_a_media_item_removes_it_from_menus() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let (_, course, _) = insert_menu_with_courses(&mut conn);
    let item = insert_media_item(&mut conn, "movie", "Chinatown");
    diesel::sql_query(
        "INSERT INTO course_items (id, course_id, media_item_id, position) VALUES ($1, $2, $3, 1)",
    )
    .bind::<SqlUuid, _>(Uuid::now_v7())
    .bind::<SqlUuid, _>(course)
    .bind::<SqlUuid, _>(item)
    .execute(&mut conn)
    .unwrap();
    diesel::sql_query("DELETE FROM media_items WHERE id = $1")
        .bind::<SqlUuid, _>(item)
        .execute(&mut conn)
        .unwrap();
    assert_eq!(count(&mut conn, "SELECT count(*) FROM course_items"), 0);
}

#[derive(QueryableByName, Debug)]
struct Named {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    table_name: String,
}

/// Every constraint is `<table>_…_{pkey,fkey,key,check}` and every other index is
/// `ix_<table>_…`: the names the adapter maps errors by are predictable.
#[test]
fn constraints_and_indexes_follow_the_naming_convention() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let constraints: Vec<Named> = diesel::sql_query(
        "SELECT conname::text AS name, conrelid::regclass::text AS table_name
         FROM pg_constraint
         WHERE connamespace = 'public'::regnamespace
           AND conrelid <> '__diesel_schema_migrations'::regclass",
    )
    .load(&mut conn)
    .unwrap();
    assert!(constraints.len() > 50);
    let bad: Vec<_> = constraints
        .iter()
        .filter(|c| {
            !c.name.starts_with(&format!("{}_", c.table_name))
                || !["_pkey", "_fkey", "_key", "_check"]
                    .iter()
                    .any(|suffix| c.name.ends_with(suffix))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "constraints off the naming convention: {bad:#?}"
    );

    let indexes: Vec<Named> = diesel::sql_query(
        "SELECT i.indexrelid::regclass::text AS name, i.indrelid::regclass::text AS table_name
         FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
         WHERE c.relnamespace = 'public'::regnamespace
           AND c.relname <> '__diesel_schema_migrations'
           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
    )
    .load(&mut conn)
    .unwrap();
    assert!(indexes.len() > 10);
    let bad: Vec<_> = indexes
        .iter()
        .filter(|i| !i.name.starts_with(&format!("ix_{}_", i.table_name)))
        .collect();
    assert!(
        bad.is_empty(),
        "indexes off the naming convention: {bad:#?}"
    );
}
