//! The `GET /api/search` answer (API.md §2.5): `{results, source, metadata}`.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use tastebuds_kernel::MediaItemId;
use tastebuds_media::search::{ConnectorReport, InternalHit, SearchOutcome};
use tastebuds_media::{MediaItem, Preview};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::routes::media::availability::dto::AvailabilitySummaryBody;
use crate::routes::media::dto::MediaItemResponse;
use crate::wire;

/// An item's AvailabilitySummary (API.md §1.8).
pub type AvailabilitySummary = AvailabilitySummaryBody;

/// The answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResponse {
    /// Internal hits in rank order, then external hits grouped by connector in run order.
    pub results: Vec<SearchResultItem>,
    /// What the request asked to run.
    #[schema(
        example = "internal+external",
        pattern = "^(internal|external|internal\\+external)$"
    )]
    pub source: &'static str,
    /// Paging, counts and per-source metrics.
    pub metadata: SearchMetadata,
}

/// SearchResultItem: a MediaItem plus where it came from.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResultItem {
    /// The MediaItem fields; for an external hit `id` is the preview id.
    #[serde(flatten)]
    pub item: MediaItemResponse,
    /// The preview's id (external hits), else `null`.
    #[schema(required)]
    pub preview_id: Option<Uuid>,
    /// The connector (external hits), else `null`.
    #[schema(required, example = "tmdb")]
    pub source_name: Option<String>,
    /// The upstream id as stored on ingest (`movie:603`, `tv:1399`, an MBID or
    /// `Artist::Track`), else `null`.
    #[schema(required, example = "movie:603")]
    pub source_id: Option<String>,
    /// When the preview expires (external hits), else `null`.
    #[serde(serialize_with = "wire::optional_timestamp::serialize")]
    #[schema(required, value_type = Option<String>, format = DateTime)]
    pub preview_expires_at: Option<DateTime<Utc>>,
    /// Whether the caller has a state or any log for the item (false when anonymous
    /// and for external hits).
    pub in_collection: bool,
    /// The item's AvailabilitySummary; `null` without availability rows and for
    /// external hits.
    #[schema(required, value_type = Option<Object>)]
    pub availability_summary: Option<AvailabilitySummary>,
}

/// `metadata` (API.md §2.5). Keys about connectors appear only when connectors ran.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchMetadata {
    /// Paging of internal results.
    pub paging: Paging,
    /// Result counts.
    pub counts: Counts,
    /// `internal`, plus `external` and one key per connector that ran.
    #[schema(value_type = Object)]
    pub source_counts: BTreeMap<&'static str, u64>,
    /// `internal: {returned}`, plus one object per connector that ran.
    #[schema(value_type = Object)]
    pub source_metrics: BTreeMap<&'static str, Value>,
    /// Duplicates dropped, by reason (`canonical_url`, `title_release_date`,
    /// `title_only`); only when any were.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub dedupe_reasons: Option<BTreeMap<&'static str, u32>>,
    /// Which kind of catalog match answered: `full_text`, `similar_title` (full-text
    /// found nothing; these are the most similar titles) or `none`; `null` when internal
    /// search did not run.
    #[schema(required, example = "full_text")]
    pub internal_match: Option<&'static str>,
}

/// `metadata.paging`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Paging {
    /// The page.
    pub page: u32,
    /// Internal results per page.
    pub per_page: u32,
    /// `(page - 1) * per_page`.
    pub offset: u64,
    /// Every internal match (0 when internal search did not run).
    pub total_internal: u64,
}

/// `metadata.counts`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Counts {
    /// Internal hits on this page.
    pub internal: u64,
    /// Previews cached (equals `external_returned`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_ingested: Option<u64>,
    /// External hits returned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_returned: Option<u64>,
    /// External hits dropped as duplicates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_deduped: Option<u64>,
}

