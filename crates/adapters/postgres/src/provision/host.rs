//! What the zero-configuration ladder assumes about the machine, and the hidden
//! environment variables that override it.
//!
//! The variables are deliberately not settings: they are outside `tastebuds.toml` and the
//! `TASTEBUDS__SECTION__KEY` namespace, and the user documentation does not mention them.
//! They let end-to-end tests walk the whole ladder on a machine whose PostgreSQL on
//! 127.0.0.1:5432 must keep running (others use it), and serve as an escape hatch on
//! unusual machines. An empty value counts as unset, except where noted.

use std::ffi::OsString;
use std::path::PathBuf;

/// Replaces the "local server" rung's base URL (`postgres://user@host:port`, no
/// database), normally `postgres://postgres@127.0.0.1:5432`.
pub const LOCAL_SERVER_URL_VAR: &str = "TASTEBUDS_LOCAL_SERVER_URL";

/// Replaces the directory searched for `<major>/bin/{initdb,pg_ctl}` after `PATH`,
/// normally `/usr/lib/postgresql`. Set but empty: search `PATH` only.
pub const PG_VERSIONS_DIR_VAR: &str = "TASTEBUDS_PG_VERSIONS_DIR";

/// Replaces the directory that holds private clusters moved out of a state directory
/// the server's unprivileged user cannot reach, normally `/var/lib/tastebuds/clusters`.
pub const CLUSTERS_DIR_VAR: &str = "TASTEBUDS_CLUSTERS_DIR";

const LOCAL_SERVER: &str = "postgres://postgres@127.0.0.1:5432";
const PG_VERSIONS_DIR: &str = "/usr/lib/postgresql";
/// Not `/var/tmp`: only root can create entries in `/var/lib` (nobody can plant a
/// directory or symlink there first) and temp cleaners never age data out of it.
const CLUSTERS_DIR: &str = "/var/lib/tastebuds/clusters";

/// The machine facts the ladder uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Host {
    /// The `PATH` searched first for the PostgreSQL binaries.
    pub(crate) path: Option<OsString>,
    /// Base URL of the server tried when nothing is configured.
    pub(crate) local_server: String,
    /// Where Debian-style packages install one `<major>/bin` per version (`None`:
    /// search `PATH` only).
    pub(crate) pg_versions_dir: Option<PathBuf>,
    /// Where relocated private clusters live.
    pub(crate) clusters_dir: PathBuf,
}

impl Default for Host {
    fn default() -> Self {
        Self {
            path: None,
            local_server: LOCAL_SERVER.to_owned(),
            pg_versions_dir: Some(PathBuf::from(PG_VERSIONS_DIR)),
            clusters_dir: PathBuf::from(CLUSTERS_DIR),
        }
    }
}

impl Host {
    /// The defaults, with this process's `PATH` and overriding variables applied.
    pub(crate) fn from_env() -> Self {
        Self::from_vars(|name| std::env::var_os(name))
    }

    fn from_vars(var: impl Fn(&str) -> Option<OsString>) -> Self {
        let defaults = Self::default();
        let set = |name: &str| var(name).filter(|value| !value.is_empty());
        Self {
            path: var("PATH"),
            local_server: set(LOCAL_SERVER_URL_VAR)
                .and_then(|value| value.into_string().ok())
                .map_or(defaults.local_server, |url| {
                    url.trim_end_matches('/').to_owned()
                }),
            pg_versions_dir: match var(PG_VERSIONS_DIR_VAR) {
                None => defaults.pg_versions_dir,
                Some(value) if value.is_empty() => None,
                Some(value) => Some(PathBuf::from(value)),
            },
            clusters_dir: set(CLUSTERS_DIR_VAR).map_or(defaults.clusters_dir, PathBuf::from),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn host_with(vars: &[(&str, &str)]) -> Host {
        let vars: HashMap<String, OsString> = vars
            .iter()
            .map(|(name, value)| ((*name).to_owned(), OsString::from(value)))
            .collect();
        Host::from_vars(|name| vars.get(name).cloned())
    }

    #[test]
    fn without_variables_the_defaults_apply() {
        assert_eq!(host_with(&[]), Host::default());
        assert_eq!(
            host_with(&[("PATH", "/bin")]).path,
            Some(OsString::from("/bin"))
        );
        assert_eq!(
            host_with(&[(LOCAL_SERVER_URL_VAR, ""), (CLUSTERS_DIR_VAR, "")]),
            Host::default()
        );
        assert_eq!(
            Host::default().local_server,
            "postgres://postgres@127.0.0.1:5432"
        );
    }

    #[test]
    fn variables_override_each_fact() {
        let host = host_with(&[
            (LOCAL_SERVER_URL_VAR, "postgres://me@127.0.0.1:1/"),
            (PG_VERSIONS_DIR_VAR, "/opt/pg"),
            (CLUSTERS_DIR_VAR, "/srv/clusters"),
        ]);
        assert_eq!(host.local_server, "postgres://me@127.0.0.1:1");
        assert_eq!(host.pg_versions_dir, Some(PathBuf::from("/opt/pg")));
        assert_eq!(host.clusters_dir, PathBuf::from("/srv/clusters"));
    }

    #[test]
    fn an_empty_versions_dir_disables_that_lookup() {
        assert_eq!(
            host_with(&[(PG_VERSIONS_DIR_VAR, "")]).pg_versions_dir,
            None
        );
    }
}
