//! `Guarded`: the circuit breaker around a scripted source, on a hand-driven clock.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tastebuds_kernel::Clock;
use tastebuds_media::{
    ExternalMedia, MediaDetails, MediaType, MetadataSource, MusicDetail, SearchQuery, SourceError,
    SourceLookup, SourceName,
};
use tastebuds_source_common::{BreakerConfig, Guarded};

struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    fn new() -> Arc<Self> {
        Arc::new(Self(Mutex::new(
            DateTime::from_timestamp(1_700_000_000, 0).unwrap(),
        )))
    }

    fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap();
        *now += chrono::Duration::from_std(by).unwrap();
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// Answers each call with the next scripted outcome (`Ok` when the script is empty).
#[derive(Default)]
struct Scripted {
    outcomes: Mutex<VecDeque<Result<(), SourceError>>>,
    calls: AtomicUsize,
}

impl Scripted {
    fn then(self, outcome: Result<(), SourceError>) -> Self {
        self.outcomes.lock().unwrap().push_back(outcome);
        self
    }

    fn next(&self) -> Result<(), SourceError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.outcomes.lock().unwrap().pop_front().unwrap_or(Ok(()))
    }
}

fn track() -> ExternalMedia {
    ExternalMedia {
        source: SourceName::Lastfm,
        external_id: "Artist::Track".to_owned(),
        media_type: MediaType::Music,
        title: "Track".to_owned(),
        description: None,
        release_date: None,
        cover_image_url: None,
        canonical_url: None,
        source_url: None,
        metadata: serde_json::json!({}),
        details: MediaDetails::Music(MusicDetail::default()),
        raw_payload: serde_json::json!({}),
        availability: None,
    }
}

#[async_trait]
impl MetadataSource for Scripted {
    fn name(&self) -> SourceName {
        SourceName::Lastfm
    }

    fn parse_identifier(&self, input: &str) -> Result<SourceLookup, SourceError> {
        Ok(SourceLookup {
            key: input.to_owned(),
            canonical_id: None,
        })
    }

    async fn search(&self, _query: &SearchQuery) -> Result<Vec<ExternalMedia>, SourceError> {
        self.next().map(|()| vec![track()])
    }

    async fn fetch(&self, _lookup: &SourceLookup) -> Result<ExternalMedia, SourceError> {
        self.next().map(|()| track())
    }
}

fn upstream() -> Result<(), SourceError> {
    Err(SourceError::Upstream(anyhow::anyhow!("HTTP 503")))
}

fn guarded(script: Scripted, clock: &Arc<ManualClock>) -> Guarded<Scripted> {
    let config = BreakerConfig {
        failure_threshold: 3,
        open_base: Duration::from_secs(15),
        open_max: Duration::from_secs(300),
    };
    Guarded::with_clock(script, config, clock.clone())
}

fn lookup() -> SourceLookup {
    SourceLookup {
        key: "x".to_owned(),
        canonical_id: None,
    }
}

fn query(types: Vec<MediaType>) -> SearchQuery {
    SearchQuery {
        text: "sakura".to_owned(),
        limit: 5,
        types,
    }
}

#[tokio::test]
async fn three_failures_open_the_circuit_and_calls_are_skipped_while_open() {
    let clock = ManualClock::new();
    let source = guarded(
        Scripted::default()
            .then(upstream())
            .then(upstream())
            .then(upstream()),
        &clock,
    );
    for _ in 0..3 {
        assert!(matches!(
            source.fetch(&lookup()).await,
            Err(SourceError::Upstream(_))
        ));
    }

    clock.advance(Duration::from_secs(5));
    let skipped = source.search(&query(vec![])).await;

    assert!(matches!(
        skipped,
        Err(SourceError::CircuitOpen { remaining }) if remaining == Duration::from_secs(10)
    ));
    assert_eq!(
        source.inner().calls.load(Ordering::SeqCst),
        3,
        "no upstream call while open"
    );
    let health = source.health().unwrap();
    assert_eq!(health.fetch.failed, 3);
    assert_eq!(health.search.skipped, 1);
    assert_eq!(health.search.started, 1);
    assert_eq!(health.opened_count, 1);
    assert_eq!(health.remaining_cooldown, Some(Duration::from_secs(10)));
    assert_eq!(
        health.open_until,
        Some(clock.now() + chrono::Duration::seconds(10))
    );
    assert_eq!(health.current_backoff, Duration::from_secs(30));
    assert_eq!(health.last_operation, Some("search"));
    assert!(
        health
            .fetch
            .last_error
            .as_deref()
            .unwrap()
            .contains("HTTP 503")
    );
}

