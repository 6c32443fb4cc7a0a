//! The rules of API.md §5.2–§5.4 for curation, tested on the service over the in-memory
//! fakes (plain storage: every behaviour checked here is the service's).

mod courses;
mod forks;
mod menus;
mod pairings;
mod sharing;

use chrono::{DateTime, SubsecRound, Utc};
use tastebuds_kernel::{MediaItemId, UserId};

use crate::commands::{CourseDraft, ItemDraft, MenuDraft};
use crate::models::{Course, Menu};
use crate::testing::InMemoryCuration;
use crate::values::{CourseTitle, MenuTitle, Position};

fn title(text: &str) -> MenuTitle {
    MenuTitle::parse(text).unwrap()
}

fn at(position: i64) -> Position {
    Position::new(position).unwrap()
}

fn item(media_item_id: MediaItemId, position: i64) -> ItemDraft {
    ItemDraft {
        media_item_id,
        notes: Some(format!("note {position}")),
        position: at(position),
    }
}

fn course(name: &str, position: i64, items: Vec<ItemDraft>) -> CourseDraft {
    CourseDraft {
        title: CourseTitle::parse(name).unwrap(),
        description: Some(format!("{name} description")),
        intent: None,
        position: at(position),
        items,
    }
}

fn draft(name: &str, is_public: bool, courses: Vec<CourseDraft>) -> MenuDraft {
    MenuDraft {
        title: title(name),
        description: Some(format!("{name} description")),
        is_public,
        courses,
    }
}

/// (title, position) of each course, in answer order.
fn courses_of(menu: &Menu) -> Vec<(String, i32)> {
    menu.courses
        .iter()
        .map(|c| (c.title.as_str().to_owned(), c.position.get()))
        .collect()
}

/// (media, position) of each item, in answer order.
fn items_of(course: &Course) -> Vec<(MediaItemId, i32)> {
    course
        .items
        .iter()
        .map(|i| (i.media_item_id, i.position.get()))
        .collect()
}

struct World {
    app: InMemoryCuration,
    owner: UserId,
    stranger: UserId,
}

impl World {
    fn new() -> Self {
        Self {
            app: InMemoryCuration::new(),
            owner: UserId::new(),
            stranger: UserId::new(),
        }
    }

    fn media(&self) -> MediaItemId {
        self.app.store.new_media()
    }

    /// The clock's "now" at storage precision.
    fn now(&self) -> DateTime<Utc> {
        use tastebuds_kernel::Clock;
        self.app.clock.now().trunc_subsecs(6)
    }

    /// A menu of the owner with courses "A" (items m1, m2) and "B" (item m3).
    async fn menu(&self, name: &str, is_public: bool) -> (Menu, [MediaItemId; 3]) {
        let media = [self.media(), self.media(), self.media()];
        let courses = vec![
            course("A", 1, vec![item(media[0], 1), item(media[1], 2)]),
            course("B", 2, vec![item(media[2], 1)]),
        ];
        let menu = self
            .app
            .service
            .create_menu(self.owner, draft(name, is_public, courses))
            .await
            .unwrap();
        (menu, media)
    }
}
