//! Pairings between two items of a menu: list, create, delete.

mod create;
mod delete;
mod list;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes on the `/api` scope.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config
        .service(list::list_pairings)
        .service(create::create_pairing)
        .service(delete::delete_pairing);
}
