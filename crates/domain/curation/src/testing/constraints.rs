//! The database's keys and foreign keys, emulated for [`InMemoryMenuStore`]: the only
//! checks the fake makes, each mapped to the error the ports' `# Errors` sections name.
//!
//! [`InMemoryMenuStore`]: super::InMemoryMenuStore

use std::collections::HashSet;

use tastebuds_kernel::{CourseItemId, MenuId};

use super::store::Tables;
use crate::aggregate::PairingRow;
use crate::error::CurationError;

fn unexpected(what: &str) -> CurationError {
    CurationError::Unexpected(anyhow::anyhow!("constraint violated: {what}"))
}

impl Tables {
    /// The keys and foreign keys, checked at commit like deferred constraints.
    pub(super) fn check_constraints(&self) -> Result<(), CurationError> {
        let mut slugs = HashSet::new();
        if let Some(menu) = self.menus.values().find(|m| !slugs.insert(&m.slug)) {
            return Err(CurationError::SlugTaken(menu.slug.clone()));
        }
        if self
            .items
            .values()
            .any(|i| !self.media.contains_key(&i.media_item_id))
        {
            return Err(CurationError::UnknownMedia);
        }
        let mut pairs = HashSet::new();
        let pair = |p: &PairingRow| (p.menu_id, p.primary_course_item_id, p.paired_course_item_id);
        if !self.pairings.values().all(|p| pairs.insert(pair(p))) {
            return Err(CurationError::PairingExists);
        }
        let menu_known = |id: &MenuId| self.menus.contains_key(id);
        let lineage_ok = self
            .lineage
            .iter()
            .all(|r| menu_known(&r.source) && menu_known(&r.fork));
        if !lineage_ok || !self.tokens.values().all(|t| menu_known(&t.menu_id)) {
            return Err(CurationError::MenuNotFound);
        }
        let mut course_slots = HashSet::new();
        if !self
            .courses
            .values()
            .all(|c| menu_known(&c.menu_id) && course_slots.insert((c.menu_id, c.position)))
        {
            return Err(unexpected(
                "courses: menu foreign key or (menu_id, position)",
            ));
        }
        let mut item_slots = HashSet::new();
        if !self.items.values().all(|i| {
            self.courses.contains_key(&i.course_id) && item_slots.insert((i.course_id, i.position))
        }) {
            return Err(unexpected(
                "course_items: course foreign key or (course_id, position)",
            ));
        }
        let item_known = |id: &CourseItemId| self.items.contains_key(id);
        if !self
            .pairings
            .values()
            .all(|p| item_known(&p.primary_course_item_id) && item_known(&p.paired_course_item_id))
        {
            return Err(unexpected("menu_item_pairings: course item foreign keys"));
        }
        Ok(())
    }
}