#[tokio::test]
async fn a_failed_trial_reopens_for_twice_as_long() {
    let clock = ManualClock::new();
    let script = Scripted::default()
        .then(upstream())
        .then(upstream())
        .then(upstream())
        .then(upstream());
    let source = guarded(script, &clock);
    for _ in 0..3 {
        let _ = source.fetch(&lookup()).await;
    }

    clock.advance(Duration::from_secs(15));
    let trial = source.fetch(&lookup()).await;

    assert!(
        matches!(trial, Err(SourceError::Upstream(_))),
        "the trial call went through"
    );
    assert!(matches!(
        source.fetch(&lookup()).await,
        Err(SourceError::CircuitOpen { remaining }) if remaining == Duration::from_secs(30)
    ));
    assert_eq!(source.health().unwrap().opened_count, 2);
}

#[tokio::test]
async fn a_success_closes_the_circuit_and_resets_the_backoff() {
    let clock = ManualClock::new();
    let script = Scripted::default()
        .then(upstream())
        .then(upstream())
        .then(upstream())
        .then(Ok(()));
    let source = guarded(script, &clock);
    for _ in 0..3 {
        let _ = source.fetch(&lookup()).await;
    }

    clock.advance(Duration::from_secs(15));
    source.fetch(&lookup()).await.unwrap();

    let health = source.health().unwrap();
    assert_eq!(health.failure_streak, 0);
    assert_eq!(health.current_backoff, Duration::from_secs(15));
    assert_eq!(health.remaining_cooldown, None);
    assert_eq!(health.fetch.succeeded, 1);
    assert_eq!(
        health.fetch.last_error, None,
        "a success clears the last error"
    );
    assert!(health.fetch.last_latency_ms.is_some());
}

#[tokio::test]
async fn not_found_and_missing_settings_never_open_the_circuit() {
    let clock = ManualClock::new();
    let mut script = Scripted::default();
    for _ in 0..3 {
        script = script.then(Err(SourceError::NotFound));
    }
    for _ in 0..3 {
        script = script.then(Err(SourceError::NotConfigured(
            "TASTEBUDS__SOURCES__X".to_owned(),
        )));
    }
    let source = guarded(script, &clock);

    for _ in 0..6 {
        let _ = source.fetch(&lookup()).await;
    }

    let health = source.health().unwrap();
    assert_eq!(health.opened_count, 0);
    assert_eq!(health.fetch.succeeded, 3, "not found is a healthy answer");
    assert_eq!(health.fetch.failed, 3, "an unconfigured source is failing");
    assert!(source.fetch(&lookup()).await.is_ok(), "still closed");
}

#[tokio::test]
async fn health_is_absent_until_called_and_unsupported_types_are_not_searched() {
    let clock = ManualClock::new();
    let source = guarded(Scripted::default(), &clock);
    assert_eq!(source.health(), None);

    let hits = source.search(&query(vec![MediaType::Book])).await.unwrap();

    assert!(hits.is_empty());
    assert_eq!(source.inner().calls.load(Ordering::SeqCst), 0);
    assert_eq!(source.health(), None);
    let hits = source
        .search(&query(vec![MediaType::Book, MediaType::Music]))
        .await
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(source.health().unwrap().search.succeeded, 1);
}
