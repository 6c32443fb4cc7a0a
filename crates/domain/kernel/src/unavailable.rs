//! [`Unavailable`]: the one infrastructure failure the domain names, so that the shell
//! can answer "try again shortly" (503) without knowing which adapter failed.

use std::error::Error;
use std::fmt;

/// A backing service (the database, say) cannot be reached right now; the same call may
/// succeed later. Every port may return it (each domain error has an `Unavailable`
/// variant); adapters build it from their connection failures, keeping the cause for
/// the log.
#[derive(Debug)]
pub struct Unavailable {
    what: &'static str,
    cause: Box<dyn Error + Send + Sync + 'static>,
}

impl Unavailable {
    /// `what` (`"database"`) could not be reached because of `cause`.
    pub fn new(
        what: &'static str,
        cause: impl Into<Box<dyn Error + Send + Sync + 'static>>,
    ) -> Self {
        Self {
            what,
            cause: cause.into(),
        }
    }

    /// What could not be reached (`"database"`).
    #[must_use]
    pub const fn what(&self) -> &'static str {
        self.what
    }
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} unavailable", self.what)
    }
}

impl Error for Unavailable {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&*self.cause)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_failed_and_keeps_the_cause() {
        let error = Unavailable::new("database", "connection refused");
        assert_eq!(error.to_string(), "database unavailable");
        assert_eq!(error.what(), "database");
        assert_eq!(
            error.source().map(ToString::to_string).as_deref(),
            Some("connection refused")
        );
    }
}
