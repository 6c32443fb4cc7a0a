//! Infrastructure errors of the adapter, classified before they become domain errors:
//! a database that cannot be reached becomes the domain's [`Unavailable`] (503), anything
//! else the domain error's `Unexpected` variant (500).

use diesel::result::{DatabaseErrorKind, Error as DieselError};
use tastebuds_accounts::AccountsError;
use tastebuds_curation::CurationError;
use tastebuds_kernel::Unavailable;
use tastebuds_media::{MediaError, SearchError};
use tastebuds_tagging::TaggingError;
use tastebuds_user_state::UserStateError;

/// A failure talking to PostgreSQL.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No connection could be checked out (database down, pool exhausted).
    #[error("database connection unavailable")]
    Pool(#[source] r2d2::Error),
    /// Every pooled connection stayed in use for the whole checkout timeout.
    #[error(
        "database connection unavailable: every pooled connection stayed busy for {waited_ms} ms"
    )]
    Busy {
        /// How long the call waited for its turn, in milliseconds.
        waited_ms: u128,
    },
    /// A query failed.
    #[error("database query failed")]
    Query(#[from] DieselError),
    /// The blocking task was cancelled (runtime shutting down).
    #[error("database task cancelled: {0}")]
    Cancelled(String),
    /// Applying the embedded migrations failed.
    #[error("database migration failed")]
    Migration(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    /// The constraint name when this is a unique violation.
    #[must_use]
    pub fn unique_violation(&self) -> Option<&str> {
        self.violation(DatabaseErrorKind::UniqueViolation)
    }

    /// The constraint name when this is a foreign-key violation.
    #[must_use]
    pub fn foreign_key_violation(&self) -> Option<&str> {
        self.violation(DatabaseErrorKind::ForeignKeyViolation)
    }

    /// The constraint name when this is a check violation.
    #[must_use]
    pub fn check_violation(&self) -> Option<&str> {
        self.violation(DatabaseErrorKind::CheckViolation)
    }

    /// True when the database could not serve the call for a passing reason, as opposed
    /// to a query that is wrong: callers answer "try again later", not "bug". That is no
    /// connection in time (database down, pool exhausted), a connection lost mid-call
    /// (a restart terminates sessions), and a statement cancelled by the pool's
    /// `statement_timeout`.
    #[must_use]
    pub fn is_unavailable(&self) -> bool {
        match self {
            Self::Pool(_) | Self::Busy { .. } => true,
            Self::Query(error) => is_transient(error),
            Self::Cancelled(_) | Self::Migration(_) => false,
        }
    }

    /// True when a statement was cancelled by the session's `statement_timeout`.
    #[must_use]
    pub fn is_statement_timeout(&self) -> bool {
        matches!(self, Self::Query(error) if is_statement_timeout(error))
    }

    /// True when the query matched no row.
    #[must_use]
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Query(DieselError::NotFound))
    }

    /// Wraps the error with context for a domain `Unexpected` variant.
    #[must_use]
    pub fn into_unexpected(self, context: &'static str) -> anyhow::Error {
        anyhow::Error::new(self).context(context)
    }

    /// The domain error for this failure while `context` was being done:
    /// [`Unavailable`] when the database could not be reached ([`Self::is_unavailable`]),
    /// else the domain's `Unexpected`.
    pub(crate) fn into_domain<E: From<Failure>>(self, context: &'static str) -> E {
        let unavailable = self.is_unavailable();
        let cause = self.into_unexpected(context);
        E::from(if unavailable {
            Failure::Unavailable(Unavailable::new("database", cause))
        } else {
            Failure::Unexpected(cause)
        })
    }

    fn violation(&self, wanted: DatabaseErrorKind) -> Option<&str> {
        match self {
            Self::Query(DieselError::DatabaseError(kind, info))
                if std::mem::discriminant(kind) == std::mem::discriminant(&wanted) =>
            {
                info.constraint_name()
            }
            _ => None,
        }
    }
}

/// The server's message for SQLSTATE 57014 raised by `statement_timeout`. Diesel exposes
/// no SQLSTATE, and the message is only this text under an English (or `C`)
/// `lc_messages`, which initdb's default locales and the official images use.
const STATEMENT_TIMEOUT_MESSAGE: &str = "canceling statement due to statement timeout";

/// True for failures that say nothing about the query: the connection is gone (or could
/// not carry the command), the transaction manager gave up on a broken connection, or
/// the statement ran into `statement_timeout`.
fn is_transient(error: &DieselError) -> bool {
    match error {
        DieselError::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _,
        )
        | DieselError::BrokenTransactionManager => true,
        DieselError::RollbackErrorOnCommit {
            rollback_error,
            commit_error,
        } => is_transient(commit_error) || is_transient(rollback_error),
        other => is_statement_timeout(other),
    }
}

fn is_statement_timeout(error: &DieselError) -> bool {
    matches!(
        error,
        DieselError::DatabaseError(DatabaseErrorKind::Unknown, info)
            if info.message().contains(STATEMENT_TIMEOUT_MESSAGE)
    )
}

/// A [`StoreError`] sorted for a domain error (see [`StoreError::into_domain`]).
#[derive(Debug)]
pub(crate) enum Failure {
    /// The database could not be reached.
    Unavailable(Unavailable),
    /// Anything else, with its context.
    Unexpected(anyhow::Error),
}

/// Implements `From<Failure>` for domain errors with `Unavailable` and `Unexpected`
/// variants.
macro_rules! from_failure {
    ($($domain:ty),+) => {$(
        impl From<Failure> for $domain {
            fn from(failure: Failure) -> Self {
                match failure {
                    Failure::Unavailable(error) => Self::Unavailable(error),
                    Failure::Unexpected(error) => Self::Unexpected(error),
                }
            }
        }
    )+};
}

from_failure!(
    AccountsError,
    MediaError,
    CurationError,
    TaggingError,
    UserStateError,
    SearchError
);
