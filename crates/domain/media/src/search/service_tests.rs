//! Unit tests of [`SearchService`] over the in-memory ports.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Duration, TimeZone as _, Utc};
use tastebuds_kernel::{Clock, MediaItemId, UserId};

use super::*;
use crate::models::MediaItem;
use crate::search::{
    DedupeReason, InternalHit, MatchKind, QuotaPolicy, SearchError, SearchRequest, SearchSource,
};
use crate::source::{ExternalMedia, SearchQuery, SourceLookup};
use crate::testing::{
    FakeSource, InMemoryMediaCatalog, InMemoryPreviews, InMemoryQuotas, ScriptedIndex,
    external_media,
};
use crate::{MediaType, MetadataSource, SourceError, SourceName};

struct ManualClock(Mutex<DateTime<Utc>>);

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

struct Failing(SourceName);

#[async_trait]
impl MetadataSource for Failing {
    fn name(&self) -> SourceName {
        self.0
    }
    fn parse_identifier(&self, input: &str) -> Result<SourceLookup, SourceError> {
        Err(SourceError::InvalidIdentifier(input.to_owned()))
    }
    async fn search(&self, _: &SearchQuery) -> Result<Vec<ExternalMedia>, SourceError> {
        Err(SourceError::CircuitOpen {
            remaining: std::time::Duration::from_secs(15),
        })
    }
    async fn fetch(&self, _: &SourceLookup) -> Result<ExternalMedia, SourceError> {
        Err(SourceError::NotFound)
    }
}

struct Harness {
    service: SearchService,
    index: Arc<ScriptedIndex>,
    previews: Arc<InMemoryPreviews>,
    catalog: Arc<InMemoryMediaCatalog>,
    clock: Arc<ManualClock>,
}

fn harness(connectors: Vec<Arc<dyn MetadataSource>>) -> Harness {
    let index = Arc::new(ScriptedIndex::default());
    let previews = Arc::new(InMemoryPreviews::default());
    let catalog = Arc::new(InMemoryMediaCatalog::default());
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 10).unwrap();
    let clock = Arc::new(ManualClock(Mutex::new(start)));
    let service = SearchService::new(
        index.clone(),
        previews.clone(),
        Arc::new(InMemoryQuotas::default()),
        catalog.clone(),
        connectors,
        clock.clone(),
    )
    .with_quota(QuotaPolicy {
        max_requests: 2,
        window_secs: 60,
    });
    Harness {
        service,
        index,
        previews,
        catalog,
        clock,
    }
}

fn hit(title: &str, url: Option<&str>) -> InternalHit {
    InternalHit {
        item: MediaItem {
            id: MediaItemId::new(),
            media_type: MediaType::Movie,
            title: title.to_owned(),
            subtitle: None,
            description: None,
            release_date: None,
            cover_image_url: None,
            canonical_url: url.map(str::to_owned),
            metadata: serde_json::Value::Null,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        },
        in_collection: false,
    }
}

fn request(text: &str, external: bool) -> SearchRequest {
    SearchRequest {
        text: text.to_owned(),
        types: Vec::new(),
        include_external: external,
        sources: Vec::new(),
        page: 1,
        per_page: 20,
        external_per_source: 5,
    }
}

#[tokio::test]
async fn similar_titles_answer_only_when_full_text_finds_nothing() {
    let h = harness(Vec::new());
    h.index.set_similar(vec![hit("The Matrix", None)]);
    let outcome = h
        .service
        .search(None, &request("matirx", false))
        .await
        .unwrap();
    let internal = outcome.internal.unwrap();
    assert_eq!(internal.matched_by, MatchKind::SimilarTitle);
    assert_eq!(internal.total, 1);

    h.index.set_full_text(vec![hit("Matrix Reloaded", None)]);
    let outcome = h
        .service
        .search(None, &request("matrix", false))
        .await
        .unwrap();
    let internal = outcome.internal.unwrap();
    assert_eq!(internal.matched_by, MatchKind::FullText);
    assert_eq!(
        internal.hits.len(),
        1,
        "similar titles never pad full-text hits"
    );
    assert_eq!(internal.hits[0].item.title, "Matrix Reloaded");
}

#[tokio::test]
async fn internal_search_uses_the_first_256_characters_and_pages() {
    let h = harness(Vec::new());
    let long = "x".repeat(300);
    let mut req = request(&long, false);
    req.page = 3;
    req.per_page = 7;
    h.service.search(None, &req).await.unwrap();
    let (method, query) = h.index.queries()[0].clone();
    assert_eq!(method, "full_text");
    assert_eq!(query.text.chars().count(), INTERNAL_QUERY_CHARS);
    assert_eq!((query.offset, query.limit), (14, 7));
}

#[tokio::test]
async fn anonymous_callers_cannot_fan_out() {
    let h = harness(vec![Arc::new(FakeSource::new(SourceName::Tmdb))]);
    let error = h
        .service
        .search(None, &request("dune", true))
        .await
        .unwrap_err();
    assert!(matches!(error, SearchError::AuthenticationRequired));
}

