//! The `tags` row and its conversions to and from the domain's [`Tag`].

use anyhow::Context as _;
use diesel::prelude::*;
use tastebuds_kernel::{TagId, UserId};
use tastebuds_tagging::{Tag, TagName};
use uuid::Uuid;

use crate::schema::tags;

/// A `tags` row, as read and as inserted.
#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(table_name = tags, check_for_backend(diesel::pg::Pg), treat_none_as_default_value = false)]
pub(super) struct TagRow {
    id: Uuid,
    owner_id: Option<Uuid>,
    name: String,
}

impl From<&Tag> for TagRow {
    fn from(tag: &Tag) -> Self {
        Self {
            id: tag.id.as_uuid(),
            owner_id: tag.owner.map(|owner| owner.as_uuid()),
            name: tag.name.as_str().to_owned(),
        }
    }
}

impl TryFrom<TagRow> for Tag {
    type Error = anyhow::Error;

    /// Fails on a stored name the domain refuses (blank, say).
    fn try_from(row: TagRow) -> Result<Self, Self::Error> {
        let name =
            TagName::parse(&row.name).with_context(|| format!("stored name of tag {}", row.id))?;
        Ok(Self {
            id: TagId::from_uuid(row.id),
            owner: row.owner_id.map(UserId::from_uuid),
            name,
        })
    }
}
