//! Menus: creation order, slugs, ownership, patching, public reads, course reorders.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use chrono::TimeDelta;
use tastebuds_kernel::{CourseId, MenuId};

use super::{World, course, courses_of, draft, item, items_of, title};
use crate::aggregate::{MenuAggregate, MenuChangeSet, NewLineage};
use crate::commands::MenuPatch;
use crate::error::CurationError;
use crate::ports::{MenuChange, MenuRepository};
use crate::service::CurationService;
use crate::slug::Slug;
use crate::testing::{InMemoryMenuStore, ManualClock, SequentialShareTokens};

#[tokio::test]
async fn create_orders_by_given_positions_then_renumbers_and_embeds_cards() {
    let w = World::new();
    let (a, b, c) = (w.media(), w.media(), w.media());
    let courses = vec![
        course("Dessert", 20, vec![item(c, 4)]),
        course("Starters", 3, vec![item(b, 9), item(a, 2)]),
    ];
    let menu = w
        .app
        .service
        .create_menu(w.owner, draft("Neo Noir Night", false, courses))
        .await
        .unwrap();

    assert_eq!(
        courses_of(&menu),
        [("Starters".into(), 1), ("Dessert".into(), 2)]
    );
    assert_eq!(items_of(&menu.courses[0]), [(a, 1), (b, 2)]);
    assert_eq!(items_of(&menu.courses[1]), [(c, 1)]);
    assert_eq!(
        menu.courses[0].items[0].media_item.as_ref().map(|m| m.id),
        Some(a)
    );
    assert_eq!(menu.slug.as_str(), "neo-noir-night");
    assert_eq!(
        (menu.created_at, menu.updated_at),
        (w.now(), w.now()),
        "now, in microseconds"
    );
    assert_eq!(menu.owner_id, w.owner);
    assert_eq!(
        w.app.service.get_menu(w.owner, menu.id).await.unwrap(),
        menu,
        "a read returns what the write did"
    );
}

#[tokio::test]
async fn an_unknown_media_item_fails_the_create_and_writes_nothing() {
    let w = World::new();
    let courses = vec![course(
        "A",
        1,
        vec![item(tastebuds_kernel::MediaItemId::new(), 1)],
    )];
    let error = w
        .app
        .service
        .create_menu(w.owner, draft("Bad", false, courses))
        .await
        .unwrap_err();
    assert!(matches!(error, CurationError::UnknownMedia), "{error:?}");
    assert!(w.app.service.list_menus(w.owner).await.unwrap().is_empty());
}

#[tokio::test]
async fn slugs_take_the_first_free_suffix_never_change_and_free_up_on_delete() {
    let w = World::new();
    let s = &w.app.service;
    let first = s
        .create_menu(w.owner, draft("Neo Noir Night", false, vec![]))
        .await
        .unwrap();
    let second = s
        .create_menu(w.stranger, draft("Neo Noir Night", false, vec![]))
        .await
        .unwrap();
    assert_eq!(
        (first.slug.as_str(), second.slug.as_str()),
        ("neo-noir-night", "neo-noir-night-2")
    );

    let patch = MenuPatch {
        title: Some(title("Something Else")),
        ..MenuPatch::default()
    };
    let renamed = s.update_menu(w.owner, first.id, patch).await.unwrap();
    assert_eq!(renamed.slug, first.slug, "the slug never changes");

    s.delete_menu(w.owner, first.id).await.unwrap();
    let third = s
        .create_menu(w.owner, draft("Neo Noir Night", false, vec![]))
        .await
        .unwrap();
    assert_eq!(
        third.slug.as_str(),
        "neo-noir-night",
        "a deleted menu's slug is free again"
    );
    let draft_slug = s
        .create_menu(w.owner, draft("Draft", false, vec![]))
        .await
        .unwrap();
    assert_eq!(draft_slug.slug.as_str(), "draft-menu");
}

/// A store whose inserts first lose `losses` races: a concurrent create takes the
/// requested slug just before each of them.
struct RacingStore {
    inner: Arc<InMemoryMenuStore>,
    losses: AtomicUsize,
    inserts: AtomicUsize,
}

