//! The path parameters of the menu and public routes. Ids are UUIDs: a malformed one is
//! a 422 at `["path", <param>]`, never a 404.

use serde::Deserialize;
use tastebuds_kernel::{CourseId, CourseItemId, MenuId, PairingId, ShareTokenId};
use utoipa::IntoParams;
use uuid::Uuid;

/// `{menu_id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct MenuPath {
    /// The menu's id.
    pub menu_id: Uuid,
}

impl MenuPath {
    /// The menu id.
    #[must_use]
    pub fn menu(&self) -> MenuId {
        MenuId::from_uuid(self.menu_id)
    }
}

/// `{menu_id}/courses/{course_id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CoursePath {
    /// The menu's id.
    pub menu_id: Uuid,
    /// The course's id.
    pub course_id: Uuid,
}

impl CoursePath {
    /// The menu and course ids.
    #[must_use]
    pub fn ids(&self) -> (MenuId, CourseId) {
        (
            MenuId::from_uuid(self.menu_id),
            CourseId::from_uuid(self.course_id),
        )
    }
}

/// `{menu_id}/course-items/{item_id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ItemPath {
    /// The menu's id.
    pub menu_id: Uuid,
    /// The course item's id.
    pub item_id: Uuid,
}

impl ItemPath {
    /// The menu and item ids.
    #[must_use]
    pub fn ids(&self) -> (MenuId, CourseItemId) {
        (
            MenuId::from_uuid(self.menu_id),
            CourseItemId::from_uuid(self.item_id),
        )
    }
}

/// `{menu_id}/pairings/{pairing_id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct PairingPath {
    /// The menu's id.
    pub menu_id: Uuid,
    /// The pairing's id.
    pub pairing_id: Uuid,
}

impl PairingPath {
    /// The menu and pairing ids.
    #[must_use]
    pub fn ids(&self) -> (MenuId, PairingId) {
        (
            MenuId::from_uuid(self.menu_id),
            PairingId::from_uuid(self.pairing_id),
        )
    }
}

/// `{menu_id}/share-tokens/{token_id}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ShareTokenPath {
    /// The menu's id.
    pub menu_id: Uuid,
    /// The share token's id.
    pub token_id: Uuid,
}

impl ShareTokenPath {
    /// The menu and token ids.
    #[must_use]
    pub fn ids(&self) -> (MenuId, ShareTokenId) {
        (
            MenuId::from_uuid(self.menu_id),
            ShareTokenId::from_uuid(self.token_id),
        )
    }
}
