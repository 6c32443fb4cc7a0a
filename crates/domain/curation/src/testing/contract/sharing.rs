//! Contract checks on pairings, share links, forks, lineage and deletion.

use chrono::{TimeDelta, Utc};
use tastebuds_kernel::{CourseItemId, MenuId, PairingId, ShareTokenId};

use super::{Check, course, expect_err, item, ok};
use crate::commands::{NewFork, NewShareToken, PairingDraft};
use crate::error::CurationError;
use crate::values::MenuTitle;

impl Check<'_> {
    fn pairing(&self, primary: CourseItemId, paired: CourseItemId) -> PairingDraft {
        ok(
            PairingDraft::new(primary, paired, None, Some("goes well".to_owned())),
            "pairing draft",
        )
    }

    pub(super) async fn pairings(&self) {
        let rule = "pairings";
        let (owner, stranger) = (self.fixtures.user().await, self.fixtures.user().await);
        let (a, b) = (
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
        );
        let menu = self
            .menu(
                owner,
                "pairs",
                false,
                vec![course("C", 1, vec![item(a, 1), item(b, 2)])],
            )
            .await;
        let other = self
            .menu(
                owner,
                "pairs-other",
                false,
                vec![course("D", 1, vec![item(a, 1)])],
            )
            .await;
        let (x, y) = (menu.courses[0].items[0].id, menu.courses[0].items[1].id);
        let foreign = other.courses[0].items[0].id;

        let forward = ok(
            self.repo
                .create_pairing(owner, menu.id, self.pairing(x, y))
                .await,
            rule,
        );
        assert_eq!(
            forward.primary_item.as_ref().map(|i| i.id),
            Some(x),
            "{rule}: embeds the primary item"
        );
        assert_eq!(
            forward.paired_item.as_ref().map(|i| i.id),
            Some(y),
            "{rule}"
        );
        let reverse = ok(
            self.repo
                .create_pairing(owner, menu.id, self.pairing(y, x))
                .await,
            rule,
        );
        expect_err(
            self.repo
                .create_pairing(owner, menu.id, self.pairing(x, y))
                .await,
            |e| matches!(e, CurationError::PairingExists),
            "the same ordered pair twice",
        );
        expect_err(
            self.repo
                .create_pairing(owner, menu.id, self.pairing(x, foreign))
                .await,
            |e| matches!(e, CurationError::PairingItemNotInMenu),
            "an item of another menu",
        );
        let listed = ok(self.queries.list_pairings(owner, menu.id).await, rule);
        let ids: Vec<PairingId> = listed.iter().map(|p| p.id).collect();
        assert_eq!(ids, vec![forward.id, reverse.id], "{rule}: by created_at");
        expect_err(
            self.queries.list_pairings(stranger, menu.id).await,
            |e| matches!(e, CurationError::MenuNotFound),
            "listing someone else's pairings",
        );

        expect_err(
            self.repo.delete_pairing(owner, other.id, forward.id).await,
            |e| matches!(e, CurationError::PairingNotFound),
            "deleting a pairing through another menu",
        );
        ok(
            self.repo.delete_pairing(owner, menu.id, forward.id).await,
            rule,
        );
        expect_err(
            self.repo.delete_pairing(owner, menu.id, forward.id).await,
            |e| matches!(e, CurationError::PairingNotFound),
            "deleting a deleted pairing",
        );
        ok(self.repo.delete_item(owner, menu.id, y).await, rule);
        let left = ok(self.queries.list_pairings(owner, menu.id).await, rule);
        assert!(
            left.is_empty(),
            "{rule}: deleting an item deletes its pairings"
        );
    }

    pub(super) async fn share_links(&self) {
        let rule = "share links";
        let (owner, stranger) = (self.fixtures.user().await, self.fixtures.user().await);
        let menu = self.menu(owner, "shared", false, vec![]).await;
        let now = Utc::now();
        let token = |prefix: &str| format!("{prefix}{}", self.suffix);

        let open = ok(
            self.repo
                .create_share_token(
                    owner,
                    menu.id,
                    NewShareToken {
                        token: token("open"),
                        expires_at: None,
                    },
                )
                .await,
            rule,
        );
        assert_eq!(
            (open.access_count, open.revoked_at),
            (0, None),
            "{rule}: fresh"
        );
        let expired = ok(
            self.repo
                .create_share_token(
                    owner,
                    menu.id,
                    NewShareToken {
                        token: token("gone"),
                        expires_at: Some(now - TimeDelta::hours(1)),
                    },
                )
                .await,
            rule,
        );
        let listed = ok(self.queries.list_share_tokens(owner, menu.id).await, rule);
        let ids: Vec<ShareTokenId> = listed.iter().map(|t| t.id).collect();
        assert_eq!(ids, vec![expired.id, open.id], "{rule}: newest first");
        expect_err(
            self.queries.list_share_tokens(stranger, menu.id).await,
            |e| matches!(e, CurationError::MenuNotFound),
            "listing someone else's share links",
        );

        let first = ok(self.repo.open_share_link(&open.token, now).await, rule);
        assert_eq!(first.menu.id, menu.id, "{rule}: opens a private menu");
        assert_eq!(first.token.access_count, 1, "{rule}: counted");
        let second = ok(self.repo.open_share_link(&open.token, now).await, rule);
        assert_eq!(second.token.access_count, 2, "{rule}: counted again");
        assert!(
            second.token.last_accessed_at.is_some(),
            "{rule}: last access"
        );
        expect_err(
            self.repo.open_share_link(&expired.token, now).await,
            |e| matches!(e, CurationError::ShareLinkExpired),
            "an expired link",
        );
        expect_err(
            self.repo.open_share_link(&token("none"), now).await,
            |e| matches!(e, CurationError::ShareLinkNotFound),
            "an unknown link",
        );

        expect_err(
            self.repo
                .revoke_share_token(stranger, menu.id, open.id, now)
                .await,
            |e| matches!(e, CurationError::ShareTokenNotFound),
            "revoking someone else's link",
        );
        ok(
            self.repo
                .revoke_share_token(owner, menu.id, open.id, now)
                .await,
            rule,
        );
        ok(
            self.repo
                .revoke_share_token(owner, menu.id, open.id, now)
                .await,
            "revoking twice is fine",
        );
        expect_err(
            self.repo.open_share_link(&open.token, now).await,
            |e| matches!(e, CurationError::ShareLinkNotFound),
            "a revoked link",
        );
    }

    pub(super) async fn forks_and_lineage(&self) {
        let rule = "forks and lineage";
        let (alice, bob) = (self.fixtures.user().await, self.fixtures.user().await);
        let (a, b) = (
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
        );
        let public = self
            .menu(
                alice,
                "origin",
                true,
                vec![course("C", 1, vec![item(a, 1), item(b, 2)])],
            )
            .await;
        let (x, y) = (public.courses[0].items[0].id, public.courses[0].items[1].id);
        ok(
            self.repo
                .create_pairing(alice, public.id, self.pairing(x, y))
                .await,
            rule,
        );
        let private = self.menu(alice, "secret", false, vec![]).await;
        let fork = |base: &str, public: bool| NewFork {
            slug: self.slug(base),
            title: ok(MenuTitle::parse(base), rule),
            description: None,
            is_public: public,
            note: Some(format!("{base} note")),
        };

        let bobs = ok(
            self.repo
                .fork_menu(bob, public.id, fork("bobfork", false))
                .await,
            rule,
        );
        assert_eq!(bobs.owner_id, bob, "{rule}: the fork is the caller's");
        let copied = &bobs.courses[0];
        assert_eq!(copied.items.len(), 2, "{rule}: items copied");
        assert!(
            copied.items.iter().all(|i| i.id != x && i.id != y),
            "{rule}: new ids"
        );
        let pairing = bobs.pairings.first().map(|p| p.primary_course_item_id);
        assert_eq!(
            pairing,
            Some(copied.items[0].id),
            "{rule}: pairings follow the copy"
        );
        expect_err(
            self.repo
                .fork_menu(bob, private.id, fork("nope", false))
                .await,
            |e| matches!(e, CurationError::MenuNotFound),
            "forking someone else's private menu",
        );
        expect_err(
            self.repo
                .fork_menu(bob, public.id, fork("bobfork", false))
                .await,
            |e| matches!(e, CurationError::SlugTaken(_)),
            "a fork with a taken slug",
        );
        let alices = ok(
            self.repo
                .fork_menu(alice, public.id, fork("alicefork", false))
                .await,
            rule,
        );
        let open = ok(
            self.repo
                .fork_menu(alice, public.id, fork("openfork", true))
                .await,
            rule,
        );

        let bob_view = ok(self.queries.owner_lineage(bob, bobs.id).await, rule);
        let source = bob_view
            .source_menu
            .as_ref()
            .map(|s| (s.menu.id, s.note.clone()));
        assert_eq!(
            source,
            Some((public.id, Some("bobfork note".to_owned()))),
            "{rule}: the source with its note"
        );
        let alice_view = ok(self.queries.owner_lineage(alice, public.id).await, rule);
        let forks: Vec<MenuId> = alice_view.forked_menus.iter().map(|m| m.id).collect();
        assert_eq!(
            forks,
            vec![open.id, alices.id],
            "{rule}: own or public forks, newest first (never bob's private one)"
        );
        let public_view = ok(self.queries.public_lineage(&public.slug).await, rule);
        let forks: Vec<MenuId> = public_view.forked_menus.iter().map(|m| m.id).collect();
        assert_eq!(forks, vec![open.id], "{rule}: public forks only");
        expect_err(
            self.queries.public_lineage(&private.slug).await,
            |e| matches!(e, CurationError::MenuNotFound),
            "the public lineage of a private menu",
        );
        expect_err(
            self.queries.owner_lineage(bob, public.id).await,
            |e| matches!(e, CurationError::MenuNotFound),
            "the owner lineage of someone else's menu",
        );
    }

    pub(super) async fn deleting_a_menu_takes_everything_with_it(&self) {
        let rule = "delete_menu";
        let (owner, stranger) = (self.fixtures.user().await, self.fixtures.user().await);
        let media = self.fixtures.media_item().await;
        let menu = self
            .menu(
                owner,
                "doomed",
                true,
                vec![course("C", 1, vec![item(media, 1)])],
            )
            .await;
        let link = ok(
            self.repo
                .create_share_token(
                    owner,
                    menu.id,
                    NewShareToken {
                        token: format!("doomed{}", self.suffix),
                        expires_at: None,
                    },
                )
                .await,
            rule,
        );
        let fork = NewFork {
            slug: self.slug("doomed-fork"),
            title: ok(MenuTitle::parse("Fork"), rule),
            description: None,
            is_public: false,
            note: None,
        };
        let forked = ok(self.repo.fork_menu(stranger, menu.id, fork).await, rule);

        expect_err(
            self.repo.delete_menu(stranger, menu.id).await,
            |e| matches!(e, CurationError::MenuNotFound),
            "deleting someone else's menu",
        );
        ok(self.repo.delete_menu(owner, menu.id).await, rule);
        expect_err(
            self.queries.get_menu(owner, menu.id).await,
            |e| matches!(e, CurationError::MenuNotFound),
            "a deleted menu",
        );
        expect_err(
            self.repo.open_share_link(&link.token, Utc::now()).await,
            |e| matches!(e, CurationError::ShareLinkNotFound),
            "a deleted menu's share link",
        );
        let lineage = ok(self.queries.owner_lineage(stranger, forked.id).await, rule);
        assert!(lineage.source_menu.is_none(), "{rule}: lineage rows go too");
        let taken = ok(self.queries.taken_slugs(&menu.slug).await, rule);
        assert!(taken.is_empty(), "{rule}: the slug is free again");
    }
}
