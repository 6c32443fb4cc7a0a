//! What callers ask the curation domain to do. Commands hold validated values only; the
//! HTTP shell builds them from request bodies, collecting every field error at once.
//!
//! Drafts keep positions as requested; the service applies the ordering rules
//! (API.md §5.4) when it turns them into rows.

use chrono::{DateTime, Utc};
use tastebuds_kernel::{CourseItemId, MediaItemId};

use crate::error::CurationError;
use crate::ordering::Positioned;
use crate::values::{CourseTitle, MenuTitle, PairingRelationship, Position};

/// An item to put in a course.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemDraft {
    /// The catalog item (a preview id must be resolved to a catalog id first).
    pub media_item_id: MediaItemId,
    /// The curator's notes.
    pub notes: Option<String>,
    /// Requested position.
    pub position: Position,
}

/// A course to create, with its items.
#[derive(Clone, Debug, PartialEq)]
pub struct CourseDraft {
    /// Title.
    pub title: CourseTitle,
    /// Description.
    pub description: Option<String>,
    /// What the course is for.
    pub intent: Option<String>,
    /// Requested position.
    pub position: Position,
    /// Its items, positions as requested.
    pub items: Vec<ItemDraft>,
}

/// A menu to create, with its courses and items.
#[derive(Clone, Debug, PartialEq)]
pub struct MenuDraft {
    /// Title.
    pub title: MenuTitle,
    /// Description.
    pub description: Option<String>,
    /// Whether it is public from the start.
    pub is_public: bool,
    /// Its courses, positions as requested.
    pub courses: Vec<CourseDraft>,
}

impl Positioned for ItemDraft {
    fn position(&self) -> Position {
        self.position
    }
    fn set_position(&mut self, position: Position) {
        self.position = position;
    }
}

impl Positioned for CourseDraft {
    fn position(&self) -> Position {
        self.position
    }
    fn set_position(&mut self, position: Position) {
        self.position = position;
    }
}

/// Changes to a menu (API.md §2.9 PATCH). `None` leaves a field as it is; the slug
/// never changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MenuPatch {
    /// New title (the shell drops an empty one).
    pub title: Option<MenuTitle>,
    /// New description; a menu description cannot be cleared to null (§6.16).
    pub description: Option<String>,
    /// New visibility.
    pub is_public: Option<bool>,
}

/// Changes to a course. `Some(None)` clears a nullable field.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CoursePatch {
    /// New title.
    pub title: Option<CourseTitle>,
    /// New description, or `Some(None)` to clear it.
    pub description: Option<Option<String>>,
    /// New intent, or `Some(None)` to clear it.
    pub intent: Option<Option<String>>,
    /// Turns on the stale-write guard ([`crate::ordering::check_fresh`]).
    pub expected_updated_at: Option<DateTime<Utc>>,
}

/// Changes to a course item. `Some(None)` clears the notes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemPatch {
    /// New notes, or `Some(None)` to clear them.
    pub notes: Option<Option<String>>,
    /// Turns on the stale-write guard.
    pub expected_updated_at: Option<DateTime<Utc>>,
}

/// A fork to make of a menu the caller may read (API.md §2.9 fork). Absent fields take
/// their defaults from the source.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ForkDraft {
    /// Title; default [`fork_title`] of the source's.
    pub title: Option<MenuTitle>,
    /// Description; default the source's.
    pub description: Option<String>,
    /// Visibility; default private.
    pub is_public: Option<bool>,
    /// Note stored on the lineage row.
    pub note: Option<String>,
}

/// The default title of a fork: `"<source title> (Fork)"`, the source part shortened
/// when the whole would not fit in [`MenuTitle::MAX_LEN`] characters.
#[must_use]
pub fn fork_title(source: &MenuTitle) -> MenuTitle {
    const SUFFIX: &str = " (Fork)";
    let room = MenuTitle::MAX_LEN - SUFFIX.chars().count();
    let base: String = source.as_str().chars().take(room).collect();
    let title = format!("{}{SUFFIX}", base.trim_end());
    // Non-empty and at most MAX_LEN characters by construction.
    MenuTitle::parse(&title).unwrap_or_else(|_| source.clone())
}

/// A pairing to create between two distinct items of a menu.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct PairingDraft {
    /// The item the pairing starts from.
    pub primary_course_item_id: CourseItemId,
    /// The item it points to.
    pub paired_course_item_id: CourseItemId,
    /// Relationship label.
    pub relationship: Option<PairingRelationship>,
    /// Note.
    pub note: Option<String>,
}

impl PairingDraft {
    /// A pairing from `primary` to `paired`.
    ///
    /// # Errors
    /// [`CurationError::PairingSelfReference`] when both ids are the same.
    pub fn new(
        primary: CourseItemId,
        paired: CourseItemId,
        relationship: Option<PairingRelationship>,
        note: Option<String>,
    ) -> Result<Self, CurationError> {
        if primary == paired {
            return Err(CurationError::PairingSelfReference);
        }
        Ok(Self {
            primary_course_item_id: primary,
            paired_course_item_id: paired,
            relationship,
            note,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fork_titles_append_fork_and_still_fit() {
        let title = MenuTitle::parse("Neo Noir Night").unwrap();
        assert_eq!(fork_title(&title).as_str(), "Neo Noir Night (Fork)");

        let long = MenuTitle::parse(&"é".repeat(MenuTitle::MAX_LEN)).unwrap();
        let forked = fork_title(&long);
        assert_eq!(forked.as_str().chars().count(), MenuTitle::MAX_LEN);
        assert!(forked.as_str().ends_with(" (Fork)"));
    }

    #[test]
    fn a_pairing_needs_two_distinct_items() {
        let (a, b) = (CourseItemId::new(), CourseItemId::new());
        assert!(PairingDraft::new(a, b, None, None).is_ok());
        assert!(matches!(
            PairingDraft::new(a, a, None, None),
            Err(CurationError::PairingSelfReference)
        ));
    }
}
