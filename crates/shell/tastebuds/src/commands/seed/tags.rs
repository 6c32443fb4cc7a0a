//! Step 3: tags, through the tagging use cases: two of the demo user's own and one global
//! tag (which the API cannot create), each put on a few demo items. Tags are found by
//! name and owner, links by tag and item.

use tastebuds_kernel::UserId;
use tastebuds_tagging::{Tag, TagName, TaggingService};

use super::media::DemoItems;
use super::payloads::Demo;
use super::tally::Tally;
use super::valid;

/// A tag to have and the items to put it on.
struct TagPlan {
    name: &'static str,
    global: bool,
    items: &'static [Demo],
}

const PLANS: &[TagPlan] = &[
    TagPlan {
        name: "comfort",
        global: false,
        items: &[Demo::SpiritedAway, Demo::Comptine, Demo::Sakura],
    },
    TagPlan {
        name: "mind-bending",
        global: false,
        items: &[Demo::Matrix, Demo::Dune, Demo::Witcher],
    },
    TagPlan {
        name: "staff pick",
        global: true,
        items: &[Demo::Dune, Demo::Shogun, Demo::Hades, Demo::Fantomes],
    },
];

/// What the step did: tags, then links.
#[derive(Clone, Copy, Debug, Default)]
pub struct TagsTally {
    /// Tags.
    pub tags: Tally,
    /// Links between a tag and an item.
    pub links: Tally,
}

/// Seeds the tags of `user` and the global one, and their links.
///
/// # Errors
/// Storage failures.
pub async fn seed(
    service: &TaggingService,
    user: UserId,
    items: &DemoItems,
) -> anyhow::Result<TagsTally> {
    let visible = service.list(user).await?;
    let mut tally = TagsTally::default();
    for plan in PLANS {
        let owner = (!plan.global).then_some(user);
        let found = visible
            .iter()
            .find(|tag| tag.owner == owner && tag.name.as_str() == plan.name);
        let tag: Tag = match found {
            Some(tag) => tag.clone(),
            None => {
                let name = valid("a tag name", TagName::parse(plan.name))?;
                if plan.global {
                    service.create_global(name).await?
                } else {
                    service.create(user, name).await?
                }
            }
        };
        tally.tags.add(found.is_none());
        for demo in plan.items {
            let item = items.id(*demo)?;
            let on_item = service.tags_on_item(user, item).await?;
            let linked = on_item.iter().any(|other| other.id == tag.id);
            if !linked {
                service.attach(user, tag.id, item).await?;
            }
            tally.links.add(!linked);
        }
    }
    Ok(tally)
}
