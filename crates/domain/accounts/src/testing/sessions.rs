//! In-memory [`SessionRepository`] that keeps the full rotation contract: every method
//! runs under one mutex, which plays the transaction and the row lock.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tastebuds_kernel::{SessionId, UserId};

use super::{InMemoryUsers, lock};
use crate::error::AccountsError;
use crate::ports::{RotateOutcome, SessionRepository};
use crate::session::{NewSession, RefreshSession, RevokeReason};
use crate::user::{NewUser, User};

/// Sessions kept in a `Vec` behind a mutex; checks owners against an [`InMemoryUsers`].
#[derive(Debug)]
pub struct InMemorySessions {
    users: Arc<InMemoryUsers>,
    sessions: Mutex<Vec<RefreshSession>>,
}

impl InMemorySessions {
    /// An empty store whose foreign key points at `users`.
    #[must_use]
    pub fn new(users: Arc<InMemoryUsers>) -> Self {
        Self {
            users,
            sessions: Mutex::new(Vec::new()),
        }
    }

    /// Every stored session, in insertion order (for assertions).
    #[must_use]
    pub fn all(&self) -> Vec<RefreshSession> {
        lock(&self.sessions).clone()
    }

    /// The session with this id (for assertions).
    #[must_use]
    pub fn get(&self, id: SessionId) -> Option<RefreshSession> {
        lock(&self.sessions).iter().find(|s| s.id == id).cloned()
    }
}

/// Marks `session` revoked, unless it already is. Returns whether it changed.
fn revoke_one(session: &mut RefreshSession, reason: RevokeReason, now: DateTime<Utc>) -> bool {
    if session.revoked_at.is_some() {
        return false;
    }
    session.revoked_at = Some(now);
    session.revoked_reason = Some(reason);
    true
}

/// Indices of the descendants reached from `first` through `replaced_by`, oldest first,
/// stopping at unknown ids and at anything already visited.
fn chain(sessions: &[RefreshSession], first: Option<SessionId>) -> Vec<usize> {
    let mut seen = HashSet::new();
    let mut found = Vec::new();
    let mut next = first;
    while let Some(id) = next {
        if !seen.insert(id) {
            break;
        }
        let Some(index) = sessions.iter().position(|s| s.id == id) else {
            break;
        };
        found.push(index);
        next = sessions[index].replaced_by;
    }
    found
}

fn duplicate_hash(sessions: &[RefreshSession], hash: &str) -> Result<(), AccountsError> {
    if sessions.iter().any(|s| s.token_hash == hash) {
        Err(AccountsError::Unexpected(anyhow!(
            "duplicate refresh token hash"
        )))
    } else {
        Ok(())
    }
}

#[async_trait]
impl SessionRepository for InMemorySessions {
    async fn create(
        &self,
        user: UserId,
        session: NewSession,
    ) -> Result<RefreshSession, AccountsError> {
        if !self.users.contains(user) {
            return Err(AccountsError::UserNotFound);
        }
        let mut sessions = lock(&self.sessions);
        duplicate_hash(&sessions, &session.token_hash)?;
        let stored = session.into_session(user);
        sessions.push(stored.clone());
        Ok(stored)
    }

    async fn create_with_user(
        &self,
        user: NewUser,
        session: NewSession,
    ) -> Result<(User, RefreshSession), AccountsError> {
        // The session lock plays the transaction: both checks come before either insert.
        let mut sessions = lock(&self.sessions);
        duplicate_hash(&sessions, &session.token_hash)?;
        let user = self.users.insert(user)?;
        let stored = session.into_session(user.id);
        sessions.push(stored.clone());
        Ok((user, stored))
    }

    async fn find_by_token_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<RefreshSession>, AccountsError> {
        Ok(lock(&self.sessions)
            .iter()
            .find(|s| s.token_hash == token_hash)
            .cloned())
    }

    async fn list_for_user(
        &self,
        user: UserId,
        include_expired: bool,
        include_revoked: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<RefreshSession>, AccountsError> {
        let mut found: Vec<RefreshSession> = lock(&self.sessions)
            .iter()
            .filter(|s| s.user_id == user)
            .filter(|s| include_expired || !s.is_expired(now))
            .filter(|s| include_revoked || s.revoked_at.is_none())
            .cloned()
            .collect();
        found.sort_by_key(|s| std::cmp::Reverse((s.created_at, s.id)));
        Ok(found)
    }

    async fn rotate(
        &self,
        presented_hash: &str,
        successor: NewSession,
        now: DateTime<Utc>,
    ) -> Result<RotateOutcome, AccountsError> {
        let mut sessions = lock(&self.sessions);
        let Some(index) = sessions.iter().position(|s| s.token_hash == presented_hash) else {
            return Ok(RotateOutcome::Invalid);
        };
        let presented = sessions[index].clone();
        if presented.revoked_at.is_some() {
            if presented.revoked_reason != Some(RevokeReason::Rotated) {
                return Ok(RotateOutcome::Invalid);
            }
            let mut revoked = Vec::new();
            for i in chain(&sessions, presented.replaced_by) {
                let descendant = &mut sessions[i];
                if descendant.is_active(now)
                    && revoke_one(descendant, RevokeReason::ReusedToken, now)
                {
                    revoked.push(descendant.id);
                }
            }
            return Ok(RotateOutcome::Reused { presented, revoked });
        }
        if presented.is_expired(now) {
            revoke_one(&mut sessions[index], RevokeReason::Expired, now);
            return Ok(RotateOutcome::Expired {
                presented: sessions[index].clone(),
            });
        }
        duplicate_hash(&sessions, &successor.token_hash)?;
        let successor = successor.into_session(presented.user_id);
        let previous = &mut sessions[index];
        revoke_one(previous, RevokeReason::Rotated, now);
        previous.replaced_by = Some(successor.id);
        let previous = previous.clone();
        sessions.push(successor.clone());
        Ok(RotateOutcome::Rotated {
            previous,
            successor,
        })
    }

    async fn revoke(
        &self,
        session: SessionId,
        reason: RevokeReason,
        now: DateTime<Utc>,
    ) -> Result<bool, AccountsError> {
        Ok(lock(&self.sessions)
            .iter_mut()
            .find(|s| s.id == session)
            .is_some_and(|s| revoke_one(s, reason, now)))
    }

    async fn revoke_with_descendants(
        &self,
        user: UserId,
        session: SessionId,
        reason: RevokeReason,
        now: DateTime<Utc>,
    ) -> Result<bool, AccountsError> {
        let mut sessions = lock(&self.sessions);
        let revocable = sessions
            .iter()
            .any(|s| s.id == session && s.user_id == user && s.revoked_at.is_none());
        if !revocable {
            return Ok(false);
        }
        // The chain starts with the session itself, then follows its successors.
        for i in chain(&sessions, Some(session)) {
            revoke_one(&mut sessions[i], reason, now);
        }
        Ok(true)
    }

    async fn revoke_by_hash(
        &self,
        token_hash: &str,
        reason: RevokeReason,
        now: DateTime<Utc>,
    ) -> Result<bool, AccountsError> {
        Ok(lock(&self.sessions)
            .iter_mut()
            .find(|s| s.token_hash == token_hash)
            .is_some_and(|s| revoke_one(s, reason, now)))
    }
}
