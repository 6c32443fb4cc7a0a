//! The [`TagRepository`] contract: rules every implementation must follow.
//!
//! Every check works on users, items and tags it creates itself (names carry a fresh
//! suffix), so the suite also runs on a store that already holds data. A broken rule
//! panics with a message naming it.

use std::fmt::{Debug, Display};

use async_trait::async_trait;
use tastebuds_kernel::{MediaItemId, TagId, UserId};

use crate::error::TaggingError;
use crate::models::{Tag, TagName};
use crate::ports::TagRepository;

/// Creates what the contract needs but the port cannot: users, catalog items and global
/// tags. Each call creates a new one.
#[async_trait]
pub trait TaggingFixtures: Send + Sync {
    /// A new user.
    async fn user(&self) -> UserId;
    /// A new catalog item.
    async fn media_item(&self) -> MediaItemId;
    /// A new global tag (no owner) named `name`.
    async fn global_tag(&self, name: TagName) -> Tag;
}

/// Runs every contract check against `repo`.
///
/// # Panics
/// When `repo` breaks a rule of [`TagRepository`]; the message names the rule.
pub async fn tag_repository_contract(repo: &dyn TagRepository, fixtures: &dyn TaggingFixtures) {
    let world = World::new(repo, fixtures).await;
    world.visibility_and_order().await;
    world.names_are_unique_per_owner().await;
    world
        .attaching_is_idempotent_and_checks_tag_and_item()
        .await;
    world.detaching_checks_tag_and_link().await;
    world
        .only_own_tags_can_be_deleted_and_links_go_with_them()
        .await;
}

fn ok<T, E: Display>(result: Result<T, E>, rule: &str) -> T {
    match result {
        Ok(value) => value,
        Err(error) => panic!("TagRepository contract: {rule}: unexpected error: {error}"),
    }
}

fn expect_err<T: Debug>(
    result: Result<T, TaggingError>,
    wanted: fn(&TaggingError) -> bool,
    rule: &str,
) {
    match result {
        Err(ref error) if wanted(error) => {}
        other => panic!("TagRepository contract: {rule}: got {other:?}"),
    }
}

fn name(text: &str) -> TagName {
    match TagName::parse(text) {
        Ok(name) => name,
        Err(error) => panic!("contract tag name `{text}` is invalid: {error}"),
    }
}

fn ids(tags: &[Tag]) -> Vec<TagId> {
    tags.iter().map(|tag| tag.id).collect()
}

/// The tags of `tags` that are among `known`, in the order listed.
fn among(tags: Vec<Tag>, known: &[TagId]) -> Vec<TagId> {
    tags.into_iter()
        .map(|tag| tag.id)
        .filter(|id| known.contains(id))
        .collect()
}

struct World<'a> {
    repo: &'a dyn TagRepository,
    fixtures: &'a dyn TaggingFixtures,
    suffix: String,
    alice: UserId,
    bob: UserId,
}

impl<'a> World<'a> {
    async fn new(repo: &'a dyn TagRepository, fixtures: &'a dyn TaggingFixtures) -> Self {
        // The random tail of a v7 UUID: unique enough per run, short enough for 64 chars.
        let id = TagId::new().to_string();
        let suffix = id.chars().rev().take(12).collect();
        Self {
            repo,
            fixtures,
            suffix,
            alice: fixtures.user().await,
            bob: fixtures.user().await,
        }
    }

    fn name(&self, prefix: &str) -> TagName {
        name(&format!("{prefix}-{}", self.suffix))
    }

    async fn create(&self, owner: UserId, prefix: &str, rule: &str) -> Tag {
        ok(self.repo.create(owner, self.name(prefix)).await, rule)
    }

