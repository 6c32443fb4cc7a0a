//! Pairings between two items of one menu.

use tastebuds_kernel::{CourseItemId, MenuId, PairingId, UserId};

use super::{CurationService, views};
use crate::aggregate::PairingRow;
use crate::commands::PairingDraft;
use crate::error::CurationError;
use crate::models::Pairing;

impl CurationService {
    /// The pairings of the caller's menu, by creation time, both items embedded.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`] for a menu that is missing or someone else's
    /// (API.md §6.7: not `[]`).
    pub async fn list_pairings(
        &self,
        owner: UserId,
        menu_id: MenuId,
    ) -> Result<Vec<Pairing>, CurationError> {
        let menu = self.owned(owner, menu_id).await?;
        let cards = self
            .cards(menu.items.iter().map(|i| i.media_item_id))
            .await?;
        Ok(views::pairings(&menu, &cards))
    }

    /// Pairs two items of the caller's menu (a directed pair: the reverse pair is a
    /// different one).
    ///
    /// # Errors
    /// - [`CurationError::MenuNotFound`].
    /// - [`CurationError::PairingItemNotInMenu`]: either item is not in this menu.
    /// - [`CurationError::PairingExists`]: the same ordered pair exists.
    pub async fn create_pairing(
        &self,
        owner: UserId,
        menu_id: MenuId,
        draft: PairingDraft,
    ) -> Result<Pairing, CurationError> {
        let now = self.now();
        let row = PairingRow {
            id: PairingId::new(),
            menu_id,
            primary_course_item_id: draft.primary_course_item_id,
            paired_course_item_id: draft.paired_course_item_id,
            relationship: draft.relationship,
            note: draft.note,
            created_at: now,
            updated_at: now,
        };
        let pairing_id = row.id;
        let menu = self
            .change(owner, menu_id, move |menu| {
                let in_menu = |id: CourseItemId| menu.items.iter().any(|item| item.id == id);
                if !in_menu(row.primary_course_item_id) || !in_menu(row.paired_course_item_id) {
                    return Err(CurationError::PairingItemNotInMenu);
                }
                let repeats = menu.pairings.iter().any(|p| {
                    p.primary_course_item_id == row.primary_course_item_id
                        && p.paired_course_item_id == row.paired_course_item_id
                });
                if repeats {
                    return Err(CurationError::PairingExists);
                }
                menu.pairings.push(row);
                Ok(())
            })
            .await?;
        let cards = self
            .cards(menu.items.iter().map(|i| i.media_item_id))
            .await?;
        views::pairings(&menu, &cards)
            .into_iter()
            .find(|pairing| pairing.id == pairing_id)
            .ok_or_else(|| CurationError::Unexpected(anyhow::anyhow!("stored pairing missing")))
    }

    /// Deletes a pairing of the caller's menu.
    ///
    /// # Errors
    /// [`CurationError::PairingNotFound`]: unknown, not the caller's, or on another menu.
    pub async fn delete_pairing(
        &self,
        owner: UserId,
        menu_id: MenuId,
        pairing_id: PairingId,
    ) -> Result<(), CurationError> {
        self.change(owner, menu_id, move |menu| {
            let index = menu
                .pairings
                .iter()
                .position(|p| p.id == pairing_id)
                .ok_or(CurationError::PairingNotFound)?;
            menu.pairings.remove(index);
            Ok(())
        })
        .await
        .map(|_| ())
        .map_err(|error| match error {
            CurationError::MenuNotFound => CurationError::PairingNotFound,
            other => other,
        })
    }
}
