//! The availability objects (API.md §3 "Availability", §1.8 AvailabilitySummary): the
//! PUT body's entries, the stored row, and the summary request and answer.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tastebuds_kernel::{FieldError, FieldErrors, PathSegment};
use tastebuds_media::availability::MAX_SUMMARY_IDS;
use tastebuds_media::{
    AvailabilityEntry, AvailabilityKey, AvailabilityRecord, AvailabilityStatus,
    AvailabilitySummary, AvailabilityUpdate, DeepLink, Format, Provider, Region,
};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::Validate;
use crate::wire;

/// `availability_status`: whether the item can be had there (an entry not checked for
/// `availability.stale_days` reads `unknown`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum AvailabilityStatusDto {
    /// It can be had there.
    Available,
    /// It cannot.
    Unavailable,
    /// Unknown, or the last check is stale.
    #[default]
    Unknown,
}

impl From<AvailabilityStatus> for AvailabilityStatusDto {
    fn from(status: AvailabilityStatus) -> Self {
        match status {
            AvailabilityStatus::Available => Self::Available,
            AvailabilityStatus::Unavailable => Self::Unavailable,
            AvailabilityStatus::Unknown => Self::Unknown,
        }
    }
}

impl From<AvailabilityStatusDto> for AvailabilityStatus {
    fn from(status: AvailabilityStatusDto) -> Self {
        match status {
            AvailabilityStatusDto::Available => Self::Available,
            AvailabilityStatusDto::Unavailable => Self::Unavailable,
            AvailabilityStatusDto::Unknown => Self::Unknown,
        }
    }
}

/// One entry of `PUT /api/media/{media_item_id}/availability`, keyed on (provider,
/// region, format). Text is trimmed; the region is read case-insensitively.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"provider": "Netflix", "region": "US", "format": "stream", "status": "available", "deeplink_url": "https://www.netflix.com/title/20557937", "last_checked_at": "2026-11-20T10:00:00Z"}))]
pub struct AvailabilityEntryBody {
    /// Who offers the item.
    #[schema(min_length = 1, max_length = 120, example = "Netflix")]
    pub provider: String,
    /// An ISO 3166-1 alpha-2 country code, or `global`.
    #[schema(pattern = "^([A-Za-z]{2}|[Gg][Ll][Oo][Bb][Aa][Ll])$", example = "US")]
    pub region: String,
    /// How: `stream`, `rent`, `buy`, `free`, or any other word.
    #[schema(min_length = 1, max_length = 64, example = "stream")]
    pub format: String,
    /// Default `unknown`.
    #[serde(default)]
    pub status: AvailabilityStatusDto,
    /// An `http` or `https` URL.
    #[serde(default)]
    #[schema(max_length = 1024, example = "https://www.netflix.com/title/20557937")]
    pub deeplink_url: Option<String>,
    /// When it was checked (any ISO 8601 form; no offset means UTC). Default: now.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_checked_at: Option<wire::Timestamp>,
}

impl Validate for AvailabilityEntryBody {}

impl AvailabilityEntryBody {
    /// The entry, or every invalid field of it (relative to the entry).
    fn try_into_domain(self) -> Result<AvailabilityEntry, FieldErrors> {
        let mut errors = FieldErrors::new();
        let provider = errors.collect(Provider::parse(&self.provider));
        let region = errors.collect(Region::parse(&self.region));
        let format = errors.collect(Format::parse(&self.format));
        let deeplink_url = match self.deeplink_url.as_deref() {
            Some(link) => errors.collect(DeepLink::parse(link)).map(Some),
            None => Some(None),
        };
        match (provider, region, format, deeplink_url) {
            (Some(provider), Some(region), Some(format), Some(deeplink_url))
                if errors.is_empty() =>
            {
                Ok(AvailabilityEntry {
                    key: AvailabilityKey {
                        provider,
                        region,
                        format,
                    },
                    status: self.status.into(),
                    deeplink_url,
                    last_checked_at: self.last_checked_at.map(|at| at.0),
                })
            }
            _ => Err(errors),
        }
    }
}

/// The PUT body's entries as a domain update.
///
/// # Errors
/// Every invalid field at `[i, field]`, every repeated key at `[i]`, more than 500
/// entries at the root (relative to the body).
pub fn update_from(body: Vec<AvailabilityEntryBody>) -> Result<AvailabilityUpdate, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut entries = Vec::with_capacity(body.len());
    for (index, entry) in body.into_iter().enumerate() {
        match entry.try_into_domain() {
            Ok(entry) => entries.push(entry),
            Err(entry_errors) => {
                for error in entry_errors {
                    errors.push(error.nested_under(&[PathSegment::Index(index)]));
                }
            }
        }
    }
    errors.into_result()?;
    AvailabilityUpdate::new(entries)
}

