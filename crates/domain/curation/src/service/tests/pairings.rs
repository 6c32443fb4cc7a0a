//! Pairings: membership, direction, duplicates, ownership.

use chrono::TimeDelta;
use tastebuds_kernel::{CourseItemId, MenuId, PairingId};

use super::World;
use crate::commands::PairingDraft;
use crate::error::CurationError;
use crate::values::PairingRelationship;

fn pair(a: CourseItemId, b: CourseItemId) -> PairingDraft {
    PairingDraft::new(
        a,
        b,
        Some(PairingRelationship::parse("echoes").unwrap()),
        None,
    )
    .unwrap()
}

#[tokio::test]
async fn pairings_are_directed_unique_and_listed_by_creation_with_both_items() {
    let w = World::new();
    let (menu, [m1, _, m3]) = w.menu("Pairs", false).await;
    let s = &w.app.service;
    let (a1, b1) = (menu.courses[0].items[0].id, menu.courses[1].items[0].id);

    let forward = s
        .create_pairing(w.owner, menu.id, pair(a1, b1))
        .await
        .unwrap();
    assert_eq!(
        forward
            .primary_item
            .as_ref()
            .and_then(|i| i.media_item.as_ref())
            .map(|c| c.id),
        Some(m1)
    );
    assert_eq!(
        forward.paired_item.as_ref().map(|i| i.media_item_id),
        Some(m3)
    );
    assert_eq!((forward.created_at, forward.updated_at), (w.now(), w.now()));
    let e = s
        .create_pairing(w.owner, menu.id, pair(a1, b1))
        .await
        .unwrap_err();
    assert!(matches!(e, CurationError::PairingExists), "{e:?}");
    w.app.clock.advance(TimeDelta::seconds(1));
    let backward = s
        .create_pairing(w.owner, menu.id, pair(b1, a1))
        .await
        .unwrap();

    let listed = s.list_pairings(w.owner, menu.id).await.unwrap();
    assert_eq!(listed, vec![forward, backward], "by created_at");
}

#[tokio::test]
async fn pairings_need_items_of_the_menu_and_stay_with_their_owner() {
    let w = World::new();
    let (menu, _) = w.menu("Pairs", false).await;
    let (other, _) = w.menu("Elsewhere", false).await;
    let s = &w.app.service;
    let a1 = menu.courses[0].items[0].id;
    for outsider in [other.courses[0].items[0].id, CourseItemId::new()] {
        let e = s
            .create_pairing(w.owner, menu.id, pair(a1, outsider))
            .await
            .unwrap_err();
        assert!(matches!(e, CurationError::PairingItemNotInMenu), "{e:?}");
    }
    let e = s
        .create_pairing(w.stranger, menu.id, pair(a1, menu.courses[1].items[0].id))
        .await
        .unwrap_err();
    assert!(matches!(e, CurationError::MenuNotFound), "{e:?}");
    let e = s.list_pairings(w.stranger, menu.id).await.unwrap_err();
    assert!(
        matches!(e, CurationError::MenuNotFound),
        "API.md §6.7: {e:?}"
    );

    let pairing = s
        .create_pairing(w.owner, menu.id, pair(a1, menu.courses[1].items[0].id))
        .await
        .unwrap();
    for (caller, menu_id, pairing_id) in [
        (w.stranger, menu.id, pairing.id),
        (w.owner, other.id, pairing.id),
        (w.owner, menu.id, PairingId::new()),
        (w.owner, MenuId::new(), pairing.id),
    ] {
        let e = s
            .delete_pairing(caller, menu_id, pairing_id)
            .await
            .unwrap_err();
        assert!(matches!(e, CurationError::PairingNotFound), "{e:?}");
    }
    s.delete_pairing(w.owner, menu.id, pairing.id)
        .await
        .unwrap();
    assert!(s.list_pairings(w.owner, menu.id).await.unwrap().is_empty());
}
