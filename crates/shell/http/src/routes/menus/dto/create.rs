//! The bodies that create menus, courses and course items (API.md §2.9), and their
//! conversion into domain drafts, collecting every field error at once with its full
//! location (`courses.2.items.0.position`).

use serde::Deserialize;
use tastebuds_curation::{CourseDraft, CourseTitle, ItemDraft, MenuDraft, MenuTitle, Position};
use tastebuds_kernel::{FieldError, FieldErrors, MediaItemId, PathSegment};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::extract::Validate;

/// `result`'s value, or `None` after recording its error under `at`.
pub(super) fn collect_at<T>(
    errors: &mut FieldErrors,
    at: &[PathSegment],
    result: Result<T, FieldError>,
) -> Option<T> {
    errors.collect(result.map_err(|error| error.nested_under(at)))
}

/// `at` followed by `key` and `index` (`courses.2`).
fn under(at: &[PathSegment], key: &str, index: usize) -> Vec<PathSegment> {
    let mut path = at.to_vec();
    path.push(PathSegment::from(key));
    path.push(PathSegment::Index(index));
    path
}

/// ItemCreate: an item to put in a course.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ItemCreateBody {
    /// A catalog id, or the `preview_id` of one of the caller's unexpired external
    /// search hits: that is ingested (once per upstream record), the preview deleted
    /// and the catalog id stored. Someone else's or an expired preview answers 404
    /// `Media item not found`, like any id the catalog does not hold.
    pub media_item_id: Uuid,
    /// The curator's notes.
    #[serde(default)]
    #[schema(example = "The one that started it all.")]
    pub notes: Option<String>,
    /// Where to put it: 1..n inserts there (the items at and after it move down), past
    /// the end appends. Stored positions are always 1..n.
    #[schema(minimum = 1, example = 1)]
    pub position: i64,
}

impl ItemCreateBody {
    fn into_domain(self, at: &[PathSegment], errors: &mut FieldErrors) -> Option<ItemDraft> {
        let position = collect_at(errors, at, Position::new(self.position))?;
        Some(ItemDraft {
            media_item_id: MediaItemId::from_uuid(self.media_item_id),
            notes: self.notes,
            position,
        })
    }

    /// The validated draft.
    ///
    /// # Errors
    /// Every invalid field at once.
    pub fn try_into_domain(self) -> Result<ItemDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let draft = self.into_domain(&[], &mut errors);
        errors_or(errors, draft)
    }
}

impl Validate for ItemCreateBody {}

/// CourseCreate: a course to add, with its items.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CourseCreateBody {
    /// Title (kept as given).
    #[schema(min_length = 1, max_length = 255, example = "Starters")]
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: Option<String>,
    /// What the course is for.
    #[serde(default)]
    #[schema(example = "Set the mood")]
    pub intent: Option<String>,
    /// Where to put it: 1..n inserts there (the courses at and after it move down), past
    /// the end appends. In a new menu's list, the positions give the order.
    #[schema(minimum = 1, example = 1)]
    pub position: i64,
    /// Its items; their positions give their order, then become 1..n.
    #[serde(default)]
    pub items: Vec<ItemCreateBody>,
}

impl CourseCreateBody {
    fn into_domain(self, at: &[PathSegment], errors: &mut FieldErrors) -> Option<CourseDraft> {
        let title = collect_at(errors, at, CourseTitle::parse(&self.title));
        let position = collect_at(errors, at, Position::new(self.position));
        let items: Vec<Option<ItemDraft>> = self
            .items
            .into_iter()
            .enumerate()
            .map(|(index, item)| item.into_domain(&under(at, "items", index), errors))
            .collect();
        Some(CourseDraft {
            title: title?,
            description: self.description,
            intent: self.intent,
            position: position?,
            items: items.into_iter().collect::<Option<_>>()?,
        })
    }

    /// The validated draft.
    ///
    /// # Errors
    /// Every invalid field at once, nested items included.
    pub fn try_into_domain(self) -> Result<CourseDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let draft = self.into_domain(&[], &mut errors);
        errors_or(errors, draft)
    }
}

impl Validate for CourseCreateBody {}

/// `POST /api/menus`.
#[derive(Debug, Deserialize, ToSchema)]
pub struct MenuCreateBody {
    /// Title (trimmed); the slug is generated from it once.
    #[schema(min_length = 1, max_length = 255, example = "Neo Noir Night")]
    pub title: String,
    /// Description.
    #[serde(default)]
    #[schema(example = "Rain, neon and moral ambiguity.")]
    pub description: Option<String>,
    /// Whether anyone may read it by slug.
    #[serde(default)]
    pub is_public: bool,
    /// Its courses; their positions give their order, then become 1..n.
    #[serde(default)]
    pub courses: Vec<CourseCreateBody>,
}

impl MenuCreateBody {
    /// The validated draft.
    ///
    /// # Errors
    /// Every invalid field at once, nested courses and items included.
    pub fn try_into_domain(self) -> Result<MenuDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let title = errors.collect(MenuTitle::parse(&self.title));
        let courses: Vec<Option<CourseDraft>> = self
            .courses
            .into_iter()
            .enumerate()
            .map(|(index, course)| course.into_domain(&under(&[], "courses", index), &mut errors))
            .collect();
        let draft = title.and_then(|title| {
            Some(MenuDraft {
                title,
                description: self.description,
                is_public: self.is_public,
                courses: courses.into_iter().collect::<Option<_>>()?,
            })
        });
        errors_or(errors, draft)
    }
}

impl Validate for MenuCreateBody {}

/// `draft` when no error was recorded.
pub(super) fn errors_or<T>(errors: FieldErrors, draft: Option<T>) -> Result<T, FieldErrors> {
    errors.into_result()?;
    // Without errors every part converted, so the draft is there.
    draft.ok_or_else(|| {
        FieldErrors::from(FieldError::new(
            "body",
            "value_error",
            "Value error, incomplete",
        ))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn every_nested_error_is_reported_with_its_location() {
        let body: MenuCreateBody = serde_json::from_value(json!({
            "title": "a".repeat(256),
            "courses": [
                {"title": "ok", "position": 1},
                {"title": "", "position": 0, "items": [
                    {"media_item_id": Uuid::nil(), "position": -1}
                ]}
            ]
        }))
        .unwrap();

        let errors = body.try_into_domain().unwrap_err();

        let found: Vec<(String, &str)> = errors
            .errors()
            .iter()
            .map(|error| (format!("{:?}", error.path), error.kind))
            .collect();
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(found[0].1, "string_too_long");
        assert_eq!(
            errors.errors()[3].path,
            vec![
                PathSegment::from("courses"),
                PathSegment::Index(1),
                PathSegment::from("items"),
                PathSegment::Index(0),
                PathSegment::from("position"),
            ]
        );
    }

    #[test]
    fn a_valid_menu_converts() {
        let body: MenuCreateBody = serde_json::from_value(json!({
            "title": " Neo Noir ",
            "courses": [{"title": "Mains", "position": 3, "items": [
                {"media_item_id": Uuid::nil(), "position": 9, "notes": "n"}
            ]}]
        }))
        .unwrap();

        let draft = body.try_into_domain().unwrap();

        assert_eq!(draft.title.as_str(), "Neo Noir");
        assert!(!draft.is_public);
        assert_eq!(draft.courses[0].items[0].position.get(), 9);
    }
}
