//! Share links of a menu: list, create, revoke. Opening one is a public route
//! (`routes::public`).

mod create;
mod list;
mod revoke;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes on the `/api` scope.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config
        .service(list::list_share_tokens)
        .service(create::create_share_token)
        .service(revoke::revoke_share_token);
}
