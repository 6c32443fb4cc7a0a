//! What the storage ports persist and load: one row type per table, the menu aggregate
//! (a menu row with every course, item and pairing row under it), the row-level
//! [`MenuChangeSet`] a change produces, and the raw lineage rows.
//!
//! These are records, not read models: no row embeds another. The service assembles the
//! API shapes of [`crate::models`] from them (sorting, embedding media cards).

use std::collections::HashMap;
use std::hash::Hash;

use chrono::{DateTime, Utc};
use tastebuds_kernel::{CourseId, CourseItemId, MediaCard, MediaItemId, MenuId, PairingId, UserId};

use crate::models::LineageMenu;
use crate::ordering::Positioned;
use crate::slug::Slug;
use crate::values::{CourseTitle, MenuTitle, PairingRelationship, Position};

/// A `menus` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuRow {
    /// Primary key.
    pub id: MenuId,
    /// Owner.
    pub owner_id: UserId,
    /// Title.
    pub title: MenuTitle,
    /// Description.
    pub description: Option<String>,
    /// Unique slug.
    pub slug: Slug,
    /// Whether anyone may read it by slug.
    pub is_public: bool,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A `courses` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseRow {
    /// Primary key.
    pub id: CourseId,
    /// The menu holding it.
    pub menu_id: MenuId,
    /// Title.
    pub title: CourseTitle,
    /// Description.
    pub description: Option<String>,
    /// Intent.
    pub intent: Option<String>,
    /// Position in the menu (unique per menu).
    pub position: Position,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A `course_items` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseItemRow {
    /// Primary key.
    pub id: CourseItemId,
    /// The course holding it.
    pub course_id: CourseId,
    /// The catalog item (foreign key to `media_items`).
    pub media_item_id: MediaItemId,
    /// Notes.
    pub notes: Option<String>,
    /// Position in the course (unique per course).
    pub position: Position,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// A `menu_item_pairings` row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PairingRow {
    /// Primary key.
    pub id: PairingId,
    /// The menu.
    pub menu_id: MenuId,
    /// The item the pairing starts from.
    pub primary_course_item_id: CourseItemId,
    /// The item it points to.
    pub paired_course_item_id: CourseItemId,
    /// Relationship label.
    pub relationship: Option<PairingRelationship>,
    /// Note.
    pub note: Option<String>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

impl Positioned for CourseRow {
    fn position(&self) -> Position {
        self.position
    }
    fn set_position(&mut self, position: Position) {
        self.position = position;
    }
}

impl Positioned for CourseItemRow {
    fn position(&self) -> Position {
        self.position
    }
    fn set_position(&mut self, position: Position) {
        self.position = position;
    }
}

/// A menu with every row it owns. Stores load it in any row order; nothing here is
/// sorted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuAggregate {
    /// The menu row.
    pub menu: MenuRow,
    /// Its courses.
    pub courses: Vec<CourseRow>,
    /// The items of its courses.
    pub items: Vec<CourseItemRow>,
    /// Its pairings.
    pub pairings: Vec<PairingRow>,
}

impl MenuAggregate {
    /// A menu without courses, items or pairings.
    #[must_use]
    pub fn empty(menu: MenuRow) -> Self {
        Self {
            menu,
            courses: Vec::new(),
            items: Vec::new(),
            pairings: Vec::new(),
        }
    }
}

/// Row writes to one table: rows to insert, rows to overwrite (matched by id), ids to
/// delete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowChanges<Row, Id> {
    /// New rows.
    pub inserted: Vec<Row>,
    /// Changed rows, whole.
    pub updated: Vec<Row>,
    /// Removed rows.
    pub deleted: Vec<Id>,
}

impl<Row, Id> Default for RowChanges<Row, Id> {
    fn default() -> Self {
        Self {
            inserted: Vec::new(),
            updated: Vec::new(),
            deleted: Vec::new(),
        }
    }
}

impl<Row, Id> RowChanges<Row, Id> {
    /// Whether nothing is written.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.inserted.is_empty() && self.updated.is_empty() && self.deleted.is_empty()
    }
}

