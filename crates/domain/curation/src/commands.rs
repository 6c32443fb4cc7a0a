//! What callers ask the curation domain to do. Commands hold validated values only; the
//! HTTP shell builds them from request bodies, collecting every field error at once.
//!
//! Drafts keep positions as requested. The `New*` commands handed to the repository are
//! built from drafts by constructors that apply the ordering rules, so a repository never
//! sees positions with gaps.

use chrono::{DateTime, Utc};
use tastebuds_kernel::{CourseItemId, MediaItemId};

use crate::error::CurationError;
use crate::ordering::{Positioned, renumber};
use crate::slug::Slug;
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

impl CourseDraft {
    /// The same course with its items sorted and renumbered 1..n; the course's own
    /// position is left as requested.
    #[must_use]
    pub fn with_dense_items(mut self) -> Self {
        self.items = renumber(self.items);
        self
    }
}

/// A menu ready to store: slug chosen, courses and their items sorted and renumbered
/// 1..n (API.md §5.4). Built only by [`NewMenu::new`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewMenu {
    /// The unique slug chosen for it.
    pub slug: Slug,
    /// Title.
    pub title: MenuTitle,
    /// Description.
    pub description: Option<String>,
    /// Whether it is public.
    pub is_public: bool,
    /// Courses in order, positions 1..n, each with items at 1..n.
    pub courses: Vec<CourseDraft>,
}

impl NewMenu {
    /// Applies the create-time ordering rule to `draft` and attaches `slug`.
    #[must_use]
    pub fn new(draft: MenuDraft, slug: Slug) -> Self {
        let courses = renumber(draft.courses)
            .into_iter()
            .map(CourseDraft::with_dense_items)
            .collect();
        Self {
            slug,
            title: draft.title,
            description: draft.description,
            is_public: draft.is_public,
            courses,
        }
    }
}

/// A course to add to an existing menu: its items renumbered 1..n, its own position the
/// requested insertion point. Built only by [`NewCourse::new`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct NewCourse {
    /// The course; `course.position` is where to insert it (see
    /// [`crate::ordering::insertion_position`]).
    pub course: CourseDraft,
}

impl NewCourse {
    /// Renumbers the draft's items.
    #[must_use]
    pub fn new(draft: CourseDraft) -> Self {
        Self {
            course: draft.with_dense_items(),
        }
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

/// A fork to create from a menu the caller may read.
#[derive(Clone, Debug, PartialEq)]
pub struct NewFork {
    /// The fork's unique slug, generated from its title.
    pub slug: Slug,
    /// Title (default [`fork_title`] of the source's).
    pub title: MenuTitle,
    /// Description (default the source's).
    pub description: Option<String>,
    /// Visibility (default private).
    pub is_public: bool,
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

/// A share link to store.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewShareToken {
    /// The secret (24 random bytes, URL-safe base64, 32 characters).
    pub token: String,
    /// Expiry; `None` = never.
    pub expires_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(value: i64) -> Position {
        Position::new(value).unwrap()
    }

    fn item(position_value: i64) -> ItemDraft {
        ItemDraft {
            media_item_id: MediaItemId::new(),
            notes: None,
            position: position(position_value),
        }
    }

    fn course(title: &str, position_value: i64, items: Vec<ItemDraft>) -> CourseDraft {
        CourseDraft {
            title: CourseTitle::parse(title).unwrap(),
            description: None,
            intent: None,
            position: position(position_value),
            items,
        }
    }

    #[test]
    fn a_new_menu_orders_and_renumbers_courses_and_their_items() {
        let (late, early) = (item(9), item(2));
        let (late_id, early_id) = (late.media_item_id, early.media_item_id);
        let draft = MenuDraft {
            title: MenuTitle::parse("Neo Noir Night").unwrap(),
            description: None,
            is_public: false,
            courses: vec![
                course("Dessert", 20, vec![]),
                course("Starters", 3, vec![late, early]),
            ],
        };

        let menu = NewMenu::new(draft, Slug::generate("Neo Noir Night"));

        let courses: Vec<(&str, i32)> = menu
            .courses
            .iter()
            .map(|c| (c.title.as_str(), c.position.get()))
            .collect();
        assert_eq!(courses, vec![("Starters", 1), ("Dessert", 2)]);
        let items: Vec<(MediaItemId, i32)> = menu.courses[0]
            .items
            .iter()
            .map(|i| (i.media_item_id, i.position.get()))
            .collect();
        assert_eq!(items, vec![(early_id, 1), (late_id, 2)]);
    }

    #[test]
    fn a_new_course_keeps_its_requested_position_and_renumbers_its_items() {
        let new = NewCourse::new(course("Mains", 7, vec![item(5), item(5), item(1)]));
        assert_eq!(new.course.position.get(), 7);
        let positions: Vec<i32> = new.course.items.iter().map(|i| i.position.get()).collect();
        assert_eq!(positions, vec![1, 2, 3]);
    }

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
