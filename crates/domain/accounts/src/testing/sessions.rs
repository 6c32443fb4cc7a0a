//! In-memory [`SessionRepository`]: plain storage. Every method runs under one mutex,
//! which plays the transaction and the row locks; the decisions are the service's.

use std::sync::{Arc, Mutex};

use anyhow::anyhow;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tastebuds_kernel::{SessionId, UserId};

use super::{InMemoryUsers, lock};
use crate::chain::{LockedChain, SessionChange, SessionKey};
use crate::error::AccountsError;
use crate::ports::{ChainDecision, SessionRepository};
use crate::rotation::RotateOutcome;
use crate::session::{NewSession, RefreshSession};
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

/// The session `key` names and its descendants through `replaced_by`, stopping at an
/// unknown id or one already loaded.
fn load(sessions: &[RefreshSession], key: &SessionKey) -> LockedChain {
    let head = sessions.iter().find(|s| match key {
        SessionKey::TokenHash(hash) => &s.token_hash == hash,
        SessionKey::Id(id) => &s.id == id,
    });
    let mut chain = LockedChain {
        head: head.cloned(),
        descendants: Vec::new(),
    };
    let mut next = head.and_then(|head| head.replaced_by);
    while let Some(session) = next.and_then(|id| sessions.iter().find(|s| s.id == id)) {
        let loaded = std::iter::once(&chain.head)
            .flatten()
            .chain(&chain.descendants)
            .any(|s| s.id == session.id);
        if loaded {
            break;
        }
        chain.descendants.push(session.clone());
        next = session.replaced_by;
    }
    chain
}

/// Writes `change` as given, all or nothing.
fn apply(sessions: &mut Vec<RefreshSession>, change: SessionChange) -> Result<(), AccountsError> {
    let mut after = sessions.clone();
    for revocation in change.revocations {
        let session = after
            .iter_mut()
            .find(|s| s.id == revocation.session)
            .ok_or_else(|| AccountsError::Unexpected(anyhow!("no session to revoke")))?;
        session.revoked_at = Some(revocation.at);
        session.revoked_reason = Some(revocation.reason);
        session.replaced_by = revocation.replaced_by.or(session.replaced_by);
    }
    if let Some(insert) = change.insert {
        duplicate_hash(&after, &insert.token_hash)?;
        after.push(insert);
    }
    *sessions = after;
    Ok(())
}

/// Locks (the mutex), loads, decides and applies: one "transaction".
fn change<O>(
    sessions: &Mutex<Vec<RefreshSession>>,
    key: &SessionKey,
    decide: ChainDecision<O>,
) -> Result<O, AccountsError> {
    let mut sessions = lock(sessions);
    let decided = decide(load(&sessions, key))?;
    apply(&mut sessions, decided.change)?;
    Ok(decided.outcome)
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
        limit: usize,
    ) -> Result<Vec<RefreshSession>, AccountsError> {
        let mut found: Vec<RefreshSession> = lock(&self.sessions)
            .iter()
            .filter(|s| s.user_id == user)
            .filter(|s| include_expired || !s.is_expired(now))
            .filter(|s| include_revoked || s.revoked_at.is_none())
            .cloned()
            .collect();
        found.sort_by_key(|s| std::cmp::Reverse((s.created_at, s.id)));
        found.truncate(limit);
        Ok(found)
    }

    async fn purge_expired_before(
        &self,
        expired_before: DateTime<Utc>,
    ) -> Result<u64, AccountsError> {
        let mut sessions = lock(&self.sessions);
        let before = sessions.len();
        sessions.retain(|s| s.expires_at >= expired_before);
        Ok(u64::try_from(before - sessions.len()).unwrap_or(u64::MAX))
    }

    async fn rotate(
        &self,
        presented_hash: &str,
        decide: ChainDecision<RotateOutcome>,
    ) -> Result<RotateOutcome, AccountsError> {
        change(
            &self.sessions,
            &SessionKey::TokenHash(presented_hash.to_owned()),
            decide,
        )
    }

    async fn revoke(
        &self,
        key: SessionKey,
        decide: ChainDecision<bool>,
    ) -> Result<bool, AccountsError> {
        change(&self.sessions, &key, decide)
    }
}
