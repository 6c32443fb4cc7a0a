//! Step 1: the demo user, registered through the accounts use case. An existing account
//! is never changed: when it no longer has the documented password, the run says so and
//! seeds its data anyway.

use anyhow::Context as _;
use tastebuds_accounts::{AccountsError, AccountsService, Credentials, Email, Registration};
use tastebuds_kernel::UserId;

use super::valid;

/// The demo user's email.
pub const DEMO_EMAIL: &str = "demo@tastebuds.local";

/// The demo user's documented password (README "Seed demo data").
pub const DEMO_PASSWORD: &str = "tastebuds-demo";

/// The demo user's display name.
const DEMO_NAME: &str = "Demo Diner";

/// What the run found or made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemoUser {
    /// Registered by this run.
    Created(UserId),
    /// Already there, with the documented password.
    Existing(UserId),
    /// Already there, with another password (left as it is).
    OtherPassword(UserId),
}

impl DemoUser {
    /// The user's id.
    pub fn id(self) -> UserId {
        match self {
            Self::Created(id) | Self::Existing(id) | Self::OtherPassword(id) => id,
        }
    }

    /// The step's progress line.
    pub fn line(self) -> String {
        match self {
            Self::Created(_) => format!("seed: user {DEMO_EMAIL} (created)"),
            Self::Existing(_) => {
                format!("seed: user {DEMO_EMAIL} (already seeded: nothing to do)")
            }
            Self::OtherPassword(_) => format!(
                "seed: user {DEMO_EMAIL} exists with another password than the documented \
                 one: left as it is (sign in with that password)"
            ),
        }
    }
}

/// Finds or registers the demo user.
///
/// # Errors
/// Storage or hashing failures.
pub async fn ensure(accounts: &AccountsService) -> anyhow::Result<DemoUser> {
    let email = valid("the demo email", Email::parse(DEMO_EMAIL))?;
    if accounts.find_by_email(&email).await?.is_some() {
        let credentials = valid(
            "the demo credentials",
            Credentials::parse(DEMO_EMAIL, DEMO_PASSWORD),
        )?;
        return match accounts.check_credentials(&credentials).await {
            Ok(user) => Ok(DemoUser::Existing(user.id)),
            Err(AccountsError::InvalidCredentials) => {
                let user = accounts
                    .find_by_email(&email)
                    .await?
                    .context("the demo user vanished while the seed ran")?;
                Ok(DemoUser::OtherPassword(user.id))
            }
            Err(other) => Err(other.into()),
        };
    }
    let registration = valid(
        "the demo registration",
        Registration::parse(DEMO_EMAIL, DEMO_PASSWORD, Some(DEMO_NAME)),
    )?;
    let tokens = accounts
        .register(registration)
        .await
        .context("registering the demo user")?;
    Ok(DemoUser::Created(tokens.user.id))
}
