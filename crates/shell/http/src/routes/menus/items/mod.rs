//! Course items: add to a course, change notes, delete.

mod create;
mod delete;
mod update;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes on the `/api` scope.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config
        .service(create::create_item)
        .service(update::update_item)
        .service(delete::delete_item);
}
