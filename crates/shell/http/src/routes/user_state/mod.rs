//! The caller's states, logs and library (API.md §2.7, §5.7), all under `/api/me`.
//!
//! - Every rule is the user-state service's: ownership (someone else's log answers like
//!   a missing one), PUT replacing every field, logs moving the state in `logged_at`
//!   order, the library's order, summary and `next_up`. Handlers parse a body into a
//!   domain command (`try_into_domain()`, every field error at once), call one use
//!   case, and shape the answer.
//! - Errors map in `crate::error` (`From<UserStateError>`): the same answer on every
//!   route.

mod create_log;
mod delete_log;
pub mod dto;
mod library;
mod list_logs;
mod list_states;
mod put_state;
mod update_log;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes on the `/api` scope.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config
        .service(list_states::list_states)
        .service(put_state::put_state)
        .service(library::library)
        .service(list_logs::list_logs)
        .service(create_log::create_log)
        .service(update_log::update_log)
        .service(delete_log::delete_log);
}