#[async_trait]
impl MenuRepository for RacingStore {
    async fn insert_menu(
        &self,
        menu: MenuAggregate,
        lineage: Option<NewLineage>,
    ) -> Result<(), CurationError> {
        self.inserts.fetch_add(1, Ordering::SeqCst);
        if self.losses.load(Ordering::SeqCst) > 0 {
            self.losses.fetch_sub(1, Ordering::SeqCst);
            let mut rival = MenuAggregate::empty(menu.menu.clone());
            rival.menu.id = MenuId::new();
            self.inner.insert_menu(rival, None).await?;
        }
        self.inner.insert_menu(menu, lineage).await
    }
    async fn change_menu(
        &self,
        menu_id: MenuId,
        change: MenuChange,
    ) -> Result<MenuChangeSet, CurationError> {
        self.inner.change_menu(menu_id, change).await
    }
    async fn delete_menu(&self, menu_id: MenuId) -> Result<(), CurationError> {
        self.inner.delete_menu(menu_id).await
    }
}

fn racing(losses: usize) -> (CurationService, Arc<RacingStore>) {
    let inner = Arc::new(InMemoryMenuStore::new());
    let racing = Arc::new(RacingStore {
        inner: inner.clone(),
        losses: AtomicUsize::new(losses),
        inserts: AtomicUsize::new(0),
    });
    let service = CurationService::new(
        racing.clone(),
        inner.clone(),
        inner,
        Arc::new(SequentialShareTokens::default()),
        Arc::new(ManualClock::default()),
    );
    (service, racing)
}

