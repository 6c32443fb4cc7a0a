//! The catalog store against a real database: the domain's port contract suite, the
//! upsert races, atomicity, and what the tables hold.

use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::sql_types::{Text, Uuid as SqlUuid};
use diesel::{PgConnection, QueryableByName, RunQueryDsl as _};
use serde_json::{Value, json};
use tastebuds_kernel::MediaItemId;
use tastebuds_media::testing::{external_media, media_catalog_contract};
use tastebuds_media::{
    ExternalMedia, GameDetail, MediaCatalog, MediaDetails, MediaError, MediaType, SourceName,
    UpsertMode, UpsertStatus,
};
use tastebuds_postgres::{PgConfig, PgMediaCatalog, PgPool};
use tastebuds_testkit::TestDb;
use tokio::sync::Barrier;
use uuid::Uuid;

use crate::support::{count, insert_media_item};

/// A Google Books record with a reference no other test uses.
fn book(title: &str) -> ExternalMedia {
    let id = format!("vol{}", Uuid::now_v7().simple());
    external_media(SourceName::GoogleBooks, &id, MediaType::Book, title)
}

fn total(conn: &mut PgConnection, table: &str) -> i64 {
    count(conn, &format!("SELECT count(*) FROM {table}"))
}

/// The stored `raw_payload` and `metadata` of a reference.
fn stored_json(conn: &mut PgConnection, record: &ExternalMedia) -> (Value, Option<Value>) {
    #[derive(QueryableByName)]
    struct Stored {
        #[diesel(sql_type = diesel::sql_types::Jsonb)]
        raw_payload: Value,
        #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Jsonb>)]
        metadata: Option<Value>,
    }
    let stored: Stored = diesel::sql_query(
        "SELECT s.raw_payload, i.metadata FROM media_sources s
         JOIN media_items i ON i.id = s.media_item_id
         WHERE s.source_name = $1 AND s.external_id = $2",
    )
    .bind::<Text, _>(record.source.as_str())
    .bind::<Text, _>(&record.external_id)
    .get_result(conn)
    .unwrap();
    (stored.raw_payload, stored.metadata)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_catalog_keeps_the_contract() {
    let db = TestDb::new();
    media_catalog_contract(&PgMediaCatalog::new(db.pool())).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_upserts_of_one_reference_store_one_item() {
    let db = TestDb::new();
    let catalog = Arc::new(PgMediaCatalog::new(db.pool()));
    let mut conn = db.connect();
    const RACERS: usize = 4;

    for (round, mode) in [UpsertMode::InsertOrKeep, UpsertMode::InsertOrOverwrite]
        .into_iter()
        .cycle()
        .take(8)
        .enumerate()
    {
        let record = book(&format!("Race {round}"));
        let barrier = Arc::new(Barrier::new(RACERS));
        let racers: Vec<_> = (0..RACERS)
            .map(|_| {
                let (catalog, barrier, record) = (catalog.clone(), barrier.clone(), record.clone());
                tokio::spawn(async move {
                    barrier.wait().await;
                    catalog.upsert(&record, mode).await
                })
            })
            .collect();
        let mut outcomes = Vec::new();
        for racer in racers {
            outcomes.push(racer.await.unwrap().expect("no racer fails"));
        }

        let created = outcomes
            .iter()
            .filter(|outcome| outcome.status == UpsertStatus::Created)
            .count();
        assert_eq!(created, 1, "round {round} ({mode:?}): {outcomes:?}");
        let expected_other = match mode {
            UpsertMode::InsertOrKeep => UpsertStatus::Unchanged,
            UpsertMode::InsertOrOverwrite => UpsertStatus::Updated,
        };
        assert!(
            outcomes.iter().all(|outcome| outcome.id == outcomes[0].id
                && (outcome.status == UpsertStatus::Created || outcome.status == expected_other)),
            "round {round} ({mode:?}): {outcomes:?}"
        );
    }
    assert_eq!(
        total(&mut conn, "media_items"),
        8,
        "no duplicate or orphan item"
    );
    assert_eq!(total(&mut conn, "media_sources"), 8);
    assert_eq!(total(&mut conn, "book_items"), 8);
}

/// Waits until a session of this database waits for a lock.
async fn until_someone_waits_for_a_lock(conn: &mut PgConnection) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let waiting = count(
            conn,
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        if waiting > 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the upsert never waited for the lock"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// What [`lose_the_race`] observed.
struct Race {
    /// The record the losing upsert stored.
    record: ExternalMedia,
    /// The item the winning transaction committed.
    winner: Uuid,
    /// The losing upsert's outcome.
    outcome: Result<(MediaItemId, UpsertStatus), MediaError>,
    /// Last, so that it is dropped after everything using it.
    db: TestDb,
}

/// Another transaction inserts the reference (uncommitted) before the upsert looks it up;
/// the upsert must wait for it, then settle on its item.
async fn lose_the_race(mode: UpsertMode) -> Race {
    let db = TestDb::new();
    let catalog = PgMediaCatalog::new(db.pool());
    let record = book("The Winner's Title");
    let mut winner = db.connect();
    diesel::sql_query("BEGIN").execute(&mut winner).unwrap();
    let winner_item = insert_media_item(&mut winner, "book", "Stored First");
    diesel::sql_query(
        "INSERT INTO media_sources (id, media_item_id, source_name, external_id, raw_payload)
         VALUES ($1, $2, 'google_books', $3, '{}')",
    )
    .bind::<SqlUuid, _>(Uuid::now_v7())
    .bind::<SqlUuid, _>(winner_item)
    .bind::<Text, _>(&record.external_id)
    .execute(&mut winner)
    .unwrap();

    let loser = {
        let record = record.clone();
        tokio::spawn(async move { catalog.upsert(&record, mode).await })
    };
    until_someone_waits_for_a_lock(&mut db.connect()).await;
    diesel::sql_query("COMMIT").execute(&mut winner).unwrap();
    let outcome = loser
        .await
        .unwrap()
        .map(|outcome| (outcome.id, outcome.status));
    Race {
        record,
        winner: winner_item,
        outcome,
        db,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upsert_that_loses_the_insert_race_keeps_the_winners_item() {
    let Race {
        winner,
        outcome,
        db,
        ..
    } = lose_the_race(UpsertMode::InsertOrKeep).await;

    let (id, status) = outcome.expect("the loser does not fail");
    assert_eq!(id.as_uuid(), winner);
    assert_eq!(status, UpsertStatus::Unchanged);
    let mut conn = db.connect();
    assert_eq!(
        total(&mut conn, "media_items"),
        1,
        "the loser's item is gone"
    );
    assert_eq!(
        total(&mut conn, "book_items"),
        0,
        "and its extension row too"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overwrite_that_loses_the_insert_race_overwrites_the_winners_item() {
    let Race {
        record,
        winner,
        outcome,
        db,
    } = lose_the_race(UpsertMode::InsertOrOverwrite).await;

    let (id, status) = outcome.expect("the loser does not fail");
    assert_eq!(id.as_uuid(), winner);
    assert_eq!(status, UpsertStatus::Updated);
    let detail = PgMediaCatalog::new(db.pool())
        .get_detail(id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(detail.item.title, record.title);
    assert_eq!(detail.details.as_ref(), Some(&record.details));
    let mut conn = db.connect();
    assert_eq!(total(&mut conn, "media_items"), 1);
    assert_eq!(stored_json(&mut conn, &record).0, record.raw_payload);
}

#[tokio::test]
async fn a_new_item_is_written_once_with_its_extension_words_in_its_vector() {
    let db = TestDb::new();
    let catalog = PgMediaCatalog::new(db.pool());
    catalog
        .upsert(&book("Dune"), UpsertMode::InsertOrKeep)
        .await
        .unwrap();

    let mut conn = db.connect();
    // The author comes from the extension row, weighted D.
    let by_author = "SELECT count(*) FROM media_items \
                     WHERE search_vector @@ to_tsquery('english_unaccent', 'herbert:D')";
    assert_eq!(count(&mut conn, by_author), 1);
    // One row version: had the extension's trigger rewritten the item after its insert,
    // the first version (the first tuple of the empty table) would be dead.
    assert_eq!(
        count(
            &mut conn,
            "SELECT count(*) FROM media_items WHERE ctid = '(0,1)'"
        ),
        1
    );
}

/// How many statements prepared on `conn` insert into `table`.
fn prepared_inserts_into(conn: &mut PgConnection, table: &str) -> i64 {
    count(
        conn,
        &format!(
            "SELECT count(*) FROM pg_prepared_statements \
             WHERE statement LIKE 'INSERT INTO \"{table}\"%'"
        ),
    )
}

/// A new item's inserts are prepared once per connection and reused, so PostgreSQL does
/// not parse and plan them again for every ingested item (a `DEFAULT` for a missing value
/// or a conflict target named by its constraint would make Diesel send them unprepared).
#[tokio::test]
async fn a_new_items_inserts_stay_prepared_on_their_connection() {
    let db = TestDb::new();
    let config = PgConfig {
        max_connections: 1,
        ..PgConfig::default()
    };
    let pool = PgPool::build(&db.url(), &config).unwrap();
    let catalog = PgMediaCatalog::new(pool.clone());
    let mut without_details = book("Emma");
    without_details.source_url = None;
    without_details.details = MediaDetails::Book(Default::default());
    for record in [book("Dune"), without_details] {
        catalog
            .upsert(&record, UpsertMode::InsertOrKeep)
            .await
            .unwrap();
    }
    let prepared = pool
        .run(|conn| {
            Ok(["book_items", "media_items", "media_sources"]
                .map(|table| prepared_inserts_into(conn, table)))
        })
        .await
        .unwrap();
    assert_eq!(
        prepared,
        [1, 1, 1],
        "book_items, media_items, media_sources"
    );
}

#[tokio::test]
async fn a_failed_upsert_leaves_no_rows() {
    let db = TestDb::new();
    let catalog = PgMediaCatalog::new(db.pool());
    // The item and extension rows fit; the source row's external_id (varchar 255) does not.
    let mut record = book("Too Long a Reference");
    record.external_id = "x".repeat(256);

    let error = catalog
        .upsert(&record, UpsertMode::InsertOrKeep)
        .await
        .unwrap_err();

    assert!(matches!(error, MediaError::Unexpected(_)), "{error:?}");
    let mut conn = db.connect();
    for table in ["media_items", "book_items", "media_sources"] {
        assert_eq!(total(&mut conn, table), 0, "{table}");
    }
}

#[tokio::test]
async fn the_raw_payload_is_stored_kept_and_overwritten() {
    let db = TestDb::new();
    let catalog = PgMediaCatalog::new(db.pool());
    let mut conn = db.connect();
    let record = book("Payloads");
    catalog
        .upsert(&record, UpsertMode::InsertOrKeep)
        .await
        .unwrap();
    assert_eq!(
        stored_json(&mut conn, &record),
        (record.raw_payload.clone(), Some(record.metadata.clone()))
    );

    let mut refreshed = record.clone();
    refreshed.raw_payload = json!({"volumeInfo": {"title": "Payloads, revised"}});
    catalog
        .upsert(&refreshed, UpsertMode::InsertOrKeep)
        .await
        .unwrap();
    assert_eq!(
        stored_json(&mut conn, &record).0,
        record.raw_payload,
        "kept"
    );

    catalog
        .upsert(&refreshed, UpsertMode::InsertOrOverwrite)
        .await
        .unwrap();
    assert_eq!(stored_json(&mut conn, &record).0, refreshed.raw_payload);
}

#[tokio::test]
async fn null_metadata_is_stored_as_null_not_the_column_default() {
    let db = TestDb::new();
    let catalog = PgMediaCatalog::new(db.pool());
    let mut record = book("No Metadata");
    record.metadata = Value::Null;

    let id = catalog
        .upsert(&record, UpsertMode::InsertOrKeep)
        .await
        .unwrap()
        .id;

    assert_eq!(stored_json(&mut db.connect(), &record).1, None);
    let detail = catalog.get_detail(id).await.unwrap().unwrap();
    assert_eq!(detail.item.metadata, Value::Null);
}

#[tokio::test]
async fn an_overwrite_of_another_kind_replaces_the_extension_row() {
    let db = TestDb::new();
    let catalog = PgMediaCatalog::new(db.pool());
    let record = book("Shape Shifter");
    let id = catalog
        .upsert(&record, UpsertMode::InsertOrKeep)
        .await
        .unwrap()
        .id;

    let mut game = record.clone();
    game.media_type = MediaType::Game;
    game.details = MediaDetails::Game(GameDetail {
        platforms: Some(vec!["PC".to_owned()]),
        ..GameDetail::default()
    });
    catalog
        .upsert(&game, UpsertMode::InsertOrOverwrite)
        .await
        .unwrap();

    let mut conn = db.connect();
    assert_eq!(total(&mut conn, "book_items"), 0);
    assert_eq!(total(&mut conn, "game_items"), 1);
    let detail = catalog.get_detail(id).await.unwrap().unwrap();
    assert_eq!(detail.item.media_type, MediaType::Game);
    assert_eq!(detail.details, Some(game.details));
}

#[tokio::test]
async fn an_item_without_an_extension_row_has_no_details() {
    let db = TestDb::new();
    let item = insert_media_item(&mut db.connect(), "movie", "Bare");

    let detail = PgMediaCatalog::new(db.pool())
        .get_detail(MediaItemId::from_uuid(item))
        .await
        .unwrap()
        .unwrap();

    assert_eq!(detail.item.title, "Bare");
    assert_eq!(detail.details, None);
    assert!(detail.sources.is_empty());
    assert_eq!(detail.item.metadata, json!({}), "the column default");
}
