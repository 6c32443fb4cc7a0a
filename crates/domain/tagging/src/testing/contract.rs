//! The [`TagRepository`] contract: the persistence promises every implementation keeps
//! (round trips, constraint → error mapping, cascades). Rules (visibility, order) are the
//! service's and are tested there.
//!
//! Every check works on users, items and tags it creates itself, so the suite also runs
//! on a store that already holds data. A broken promise panics with a message naming it.

use std::collections::BTreeSet;
use std::fmt::{Debug, Display};

use async_trait::async_trait;
use tastebuds_kernel::{MediaItemId, TagId, UserId};

use crate::error::TaggingError;
use crate::models::{Tag, TagName};
use crate::ports::TagRepository;

/// Creates what the contract needs but the port cannot: users and catalog items. Each
/// call creates a new one.
#[async_trait]
pub trait TaggingFixtures: Send + Sync {
    /// A new user.
    async fn user(&self) -> UserId;
    /// A new catalog item.
    async fn media_item(&self) -> MediaItemId;
}

/// Runs every contract check against `repo`.
///
/// # Panics
/// When `repo` breaks a promise of [`TagRepository`]; the message names it.
pub async fn tag_repository_contract(repo: &dyn TagRepository, fixtures: &dyn TaggingFixtures) {
    let world = World {
        repo,
        fixtures,
        // The random tail of a v7 UUID: unique enough per run, short enough for 64 chars.
        suffix: TagId::new().to_string().chars().rev().take(12).collect(),
    };
    world.inserts_round_trip().await;
    world.names_are_unique_per_owner_only().await;
    world.lists_hold_own_and_global_tags().await;
    world.links_are_unique_and_checked().await;
    world.deleting_a_tag_deletes_its_links().await;
}

fn ok<T, E: Display>(result: Result<T, E>, promise: &str) -> T {
    result.unwrap_or_else(|error| panic!("TagRepository contract: {promise}: {error}"))
}

fn expect_err<T: Debug>(
    result: Result<T, TaggingError>,
    wanted: fn(&TaggingError) -> bool,
    promise: &str,
) {
    match result {
        Err(ref error) if wanted(error) => {}
        other => panic!("TagRepository contract: {promise}: got {other:?}"),
    }
}

fn ids(tags: Vec<Tag>, among: &[&Tag]) -> BTreeSet<TagId> {
    let known: BTreeSet<TagId> = among.iter().map(|tag| tag.id).collect();
    tags.into_iter()
        .map(|tag| tag.id)
        .filter(|id| known.contains(id))
        .collect()
}

fn set(tags: &[&Tag]) -> BTreeSet<TagId> {
    tags.iter().map(|tag| tag.id).collect()
}

struct World<'a> {
    repo: &'a dyn TagRepository,
    fixtures: &'a dyn TaggingFixtures,
    suffix: String,
}

