//! [`CardRow`]: the `media_items` columns of a [`MediaCard`], the summary other areas'
//! reads embed (course items, logs, library entries).

use chrono::NaiveDate;
use diesel::prelude::*;
use serde_json::Value;
use tastebuds_kernel::{MediaCard, MediaItemId};
use uuid::Uuid;

use super::MediaTypeSql;
use crate::schema::media_items;

/// The columns of `media_items` a [`MediaCard`] shows.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = media_items, check_for_backend(diesel::pg::Pg))]
pub(crate) struct CardRow {
    id: Uuid,
    media_type: MediaTypeSql,
    title: String,
    subtitle: Option<String>,
    description: Option<String>,
    release_date: Option<NaiveDate>,
    cover_image_url: Option<String>,
    canonical_url: Option<String>,
    metadata: Option<Value>,
}

impl From<CardRow> for MediaCard {
    fn from(row: CardRow) -> Self {
        Self {
            id: MediaItemId::from_uuid(row.id),
            media_type: row.media_type.0.as_str().to_owned(),
            title: row.title,
            subtitle: row.subtitle,
            description: row.description,
            release_date: row.release_date,
            cover_image_url: row.cover_image_url,
            canonical_url: row.canonical_url,
            metadata: row.metadata.unwrap_or(Value::Null),
        }
    }
}
