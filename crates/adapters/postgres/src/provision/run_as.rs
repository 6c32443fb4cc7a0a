//! Which operating-system user runs `initdb` and the server: PostgreSQL refuses to run
//! as root, so a root process hands them to an unprivileged account.

use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::Command;

use anyhow::{Context as _, bail};
use nix::unistd::{Gid, Uid, User};

/// Accounts tried, in order, when running as root.
const UNPRIVILEGED_USERS: [&str; 2] = ["postgres", "nobody"];

/// The identity PostgreSQL processes get.
#[derive(Clone, Debug)]
pub(crate) enum RunAs {
    /// Not root: run as ourselves.
    CurrentUser,
    /// Root: switch to this account (the standard library also drops supplementary
    /// groups when a root process sets a child's uid).
    Unprivileged {
        /// Account name, for messages.
        name: String,
        /// Its user id.
        uid: Uid,
        /// Its primary group id.
        gid: Gid,
    },
}

impl RunAs {
    /// Picks the identity for this process.
    pub(crate) fn detect() -> anyhow::Result<Self> {
        if !nix::unistd::geteuid().is_root() {
            return Ok(Self::CurrentUser);
        }
        for name in UNPRIVILEGED_USERS {
            if let Some(user) =
                User::from_name(name).with_context(|| format!("looking up user {name}"))?
            {
                return Ok(Self::Unprivileged {
                    name: user.name,
                    uid: user.uid,
                    gid: user.gid,
                });
            }
        }
        bail!(
            "PostgreSQL refuses to run as root and none of the users {UNPRIVILEGED_USERS:?} exists to run it as"
        )
    }

    /// A command for `program` that runs under this identity, in `/`.
    pub(crate) fn command(&self, program: &Path) -> Command {
        let mut command = Command::new(program);
        command.current_dir("/");
        if let Self::Unprivileged { uid, gid, .. } = self {
            command.gid(gid.as_raw()).uid(uid.as_raw());
        }
        command
    }

    /// Gives `path` to this identity (a no-op for the current user).
    pub(crate) fn chown(&self, path: &Path) -> anyhow::Result<()> {
        if let Self::Unprivileged { uid, gid, name } = self {
            std::os::unix::fs::chown(path, Some(uid.as_raw()), Some(gid.as_raw()))
                .with_context(|| format!("giving {} to user {name}", path.display()))?;
        }
        Ok(())
    }

    /// The account's name when it is not the current user.
    pub(crate) fn unprivileged_name(&self) -> Option<&str> {
        match self {
            Self::CurrentUser => None,
            Self::Unprivileged { name, .. } => Some(name),
        }
    }

    /// True when this identity can enter `dir`: it exists and every directory on the way
    /// is searchable by it (a checkout under `/root`, mode 0700, is not).
    pub(crate) fn can_enter(&self, dir: &Path) -> anyhow::Result<bool> {
        if matches!(self, Self::CurrentUser) {
            return Ok(dir.is_dir());
        }
        let status = self
            .command(Path::new("test"))
            .arg("-x")
            .arg(dir)
            .status()
            .context("running `test` to check directory access")?;
        Ok(status.success())
    }

    /// Fails with a clear message when this identity cannot write to `dir` (typically
    /// because a parent directory such as `/root` is closed to other users).
    pub(crate) fn check_writable(&self, dir: &Path) -> anyhow::Result<()> {
        let Self::Unprivileged { name, .. } = self else {
            return Ok(());
        };
        let status = self
            .command(Path::new("test"))
            .arg("-w")
            .arg(dir)
            .status()
            .context("running `test` to check directory access")?;
        if !status.success() {
            bail!(
                "PostgreSQL must run as user {name} (it refuses root), but {name} cannot write to {}; \
                 put the state directory somewhere that user can reach",
                dir.display()
            );
        }
        Ok(())
    }
}
