//! Forks and lineage: deep copies, defaults, visibility, and the lineage limits of
//! API.md §6.8.

use chrono::TimeDelta;
use tastebuds_kernel::MenuId;

use super::{World, courses_of, title};
use crate::commands::{ForkDraft, MenuPatch, PairingDraft};
use crate::error::CurationError;
use crate::models::MenuLineage;

fn ids(lineage: &MenuLineage) -> (Option<MenuId>, Vec<MenuId>) {
    (
        lineage.source_menu.as_ref().map(|s| s.menu.id),
        lineage.forked_menus.iter().map(|m| m.id).collect(),
    )
}

#[tokio::test]
async fn a_fork_deep_copies_with_fresh_ids_defaults_and_a_lineage_note() {
    let w = World::new();
    let (source, _) = w.menu("Neo Noir Night", false).await;
    let s = &w.app.service;
    let (a1, b1) = (source.courses[0].items[0].id, source.courses[1].items[0].id);
    s.create_pairing(
        w.owner,
        source.id,
        PairingDraft::new(a1, b1, None, Some("pair".into())).unwrap(),
    )
    .await
    .unwrap();
    let source = s.get_menu(w.owner, source.id).await.unwrap();
    w.app.clock.advance(TimeDelta::seconds(1));

    let draft = ForkDraft {
        note: Some("my take".into()),
        ..ForkDraft::default()
    };
    let fork = s.fork_menu(w.owner, source.id, draft).await.unwrap();
    assert_eq!(fork.title.as_str(), "Neo Noir Night (Fork)");
    assert_eq!(fork.slug.as_str(), "neo-noir-night-fork");
    assert_eq!(
        (fork.description.clone(), fork.is_public, fork.owner_id),
        (source.description.clone(), false, w.owner)
    );
    assert_eq!(courses_of(&fork), courses_of(&source));
    let media = |m: &crate::models::Menu| {
        m.courses
            .iter()
            .flat_map(|c| {
                c.items
                    .iter()
                    .map(|i| (i.media_item_id, i.notes.clone(), i.position))
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(media(&fork), media(&source));
    let source_items: Vec<_> = source
        .courses
        .iter()
        .flat_map(|c| &c.items)
        .map(|i| i.id)
        .collect();
    assert!(
        fork.courses
            .iter()
            .flat_map(|c| &c.items)
            .all(|i| !source_items.contains(&i.id)),
        "fresh item ids"
    );
    assert!(
        fork.courses
            .iter()
            .all(|c| c.updated_at == w.now() && !source.courses.iter().any(|o| o.id == c.id))
    );
    let pairing = &fork.pairings[0];
    assert_eq!(pairing.note.as_deref(), Some("pair"));
    assert_eq!(
        pairing.primary_course_item_id, fork.courses[0].items[0].id,
        "pairings point at the copies"
    );
    assert_eq!(pairing.paired_course_item_id, fork.courses[1].items[0].id);

    let lineage = s.owner_lineage(w.owner, fork.id).await.unwrap();
    assert_eq!(ids(&lineage), (Some(source.id), vec![]));
    assert_eq!(
        lineage.source_menu.map(|s| s.note),
        Some(Some("my take".into()))
    );
    let of_source = s.owner_lineage(w.owner, source.id).await.unwrap();
    assert_eq!(
        (ids(&of_source), of_source.fork_count()),
        ((None, vec![fork.id]), 1)
    );

    let named = ForkDraft {
        title: Some(title("Mine Now")),
        description: Some("new".into()),
        is_public: Some(true),
        note: None,
    };
    let fork = s.fork_menu(w.owner, source.id, named).await.unwrap();
    assert_eq!(
        (
            fork.title.as_str(),
            fork.description.as_deref(),
            fork.is_public,
            fork.slug.as_str()
        ),
        ("Mine Now", Some("new"), true, "mine-now")
    );
}

#[tokio::test]
async fn only_own_or_public_menus_can_be_forked() {
    let w = World::new();
    let (private, _) = w.menu("Private", false).await;
    let (public, _) = w.menu("Public", true).await;
    let s = &w.app.service;
    for id in [private.id, MenuId::new()] {
        let e = s
            .fork_menu(w.stranger, id, ForkDraft::default())
            .await
            .unwrap_err();
        assert!(matches!(e, CurationError::MenuNotFound), "{e:?}");
    }
    let fork = s
        .fork_menu(w.stranger, public.id, ForkDraft::default())
        .await
        .unwrap();
    assert_eq!(fork.owner_id, w.stranger);
    assert_eq!(s.list_menus(w.stranger).await.unwrap(), vec![fork]);
}

#[tokio::test]
async fn lineage_shows_the_caller_only_their_own_or_public_menus_newest_first() {
    let w = World::new();
    let s = &w.app.service;
    let (source, _) = w.menu("Source", true).await;
    let theirs = s
        .fork_menu(w.stranger, source.id, ForkDraft::default())
        .await
        .unwrap();
    w.app.clock.advance(TimeDelta::seconds(1));
    let theirs_public = s
        .fork_menu(
            w.stranger,
            source.id,
            ForkDraft {
                is_public: Some(true),
                ..ForkDraft::default()
            },
        )
        .await
        .unwrap();
    w.app.clock.advance(TimeDelta::seconds(1));
    let mine = s
        .fork_menu(w.owner, source.id, ForkDraft::default())
        .await
        .unwrap();

    let owner_view = s.owner_lineage(w.owner, source.id).await.unwrap();
    assert_eq!(
        ids(&owner_view),
        (None, vec![mine.id, theirs_public.id]),
        "API.md §6.8: no private forks of others"
    );
    assert!(!owner_view.forked_menus.iter().any(|m| m.id == theirs.id));
    let public_view = s.public_lineage(&source.slug).await.unwrap();
    assert_eq!(ids(&public_view), (None, vec![theirs_public.id]));

    // The source goes private: the stranger's fork no longer shows it.
    s.update_menu(
        w.owner,
        source.id,
        MenuPatch {
            is_public: Some(false),
            ..MenuPatch::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        ids(&s.owner_lineage(w.stranger, theirs.id).await.unwrap()),
        (None, vec![])
    );
    assert_eq!(
        ids(&s.owner_lineage(w.owner, mine.id).await.unwrap()),
        (Some(source.id), vec![]),
        "own menus always show"
    );
    assert_eq!(
        ids(&s.public_lineage(&theirs_public.slug).await.unwrap()),
        (None, vec![])
    );
    assert!(matches!(
        s.public_lineage(&source.slug).await,
        Err(CurationError::MenuNotFound)
    ));
    assert!(matches!(
        s.owner_lineage(w.stranger, source.id).await,
        Err(CurationError::MenuNotFound)
    ));
}
