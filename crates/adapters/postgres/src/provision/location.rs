//! Where a private cluster keeps its files.
//!
//! Normally in the state directory the caller names (`./.tastebuds` for the binary). A
//! root process runs the server as an unprivileged user, who may be unable to reach that
//! directory (a checkout under `/root`, mode 0700). Then the cluster lives in
//! `<clusters dir>/<project>-<hash>` (`/var/lib/tastebuds/clusters/…`, see
//! [`Host`]), named after the canonical state directory so every restart finds it
//! again, and the state directory gets a `cluster` symlink to it. Only the data
//! directory inside is handed to that user (mode 0700); the rest stays root's.

use std::fs;
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::{DirBuilderExt as _, MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use sha2::{Digest as _, Sha256};

use super::host::Host;
use super::run_as::RunAs;

/// The symlink in a state directory that points at its relocated cluster.
pub(crate) const POINTER: &str = "cluster";
/// Characters of the project name kept in a relocated cluster's directory name.
const MAX_NAME_CHARS: usize = 24;
/// Hex digits of the state directory's hash in that name.
const HASH_CHARS: usize = 16;

/// The cluster directory for the canonical `state_dir`: the state directory itself
/// unless the server runs as a user who cannot enter it, or the cluster was relocated
/// before (its data stays where it is). Logs where a relocated cluster lives.
///
/// # Errors
/// Fails when the access check cannot run.
pub(crate) fn resolve(state_dir: &Path, run_as: &RunAs, host: &Host) -> anyhow::Result<PathBuf> {
    let Some(user) = run_as.unprivileged_name() else {
        return Ok(state_dir.to_path_buf());
    };
    let elsewhere = relocated(state_dir, host);
    if is_initialized(&elsewhere) || !run_as.can_enter(state_dir)? {
        tracing::info!(
            state_dir = %state_dir.display(),
            cluster_dir = %elsewhere.display(),
            "the private PostgreSQL cluster runs as user {user}, who cannot reach the state \
             directory: its files live in cluster_dir instead (linked from state_dir/{POINTER})"
        );
        return Ok(elsewhere);
    }
    Ok(state_dir.to_path_buf())
}

/// The directory of an initialized cluster for the canonical `state_dir`, if any (a
/// relocated one first, as in [`resolve`]).
pub(crate) fn existing(state_dir: &Path, host: &Host) -> Option<PathBuf> {
    [relocated(state_dir, host), state_dir.to_path_buf()]
        .into_iter()
        .find(|dir| is_initialized(dir))
}

/// Creates `dir` if needed (mode 0755) and returns its canonical path, refusing a
/// directory someone else owns and closing one others may write to: this process
/// writes, chowns and locks files in it, so nobody else may plant entries there.
///
/// # Errors
/// Fails when it cannot be created or belongs to another user.
pub(crate) fn prepare(dir: &Path) -> anyhow::Result<PathBuf> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o755)
        .create(dir)
        .with_context(|| format!("creating {}", dir.display()))?;
    let dir = fs::canonicalize(dir).with_context(|| format!("resolving {}", dir.display()))?;
    let metadata = fs::metadata(&dir).with_context(|| format!("inspecting {}", dir.display()))?;
    let me = nix::unistd::geteuid().as_raw();
    if metadata.uid() != me {
        bail!(
            "refusing to keep a PostgreSQL cluster in {}: it belongs to uid {}, not to this \
             user (uid {me})",
            dir.display(),
            metadata.uid()
        );
    }
    let mode = metadata.mode() & 0o7777;
    if mode & 0o022 != 0 {
        fs::set_permissions(&dir, fs::Permissions::from_mode(mode & !0o022))
            .with_context(|| format!("closing {} to other writers", dir.display()))?;
    }
    Ok(dir)
}

