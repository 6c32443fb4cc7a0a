//! Step 5: two menus of the demo user, through the curation use cases: a public one with
//! a pairing, and a private one with a share link. A menu is found by its title among the
//! demo user's menus, a pairing by its two items, and a share link that still opens is
//! reused (an expired or revoked one is replaced).

use chrono::{DateTime, Utc};
use tastebuds_curation::{
    CourseDraft, CourseTitle, CurationService, ItemDraft, Menu, MenuDraft, MenuTitle, PairingDraft,
    PairingRelationship, Position, ShareLinkState, ShareToken,
};
use tastebuds_kernel::{CourseItemId, UserId};

use super::media::DemoItems;
use super::payloads::Demo;
use super::tally::Tally;
use super::valid;

/// A course of a planned menu: title, description, intent, and items with notes.
struct CoursePlan {
    title: &'static str,
    description: &'static str,
    intent: &'static str,
    items: &'static [(Demo, &'static str)],
}

/// A planned menu.
struct MenuPlan {
    title: &'static str,
    description: &'static str,
    is_public: bool,
    courses: &'static [CoursePlan],
}

/// The public menu.
const PUBLIC: MenuPlan = MenuPlan {
    title: "Worlds to Get Lost In",
    description: "A tasting menu of epic worlds, from desert planets to feudal Japan.",
    is_public: true,
    courses: &[
        CoursePlan {
            title: "Amuse-bouche",
            description: "Something short to set the mood.",
            intent: "warm up",
            items: &[(Demo::Comptine, "Put it on while you pick the next course.")],
        },
        CoursePlan {
            title: "Main course",
            description: "The big ones: clear an evening or three.",
            intent: "immerse",
            items: &[
                (
                    Demo::Dune,
                    "Start here: everything else on this menu echoes it.",
                ),
                (
                    Demo::Shogun,
                    "Court politics with the same slow-burning tension.",
                ),
                (
                    Demo::Matrix,
                    "For when you want your world-building in 136 minutes.",
                ),
            ],
        },
        CoursePlan {
            title: "Dessert",
            description: "Play it out.",
            intent: "unwind",
            items: &[
                (
                    Demo::Witcher,
                    "A hundred hours of side quests, in a good way.",
                ),
                (Demo::Hades, "One more run."),
            ],
        },
    ],
};

/// The private menu (shared by link).
const PRIVATE: MenuPlan = MenuPlan {
    title: "Rainy Sunday (draft)",
    description: "Not ready to publish yet: a quiet day in.",
    is_public: false,
    courses: &[
        CoursePlan {
            title: "Morning",
            description: "Slow start.",
            intent: "calm",
            items: &[
                (Demo::Sakura, "Piano first."),
                (Demo::SpiritedAway, "With a big pot of tea."),
            ],
        },
        CoursePlan {
            title: "Afternoon",
            description: "Something to read, something to hum.",
            intent: "drift",
            items: &[
                (Demo::DuneJapanese, "The new translation."),
                (Demo::Fantomes, "A demo tape found on Last.fm."),
            ],
        },
    ],
};

/// The pairing on the public menu: from the first item to the second.
const PAIRING: (Demo, Demo, &str, &str) = (
    Demo::Dune,
    Demo::Shogun,
    "read, then watch",
    "Two sagas of great houses, spice and silk: they make each other better.",
);

/// What the step did and what the summary prints.
#[derive(Clone, Debug)]
pub struct MenusOutcome {
    /// Menus.
    pub menus: Tally,
    /// Pairings.
    pub pairings: Tally,
    /// Share links.
    pub share_links: Tally,
    /// The public menu.
    pub public: Menu,
    /// The private menu.
    pub private: Menu,
    /// A share link of the private menu that opens.
    pub share_link: ShareToken,
    /// Why the pairing was left out, when it was.
    pub skipped: Option<String>,
}

