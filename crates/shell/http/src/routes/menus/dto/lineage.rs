//! The lineage objects of API.md §1.8: LineageMenu and MenuLineage.

use chrono::{DateTime, Utc};
use serde::Serialize;
use tastebuds_curation::{LineageMenu, LineageSource, MenuLineage};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::wire;

/// The LineageMenu object: a related menu, without its contents or owner.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct LineageMenuResponse {
    /// The menu's id.
    pub id: Uuid,
    /// Title.
    #[schema(example = "Neo Noir Night (Fork)")]
    pub title: String,
    /// Slug.
    #[schema(example = "neo-noir-night-fork")]
    pub slug: String,
    /// Whether it is public.
    pub is_public: bool,
    /// Creation time.
    #[serde(serialize_with = "wire::timestamp::serialize")]
    pub created_at: DateTime<Utc>,
}

impl From<&LineageMenu> for LineageMenuResponse {
    fn from(menu: &LineageMenu) -> Self {
        Self {
            id: menu.id.as_uuid(),
            title: menu.title.as_str().to_owned(),
            slug: menu.slug.as_str().to_owned(),
            is_public: menu.is_public,
            created_at: menu.created_at,
        }
    }
}

/// The menu a fork was made from, with the note left when forking.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct LineageSourceResponse {
    /// The source menu.
    pub menu: LineageMenuResponse,
    /// The fork's note.
    #[schema(required, example = "More rain.")]
    pub note: Option<String>,
}

impl From<&LineageSource> for LineageSourceResponse {
    fn from(source: &LineageSource) -> Self {
        Self {
            menu: LineageMenuResponse::from(&source.menu),
            note: source.note.clone(),
        }
    }
}

/// The MenuLineage object: where a menu came from and its forks, limited to menus the
/// viewer may see.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MenuLineageResponse {
    /// The menu this one was forked from, when the viewer may see it.
    #[schema(required)]
    pub source_menu: Option<LineageSourceResponse>,
    /// The forks the viewer may see, newest first.
    pub forked_menus: Vec<LineageMenuResponse>,
    /// How many forks are listed.
    #[schema(example = 1, minimum = 0)]
    pub fork_count: usize,
}

impl From<&MenuLineage> for MenuLineageResponse {
    fn from(lineage: &MenuLineage) -> Self {
        Self {
            source_menu: lineage
                .source_menu
                .as_ref()
                .map(LineageSourceResponse::from),
            forked_menus: lineage
                .forked_menus
                .iter()
                .map(LineageMenuResponse::from)
                .collect(),
            fork_count: lineage.fork_count(),
        }
    }
}
