use std::sync::Arc;

use serde_json::json;
use tastebuds_kernel::MediaItemId;

use super::*;
use crate::columns::{EXTERNAL_ID_MAX_CHARS, TITLE_MAX_CHARS, URL_MAX_CHARS};
use crate::kind::MediaType;
use crate::payload::{METADATA_MAX_BYTES, RAW_PAYLOAD_MAX_BYTES, is_truncated};
use crate::source::SourceError;
use crate::testing::{FakeSource, InMemoryMediaCatalog, external_media, media_catalog_contract};

struct Harness {
    catalog: Arc<InMemoryMediaCatalog>,
    tmdb: Arc<FakeSource>,
    service: CatalogService,
}

fn harness() -> Harness {
    let catalog = Arc::new(InMemoryMediaCatalog::new());
    let tmdb = Arc::new(
        FakeSource::new(SourceName::Tmdb)
            .with_record(external_media(
                SourceName::Tmdb,
                "movie:603",
                MediaType::Movie,
                "The Matrix",
            ))
            .with_alias("603", "movie:603"),
    );
    let books = Arc::new(FakeSource::new(SourceName::GoogleBooks));
    let service = CatalogService::new(catalog.clone(), catalog.clone(), vec![tmdb.clone(), books]);
    Harness {
        catalog,
        tmdb,
        service,
    }
}

#[tokio::test]
async fn the_in_memory_catalog_honours_the_port_contract() {
    media_catalog_contract(&InMemoryMediaCatalog::new()).await;
}

#[tokio::test]
async fn a_first_ingest_fetches_and_creates_the_item() {
    let h = harness();

    let outcome = h
        .service
        .ingest(SourceName::Tmdb, "movie:603", false)
        .await
        .unwrap();

    assert_eq!(outcome.status, UpsertStatus::Created);
    assert_eq!(outcome.detail.item.title, "The Matrix");
    assert_eq!(outcome.detail.sources[0].external_id, "movie:603");
    assert_eq!(h.tmdb.fetch_calls(), 1);
    assert_eq!(h.catalog.len(), 1);
}

#[tokio::test]
async fn a_known_canonical_id_is_served_from_the_catalog_without_calling_upstream() {
    let h = harness();
    let first = h
        .service
        .ingest(SourceName::Tmdb, "movie:603", false)
        .await
        .unwrap();

    let again = h
        .service
        .ingest(SourceName::Tmdb, "  movie:603 ", false)
        .await
        .unwrap();

    assert_eq!(again.status, UpsertStatus::Unchanged);
    assert_eq!(again.detail.item.id, first.detail.item.id);
    assert_eq!(
        h.tmdb.fetch_calls(),
        1,
        "the second ingest must not call upstream"
    );
}

#[tokio::test]
async fn a_non_canonical_identifier_fetches_but_keeps_the_stored_item() {
    let h = harness();
    let first = h
        .service
        .ingest(SourceName::Tmdb, "movie:603", false)
        .await
        .unwrap();
    let mut changed = external_media(SourceName::Tmdb, "movie:603", MediaType::Movie, "Renamed");
    changed.metadata = json!({ "changed": true });
    h.tmdb.set_record(changed);

    let by_bare_number = h
        .service
        .ingest(SourceName::Tmdb, "603", false)
        .await
        .unwrap();

    assert_eq!(h.tmdb.fetch_calls(), 2, "only upstream knows what `603` is");
    assert_eq!(by_bare_number.status, UpsertStatus::Unchanged);
    assert_eq!(by_bare_number.detail.item.id, first.detail.item.id);
    assert_eq!(by_bare_number.detail.item.title, "The Matrix");
    assert_eq!(h.catalog.len(), 1);
}

#[tokio::test]
async fn force_refresh_fetches_again_and_overwrites_in_place() {
    let h = harness();
    let first = h
        .service
        .ingest(SourceName::Tmdb, "movie:603", false)
        .await
        .unwrap();
    h.tmdb.set_record(external_media(
        SourceName::Tmdb,
        "movie:603",
        MediaType::Movie,
        "The Matrix (Remastered)",
    ));

    let refreshed = h
        .service
        .ingest(SourceName::Tmdb, "movie:603", true)
        .await
        .unwrap();

    assert_eq!(h.tmdb.fetch_calls(), 2);
    assert_eq!(refreshed.status, UpsertStatus::Updated);
    assert_eq!(refreshed.detail.item.id, first.detail.item.id);
    assert_eq!(refreshed.detail.item.title, "The Matrix (Remastered)");
    assert_eq!(h.catalog.len(), 1);
}

