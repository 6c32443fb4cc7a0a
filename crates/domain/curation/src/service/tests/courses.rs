//! Courses and items: insertion and shifts, gaps, the stale-write guard, reorders, and
//! which 404 a course or item outside the menu gets.

use chrono::TimeDelta;
use tastebuds_kernel::{CourseId, CourseItemId, MediaItemId};

use super::{World, at, course, courses_of, item, items_of};
use crate::commands::{CoursePatch, ItemDraft, ItemPatch, PairingDraft};
use crate::error::{CurationError, StaleEntity};

#[tokio::test]
async fn an_added_course_inserts_and_shifts_and_past_the_end_appends() {
    let w = World::new();
    let (menu, _) = w.menu("Shifts", false).await;
    let s = &w.app.service;
    w.app.clock.advance(TimeDelta::seconds(1));
    let m = w.media();
    let added = s
        .add_course(
            w.owner,
            menu.id,
            course("New", 1, vec![item(m, 7), item(m, 3)]),
        )
        .await
        .unwrap();
    assert_eq!(added.position.get(), 1);
    assert_eq!(
        added
            .items
            .iter()
            .map(|i| i.position.get())
            .collect::<Vec<_>>(),
        [1, 2],
        "its items are renumbered"
    );
    assert_eq!(added.updated_at, w.now());
    let last = s
        .add_course(w.owner, menu.id, course("Last", 99, vec![]))
        .await
        .unwrap();
    assert_eq!(last.position.get(), 4, "past the end appends");

    let read = s.get_menu(w.owner, menu.id).await.unwrap();
    assert_eq!(
        courses_of(&read),
        [
            ("New".into(), 1),
            ("A".into(), 2),
            ("B".into(), 3),
            ("Last".into(), 4)
        ]
    );
    assert_eq!(
        read.courses[1].updated_at, menu.courses[0].updated_at,
        "a shifted course keeps its updated_at"
    );
}

#[tokio::test]
async fn an_added_item_inserts_and_shifts_within_its_course_only() {
    let w = World::new();
    let (menu, [m1, m2, m3]) = w.menu("Items", false).await;
    let s = &w.app.service;
    let m4 = w.media();
    let added = s
        .add_item(w.owner, menu.id, menu.courses[0].id, item(m4, 2))
        .await
        .unwrap();
    assert_eq!(
        (
            added.position.get(),
            added.media_item.as_ref().map(|c| c.id)
        ),
        (2, Some(m4))
    );
    let appended = s
        .add_item(w.owner, menu.id, menu.courses[0].id, item(m4, 50))
        .await
        .unwrap();
    assert_eq!(appended.position.get(), 4);
    let read = s.get_menu(w.owner, menu.id).await.unwrap();
    assert_eq!(
        items_of(&read.courses[0]),
        [(m1, 1), (m4, 2), (m2, 3), (m4, 4)]
    );
    assert_eq!(items_of(&read.courses[1]), [(m3, 1)]);
    assert_eq!(
        read.courses[0].items[2].updated_at, menu.courses[0].items[1].updated_at,
        "a shifted item keeps its updated_at"
    );

    let unknown = s
        .add_item(
            w.owner,
            menu.id,
            menu.courses[0].id,
            item(MediaItemId::new(), 1),
        )
        .await;
    assert!(
        matches!(unknown, Err(CurationError::UnknownMedia)),
        "{unknown:?}"
    );
    assert_eq!(
        s.get_menu(w.owner, menu.id).await.unwrap(),
        read,
        "a failed add writes nothing"
    );
}

