//! Which store failures the domain sees as [`Unavailable`] rather than as a bug.

use tastebuds_kernel::Unavailable;

use crate::error::StoreError;

/// `Ok` with the domain's "database unavailable" (the cause kept for the log) when no
/// connection could be checked out; the error back otherwise, for the caller's other
/// mappings.
pub(crate) fn unavailable(error: StoreError) -> Result<Unavailable, StoreError> {
    if error.is_unavailable() {
        Ok(Unavailable::new("database", error))
    } else {
        Err(error)
    }
}
