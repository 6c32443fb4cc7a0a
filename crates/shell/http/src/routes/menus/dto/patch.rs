//! The PATCH bodies of menus, courses and course items (API.md §2.9), and their
//! conversion into domain patches. Where a sent `null` clears a field, the body keeps
//! "absent" and "null" apart ([`wire::present`]).

use chrono::{DateTime, Utc};
use serde::Deserialize;
use tastebuds_curation::{CoursePatch, CourseTitle, ItemPatch, MenuPatch, MenuTitle};
use tastebuds_kernel::FieldErrors;
use utoipa::ToSchema;

use crate::extract::Validate;
use crate::wire;

/// `PATCH /api/menus/{menu_id}`: every field optional; the slug never changes.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct MenuPatchBody {
    /// New title; ignored when empty (or blank), or `null`.
    #[serde(default)]
    #[schema(max_length = 255, example = "Neo Noir Nights")]
    pub title: Option<String>,
    /// New description; ignored when `null` (it cannot be cleared, `""` blanks it).
    #[serde(default)]
    pub description: Option<String>,
    /// New visibility; ignored when `null`. Switching it off hides the public page at
    /// once.
    #[serde(default)]
    pub is_public: Option<bool>,
}

impl MenuPatchBody {
    /// The validated patch.
    ///
    /// # Errors
    /// `string_too_long` at `title`.
    pub fn try_into_domain(self) -> Result<MenuPatch, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = self
            .title
            .filter(|title| !title.trim().is_empty())
            .and_then(|title| errors.collect(MenuTitle::parse(&title)));
        errors.into_result()?;
        Ok(MenuPatch {
            title,
            description: self.description,
            is_public: self.is_public,
        })
    }
}

impl Validate for MenuPatchBody {}

/// `PATCH /api/menus/{menu_id}/courses/{course_id}`: every field optional; the position
/// cannot be changed here (use reorder-courses).
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct CoursePatchBody {
    /// New title; `null` or absent leaves it.
    #[serde(default)]
    #[schema(min_length = 1, max_length = 255, example = "Mains")]
    pub title: Option<String>,
    /// New description, applied whenever the key is sent; `null` clears it.
    #[serde(default, deserialize_with = "wire::present")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    /// New intent, applied whenever the key is sent; `null` clears it.
    #[serde(default, deserialize_with = "wire::present")]
    #[schema(value_type = Option<String>)]
    pub intent: Option<Option<String>>,
    /// The `updated_at` the client last saw: when sent and different from the stored
    /// one (to the microsecond), the PATCH is refused with 409.
    #[serde(default, with = "wire::optional_timestamp")]
    #[schema(value_type = Option<String>, format = DateTime, example = "2025-03-20T14:05:09.123456Z")]
    pub expected_updated_at: Option<DateTime<Utc>>,
}

impl CoursePatchBody {
    /// The validated patch.
    ///
    /// # Errors
    /// `string_too_short` / `string_too_long` at `title`.
    pub fn try_into_domain(self) -> Result<CoursePatch, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = self
            .title
            .and_then(|title| errors.collect(CourseTitle::parse(&title)));
        errors.into_result()?;
        Ok(CoursePatch {
            title,
            description: self.description,
            intent: self.intent,
            expected_updated_at: self.expected_updated_at,
        })
    }
}

impl Validate for CoursePatchBody {}

/// `PATCH /api/menus/{menu_id}/course-items/{item_id}`.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ItemPatchBody {
    /// New notes, applied whenever the key is sent; `null` clears them.
    #[serde(default, deserialize_with = "wire::present")]
    #[schema(value_type = Option<String>, example = "Rewatch first.")]
    pub notes: Option<Option<String>>,
    /// The `updated_at` the client last saw (see the course PATCH).
    #[serde(default, with = "wire::optional_timestamp")]
    #[schema(value_type = Option<String>, format = DateTime, example = "2025-03-20T14:05:09.123456Z")]
    pub expected_updated_at: Option<DateTime<Utc>>,
}

impl ItemPatchBody {
    /// The patch (no field can be invalid once parsed).
    #[must_use]
    pub fn into_domain(self) -> ItemPatch {
        ItemPatch {
            notes: self.notes,
            expected_updated_at: self.expected_updated_at,
        }
    }
}

impl Validate for ItemPatchBody {}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn null_clears_and_absent_leaves() {
        let sent: CoursePatchBody =
            serde_json::from_value(json!({"description": null, "intent": "x"})).unwrap();
        let patch = sent.try_into_domain().unwrap();
        assert_eq!(patch.description, Some(None));
        assert_eq!(patch.intent, Some(Some("x".to_owned())));

        let absent: CoursePatchBody = serde_json::from_value(json!({})).unwrap();
        let patch = absent.try_into_domain().unwrap();
        assert_eq!(patch.description, None);
        assert_eq!(patch.title, None);
    }

    #[test]
    fn an_empty_menu_title_is_ignored_and_a_long_one_refused() {
        let empty: MenuPatchBody = serde_json::from_value(json!({"title": ""})).unwrap();
        assert_eq!(empty.try_into_domain().unwrap().title, None);

        let long: MenuPatchBody =
            serde_json::from_value(json!({"title": "a".repeat(256)})).unwrap();
        let errors = long.try_into_domain().unwrap_err();
        assert_eq!(errors.errors()[0].kind, "string_too_long");
    }
}
