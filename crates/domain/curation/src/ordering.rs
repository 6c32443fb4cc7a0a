//! Positions and concurrent edits (API.md §5.4).
//!
//! Courses of a menu and items of a course always hold the dense positions 1..n:
//! - on create, the given positions only fix the order ([`renumber`]);
//! - adding one at `p` inserts it there, or appends it when `p` is past the end
//!   ([`insertion_position`]), after [`make_room`] shifted the ones at and after `p`;
//! - removing one closes the gap ([`close_gap`]);
//! - reordering must name exactly the current ids ([`check_reorder`]);
//! - a PATCH carrying `expected_updated_at` must match the stored `updated_at` to the
//!   microsecond ([`check_fresh`]).

use chrono::{DateTime, SubsecRound, Utc};

use crate::error::{CurationError, StaleEntity};
use crate::values::Position;

/// Something with a position in an ordered list.
pub trait Positioned {
    /// Its current position.
    fn position(&self) -> Position;
    /// Moves it.
    fn set_position(&mut self, position: Position);
}

/// Sorts `items` by their given positions (ties keep their input order) and renumbers
/// them 1..n in that order.
#[must_use]
pub fn renumber<T: Positioned>(mut items: Vec<T>) -> Vec<T> {
    // `sort_by_key` is stable: equal positions keep the order they were given in.
    items.sort_by_key(Positioned::position);
    for (index, item) in items.iter_mut().enumerate() {
        item.set_position(Position::nth(index));
    }
    items
}

/// Where one element requested at `requested` lands in a list of `len` elements:
/// `requested` itself when it is within 1..=len (the ones at and after it shift down by
/// one), else `len + 1` (appended).
#[must_use]
pub fn insertion_position(requested: Position, len: usize) -> Position {
    let end = Position::nth(len);
    requested.min(end)
}

/// Makes room for an element inserted at `at`: every sibling at or after it moves down
/// by one. Only positions change (a shifted row keeps its `updated_at`, API.md §5.4).
pub fn make_room<'a, T: Positioned + 'a>(
    siblings: impl IntoIterator<Item = &'a mut T>,
    at: Position,
) {
    for sibling in siblings {
        if sibling.position() >= at {
            sibling.set_position(sibling.position().next());
        }
    }
}

/// Closes the gap an element removed from `removed` leaves: every sibling after it moves
/// up by one. Only positions change.
pub fn close_gap<'a, T: Positioned + 'a>(
    siblings: impl IntoIterator<Item = &'a mut T>,
    removed: Position,
) {
    for sibling in siblings {
        if sibling.position() > removed {
            sibling.set_position(sibling.position().prev());
        }
    }
}

/// The outcome of comparing a reorder request with the current ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the reorder request does not list exactly the current ids")]
pub struct ReorderMismatch;

/// Checks that `requested` is a permutation of `current`: same ids, each once.
///
/// # Errors
/// [`ReorderMismatch`] when an id is missing, extra or repeated.
pub fn check_reorder<Id: Ord + Copy>(
    current: &[Id],
    requested: &[Id],
) -> Result<(), ReorderMismatch> {
    let mut current = current.to_vec();
    let mut requested = requested.to_vec();
    current.sort_unstable();
    requested.sort_unstable();
    if current == requested {
        Ok(())
    } else {
        Err(ReorderMismatch)
    }
}