impl SearchResponse {
    /// The answer for `outcome`, each internal hit with its entry of `availability`
    /// (one batched lookup for the page's internal ids; absent: `null`).
    #[must_use]
    pub fn new(
        outcome: &SearchOutcome,
        availability: &HashMap<MediaItemId, AvailabilitySummary>,
    ) -> Self {
        let internal_hits = outcome.internal.iter().flat_map(|i| &i.hits);
        let mut results: Vec<SearchResultItem> = internal_hits
            .map(|hit| internal_item(hit, availability.get(&hit.item.id).cloned()))
            .collect();
        results.extend(
            outcome
                .connectors
                .iter()
                .flat_map(|report| report.hits.iter().map(external_item)),
        );
        Self {
            results,
            source: outcome.label,
            metadata: metadata(outcome),
        }
    }
}

fn internal_item(hit: &InternalHit, availability: Option<AvailabilitySummary>) -> SearchResultItem {
    SearchResultItem {
        item: MediaItemResponse::from(&hit.item),
        preview_id: None,
        source_name: None,
        source_id: None,
        preview_expires_at: None,
        in_collection: hit.in_collection,
        availability_summary: availability,
    }
}

fn external_item(preview: &Preview) -> SearchResultItem {
    let record = &preview.record;
    let as_item = MediaItem {
        id: MediaItemId::from_uuid(preview.id.as_uuid()),
        media_type: record.media_type,
        title: record.title.clone(),
        subtitle: None,
        description: record.description.clone(),
        release_date: record.release_date,
        cover_image_url: record.cover_image_url.clone(),
        canonical_url: record.canonical_url.clone(),
        metadata: record.metadata.clone(),
        created_at: preview.created_at,
        updated_at: preview.created_at,
    };
    SearchResultItem {
        item: MediaItemResponse::from(&as_item),
        preview_id: Some(preview.id.as_uuid()),
        source_name: Some(record.source.as_str().to_owned()),
        source_id: Some(record.external_id.clone()),
        preview_expires_at: Some(preview.expires_at),
        in_collection: false,
        availability_summary: None,
    }
}

fn metadata(outcome: &SearchOutcome) -> SearchMetadata {
    let (internal_count, total_internal) = outcome.internal.as_ref().map_or((0, 0), |internal| {
        (internal.hits.len() as u64, internal.total)
    });
    let ran = !outcome.connectors.is_empty();
    let returned: u64 = outcome.connectors.iter().map(|r| r.hits.len() as u64).sum();
    let deduped: u64 = outcome
        .connectors
        .iter()
        .map(|r| u64::from(r.deduped_count()))
        .sum();
    let mut source_counts = BTreeMap::from([("internal", internal_count)]);
    let mut source_metrics = BTreeMap::from([(
        "internal",
        serde_json::json!({ "returned": internal_count }),
    )]);
    let mut reasons: BTreeMap<&'static str, u32> = BTreeMap::new();
    if ran {
        source_counts.insert("external", returned);
    }
    for report in &outcome.connectors {
        let name = report.source.as_str();
        source_counts.insert(name, report.hits.len() as u64);
        source_metrics.insert(name, connector_metrics(report));
        for (reason, count) in &report.deduped {
            *reasons.entry(reason.as_str()).or_insert(0) += count;
        }
    }
    SearchMetadata {
        paging: Paging {
            page: outcome.page,
            per_page: outcome.per_page,
            offset: u64::from(outcome.page.saturating_sub(1)) * u64::from(outcome.per_page),
            total_internal,
        },
        counts: Counts {
            internal: internal_count,
            external_ingested: ran.then_some(returned),
            external_returned: ran.then_some(returned),
            external_deduped: ran.then_some(deduped),
        },
        source_counts,
        source_metrics,
        dedupe_reasons: (!reasons.is_empty()).then_some(reasons),
        internal_match: outcome
            .internal
            .as_ref()
            .map(|internal| internal.matched_by.as_str()),
    }
}

/// `{returned, ingested, deduped, search_ms, fetch_ms, dedupe_reasons}` of a connector;
/// `ingested` counts cached previews (§6.14).
fn connector_metrics(report: &ConnectorReport) -> Value {
    let reasons: BTreeMap<&str, u32> = report
        .deduped
        .iter()
        .map(|(reason, count)| (reason.as_str(), *count))
        .collect();
    serde_json::json!({
        "returned": report.hits.len(),
        "ingested": report.hits.len(),
        "deduped": report.deduped_count(),
        "search_ms": report.search_ms,
        "fetch_ms": report.fetch_ms,
        "dedupe_reasons": reasons,
    })
}
