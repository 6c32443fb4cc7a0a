//! Finding the PostgreSQL server binaries (`initdb`, `pg_ctl`) on this machine.

use std::path::{Path, PathBuf};

/// Where Debian/Ubuntu packages install each major version's binaries.
const DEBIAN_LAYOUT: &str = "/usr/lib/postgresql";

/// The two programs needed to create and run a cluster, from the same installation.
#[derive(Clone, Debug)]
pub(crate) struct Binaries {
    pub(crate) initdb: PathBuf,
    pub(crate) pg_ctl: PathBuf,
}

impl Binaries {
    /// Looks on `PATH` first, then in `/usr/lib/postgresql/*/bin`, highest version first.
    pub(crate) fn locate() -> Option<Self> {
        let on_path = which::which_all("initdb")
            .into_iter()
            .flatten()
            .filter_map(|initdb| initdb.parent().map(Path::to_path_buf));
        on_path
            .chain(debian_bin_dirs())
            .find_map(|dir| Self::in_dir(&dir))
    }

    fn in_dir(dir: &Path) -> Option<Self> {
        let initdb = dir.join("initdb");
        let pg_ctl = dir.join("pg_ctl");
        (initdb.is_file() && pg_ctl.is_file()).then_some(Self { initdb, pg_ctl })
    }
}

/// `/usr/lib/postgresql/<major>/bin`, highest major version first.
fn debian_bin_dirs() -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(DEBIAN_LAYOUT) else {
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
}
