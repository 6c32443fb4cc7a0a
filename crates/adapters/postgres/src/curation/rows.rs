//! Row structs of the curation tables and their conversions to and from the records of
//! `tastebuds_curation::aggregate`. Read forms (`Stored*`) own and convert fallibly (a
//! stored string becomes a validated value); write forms (`*Values`) borrow from the
//! record they write.

use anyhow::{Context as _, anyhow};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use tastebuds_curation::{
    CourseItemRow, CourseRow, CourseTitle, LineageLink, LineageMenu, MenuRow, MenuTitle,
    PairingRelationship, PairingRow, Position, ShareToken, Slug,
};
use tastebuds_kernel::{
    CourseId, CourseItemId, MediaItemId, MenuId, PairingId, ShareTokenId, UserId,
};
use uuid::Uuid;

use crate::schema::{
    course_items, courses, menu_item_pairings, menu_lineage, menu_share_tokens, menus,
};

/// A stored position as the domain's [`Position`].
fn position(stored: i32, what: &str, id: Uuid) -> anyhow::Result<Position> {
    Position::new(i64::from(stored))
        .map_err(|error| anyhow!("{error}"))
        .with_context(|| format!("stored position of {what} {id}"))
}

/// A `menus` row as read.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = menus, check_for_backend(diesel::pg::Pg))]
pub(super) struct StoredMenu {
    pub(super) id: Uuid,
    owner_id: Uuid,
    title: String,
    description: Option<String>,
    slug: String,
    is_public: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<StoredMenu> for MenuRow {
    type Error = anyhow::Error;

    fn try_from(row: StoredMenu) -> Result<Self, Self::Error> {
        let title = MenuTitle::parse(&row.title)
            .map_err(|error| anyhow!("{error}"))
            .with_context(|| format!("stored title of menu {}", row.id))?;
        let slug =
            Slug::parse(&row.slug).with_context(|| format!("stored slug of menu {}", row.id))?;
        Ok(Self {
            id: MenuId::from_uuid(row.id),
            owner_id: UserId::from_uuid(row.owner_id),
            title,
            description: row.description,
            slug,
            is_public: row.is_public,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// A `menus` row to insert.
#[derive(Debug, Insertable)]
#[diesel(table_name = menus, treat_none_as_default_value = false)]
pub(super) struct MenuValues<'a> {
    id: Uuid,
    #[diesel(embed)]
    changes: MenuChanges<'a>,
}

impl<'a> From<&'a MenuRow> for MenuValues<'a> {
    fn from(row: &'a MenuRow) -> Self {
        Self {
            id: row.id.as_uuid(),
            changes: MenuChanges::from(row),
        }
    }
}

/// Every column of a `menus` row but its id: the update form (`None` writes NULL).
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = menus, treat_none_as_null = true, treat_none_as_default_value = false)]
pub(super) struct MenuChanges<'a> {
    owner_id: Uuid,
    title: &'a str,
    description: Option<&'a str>,
    slug: &'a str,
    is_public: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl<'a> From<&'a MenuRow> for MenuChanges<'a> {
    fn from(row: &'a MenuRow) -> Self {
        Self {
            owner_id: row.owner_id.as_uuid(),
            title: row.title.as_str(),
            description: row.description.as_deref(),
            slug: row.slug.as_str(),
            is_public: row.is_public,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// A `courses` row as read.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = courses, check_for_backend(diesel::pg::Pg))]
pub(super) struct StoredCourse {
    id: Uuid,
    pub(super) menu_id: Uuid,
    title: String,
    description: Option<String>,
    intent: Option<String>,
    position: i32,
    updated_at: DateTime<Utc>,
}

impl TryFrom<StoredCourse> for CourseRow {
    type Error = anyhow::Error;

    fn try_from(row: StoredCourse) -> Result<Self, Self::Error> {
        let title = CourseTitle::parse(&row.title)
            .map_err(|error| anyhow!("{error}"))
            .with_context(|| format!("stored title of course {}", row.id))?;
        Ok(Self {
            id: CourseId::from_uuid(row.id),
            menu_id: MenuId::from_uuid(row.menu_id),
            title,
            description: row.description,
            intent: row.intent,
            position: position(row.position, "course", row.id)?,
            updated_at: row.updated_at,
        })
    }
}

/// A `courses` row to write: the insert form, and the update form through an upsert on
/// the primary key (see `apply`).
#[derive(Debug, Insertable)]
#[diesel(table_name = courses, treat_none_as_default_value = false)]
pub(super) struct CourseValues<'a> {
    id: Uuid,
    menu_id: Uuid,
    title: &'a str,
    description: Option<&'a str>,
    intent: Option<&'a str>,
    position: i32,
    updated_at: DateTime<Utc>,
}

impl<'a> From<&'a CourseRow> for CourseValues<'a> {
    fn from(row: &'a CourseRow) -> Self {
        Self {
            id: row.id.as_uuid(),
            menu_id: row.menu_id.as_uuid(),
            title: row.title.as_str(),
            description: row.description.as_deref(),
            intent: row.intent.as_deref(),
            position: row.position.get(),
            updated_at: row.updated_at,
        }
    }
}

/// A `course_items` row as read.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = course_items, check_for_backend(diesel::pg::Pg))]
pub(super) struct StoredItem {
    id: Uuid,
    pub(super) course_id: Uuid,
    media_item_id: Uuid,
    notes: Option<String>,
    position: i32,
    updated_at: DateTime<Utc>,
}

impl TryFrom<StoredItem> for CourseItemRow {
    type Error = anyhow::Error;

