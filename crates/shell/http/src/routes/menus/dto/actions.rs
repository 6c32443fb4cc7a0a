//! The bodies of the menu actions (API.md §2.9): reorder items and courses, fork, and
//! create a pairing.

use serde::Deserialize;
use tastebuds_curation::{CurationError, ForkDraft, MenuTitle, PairingDraft, PairingRelationship};
use tastebuds_kernel::{CourseId, CourseItemId, FieldErrors};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::Validate;

/// `POST /api/menus/{menu_id}/courses/{course_id}/reorder-items`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReorderItemsBody {
    /// Exactly the course's item ids, in the new order.
    pub item_ids: Vec<Uuid>,
}

impl ReorderItemsBody {
    /// The ids as course item ids.
    #[must_use]
    pub fn into_domain(self) -> Vec<CourseItemId> {
        self.item_ids
            .into_iter()
            .map(CourseItemId::from_uuid)
            .collect()
    }
}

impl Validate for ReorderItemsBody {}

/// `POST /api/menus/{menu_id}/reorder-courses`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ReorderCoursesBody {
    /// Exactly the menu's course ids, in the new order.
    pub course_ids: Vec<Uuid>,
}

impl ReorderCoursesBody {
    /// The ids as course ids.
    #[must_use]
    pub fn into_domain(self) -> Vec<CourseId> {
        self.course_ids
            .into_iter()
            .map(CourseId::from_uuid)
            .collect()
    }
}

impl Validate for ReorderCoursesBody {}

/// `POST /api/menus/{menu_id}/fork`: every field optional (an empty body is accepted).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ForkBody {
    /// Title of the fork; default `"<source title> (Fork)"` (also when empty).
    #[serde(default)]
    #[schema(max_length = 255, example = "Neo Noir Night, my way")]
    pub title: Option<String>,
    /// Description; default the source's.
    #[serde(default)]
    pub description: Option<String>,
    /// Visibility; default private.
    #[serde(default)]
    pub is_public: Option<bool>,
    /// Stored on the lineage row; shown as the source's `note` in the fork's lineage.
    #[serde(default)]
    #[schema(example = "More rain.")]
    pub note: Option<String>,
}

impl ForkBody {
    /// The validated draft.
    ///
    /// # Errors
    /// `string_too_long` at `title`.
    pub fn try_into_domain(self) -> Result<ForkDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = self
            .title
            .filter(|title| !title.trim().is_empty())
            .and_then(|title| errors.collect(MenuTitle::parse(&title)));
        errors.into_result()?;
        Ok(ForkDraft {
            title,
            description: self.description,
            is_public: self.is_public,
            note: self.note,
        })
    }
}

impl Validate for ForkBody {}

/// `POST /api/menus/{menu_id}/pairings`: a directed pair of two items of the menu.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PairingBody {
    /// The item the pairing starts from.
    pub primary_course_item_id: Uuid,
    /// The item it points to (not the same one; the reverse pair is a different one).
    pub paired_course_item_id: Uuid,
    /// Relationship label.
    #[serde(default)]
    #[schema(max_length = 120, example = "echoes")]
    pub relationship: Option<String>,
    /// Note.
    #[serde(default)]
    pub note: Option<String>,
}

impl PairingBody {
    /// The validated draft.
    ///
    /// # Errors
    /// [`CurationError::Validation`] with `string_too_long` at `relationship`;
    /// [`CurationError::PairingSelfReference`] when both ids are the same.
    pub fn try_into_domain(self) -> Result<PairingDraft, CurationError> {
        let mut errors = FieldErrors::new();
        let relationship = self
            .relationship
            .and_then(|label| errors.collect(PairingRelationship::parse(&label)));
        errors.into_result()?;
        PairingDraft::new(
            CourseItemId::from_uuid(self.primary_course_item_id),
            CourseItemId::from_uuid(self.paired_course_item_id),
            relationship,
            self.note,
        )
    }
}

impl Validate for PairingBody {}
