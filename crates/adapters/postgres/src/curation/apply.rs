//! Writing menu aggregates and change sets, a fixed number of statements each: one
//! bulk `INSERT` per table for new rows, one `DELETE … WHERE id = ANY` per table for
//! removed rows, and one `INSERT … ON CONFLICT (id) DO UPDATE` per table for changed
//! rows (an update of n rows, e.g. the positions an insertion shifts, is one statement,
//! not n). Past [`CHUNK_ROWS`] rows a table's insert or update is split into statements
//! of that many rows, so a huge menu stays under PostgreSQL's 65,535 bind parameters per
//! statement. Callers run these inside their transaction.

use diesel::prelude::*;
use diesel::upsert::excluded;
use tastebuds_curation::{
    CourseItemRow, CourseRow, MenuAggregate, MenuChangeSet, NewLineage, PairingRow,
};
use tastebuds_kernel::{CourseId, CourseItemId, PairingId};
use uuid::Uuid;

use super::rows::{
    CourseValues, ItemValues, LineageValues, MenuChanges, MenuValues, PairingValues,
};
use crate::schema::{course_items, courses, menu_item_pairings, menu_lineage, menus};

/// Rows per `INSERT` (at most 8 bind parameters each: 8,000 per statement, far below
/// PostgreSQL's limit of 65,535).
const CHUNK_ROWS: usize = 1000;

/// Inserts the menu row, its courses, items and pairings, then the lineage row of a
/// fork: at most five statements.
pub(super) fn insert_aggregate(
    conn: &mut PgConnection,
    menu: &MenuAggregate,
    lineage: Option<&NewLineage>,
) -> QueryResult<()> {
    diesel::insert_into(menus::table)
        .values(MenuValues::from(&menu.menu))
        .execute(conn)?;
    insert_courses(conn, &menu.courses)?;
    insert_items(conn, &menu.items)?;
    insert_pairings(conn, &menu.pairings)?;
    if let Some(lineage) = lineage {
        diesel::insert_into(menu_lineage::table)
            .values(LineageValues::new(menu.menu.id, lineage))
            .execute(conn)?;
    }
    Ok(())
}

/// Applies `set`: deletes (pairings, items, courses), then the menu row, then per table
/// (courses, items, pairings) the updates and the inserts. Table by table, so a changed
/// item may move into a new course and a changed pairing may name a new item; updates
/// before inserts, so a row that changes frees its keys for a new one. The position keys
/// must be deferred by the caller. At most twelve statements; none for empty parts.
pub(super) fn apply(conn: &mut PgConnection, set: &MenuChangeSet) -> QueryResult<()> {
    let pairings: Vec<Uuid> = set
        .pairings
        .deleted
        .iter()
        .map(PairingId::as_uuid)
        .collect();
    if !pairings.is_empty() {
        diesel::delete(menu_item_pairings::table)
            .filter(menu_item_pairings::id.eq_any(pairings))
            .execute(conn)?;
    }
    let items: Vec<Uuid> = set
        .items
        .deleted
        .iter()
        .map(CourseItemId::as_uuid)
        .collect();
    if !items.is_empty() {
        diesel::delete(course_items::table)
            .filter(course_items::id.eq_any(items))
            .execute(conn)?;
    }
    let courses: Vec<Uuid> = set.courses.deleted.iter().map(CourseId::as_uuid).collect();
    if !courses.is_empty() {
        diesel::delete(courses::table)
            .filter(courses::id.eq_any(courses))
            .execute(conn)?;
    }

    if let Some(menu) = &set.menu {
        diesel::update(menus::table.find(menu.id.as_uuid()))
            .set(MenuChanges::from(menu))
            .execute(conn)?;
    }

    update_courses(conn, &set.courses.updated)?;
    insert_courses(conn, &set.courses.inserted)?;
    update_items(conn, &set.items.updated)?;
    insert_items(conn, &set.items.inserted)?;
    update_pairings(conn, &set.pairings.updated)?;
    insert_pairings(conn, &set.pairings.inserted)?;
    Ok(())
}

