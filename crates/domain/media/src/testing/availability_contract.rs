//! The [`AvailabilityStore`] contract: rules every implementation must follow. Each check
//! stores fresh items, so the suite also runs on a catalog that already holds data. A
//! broken rule panics with a message naming it.

use std::fmt::Display;

use chrono::{DateTime, SubsecRound as _, TimeDelta, Utc};
use tastebuds_kernel::MediaItemId;

use crate::availability::{
    AvailabilityKey, AvailabilityRecord, AvailabilityStatus, AvailabilityStore, AvailabilityWrite,
    DeepLink, Format, Provider, Region,
};
use crate::error::MediaError;
use crate::kind::{MediaType, SourceName};
use crate::ports::{AvailabilityChange, MediaCatalog, UpsertMode, UpsertStatus};
use crate::testing::external_media;

/// Runs every contract check against `store`, creating items through `catalog` (the
/// same database).
///
/// # Panics
/// When `store` breaks a rule of [`AvailabilityStore`]; the message names the rule.
pub async fn availability_store_contract(
    store: &dyn AvailabilityStore,
    catalog: &dyn MediaCatalog,
) {
    a_change_inserts_rows_sorted_by_provider_region_format(store, catalog).await;
    a_change_overwrites_only_the_keys_it_writes(store, catalog).await;
    the_plan_sees_the_stored_rows(store, catalog).await;
    an_unknown_item_is_not_found_and_has_no_rows(store).await;
    many_items_are_listed_together(store, catalog).await;
    an_upsert_applies_its_availability_change(store, catalog).await;
}

fn ok<T, E: Display>(result: Result<T, E>, what: &str) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("AvailabilityStore contract: {what} failed: {error}"),
    }
}

/// "Now" as storage keeps it (microseconds).
fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

async fn new_item(catalog: &dyn MediaCatalog) -> MediaItemId {
    let external_id = format!(
        "movie:{}",
        uuid::Uuid::now_v7().as_u128() % 1_000_000_000_000
    );
    let record = external_media(SourceName::Tmdb, &external_id, MediaType::Movie, "Contract");
    ok(
        catalog.upsert(&record, UpsertMode::InsertOrKeep).await,
        "creating an item",
    )
    .id
}

fn key(provider: &str, region: &str, format: &str) -> AvailabilityKey {
    AvailabilityKey {
        provider: ok(Provider::parse(provider), "a provider"),
        region: ok(Region::parse(region), "a region"),
        format: ok(Format::parse(format), "a format"),
    }
}

fn write(
    provider: &str,
    region: &str,
    format: &str,
    status: AvailabilityStatus,
) -> AvailabilityWrite {
    AvailabilityWrite {
        key: key(provider, region, format),
        status,
        deeplink_url: None,
        last_checked_at: None,
        origin: None,
    }
}

fn keys(rows: &[AvailabilityRecord]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|row| {
            (
                row.key.provider.as_str().to_owned(),
                row.key.region.as_str().to_owned(),
                row.key.format.as_str().to_owned(),
            )
        })
        .collect()
}

fn owned(keys: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    keys.iter()
        .map(|(p, r, f)| ((*p).to_owned(), (*r).to_owned(), (*f).to_owned()))
        .collect()
}

async fn change(
    store: &dyn AvailabilityStore,
    item: MediaItemId,
    writes: Vec<AvailabilityWrite>,
    at: DateTime<Utc>,
    what: &str,
) -> Vec<AvailabilityRecord> {
    ok(
        store.change(item, Box::new(move |_| writes), at).await,
        what,
    )
}

