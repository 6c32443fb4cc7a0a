//! Finding the PostgreSQL server binaries (`initdb`, `pg_ctl`) on this machine.

use std::path::{Path, PathBuf};

use super::host::Host;

/// The two programs needed to create and run a cluster, from the same installation.
#[derive(Clone, Debug)]
pub(crate) struct Binaries {
    pub(crate) initdb: PathBuf,
    pub(crate) pg_ctl: PathBuf,
}

impl Binaries {
    /// Looks on the host's `PATH` first, then in its `<versions dir>/*/bin`
    /// (`/usr/lib/postgresql`), highest version first.
    pub(crate) fn locate(host: &Host) -> Option<Self> {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        let on_path = which::which_in_all("initdb", host.path.as_ref(), cwd)
            .into_iter()
            .flatten()
            .filter_map(|initdb| initdb.parent().map(Path::to_path_buf));
        let versioned = host
            .pg_versions_dir
            .as_deref()
            .map(versioned_bin_dirs)
            .unwrap_or_default();
        on_path.chain(versioned).find_map(|dir| Self::in_dir(&dir))
    }

    fn in_dir(dir: &Path) -> Option<Self> {
        let initdb = dir.join("initdb");
        let pg_ctl = dir.join("pg_ctl");
        (initdb.is_file() && pg_ctl.is_file()).then_some(Self { initdb, pg_ctl })
    }
}

/// `<versions dir>/<major>/bin` (the Debian/Ubuntu layout under `/usr/lib/postgresql`),
/// highest major version first.
fn versioned_bin_dirs(versions_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(versions_dir) else {
        return Vec::new();
    };
    let mut versions: Vec<(Vec<u32>, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let version = parse_version(&name)?;
            Some((version, entry.path().join("bin")))
        })
        .collect();
    versions.sort_by(|a, b| b.0.cmp(&a.0));
    versions.into_iter().map(|(_, dir)| dir).collect()
}

/// `"15"` → `[15]`, `"9.6"` → `[9, 6]`; anything else is not a version directory.
fn parse_version(name: &str) -> Option<Vec<u32>> {
    name.split('.').map(|part| part.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_sort_numerically() {
        let mut versions = vec![
            parse_version("9.6").unwrap(),
            parse_version("15").unwrap(),
            parse_version("10").unwrap(),
        ];
        versions.sort();
        assert_eq!(versions, vec![vec![9, 6], vec![10], vec![15]]);
        assert_eq!(parse_version("common"), None);
    }

    #[test]
    fn the_versions_dir_is_searched_highest_version_first() {
        let versions = tempfile::tempdir().unwrap();
        for version in ["9.6", "15", "common"] {
            let bin = versions.path().join(version).join("bin");
            std::fs::create_dir_all(&bin).unwrap();
            for program in ["initdb", "pg_ctl"] {
                std::fs::write(bin.join(program), "").unwrap();
            }
        }
        let host = Host {
            path: None,
            pg_versions_dir: Some(versions.path().to_path_buf()),
            ..Host::default()
        };
        let found = Binaries::locate(&host).unwrap();
        assert_eq!(found.initdb, versions.path().join("15/bin/initdb"));
        assert_eq!(found.pg_ctl, versions.path().join("15/bin/pg_ctl"));

        let nowhere = Host {
            pg_versions_dir: None,
            ..host
        };
        assert!(Binaries::locate(&nowhere).is_none());
    }
}