/// One availability row. Every field is always present (`null` when empty).
#[derive(Debug, Serialize, ToSchema)]
pub struct AvailabilityResponse {
    /// The row's id.
    pub id: Uuid,
    /// The catalog item.
    pub media_item_id: Uuid,
    /// Who offers it.
    #[schema(example = "Netflix")]
    pub provider: String,
    /// ISO 3166-1 alpha-2 (upper-case) or `global`.
    #[schema(example = "US")]
    pub region: String,
    /// How.
    #[schema(example = "stream")]
    pub format: String,
    /// As it reads now: `unknown` once the last check is older than `availability.stale_days`.
    pub status: AvailabilityStatusDto,
    /// Where to go.
    #[schema(required)]
    pub deeplink_url: Option<String>,
    /// When it was last checked.
    #[schema(required, value_type = Option<String>, format = DateTime)]
    #[serde(serialize_with = "wire::optional_timestamp::serialize")]
    pub last_checked_at: Option<DateTime<Utc>>,
    /// When the row was first stored.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub updated_at: DateTime<Utc>,
}

impl From<&AvailabilityRecord> for AvailabilityResponse {
    fn from(row: &AvailabilityRecord) -> Self {
        Self {
            id: row.id.as_uuid(),
            media_item_id: row.media_item_id.as_uuid(),
            provider: row.key.provider.as_str().to_owned(),
            region: row.key.region.as_str().to_owned(),
            format: row.key.format.as_str().to_owned(),
            status: row.status.into(),
            deeplink_url: row
                .deeplink_url
                .as_ref()
                .map(|link| link.as_str().to_owned()),
            last_checked_at: row.last_checked_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// `POST /api/media/availability/summary`.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"media_item_ids": ["0192f5c4-8a7e-7cc1-9d3e-4b1f2a3c4d5e"]}))]
pub struct SummaryBody {
    /// The items to summarize (at most 500; repeats are answered once).
    #[schema(max_items = 500)]
    pub media_item_ids: Vec<Uuid>,
}

impl Validate for SummaryBody {
    fn validate(&self) -> Result<(), FieldErrors> {
        let count = self.media_item_ids.len();
        if count <= MAX_SUMMARY_IDS {
            return Ok(());
        }
        Err(FieldError::new(
            "media_item_ids",
            "too_long",
            format!(
                "List should have at most {MAX_SUMMARY_IDS} items after validation, not {count}"
            ),
        )
        .with_ctx("field_type", "List")
        .with_ctx("max_length", MAX_SUMMARY_IDS)
        .with_ctx("actual_length", count)
        .into())
    }
}

/// How many entries read as each status; all three are always present.
#[derive(Clone, Copy, Debug, Serialize, ToSchema)]
pub struct StatusCountsResponse {
    /// Entries that read `available`.
    pub available: u32,
    /// Entries that read `unavailable`.
    pub unavailable: u32,
    /// Entries that read `unknown` (stale ones included).
    pub unknown: u32,
}

/// The AvailabilitySummary object of API.md §1.8 (search results embed it).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AvailabilitySummaryBody {
    /// Every provider of its entries, sorted, once each.
    pub providers: Vec<String>,
    /// Every region, sorted, once each.
    pub regions: Vec<String>,
    /// Every format, sorted, once each.
    pub formats: Vec<String>,
    /// Entries per status, as they read now.
    pub status_counts: StatusCountsResponse,
    /// The latest check of any entry.
    #[schema(required, value_type = Option<String>, format = DateTime)]
    #[serde(serialize_with = "wire::optional_timestamp::serialize")]
    pub last_checked_at: Option<DateTime<Utc>>,
}

impl From<&AvailabilitySummary> for AvailabilitySummaryBody {
    fn from(summary: &AvailabilitySummary) -> Self {
        let counts = &summary.status_counts;
        Self {
            providers: summary.providers.clone(),
            regions: summary.regions.clone(),
            formats: summary.formats.clone(),
            status_counts: StatusCountsResponse {
                available: counts.available,
                unavailable: counts.unavailable,
                unknown: counts.unknown,
            },
            last_checked_at: summary.last_checked_at,
        }
    }
}

/// AvailabilitySummary of one item, with its id.
#[derive(Debug, Serialize, ToSchema)]
pub struct AvailabilitySummaryResponse {
    /// The catalog item.
    pub media_item_id: Uuid,
    /// Every provider of its entries, sorted, once each.
    pub providers: Vec<String>,
    /// Every region, sorted, once each.
    pub regions: Vec<String>,
    /// Every format, sorted, once each.
    pub formats: Vec<String>,
    /// Entries per status, as they read now.
    pub status_counts: StatusCountsResponse,
    /// The latest check of any entry.
    #[schema(required, value_type = Option<String>, format = DateTime)]
    #[serde(serialize_with = "wire::optional_timestamp::serialize")]
    pub last_checked_at: Option<DateTime<Utc>>,
}

impl AvailabilitySummaryResponse {
    /// The summary of item `id`.
    #[must_use]
    pub fn new(id: Uuid, summary: &AvailabilitySummary) -> Self {
        let AvailabilitySummaryBody {
            providers,
            regions,
            formats,
            status_counts,
            last_checked_at,
        } = summary.into();
        Self {
            media_item_id: id,
            providers,
            regions,
            formats,
            status_counts,
            last_checked_at,
        }
    }
}