/// Seeds the two menus of `user`, the pairing and the share link.
///
/// # Errors
/// Storage failures.
pub async fn seed(
    service: &CurationService,
    user: UserId,
    items: &DemoItems,
    now: DateTime<Utc>,
) -> anyhow::Result<MenusOutcome> {
    let existing = service.list_menus(user).await?;
    let mut menus = Tally::default();
    let mut public = menu(service, user, items, &existing, &PUBLIC, &mut menus).await?;
    let private = menu(service, user, items, &existing, &PRIVATE, &mut menus).await?;

    let mut pairings = Tally::default();
    let mut skipped = None;
    let (from, to, relationship, note) = PAIRING;
    match (
        course_item(&public, items, from)?,
        course_item(&public, items, to)?,
    ) {
        (Some(from), Some(to)) => {
            let paired = public
                .pairings
                .iter()
                .any(|p| p.primary_course_item_id == from && p.paired_course_item_id == to);
            if !paired {
                let relationship =
                    valid("a relationship", PairingRelationship::parse(relationship))?;
                let draft = PairingDraft::new(from, to, Some(relationship), Some(note.to_owned()))?;
                service.create_pairing(user, public.id, draft).await?;
                public = service.get_menu(user, public.id).await?;
            }
            pairings.add(!paired);
        }
        _ => {
            skipped = Some(format!(
                "seed: menus: \"{}\" no longer holds both items of its pairing: pairing left out",
                public.title.as_str()
            ));
        }
    }

    let mut share_links = Tally::default();
    let tokens = service.list_share_tokens(user, private.id).await?;
    let usable = tokens
        .into_iter()
        .find(|token| token.state_at(now) == ShareLinkState::Usable);
    share_links.add(usable.is_none());
    let share_link = match usable {
        Some(token) => token,
        None => service.create_share_token(user, private.id, None).await?,
    };

    Ok(MenusOutcome {
        menus,
        pairings,
        share_links,
        public,
        private,
        share_link,
        skipped,
    })
}

/// The menu titled as `plan` among `existing`, or a new one made from `plan`.
async fn menu(
    service: &CurationService,
    user: UserId,
    items: &DemoItems,
    existing: &[Menu],
    plan: &MenuPlan,
    tally: &mut Tally,
) -> anyhow::Result<Menu> {
    let found = existing
        .iter()
        .find(|menu| menu.title.as_str() == plan.title);
    tally.add(found.is_none());
    if let Some(menu) = found {
        return Ok(menu.clone());
    }
    Ok(service.create_menu(user, draft(plan, items)?).await?)
}

fn draft(plan: &MenuPlan, items: &DemoItems) -> anyhow::Result<MenuDraft> {
    let mut courses = Vec::new();
    for (index, course) in plan.courses.iter().enumerate() {
        let mut drafts = Vec::new();
        for (at, (demo, notes)) in course.items.iter().enumerate() {
            drafts.push(ItemDraft {
                media_item_id: items.id(*demo)?,
                notes: Some((*notes).to_owned()),
                position: Position::nth(at),
            });
        }
        courses.push(CourseDraft {
            title: valid("a course title", CourseTitle::parse(course.title))?,
            description: Some(course.description.to_owned()),
            intent: Some(course.intent.to_owned()),
            position: Position::nth(index),
            items: drafts,
        });
    }
    Ok(MenuDraft {
        title: valid("a menu title", MenuTitle::parse(plan.title))?,
        description: Some(plan.description.to_owned()),
        is_public: plan.is_public,
        courses,
    })
}

/// The course item of `menu` that holds `demo`, if it still does (its owner may have
/// edited the menu since an earlier run).
fn course_item(menu: &Menu, items: &DemoItems, demo: Demo) -> anyhow::Result<Option<CourseItemId>> {
    let media = items.id(demo)?;
    Ok(menu
        .courses
        .iter()
        .flat_map(|course| &course.items)
        .find(|item| item.media_item_id == media)
        .map(|item| item.id))
}
