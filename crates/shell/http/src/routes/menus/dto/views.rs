//! The curation response objects of API.md §1.8: Menu, PublicMenu, Course, CourseItem
//! and Pairing. Every field is always present (`null` when empty, `[]` for no
//! children); timestamps are RFC 3339 UTC with `Z`.
//!
//! A PublicMenu carries nothing that identifies the owner: it is the Menu without
//! `owner_id` (the Menu flattens it and adds `owner_id`).

use chrono::{DateTime, Utc};
use serde::Serialize;
use tastebuds_curation::{Course, CourseItem, Menu, Pairing};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::routes::media::dto::MediaItemResponse;
use crate::wire;

/// The CourseItem object (it has no `course_id`).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CourseItemResponse {
    /// The item's id.
    pub id: Uuid,
    /// The catalog item (always a catalog id).
    pub media_item_id: Uuid,
    /// The curator's notes.
    #[schema(required, example = "Watch this one late at night.")]
    pub notes: Option<String>,
    /// Position in the course: 1..n, dense.
    #[schema(example = 1, minimum = 1)]
    pub position: i32,
    /// Last change; send it back as `expected_updated_at` to guard a PATCH.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub updated_at: DateTime<Utc>,
    /// The catalog item.
    #[schema(required)]
    pub media_item: Option<MediaItemResponse>,
}

impl From<&CourseItem> for CourseItemResponse {
    fn from(item: &CourseItem) -> Self {
        Self {
            id: item.id.as_uuid(),
            media_item_id: item.media_item_id.as_uuid(),
            notes: item.notes.clone(),
            position: item.position.get(),
            updated_at: item.updated_at,
            media_item: item
                .media_item
                .as_ref()
                .and_then(|card| MediaItemResponse::try_from(card).ok()),
        }
    }
}

/// The Course object (no `menu_id`, no `created_at`); items sorted by position.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct CourseResponse {
    /// The course's id.
    pub id: Uuid,
    /// Title.
    #[schema(example = "Starters", max_length = 255)]
    pub title: String,
    /// Description.
    #[schema(required)]
    pub description: Option<String>,
    /// What the course is for.
    #[schema(required, example = "Set the mood")]
    pub intent: Option<String>,
    /// Position in the menu: 1..n, dense.
    #[schema(example = 1, minimum = 1)]
    pub position: i32,
    /// Last change; send it back as `expected_updated_at` to guard a PATCH.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub updated_at: DateTime<Utc>,
    /// Its items, by position.
    pub items: Vec<CourseItemResponse>,
}

impl From<&Course> for CourseResponse {
    fn from(course: &Course) -> Self {
        Self {
            id: course.id.as_uuid(),
            title: course.title.as_str().to_owned(),
            description: course.description.clone(),
            intent: course.intent.clone(),
            position: course.position.get(),
            updated_at: course.updated_at,
            items: course.items.iter().map(CourseItemResponse::from).collect(),
        }
    }
}

/// The Pairing object: a directed link between two items of one menu, both embedded.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PairingResponse {
    /// The pairing's id.
    pub id: Uuid,
    /// The menu both items belong to.
    pub menu_id: Uuid,
    /// The item the pairing starts from.
    pub primary_course_item_id: Uuid,
    /// The item it points to.
    pub paired_course_item_id: Uuid,
    /// Relationship label.
    #[schema(required, example = "echoes", max_length = 120)]
    pub relationship: Option<String>,
    /// The curator's note.
    #[schema(required)]
    pub note: Option<String>,
    /// Creation time (pairings are listed by it).
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub created_at: DateTime<Utc>,
    /// Last change.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub updated_at: DateTime<Utc>,
    /// The primary item.
    #[schema(required)]
    pub primary_item: Option<CourseItemResponse>,
    /// The paired item.
    #[schema(required)]
    pub paired_item: Option<CourseItemResponse>,
}

impl From<&Pairing> for PairingResponse {
    fn from(pairing: &Pairing) -> Self {
        Self {
            id: pairing.id.as_uuid(),
            menu_id: pairing.menu_id.as_uuid(),
            primary_course_item_id: pairing.primary_course_item_id.as_uuid(),
            paired_course_item_id: pairing.paired_course_item_id.as_uuid(),
            relationship: pairing
                .relationship
                .as_ref()
                .map(|label| label.as_str().to_owned()),
            note: pairing.note.clone(),
            created_at: pairing.created_at,
            updated_at: pairing.updated_at,
            primary_item: pairing.primary_item.as_ref().map(CourseItemResponse::from),
            paired_item: pairing.paired_item.as_ref().map(CourseItemResponse::from),
        }
    }
}

/// The PublicMenu object: a Menu without `owner_id`; nothing in it identifies the owner.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PublicMenuResponse {
    /// The menu's id.
    pub id: Uuid,
    /// Title.
    #[schema(example = "Neo Noir Night", max_length = 255)]
    pub title: String,
    /// Description.
    #[schema(required, example = "Rain, neon and moral ambiguity.")]
    pub description: Option<String>,
    /// Unique slug, generated once from the title at creation (API.md §5.3).
    #[schema(example = "neo-noir-night")]
    pub slug: String,
    /// Whether anyone may read it at `/api/public/menus/{slug}`.
    pub is_public: bool,
    /// Creation time.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub created_at: DateTime<Utc>,
    /// Last change of the menu's own fields.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub updated_at: DateTime<Utc>,
    /// Its courses, by position.
    pub courses: Vec<CourseResponse>,
    /// Its pairings, by creation time.
    pub pairings: Vec<PairingResponse>,
}

impl From<&Menu> for PublicMenuResponse {
    fn from(menu: &Menu) -> Self {
        Self {
            id: menu.id.as_uuid(),
            title: menu.title.as_str().to_owned(),
            description: menu.description.clone(),
            slug: menu.slug.as_str().to_owned(),
            is_public: menu.is_public,
            created_at: menu.created_at,
            updated_at: menu.updated_at,
            courses: menu.courses.iter().map(CourseResponse::from).collect(),
            pairings: menu.pairings.iter().map(PairingResponse::from).collect(),
        }
    }
}

/// The Menu object (owner view): the PublicMenu fields plus `owner_id`.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MenuResponse {
    /// Every PublicMenu field.
    #[serde(flatten)]
    pub menu: PublicMenuResponse,
    /// The owner's user id.
    pub owner_id: Uuid,
}

impl From<&Menu> for MenuResponse {
    fn from(menu: &Menu) -> Self {
        Self {
            menu: PublicMenuResponse::from(menu),
            owner_id: menu.owner_id.as_uuid(),
        }
    }
}
