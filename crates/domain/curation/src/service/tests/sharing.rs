//! Share links: secrets, default lifetime, ownership, revocation, expiry, counting.

use chrono::TimeDelta;
use tastebuds_kernel::{MenuId, ShareTokenId};

use super::World;
use crate::error::CurationError;
use crate::testing::SequentialShareTokens;

#[tokio::test]
async fn links_get_a_secret_and_the_default_lifetime_and_list_newest_first() {
    let w = World::new();
    let (menu, _) = w.menu("Shared", false).await;
    let s = &w.app.service;
    let first = s.create_share_token(w.owner, menu.id, None).await.unwrap();
    assert_eq!(first.token, SequentialShareTokens::nth(1));
    assert_eq!(first.expires_at, Some(w.now() + TimeDelta::days(7)));
    assert_eq!(
        (first.created_at, first.access_count, first.revoked_at),
        (w.now(), 0, None)
    );
    w.app.clock.advance(TimeDelta::seconds(1));
    let past = w.now() - TimeDelta::days(1);
    let second = s
        .create_share_token(w.owner, menu.id, Some(past))
        .await
        .unwrap();
    assert_eq!(
        second.expires_at,
        Some(past),
        "a past expiry is stored as given"
    );

    assert_eq!(
        s.list_share_tokens(w.owner, menu.id).await.unwrap(),
        vec![second, first]
    );
    let e = s.list_share_tokens(w.stranger, menu.id).await.unwrap_err();
    assert!(
        matches!(e, CurationError::MenuNotFound),
        "API.md §6.7: {e:?}"
    );
    let e = s
        .create_share_token(w.stranger, menu.id, None)
        .await
        .unwrap_err();
    assert!(matches!(e, CurationError::MenuNotFound), "{e:?}");

    let forever = s.clone().with_share_link_ttl_days(0);
    assert_eq!(
        forever
            .create_share_token(w.owner, menu.id, None)
            .await
            .unwrap()
            .expires_at,
        None
    );
}

#[tokio::test]
async fn opening_a_link_counts_until_it_expires_or_is_revoked() {
    let w = World::new();
    let (menu, _) = w.menu("Private but shared", false).await;
    let s = &w.app.service;
    let link = s
        .create_share_token(w.owner, menu.id, Some(w.now() + TimeDelta::hours(1)))
        .await
        .unwrap();

    let opened = s.open_share_link(&link.token).await.unwrap();
    assert_eq!(opened.menu, menu, "private menus open too");
    assert_eq!(
        (opened.token.access_count, opened.token.last_accessed_at),
        (1, Some(w.now()))
    );
    w.app.clock.advance(TimeDelta::minutes(1));
    assert_eq!(
        s.open_share_link(&link.token)
            .await
            .unwrap()
            .token
            .access_count,
        2
    );

    w.app.clock.advance(TimeDelta::minutes(59));
    let e = s.open_share_link(&link.token).await.unwrap_err();
    assert!(
        matches!(e, CurationError::ShareLinkExpired),
        "a link expires at exactly expires_at: {e:?}"
    );
    let counted = s.list_share_tokens(w.owner, menu.id).await.unwrap();
    assert_eq!(counted[0].access_count, 2, "a failed open counts nothing");

    let live = s.create_share_token(w.owner, menu.id, None).await.unwrap();
    s.revoke_share_token(w.owner, menu.id, live.id)
        .await
        .unwrap();
    let e = s.open_share_link(&live.token).await.unwrap_err();
    assert!(
        matches!(e, CurationError::ShareLinkNotFound),
        "revoked looks unknown: {e:?}"
    );
    let e = s.open_share_link("no-such-link").await.unwrap_err();
    assert!(matches!(e, CurationError::ShareLinkNotFound), "{e:?}");
}

#[tokio::test]
async fn revoking_is_idempotent_and_only_for_the_owner_on_that_menu() {
    let w = World::new();
    let (menu, _) = w.menu("Revocable", false).await;
    let (other, _) = w.menu("Other", false).await;
    let s = &w.app.service;
    let link = s.create_share_token(w.owner, menu.id, None).await.unwrap();
    for (caller, menu_id, token_id) in [
        (w.stranger, menu.id, link.id),
        (w.owner, other.id, link.id),
        (w.owner, menu.id, ShareTokenId::new()),
        (w.owner, MenuId::new(), link.id),
    ] {
        let e = s
            .revoke_share_token(caller, menu_id, token_id)
            .await
            .unwrap_err();
        assert!(matches!(e, CurationError::ShareTokenNotFound), "{e:?}");
    }
    s.revoke_share_token(w.owner, menu.id, link.id)
        .await
        .unwrap();
    let revoked_at = w.now();
    w.app.clock.advance(TimeDelta::seconds(1));
    s.revoke_share_token(w.owner, menu.id, link.id)
        .await
        .unwrap();
    let listed = s.list_share_tokens(w.owner, menu.id).await.unwrap();
    assert_eq!(
        listed[0].revoked_at,
        Some(revoked_at),
        "a second revoke keeps the first time"
    );

    s.delete_menu(w.owner, menu.id).await.unwrap();
    let e = s.open_share_link(&link.token).await.unwrap_err();
    assert!(matches!(e, CurationError::ShareLinkNotFound), "{e:?}");
}