#[tokio::test]
async fn hits_are_deduplicated_cached_and_a_failing_source_only_loses_its_own() {
    let tmdb = FakeSource::new(SourceName::Tmdb).with_record(external_media(
        SourceName::Tmdb,
        "movie:1",
        MediaType::Movie,
        "Dune",
    ));
    let books = FakeSource::new(SourceName::GoogleBooks).with_record(external_media(
        SourceName::GoogleBooks,
        "b1",
        MediaType::Book,
        "Dune",
    ));
    let h = harness(vec![
        Arc::new(books),
        Arc::new(tmdb),
        Arc::new(Failing(SourceName::Igdb)),
    ]);
    h.index.set_full_text(vec![hit(
        "Dune",
        Some("https://example.test/movie/movie:1/"),
    )]);
    let user = UserId::new();
    let outcome = h
        .service
        .search(Some(user), &request("dune", true))
        .await
        .unwrap();
    let sources: Vec<SourceName> = outcome.connectors.iter().map(|c| c.source).collect();
    assert_eq!(
        sources,
        [SourceName::GoogleBooks, SourceName::Tmdb, SourceName::Igdb]
    );
    assert_eq!(outcome.connectors[0].hits.len(), 1);
    assert_eq!(outcome.connectors[1].hits.len(), 0);
    assert_eq!(
        outcome.connectors[1]
            .deduped
            .get(&DedupeReason::CanonicalUrl),
        Some(&1)
    );
    assert!(outcome.connectors[2].hits.is_empty());
    assert_eq!(outcome.connectors[2].search_ms, None);
    assert_eq!(h.previews.len(), 1);
    assert_eq!(outcome.label, "internal+external");
}

#[tokio::test]
async fn only_page_one_fans_out_and_the_quota_counts_fanning_out_searches() {
    let tmdb = Arc::new(
        FakeSource::new(SourceName::Tmdb).with_record(external_media(
            SourceName::Tmdb,
            "movie:1",
            MediaType::Movie,
            "Dune",
        )),
    );
    let h = harness(vec![tmdb.clone()]);
    let user = UserId::new();
    let mut second_page = request("dune", true);
    second_page.page = 2;
    for _ in 0..3 {
        let outcome = h.service.search(Some(user), &second_page).await.unwrap();
        assert!(outcome.connectors.is_empty());
    }
    assert_eq!(tmdb.search_calls(), 0);
    h.service
        .search(Some(user), &request("dune", true))
        .await
        .unwrap();
    h.service
        .search(Some(user), &request("dune", true))
        .await
        .unwrap();
    let refused = h.service.search(Some(user), &request("dune", true)).await;
    assert!(matches!(
        refused,
        Err(SearchError::QuotaExceeded {
            max_requests: 2,
            ..
        })
    ));
    *h.clock.0.lock().unwrap() += Duration::seconds(60);
    assert!(
        h.service
            .search(Some(user), &request("dune", true))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_preview_is_claimed_once_by_its_owner_before_it_expires() {
    let tmdb = FakeSource::new(SourceName::Tmdb).with_record(external_media(
        SourceName::Tmdb,
        "movie:1",
        MediaType::Movie,
        "Dune",
    ));
    let h = harness(vec![Arc::new(tmdb)]);
    let mut req = request("dune", false);
    req.sources = vec![SearchSource::Connector(SourceName::Tmdb)];
    let owner = UserId::new();
    let outcome = h.service.search(Some(owner), &req).await.unwrap();
    let preview = outcome.connectors[0].hits[0].clone();
    let as_item = MediaItemId::from_uuid(preview.id.as_uuid());

    assert!(h.service.preview(owner, preview.id).await.is_ok());
    assert!(matches!(
        h.service.preview(UserId::new(), preview.id).await,
        Err(SearchError::PreviewNotFound)
    ));
    let stranger = h
        .service
        .resolve_media_id(UserId::new(), as_item)
        .await
        .unwrap();
    assert_eq!(
        stranger, as_item,
        "someone else's preview is just an unknown id"
    );

    // Claiming keeps the preview until the caller discards it, and claims again the
    // same catalog id without a second record.
    let first = h.service.claim_preview(owner, as_item).await.unwrap();
    let again = h.service.claim_preview(owner, as_item).await.unwrap();
    assert_eq!(first, again);
    assert_ne!(first.id, as_item);
    assert_eq!(first.preview, Some(preview.id));
    assert_eq!(h.catalog.len(), 1);
    assert!(!h.previews.is_empty());
    assert_eq!(
        h.service
            .claim_preview(UserId::new(), as_item)
            .await
            .unwrap(),
        ClaimedId {
            id: as_item,
            preview: None
        }
    );

    let claimed = h.service.resolve_media_id(owner, as_item).await.unwrap();
    assert_ne!(claimed, as_item);
    assert_eq!(h.catalog.len(), 1);
    assert!(h.previews.is_empty());

    let outcome = h.service.search(Some(owner), &req).await.unwrap();
    let preview = outcome.connectors[0].hits[0].clone();
    *h.clock.0.lock().unwrap() += Duration::seconds(PREVIEW_TTL_SECS);
    assert!(matches!(
        h.service.preview(owner, preview.id).await,
        Err(SearchError::PreviewExpired)
    ));
    let expired = MediaItemId::from_uuid(preview.id.as_uuid());
    assert_eq!(
        h.service.resolve_media_id(owner, expired).await.unwrap(),
        expired
    );
}
