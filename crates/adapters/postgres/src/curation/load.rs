//! Loading menu aggregates: given the menu rows, three statements load every course,
//! item and pairing under them (`= ANY` on the menu ids, items through a join on their
//! course), however many menus, courses and items there are.

use std::collections::HashMap;

use diesel::prelude::*;
use tastebuds_curation::{CourseItemRow, CourseRow, MenuAggregate, MenuRow, PairingRow};
use uuid::Uuid;

use super::Failure;
use super::rows::{StoredCourse, StoredItem, StoredMenu, StoredPairing};
use crate::schema::{course_items, courses, menu_item_pairings};

/// Whether the rows are locked as they are loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Lock {
    /// Plain reads (inside a read-only snapshot).
    None,
    /// `SELECT … FOR UPDATE`, for a change.
    ForUpdate,
}

/// The menus `menus` with every row under them, in the order of `menus`; rows within
/// an aggregate come in no particular order.
pub(super) fn aggregates(
    conn: &mut PgConnection,
    menus: Vec<StoredMenu>,
    lock: Lock,
) -> Result<Vec<MenuAggregate>, Failure> {
    if menus.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = menus.iter().map(|menu| menu.id).collect();

    let courses_query = courses::table
        .filter(courses::menu_id.eq_any(&ids))
        .select(StoredCourse::as_select());
    let stored_courses: Vec<StoredCourse> = match lock {
        Lock::None => courses_query.load(conn)?,
        Lock::ForUpdate => courses_query.for_update().load(conn)?,
    };
    let items_query = course_items::table
        .inner_join(courses::table)
        .filter(courses::menu_id.eq_any(&ids))
        .select(StoredItem::as_select());
    let stored_items: Vec<StoredItem> = match lock {
        Lock::None => items_query.load(conn)?,
        Lock::ForUpdate => items_query.for_update().load(conn)?,
    };
    let pairings_query = menu_item_pairings::table
        .filter(menu_item_pairings::menu_id.eq_any(&ids))
        .select(StoredPairing::as_select());
    let stored_pairings: Vec<StoredPairing> = match lock {
        Lock::None => pairings_query.load(conn)?,
        Lock::ForUpdate => pairings_query.for_update().load(conn)?,
    };

    assemble(menus, stored_courses, stored_items, stored_pairings)
        .map_err(|error| super::corrupt(error, "reading stored menus"))
}

/// Groups the rows under their menus and converts them to domain records, in the order
/// of `menus`.
pub(super) fn assemble(
    menus: Vec<StoredMenu>,
    courses: Vec<StoredCourse>,
    items: Vec<StoredItem>,
    pairings: Vec<StoredPairing>,
) -> anyhow::Result<Vec<MenuAggregate>> {
    let order: Vec<Uuid> = menus.iter().map(|menu| menu.id).collect();
    let mut by_menu: HashMap<Uuid, MenuAggregate> = HashMap::with_capacity(menus.len());
    for menu in menus {
        let id = menu.id;
        by_menu.insert(id, MenuAggregate::empty(MenuRow::try_from(menu)?));
    }
    let mut menu_of_course: HashMap<Uuid, Uuid> = HashMap::with_capacity(courses.len());
    for course in courses {
        let menu_id = course.menu_id;
        if let Some(aggregate) = by_menu.get_mut(&menu_id) {
            let row = CourseRow::try_from(course)?;
            menu_of_course.insert(row.id.as_uuid(), menu_id);
            aggregate.courses.push(row);
        }
    }
    for item in items {
        let menu = menu_of_course.get(&item.course_id);
        if let Some(aggregate) = menu.and_then(|menu_id| by_menu.get_mut(menu_id)) {
            aggregate.items.push(CourseItemRow::try_from(item)?);
        }
    }
    for pairing in pairings {
        if let Some(aggregate) = by_menu.get_mut(&pairing.menu_id) {
            aggregate.pairings.push(PairingRow::try_from(pairing)?);
        }
    }
    Ok(order.iter().filter_map(|id| by_menu.remove(id)).collect())
}