#[tokio::test]
async fn force_refresh_of_an_unknown_record_creates_it() {
    let h = harness();

    let outcome = h
        .service
        .ingest(SourceName::Tmdb, "603", true)
        .await
        .unwrap();

    assert_eq!(outcome.status, UpsertStatus::Created);
    assert_eq!(outcome.detail.sources[0].external_id, "movie:603");
}

#[tokio::test]
async fn a_blank_identifier_is_required_and_never_reaches_upstream() {
    let h = harness();

    for blank in ["", "   ", "\t\n"] {
        let error = h
            .service
            .ingest(SourceName::Tmdb, blank, false)
            .await
            .unwrap_err();
        assert!(
            matches!(error, MediaError::IdentifierRequired),
            "{blank:?}: {error:?}"
        );
    }
    assert_eq!(h.tmdb.fetch_calls(), 0);
}

#[tokio::test]
async fn an_unparseable_identifier_is_invalid() {
    let h = harness();

    let error = h
        .service
        .ingest(SourceName::Tmdb, "the matrix", false)
        .await
        .unwrap_err();

    assert!(
        matches!(error, MediaError::InvalidIdentifier(_)),
        "{error:?}"
    );
    assert_eq!(h.tmdb.fetch_calls(), 0);
}

#[tokio::test]
async fn a_source_not_configured_into_the_service_is_unknown() {
    let h = harness();

    let error = h
        .service
        .ingest(SourceName::Igdb, "7346", false)
        .await
        .unwrap_err();

    assert!(
        matches!(error, MediaError::UnknownSource(ref name) if name == "igdb"),
        "{error:?}"
    );
}

#[tokio::test]
async fn upstream_failures_surface_as_source_errors_and_store_nothing() {
    let h = harness();
    h.tmdb
        .fail_next_fetch(SourceError::RateLimited { retry_after: None });

    let limited = h
        .service
        .ingest(SourceName::Tmdb, "movie:603", false)
        .await
        .unwrap_err();
    let missing = h
        .service
        .ingest(SourceName::Tmdb, "movie:1", false)
        .await
        .unwrap_err();

    assert!(
        matches!(limited, MediaError::Source(SourceError::RateLimited { .. })),
        "{limited:?}"
    );
    assert!(
        matches!(missing, MediaError::Source(SourceError::NotFound)),
        "{missing:?}"
    );
    assert!(h.catalog.is_empty());
}

#[tokio::test]
async fn oversized_payloads_are_capped_before_they_are_stored() {
    let catalog = Arc::new(InMemoryMediaCatalog::new());
    let mut record = external_media(SourceName::GoogleBooks, "vol1", MediaType::Book, "Big");
    record.raw_payload = json!({ "blob": "x".repeat(RAW_PAYLOAD_MAX_BYTES) });
    record.metadata = json!({ "blob": "y".repeat(METADATA_MAX_BYTES) });
    let books = Arc::new(FakeSource::new(SourceName::GoogleBooks).with_record(record));
    let service = CatalogService::new(catalog.clone(), catalog.clone(), vec![books]);

    let outcome = service
        .ingest(SourceName::GoogleBooks, "vol1", false)
        .await
        .unwrap();

    assert!(is_truncated(&outcome.detail.item.metadata));
    let stored = catalog
        .raw_payload(SourceName::GoogleBooks, "vol1")
        .unwrap();
    assert!(is_truncated(&stored));
}

#[tokio::test]
async fn overlong_identifiers_and_nul_characters_never_reach_upstream() {
    let h = harness();
    let huge = format!("movie:{}", "9".repeat(MAX_IDENTIFIER_CHARS));

    for identifier in [huge.as_str(), "movie:603\0"] {
        let error = h
            .service
            .ingest(SourceName::Tmdb, identifier, false)
            .await
            .unwrap_err();

        assert!(
            matches!(error, MediaError::InvalidIdentifier(_)),
            "{error:?}"
        );
    }
    assert_eq!(h.tmdb.fetch_calls(), 0);
}

