//! Contract checks on menus, courses and items.

use chrono::TimeDelta;
use tastebuds_kernel::{CourseId, CourseItemId, MediaItemId};

use super::{Check, course, course_titles, expect_err, item, item_media, ok, position};
use crate::commands::{CoursePatch, ItemPatch, MenuDraft, MenuPatch, NewCourse, NewMenu};
use crate::error::{CurationError, StaleEntity};
use crate::slug::Slug;
use crate::values::{CourseTitle, MenuTitle};

impl Check<'_> {
    pub(super) async fn create_orders_embeds_and_guards(&self) {
        let rule = "create_menu";
        let (owner, stranger) = (self.fixtures.user().await, self.fixtures.user().await);
        let (a, b, c) = (
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
        );
        let created = self
            .menu(
                owner,
                "create",
                false,
                vec![
                    course("Dessert", 9, vec![item(c, 1)]),
                    course("Starters", 2, vec![item(b, 5), item(a, 1)]),
                ],
            )
            .await;

        assert_eq!(created.owner_id, owner, "{rule}: owner");
        assert_eq!(created.slug, self.slug("create"), "{rule}: slug as given");
        assert_eq!(
            course_titles(&created.courses),
            [("Starters".to_owned(), 1), ("Dessert".to_owned(), 2)],
            "{rule}: courses sorted and renumbered"
        );
        assert_eq!(
            item_media(&created.courses[0]),
            [(a, 1), (b, 2)],
            "{rule}: items sorted and renumbered"
        );
        let embedded = created.courses[0].items[0]
            .media_item
            .as_ref()
            .map(|m| m.id);
        assert_eq!(embedded, Some(a), "{rule}: items embed their media card");

        let read = self.get(owner, created.id).await;
        assert_eq!(
            course_titles(&read.courses),
            course_titles(&created.courses),
            "{rule}: get_menu reads what was created"
        );
        assert_eq!(
            item_media(&read.courses[0]),
            [(a, 1), (b, 2)],
            "{rule}: read items"
        );
        expect_err(
            self.queries.get_menu(stranger, created.id).await,
            |e| matches!(e, CurationError::MenuNotFound),
            "get_menu of someone else's menu",
        );
        let listed = ok(self.queries.list_menus(owner).await, rule);
        assert!(listed.iter().any(|m| m.id == created.id), "{rule}: listed");
        let strangers = ok(self.queries.list_menus(stranger).await, rule);
        assert!(strangers.is_empty(), "{rule}: list_menus is per owner");

        let draft = |courses| MenuDraft {
            title: ok(MenuTitle::parse("again"), rule),
            description: None,
            is_public: false,
            courses,
        };
        expect_err(
            self.repo
                .create_menu(stranger, NewMenu::new(draft(vec![]), self.slug("create")))
                .await,
            |e| matches!(e, CurationError::SlugTaken(_)),
            "a taken slug",
        );
        let unknown = vec![course("Bad", 1, vec![item(MediaItemId::new(), 1)])];
        expect_err(
            self.repo
                .create_menu(stranger, NewMenu::new(draft(unknown), self.slug("unknown")))
                .await,
            |e| matches!(e, CurationError::UnknownMedia),
            "an unknown media item",
        );
        let after = ok(self.queries.list_menus(stranger).await, rule);
        assert!(after.is_empty(), "{rule}: a failed create writes nothing");
    }

    pub(super) async fn slugs_block_their_numbered_variants_only(&self) {
        let rule = "taken_slugs";
        let owner = self.fixtures.user().await;
        let base = self.slug("taken");
        let variant = |text: String| ok(Slug::parse(&text), rule);
        for slug in [
            base.clone(),
            base.with_suffix(2),
            variant(format!("{base}-extra")),
            variant(format!("{base}x")),
        ] {
            let draft = MenuDraft {
                title: ok(MenuTitle::parse("Taken"), rule),
                description: None,
                is_public: false,
                courses: vec![],
            };
            ok(
                self.repo
                    .create_menu(owner, NewMenu::new(draft, slug))
                    .await,
                rule,
            );
        }
        let mut taken = ok(self.queries.taken_slugs(&base).await, rule);
        taken.sort();
        assert_eq!(taken, vec![base.clone(), base.with_suffix(2)], "{rule}");
        assert_eq!(
            base.first_free(&taken),
            base.with_suffix(3),
            "{rule}: next free"
        );
    }

    pub(super) async fn visibility_and_menu_updates(&self) {
        let rule = "visibility";
        let (owner, stranger) = (self.fixtures.user().await, self.fixtures.user().await);
        let menu = self.menu(owner, "visible", false, vec![]).await;

        expect_err(
            self.queries.get_visible_menu(stranger, menu.id).await,
            |e| matches!(e, CurationError::MenuNotFound),
            "a private menu is invisible to strangers",
        );
        ok(self.queries.get_visible_menu(owner, menu.id).await, rule);
        expect_err(
            self.queries.public_menu(&menu.slug).await,
            |e| matches!(e, CurationError::MenuNotFound),
            "a private menu is not public",
        );
        expect_err(
            self.repo
                .update_menu(stranger, menu.id, MenuPatch::default())
                .await,
            |e| matches!(e, CurationError::MenuNotFound),
            "updating someone else's menu",
        );

        let patch = MenuPatch {
            title: Some(ok(MenuTitle::parse("Renamed"), rule)),
            description: Some("now described".to_owned()),
            is_public: Some(true),
        };
        let updated = ok(self.repo.update_menu(owner, menu.id, patch).await, rule);
        assert_eq!(updated.title.as_str(), "Renamed", "{rule}: title");
        assert_eq!(
            updated.description.as_deref(),
            Some("now described"),
            "{rule}"
        );
        assert_eq!(updated.slug, menu.slug, "{rule}: the slug never changes");
        let public = ok(self.queries.public_menu(&menu.slug).await, rule);
        assert_eq!(public.id, menu.id, "{rule}: public by slug");
        ok(self.queries.get_visible_menu(stranger, menu.id).await, rule);

        let hidden = MenuPatch {
            is_public: Some(false),
            ..MenuPatch::default()
        };
        ok(self.repo.update_menu(owner, menu.id, hidden).await, rule);
        expect_err(
            self.queries.public_menu(&menu.slug).await,
            |e| matches!(e, CurationError::MenuNotFound),
            "switching public off hides the menu at once",
        );
    }

    pub(super) async fn inserts_shift_and_deletes_close_gaps(&self) {
        let rule = "dense positions";
        let owner = self.fixtures.user().await;
        let (a, b, c) = (
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
        );
        let menu = self
            .menu(
                owner,
                "dense",
                false,
                vec![
                    course("A", 1, vec![item(a, 1), item(b, 2)]),
                    course("B", 2, vec![]),
                ],
            )
            .await;
        let first = menu.courses[0].id;

        let front = NewCourse::new(course("Front", 1, vec![item(c, 3)]));
        let added = ok(self.repo.add_course(owner, menu.id, front).await, rule);
        assert_eq!(added.position.get(), 1, "{rule}: inserted at 1");
        assert_eq!(
            item_media(&added),
            [(c, 1)],
            "{rule}: nested items renumbered"
        );
        let back = NewCourse::new(course("Back", 99, vec![]));
        let appended = ok(self.repo.add_course(owner, menu.id, back).await, rule);
        assert_eq!(appended.position.get(), 4, "{rule}: past the end appends");
        let names = course_titles(&self.get(owner, menu.id).await.courses);
        let expected = [("Front", 1), ("A", 2), ("B", 3), ("Back", 4)];
        let expected: Vec<(String, i32)> = expected
            .iter()
            .map(|(t, p)| ((*t).to_owned(), *p))
            .collect();
        assert_eq!(names, expected, "{rule}: the others shifted");

        let middle = ok(
            self.repo.add_item(owner, menu.id, first, item(c, 2)).await,
            rule,
        );
        assert_eq!(middle.position.get(), 2, "{rule}: item inserted at 2");
        let read = self.get(owner, menu.id).await;
        assert_eq!(
            item_media(&read.courses[1]),
            [(a, 1), (c, 2), (b, 3)],
            "{rule}"
        );
        expect_err(
            self.repo
                .add_item(owner, menu.id, first, item(MediaItemId::new(), 1))
                .await,
            |e| matches!(e, CurationError::UnknownMedia),
            "adding an unknown media item",
        );

        ok(self.repo.delete_item(owner, menu.id, middle.id).await, rule);
        let read = self.get(owner, menu.id).await;
        assert_eq!(
            item_media(&read.courses[1]),
            [(a, 1), (b, 2)],
            "{rule}: item gap"
        );
        ok(
            self.repo.delete_course(owner, menu.id, added.id).await,
            rule,
        );
        let names = course_titles(&self.get(owner, menu.id).await.courses);
        let expected: Vec<(String, i32)> = [("A", 1), ("B", 2), ("Back", 3)]
            .iter()
            .map(|(t, p)| ((*t).to_owned(), *p))
            .collect();
        assert_eq!(names, expected, "{rule}: course gap");
    }

    pub(super) async fn course_and_item_edits_check_place_and_staleness(&self) {
        let rule = "course and item edits";
        let (owner, stranger) = (self.fixtures.user().await, self.fixtures.user().await);
        let media = self.fixtures.media_item().await;
        let menu = self
            .menu(
                owner,
                "edits",
                false,
                vec![course("Only", 1, vec![item(media, 1)])],
            )
            .await;
        let other = self.menu(owner, "edits-other", false, vec![]).await;
        let (course_id, item_id) = (menu.courses[0].id, menu.courses[0].items[0].id);
        let stored_course = menu.courses[0].updated_at;

        expect_err(
            self.repo
                .update_course(owner, other.id, course_id, CoursePatch::default())
                .await,
            |e| matches!(e, CurationError::CourseNotInMenu),
            "a course of another of the caller's menus",
        );
        expect_err(
            self.repo
                .update_course(owner, menu.id, CourseId::new(), CoursePatch::default())
                .await,
            |e| matches!(e, CurationError::CourseNotFound),
            "an unknown course",
        );
        expect_err(
            self.repo
                .update_course(stranger, menu.id, course_id, CoursePatch::default())
                .await,
            |e| matches!(e, CurationError::MenuNotFound),
            "someone else's menu",
        );
        let stale = CoursePatch {
            title: Some(ok(CourseTitle::parse("Lost"), rule)),
            expected_updated_at: Some(stored_course - TimeDelta::seconds(1)),
            ..CoursePatch::default()
        };
        match self
            .repo
            .update_course(owner, menu.id, course_id, stale)
            .await
        {
            Err(CurationError::StaleWrite {
                entity: StaleEntity::Course,
                current_updated_at,
            }) => assert_eq!(
                current_updated_at, stored_course,
                "{rule}: the 409 carries the stored updated_at"
            ),
            other => panic!("menu store contract: a stale course write: got {other:?}"),
        }
        let fresh = CoursePatch {
            title: Some(ok(CourseTitle::parse("Kept"), rule)),
            description: Some(None),
            intent: Some(Some("share".to_owned())),
            expected_updated_at: Some(stored_course),
        };
        let updated = ok(
            self.repo
                .update_course(owner, menu.id, course_id, fresh)
                .await,
            rule,
        );
        assert_eq!(updated.title.as_str(), "Kept", "{rule}: title");
        assert_eq!(updated.description, None, "{rule}: Some(None) clears");
        assert_eq!(updated.intent.as_deref(), Some("share"), "{rule}: intent");
        assert!(
            updated.updated_at >= stored_course,
            "{rule}: updated_at moves on"
        );

        expect_err(
            self.repo
                .update_item(owner, other.id, item_id, ItemPatch::default())
                .await,
            |e| matches!(e, CurationError::ItemNotInMenu),
            "an item of another of the caller's menus",
        );
        expect_err(
            self.repo
                .update_item(owner, menu.id, CourseItemId::new(), ItemPatch::default())
                .await,
            |e| matches!(e, CurationError::CourseItemNotFound),
            "an unknown item",
        );
        let stored_item = menu.courses[0].items[0].updated_at;
        let stale = ItemPatch {
            notes: Some(None),
            expected_updated_at: Some(stored_item + TimeDelta::seconds(1)),
        };
        expect_err(
            self.repo.update_item(owner, menu.id, item_id, stale).await,
            |e| {
                matches!(
                    e,
                    CurationError::StaleWrite {
                        entity: StaleEntity::CourseItem,
                        ..
                    }
                )
            },
            "a stale item write",
        );
        let clear = ItemPatch {
            notes: Some(None),
            expected_updated_at: Some(stored_item),
        };
        let item = ok(
            self.repo.update_item(owner, menu.id, item_id, clear).await,
            rule,
        );
        assert_eq!(item.notes, None, "{rule}: notes cleared");
        assert_eq!(item.position, position(1), "{rule}: position kept");
    }

    pub(super) async fn reorders_take_exact_permutations(&self) {
        let rule = "reorder";
        let owner = self.fixtures.user().await;
        let (a, b, c) = (
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
            self.fixtures.media_item().await,
        );
        let menu = self
            .menu(
                owner,
                "reorder",
                false,
                vec![
                    course("One", 1, vec![item(a, 1), item(b, 2), item(c, 3)]),
                    course("Two", 2, vec![]),
                ],
            )
            .await;
        let first = &menu.courses[0];
        let ids: Vec<CourseItemId> = first.items.iter().rev().map(|i| i.id).collect();

        let reordered = ok(
            self.repo
                .reorder_items(owner, menu.id, first.id, &ids)
                .await,
            rule,
        );
        assert_eq!(
            item_media(&reordered),
            [(c, 1), (b, 2), (a, 3)],
            "{rule}: items"
        );
        expect_err(
            self.repo
                .reorder_items(owner, menu.id, first.id, &ids[..2])
                .await,
            |e| matches!(e, CurationError::ItemIdsMismatch),
            "a reorder missing an item",
        );
        let doubled = [ids[0], ids[0], ids[1]];
        expect_err(
            self.repo
                .reorder_items(owner, menu.id, first.id, &doubled)
                .await,
            |e| matches!(e, CurationError::ItemIdsMismatch),
            "a reorder repeating an item",
        );

        let courses: Vec<CourseId> = menu.courses.iter().rev().map(|c| c.id).collect();
        let menu = ok(
            self.repo.reorder_courses(owner, menu.id, &courses).await,
            rule,
        );
        let names = course_titles(&menu.courses);
        assert_eq!(
            names,
            [("Two".to_owned(), 1), ("One".to_owned(), 2)],
            "{rule}: courses"
        );
        expect_err(
            self.repo
                .reorder_courses(owner, menu.id, &[courses[0], CourseId::new()])
                .await,
            |e| matches!(e, CurationError::CourseIdsMismatch),
            "a reorder with a foreign course",
        );
    }
}
