//! `PgAvailabilityStore`: the shared contract, and how many statements its calls send.

use std::sync::Arc;

use tastebuds_kernel::MediaItemId;
use tastebuds_media::testing::{availability_store_contract, external_media};
use tastebuds_media::{
    AvailabilityEntry, AvailabilityKey, AvailabilityStatus, AvailabilityUpdate, CatalogService,
    Format, MediaCatalog, MediaType, Provider, Region, SourceName, UpsertMode,
};
use tastebuds_postgres::{PgAvailabilityStore, PgMediaCatalog};
use tastebuds_testkit::TestDb;

use crate::statements::{during, record_statements};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pg_availability_store_keeps_the_contract() {
    let db = TestDb::new();
    availability_store_contract(
        &PgAvailabilityStore::new(db.pool()),
        &PgMediaCatalog::new(db.pool()),
    )
    .await;
}

fn entry(provider: &str, region: &str) -> AvailabilityEntry {
    AvailabilityEntry {
        key: AvailabilityKey {
            provider: Provider::parse(provider).unwrap(),
            region: Region::parse(region).unwrap(),
            format: Format::parse("stream").unwrap(),
        },
        status: AvailabilityStatus::Available,
        deeplink_url: None,
        last_checked_at: None,
    }
}

/// Statements that touch the availability table.
fn on_availability(sent: &[String]) -> Vec<&String> {
    sent.iter()
        .filter(|sql| sql.contains("media_item_availability"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn summaries_of_any_number_of_items_take_one_query_and_a_put_two() {
    record_statements();
    let db = TestDb::new();
    let catalog = Arc::new(PgMediaCatalog::new(db.pool()));
    let service = CatalogService::new(
        catalog.clone(),
        Arc::new(PgAvailabilityStore::new(db.pool())),
        Vec::new(),
    );
    let mut items = Vec::new();
    for n in 0..12 {
        let record = external_media(
            SourceName::Tmdb,
            &format!("movie:{n}"),
            MediaType::Movie,
            "Item",
        );
        items.push(
            catalog
                .upsert(&record, UpsertMode::InsertOrKeep)
                .await
                .unwrap()
                .id,
        );
    }
    for (n, item) in items.iter().enumerate() {
        let entries = (0..=n % 3).map(|k| entry(&format!("P{k}"), "US")).collect();
        let (rows, sent) = during(
            &db,
            service.put_availability(*item, AvailabilityUpdate::new(entries).unwrap()),
        )
        .await;
        assert_eq!(rows.unwrap().len(), n % 3 + 1);
        assert_eq!(
            on_availability(&sent).len(),
            2,
            "a PUT locks the item's rows, then upserts them all at once: {sent:#?}"
        );
    }

    for wanted in [&items[..2], &items[..]] {
        let mut ids: Vec<MediaItemId> = wanted.to_vec();
        ids.push(MediaItemId::new());
        let (summaries, sent) = during(&db, service.availability_summaries(&ids)).await;
        assert_eq!(summaries.unwrap().len(), wanted.len());
        assert_eq!(on_availability(&sent).len(), 1, "{sent:#?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ingest_locks_availability_rows_only_for_an_item_it_did_not_just_create() {
    record_statements();
    let db = TestDb::new();
    let catalog = PgMediaCatalog::new(db.pool());
    let store = PgAvailabilityStore::new(db.pool());
    let record = external_media(SourceName::Tmdb, "movie:42", MediaType::Movie, "Locked");
    let locks = |sent: &[String]| {
        on_availability(sent)
            .into_iter()
            .filter(|sql| sql.contains("FOR UPDATE"))
            .count()
    };
    let inserts = |sent: &[String]| {
        on_availability(sent)
            .into_iter()
            .filter(|sql| sql.starts_with("INSERT"))
            .count()
    };
    let mut seen = Vec::new();
    for _ in 0..2 {
        let change = tastebuds_media::AvailabilityChange {
            store: &store,
            plan: Box::new(|_| {
                vec![tastebuds_media::AvailabilityWrite {
                    key: entry("Mubi", "FR").key,
                    status: AvailabilityStatus::Available,
                    deeplink_url: None,
                    last_checked_at: None,
                    origin: None,
                }]
            }),
            now: chrono::Utc::now(),
        };
        let ingest = catalog.upsert_detail(&record, UpsertMode::InsertOrKeep, Some(change));
        let (outcome, sent) = during(&db, ingest).await;
        seen.push((outcome.unwrap().status, locks(&sent), inserts(&sent)));
    }
    assert_eq!(
        seen,
        vec![
            (tastebuds_media::UpsertStatus::Created, 0, 1),
            (tastebuds_media::UpsertStatus::Unchanged, 1, 1),
        ],
        "(status, locking reads, upserts) of a new item, then of the stored one"
    );
}
