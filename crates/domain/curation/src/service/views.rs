//! The API shapes (API.md §1.8) assembled from records: courses and items sorted by
//! position, pairings by creation time, items with their media cards, pairings with both
//! items.

use std::cmp::Reverse;
use std::collections::HashMap;

use tastebuds_kernel::{CourseId, CourseItemId, MediaCard, MediaItemId};

use crate::aggregate::{CourseItemRow, CourseRow, LineageLink, MenuAggregate, PairingRow};
use crate::models::{Course, CourseItem, LineageMenu, LineageSource, Menu, MenuLineage, Pairing};

/// Media cards by id.
pub(super) type Cards = HashMap<MediaItemId, MediaCard>;

pub(super) fn item(row: &CourseItemRow, cards: &Cards) -> CourseItem {
    CourseItem {
        id: row.id,
        course_id: row.course_id,
        media_item_id: row.media_item_id,
        notes: row.notes.clone(),
        position: row.position,
        updated_at: row.updated_at,
        media_item: cards.get(&row.media_item_id).cloned(),
    }
}

/// The items of `course_id`, sorted by position.
pub(super) fn items_of(
    course_id: CourseId,
    items: &[CourseItemRow],
    cards: &Cards,
) -> Vec<CourseItem> {
    let mut rows: Vec<&CourseItemRow> = items.iter().filter(|i| i.course_id == course_id).collect();
    rows.sort_by_key(|row| (row.position, row.id));
    rows.into_iter().map(|row| item(row, cards)).collect()
}

pub(super) fn course(row: &CourseRow, items: &[CourseItemRow], cards: &Cards) -> Course {
    Course {
        id: row.id,
        menu_id: row.menu_id,
        title: row.title.clone(),
        description: row.description.clone(),
        intent: row.intent.clone(),
        position: row.position,
        updated_at: row.updated_at,
        items: items_of(row.id, items, cards),
    }
}

pub(super) fn pairing(row: &PairingRow, items: &[CourseItemRow], cards: &Cards) -> Pairing {
    let find = |id: CourseItemId| items.iter().find(|i| i.id == id).map(|i| item(i, cards));
    Pairing {
        id: row.id,
        menu_id: row.menu_id,
        primary_course_item_id: row.primary_course_item_id,
        paired_course_item_id: row.paired_course_item_id,
        relationship: row.relationship.clone(),
        note: row.note.clone(),
        created_at: row.created_at,
        updated_at: row.updated_at,
        primary_item: find(row.primary_course_item_id),
        paired_item: find(row.paired_course_item_id),
    }
}

/// The menu's pairings, by creation time.
pub(super) fn pairings(menu: &MenuAggregate, cards: &Cards) -> Vec<Pairing> {
    let mut rows: Vec<&PairingRow> = menu.pairings.iter().collect();
    rows.sort_by_key(|row| (row.created_at, row.id));
    rows.into_iter()
        .map(|row| pairing(row, &menu.items, cards))
        .collect()
}

pub(super) fn menu(menu: &MenuAggregate, cards: &Cards) -> Menu {
    let mut courses: Vec<&CourseRow> = menu.courses.iter().collect();
    courses.sort_by_key(|row| (row.position, row.id));
    let row = &menu.menu;
    Menu {
        id: row.id,
        owner_id: row.owner_id,
        title: row.title.clone(),
        description: row.description.clone(),
        slug: row.slug.clone(),
        is_public: row.is_public,
        created_at: row.created_at,
        updated_at: row.updated_at,
        courses: courses
            .into_iter()
            .map(|c| course(c, &menu.items, cards))
            .collect(),
        pairings: pairings(menu, cards),
    }
}

/// A lineage showing only the related menus `shown` accepts; forks newest first.
pub(super) fn lineage(
    source: Option<LineageLink>,
    forks: Vec<LineageLink>,
    shown: impl Fn(&LineageLink) -> bool,
) -> MenuLineage {
    let source_menu = source.filter(|link| shown(link)).map(|link| LineageSource {
        menu: link.menu,
        note: link.note,
    });
    let mut forked_menus: Vec<LineageMenu> = forks
        .into_iter()
        .filter(|link| shown(link))
        .map(|link| link.menu)
        .collect();
    forked_menus.sort_by_key(|menu| (Reverse(menu.created_at), Reverse(menu.id)));
    MenuLineage {
        source_menu,
        forked_menus,
    }
}
