//! `UserStateRepository::library_items`: a user's library in at most four queries,
//! however many items it holds, read in one read-only snapshot. Each item's card is read
//! once: with its state, or (for items logged without a state) by id afterwards.

use std::collections::{HashMap, HashSet};

use diesel::dsl::count_star;
use diesel::prelude::*;
use tastebuds_kernel::{MediaCard, UserId};
use tastebuds_user_state::{LibraryItem, UserItemLog, UserItemState};
use uuid::Uuid;

use super::rows::{LogRow, StateRow};
use crate::media::CardRow;
use crate::schema::{media_items, user_item_logs, user_item_states};

/// The rows of a library, merged in memory by [`merge`].
pub(super) struct LibraryRows {
    /// The user's states, each with its item's card.
    states: Vec<(StateRow, CardRow)>,
    /// The newest log of each item the user logged.
    newest_logs: Vec<LogRow>,
    /// How many logs the user has on each item.
    counts: Vec<(Uuid, i64)>,
    /// The cards of the items logged without a state.
    log_cards: Vec<CardRow>,
}

/// Reads `user`'s states with their cards, newest log per item (`DISTINCT ON`, served by
/// `ix_user_item_logs_user_id_media_item_id_logged_at`), log counts per item, and the
/// cards of the items logged without a state (none is one query fewer).
pub(super) fn load(conn: &mut PgConnection, user: UserId) -> QueryResult<LibraryRows> {
    let user = user.as_uuid();
    conn.build_transaction()
        .read_only()
        .repeatable_read()
        .run(|conn| {
            let states: Vec<(StateRow, CardRow)> = user_item_states::table
                .inner_join(media_items::table)
                .filter(user_item_states::user_id.eq(user))
                .select((StateRow::as_select(), CardRow::as_select()))
                .load(conn)?;
            let newest_logs: Vec<LogRow> = user_item_logs::table
                .filter(user_item_logs::user_id.eq(user))
                .distinct_on(user_item_logs::media_item_id)
                .order((
                    user_item_logs::media_item_id,
                    user_item_logs::logged_at.desc(),
                    user_item_logs::created_at.desc(),
                    user_item_logs::id.desc(),
                ))
                .select(LogRow::as_select())
                .load(conn)?;
            let counts = user_item_logs::table
                .filter(user_item_logs::user_id.eq(user))
                .group_by(user_item_logs::media_item_id)
                .select((user_item_logs::media_item_id, count_star()))
                .load(conn)?;
            let with_state: HashSet<Uuid> = states
                .iter()
                .map(|(state, _)| state.media_item_id)
                .collect();
            let without_state: Vec<Uuid> = newest_logs
                .iter()
                .map(|log| log.media_item_id)
                .filter(|item| !with_state.contains(item))
                .collect();
            let log_cards = if without_state.is_empty() {
                Vec::new()
            } else {
                media_items::table
                    .filter(media_items::id.eq_any(without_state))
                    .select(CardRow::as_select())
                    .load(conn)?
            };
            Ok(LibraryRows {
                states,
                newest_logs,
                counts,
                log_cards,
            })
        })
}

/// One entry per item with a state or a log.
///
/// # Errors
/// A stored row the domain refuses.
pub(super) fn merge(rows: LibraryRows) -> anyhow::Result<Vec<LibraryItem>> {
    #[derive(Default)]
    struct Entry {
        card: Option<MediaCard>,
        state: Option<UserItemState>,
        last_log: Option<UserItemLog>,
        log_count: u32,
    }
    let mut entries: HashMap<Uuid, Entry> = HashMap::new();
    for (row, card) in rows.states {
        let state = UserItemState::try_from(row)?;
        let entry = entries.entry(state.media_item_id.as_uuid()).or_default();
        entry.card = Some(card.into());
        entry.state = Some(state);
    }
    let mut log_cards: HashMap<Uuid, MediaCard> = rows
        .log_cards
        .into_iter()
        .map(|row| {
            let card = MediaCard::from(row);
            (card.id.as_uuid(), card)
        })
        .collect();
    for row in rows.newest_logs {
        let item = row.media_item_id;
        let entry = entries.entry(item).or_default();
        let card = (entry.card.clone())
            .or_else(|| log_cards.remove(&item))
            .ok_or_else(|| anyhow::anyhow!("a log on item {item} but no card read"))?;
        entry.last_log = Some(row.into_log(Some(card.clone()))?);
        entry.card = Some(card);
    }
    for (item, count) in rows.counts {
        entries.entry(item).or_default().log_count = u32::try_from(count)?;
    }
    entries
        .into_iter()
        .map(|(item, entry)| {
            let media_item = entry
                .card
                .ok_or_else(|| anyhow::anyhow!("logs counted on item {item} but none read"))?;
            Ok(LibraryItem {
                media_item,
                state: entry.state,
                last_log: entry.last_log,
                log_count: entry.log_count,
            })
        })
        .collect()
}
