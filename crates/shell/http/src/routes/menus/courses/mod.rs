//! Courses of a menu: add, change, delete, and reorder their items.

mod create;
mod delete;
mod reorder_items;
mod update;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes on the `/api` scope.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config
        .service(create::create_course)
        .service(update::update_course)
        .service(delete::delete_course)
        .service(reorder_items::reorder_items);
}
