//! Availability (API.md §3): where an item can be watched, read, played or listened to.
//! Reading is public; writing needs a signed-in user (any: API.md §6.10).
//!
//! - `GET /api/media/{media_item_id}/availability` (`list`)
//! - `PUT /api/media/{media_item_id}/availability` (`put`)
//! - `POST /api/media/availability/summary` (`summary`), which the public menu page
//!   calls for every item it shows.

pub mod dto;
mod list;
mod put;
mod summary;

pub(super) use list::list_availability;
pub(super) use put::put_availability;
pub(super) use summary::availability_summary;
