//! The curation domain's error. Variants name what the HTTP shell must answer; the
//! message each maps to is in API.md §2.9–2.10.

use std::fmt;

use chrono::{DateTime, Utc};
use tastebuds_kernel::FieldErrors;

use crate::slug::Slug;

/// Which kind of row a stale write was attempted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaleEntity {
    /// A course.
    Course,
    /// A course item.
    CourseItem,
}

impl StaleEntity {
    /// The label of the 409 message (`Course` / `Course item`).
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::Course => "Course",
            Self::CourseItem => "Course item",
        }
    }
}

impl fmt::Display for StaleEntity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why a curation operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CurationError {
    /// The menu does not exist or is not the caller's (they look the same, API.md §5.2).
    #[error("Menu not found")]
    MenuNotFound,
    /// The course does not exist or is not the caller's.
    #[error("Course not found")]
    CourseNotFound,
    /// The course is the caller's but belongs to another menu.
    #[error("Course not found in menu")]
    CourseNotInMenu,
    /// The course item does not exist or is not the caller's.
    #[error("Course item not found")]
    CourseItemNotFound,
    /// The course item is the caller's but belongs to another menu.
    #[error("Item not found in menu")]
    ItemNotInMenu,
    /// A pairing names a course item that is not in the menu.
    #[error("Course item not found in menu")]
    PairingItemNotInMenu,
    /// A pairing names the same item twice.
    #[error("Pairing must reference two items.")]
    PairingSelfReference,
    /// The same ordered pair is already paired in the menu.
    #[error("Pairing already exists")]
    PairingExists,
    /// The pairing does not exist, is not the caller's, or is on another menu.
    #[error("Pairing not found")]
    PairingNotFound,
    /// The share token does not exist, is not the caller's, or is on another menu.
    #[error("Share token not found")]
    ShareTokenNotFound,
    /// A share link is unknown or revoked.
    #[error("Share link not found")]
    ShareLinkNotFound,
    /// A share link's expiry has passed.
    #[error("Share link expired")]
    ShareLinkExpired,
    /// Another menu holds the slug (the unique `menus.slug` constraint).
    #[error("slug `{0}` is taken")]
    SlugTaken(Slug),
    /// A course item names a media item that is not in the catalog.
    #[error("Media item not found")]
    UnknownMedia,
    /// `expected_updated_at` does not match the stored `updated_at`.
    #[error("{entity} was updated by another session.")]
    StaleWrite {
        /// What was stale.
        entity: StaleEntity,
        /// The stored `updated_at`, for the 409 body.
        current_updated_at: DateTime<Utc>,
    },
    /// A reorder-items request does not list exactly the course's items.
    #[error("Item IDs must match the existing course items.")]
    ItemIdsMismatch,
    /// A reorder-courses request does not list exactly the menu's courses.
    #[error("Course IDs must match the existing menu courses.")]
    CourseIdsMismatch,
    /// The input broke field rules (a 422).
    #[error("invalid input: {0}")]
    Validation(FieldErrors),
    /// Storage cannot be reached right now; the same call may succeed later (a 503).
    #[error(transparent)]
    Unavailable(#[from] tastebuds_kernel::Unavailable),
    /// A storage or programming failure; opaque to clients.
    #[error("unexpected curation error")]
    Unexpected(#[source] anyhow::Error),
}

impl From<FieldErrors> for CurationError {
    fn from(errors: FieldErrors) -> Self {
        Self::Validation(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_match_the_api_contract() {
        assert_eq!(CurationError::MenuNotFound.to_string(), "Menu not found");
        assert_eq!(
            CurationError::PairingSelfReference.to_string(),
            "Pairing must reference two items."
        );
        let stale = CurationError::StaleWrite {
            entity: StaleEntity::CourseItem,
            current_updated_at: Utc::now(),
        };
        assert_eq!(
            stale.to_string(),
            "Course item was updated by another session."
        );
        assert_eq!(
            CurationError::ItemIdsMismatch.to_string(),
            "Item IDs must match the existing course items."
        );
        let down = CurationError::from(tastebuds_kernel::Unavailable::new("database", "refused"));
        assert!(matches!(down, CurationError::Unavailable(_)));
        assert_eq!(down.to_string(), "database unavailable");
    }
}
