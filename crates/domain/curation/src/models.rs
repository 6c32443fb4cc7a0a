//! The curation aggregate and its read models (API.md §1.8).
//!
//! A [`Menu`] owns its [`Course`]s, which own their [`CourseItem`]s; [`Pairing`]s and
//! [`ShareToken`]s hang off the menu. Lists are always sorted: courses and items by
//! position (dense, 1..n), pairings by creation time.

use chrono::{DateTime, Utc};
pub use tastebuds_kernel::MediaCard;
use tastebuds_kernel::{
    CourseId, CourseItemId, MediaItemId, MenuId, PairingId, ShareTokenId, UserId,
};

use crate::slug::Slug;
use crate::values::{CourseTitle, MenuTitle, PairingRelationship, Position};

/// A media item placed in a course.
#[derive(Clone, Debug, PartialEq)]
pub struct CourseItem {
    /// The item's id.
    pub id: CourseItemId,
    /// The course holding it.
    pub course_id: CourseId,
    /// The catalog item (always a catalog id, never a preview id).
    pub media_item_id: MediaItemId,
    /// The curator's notes.
    pub notes: Option<String>,
    /// Position within the course (dense, 1..n).
    pub position: Position,
    /// Last change (the stale-write guard compares it).
    pub updated_at: DateTime<Utc>,
    /// The catalog item, when the query embeds it.
    pub media_item: Option<MediaCard>,
}

/// A course of a menu.
#[derive(Clone, Debug, PartialEq)]
pub struct Course {
    /// The course's id.
    pub id: CourseId,
    /// The menu holding it.
    pub menu_id: MenuId,
    /// Title.
    pub title: CourseTitle,
    /// Description.
    pub description: Option<String>,
    /// What the course is for.
    pub intent: Option<String>,
    /// Position within the menu (dense, 1..n).
    pub position: Position,
    /// Last change (the stale-write guard compares it).
    pub updated_at: DateTime<Utc>,
    /// Its items, sorted by position.
    pub items: Vec<CourseItem>,
}

/// A directed link between two items of one menu ("pairs well with").
#[derive(Clone, Debug, PartialEq)]
pub struct Pairing {
    /// The pairing's id.
    pub id: PairingId,
    /// The menu both items belong to.
    pub menu_id: MenuId,
    /// The item the pairing starts from.
    pub primary_course_item_id: CourseItemId,
    /// The item it points to (never the primary one).
    pub paired_course_item_id: CourseItemId,
    /// Free-form relationship label.
    pub relationship: Option<PairingRelationship>,
    /// The curator's note.
    pub note: Option<String>,
    /// Creation time (pairings are listed by it).
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// The primary item, when the query embeds it.
    pub primary_item: Option<CourseItem>,
    /// The paired item, when the query embeds it.
    pub paired_item: Option<CourseItem>,
}

/// A menu with everything it owns (API.md §1.8 `Menu`).
#[derive(Clone, Debug, PartialEq)]
pub struct Menu {
    /// The menu's id.
    pub id: MenuId,
    /// Its owner (never shown in the public view).
    pub owner_id: UserId,
    /// Title.
    pub title: MenuTitle,
    /// Description.
    pub description: Option<String>,
    /// Unique slug, fixed at creation.
    pub slug: Slug,
    /// Whether anyone may read it by slug.
    pub is_public: bool,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Its courses, sorted by position.
    pub courses: Vec<Course>,
    /// Its pairings, sorted by creation time.
    pub pairings: Vec<Pairing>,
}

impl Menu {
    /// Whether `viewer` may read the menu (and fork it): its owner, or anyone once public.
    #[must_use]
    pub fn is_visible_to(&self, viewer: UserId) -> bool {
        self.is_public || self.owner_id == viewer
    }

    /// Every catalog item the menu refers to, in course and position order, without
    /// duplicates.
    #[must_use]
    pub fn media_item_ids(&self) -> Vec<MediaItemId> {
        let mut ids: Vec<MediaItemId> = Vec::new();
        for item in self.courses.iter().flat_map(|course| &course.items) {
            if !ids.contains(&item.media_item_id) {
                ids.push(item.media_item_id);
            }
        }
        ids
    }
}

/// A link that grants read access to one menu, public or not (API.md §1.8 `ShareToken`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareToken {
    /// The token's id.
    pub id: ShareTokenId,
    /// The menu it opens.
    pub menu_id: MenuId,
    /// The secret in the link (32 URL-safe characters).
    pub token: String,
    /// When it stops working; `None` = never.
    pub expires_at: Option<DateTime<Utc>>,
    /// When its owner revoked it.
    pub revoked_at: Option<DateTime<Utc>>,
    /// When it last opened the menu.
    pub last_accessed_at: Option<DateTime<Utc>>,
    /// How many times it opened the menu.
    pub access_count: u32,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// Why a share link does not open its menu at a given time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareLinkState {
    /// It opens the menu.
    Usable,
    /// Its owner revoked it (answered like an unknown link).
    Revoked,
    /// Its expiry has passed.
    Expired,
}

