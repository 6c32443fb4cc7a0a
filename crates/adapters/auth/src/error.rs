//! Start-up errors of the adapters (bad configuration).

/// The adapters cannot be built from the given settings.
#[derive(Debug, thiserror::Error)]
pub enum AuthSetupError {
    /// The JWT signing secret is empty.
    #[error("the JWT signing secret is empty")]
    EmptySecret,
    /// The bcrypt cost is outside what bcrypt supports.
    #[error("bcrypt cost {0} is outside 4..=31")]
    InvalidCost(u32),
    /// The password hashing threads cannot be started.
    #[error("cannot start the password hashing threads")]
    Threads(#[source] std::io::Error),
}