#[tokio::test]
async fn deletes_close_the_gap_and_take_the_pairings_along() {
    let w = World::new();
    let (menu, [_, m2, m3]) = w.menu("Deletes", false).await;
    let s = &w.app.service;
    let (a1, a2, b1) = (
        menu.courses[0].items[0].id,
        menu.courses[0].items[1].id,
        menu.courses[1].items[0].id,
    );
    s.create_pairing(
        w.owner,
        menu.id,
        PairingDraft::new(a1, b1, None, None).unwrap(),
    )
    .await
    .unwrap();
    s.create_pairing(
        w.owner,
        menu.id,
        PairingDraft::new(a2, b1, None, None).unwrap(),
    )
    .await
    .unwrap();

    s.delete_item(w.owner, menu.id, a1).await.unwrap();
    let read = s.get_menu(w.owner, menu.id).await.unwrap();
    assert_eq!(
        items_of(&read.courses[0]),
        [(m2, 1)],
        "the items after it move up"
    );
    assert_eq!(
        read.pairings
            .iter()
            .map(|p| p.primary_course_item_id)
            .collect::<Vec<_>>(),
        [a2]
    );

    s.delete_course(w.owner, menu.id, menu.courses[0].id)
        .await
        .unwrap();
    let read = s.get_menu(w.owner, menu.id).await.unwrap();
    assert_eq!(
        courses_of(&read),
        [("B".into(), 1)],
        "the courses after it move up"
    );
    assert_eq!(items_of(&read.courses[0]), [(m3, 1)]);
    assert!(
        read.pairings.is_empty(),
        "pairings of the course's items are gone"
    );
    assert_eq!(
        read.courses[0].updated_at, menu.courses[1].updated_at,
        "a shifted course keeps its updated_at"
    );

    // The web app's "add at count + 1" after a delete (API.md §6.15).
    let added = s
        .add_item(w.owner, menu.id, read.courses[0].id, item(m3, 2))
        .await
        .unwrap();
    assert_eq!(added.position.get(), 2);
}

#[tokio::test]
async fn stale_writes_are_refused_and_fresh_or_unguarded_ones_pass() {
    let w = World::new();
    let (menu, _) = w.menu("Stale", false).await;
    let s = &w.app.service;
    let shown = menu.courses[1].clone();
    // Someone else inserts a course before it: a shift, not an edit.
    s.add_course(w.owner, menu.id, course("Before", 1, vec![]))
        .await
        .unwrap();

    w.app.clock.advance(TimeDelta::milliseconds(1));
    let patch = |expected| CoursePatch {
        title: Some(crate::values::CourseTitle::parse("Renamed").unwrap()),
        expected_updated_at: expected,
        ..CoursePatch::default()
    };
    let edited = s
        .update_course(w.owner, menu.id, shown.id, patch(Some(shown.updated_at)))
        .await
        .unwrap();
    assert_eq!(
        (
            edited.title.as_str(),
            edited.updated_at,
            edited.position.get()
        ),
        ("Renamed", w.now(), 3)
    );

    let error = s
        .update_course(w.owner, menu.id, shown.id, patch(Some(shown.updated_at)))
        .await
        .unwrap_err();
    assert!(
        matches!(error, CurationError::StaleWrite { entity: StaleEntity::Course, current_updated_at } if current_updated_at == edited.updated_at),
        "{error:?}"
    );
    s.update_course(w.owner, menu.id, shown.id, patch(None))
        .await
        .unwrap();

    let clear = CoursePatch {
        description: Some(None),
        ..CoursePatch::default()
    };
    assert_eq!(
        s.update_course(w.owner, menu.id, shown.id, clear)
            .await
            .unwrap()
            .description,
        None,
        "null clears"
    );

    let item = menu.courses[0].items[0].clone();
    w.app.clock.advance(TimeDelta::milliseconds(1));
    let notes = |expected| ItemPatch {
        notes: Some(None),
        expected_updated_at: expected,
    };
    let edited = s
        .update_item(w.owner, menu.id, item.id, notes(Some(item.updated_at)))
        .await
        .unwrap();
    assert_eq!((edited.notes.clone(), edited.updated_at), (None, w.now()));
    let error = s
        .update_item(w.owner, menu.id, item.id, notes(Some(item.updated_at)))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            CurationError::StaleWrite {
                entity: StaleEntity::CourseItem,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        s.update_item(w.owner, menu.id, item.id, notes(Some(edited.updated_at)))
            .await
            .unwrap()
            .notes,
        None
    );
}

