//! Accounts and sessions through the in-process app, against a real database
//! (API.md §1.3, §1.7, §2.2, §2.3, §5.1, §6.5, §6.6, §6.20).

mod concurrency;
mod cors;
mod docs;
mod flow;
mod logging;
mod rate_limits;
mod retention;
mod saturation;
mod sessions;
pub(crate) mod support;
mod token_matrix;
mod tokens;
mod validation;