async fn a_change_inserts_rows_sorted_by_provider_region_format(
    store: &dyn AvailabilityStore,
    catalog: &dyn MediaCatalog,
) {
    const RULE: &str = "change inserts rows, returned sorted by provider, region, format";
    let item = new_item(catalog).await;
    let at = now();
    let checked = at - TimeDelta::days(2);
    let mut linked = write("Netflix", "US", "stream", AvailabilityStatus::Available);
    linked.deeplink_url = Some(ok(DeepLink::parse("https://netflix.example/t/1"), "a link"));
    linked.last_checked_at = Some(checked);
    linked.origin = Some(SourceName::Tmdb);
    let writes = vec![
        linked,
        write("Apple TV", "US", "rent", AvailabilityStatus::Unknown),
        write("Apple TV", "GB", "rent", AvailabilityStatus::Unavailable),
        write("Apple TV", "GB", "buy", AvailabilityStatus::Available),
    ];

    let rows = change(store, item, writes, at, RULE).await;

    let expected = owned(&[
        ("Apple TV", "GB", "buy"),
        ("Apple TV", "GB", "rent"),
        ("Apple TV", "US", "rent"),
        ("Netflix", "US", "stream"),
    ]);
    assert_eq!(keys(&rows), expected, "{RULE}");
    assert_eq!(
        keys(&ok(store.list(item).await, RULE)),
        expected,
        "{RULE}: list"
    );
    let netflix = &rows[3];
    assert_eq!(netflix.media_item_id, item, "{RULE}: item");
    assert_eq!(
        netflix.status,
        AvailabilityStatus::Available,
        "{RULE}: status"
    );
    assert_eq!(
        netflix.deeplink_url.as_ref().map(DeepLink::as_str),
        Some("https://netflix.example/t/1"),
        "{RULE}: link"
    );
    assert_eq!(netflix.last_checked_at, Some(checked), "{RULE}: last check");
    assert_eq!(netflix.origin, Some(SourceName::Tmdb), "{RULE}: origin");
    assert_eq!(
        (netflix.created_at, netflix.updated_at),
        (at, at),
        "{RULE}: timestamps"
    );
    assert_eq!(
        rows[1].status,
        AvailabilityStatus::Unavailable,
        "{RULE}: status"
    );
    assert_eq!(rows[1].origin, None, "{RULE}: no origin");
}

async fn a_change_overwrites_only_the_keys_it_writes(
    store: &dyn AvailabilityStore,
    catalog: &dyn MediaCatalog,
) {
    const RULE: &str = "change overwrites the keys it writes in place and leaves the others";
    let item = new_item(catalog).await;
    let first = now() - TimeDelta::hours(1);
    let before = change(
        store,
        item,
        vec![
            write("Hulu", "US", "stream", AvailabilityStatus::Available),
            write("Max", "US", "stream", AvailabilityStatus::Available),
        ],
        first,
        RULE,
    )
    .await;
    let later = now();
    let mut hulu = write("Hulu", "US", "stream", AvailabilityStatus::Unavailable);
    hulu.origin = Some(SourceName::Tmdb);

    let after = change(
        store,
        item,
        vec![
            hulu,
            write("Peacock", "US", "free", AvailabilityStatus::Available),
        ],
        later,
        RULE,
    )
    .await;

    assert_eq!(
        keys(&after),
        owned(&[
            ("Hulu", "US", "stream"),
            ("Max", "US", "stream"),
            ("Peacock", "US", "free")
        ]),
        "{RULE}"
    );
    assert_eq!(after[0].id, before[0].id, "{RULE}: same id");
    assert_eq!(
        after[0].status,
        AvailabilityStatus::Unavailable,
        "{RULE}: status"
    );
    assert_eq!(after[0].origin, Some(SourceName::Tmdb), "{RULE}: origin");
    assert_eq!(after[0].created_at, first, "{RULE}: created_at kept");
    assert_eq!(after[0].updated_at, later, "{RULE}: updated_at");
    assert_eq!(after[1], before[1], "{RULE}: an unsent key is untouched");
}

async fn the_plan_sees_the_stored_rows(store: &dyn AvailabilityStore, catalog: &dyn MediaCatalog) {
    const RULE: &str = "the plan receives the item's stored rows";
    let item = new_item(catalog).await;
    let at = now();
    let stored = change(
        store,
        item,
        vec![write("Tubi", "CA", "free", AvailabilityStatus::Available)],
        at,
        RULE,
    )
    .await;
    let rows = ok(
        store
            .change(
                item,
                Box::new(|seen| {
                    seen.iter()
                        .map(|row| AvailabilityWrite {
                            key: row.key.clone(),
                            status: AvailabilityStatus::Unavailable,
                            deeplink_url: None,
                            last_checked_at: row.last_checked_at,
                            origin: row.origin,
                        })
                        .collect()
                }),
                at,
            )
            .await,
        RULE,
    );
    assert_eq!(rows.len(), 1, "{RULE}");
    assert_eq!(rows[0].id, stored[0].id, "{RULE}");
    assert_eq!(rows[0].status, AvailabilityStatus::Unavailable, "{RULE}");
}

