//! The [`MenuRepository`] + [`MenuQueries`] contract: rules every implementation must
//! follow.
//!
//! Every check works on users, items and menus it creates itself (slugs carry a fresh
//! suffix), so the suite also runs on a store that already holds data. A broken rule
//! panics with a message naming it.

mod sharing;
mod structure;

use std::fmt::{Debug, Display};

use async_trait::async_trait;
use tastebuds_kernel::{MediaItemId, MenuId, UserId};

use crate::commands::{CourseDraft, ItemDraft, MenuDraft, NewMenu};
use crate::error::CurationError;
use crate::models::{Course, Menu};
use crate::ports::{MenuQueries, MenuRepository};
use crate::slug::Slug;
use crate::values::{CourseTitle, MenuTitle, Position};

/// Creates what the contract needs but the ports cannot: users and catalog items. Each
/// call creates a new one.
#[async_trait]
pub trait CurationFixtures: Send + Sync {
    /// A new user.
    async fn user(&self) -> UserId;
    /// A new catalog item.
    async fn media_item(&self) -> MediaItemId;
}

/// Runs every contract check against a store implementing both ports (usually the same
/// object passed twice).
///
/// # Panics
/// When the store breaks a rule of [`MenuRepository`] or [`MenuQueries`]; the message
/// names the rule.
pub async fn menu_store_contract(
    repo: &dyn MenuRepository,
    queries: &dyn MenuQueries,
    fixtures: &dyn CurationFixtures,
) {
    let check = Check {
        repo,
        queries,
        fixtures,
        suffix: fresh_suffix(),
    };
    check.create_orders_embeds_and_guards().await;
    check.slugs_block_their_numbered_variants_only().await;
    check.visibility_and_menu_updates().await;
    check.inserts_shift_and_deletes_close_gaps().await;
    check
        .course_and_item_edits_check_place_and_staleness()
        .await;
    check.reorders_take_exact_permutations().await;
    check.pairings().await;
    check.share_links().await;
    check.forks_and_lineage().await;
    check.deleting_a_menu_takes_everything_with_it().await;
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

fn ok<T, E: Display>(result: Result<T, E>, rule: &str) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("menu store contract: {rule}: unexpected error: {error}"),
    }
}

fn expect_err<T: Debug>(
    result: Result<T, CurationError>,
    wanted: fn(&CurationError) -> bool,
    rule: &str,
) {
    match result {
        Err(ref error) if wanted(error) => {}
        other => panic!("menu store contract: {rule}: got {other:?}"),
    }
}

fn position(value: i64) -> Position {
    ok(Position::new(value), "position")
}

fn item(media_item_id: MediaItemId, at: i64) -> ItemDraft {
    ItemDraft {
        media_item_id,
        notes: Some(format!("note {at}")),
        position: position(at),
    }
}

fn course(title: &str, at: i64, items: Vec<ItemDraft>) -> CourseDraft {
    CourseDraft {
        title: ok(CourseTitle::parse(title), "course title"),
        description: Some(format!("{title} description")),
        intent: None,
        position: position(at),
        items,
    }
}

fn course_titles(courses: &[Course]) -> Vec<(String, i32)> {
    courses
        .iter()
        .map(|c| (c.title.as_str().to_owned(), c.position.get()))
        .collect()
}

fn item_media(course: &Course) -> Vec<(MediaItemId, i32)> {
    course
        .items
        .iter()
        .map(|i| (i.media_item_id, i.position.get()))
        .collect()
}

struct Check<'a> {
    repo: &'a dyn MenuRepository,
    queries: &'a dyn MenuQueries,
    fixtures: &'a dyn CurationFixtures,
    suffix: String,
}

impl Check<'_> {
    fn slug(&self, base: &str) -> Slug {
        ok(Slug::parse(&format!("{base}-{}", self.suffix)), "slug")
    }

    /// Creates a menu of `owner` with `courses`, slugged `<base>-<suffix>`.
    async fn menu(
        &self,
        owner: UserId,
        base: &str,
        public: bool,
        courses: Vec<CourseDraft>,
    ) -> Menu {
        let draft = MenuDraft {
            title: ok(MenuTitle::parse(base), "menu title"),
            description: None,
            is_public: public,
            courses,
        };
        ok(
            self.repo
                .create_menu(owner, NewMenu::new(draft, self.slug(base)))
                .await,
            "create_menu",
        )
    }

    async fn get(&self, owner: UserId, id: MenuId) -> Menu {
        ok(self.queries.get_menu(owner, id).await, "get_menu")
    }
}
