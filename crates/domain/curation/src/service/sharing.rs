//! Share links: create (secret and default lifetime), list, revoke, and open (expiry,
//! revocation, access counting) (API.md §2.9, §2.10, §5.2).

use chrono::{DateTime, Utc};
use tastebuds_kernel::{MenuId, ShareTokenId, UserId};

use super::CurationService;
use crate::error::CurationError;
use crate::models::{ShareLinkState, ShareToken, SharedMenu};

impl CurationService {
    /// The share links of the caller's menu, newest first, revoked and expired included.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`] for a menu that is missing or someone else's
    /// (API.md §6.7: not `[]`).
    pub async fn list_share_tokens(
        &self,
        owner: UserId,
        menu_id: MenuId,
    ) -> Result<Vec<ShareToken>, CurationError> {
        self.owned(owner, menu_id).await?;
        let mut tokens = self.share_tokens.share_tokens_of_menu(menu_id).await?;
        tokens.sort_by_key(|token| std::cmp::Reverse((token.created_at, token.id)));
        Ok(tokens)
    }

    /// Creates a share link for the caller's menu. Without `expires_at` it expires after
    /// the configured lifetime (never, when that is 0 or less); a past `expires_at` is
    /// stored as given.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`].
    pub async fn create_share_token(
        &self,
        owner: UserId,
        menu_id: MenuId,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<ShareToken, CurationError> {
        self.owned(owner, menu_id).await?;
        let now = self.now();
        let token = ShareToken {
            id: ShareTokenId::new(),
            menu_id,
            token: self.secrets.generate(),
            expires_at: expires_at.or_else(|| self.share_link_ttl.map(|ttl| now + ttl)),
            revoked_at: None,
            last_accessed_at: None,
            access_count: 0,
            created_at: now,
        };
        self.share_tokens.insert_share_token(&token).await?;
        Ok(token)
    }

    /// Revokes a share link of the caller's menu. Idempotent: revoking a revoked link
    /// keeps its first `revoked_at` and succeeds.
    ///
    /// # Errors
    /// [`CurationError::ShareTokenNotFound`]: unknown, not the caller's, or on another
    /// menu.
    pub async fn revoke_share_token(
        &self,
        owner: UserId,
        menu_id: MenuId,
        token_id: ShareTokenId,
    ) -> Result<(), CurationError> {
        self.owned(owner, menu_id)
            .await
            .map_err(|error| match error {
                CurationError::MenuNotFound => CurationError::ShareTokenNotFound,
                other => other,
            })?;
        let token = self
            .share_tokens
            .share_token(token_id)
            .await?
            .filter(|token| token.menu_id == menu_id)
            .ok_or(CurationError::ShareTokenNotFound)?;
        if token.revoked_at.is_some() {
            return Ok(());
        }
        self.share_tokens
            .revoke_share_token(token_id, self.now())
            .await
    }

    /// Opens a share link: any menu, public or private, while the link is neither revoked
    /// nor expired. Each success counts one access (`access_count`, `last_accessed_at`);
    /// a failed open counts nothing.
    ///
    /// # Errors
    /// [`CurationError::ShareLinkNotFound`] (unknown or revoked);
    /// [`CurationError::ShareLinkExpired`] (at or after `expires_at`).
    pub async fn open_share_link(&self, secret: &str) -> Result<SharedMenu, CurationError> {
        if !crate::share_secret::could_be_secret(secret) {
            return Err(CurationError::ShareLinkNotFound);
        }
        let now = self.now();
        let token = self
            .share_tokens
            .share_token_by_secret(secret)
            .await?
            .ok_or(CurationError::ShareLinkNotFound)?;
        match token.state_at(now) {
            ShareLinkState::Usable => {}
            ShareLinkState::Revoked => return Err(CurationError::ShareLinkNotFound),
            ShareLinkState::Expired => return Err(CurationError::ShareLinkExpired),
        }
        let menu = self
            .queries
            .menu(token.menu_id)
            .await?
            .ok_or(CurationError::ShareLinkNotFound)?;
        let token = self
            .share_tokens
            .record_share_access(token.id, now)
            .await
            .map_err(|error| match error {
                CurationError::ShareTokenNotFound => CurationError::ShareLinkNotFound,
                other => other,
            })?;
        Ok(SharedMenu {
            menu: self.menu_view(&menu).await?,
            token,
        })
    }
}
