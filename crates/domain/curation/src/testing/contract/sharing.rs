//! Contract checks on share-link storage.

use tastebuds_kernel::{MenuId, ShareTokenId};

use super::{Check, at, expect_err, ok};
use crate::error::CurationError;
use crate::models::ShareToken;

/// A fresh share link of `menu_id` with secret `secret`, created at `at(0)`.
pub(super) fn token(menu_id: MenuId, secret: &str) -> ShareToken {
    ShareToken {
        id: ShareTokenId::new(),
        menu_id,
        token: secret.to_owned(),
        expires_at: Some(at(3600)),
        revoked_at: None,
        last_accessed_at: None,
        access_count: 0,
        created_at: at(0),
    }
}

impl Check<'_> {
    pub(super) async fn share_tokens_round_trip(&self) {
        let promise = "share tokens read back";
        let owner = self.stores.fixtures.user().await;
        let (menu, other) = (
            self.bare(owner, "shared", false),
            self.bare(owner, "unshared", false),
        );
        self.insert(&menu).await;
        self.insert(&other).await;
        let store = self.stores.share_tokens;
        let first = token(menu.menu.id, &format!("first-{}", self.suffix));
        let second = ShareToken {
            expires_at: None,
            ..token(menu.menu.id, &format!("second-{}", self.suffix))
        };
        ok(store.insert_share_token(&first).await, promise);
        ok(store.insert_share_token(&second).await, promise);

        assert_eq!(
            ok(store.share_token(first.id).await, promise),
            Some(first.clone()),
            "{promise}: by id"
        );
        assert_eq!(
            ok(store.share_token_by_secret(&second.token).await, promise),
            Some(second.clone()),
            "{promise}: by secret"
        );
        assert_eq!(
            ok(store.share_token_by_secret("no-such-secret").await, promise),
            None,
            "{promise}: unknown secret"
        );
        assert_eq!(
            ok(store.share_token(ShareTokenId::new()).await, promise),
            None,
            "{promise}: unknown id"
        );
        let mut listed = ok(store.share_tokens_of_menu(menu.menu.id).await, promise);
        listed.sort_by_key(|t| t.id);
        let mut wanted = vec![first, second];
        wanted.sort_by_key(|t| t.id);
        assert_eq!(listed, wanted, "{promise}: of the menu");
        assert!(
            ok(store.share_tokens_of_menu(other.menu.id).await, promise).is_empty(),
            "{promise}: per menu"
        );

        let orphan = token(
            self.bare(owner, "never", false).menu.id,
            &format!("orphan-{}", self.suffix),
        );
        expect_err(
            store.insert_share_token(&orphan).await,
            |e| matches!(e, CurationError::MenuNotFound),
            "a share token of a missing menu is MenuNotFound",
        );
        assert_eq!(
            ok(store.share_token(orphan.id).await, promise),
            None,
            "a failed insert writes nothing"
        );
    }

    pub(super) async fn share_token_writes(&self) {
        let promise = "share token writes";
        let owner = self.stores.fixtures.user().await;
        let menu = self.bare(owner, "counted", false);
        self.insert(&menu).await;
        let store = self.stores.share_tokens;
        let link = token(menu.menu.id, &format!("counted-{}", self.suffix));
        ok(store.insert_share_token(&link).await, promise);

        let once = ok(store.record_share_access(link.id, at(10)).await, promise);
        let twice = ok(store.record_share_access(link.id, at(20)).await, promise);
        assert_eq!(
            (once.access_count, once.last_accessed_at),
            (1, Some(at(10))),
            "{promise}: first access"
        );
        assert_eq!(
            (twice.access_count, twice.last_accessed_at),
            (2, Some(at(20))),
            "{promise}: second access"
        );
        assert_eq!(
            ok(store.share_token(link.id).await, promise),
            Some(twice),
            "{promise}: counted accesses are stored"
        );

        ok(store.revoke_share_token(link.id, at(30)).await, promise);
        ok(store.revoke_share_token(link.id, at(40)).await, promise);
        let revoked = ok(store.share_token(link.id).await, promise).map(|t| t.revoked_at);
        assert_eq!(
            revoked,
            Some(Some(at(30))),
            "{promise}: a second revoke keeps the first time"
        );

        let unknown = ShareTokenId::new();
        expect_err(
            store.revoke_share_token(unknown, at(50)).await,
            |e| matches!(e, CurationError::ShareTokenNotFound),
            "revoking an unknown share token is ShareTokenNotFound",
        );
        expect_err(
            store.record_share_access(unknown, at(50)).await,
            |e| matches!(e, CurationError::ShareTokenNotFound),
            "counting an access of an unknown share token is ShareTokenNotFound",
        );
    }
}
