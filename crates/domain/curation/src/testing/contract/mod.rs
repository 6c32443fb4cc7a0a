//! The persistence contract of [`MenuRepository`], [`ShareTokenRepository`] and
//! [`MenuQueries`]: round trips, constraint → error mapping, atomic change sets,
//! cascades, lineage rows and access counting. The rules (positions, ownership, slugs,
//! expiry, …) are the service's and are tested there, not here.
//!
//! Every check works on users, items and menus it creates itself (slugs carry a fresh
//! suffix), so the suite also runs on a store that already holds data. A broken promise
//! panics with a message naming it.

mod menus;
mod sharing;

use std::fmt::{Debug, Display};

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use tastebuds_kernel::{CourseId, CourseItemId, MediaItemId, MenuId, PairingId, UserId};

use crate::aggregate::{CourseItemRow, CourseRow, MenuAggregate, MenuRow, PairingRow};
use crate::error::CurationError;
use crate::ports::{MenuQueries, MenuRepository, ShareTokenRepository};
use crate::slug::Slug;
use crate::values::{CourseTitle, MenuTitle, PairingRelationship, Position};

/// Creates what the contract needs but the ports cannot: users and catalog items. Each
/// call creates a new one.
#[async_trait]
pub trait CurationFixtures: Send + Sync {
    /// A new user.
    async fn user(&self) -> UserId;
    /// A new catalog item.
    async fn media_item(&self) -> MediaItemId;
}

/// The implementations under test (usually one store passed three times) and their
/// fixtures.
#[derive(Clone, Copy)]
pub struct CurationStores<'a> {
    /// The menu writes.
    pub menus: &'a dyn MenuRepository,
    /// The share-link storage.
    pub share_tokens: &'a dyn ShareTokenRepository,
    /// The reads.
    pub queries: &'a dyn MenuQueries,
    /// Users and catalog items.
    pub fixtures: &'a dyn CurationFixtures,
}

/// Runs every contract check.
///
/// # Panics
/// When a store breaks a promise of the ports; the message names it.
pub async fn curation_store_contract(stores: CurationStores<'_>) {
    let check = Check {
        stores,
        suffix: fresh_suffix(),
    };
    check.inserted_menus_read_back().await;
    check.menus_with_cards_read_menus_and_their_cards().await;
    check
        .inserts_map_constraints_and_write_nothing_on_error()
        .await;
    check.changes_apply_their_row_writes().await;
    check
        .stamps_advance_with_every_change_under_the_menu()
        .await;
    check.failed_changes_write_nothing().await;
    check.deleting_a_menu_cascades().await;
    check.lineage_rows().await;
    check.share_tokens_round_trip().await;
    check.share_token_writes().await;
}

/// The random tail of a v7 UUID, in slug characters.
fn fresh_suffix() -> String {
    let id = MenuId::new().to_string();
    id.chars()
        .rev()
        .filter(char::is_ascii_alphanumeric)
        .take(12)
        .collect()
}

/// A fixed instant at microsecond precision (what PostgreSQL stores).
fn at(seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_742_479_509, 123_456_000).unwrap_or_default()
        + TimeDelta::seconds(seconds)
}

fn ok<T, E: Display>(result: Result<T, E>, promise: &str) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("curation store contract: {promise}: unexpected error: {error}"),
    }
}

fn expect_err<T: Debug>(
    result: Result<T, CurationError>,
    wanted: fn(&CurationError) -> bool,
    promise: &str,
) {
    match result {
        Err(ref error) if wanted(error) => {}
        other => panic!("curation store contract: {promise}: got {other:?}"),
    }
}

/// `menu` with every row list sorted by id, to compare regardless of load order.
fn sorted(mut menu: MenuAggregate) -> MenuAggregate {
    menu.courses.sort_by_key(|row| row.id);
    menu.items.sort_by_key(|row| row.id);
    menu.pairings.sort_by_key(|row| row.id);
    menu
}

fn position(value: i64) -> Position {
    ok(Position::new(value), "position")
}

fn course_row(menu_id: MenuId, title: &str, at_position: i64) -> CourseRow {
    CourseRow {
        id: CourseId::new(),
        menu_id,
        title: ok(CourseTitle::parse(title), "course title"),
        description: Some(format!("{title} description")),
        intent: None,
        position: position(at_position),
        updated_at: at(1),
    }
}

fn item_row(course_id: CourseId, media_item_id: MediaItemId, at_position: i64) -> CourseItemRow {
    CourseItemRow {
        id: CourseItemId::new(),
        course_id,
        media_item_id,
        notes: Some(format!("note {at_position}")),
        position: position(at_position),
        updated_at: at(2),
    }
}

fn pairing_row(menu_id: MenuId, primary: CourseItemId, paired: CourseItemId) -> PairingRow {
    PairingRow {
        id: PairingId::new(),
        menu_id,
        primary_course_item_id: primary,
        paired_course_item_id: paired,
        relationship: Some(ok(PairingRelationship::parse("echoes"), "relationship")),
        note: None,
        created_at: at(3),
        updated_at: at(3),
    }
}

struct Check<'a> {
    stores: CurationStores<'a>,
    suffix: String,
}

impl Check<'_> {
    fn slug(&self, base: &str) -> Slug {
        ok(Slug::parse(&format!("{base}-{}", self.suffix)), "slug")
    }

    /// A menu of `owner` slugged `<base>-<suffix>` without rows under it.
    fn bare(&self, owner: UserId, base: &str, is_public: bool) -> MenuAggregate {
        MenuAggregate::empty(MenuRow {
            id: MenuId::new(),
            owner_id: owner,
            title: ok(MenuTitle::parse(base), "menu title"),
            description: None,
            slug: self.slug(base),
            is_public,
            created_at: at(0),
            updated_at: at(0),
        })
    }

    /// A menu with two courses, three items (the first course holds two) and a pairing.
    async fn full(&self, owner: UserId, base: &str) -> MenuAggregate {
        let mut menu = self.bare(owner, base, false);
        let id = menu.menu.id;
        let (starters, mains) = (course_row(id, "Starters", 1), course_row(id, "Mains", 2));
        let mut items = Vec::new();
        for (course, at_position) in [(starters.id, 1), (starters.id, 2), (mains.id, 1)] {
            let media = self.stores.fixtures.media_item().await;
            items.push(item_row(course, media, at_position));
        }
        menu.pairings = vec![pairing_row(id, items[0].id, items[2].id)];
        menu.courses = vec![starters, mains];
        menu.items = items;
        menu
    }

    async fn insert(&self, menu: &MenuAggregate) {
        ok(
            self.stores.menus.insert_menu(menu.clone(), None).await,
            "insert_menu",
        );
    }

    async fn load(&self, id: MenuId) -> Option<MenuAggregate> {
        ok(self.stores.queries.menu(id).await, "menu").map(sorted)
    }
}