impl<Row: Clone + PartialEq, Id: Copy + Eq + Hash> RowChanges<Row, Id> {
    /// The writes that turn `before` into `after`, rows matched by `id`.
    fn between(before: &[Row], after: &[Row], id: impl Fn(&Row) -> Id) -> Self {
        let old: HashMap<Id, &Row> = before.iter().map(|row| (id(row), row)).collect();
        let new: HashMap<Id, &Row> = after.iter().map(|row| (id(row), row)).collect();
        let mut changes = Self::default();
        for row in after {
            match old.get(&id(row)) {
                None => changes.inserted.push(row.clone()),
                Some(&previous) if previous != row => changes.updated.push(row.clone()),
                Some(_) => {}
            }
        }
        changes.deleted = before
            .iter()
            .map(&id)
            .filter(|key| !new.contains_key(key))
            .collect();
        changes
    }
}

/// The row-level writes of one change to a menu aggregate, applied by
/// [`MenuRepository::change_menu`](crate::ports::MenuRepository::change_menu) in one
/// transaction. Built with [`MenuChangeSet::between`], so it is always consistent with
/// [`MenuChangeSet::after`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuChangeSet {
    /// The menu row, when it changed.
    pub menu: Option<MenuRow>,
    /// Course writes.
    pub courses: RowChanges<CourseRow, CourseId>,
    /// Course-item writes.
    pub items: RowChanges<CourseItemRow, CourseItemId>,
    /// Pairing writes.
    pub pairings: RowChanges<PairingRow, PairingId>,
    /// The aggregate once the writes are applied: what the service answers from. Stores
    /// apply the writes above and need not read it.
    pub after: MenuAggregate,
}

impl MenuChangeSet {
    /// The writes that turn `before` into `after` (the same menu).
    #[must_use]
    pub fn between(before: &MenuAggregate, after: MenuAggregate) -> Self {
        Self {
            menu: (before.menu != after.menu).then(|| after.menu.clone()),
            courses: RowChanges::between(&before.courses, &after.courses, |row| row.id),
            items: RowChanges::between(&before.items, &after.items, |row| row.id),
            pairings: RowChanges::between(&before.pairings, &after.pairings, |row| row.id),
            after,
        }
    }

    /// Whether nothing is written.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.menu.is_none()
            && self.courses.is_empty()
            && self.items.is_empty()
            && self.pairings.is_empty()
    }
}

/// Which menus a [`MenuQueries::menus_with_cards`](crate::MenuQueries::menus_with_cards)
/// read returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MenuLookup {
    /// The menu with this id, if any.
    Id(MenuId),
    /// The menu holding this slug, public or not, if any.
    Slug(Slug),
    /// Every menu this user owns.
    Owner(UserId),
}

/// A count the store advances with every committed change to what a view of one menu
/// shows: the menu row, its courses, items and pairings, and the catalog cards of its
/// items. Two reads of a menu at the same revision show the same view, so a view rendered
/// at a revision stays current until the menu's revision moves on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MenuRevision(pub i64);

/// Who may see a menu and which revision of it is current: enough to serve a view of it
/// rendered earlier, without reading the menu again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MenuStamp {
    /// The menu.
    pub menu_id: MenuId,
    /// Its owner.
    pub owner_id: UserId,
    /// Whether anyone may read it by slug.
    pub is_public: bool,
    /// Its current revision.
    pub revision: MenuRevision,
}

/// Menus with the catalog cards of their items: what menu views are built from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MenusWithCards {
    /// The menus found, in any order, each with every row under it.
    pub menus: Vec<MenuAggregate>,
    /// The cards of the items of those menus that exist in the catalog, in any order
    /// (each at least once).
    pub cards: Vec<MediaCard>,
}

/// Where a course or course item lives: its menu and that menu's owner (to tell "not
/// yours" from "yours, but in another menu").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MenuRef {
    /// The menu holding it.
    pub menu_id: MenuId,
    /// That menu's owner.
    pub owner_id: UserId,
}

/// A `menu_lineage` row to insert with a fork.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewLineage {
    /// The menu forked from.
    pub source_menu_id: MenuId,
    /// Who forked it.
    pub created_by: UserId,
    /// The note left when forking.
    pub note: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// One menu related through a lineage row, as stored, with what the service needs to
/// decide whether the viewer may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineageLink {
    /// The related menu.
    pub menu: LineageMenu,
    /// Its owner.
    pub owner_id: UserId,
    /// The lineage row's note.
    pub note: Option<String>,
}

/// Every lineage row touching one menu, unfiltered and unsorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineageRecords {
    /// The menu it was forked from (a fork has at most one source).
    pub source: Option<LineageLink>,
    /// The menus forked from it.
    pub forks: Vec<LineageLink>,
}