impl World<'_> {
    /// Inserts a tag named `prefix-<suffix>` owned by `owner` (`None`: global).
    async fn tag(&self, owner: Option<UserId>, prefix: &str) -> Tag {
        let name = format!("{prefix}-{}", self.suffix);
        let name = TagName::parse(&name).unwrap_or_else(|e| panic!("tag name `{name}`: {e}"));
        let tag = Tag {
            id: TagId::new(),
            owner,
            name,
        };
        ok(self.repo.insert(&tag).await, "insert");
        tag
    }

    async fn inserts_round_trip(&self) {
        let alice = self.fixtures.user().await;
        let own = self.tag(Some(alice), "rt-Own").await;
        let global = self.tag(None, "rt-global").await;
        for tag in [&own, &global] {
            let found = ok(self.repo.find(tag.id).await, "find");
            assert_eq!(
                found.as_ref(),
                Some(tag),
                "find returns the tag as inserted"
            );
        }
        let missing = ok(self.repo.find(TagId::new()).await, "find");
        assert_eq!(missing, None, "find: an unknown id is Ok(None)");
    }

    async fn names_are_unique_per_owner_only(&self) {
        let (alice, bob) = (self.fixtures.user().await, self.fixtures.user().await);
        let first = self.tag(Some(alice), "dup").await;
        let again = Tag {
            id: TagId::new(),
            ..first.clone()
        };
        expect_err(
            self.repo.insert(&again).await,
            |e| matches!(e, TaggingError::DuplicateName(_)),
            "a second tag of one owner with the same name is DuplicateName",
        );
        assert_eq!(
            ok(self.repo.find(again.id).await, "find"),
            None,
            "a refused insert stores nothing"
        );
        // Another owner, a global tag, even two global tags may share the name.
        self.tag(Some(bob), "dup").await;
        self.tag(None, "dup").await;
        self.tag(None, "dup").await;
    }

    async fn lists_hold_own_and_global_tags(&self) {
        let (alice, bob) = (self.fixtures.user().await, self.fixtures.user().await);
        let a = self.tag(Some(alice), "ls-a").await;
        let g = self.tag(None, "ls-g").await;
        let b = self.tag(Some(bob), "ls-b").await;
        let all = [&a, &g, &b];
        let listed = ok(
            self.repo.list_owned_or_global(alice).await,
            "list_owned_or_global",
        );
        assert_eq!(
            ids(listed, &all),
            set(&[&a, &g]),
            "list_owned_or_global: own and global tags only"
        );
        let listed = ok(
            self.repo.list_owned_or_global(bob).await,
            "list_owned_or_global",
        );
        assert_eq!(
            ids(listed, &all),
            set(&[&g, &b]),
            "list_owned_or_global: per owner"
        );
    }

    async fn links_are_unique_and_checked(&self) {
        let (alice, bob) = (self.fixtures.user().await, self.fixtures.user().await);
        let (item, other_item) = (
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
        );
        let a = self.tag(Some(alice), "ln-a").await;
        let g = self.tag(None, "ln-g").await;
        let b = self.tag(Some(bob), "ln-b").await;
        let all = [&a, &g, &b];
        for tag in all {
            ok(self.repo.link(tag.id, item).await, "link");
        }
        ok(
            self.repo.link(a.id, item).await,
            "link: linking twice is Ok",
        );
        ok(self.repo.link(a.id, other_item).await, "link");

        let on = ok(
            self.repo.on_item_owned_or_global(item, alice).await,
            "on_item_owned_or_global",
        );
        assert_eq!(
            on.len(),
            2,
            "on_item_owned_or_global: a link exists once, others' tags are left out"
        );
        assert_eq!(
            ids(on, &all),
            set(&[&a, &g]),
            "on_item_owned_or_global: own and global links"
        );
        let on = ok(
            self.repo.on_item_owned_or_global(item, bob).await,
            "on_item_owned_or_global",
        );
        assert_eq!(
            ids(on, &all),
            set(&[&g, &b]),
            "on_item_owned_or_global: per owner"
        );
        let none = ok(
            self.repo
                .on_item_owned_or_global(MediaItemId::new(), alice)
                .await,
            "on_item",
        );
        assert!(
            none.is_empty(),
            "on_item_owned_or_global: an unknown item has no tags"
        );

        expect_err(
            self.repo.link(a.id, MediaItemId::new()).await,
            |e| matches!(e, TaggingError::UnknownMedia),
            "link to an unknown item is UnknownMedia",
        );
        expect_err(
            self.repo.link(TagId::new(), item).await,
            |e| matches!(e, TaggingError::TagNotAvailable),
            "link of an unknown tag is TagNotAvailable",
        );

        assert!(
            ok(self.repo.unlink(a.id, item).await, "unlink"),
            "unlink: true when linked"
        );
        assert!(
            !ok(self.repo.unlink(a.id, item).await, "unlink"),
            "unlink: false when not linked"
        );
        assert!(
            !ok(self.repo.unlink(TagId::new(), item).await, "unlink"),
            "unlink: unknown tag"
        );
        let on = ok(
            self.repo.on_item_owned_or_global(item, alice).await,
            "on_item_owned_or_global",
        );
        assert_eq!(ids(on, &all), set(&[&g]), "unlink removes that link only");
        let on = ok(
            self.repo.on_item_owned_or_global(other_item, alice).await,
            "on_item",
        );
        assert_eq!(
            ids(on, &all),
            set(&[&a]),
            "unlink leaves the tag's other links"
        );
    }

    async fn deleting_a_tag_deletes_its_links(&self) {
        let alice = self.fixtures.user().await;
        let item = self.fixtures.media_item().await;
        let doomed = self.tag(Some(alice), "dl-doomed").await;
        let kept = self.tag(Some(alice), "dl-kept").await;
        ok(self.repo.link(doomed.id, item).await, "link");
        ok(self.repo.link(kept.id, item).await, "link");

        assert!(
            ok(self.repo.delete(doomed.id).await, "delete"),
            "delete: true when it existed"
        );
        assert_eq!(
            ok(self.repo.find(doomed.id).await, "find"),
            None,
            "delete: the tag is gone"
        );
        let on = ok(
            self.repo.on_item_owned_or_global(item, alice).await,
            "on_item",
        );
        assert_eq!(
            ids(on, &[&doomed, &kept]),
            set(&[&kept]),
            "delete: its links go with it"
        );
        assert!(
            !ok(self.repo.delete(doomed.id).await, "delete"),
            "delete: false the second time"
        );
        assert!(
            !ok(self.repo.delete(TagId::new()).await, "delete"),
            "delete: false when unknown"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::InMemoryTagRepository;

    #[tokio::test]
    async fn the_in_memory_repository_keeps_the_contract() {
        let repo = InMemoryTagRepository::new();
        tag_repository_contract(&repo, &repo).await;
    }

    /// Swallows the catalog's foreign-key error: the contract must notice.
    struct IgnoresUnknownMedia(InMemoryTagRepository);

    #[async_trait]
    impl TagRepository for IgnoresUnknownMedia {
        async fn insert(&self, tag: &Tag) -> Result<(), TaggingError> {
            self.0.insert(tag).await
        }
        async fn find(&self, id: TagId) -> Result<Option<Tag>, TaggingError> {
            self.0.find(id).await
        }
        async fn delete(&self, id: TagId) -> Result<bool, TaggingError> {
            self.0.delete(id).await
        }
        async fn list_owned_or_global(&self, owner: UserId) -> Result<Vec<Tag>, TaggingError> {
            self.0.list_owned_or_global(owner).await
        }
        async fn on_item_owned_or_global(
            &self,
            item: MediaItemId,
            owner: UserId,
        ) -> Result<Vec<Tag>, TaggingError> {
            self.0.on_item_owned_or_global(item, owner).await
        }
        async fn link(&self, tag_id: TagId, item: MediaItemId) -> Result<(), TaggingError> {
            match self.0.link(tag_id, item).await {
                Err(TaggingError::UnknownMedia) => Ok(()),
                other => other,
            }
        }
        async fn unlink(&self, tag_id: TagId, item: MediaItemId) -> Result<bool, TaggingError> {
            self.0.unlink(tag_id, item).await
        }
    }

    #[tokio::test]
    #[should_panic(expected = "link to an unknown item is UnknownMedia")]
    async fn the_contract_catches_an_unmapped_foreign_key() {
        let broken = IgnoresUnknownMedia(InMemoryTagRepository::new());
        tag_repository_contract(&broken, &broken.0).await;
    }
}