#[tokio::test]
async fn records_are_fitted_to_the_columns_before_they_are_stored() {
    let catalog = Arc::new(InMemoryMediaCatalog::new());
    let mut long = external_media(SourceName::GoogleBooks, "vol1", MediaType::Book, "x");
    long.title = "T".repeat(TITLE_MAX_CHARS + 100);
    long.cover_image_url = Some(format!("https://img.test/{}", "a".repeat(URL_MAX_CHARS)));
    let mut unstorable = external_media(SourceName::GoogleBooks, "vol2", MediaType::Book, "y");
    unstorable.external_id = "v".repeat(EXTERNAL_ID_MAX_CHARS + 1);
    let books = Arc::new(
        FakeSource::new(SourceName::GoogleBooks)
            .with_record(long)
            .with_record(unstorable)
            .with_alias("vol2", &"v".repeat(EXTERNAL_ID_MAX_CHARS + 1)),
    );
    let service = CatalogService::new(catalog.clone(), catalog.clone(), vec![books]);

    let fitted = service
        .ingest(SourceName::GoogleBooks, "vol1", false)
        .await
        .unwrap();
    let refused = service
        .ingest(SourceName::GoogleBooks, "vol2", false)
        .await
        .unwrap_err();

    assert_eq!(fitted.detail.item.title.chars().count(), TITLE_MAX_CHARS);
    assert_eq!(fitted.detail.item.cover_image_url, None);
    assert!(
        matches!(refused, MediaError::InvalidIdentifier(_)),
        "{refused:?}"
    );
    assert_eq!(catalog.len(), 1, "nothing stored for the refused record");
}

#[tokio::test]
async fn a_record_from_another_source_is_rejected() {
    let catalog = Arc::new(InMemoryMediaCatalog::new());
    let stray = external_media(SourceName::Lastfm, "vol1", MediaType::Music, "Stray");
    let books = Arc::new(FakeSource::new(SourceName::GoogleBooks).with_record(stray));
    let service = CatalogService::new(catalog.clone(), catalog.clone(), vec![books]);

    let error = service
        .ingest(SourceName::GoogleBooks, "vol1", false)
        .await
        .unwrap_err();

    assert!(matches!(error, MediaError::Unexpected(_)), "{error:?}");
    assert!(catalog.is_empty());
}

#[tokio::test]
async fn an_item_deleted_since_it_was_found_is_ingested_afresh() {
    let h = harness();
    let first = h
        .service
        .ingest(SourceName::Tmdb, "movie:603", false)
        .await
        .unwrap();
    h.catalog.remove(first.detail.item.id);

    let again = h
        .service
        .ingest(SourceName::Tmdb, "movie:603", false)
        .await
        .unwrap();

    assert_eq!(again.status, UpsertStatus::Created);
    assert_ne!(again.detail.item.id, first.detail.item.id);
    assert_eq!(h.tmdb.fetch_calls(), 2);
}

#[tokio::test]
async fn get_returns_stored_items_and_not_found_for_unknown_ids() {
    let h = harness();
    let created = h
        .service
        .ingest(SourceName::Tmdb, "movie:603", false)
        .await
        .unwrap();

    let got = h.service.get(created.detail.item.id).await.unwrap();
    let unknown = MediaItemId::new();
    let missing = h.service.get(unknown).await.unwrap_err();

    assert_eq!(got, created.detail);
    assert!(matches!(missing, MediaError::NotFound(id) if id == unknown));
}

#[test]
fn connectors_are_listed_in_connector_order() {
    let h = harness();
    assert_eq!(
        h.service.connector_names(),
        vec![SourceName::GoogleBooks, SourceName::Tmdb]
    );
}

#[test]
fn connectors_never_called_report_no_health() {
    assert!(harness().service.connector_health().is_empty());
}

#[tokio::test]
async fn search_goes_through_the_connector_of_the_source() {
    let h = harness();
    let query = SearchQuery {
        text: "matrix".to_owned(),
        limit: 5,
        types: Vec::new(),
    };

    let hits = h.service.search(SourceName::Tmdb, &query).await.unwrap();
    let unknown = h
        .service
        .search(SourceName::Igdb, &query)
        .await
        .unwrap_err();

    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].external_id, "movie:603");
    assert_eq!(h.tmdb.search_calls(), 1);
    assert!(matches!(unknown, MediaError::UnknownSource(ref name) if name == "igdb"));
}

#[tokio::test]
async fn the_in_memory_catalog_keeps_the_availability_contract() {
    let catalog = InMemoryMediaCatalog::new();
    crate::testing::availability_store_contract(&catalog, &catalog).await;
}

mod availability {
    use std::sync::Arc;

    use chrono::{TimeDelta, Utc};

    use super::harness;
    use crate::availability::{
        AvailabilityEntry, AvailabilityKey, AvailabilityStatus, AvailabilityUpdate, Format,
        Provider, Region, Staleness, UpstreamAvailability, UpstreamOffer,
    };
    use crate::error::MediaError;
    use crate::kind::{MediaType, SourceName};
    use crate::service::CatalogService;
    use crate::testing::{FakeSource, InMemoryMediaCatalog, external_media};

