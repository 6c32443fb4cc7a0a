//! The rules of API.md §2.8 and §5.8, tested on the in-memory store.

use std::sync::Arc;

use tastebuds_kernel::{MediaItemId, TagId, UserId};

use super::TaggingService;
use crate::error::TaggingError;
use crate::models::{Tag, TagName};
use crate::ports::TagRepository;
use crate::testing::InMemoryTagRepository;

struct World {
    store: Arc<InMemoryTagRepository>,
    service: TaggingService,
    alice: UserId,
    bob: UserId,
    item: MediaItemId,
}

fn world() -> World {
    let store = Arc::new(InMemoryTagRepository::new());
    let item = MediaItemId::new();
    store.add_media(item);
    World {
        service: TaggingService::new(store.clone()),
        store,
        alice: UserId::new(),
        bob: UserId::new(),
        item,
    }
}

fn name(text: &str) -> TagName {
    TagName::parse(text).unwrap()
}

fn names(tags: &[Tag]) -> Vec<&str> {
    tags.iter().map(|tag| tag.name.as_str()).collect()
}

impl World {
    async fn create(&self, owner: UserId, text: &str) -> Tag {
        self.service.create(owner, name(text)).await.unwrap()
    }

    /// A global tag, as an operator inserts it (the API cannot).
    async fn global(&self, text: &str) -> Tag {
        let tag = Tag {
            id: TagId::new(),
            owner: None,
            name: name(text),
        };
        self.store.insert(&tag).await.unwrap();
        tag
    }
}

#[tokio::test]
async fn create_makes_a_private_tag_and_refuses_a_duplicate_name() {
    let w = world();
    let tag = w.create(w.alice, "noir").await;
    assert_eq!(tag.owner, Some(w.alice));
    assert_eq!(w.store.find(tag.id).await.unwrap(), Some(tag));
    assert!(matches!(
        w.service.create(w.alice, name("noir")).await,
        Err(TaggingError::DuplicateName(_))
    ));
    w.create(w.bob, "noir").await;
}

#[tokio::test]
async fn lists_hold_own_and_global_tags_sorted_by_lower_cased_name_then_name() {
    let w = world();
    w.create(w.alice, "b").await;
    w.create(w.alice, "B").await;
    w.create(w.alice, "apple").await;
    w.global("Zebra").await;
    w.create(w.bob, "bobs").await;

    let listed = w.service.list(w.alice).await.unwrap();
    assert_eq!(names(&listed), ["apple", "B", "b", "Zebra"]);
    let listed = w.service.list(w.bob).await.unwrap();
    assert_eq!(names(&listed), ["bobs", "Zebra"]);
}

#[tokio::test]
async fn own_and_global_tags_can_be_attached_and_attaching_twice_is_one_link() {
    let w = world();
    let own = w.create(w.alice, "mine").await;
    let global = w.global("Classic").await;

    assert_eq!(
        w.service.attach(w.alice, own.id, w.item).await.unwrap(),
        own
    );
    assert_eq!(
        w.service.attach(w.alice, own.id, w.item).await.unwrap(),
        own
    );
    // Anyone may attach a global tag (API.md §6 item 10: kept as it is).
    w.service.attach(w.bob, global.id, w.item).await.unwrap();

    let on = w.service.tags_on_item(w.alice, w.item).await.unwrap();
    assert_eq!(names(&on), ["Classic", "mine"]);
    let on = w.service.tags_on_item(w.bob, w.item).await.unwrap();
    assert_eq!(
        names(&on),
        ["Classic"],
        "alice's private tag is invisible to bob"
    );
    let unknown = w.service.tags_on_item(w.alice, MediaItemId::new()).await;
    assert!(unknown.unwrap().is_empty());
}

#[tokio::test]
async fn someone_elses_or_an_unknown_tag_is_not_available() {
    let w = world();
    let bobs = w.create(w.bob, "secret").await;
    w.service.attach(w.bob, bobs.id, w.item).await.unwrap();

    for tag in [bobs.id, TagId::new()] {
        assert!(matches!(
            w.service.attach(w.alice, tag, w.item).await,
            Err(TaggingError::TagNotAvailable)
        ));
        assert!(matches!(
            w.service.detach(w.alice, tag, w.item).await,
            Err(TaggingError::TagNotAvailable)
        ));
    }
    assert!(w.service.list(w.alice).await.unwrap().is_empty());
    assert!(
        w.service
            .tags_on_item(w.alice, w.item)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn attaching_to_an_unknown_item_is_unknown_media() {
    let w = world();
    let own = w.create(w.alice, "mine").await;
    assert!(matches!(
        w.service.attach(w.alice, own.id, MediaItemId::new()).await,
        Err(TaggingError::UnknownMedia)
    ));
}

#[tokio::test]
async fn detach_removes_the_link_then_says_not_assigned() {
    let w = world();
    let own = w.create(w.alice, "mine").await;
    let global = w.global("Classic").await;
    w.service.attach(w.alice, own.id, w.item).await.unwrap();
    w.service.attach(w.alice, global.id, w.item).await.unwrap();

    w.service.detach(w.alice, own.id, w.item).await.unwrap();
    assert!(matches!(
        w.service.detach(w.alice, own.id, w.item).await,
        Err(TaggingError::NotAssigned)
    ));
    // Anyone may detach a global tag.
    w.service.detach(w.bob, global.id, w.item).await.unwrap();
    assert!(
        w.service
            .tags_on_item(w.alice, w.item)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn only_the_owner_deletes_a_tag_and_its_links_go_with_it() {
    let w = world();
    let own = w.create(w.alice, "mine").await;
    let global = w.global("Classic").await;
    w.service.attach(w.alice, own.id, w.item).await.unwrap();

    for (user, tag) in [
        (w.bob, own.id),
        (w.alice, global.id),
        (w.alice, TagId::new()),
    ] {
        assert!(matches!(
            w.service.delete(user, tag).await,
            Err(TaggingError::TagNotFound)
        ));
    }
    w.service.delete(w.alice, own.id).await.unwrap();
    assert!(
        w.service
            .tags_on_item(w.alice, w.item)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(names(&w.service.list(w.alice).await.unwrap()), ["Classic"]);
    assert!(matches!(
        w.service.delete(w.alice, own.id).await,
        Err(TaggingError::TagNotFound)
    ));
}

#[tokio::test]
async fn an_operator_creates_a_global_tag_every_user_sees_and_none_deletes() {
    let w = world();
    let tag = w.service.create_global(name("staff pick")).await.unwrap();
    assert_eq!(tag.owner, None);
    assert_eq!(
        names(&w.service.list(w.alice).await.unwrap()),
        ["staff pick"]
    );
    assert_eq!(names(&w.service.list(w.bob).await.unwrap()), ["staff pick"]);
    assert!(matches!(
        w.service.delete(w.alice, tag.id).await,
        Err(TaggingError::TagNotFound)
    ));
}
