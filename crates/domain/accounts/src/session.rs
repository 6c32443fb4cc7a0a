//! Refresh sessions: one row per issued refresh token, forming rotation chains through
//! `replaced_by`.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use tastebuds_kernel::{SessionId, UserId};

/// Why a refresh session was revoked (the `refresh_tokens.revoked_reason` values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RevokeReason {
    /// Exchanged for a successor by a refresh.
    Rotated,
    /// Presented after its expiry.
    Expired,
    /// Ended by logout.
    Logout,
    /// Revoked by its owner through the sessions endpoint.
    UserRevoked,
    /// Revoked because an already-rotated ancestor was presented again.
    ReusedToken,
    /// Revoked because its user no longer exists.
    UserMissing,
}

impl RevokeReason {
    /// Every reason, in declaration order.
    pub const ALL: [Self; 6] = [
        Self::Rotated,
        Self::Expired,
        Self::Logout,
        Self::UserRevoked,
        Self::ReusedToken,
        Self::UserMissing,
    ];

    /// The stored (and serialized) value.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Rotated => "rotated",
            Self::Expired => "expired",
            Self::Logout => "logout",
            Self::UserRevoked => "user_revoked",
            Self::ReusedToken => "reused_token",
            Self::UserMissing => "user_missing",
        }
    }
}

impl fmt::Display for RevokeReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stored revoke reason that is not one of the six known values.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown revoke reason {0:?}")]
pub struct UnknownRevokeReason(pub String);

impl FromStr for RevokeReason {
    type Err = UnknownRevokeReason;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|reason| reason.as_str() == s)
            .ok_or_else(|| UnknownRevokeReason(s.to_owned()))
    }
}

/// A stored refresh session. Only the SHA-256 hex digest of its token is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefreshSession {
    /// The session id (exposed as the session's `id` and `replaced_by_token_id`).
    pub id: SessionId,
    /// The owner.
    pub user_id: UserId,
    /// SHA-256 hex digest of the opaque refresh token.
    pub token_hash: String,
    /// When the token was issued.
    pub created_at: DateTime<Utc>,
    /// When the token stops being accepted.
    pub expires_at: DateTime<Utc>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Why it was revoked; set together with `revoked_at`.
    pub revoked_reason: Option<RevokeReason>,
    /// The successor issued when this token was rotated.
    pub replaced_by: Option<SessionId>,
}

impl RefreshSession {
    /// Not revoked and not yet expired at `now` (a token is dead from `expires_at` on).
    #[must_use]
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }

    /// Expired at `now` (whether or not it was revoked).
    #[must_use]
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        now >= self.expires_at
    }
}

/// A session to insert. The owner is passed beside it: to
/// [`SessionRepository::create`](crate::ports::SessionRepository::create) explicitly, and
/// to [`SessionRepository::rotate`](crate::ports::SessionRepository::rotate) implicitly
/// (a successor belongs to the owner of the token it replaces).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSession {
    /// The new session's id.
    pub id: SessionId,
    /// SHA-256 hex digest of the new opaque token.
    pub token_hash: String,
    /// Issue time.
    pub created_at: DateTime<Utc>,
    /// Expiry time.
    pub expires_at: DateTime<Utc>,
}

impl NewSession {
    /// The stored form of this session once owned by `user_id`.
    #[must_use]
    pub fn into_session(self, user_id: UserId) -> RefreshSession {
        RefreshSession {
            id: self.id,
            user_id,
            token_hash: self.token_hash,
            created_at: self.created_at,
            expires_at: self.expires_at,
            revoked_at: None,
            revoked_reason: None,
            replaced_by: None,
        }
    }
}

/// A session as its owner sees it in the session list (no token hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionView {
    /// The session id.
    pub id: SessionId,
    /// When the token was issued.
    pub created_at: DateTime<Utc>,
    /// When the token expires.
    pub expires_at: DateTime<Utc>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Why it was revoked.
    pub revoked_reason: Option<RevokeReason>,
    /// The successor, if it was rotated (`replaced_by_token_id`).
    pub replaced_by: Option<SessionId>,
    /// Not revoked and not expired.
    pub is_active: bool,
    /// It is the session of the refresh token the caller presented.
    pub is_current: bool,
}

impl SessionView {
    /// The view of `session` at `now`; `current_hash` is the digest of the caller's own
    /// refresh token, if it presented one.
    #[must_use]
    pub fn new(session: RefreshSession, now: DateTime<Utc>, current_hash: Option<&str>) -> Self {
        Self {
            is_active: session.is_active(now),
            is_current: current_hash.is_some_and(|hash| hash == session.token_hash),
            id: session.id,
            created_at: session.created_at,
            expires_at: session.expires_at,
            revoked_at: session.revoked_at,
            revoked_reason: session.revoked_reason,
            replaced_by: session.replaced_by,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeDelta;

    use super::*;

    fn session(now: DateTime<Utc>) -> RefreshSession {
        NewSession {
            id: SessionId::new(),
            token_hash: "abc".to_owned(),
            created_at: now,
            expires_at: now + TimeDelta::minutes(10),
        }
        .into_session(UserId::new())
    }

    #[test]
    fn revoke_reasons_round_trip_through_their_stored_values() {
        let stored: Vec<&str> = RevokeReason::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(
            stored,
            [
                "rotated",
                "expired",
                "logout",
                "user_revoked",
                "reused_token",
                "user_missing"
            ]
        );
        for reason in RevokeReason::ALL {
            assert_eq!(reason.as_str().parse::<RevokeReason>(), Ok(reason));
        }
        assert_eq!(
            "Rotated".parse::<RevokeReason>(),
            Err(UnknownRevokeReason("Rotated".to_owned()))
        );
    }

    #[test]
    fn active_means_unrevoked_and_before_expiry() {
        let now = Utc::now();
        let mut live = session(now);
        assert!(live.is_active(now));
        assert!(live.is_active(live.expires_at - TimeDelta::microseconds(1)));
        assert!(!live.is_active(live.expires_at), "dead from expires_at on");
        live.revoked_at = Some(now);
        live.revoked_reason = Some(RevokeReason::Logout);
        assert!(!live.is_active(now));
    }

    #[test]
    fn view_marks_the_current_session_by_hash() {
        let now = Utc::now();
        let stored = session(now);
        assert!(SessionView::new(stored.clone(), now, Some("abc")).is_current);
        assert!(!SessionView::new(stored.clone(), now, Some("other")).is_current);
        let view = SessionView::new(stored, now, None);
        assert!(!view.is_current);
        assert!(view.is_active);
    }
}
