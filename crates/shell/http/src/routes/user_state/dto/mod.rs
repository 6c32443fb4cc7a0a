//! The bodies, parameters and answers of the state, log and library routes (API.md §1.8
//! `UserItemState`, `UserItemLog`; §2.7). Bodies become domain commands with a
//! `try_into_domain()` that collects every field error at once.

mod library;
mod log;
mod state;
mod vocab;

use tastebuds_kernel::{FieldError, FieldErrors};

pub use library::{LibraryItemResponse, LibraryResponse, LibrarySummaryResponse};
pub use log::{CreateLogBody, LogPath, LogsQuery, UpdateLogBody, UserItemLogResponse};
pub use state::{PutStateBody, StatePath, UserItemStateResponse};
pub use vocab::{LogTypeDto, UserItemStatusDto};

/// `value` checked by `parse`, its error collected into `errors`.
fn checked<T, V>(
    errors: &mut FieldErrors,
    value: Option<T>,
    parse: impl FnOnce(T) -> Result<V, FieldError>,
) -> Option<V> {
    value.and_then(|value| errors.collect(parse(value)))
}