#[tokio::test]
async fn courses_and_items_outside_the_menu_get_the_right_not_found() {
    let w = World::new();
    let (menu, _) = w.menu("Here", false).await;
    let (other, _) = w.menu("There", false).await;
    let s = &w.app.service;
    let theirs = s
        .create_menu(
            w.stranger,
            super::draft(
                "Theirs",
                true,
                vec![course("X", 1, vec![item(w.media(), 1)])],
            ),
        )
        .await
        .unwrap();
    let (mine_elsewhere, their_course) = (other.courses[0].id, theirs.courses[0].id);
    let (mine_item_elsewhere, their_item) =
        (other.courses[0].items[0].id, theirs.courses[0].items[0].id);
    let draft = ItemDraft {
        media_item_id: w.media(),
        notes: None,
        position: at(1),
    };

    let e = s
        .update_course(w.owner, menu.id, mine_elsewhere, CoursePatch::default())
        .await
        .unwrap_err();
    assert!(matches!(e, CurationError::CourseNotInMenu), "{e:?}");
    let e = s
        .add_item(w.owner, menu.id, mine_elsewhere, draft.clone())
        .await
        .unwrap_err();
    assert!(matches!(e, CurationError::CourseNotInMenu), "{e:?}");
    for course_id in [their_course, CourseId::new()] {
        let e = s
            .delete_course(w.owner, menu.id, course_id)
            .await
            .unwrap_err();
        assert!(matches!(e, CurationError::CourseNotFound), "{e:?}");
        let e = s
            .reorder_items(w.owner, menu.id, course_id, vec![])
            .await
            .unwrap_err();
        assert!(matches!(e, CurationError::CourseNotFound), "{e:?}");
    }
    let e = s
        .update_item(w.owner, menu.id, mine_item_elsewhere, ItemPatch::default())
        .await
        .unwrap_err();
    assert!(matches!(e, CurationError::ItemNotInMenu), "{e:?}");
    for item_id in [their_item, CourseItemId::new()] {
        let e = s.delete_item(w.owner, menu.id, item_id).await.unwrap_err();
        assert!(matches!(e, CurationError::CourseItemNotFound), "{e:?}");
    }
    let e = s
        .add_course(w.stranger, menu.id, course("Sneaky", 1, vec![]))
        .await
        .unwrap_err();
    assert!(
        matches!(e, CurationError::MenuNotFound),
        "someone else's menu first: {e:?}"
    );
    let e = s
        .delete_item(w.stranger, menu.id, menu.courses[0].items[0].id)
        .await
        .unwrap_err();
    assert!(matches!(e, CurationError::MenuNotFound), "{e:?}");
    assert_eq!(
        s.get_menu(w.owner, menu.id).await.unwrap(),
        menu,
        "nothing was written"
    );
}

#[tokio::test]
async fn reordering_items_takes_an_exact_permutation_and_touches_every_item() {
    let w = World::new();
    let (menu, [m1, m2, _]) = w.menu("Reorder items", false).await;
    let s = &w.app.service;
    let course_id = menu.courses[0].id;
    let (i1, i2) = (menu.courses[0].items[0].id, menu.courses[0].items[1].id);
    let b1 = menu.courses[1].items[0].id;
    for bad in [vec![i1], vec![i1, i2, i2], vec![i1, b1], vec![i1, i1]] {
        let e = s
            .reorder_items(w.owner, menu.id, course_id, bad)
            .await
            .unwrap_err();
        assert!(matches!(e, CurationError::ItemIdsMismatch), "{e:?}");
    }
    w.app.clock.advance(TimeDelta::seconds(1));
    let course = s
        .reorder_items(w.owner, menu.id, course_id, vec![i2, i1])
        .await
        .unwrap();
    assert_eq!(items_of(&course), [(m2, 1), (m1, 2)]);
    assert!(course.items.iter().all(|i| i.updated_at == w.now()));

    let empty = s
        .add_course(w.owner, menu.id, super::course("Empty", 9, vec![]))
        .await
        .unwrap();
    let same = s
        .reorder_items(w.owner, menu.id, empty.id, vec![])
        .await
        .unwrap();
    assert_eq!(same, empty, "an empty list on an empty course is a no-op");
}