fn insert_courses(conn: &mut PgConnection, rows: &[CourseRow]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let values: Vec<CourseValues<'_>> = rows.iter().map(CourseValues::from).collect();
    for chunk in values.chunks(CHUNK_ROWS) {
        diesel::insert_into(courses::table)
            .values(chunk)
            .execute(conn)?;
    }
    Ok(())
}

fn update_courses(conn: &mut PgConnection, rows: &[CourseRow]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let values: Vec<CourseValues<'_>> = rows.iter().map(CourseValues::from).collect();
    for chunk in values.chunks(CHUNK_ROWS) {
        diesel::insert_into(courses::table)
            .values(chunk)
            .on_conflict(courses::id)
            .do_update()
            .set((
                courses::menu_id.eq(excluded(courses::menu_id)),
                courses::title.eq(excluded(courses::title)),
                courses::description.eq(excluded(courses::description)),
                courses::intent.eq(excluded(courses::intent)),
                courses::position.eq(excluded(courses::position)),
                courses::updated_at.eq(excluded(courses::updated_at)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn insert_items(conn: &mut PgConnection, rows: &[CourseItemRow]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let values: Vec<ItemValues<'_>> = rows.iter().map(ItemValues::from).collect();
    for chunk in values.chunks(CHUNK_ROWS) {
        diesel::insert_into(course_items::table)
            .values(chunk)
            .execute(conn)?;
    }
    Ok(())
}

fn update_items(conn: &mut PgConnection, rows: &[CourseItemRow]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let values: Vec<ItemValues<'_>> = rows.iter().map(ItemValues::from).collect();
    for chunk in values.chunks(CHUNK_ROWS) {
        diesel::insert_into(course_items::table)
            .values(chunk)
            .on_conflict(course_items::id)
            .do_update()
            .set((
                course_items::course_id.eq(excluded(course_items::course_id)),
                course_items::media_item_id.eq(excluded(course_items::media_item_id)),
                course_items::notes.eq(excluded(course_items::notes)),
                course_items::position.eq(excluded(course_items::position)),
                course_items::updated_at.eq(excluded(course_items::updated_at)),
            ))
            .execute(conn)?;
    }
    Ok(())
}

fn insert_pairings(conn: &mut PgConnection, rows: &[PairingRow]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let values: Vec<PairingValues<'_>> = rows.iter().map(PairingValues::from).collect();
    for chunk in values.chunks(CHUNK_ROWS) {
        diesel::insert_into(menu_item_pairings::table)
            .values(chunk)
            .execute(conn)?;
    }
    Ok(())
}

fn update_pairings(conn: &mut PgConnection, rows: &[PairingRow]) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let values: Vec<PairingValues<'_>> = rows.iter().map(PairingValues::from).collect();
    for chunk in values.chunks(CHUNK_ROWS) {
        diesel::insert_into(menu_item_pairings::table)
            .values(chunk)
            .on_conflict(menu_item_pairings::id)
            .do_update()
            .set((
                menu_item_pairings::menu_id.eq(excluded(menu_item_pairings::menu_id)),
                menu_item_pairings::primary_course_item_id
                    .eq(excluded(menu_item_pairings::primary_course_item_id)),
                menu_item_pairings::paired_course_item_id
                    .eq(excluded(menu_item_pairings::paired_course_item_id)),
                menu_item_pairings::relationship.eq(excluded(menu_item_pairings::relationship)),
                menu_item_pairings::note.eq(excluded(menu_item_pairings::note)),
                menu_item_pairings::created_at.eq(excluded(menu_item_pairings::created_at)),
                menu_item_pairings::updated_at.eq(excluded(menu_item_pairings::updated_at)),
            ))
            .execute(conn)?;
    }
    Ok(())
}
