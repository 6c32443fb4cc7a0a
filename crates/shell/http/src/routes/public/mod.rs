//! The public menu routes (API.md §2.10; no authentication): a public menu by slug, its
//! public lineage, and any menu through a share link. The web app calls them from its
//! own server, without cookies.
//!
//! - Nothing in a public answer identifies the owner: menus go out as PublicMenu (no
//!   `owner_id`).
//! - A private menu and a missing one answer the same 404 `Menu not found`.
//! - `/api/public/menus/draft/{token}` is registered first, so a path of that form
//!   always reaches the draft view, never the lineage of a menu slugged `draft` (no slug
//!   is ever `draft`).

mod draft;
mod lineage;
mod menu;
mod paths;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes on the `/api` scope.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config
        .service(draft::draft_menu)
        .service(menu::public_menu)
        .service(lineage::public_lineage);
}
