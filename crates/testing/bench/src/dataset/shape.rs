//! The shape of a synthetic dataset and the deterministic ids of its rows, so the runner
//! can name items, users and menus without asking the database.

use uuid::Uuid;

use crate::dataset::words::mix;

/// Users in every dataset.
pub const USERS: u64 = 1_000;
/// Items with a state (and logs) per user.
pub const STATES_PER_USER: u64 = 50;
/// Items in the benchmark user's (user 0's) library.
pub const BENCH_USER_LIBRARY: u64 = 200;
/// Tags per user.
pub const TAGS_PER_USER: u64 = 10;
/// Menus in every dataset; the even ones are public.
pub const MENUS: u64 = 200;
/// Courses per menu.
pub const COURSES_PER_MENU: u64 = 5;
/// Items per course.
pub const ITEMS_PER_COURSE: u64 = 10;
/// The password of every synthetic user.
pub const PASSWORD: &str = "bench-password";

/// Which kind of row an id belongs to (keeps the id streams apart).
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// `media_items` (and the extension row, which shares the id).
    Item = 1,
    /// `media_sources`.
    Source = 2,
    /// `users`.
    User = 3,
    /// `user_item_states`.
    State = 4,
    /// `user_item_logs`.
    Log = 5,
    /// `tags`.
    Tag = 6,
    /// `media_item_tags`.
    ItemTag = 7,
    /// `menus`.
    Menu = 8,
    /// `courses`.
    Course = 9,
    /// `course_items`.
    CourseItem = 10,
}

/// The id of row `n` of `kind`: random-looking (version 4 layout), always the same.
#[must_use]
pub fn id(kind: Kind, n: u64) -> Uuid {
    let high = mix((kind as u64) << 48 ^ n);
    let low = mix(high ^ 0xA5A5_A5A5_A5A5_A5A5);
    let mut bytes = [0_u8; 16];
    bytes[..8].copy_from_slice(&high.to_be_bytes());
    bytes[8..].copy_from_slice(&low.to_be_bytes());
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

/// A dataset of `items` catalog items (and the fixed users and menus).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Catalog items.
    pub items: u64,
}

impl Shape {
    /// The database that holds this dataset: `tastebuds_bench_10k`, `…_1m`, `…_12345`.
    #[must_use]
    pub fn database(&self) -> String {
        format!("tastebuds_bench_{}", size_label(self.items))
    }

    /// How many items user `user` has a state on.
    #[must_use]
    pub fn states_of(&self, user: u64) -> u64 {
        let wanted = if user == 0 {
            BENCH_USER_LIBRARY
        } else {
            STATES_PER_USER
        };
        wanted.min(self.items)
    }

    /// The item index of user `user`'s `k`-th state: distinct for every `k` below
    /// [`Shape::states_of`].
    #[must_use]
    pub fn state_item(&self, user: u64, k: u64) -> u64 {
        let stride = (self.items / BENCH_USER_LIBRARY).max(1);
        (mix(user) % self.items + k * stride) % self.items
    }

    /// The item index of the `i`-th item of course `course` (global course index).
    #[must_use]
    pub fn course_item(&self, course: u64, i: u64) -> u64 {
        mix(course << 8 ^ i) % self.items
    }

    /// The owner (user index) of menu `menu`: menu 0 belongs to the benchmark user.
    #[must_use]
    pub fn menu_owner(menu: u64) -> u64 {
        menu % USERS
    }

    /// Menu `menu`'s slug.
    #[must_use]
    pub fn menu_slug(menu: u64) -> String {
        format!("bench-menu-{menu}")
    }

    /// The email of user `user`; user 0 is the benchmark user.
    #[must_use]
    pub fn email(user: u64) -> String {
        format!("bench-user-{user}@bench.tastebuds.test")
    }
}

/// `10000` → `10k`, `1000000` → `1m`, other sizes as digits.
#[must_use]
pub fn size_label(items: u64) -> String {
    if items >= 1_000_000 && items.is_multiple_of(1_000_000) {
        format!("{}m", items / 1_000_000)
    } else if items >= 1_000 && items.is_multiple_of(1_000) {
        format!("{}k", items / 1_000)
    } else {
        items.to_string()
    }
}

/// Parses `10k`, `100k`, `1m`, `2500`.
///
/// # Errors
/// Fails on anything else, or on zero.
pub fn parse_size(text: &str) -> Result<u64, String> {
    let lower = text.trim().to_ascii_lowercase();
    let (digits, factor) = if let Some(rest) = lower.strip_suffix('m') {
        (rest, 1_000_000)
    } else if let Some(rest) = lower.strip_suffix('k') {
        (rest, 1_000)
    } else {
        (lower.as_str(), 1)
    };
    match digits.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n * factor),
        _ => Err(format!("`{text}` is not a size like 10k, 100k, 1m or 2500")),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn sizes_round_trip_through_their_labels() {
        for (text, items) in [
            ("10k", 10_000),
            ("100K", 100_000),
            ("1m", 1_000_000),
            ("2500", 2_500),
        ] {
            assert_eq!(parse_size(text), Ok(items));
        }
        assert_eq!(size_label(1_000_000), "1m");
        assert_eq!(size_label(10_000), "10k");
        assert_eq!(size_label(2_500), "2500");
        assert!(parse_size("0").is_err());
        assert!(parse_size("ten").is_err());
        assert_eq!(Shape { items: 1_000_000 }.database(), "tastebuds_bench_1m");
    }

    #[test]
    fn ids_are_stable_and_distinct_across_kinds() {
        assert_eq!(id(Kind::Item, 5), id(Kind::Item, 5));
        assert_ne!(id(Kind::Item, 5), id(Kind::User, 5));
        let ids: HashSet<Uuid> = (0..10_000).map(|n| id(Kind::Item, n)).collect();
        assert_eq!(ids.len(), 10_000);
        assert_eq!(id(Kind::Menu, 1).get_version_num(), 4);
    }

    #[test]
    fn a_users_state_items_are_distinct() {
        for items in [300, 10_000, 1_000_000] {
            let shape = Shape { items };
            for user in [0, 1, 999] {
                let picked: HashSet<u64> = (0..shape.states_of(user))
                    .map(|k| shape.state_item(user, k))
                    .collect();
                assert_eq!(picked.len() as u64, shape.states_of(user), "{items} {user}");
                assert!(picked.iter().all(|&i| i < items));
            }
        }
    }
}