/// The stale-write guard: `expected` (when the client sent one) must equal `current`
/// at microsecond precision, the precision PostgreSQL stores.
///
/// # Errors
/// [`CurationError::StaleWrite`] carrying `current` when they differ.
pub fn check_fresh(
    entity: StaleEntity,
    expected: Option<DateTime<Utc>>,
    current: DateTime<Utc>,
) -> Result<(), CurationError> {
    match expected {
        Some(expected) if expected.trunc_subsecs(6) != current.trunc_subsecs(6) => {
            Err(CurationError::StaleWrite {
                entity,
                current_updated_at: current,
            })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;

    #[derive(Debug, PartialEq)]
    struct Entry(&'static str, Position);

    impl Positioned for Entry {
        fn position(&self) -> Position {
            self.1
        }
        fn set_position(&mut self, position: Position) {
            self.1 = position;
        }
    }

    fn entry(name: &'static str, position: i64) -> Entry {
        Entry(name, Position::new(position).unwrap())
    }

    fn names_and_positions(entries: &[Entry]) -> Vec<(&'static str, i32)> {
        entries.iter().map(|e| (e.0, e.1.get())).collect()
    }

    #[test]
    fn renumber_orders_by_given_position_then_makes_positions_dense() {
        let entries = vec![entry("c", 30), entry("a", 5), entry("b", 10)];
        assert_eq!(
            names_and_positions(&renumber(entries)),
            vec![("a", 1), ("b", 2), ("c", 3)]
        );
    }

    #[test]
    fn renumber_keeps_input_order_for_equal_positions() {
        let entries = vec![entry("x", 2), entry("y", 1), entry("z", 2), entry("w", 1)];
        assert_eq!(
            names_and_positions(&renumber(entries)),
            vec![("y", 1), ("w", 2), ("x", 3), ("z", 4)]
        );
    }

    #[test]
    fn renumber_of_nothing_is_nothing() {
        assert!(renumber(Vec::<Entry>::new()).is_empty());
    }

    #[test]
    fn insertion_inside_the_list_keeps_the_position_and_past_the_end_appends() {
        let p = |v| Position::new(v).unwrap();
        assert_eq!(insertion_position(p(1), 0), p(1));
        assert_eq!(insertion_position(p(5), 0), p(1));
        assert_eq!(insertion_position(p(2), 3), p(2));
        assert_eq!(insertion_position(p(3), 3), p(3));
        assert_eq!(insertion_position(p(4), 3), p(4));
        assert_eq!(insertion_position(p(99), 3), p(4));
    }

    #[test]
    fn make_room_shifts_from_the_insertion_point_and_close_gap_undoes_it() {
        let mut entries = vec![entry("a", 1), entry("b", 2), entry("c", 3)];
        make_room(&mut entries, Position::new(2).unwrap());
        assert_eq!(
            names_and_positions(&entries),
            vec![("a", 1), ("b", 3), ("c", 4)]
        );
        close_gap(&mut entries, Position::new(2).unwrap());
        assert_eq!(
            names_and_positions(&entries),
            vec![("a", 1), ("b", 2), ("c", 3)]
        );
        close_gap(&mut entries, Position::FIRST);
        assert_eq!(
            names_and_positions(&entries),
            vec![("a", 1), ("b", 1), ("c", 2)]
        );
    }

    #[test]
    fn reorder_requests_must_be_permutations_of_the_current_ids() {
        assert_eq!(check_reorder(&[1, 2, 3], &[3, 1, 2]), Ok(()));
        assert_eq!(check_reorder::<u8>(&[], &[]), Ok(()));
        assert_eq!(check_reorder(&[1, 2, 3], &[1, 2]), Err(ReorderMismatch));
        assert_eq!(check_reorder(&[1, 2], &[1, 2, 4]), Err(ReorderMismatch));
        assert_eq!(
            check_reorder(&[1, 2, 3], &[1, 1, 2, 3]),
            Err(ReorderMismatch)
        );
        assert_eq!(check_reorder(&[1, 2, 3], &[1, 2, 2]), Err(ReorderMismatch));
    }

    #[test]
    fn stale_writes_compare_at_microsecond_precision() {
        let stored = DateTime::parse_from_rfc3339("2025-03-20T14:05:09.123456Z")
            .unwrap()
            .with_timezone(&Utc);
        let same_with_nanos = DateTime::parse_from_rfc3339("2025-03-20T14:05:09.123456789Z")
            .unwrap()
            .with_timezone(&Utc);

        assert!(check_fresh(StaleEntity::Course, None, stored).is_ok());
        assert!(check_fresh(StaleEntity::Course, Some(stored), stored).is_ok());
        assert!(check_fresh(StaleEntity::Course, Some(same_with_nanos), stored).is_ok());

        let older = stored - TimeDelta::microseconds(1);
        let error = check_fresh(StaleEntity::CourseItem, Some(older), stored).unwrap_err();
        assert!(matches!(
            error,
            CurationError::StaleWrite { entity: StaleEntity::CourseItem, current_updated_at }
                if current_updated_at == stored
        ));
    }
}
