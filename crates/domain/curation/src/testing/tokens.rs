//! [`ShareTokenRepository`] for [`InMemoryMenuStore`].

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tastebuds_kernel::{MenuId, ShareTokenId};

use crate::error::CurationError;
use crate::models::ShareToken;
use crate::ports::ShareTokenRepository;
use crate::testing::store::InMemoryMenuStore;

#[async_trait]
impl ShareTokenRepository for InMemoryMenuStore {
    async fn insert_share_token(&self, token: &ShareToken) -> Result<(), CurationError> {
        self.write(|tables| {
            if tables.tokens.values().any(|t| t.token == token.token) {
                return Err(CurationError::Unexpected(anyhow::anyhow!(
                    "duplicate share token"
                )));
            }
            tables.tokens.insert(token.id, token.clone());
            Ok(())
        })
    }

    async fn share_token(&self, id: ShareTokenId) -> Result<Option<ShareToken>, CurationError> {
        Ok(self.read(|tables| tables.tokens.get(&id).cloned()))
    }

    async fn share_token_by_secret(
        &self,
        token: &str,
    ) -> Result<Option<ShareToken>, CurationError> {
        Ok(self.read(|tables| tables.tokens.values().find(|t| t.token == token).cloned()))
    }

    async fn share_tokens_of_menu(
        &self,
        menu_id: MenuId,
    ) -> Result<Vec<ShareToken>, CurationError> {
        Ok(self.read(|tables| {
            tables
                .tokens
                .values()
                .filter(|t| t.menu_id == menu_id)
                .cloned()
                .collect()
        }))
    }

    async fn revoke_share_token(
        &self,
        id: ShareTokenId,
        at: DateTime<Utc>,
    ) -> Result<(), CurationError> {
        self.write(|tables| {
            let token = tables
                .tokens
                .get_mut(&id)
                .ok_or(CurationError::ShareTokenNotFound)?;
            token.revoked_at.get_or_insert(at);
            Ok(())
        })
    }

    async fn record_share_access(
        &self,
        id: ShareTokenId,
        at: DateTime<Utc>,
    ) -> Result<ShareToken, CurationError> {
        self.write(|tables| {
            let token = tables
                .tokens
                .get_mut(&id)
                .ok_or(CurationError::ShareTokenNotFound)?;
            token.access_count = token.access_count.saturating_add(1);
            token.last_accessed_at = Some(at);
            Ok(token.clone())
        })
    }
}
