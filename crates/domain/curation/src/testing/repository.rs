//! [`MenuRepository`] for [`InMemoryMenuStore`]: rows in, rows out.

use async_trait::async_trait;
use tastebuds_kernel::MenuId;

use crate::aggregate::{MenuAggregate, MenuChangeSet, NewLineage};
use crate::error::CurationError;
use crate::ports::{MenuChange, MenuRepository};
use crate::testing::store::{InMemoryMenuStore, LineageRow, Tables};

fn apply(tables: &mut Tables, set: &MenuChangeSet) {
    for id in &set.pairings.deleted {
        tables.pairings.remove(id);
    }
    for id in &set.items.deleted {
        tables.items.remove(id);
    }
    for id in &set.courses.deleted {
        tables.courses.remove(id);
    }
    if let Some(menu) = &set.menu {
        tables.menus.insert(menu.id, menu.clone());
    }
    for row in set.courses.updated.iter().chain(&set.courses.inserted) {
        tables.courses.insert(row.id, row.clone());
    }
    for row in set.items.updated.iter().chain(&set.items.inserted) {
        tables.items.insert(row.id, row.clone());
    }
    for row in set.pairings.updated.iter().chain(&set.pairings.inserted) {
        tables.pairings.insert(row.id, row.clone());
    }
}

#[async_trait]
impl MenuRepository for InMemoryMenuStore {
    async fn insert_menu(
        &self,
        menu: MenuAggregate,
        lineage: Option<NewLineage>,
    ) -> Result<(), CurationError> {
        self.write(|tables| {
            let fork = menu.menu.id;
            tables.put(menu);
            if let Some(row) = lineage {
                tables.lineage.push(LineageRow {
                    source: row.source_menu_id,
                    fork,
                    note: row.note,
                });
            }
            Ok(())
        })
    }

    async fn change_menu(
        &self,
        menu_id: MenuId,
        change: MenuChange,
    ) -> Result<MenuChangeSet, CurationError> {
        self.write(|tables| {
            let loaded = tables
                .aggregate(menu_id)
                .ok_or(CurationError::MenuNotFound)?;
            let set = change(loaded)?;
            apply(tables, &set);
            if !set.is_empty() {
                tables.advance(menu_id);
            }
            Ok(set)
        })
    }

    async fn delete_menu(&self, menu_id: MenuId) -> Result<(), CurationError> {
        self.write(|tables| {
            tables
                .menus
                .remove(&menu_id)
                .ok_or(CurationError::MenuNotFound)?;
            tables.revisions.remove(&menu_id);
            // The ON DELETE CASCADE foreign keys.
            tables.courses.retain(|_, c| c.menu_id != menu_id);
            let courses = tables.courses.clone();
            tables
                .items
                .retain(|_, i| courses.contains_key(&i.course_id));
            tables.pairings.retain(|_, p| p.menu_id != menu_id);
            tables.tokens.retain(|_, t| t.menu_id != menu_id);
            tables
                .lineage
                .retain(|r| r.source != menu_id && r.fork != menu_id);
            Ok(())
        })
    }
}
