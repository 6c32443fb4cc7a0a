//! Menus, courses, items, pairings, forks, lineage, share links and the public routes,
//! through the real app on a real database (API.md §2.9, §2.10, §5.2–§5.4, §6.7, §6.8,
//! §6.15, §6.16).

mod cascade;
mod forks;
mod ordering;
mod ownership;
mod pairings;
mod public;
mod rendered;
mod sharing;
mod slugs;
mod stale;
pub(crate) mod support;
mod validation;
