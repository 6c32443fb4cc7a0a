//! Using `tastebuds-curation` on its own, as another service would: the curation service
//! over the crate's in-memory store (feature `testing`), with no database and no web
//! framework. It creates a menu, adds courses and items, reorders them, publishes and
//! forks the menu, opens a share link, and prints the result.
//!
//! ```sh
//! cargo run -p tastebuds-curation --features testing --example curate_a_menu
//! ```
//!
//! `cargo test` runs it too (the example is a test target, see `Cargo.toml`). A real
//! service would build `CurationService::new(menus, share_tokens, queries,
//! Arc::new(RandomShareTokens), clock)` over its own store instead of `InMemoryCuration`.

use std::error::Error;
use std::fmt::Write as _;

use tastebuds_curation::testing::InMemoryCuration;
use tastebuds_curation::{
    CourseDraft, CourseTitle, ForkDraft, ItemDraft, MediaCard, Menu, MenuDraft, MenuPatch,
    MenuTitle, Position,
};
use tastebuds_kernel::{FieldError, MediaItemId, UserId};

type Outcome<T> = Result<T, Box<dyn Error>>;

/// A rule the input broke, as an error (`FieldError` is data, not an `Error`).
fn invalid(error: FieldError) -> Box<dyn Error> {
    format!("invalid {:?}: {}", error.path, error.message).into()
}

/// A catalog entry the store knows (the service only refers to media by id).
fn card(id: MediaItemId, media_type: &str, title: &str) -> MediaCard {
    MediaCard {
        id,
        media_type: media_type.to_owned(),
        title: title.to_owned(),
        subtitle: None,
        description: None,
        release_date: None,
        cover_image_url: None,
        canonical_url: None,
        metadata: serde_json::Value::Null,
    }
}

fn item(media_item_id: MediaItemId, position: i64, notes: Option<&str>) -> Outcome<ItemDraft> {
    Ok(ItemDraft {
        media_item_id,
        notes: notes.map(str::to_owned),
        position: Position::new(position).map_err(invalid)?,
    })
}

/// One line per course and item, in order.
fn describe(menu: &Menu, out: &mut String) -> Outcome<()> {
    writeln!(
        out,
        "{} (/{}){}",
        menu.title.as_str(),
        menu.slug,
        if menu.is_public {
            ", public"
        } else {
            ", private"
        }
    )?;
    for course in &menu.courses {
        writeln!(
            out,
            "  {}. {}",
            course.position.index() + 1,
            course.title.as_str()
        )?;
        for entry in &course.items {
            let title = entry
                .media_item
                .as_ref()
                .map_or("(unknown)", |card| card.title.as_str());
            let notes = entry.notes.as_deref().unwrap_or("");
            writeln!(out, "     {}. {title} {notes}", entry.position.index() + 1)?;
        }
    }
    Ok(())
}

/// The whole session; returns what `main` prints.
async fn curate() -> Outcome<String> {
    let curation = InMemoryCuration::new();
    let service = &curation.service;
    let (ada, grace) = (UserId::new(), UserId::new());

    let neuromancer = MediaItemId::new();
    let matrix = MediaItemId::new();
    let ghost = MediaItemId::new();
    curation
        .store
        .add_media(card(neuromancer, "book", "Neuromancer"));
    curation
        .store
        .add_media(card(matrix, "movie", "The Matrix"));
    curation
        .store
        .add_media(card(ghost, "movie", "Ghost in the Shell"));

    // A menu with one course and one item, created in one call.
    let menu = service
        .create_menu(
            ada,
            MenuDraft {
                title: MenuTitle::parse("Cyberpunk weekend").map_err(invalid)?,
                description: Some("Read, then watch.".to_owned()),
                is_public: false,
                courses: vec![CourseDraft {
                    title: CourseTitle::parse("Friday").map_err(invalid)?,
                    description: None,
                    intent: Some("Set the mood".to_owned()),
                    position: Position::new(1).map_err(invalid)?,
                    items: vec![item(neuromancer, 1, Some("start here"))?],
                }],
            },
        )
        .await?;

    // Another course, then two items in it; then swap them.
    let saturday = service
        .add_course(
            ada,
            menu.id,
            CourseDraft {
                title: CourseTitle::parse("Saturday").map_err(invalid)?,
                description: None,
                intent: None,
                position: Position::new(2).map_err(invalid)?,
                items: Vec::new(),
            },
        )
        .await?;
    let first = service
        .add_item(ada, menu.id, saturday.id, item(matrix, 1, None)?)
        .await?;
    let second = service
        .add_item(
            ada,
            menu.id,
            saturday.id,
            item(ghost, 2, Some("the anime"))?,
        )
        .await?;
    service
        .reorder_items(ada, menu.id, saturday.id, vec![second.id, first.id])
        .await?;

    // Publish it; someone else forks it; the owner shares the original by link.
    service
        .update_menu(
            ada,
            menu.id,
            MenuPatch {
                is_public: Some(true),
                ..MenuPatch::default()
            },
        )
        .await?;
    let fork = service
        .fork_menu(grace, menu.id, ForkDraft::default())
        .await?;
    let link = service.create_share_token(ada, menu.id, None).await?;
    let shared = service.open_share_link(&link.token).await?;

    let mut out = String::new();
    describe(&service.public_menu(&menu.slug).await?, &mut out)?;
    writeln!(out, "forked by another user as:")?;
    describe(&fork, &mut out)?;
    writeln!(
        out,
        "share link {} opened {} time(s), showing {:?}",
        link.token,
        shared.token.access_count,
        shared.menu.title.as_str()
    )?;
    Ok(out)
}

fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    // The service is runtime-agnostic; tokio is this example's choice.
    match tokio::runtime::Builder::new_current_thread().build() {
        Ok(runtime) => runtime.block_on(future),
        Err(error) => panic!("no tokio runtime: {error}"),
    }
}

fn main() -> Outcome<()> {
    print!("{}", block_on(curate())?);
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_example_curates_publishes_forks_and_shares() {
        let printed = super::block_on(super::curate()).unwrap();
        println!("{printed}");
        assert!(printed.starts_with("Cyberpunk weekend (/cyberpunk-weekend), public\n"));
        // Reordered: the second item added comes first.
        let ghost = printed.find("Ghost in the Shell").unwrap();
        let matrix = printed.find("The Matrix").unwrap();
        assert!(ghost < matrix, "{printed}");
        assert!(printed.contains("Cyberpunk weekend (Fork) (/cyberpunk-weekend-fork), private"));
        assert!(printed.contains("opened 1 time(s)"), "{printed}");
    }
}