    async fn visibility_and_order(&self) {
        let rule = "own and global tags are visible, by name";
        let b = self.create(self.alice, "vb", rule).await;
        let a = self.create(self.alice, "va", rule).await;
        let global = self.fixtures.global_tag(self.name("vc")).await;
        let bobs = self.create(self.bob, "va", rule).await;
        assert_eq!(a.owner, Some(self.alice), "{rule}: create sets the owner");
        assert_eq!(a.name, self.name("va"), "{rule}: create keeps the name");

        let known = [a.id, b.id, global.id, bobs.id];
        let alice_sees = among(ok(self.repo.list_visible(self.alice).await, rule), &known);
        assert_eq!(alice_sees, vec![a.id, b.id, global.id], "{rule}: alice");
        let bob_sees = among(ok(self.repo.list_visible(self.bob).await, rule), &known);
        assert_eq!(bob_sees, vec![bobs.id, global.id], "{rule}: bob");
    }

    async fn names_are_unique_per_owner(&self) {
        let rule = "names are unique per owner";
        self.create(self.alice, "dup", rule).await;
        expect_err(
            self.repo.create(self.alice, self.name("dup")).await,
            |e| matches!(e, TaggingError::DuplicateName(_)),
            rule,
        );
        // Another owner, or a global tag, may hold the same name.
        self.create(self.bob, "dup", rule).await;
        self.fixtures.global_tag(self.name("gdup")).await;
        self.create(self.alice, "gdup", rule).await;
    }

    async fn attaching_is_idempotent_and_checks_tag_and_item(&self) {
        let rule = "attach";
        let item = self.fixtures.media_item().await;
        let own = self.create(self.alice, "at-own", rule).await;
        let global = self.fixtures.global_tag(self.name("at-global")).await;
        let bobs = self.create(self.bob, "at-bob", rule).await;

        let attached = ok(self.repo.attach(self.alice, own.id, item).await, rule);
        assert_eq!(attached, own, "{rule}: returns the tag");
        ok(
            self.repo.attach(self.alice, own.id, item).await,
            "attach is idempotent",
        );
        ok(self.repo.attach(self.alice, global.id, item).await, rule);
        ok(self.repo.attach(self.bob, bobs.id, item).await, rule);

        let on_item = ok(self.repo.tags_on_item(self.alice, item).await, rule);
        assert_eq!(
            ids(&on_item),
            vec![global.id, own.id],
            "{rule}: alice's view, by name"
        );
        let bob_view = ok(self.repo.tags_on_item(self.bob, item).await, rule);
        assert_eq!(
            ids(&bob_view),
            vec![bobs.id, global.id],
            "{rule}: bob's view"
        );
        let unknown_item = MediaItemId::new();
        assert!(
            ok(self.repo.tags_on_item(self.alice, unknown_item).await, rule).is_empty(),
            "{rule}: an unknown item has no tags"
        );

        expect_err(
            self.repo.attach(self.alice, bobs.id, item).await,
            |e| matches!(e, TaggingError::TagNotAvailable),
            "attaching someone else's tag",
        );
        expect_err(
            self.repo.attach(self.alice, TagId::new(), item).await,
            |e| matches!(e, TaggingError::TagNotAvailable),
            "attaching an unknown tag",
        );
        expect_err(
            self.repo.attach(self.alice, own.id, unknown_item).await,
            |e| matches!(e, TaggingError::UnknownMedia),
            "attaching to an unknown item",
        );
    }

    async fn detaching_checks_tag_and_link(&self) {
        let rule = "detach";
        let item = self.fixtures.media_item().await;
        let own = self.create(self.alice, "de-own", rule).await;
        let bobs = self.create(self.bob, "de-bob", rule).await;
        ok(self.repo.attach(self.alice, own.id, item).await, rule);
        ok(self.repo.attach(self.bob, bobs.id, item).await, rule);

        expect_err(
            self.repo.detach(self.alice, bobs.id, item).await,
            |e| matches!(e, TaggingError::TagNotAvailable),
            "detaching someone else's tag",
        );
        ok(self.repo.detach(self.alice, own.id, item).await, rule);
        assert!(
            ok(self.repo.tags_on_item(self.alice, item).await, rule).is_empty(),
            "{rule}: the link is gone"
        );
        expect_err(
            self.repo.detach(self.alice, own.id, item).await,
            |e| matches!(e, TaggingError::NotAssigned),
            "detaching a tag that is not on the item",
        );
        let still = ok(self.repo.tags_on_item(self.bob, item).await, rule);
        assert_eq!(ids(&still), vec![bobs.id], "{rule}: other links stay");
    }

