//! In-memory [`UserRepository`].

use std::sync::Mutex;

use async_trait::async_trait;
use tastebuds_kernel::UserId;

use super::lock;
use crate::email::Email;
use crate::error::AccountsError;
use crate::ports::UserRepository;
use crate::user::{NewUser, User};

/// Users kept in a `Vec` behind a mutex.
#[derive(Debug, Default)]
pub struct InMemoryUsers {
    users: Mutex<Vec<User>>,
}

impl InMemoryUsers {
    /// An empty store.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether a user with this id exists (the foreign-key check of the session fake).
    #[must_use]
    pub fn contains(&self, id: UserId) -> bool {
        lock(&self.users).iter().any(|user| user.id == id)
    }

    /// Deletes a user WITHOUT cascading to its sessions, to reproduce the window in
    /// which a refresh races an account deletion.
    pub fn remove(&self, id: UserId) {
        lock(&self.users).retain(|user| user.id != id);
    }

    /// Inserts `user` unless its email is taken (what `create` does, synchronously, for
    /// the session fake's `create_with_user`).
    pub(super) fn insert(&self, user: NewUser) -> Result<User, AccountsError> {
        let mut users = lock(&self.users);
        if users.iter().any(|existing| existing.email == user.email) {
            return Err(AccountsError::EmailTaken);
        }
        let user = User::from(user);
        users.push(user.clone());
        Ok(user)
    }
}

#[async_trait]
impl UserRepository for InMemoryUsers {
    async fn create(&self, user: NewUser) -> Result<User, AccountsError> {
        self.insert(user)
    }

    async fn find_by_email(&self, email: &Email) -> Result<Option<User>, AccountsError> {
        Ok(lock(&self.users)
            .iter()
            .find(|user| &user.email == email)
            .cloned())
    }

    async fn find_by_id(&self, id: UserId) -> Result<Option<User>, AccountsError> {
        Ok(lock(&self.users).iter().find(|user| user.id == id).cloned())
    }
}
