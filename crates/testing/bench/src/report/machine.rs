//! The machine a run measured: CPU model, cores, memory, PostgreSQL version, commit.

use secrecy::SecretString;

use crate::psql;

/// What the report says about the machine.
pub struct Machine {
    /// `/proc/cpuinfo`'s model name.
    pub cpu: String,
    /// Cores the process may use.
    pub cores: usize,
    /// Total memory, GiB.
    pub memory_gib: f64,
    /// `SHOW server_version`.
    pub postgres: String,
    /// `git describe`-like commit (with `-dirty`).
    pub commit: String,
}

impl Machine {
    /// Reads it (fields that cannot be read are `?`).
    #[must_use]
    pub fn read(url: &SecretString) -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        Self {
            cpu: field(&cpuinfo, "model name").unwrap_or_else(|| "?".to_owned()),
            cores: std::thread::available_parallelism().map_or(1, usize::from),
            memory_gib: field(&meminfo, "MemTotal")
                .and_then(|value| value.trim_end_matches("kB").trim().parse::<f64>().ok())
                .map_or(0.0, |kib| kib / 1_048_576.0),
            postgres: psql::query(url, "SHOW server_version").unwrap_or_else(|_| "?".to_owned()),
            commit: commit(),
        }
    }
}

/// The value of the first `name: value` line.
fn field(text: &str, name: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key.trim() == name).then(|| value.trim().to_owned())
    })
}

fn commit() -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
    };
    let Some(hash) = git(&["rev-parse", "--short=12", "HEAD"]) else {
        return "?".to_owned();
    };
    let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
        .is_some_and(|status| !status.is_empty());
    if dirty { format!("{hash}-dirty") } else { hash }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_from_proc_style_text() {
        let text = "processor\t: 0\nmodel name\t: AMD EPYC 7B13\nMemTotal:       24684732 kB\n";
        assert_eq!(field(text, "model name").as_deref(), Some("AMD EPYC 7B13"));
        assert_eq!(field(text, "MemTotal").as_deref(), Some("24684732 kB"));
        assert_eq!(field(text, "flags"), None);
    }
}