#[tokio::test]
async fn a_slug_taken_concurrently_is_retried_with_the_next_candidate() {
    let (service, store) = racing(2);
    let menu = service
        .create_menu(
            tastebuds_kernel::UserId::new(),
            draft("Neo Noir Night", false, vec![]),
        )
        .await
        .unwrap();
    assert_eq!(menu.slug.as_str(), "neo-noir-night-3");
    assert_eq!(store.inserts.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn slug_retries_are_bounded() {
    let (service, store) = racing(usize::MAX);
    let error = service
        .create_menu(
            tastebuds_kernel::UserId::new(),
            draft("Busy", false, vec![]),
        )
        .await
        .unwrap_err();
    assert!(matches!(error, CurationError::SlugTaken(_)), "{error:?}");
    assert_eq!(
        store.inserts.load(Ordering::SeqCst),
        super::super::menus::SLUG_ATTEMPTS
    );
}

#[tokio::test]
async fn someone_elses_menu_is_the_same_not_found_as_a_missing_one() {
    let w = World::new();
    let (menu, _) = w.menu("Mine", false).await;
    let s = &w.app.service;
    for id in [menu.id, MenuId::new()] {
        assert!(matches!(
            s.get_menu(w.stranger, id).await,
            Err(CurationError::MenuNotFound)
        ));
        assert!(matches!(
            s.update_menu(w.stranger, id, MenuPatch::default()).await,
            Err(CurationError::MenuNotFound)
        ));
        assert!(matches!(
            s.delete_menu(w.stranger, id).await,
            Err(CurationError::MenuNotFound)
        ));
        assert!(matches!(
            s.reorder_courses(w.stranger, id, vec![]).await,
            Err(CurationError::MenuNotFound)
        ));
    }
    assert!(s.list_menus(w.stranger).await.unwrap().is_empty());
    assert_eq!(s.list_menus(w.owner).await.unwrap(), vec![menu.clone()]);
    assert_eq!(
        s.get_menu(w.owner, menu.id).await.unwrap(),
        menu,
        "the failed writes changed nothing"
    );
}

#[tokio::test]
async fn patches_apply_given_fields_only_and_move_updated_at() {
    let w = World::new();
    let (menu, _) = w.menu("Patchable", false).await;
    w.app.clock.advance(TimeDelta::seconds(5));
    let patch = MenuPatch {
        description: Some(String::new()),
        is_public: Some(true),
        ..MenuPatch::default()
    };
    let patched = w
        .app
        .service
        .update_menu(w.owner, menu.id, patch)
        .await
        .unwrap();
    assert_eq!(patched.title, menu.title);
    assert_eq!(patched.description.as_deref(), Some(""));
    assert!(patched.is_public);
    assert_eq!(patched.updated_at, w.now());
    assert_eq!(patched.created_at, menu.created_at);
    let untouched = w
        .app
        .service
        .update_menu(w.owner, menu.id, MenuPatch::default())
        .await
        .unwrap();
    assert_eq!(
        untouched.description.as_deref(),
        Some(""),
        "an absent description is left as it is"
    );
}

#[tokio::test]
async fn public_reads_need_is_public_and_stop_when_it_is_switched_off() {
    let w = World::new();
    let (menu, _) = w.menu("Open House", true).await;
    let (hidden, _) = w.menu("Closed House", false).await;
    let s = &w.app.service;
    assert_eq!(s.public_menu(&menu.slug).await.unwrap(), menu);
    assert!(matches!(
        s.public_menu(&hidden.slug).await,
        Err(CurationError::MenuNotFound)
    ));
    assert!(matches!(
        s.public_menu(&Slug::generate("nothing here")).await,
        Err(CurationError::MenuNotFound)
    ));
    let patch = MenuPatch {
        is_public: Some(false),
        ..MenuPatch::default()
    };
    s.update_menu(w.owner, menu.id, patch).await.unwrap();
    assert!(matches!(
        s.public_menu(&menu.slug).await,
        Err(CurationError::MenuNotFound)
    ));
}

#[tokio::test]
async fn stamps_are_the_readers_only_and_advance_with_a_change() {
    let w = World::new();
    let (open, _) = w.menu("Stamped Open", true).await;
    let (hidden, _) = w.menu("Stamped Hidden", false).await;
    let s = &w.app.service;
    let stamp = s.menu_stamp(w.owner, open.id).await.unwrap();
    assert_eq!((stamp.menu_id, stamp.owner_id), (open.id, w.owner));
    assert_eq!(s.public_menu_stamp(&open.slug).await.unwrap(), stamp);
    for refused in [
        s.menu_stamp(tastebuds_kernel::UserId::new(), open.id).await,
        s.menu_stamp(w.owner, MenuId::new()).await,
        s.public_menu_stamp(&hidden.slug).await,
    ] {
        assert!(
            matches!(refused, Err(CurationError::MenuNotFound)),
            "{refused:?}"
        );
    }
    let mut mine: Vec<MenuId> = s
        .menu_stamps_of(w.owner)
        .await
        .unwrap()
        .iter()
        .map(|stamp| stamp.menu_id)
        .collect();
    mine.sort();
    let mut wanted = vec![open.id, hidden.id];
    wanted.sort();
    assert_eq!(mine, wanted);

    let patch = MenuPatch {
        title: Some(title("Stamped Again")),
        ..MenuPatch::default()
    };
    s.update_menu(w.owner, open.id, patch).await.unwrap();
    let after = s.menu_stamp(w.owner, open.id).await.unwrap();
    assert!(after.revision > stamp.revision, "{stamp:?} -> {after:?}");

    // A listed item's card changes: that menu moves on, the other does not.
    let (_, [listed, ..]) = w.menu("Stamped Cards", false).await;
    let cards = s.menu_stamps_of(w.owner).await.unwrap();
    let mut card = crate::testing::media_card(listed);
    card.title = "Retitled".into();
    w.app.store.add_media(card);
    let moved: Vec<bool> = s
        .menu_stamps_of(w.owner)
        .await
        .unwrap()
        .iter()
        .map(|now| {
            cards
                .iter()
                .any(|was| was.menu_id == now.menu_id && was.revision < now.revision)
        })
        .collect();
    assert_eq!(moved.iter().filter(|moved| **moved).count(), 1, "{moved:?}");
}

#[tokio::test]
async fn reordering_courses_takes_an_exact_permutation_and_touches_every_course() {
    let w = World::new();
    let (menu, _) = w.menu("Reorder", false).await;
    let (a, b) = (menu.courses[0].id, menu.courses[1].id);
    let s = &w.app.service;
    for bad in [vec![a], vec![a, b, b], vec![a, CourseId::new()], vec![a, a]] {
        let error = s.reorder_courses(w.owner, menu.id, bad).await.unwrap_err();
        assert!(
            matches!(error, CurationError::CourseIdsMismatch),
            "{error:?}"
        );
    }
    w.app.clock.advance(TimeDelta::seconds(1));
    let reordered = s
        .reorder_courses(w.owner, menu.id, vec![b, a])
        .await
        .unwrap();
    assert_eq!(courses_of(&reordered), [("B".into(), 1), ("A".into(), 2)]);
    assert!(reordered.courses.iter().all(|c| c.updated_at == w.now()));
}