/// Points `state_dir/cluster` at `cluster_dir` (best effort: it only tells people where
/// the cluster went).
pub(crate) fn record(state_dir: &Path, cluster_dir: &Path) {
    let link = state_dir.join(POINTER);
    match fs::read_link(&link) {
        Ok(target) if target == cluster_dir => return,
        Ok(_) => {
            if let Err(error) = fs::remove_file(&link) {
                tracing::warn!(link = %link.display(), %error, "could not replace the cluster link");
                return;
            }
        }
        Err(_) => {}
    }
    if let Err(error) = std::os::unix::fs::symlink(cluster_dir, &link) {
        tracing::warn!(link = %link.display(), %error, "could not link to the relocated cluster");
    }
}

/// `<clusters dir>/<project>-<hash of the canonical state directory>`.
fn relocated(state_dir: &Path, host: &Host) -> PathBuf {
    host.clusters_dir.join(relocated_name(state_dir))
}

/// The project's directory name (the state directory's parent), made filename-safe and
/// short, then the first hex digits of the state directory path's SHA-256.
fn relocated_name(state_dir: &Path) -> String {
    let project = state_dir
        .parent()
        .and_then(Path::file_name)
        .or_else(|| state_dir.file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut name: String = project
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(MAX_NAME_CHARS)
        .collect();
    if name.is_empty() || name.starts_with('.') {
        name.insert(0, 'p');
    }
    let hash = format!("{:x}", Sha256::digest(state_dir.as_os_str().as_bytes()));
    format!("{name}-{}", &hash[..HASH_CHARS])
}

fn is_initialized(dir: &Path) -> bool {
    dir.join("pgdata").join("PG_VERSION").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relocated_names_are_stable_safe_and_distinct() {
        let a = relocated_name(Path::new("/root/my app/.tastebuds"));
        assert_eq!(a, relocated_name(Path::new("/root/my app/.tastebuds")));
        assert!(a.starts_with("my_app-"), "{a}");
        assert_eq!(a.len(), "my_app-".len() + HASH_CHARS);
        let b = relocated_name(Path::new("/home/x/my app/.tastebuds"));
        assert!(b.starts_with("my_app-"), "{b}");
        assert_ne!(a, b);
        assert!(relocated_name(Path::new("/.tastebuds")).starts_with("p.tastebuds-"));
        let long = relocated_name(Path::new(&format!("/{}/.tastebuds", "x".repeat(200))));
        assert_eq!(long.len(), MAX_NAME_CHARS + 1 + HASH_CHARS);
    }

    #[test]
    fn the_current_user_keeps_the_cluster_in_the_state_directory() {
        let host = Host {
            clusters_dir: PathBuf::from("/nonexistent/clusters"),
            ..Host::default()
        };
        let state = Path::new("/some/project/.tastebuds");
        assert_eq!(
            resolve(state, &RunAs::CurrentUser, &host).unwrap(),
            state.to_path_buf()
        );
        assert_eq!(existing(state, &host), None);
    }

    #[test]
    fn prepare_creates_and_closes_the_directory() {
        let parent = tempfile::tempdir().unwrap();
        let dir = parent.path().join("a/b");
        let prepared = prepare(&dir).unwrap();
        assert_eq!(prepared, fs::canonicalize(&dir).unwrap());

        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
        prepare(&dir).unwrap();
        let mode = fs::metadata(&dir).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o755);
    }

    #[test]
    fn prepare_refuses_a_directory_someone_else_owns() {
        if !nix::unistd::geteuid().is_root() {
            return; // only root can give a directory away
        }
        let parent = tempfile::tempdir().unwrap();
        std::os::unix::fs::chown(parent.path(), Some(65_534), Some(65_534)).unwrap();
        let error = prepare(parent.path()).unwrap_err().to_string();
        assert!(error.contains("belongs to uid 65534"), "{error}");
    }

    #[test]
    fn record_points_the_state_directory_at_the_cluster() {
        let state = tempfile::tempdir().unwrap();
        record(state.path(), Path::new("/var/lib/tastebuds/clusters/a-1"));
        record(state.path(), Path::new("/var/lib/tastebuds/clusters/b-2"));
        assert_eq!(
            fs::read_link(state.path().join(POINTER)).unwrap(),
            PathBuf::from("/var/lib/tastebuds/clusters/b-2")
        );
    }
}