async fn an_unknown_item_is_not_found_and_has_no_rows(store: &dyn AvailabilityStore) {
    const RULE: &str = "an unknown item is NotFound on a write and has no rows";
    let unknown = MediaItemId::new();
    let result = store
        .change(
            unknown,
            Box::new(|_| {
                vec![write(
                    "Netflix",
                    "US",
                    "stream",
                    AvailabilityStatus::Available,
                )]
            }),
            now(),
        )
        .await;
    assert!(
        matches!(result, Err(MediaError::NotFound(id)) if id == unknown),
        "{RULE}: got {result:?}"
    );
    let nothing = ok(
        store.change(unknown, Box::new(|_| Vec::new()), now()).await,
        RULE,
    );
    assert!(nothing.is_empty(), "{RULE}: an empty change writes nothing");
    assert!(
        ok(store.list(unknown).await, RULE).is_empty(),
        "{RULE}: list"
    );
}

async fn many_items_are_listed_together(store: &dyn AvailabilityStore, catalog: &dyn MediaCatalog) {
    const RULE: &str = "list_many returns the rows of every listed item, sorted by item then key";
    let (first, second, bare) = (
        new_item(catalog).await,
        new_item(catalog).await,
        new_item(catalog).await,
    );
    let at = now();
    for item in [first, second] {
        change(
            store,
            item,
            vec![
                write("Max", "US", "stream", AvailabilityStatus::Available),
                write("Hulu", "US", "stream", AvailabilityStatus::Available),
            ],
            at,
            RULE,
        )
        .await;
    }

    let rows = ok(
        store
            .list_many(&[second, bare, MediaItemId::new(), first, second])
            .await,
        RULE,
    );

    let (low, high) = if first < second {
        (first, second)
    } else {
        (second, first)
    };
    let got: Vec<(MediaItemId, String)> = rows
        .iter()
        .map(|row| (row.media_item_id, row.key.provider.as_str().to_owned()))
        .collect();
    assert_eq!(
        got,
        [
            (low, "Hulu".to_owned()),
            (low, "Max".to_owned()),
            (high, "Hulu".to_owned()),
            (high, "Max".to_owned()),
        ],
        "{RULE}"
    );
    assert!(
        ok(store.list_many(&[]).await, RULE).is_empty(),
        "{RULE}: no ids"
    );
}

async fn an_upsert_applies_its_availability_change(
    store: &dyn AvailabilityStore,
    catalog: &dyn MediaCatalog,
) {
    const RULE: &str = "upsert_detail applies its availability change to the item's rows";
    let external_id = format!(
        "movie:{}",
        uuid::Uuid::now_v7().as_u128() % 1_000_000_000_000
    );
    let record = external_media(SourceName::Tmdb, &external_id, MediaType::Movie, "Paired");
    let at = now();
    let first = AvailabilityChange {
        store,
        plan: Box::new(|existing| {
            assert!(existing.is_empty(), "{RULE}: a new item has no rows");
            vec![write("Mubi", "FR", "stream", AvailabilityStatus::Available)]
        }),
        now: at,
    };
    let created = ok(
        catalog
            .upsert_detail(&record, UpsertMode::InsertOrKeep, Some(first))
            .await,
        RULE,
    );
    assert_eq!(created.status, UpsertStatus::Created, "{RULE}: created");
    let item = created.detail.item.id;
    let rows = ok(store.list(item).await, RULE);
    assert_eq!(keys(&rows), owned(&[("Mubi", "FR", "stream")]), "{RULE}");
    assert_eq!(
        rows[0].created_at, at,
        "{RULE}: written at the change's now"
    );

    let later = now();
    let second = AvailabilityChange {
        store,
        plan: Box::new(|existing| {
            assert_eq!(
                keys(existing),
                owned(&[("Mubi", "FR", "stream")]),
                "{RULE}: the plan sees the stored rows"
            );
            vec![write(
                "Mubi",
                "FR",
                "stream",
                AvailabilityStatus::Unavailable,
            )]
        }),
        now: later,
    };
    let kept = ok(
        catalog
            .upsert_detail(&record, UpsertMode::InsertOrKeep, Some(second))
            .await,
        RULE,
    );
    assert_eq!(kept.detail.item.id, item, "{RULE}: same item");
    let rows = ok(store.list(item).await, RULE);
    assert_eq!(rows.len(), 1, "{RULE}: one row per key");
    assert_eq!(
        (rows[0].status, rows[0].updated_at),
        (AvailabilityStatus::Unavailable, later),
        "{RULE}: overwritten in place"
    );
}
