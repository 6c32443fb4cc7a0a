//! The user account.

use chrono::{DateTime, Utc};
use tastebuds_kernel::UserId;

use crate::display_name::DisplayName;
use crate::email::Email;
use crate::password::PasswordHash;

/// A registered user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    /// The user's id.
    pub id: UserId,
    /// The login address, lowercased.
    pub email: Email,
    /// The optional display name.
    pub display_name: Option<DisplayName>,
    /// The stored password hash.
    pub password_hash: PasswordHash,
    /// When the account was created.
    pub created_at: DateTime<Utc>,
}

/// A user to insert; the service chooses the id and the creation time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUser {
    /// The new user's id.
    pub id: UserId,
    /// The login address, lowercased.
    pub email: Email,
    /// The optional display name.
    pub display_name: Option<DisplayName>,
    /// The hash of the chosen password.
    pub password_hash: PasswordHash,
    /// When the account is created.
    pub created_at: DateTime<Utc>,
}

impl From<NewUser> for User {
    fn from(new: NewUser) -> Self {
        Self {
            id: new.id,
            email: new.email,
            display_name: new.display_name,
            password_hash: new.password_hash,
            created_at: new.created_at,
        }
    }
}