    fn key(provider: &str, region: &str, format: &str) -> AvailabilityKey {
        AvailabilityKey {
            provider: Provider::parse(provider).unwrap(),
            region: Region::parse(region).unwrap(),
            format: Format::parse(format).unwrap(),
        }
    }

    fn report(offers: &[(&str, &str)]) -> UpstreamAvailability {
        let mut report = UpstreamAvailability::default();
        report.regions.insert(
            Region::parse("US").unwrap(),
            offers
                .iter()
                .map(|(provider, format)| UpstreamOffer {
                    provider: Provider::parse(provider).unwrap(),
                    format: Format::parse(format).unwrap(),
                    deeplink_url: None,
                })
                .collect(),
        );
        report
    }

    #[tokio::test]
    async fn put_defaults_the_check_to_now_and_reads_through_staleness() {
        let h = harness();
        let item = h
            .service
            .ingest(SourceName::Tmdb, "movie:603", false)
            .await
            .unwrap();
        let id = item.detail.item.id;
        let old = AvailabilityEntry {
            key: key("Old", "US", "stream"),
            status: AvailabilityStatus::Available,
            deeplink_url: None,
            last_checked_at: Some(Utc::now() - TimeDelta::days(8)),
        };
        let fresh = AvailabilityEntry {
            key: key("Fresh", "US", "stream"),
            last_checked_at: None,
            ..old.clone()
        };
        let rows = h
            .service
            .put_availability(id, AvailabilityUpdate::new(vec![old, fresh]).unwrap())
            .await
            .unwrap();
        let statuses: Vec<_> = rows
            .iter()
            .map(|r| (r.key.provider.as_str(), r.status))
            .collect();
        assert_eq!(
            statuses,
            [
                ("Fresh", AvailabilityStatus::Available),
                ("Old", AvailabilityStatus::Unknown)
            ]
        );
        let lenient = h.service.clone().with_staleness(Staleness::days(0));
        let rows = lenient.availability(id).await.unwrap();
        assert!(
            rows.iter()
                .all(|r| r.status == AvailabilityStatus::Available)
        );

        let summaries = h.service.availability_summaries(&[id, id]).await.unwrap();
        assert_eq!(summaries[&id].status_counts.unknown, 1);
    }

    #[tokio::test]
    async fn an_unknown_item_cannot_be_written_even_with_no_entries() {
        let h = harness();
        let unknown = tastebuds_kernel::MediaItemId::new();
        let empty = AvailabilityUpdate::new(Vec::new()).unwrap();
        let result = h.service.put_availability(unknown, empty).await;
        assert!(matches!(result, Err(MediaError::NotFound(id)) if id == unknown));
    }

    #[tokio::test]
    async fn an_ingest_reconciles_the_upstream_report() {
        let catalog = Arc::new(InMemoryMediaCatalog::new());
        let mut record = external_media(SourceName::Tmdb, "movie:1", MediaType::Movie, "One");
        record.availability = Some(report(&[("Netflix", "stream"), ("Hulu", "stream")]));
        let mut dropped = record.clone();
        dropped.availability = Some(report(&[("Netflix", "stream")]));
        let first = CatalogService::new(
            catalog.clone(),
            catalog.clone(),
            vec![Arc::new(
                FakeSource::new(SourceName::Tmdb).with_record(record),
            )],
        );
        let id = first
            .ingest(SourceName::Tmdb, "movie:1", false)
            .await
            .unwrap()
            .detail
            .item
            .id;
        let hand = AvailabilityEntry {
            key: key("Library", "US", "borrow"),
            status: AvailabilityStatus::Available,
            deeplink_url: None,
            last_checked_at: None,
        };
        first
            .put_availability(id, AvailabilityUpdate::new(vec![hand]).unwrap())
            .await
            .unwrap();
        let second = CatalogService::new(
            catalog.clone(),
            catalog.clone(),
            vec![Arc::new(
                FakeSource::new(SourceName::Tmdb).with_record(dropped),
            )],
        );

        second
            .ingest(SourceName::Tmdb, "movie:1", true)
            .await
            .unwrap();

        let rows = second.availability(id).await.unwrap();
        let statuses: Vec<_> = rows
            .iter()
            .map(|r| (r.key.provider.as_str(), r.status))
            .collect();
        assert_eq!(
            statuses,
            [
                ("Hulu", AvailabilityStatus::Unavailable),
                ("Library", AvailabilityStatus::Available),
                ("Netflix", AvailabilityStatus::Available),
            ]
        );
    }
}
