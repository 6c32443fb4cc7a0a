//! Menus, courses, course items, pairings, forks, lineage and share links (API.md §2.9;
//! every route requires an access token).
//!
//! - Handlers parse, call one `CurationService` use case, and shape the answer: the
//!   rules (ownership, slugs, dense positions, the stale-write guard, forks, lineage
//!   limits, share-link lifetimes) are the service's. Its errors map to statuses and
//!   messages in `crate::error`.
//! - Someone else's menu, course, item, pairing or share link answers exactly like a
//!   missing one (404), on every route; fork alone also reads public menus.
//! - One file per action; `dto` holds the bodies and answers.

mod courses;
mod create;
mod delete;
pub mod dto;
mod fork;
mod items;
mod lineage;
mod list;
mod pairings;
mod previews;
mod read;
mod reorder_courses;
mod share_tokens;
mod update;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes on the `/api` scope.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config
        .service(list::list_menus)
        .service(create::create_menu)
        .service(read::get_menu)
        .service(update::update_menu)
        .service(delete::delete_menu)
        .service(reorder_courses::reorder_courses)
        .service(fork::fork_menu)
        .service(lineage::menu_lineage)
        .configure(courses::configure)
        .configure(items::configure)
        .configure(pairings::configure)
        .configure(share_tokens::configure);
}