impl ShareToken {
    /// Whether the link opens its menu at `now`. Revocation wins over expiry; a link
    /// expires at exactly `expires_at`.
    #[must_use]
    pub fn state_at(&self, now: DateTime<Utc>) -> ShareLinkState {
        if self.revoked_at.is_some() {
            ShareLinkState::Revoked
        } else if self.expires_at.is_some_and(|expiry| expiry <= now) {
            ShareLinkState::Expired
        } else {
            ShareLinkState::Usable
        }
    }
}

/// A menu opened through a share link.
#[derive(Clone, Debug, PartialEq)]
pub struct SharedMenu {
    /// The menu (served in its public shape).
    pub menu: Menu,
    /// The link that opened it, after this access was counted.
    pub token: ShareToken,
}

/// A menu as listed in a lineage (API.md §1.8 `LineageMenu`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineageMenu {
    /// The menu's id.
    pub id: MenuId,
    /// Title.
    pub title: MenuTitle,
    /// Slug.
    pub slug: Slug,
    /// Whether it is public.
    pub is_public: bool,
    /// Creation time (forks are listed newest first).
    pub created_at: DateTime<Utc>,
}

/// The menu a fork was made from, with the note left when forking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineageSource {
    /// The source menu.
    pub menu: LineageMenu,
    /// The fork's note.
    pub note: Option<String>,
}

/// Where a menu came from and what was forked from it (API.md §1.8 `MenuLineage`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MenuLineage {
    /// The menu it was forked from, if that is visible to the viewer.
    pub source_menu: Option<LineageSource>,
    /// Its forks visible to the viewer, newest first.
    pub forked_menus: Vec<LineageMenu>,
}

impl MenuLineage {
    /// `fork_count`: the number of forks listed.
    #[must_use]
    pub fn fork_count(&self) -> usize {
        self.forked_menus.len()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;

    fn token(expires_at: Option<DateTime<Utc>>, revoked_at: Option<DateTime<Utc>>) -> ShareToken {
        ShareToken {
            id: ShareTokenId::new(),
            menu_id: MenuId::new(),
            token: "t".repeat(32),
            expires_at,
            revoked_at,
            last_accessed_at: None,
            access_count: 0,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn share_links_expire_at_their_expiry_and_revocation_wins() {
        let now = Utc::now();
        let later = now + TimeDelta::hours(1);
        assert_eq!(token(None, None).state_at(now), ShareLinkState::Usable);
        assert_eq!(
            token(Some(later), None).state_at(now),
            ShareLinkState::Usable
        );
        assert_eq!(
            token(Some(now), None).state_at(now),
            ShareLinkState::Expired
        );
        assert_eq!(
            token(Some(now), Some(now)).state_at(now),
            ShareLinkState::Revoked
        );
        assert_eq!(
            token(None, Some(now)).state_at(now),
            ShareLinkState::Revoked
        );
    }

    fn menu(owner: UserId, is_public: bool, media: &[MediaItemId]) -> Menu {
        let now = Utc::now();
        let menu_id = MenuId::new();
        let course_id = CourseId::new();
        let items = media
            .iter()
            .enumerate()
            .map(|(i, &media_item_id)| CourseItem {
                id: CourseItemId::new(),
                course_id,
                media_item_id,
                notes: None,
                position: Position::nth(i),
                updated_at: now,
                media_item: None,
            })
            .collect();
        Menu {
            id: menu_id,
            owner_id: owner,
            title: MenuTitle::parse("Menu").unwrap(),
            description: None,
            slug: Slug::generate("Menu"),
            is_public,
            created_at: now,
            updated_at: now,
            courses: vec![Course {
                id: course_id,
                menu_id,
                title: CourseTitle::parse("Starters").unwrap(),
                description: None,
                intent: None,
                position: Position::FIRST,
                updated_at: now,
                items,
            }],
            pairings: Vec::new(),
        }
    }

    #[test]
    fn private_menus_are_visible_to_their_owner_only() {
        let owner = UserId::new();
        let stranger = UserId::new();
        assert!(menu(owner, false, &[]).is_visible_to(owner));
        assert!(!menu(owner, false, &[]).is_visible_to(stranger));
        assert!(menu(owner, true, &[]).is_visible_to(stranger));
    }

    #[test]
    fn media_item_ids_are_listed_once_in_order() {
        let (a, b) = (MediaItemId::new(), MediaItemId::new());
        assert_eq!(
            menu(UserId::new(), false, &[b, a, b]).media_item_ids(),
            vec![b, a]
        );
    }
}
