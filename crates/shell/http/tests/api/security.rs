//! Issue 14 items 1 and 2 across the whole API: the access-control matrix (every
//! documented operation as owner, another user and anonymously; the public routes never
//! show private menus or owners) and the bad-input sweep (every operation × every kind
//! of hostile input: a 4xx JSON envelope naming the field, or a 2xx where the input is
//! legitimate, and never a half-written row).

mod bad_input;
mod matrix;
mod public;
pub(crate) mod support;
mod table;
