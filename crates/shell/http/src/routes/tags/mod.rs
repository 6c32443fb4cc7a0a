//! Tags (API.md §2.8, §5.8): a caller's own tags plus the global ones, and their links to
//! catalog items.
//!
//! - Every rule (visibility, who may delete, the name order, idempotent attach) is the
//!   tagging service's; handlers parse, call one use case and shape the answer.
//! - The same domain error answers differently per route (attach: 400 `Tag not
//!   available`; detach: 404): each handler names its route when it maps the error, and
//!   the mapping itself is [`ApiError::from_tagging`](crate::error::ApiError::from_tagging).

mod attach;
mod create;
mod delete;
mod detach;
pub mod dto;
mod list;
mod on_item;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes on the `/api` scope.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config
        .service(list::list_tags)
        .service(create::create_tag)
        .service(delete::delete_tag)
        .service(on_item::tags_on_item)
        .service(attach::attach_tag)
        .service(detach::detach_tag);
}