    async fn only_own_tags_can_be_deleted_and_links_go_with_them(&self) {
        let rule = "delete";
        let item = self.fixtures.media_item().await;
        let own = self.create(self.alice, "dl-own", rule).await;
        let global = self.fixtures.global_tag(self.name("dl-global")).await;
        let bobs = self.create(self.bob, "dl-bob", rule).await;
        ok(self.repo.attach(self.alice, own.id, item).await, rule);

        for (tag, what) in [
            (bobs.id, "deleting someone else's tag"),
            (global.id, "deleting a global tag"),
            (TagId::new(), "deleting an unknown tag"),
        ] {
            expect_err(
                self.repo.delete_own(self.alice, tag).await,
                |e| matches!(e, TaggingError::TagNotFound),
                what,
            );
        }

        ok(self.repo.delete_own(self.alice, own.id).await, rule);
        assert!(
            ok(self.repo.tags_on_item(self.alice, item).await, rule).is_empty(),
            "{rule}: links go with the tag"
        );
        let visible = ok(self.repo.list_visible(self.alice).await, rule);
        assert!(!ids(&visible).contains(&own.id), "{rule}: the tag is gone");
        assert!(
            ids(&visible).contains(&global.id),
            "{rule}: global tags stay"
        );
        expect_err(
            self.repo.delete_own(self.alice, own.id).await,
            |e| matches!(e, TaggingError::TagNotFound),
            "deleting a deleted tag",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::InMemoryTagRepository;

    #[tokio::test]
    async fn the_in_memory_repository_honours_the_port_contract() {
        let repo = InMemoryTagRepository::new();
        tag_repository_contract(&repo, &repo).await;
    }

    /// Stores every new tag as global, so everyone sees it: the contract must notice.
    struct LeaksPrivateTags(InMemoryTagRepository);

    #[async_trait]
    impl TagRepository for LeaksPrivateTags {
        async fn list_visible(&self, user: UserId) -> Result<Vec<Tag>, TaggingError> {
            self.0.list_visible(user).await
        }
        async fn create(&self, _owner: UserId, name: TagName) -> Result<Tag, TaggingError> {
            Ok(self.0.add_global_tag(name))
        }
        async fn delete_own(&self, owner: UserId, tag_id: TagId) -> Result<(), TaggingError> {
            self.0.delete_own(owner, tag_id).await
        }
        async fn attach(
            &self,
            user: UserId,
            tag_id: TagId,
            media_item_id: MediaItemId,
        ) -> Result<Tag, TaggingError> {
            self.0.attach(user, tag_id, media_item_id).await
        }
        async fn detach(
            &self,
            user: UserId,
            tag_id: TagId,
            media_item_id: MediaItemId,
        ) -> Result<(), TaggingError> {
            self.0.detach(user, tag_id, media_item_id).await
        }
        async fn tags_on_item(
            &self,
            user: UserId,
            media_item_id: MediaItemId,
        ) -> Result<Vec<Tag>, TaggingError> {
            self.0.tags_on_item(user, media_item_id).await
        }
    }

    #[tokio::test]
    #[should_panic(expected = "create sets the owner")]
    async fn the_contract_catches_a_repository_that_ignores_owners() {
        let broken = LeaksPrivateTags(InMemoryTagRepository::new());
        tag_repository_contract(&broken, &broken.0).await;
    }
}
