//! Row structs of `media_item_availability` and their conversions; private to the
//! adapter.

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use tastebuds_kernel::{AvailabilityId, MediaItemId};
use tastebuds_media::{
    AvailabilityKey, AvailabilityRecord, AvailabilityWrite, DeepLink, Format, Provider, Region,
    SourceName,
};
use uuid::Uuid;

use super::status::AvailabilityStatusSql;
use crate::schema::media_item_availability;

/// A stored row.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = media_item_availability, check_for_backend(diesel::pg::Pg))]
pub(super) struct AvailabilityRow {
    id: Uuid,
    media_item_id: Uuid,
    provider: String,
    region: String,
    format: String,
    status: AvailabilityStatusSql,
    deeplink_url: Option<String>,
    last_checked_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    source_name: Option<String>,
}

impl TryFrom<AvailabilityRow> for AvailabilityRecord {
    type Error = anyhow::Error;

    /// A stored value the domain refuses is a broken row.
    fn try_from(row: AvailabilityRow) -> Result<Self, Self::Error> {
        let broken = |what: &'static str| move |error| anyhow::anyhow!("{error}").context(what);
        Ok(Self {
            id: AvailabilityId::from_uuid(row.id),
            media_item_id: MediaItemId::from_uuid(row.media_item_id),
            key: AvailabilityKey {
                provider: Provider::parse(&row.provider).map_err(broken("stored provider"))?,
                region: Region::parse(&row.region).map_err(broken("stored region"))?,
                format: Format::parse(&row.format).map_err(broken("stored format"))?,
            },
            status: row.status.0,
            deeplink_url: row
                .deeplink_url
                .as_deref()
                .map(DeepLink::parse)
                .transpose()
                .map_err(broken("stored deep link"))?,
            last_checked_at: row.last_checked_at,
            origin: row
                .source_name
                .as_deref()
                .map(str::parse::<SourceName>)
                .transpose()
                .context("stored source name")?,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// A row to insert, or to overwrite the stored row of its key with.
#[derive(Debug, Insertable)]
#[diesel(table_name = media_item_availability, treat_none_as_default_value = false)]
pub(super) struct NewAvailabilityRow {
    id: Uuid,
    media_item_id: Uuid,
    provider: String,
    region: String,
    format: String,
    status: AvailabilityStatusSql,
    deeplink_url: Option<String>,
    last_checked_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    source_name: Option<&'static str>,
}

impl NewAvailabilityRow {
    /// `write` for `item`, stamped `now`, with a fresh id (kept only when inserted).
    pub(super) fn new(item: MediaItemId, write: AvailabilityWrite, now: DateTime<Utc>) -> Self {
        Self {
            id: AvailabilityId::new().as_uuid(),
            media_item_id: item.as_uuid(),
            provider: write.key.provider.as_str().to_owned(),
            region: write.key.region.as_str().to_owned(),
            format: write.key.format.as_str().to_owned(),
            status: AvailabilityStatusSql(write.status),
            deeplink_url: write.deeplink_url.map(|link| link.as_str().to_owned()),
            last_checked_at: write.last_checked_at,
            created_at: now,
            updated_at: now,
            source_name: write.origin.map(SourceName::as_str),
        }
    }
}
