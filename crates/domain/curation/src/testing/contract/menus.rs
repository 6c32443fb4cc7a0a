//! Contract checks on menu aggregates: inserts, reads, change sets, deletes, lineage.

use tastebuds_kernel::{CourseId, MediaItemId, MenuId};

use super::{Check, at, course_row, expect_err, item_row, ok, pairing_row, position, sorted};
use crate::aggregate::{
    LineageRecords, MenuAggregate, MenuChangeSet, MenuLookup, MenuRevision, MenusWithCards,
    NewLineage,
};
use crate::error::CurationError;
use crate::ports::MenuChange;
use crate::slug::Slug;
use crate::values::MenuTitle;

impl Check<'_> {
    pub(super) async fn inserted_menus_read_back(&self) {
        let promise = "insert_menu then read";
        let (owner, stranger) = (
            self.stores.fixtures.user().await,
            self.stores.fixtures.user().await,
        );
        let menu = self.full(owner, "round-trip").await;
        self.insert(&menu).await;
        let q = self.stores.queries;

        assert_eq!(
            self.load(menu.menu.id).await,
            Some(sorted(menu.clone())),
            "{promise}: menu"
        );
        let by_slug = ok(q.menu_by_slug(&menu.menu.slug).await, promise).map(sorted);
        assert_eq!(
            by_slug,
            Some(sorted(menu.clone())),
            "{promise}: menu_by_slug"
        );
        let missing = ok(Slug::parse(&format!("missing-{}", self.suffix)), promise);
        assert_eq!(
            ok(q.menu_by_slug(&missing).await, promise),
            None,
            "{promise}: unknown slug"
        );
        assert_eq!(
            self.load(MenuId::new()).await,
            None,
            "{promise}: unknown id"
        );

        let mine = ok(q.menus_of_owner(owner).await, promise);
        assert_eq!(
            mine.into_iter().map(sorted).collect::<Vec<_>>(),
            vec![sorted(menu.clone())],
            "{promise}: menus_of_owner"
        );
        assert!(
            ok(q.menus_of_owner(stranger).await, promise).is_empty(),
            "{promise}: per owner"
        );

        let unknown = MediaItemId::new();
        let known = menu.items[0].media_item_id;
        let cards = ok(q.media_cards(&[known, unknown]).await, promise);
        assert_eq!(
            cards.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![known],
            "{promise}: media_cards"
        );

        let located = ok(q.locate_course(menu.courses[1].id).await, promise);
        assert_eq!(
            located.map(|r| (r.menu_id, r.owner_id)),
            Some((menu.menu.id, owner)),
            "{promise}: locate_course"
        );
        let located = ok(q.locate_item(menu.items[2].id).await, promise);
        assert_eq!(
            located.map(|r| (r.menu_id, r.owner_id)),
            Some((menu.menu.id, owner)),
            "{promise}: locate_item"
        );
        assert_eq!(
            ok(q.locate_course(CourseId::new()).await, promise),
            None,
            "{promise}: unknown course"
        );
    }

    pub(super) async fn menus_with_cards_read_menus_and_their_cards(&self) {
        let promise = "menus_with_cards";
        let (owner, stranger) = (
            self.stores.fixtures.user().await,
            self.stores.fixtures.user().await,
        );
        let menu = self.full(owner, "with-cards").await;
        self.insert(&menu).await;
        let q = self.stores.queries;
        let mut media: Vec<MediaItemId> = menu.items.iter().map(|i| i.media_item_id).collect();
        media.sort_unstable();
        let mut cards = ok(q.media_cards(&media).await, promise);
        cards.sort_by_key(|card| card.id);
        assert_eq!(cards.len(), media.len(), "{promise}: every item has a card");

        let lookups = [
            MenuLookup::Id(menu.menu.id),
            MenuLookup::Slug(menu.menu.slug.clone()),
            MenuLookup::Owner(owner),
        ];
        for lookup in lookups {
            let mut found = ok(q.menus_with_cards(lookup.clone()).await, promise);
            found.menus = found.menus.into_iter().map(sorted).collect();
            found.cards.sort_by_key(|card| card.id);
            found.cards.dedup_by_key(|card| card.id);
            let wanted = MenusWithCards {
                menus: vec![sorted(menu.clone())],
                cards: cards.clone(),
            };
            assert_eq!(found, wanted, "{promise}: {lookup:?}");
        }

        let missing = ok(Slug::parse(&format!("missing-{}", self.suffix)), promise);
        let lookups = [
            MenuLookup::Id(MenuId::new()),
            MenuLookup::Slug(missing),
            MenuLookup::Owner(stranger),
        ];
        for lookup in lookups {
            let found = ok(q.menus_with_cards(lookup.clone()).await, promise);
            assert_eq!(found, MenusWithCards::default(), "{promise}: {lookup:?}");
        }

        let bare = self.bare(stranger, "bare-with-cards", true);
        self.insert(&bare).await;
        let found = ok(
            q.menus_with_cards(MenuLookup::Owner(stranger)).await,
            promise,
        );
        let wanted = MenusWithCards {
            menus: vec![bare],
            cards: Vec::new(),
        };
        assert_eq!(found, wanted, "{promise}: a menu without courses");
    }

    pub(super) async fn inserts_map_constraints_and_write_nothing_on_error(&self) {
        let owner = self.stores.fixtures.user().await;
        let first = self.bare(owner, "taken", false);
        self.insert(&first).await;

        let mut clash = self.full(owner, "taken").await;
        let clash_course = clash.courses[0].id;
        expect_err(
            self.stores.menus.insert_menu(clash.clone(), None).await,
            |e| matches!(e, CurationError::SlugTaken(_)),
            "insert_menu with a taken slug is SlugTaken",
        );
        assert_eq!(
            self.load(clash.menu.id).await,
            None,
            "a SlugTaken insert writes nothing"
        );
        let q = self.stores.queries;
        assert_eq!(
            ok(q.locate_course(clash_course).await, "locate_course"),
            None,
            "no course either"
        );

        clash.menu.slug = self.slug("unknown-media");
        clash.items[1].media_item_id = MediaItemId::new();
        expect_err(
            self.stores.menus.insert_menu(clash.clone(), None).await,
            |e| matches!(e, CurationError::UnknownMedia),
            "insert_menu with an unknown media item is UnknownMedia",
        );
        assert_eq!(
            self.load(clash.menu.id).await,
            None,
            "an UnknownMedia insert writes nothing"
        );

        let base = self.slug("taken");
        let mut second = self.bare(owner, "taken", false);
        second.menu.slug = base.with_suffix(2);
        self.insert(&second).await;
        let mut other = self.bare(owner, "elsewhere", false);
        other.menu.slug = ok(Slug::parse(&format!("x{base}")), "slug");
        self.insert(&other).await;
        let taken = ok(q.taken_slugs(&base).await, "taken_slugs");
        assert!(
            taken.contains(&base) && taken.contains(&base.with_suffix(2)),
            "taken_slugs lists base and base-2: {taken:?}"
        );
        assert!(
            taken.iter().all(|s| s.as_str().starts_with(base.as_str())),
            "taken_slugs lists only slugs starting with base: {taken:?}"
        );
    }

    pub(super) async fn stamps_advance_with_every_change_under_the_menu(&self) {
        let promise = "menu_stamps";
        let q = self.stores.queries;
        let (owner, stranger) = (
            self.stores.fixtures.user().await,
            self.stores.fixtures.user().await,
        );
        let mut menu = self.full(owner, "stamped").await;
        menu.menu.is_public = true;
        self.insert(&menu).await;
        let other = self.bare(owner, "stamped-too", false);
        self.insert(&other).await;
        let id = menu.menu.id;
        let stamp_of = async |lookup: MenuLookup| ok(q.menu_stamps(lookup).await, promise);

        let found = stamp_of(MenuLookup::Id(id)).await;
        let [stamp] = found[..] else {
            panic!("{promise}: one stamp for a stored menu, got {found:?}");
        };
        assert_eq!(
            (stamp.menu_id, stamp.owner_id, stamp.is_public),
            (id, owner, true),
            "{promise}: by id"
        );
        let by_slug = stamp_of(MenuLookup::Slug(menu.menu.slug.clone())).await;
        assert_eq!(by_slug, vec![stamp], "{promise}: by slug");
        let mut mine = stamp_of(MenuLookup::Owner(owner)).await;
        mine.sort_by_key(|s| s.menu_id);
        let mut wanted = vec![(id, true), (other.menu.id, false)];
        wanted.sort();
        assert_eq!(
            mine.iter()
                .map(|s| (s.menu_id, s.is_public))
                .collect::<Vec<_>>(),
            wanted,
            "{promise}: by owner"
        );
        assert!(
            stamp_of(MenuLookup::Owner(stranger)).await.is_empty(),
            "{promise}: per owner"
        );
        let missing = ok(Slug::parse(&format!("unstamped-{}", self.suffix)), promise);
        assert!(
            stamp_of(MenuLookup::Slug(missing)).await.is_empty(),
            "{promise}: unknown slug"
        );
        assert!(
            stamp_of(MenuLookup::Id(MenuId::new())).await.is_empty(),
            "{promise}: unknown id"
        );
        let revision = async || {
            let found = stamp_of(MenuLookup::Id(id)).await;
            found.first().map(|s| (s.revision, s.is_public))
        };

        type Edit = fn(&mut MenuAggregate);
        let edits: [(&str, Edit); 5] = [
            ("the menu row", |m| m.menu.is_public = false),
            ("a course", |m| {
                m.courses[1].description = Some("Hot".into())
            }),
            ("an item", |m| m.items[1].notes = Some("Again".into())),
            ("a pairing", |m| m.pairings[0].note = Some("Both".into())),
            ("a deleted item", |m| {
                m.pairings.clear();
                m.items.retain(|item| item.position != position(2));
            }),
        ];
        let mut last = stamp.revision;
        for (what, edit) in edits {
            let before = self
                .load(id)
                .await
                .unwrap_or_else(|| panic!("{promise}: menu gone"));
            let mut after = before.clone();
            edit(&mut after);
            let set = MenuChangeSet::between(&before, after);
            ok(
                self.stores
                    .menus
                    .change_menu(id, Box::new(move |_| Ok(set)))
                    .await,
                promise,
            );
            let now = revision().await.map(|(revision, _)| revision);
            assert!(
                now.is_some_and(|now| now > last),
                "{promise}: changing {what} advances the revision ({last:?} -> {now:?})"
            );
            last = now.unwrap_or(MenuRevision(i64::MIN));
        }
        let now = revision().await;
        assert_eq!(
            now.map(|(_, public)| public),
            Some(false),
            "{promise}: visibility read"
        );
    }

    pub(super) async fn changes_apply_their_row_writes(&self) {
        let promise = "change_menu applies the change set";
        let owner = self.stores.fixtures.user().await;
        let menu = self.full(owner, "change").await;
        self.insert(&menu).await;
        let media = self.stores.fixtures.media_item().await;

        let mut after = menu.clone();
        after.menu.title = ok(MenuTitle::parse("Changed"), promise);
        after.menu.updated_at = at(10);
        // Swap the two courses: the position keys must hold at commit only.
        after.courses[0].position = position(2);
        after.courses[1].position = position(1);
        // Drop the first item (and its pairing), close the gap, edit the other.
        let dropped = after.items.remove(0);
        after.pairings.clear();
        after.items[0].position = position(1);
        after.items[0].notes = None;
        let dessert = course_row(menu.menu.id, "Dessert", 3);
        let new_item = item_row(dessert.id, media, 1);
        after
            .pairings
            .push(pairing_row(menu.menu.id, new_item.id, after.items[1].id));
        after.courses.push(dessert);
        after.items.push(new_item);
        let expected = MenuChangeSet::between(&menu, after.clone());
        assert!(
            expected.items.deleted.contains(&dropped.id),
            "{promise}: test setup"
        );

        let seen = std::sync::Arc::new(std::sync::Mutex::new(None));
        let seen_in = seen.clone();
        let planned = expected.clone();
        let change: MenuChange = Box::new(move |loaded| {
            *seen_in
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(sorted(loaded));
            Ok(planned)
        });
        let returned = ok(
            self.stores.menus.change_menu(menu.menu.id, change).await,
            promise,
        );
        let loaded = seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        assert_eq!(
            loaded,
            Some(sorted(menu.clone())),
            "{promise}: the closure gets the stored aggregate"
        );
        assert_eq!(returned, expected, "{promise}: returns the change set");
        assert_eq!(
            self.load(menu.menu.id).await,
            Some(sorted(after)),
            "{promise}: reads what was written"
        );
    }

    pub(super) async fn failed_changes_write_nothing(&self) {
        let owner = self.stores.fixtures.user().await;
        let menu = self.full(owner, "failed-change").await;
        self.insert(&menu).await;
        let menus = self.stores.menus;

        let refuse: MenuChange = Box::new(|_| Err(CurationError::CourseIdsMismatch));
        expect_err(
            menus.change_menu(menu.menu.id, refuse).await,
            |e| matches!(e, CurationError::CourseIdsMismatch),
            "change_menu returns the closure's error",
        );

        let mut unknown = menu.clone();
        unknown.items[0].media_item_id = MediaItemId::new();
        unknown.menu.updated_at = at(20);
        let set = MenuChangeSet::between(&menu, unknown);
        let change: MenuChange = Box::new(move |_| Ok(set));
        expect_err(
            menus.change_menu(menu.menu.id, change).await,
            |e| matches!(e, CurationError::UnknownMedia),
            "a change naming an unknown media item is UnknownMedia",
        );

        let mut repeat = menu.clone();
        let twin = pairing_row(
            menu.menu.id,
            menu.pairings[0].primary_course_item_id,
            menu.pairings[0].paired_course_item_id,
        );
        repeat.pairings.push(twin);
        repeat.courses[0].title = ok(crate::values::CourseTitle::parse("Renamed"), "title");
        let set = MenuChangeSet::between(&menu, repeat);
        let change: MenuChange = Box::new(move |_| Ok(set));
        expect_err(
            menus.change_menu(menu.menu.id, change).await,
            |e| matches!(e, CurationError::PairingExists),
            "a repeated ordered pair is PairingExists",
        );
        assert_eq!(
            self.load(menu.menu.id).await,
            Some(sorted(menu.clone())),
            "failed changes write nothing"
        );

        let other = self.bare(owner, "never-stored", false).menu.id;
        let noop: MenuChange = Box::new(|_| Err(CurationError::CourseIdsMismatch));
        expect_err(
            menus.change_menu(other, noop).await,
            |e| matches!(e, CurationError::MenuNotFound),
            "change_menu of a missing menu is MenuNotFound",
        );
    }

    pub(super) async fn deleting_a_menu_cascades(&self) {
        let promise = "delete_menu cascades";
        let owner = self.stores.fixtures.user().await;
        let (source, doomed, fork) = (
            self.bare(owner, "del-source", true),
            self.full(owner, "doomed").await,
            self.bare(owner, "del-fork", false),
        );
        self.insert(&source).await;
        let lineage = |source_menu_id| NewLineage {
            source_menu_id,
            created_by: owner,
            note: None,
            created_at: at(5),
        };
        ok(
            self.stores
                .menus
                .insert_menu(doomed.clone(), Some(lineage(source.menu.id)))
                .await,
            promise,
        );
        ok(
            self.stores
                .menus
                .insert_menu(fork.clone(), Some(lineage(doomed.menu.id)))
                .await,
            promise,
        );
        let token = super::sharing::token(doomed.menu.id, &format!("cascade-{}", self.suffix));
        ok(
            self.stores.share_tokens.insert_share_token(&token).await,
            promise,
        );

        ok(self.stores.menus.delete_menu(doomed.menu.id).await, promise);
        let q = self.stores.queries;
        assert_eq!(
            self.load(doomed.menu.id).await,
            None,
            "{promise}: menu gone"
        );
        assert_eq!(
            ok(q.locate_course(doomed.courses[0].id).await, promise),
            None,
            "{promise}: courses gone"
        );
        assert_eq!(
            ok(q.locate_item(doomed.items[0].id).await, promise),
            None,
            "{promise}: items gone"
        );
        assert_eq!(
            ok(
                self.stores.share_tokens.share_token(token.id).await,
                promise
            ),
            None,
            "{promise}: share tokens gone"
        );
        assert_eq!(
            ok(q.lineage(source.menu.id).await, promise),
            LineageRecords::default(),
            "{promise}: lineage rows as fork gone"
        );
        assert_eq!(
            ok(q.lineage(fork.menu.id).await, promise),
            LineageRecords::default(),
            "{promise}: lineage rows as source gone"
        );
        assert!(
            self.load(fork.menu.id).await.is_some(),
            "{promise}: forks themselves stay"
        );
        assert!(
            !ok(q.taken_slugs(&doomed.menu.slug).await, promise).contains(&doomed.menu.slug),
            "{promise}: the slug is free"
        );
        expect_err(
            self.stores.menus.delete_menu(doomed.menu.id).await,
            |e| matches!(e, CurationError::MenuNotFound),
            "delete_menu of a missing menu is MenuNotFound",
        );
    }

    pub(super) async fn lineage_rows(&self) {
        let promise = "lineage";
        let (owner, forker) = (
            self.stores.fixtures.user().await,
            self.stores.fixtures.user().await,
        );
        let source = self.bare(owner, "lineage-source", true);
        self.insert(&source).await;
        let fork = self.full(forker, "lineage-fork").await;
        let row = NewLineage {
            source_menu_id: source.menu.id,
            created_by: forker,
            note: Some("riff".to_owned()),
            created_at: at(6),
        };
        ok(
            self.stores
                .menus
                .insert_menu(fork.clone(), Some(row.clone()))
                .await,
            promise,
        );

        let q = self.stores.queries;
        let of_source = ok(q.lineage(source.menu.id).await, promise);
        assert_eq!(
            of_source.source, None,
            "{promise}: a menu forked from nothing has no source"
        );
        let forks: Vec<_> = of_source
            .forks
            .iter()
            .map(|l| {
                (
                    l.menu.id,
                    l.owner_id,
                    l.menu.is_public,
                    l.note.clone(),
                    l.menu.slug.clone(),
                )
            })
            .collect();
        assert_eq!(
            forks,
            vec![(
                fork.menu.id,
                forker,
                false,
                Some("riff".to_owned()),
                fork.menu.slug.clone()
            )],
            "{promise}: forks with owner, visibility and note"
        );
        let of_fork = ok(q.lineage(fork.menu.id).await, promise);
        let up = of_fork.source.map(|l| {
            (
                l.menu.id,
                l.owner_id,
                l.menu.is_public,
                l.note,
                l.menu.created_at,
            )
        });
        assert_eq!(
            up,
            Some((
                source.menu.id,
                owner,
                true,
                Some("riff".to_owned()),
                source.menu.created_at
            )),
            "{promise}: source"
        );

        let orphan = self.full(forker, "lineage-orphan").await;
        let gone = NewLineage {
            source_menu_id: self.bare(owner, "never", false).menu.id,
            ..row
        };
        expect_err(
            self.stores
                .menus
                .insert_menu(orphan.clone(), Some(gone))
                .await,
            |e| matches!(e, CurationError::MenuNotFound),
            "a fork of a missing menu is MenuNotFound",
        );
        assert_eq!(
            self.load(orphan.menu.id).await,
            None,
            "a failed fork writes nothing"
        );
    }
}