    fn try_from(row: StoredItem) -> Result<Self, Self::Error> {
        Ok(Self {
            id: CourseItemId::from_uuid(row.id),
            course_id: CourseId::from_uuid(row.course_id),
            media_item_id: MediaItemId::from_uuid(row.media_item_id),
            notes: row.notes,
            position: position(row.position, "course item", row.id)?,
            updated_at: row.updated_at,
        })
    }
}

/// A `course_items` row to write (insert form; update form through the upsert).
#[derive(Debug, Insertable)]
#[diesel(table_name = course_items, treat_none_as_default_value = false)]
pub(super) struct ItemValues<'a> {
    id: Uuid,
    course_id: Uuid,
    media_item_id: Uuid,
    notes: Option<&'a str>,
    position: i32,
    updated_at: DateTime<Utc>,
}

impl<'a> From<&'a CourseItemRow> for ItemValues<'a> {
    fn from(row: &'a CourseItemRow) -> Self {
        Self {
            id: row.id.as_uuid(),
            course_id: row.course_id.as_uuid(),
            media_item_id: row.media_item_id.as_uuid(),
            notes: row.notes.as_deref(),
            position: row.position.get(),
            updated_at: row.updated_at,
        }
    }
}

/// A `menu_item_pairings` row as read.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = menu_item_pairings, check_for_backend(diesel::pg::Pg))]
pub(super) struct StoredPairing {
    id: Uuid,
    pub(super) menu_id: Uuid,
    primary_course_item_id: Uuid,
    paired_course_item_id: Uuid,
    relationship: Option<String>,
    note: Option<String>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<StoredPairing> for PairingRow {
    type Error = anyhow::Error;

    fn try_from(row: StoredPairing) -> Result<Self, Self::Error> {
        let relationship = row
            .relationship
            .as_deref()
            .map(PairingRelationship::parse)
            .transpose()
            .map_err(|error| anyhow!("{error}"))
            .with_context(|| format!("stored relationship of pairing {}", row.id))?;
        Ok(Self {
            id: PairingId::from_uuid(row.id),
            menu_id: MenuId::from_uuid(row.menu_id),
            primary_course_item_id: CourseItemId::from_uuid(row.primary_course_item_id),
            paired_course_item_id: CourseItemId::from_uuid(row.paired_course_item_id),
            relationship,
            note: row.note,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// A `menu_item_pairings` row to write (insert form; update form through the upsert).
#[derive(Debug, Insertable)]
#[diesel(table_name = menu_item_pairings, treat_none_as_default_value = false)]
pub(super) struct PairingValues<'a> {
    id: Uuid,
    menu_id: Uuid,
    primary_course_item_id: Uuid,
    paired_course_item_id: Uuid,
    relationship: Option<&'a str>,
    note: Option<&'a str>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl<'a> From<&'a PairingRow> for PairingValues<'a> {
    fn from(row: &'a PairingRow) -> Self {
        Self {
            id: row.id.as_uuid(),
            menu_id: row.menu_id.as_uuid(),
            primary_course_item_id: row.primary_course_item_id.as_uuid(),
            paired_course_item_id: row.paired_course_item_id.as_uuid(),
            relationship: row.relationship.as_ref().map(PairingRelationship::as_str),
            note: row.note.as_deref(),
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

/// A `menu_lineage` row to insert with a fork.
#[derive(Debug, Insertable)]
#[diesel(table_name = menu_lineage, treat_none_as_default_value = false)]
pub(super) struct LineageValues<'a> {
    id: Uuid,
    source_menu_id: Uuid,
    forked_menu_id: Uuid,
    created_by: Option<Uuid>,
    note: Option<&'a str>,
    created_at: DateTime<Utc>,
}

impl<'a> LineageValues<'a> {
    /// The row `lineage.source_menu_id` → `fork`, under a new id.
    pub(super) fn new(fork: MenuId, lineage: &'a tastebuds_curation::NewLineage) -> Self {
        Self {
            id: Uuid::now_v7(),
            source_menu_id: lineage.source_menu_id.as_uuid(),
            forked_menu_id: fork.as_uuid(),
            created_by: Some(lineage.created_by.as_uuid()),
            note: lineage.note.as_deref(),
            created_at: lineage.created_at,
        }
    }
}

/// A related menu of a lineage row, as read: the lineage row's note and the menu row.
pub(super) type StoredLineageLink = (Option<String>, StoredMenu);

/// The [`LineageLink`] of a related menu.
pub(super) fn lineage_link((note, menu): StoredLineageLink) -> anyhow::Result<LineageLink> {
    let menu = MenuRow::try_from(menu)?;
    Ok(LineageLink {
        owner_id: menu.owner_id,
        menu: LineageMenu {
            id: menu.id,
            title: menu.title,
            slug: menu.slug,
            is_public: menu.is_public,
            created_at: menu.created_at,
        },
        note,
    })
}

/// A `menu_share_tokens` row as read (`created_by` is not part of the domain's link).
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = menu_share_tokens, check_for_backend(diesel::pg::Pg))]
pub(super) struct StoredShareToken {
    id: Uuid,
    menu_id: Uuid,
    token: String,
    expires_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    last_accessed_at: Option<DateTime<Utc>>,
    access_count: i32,
    created_at: DateTime<Utc>,
}

impl TryFrom<StoredShareToken> for ShareToken {
    type Error = anyhow::Error;

    fn try_from(row: StoredShareToken) -> Result<Self, Self::Error> {
        let access_count = u32::try_from(row.access_count)
            .with_context(|| format!("stored access count of share token {}", row.id))?;
        Ok(Self {
            id: ShareTokenId::from_uuid(row.id),
            menu_id: MenuId::from_uuid(row.menu_id),
            token: row.token,
            expires_at: row.expires_at,
            revoked_at: row.revoked_at,
            last_accessed_at: row.last_accessed_at,
            access_count,
            created_at: row.created_at,
        })
    }
}

/// A `menu_share_tokens` row to insert, as given (`created_by` stays NULL).
#[derive(Debug, Insertable)]
#[diesel(table_name = menu_share_tokens, treat_none_as_default_value = false)]
pub(super) struct ShareTokenValues<'a> {
    id: Uuid,
    menu_id: Uuid,
    token: &'a str,
    expires_at: Option<DateTime<Utc>>,
    revoked_at: Option<DateTime<Utc>>,
    last_accessed_at: Option<DateTime<Utc>>,
    access_count: i32,
    created_at: DateTime<Utc>,
}

impl<'a> TryFrom<&'a ShareToken> for ShareTokenValues<'a> {
    type Error = anyhow::Error;

    fn try_from(token: &'a ShareToken) -> Result<Self, Self::Error> {
        let access_count = i32::try_from(token.access_count)
            .with_context(|| format!("access count of share token {}", token.id))?;
        Ok(Self {
            id: token.id.as_uuid(),
            menu_id: token.menu_id.as_uuid(),
            token: &token.token,
            expires_at: token.expires_at,
            revoked_at: token.revoked_at,
            last_accessed_at: token.last_accessed_at,
            access_count,
            created_at: token.created_at,
        })
    }
}
