#![doc = include_str!("../README.md")]

mod rows;
mod server;
mod template;
mod test_db;

pub use rows::{count, execute};
pub use server::{Server, TEST_DATABASE_URL, cluster_options, private_cluster_dir};
pub use template::{TEMPLATE_PREFIX, TEST_DATABASE_PREFIX, template_database};
pub use test_db::TestDb;

/// Rebuilds the template database from this build's migrations, whether or not it is
/// current (under the same advisory lock as the lazy build).
///
/// # Errors
/// Fails when the server does not answer or a migration fails.
pub fn rebuild_template(server: &Server) -> anyhow::Result<()> {
    template::force_rebuild(server)
}
