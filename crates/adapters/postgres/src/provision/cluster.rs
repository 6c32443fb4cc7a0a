//! A private PostgreSQL cluster run from the local binaries: created on first use,
//! started on demand and reused while it runs.
//!
//! The cluster directory is the state directory the caller names, or a directory the
//! server's unprivileged user can reach when this process is root and that user cannot
//! enter the state directory (see the `location` module).
//!
//! Layout under the cluster directory:
//! - `pgdata/`: the data directory (`initdb -A trust -U postgres`);
//! - `socket/`: the Unix socket directory (sockets are disabled when the path is too
//!   long for one);
//! - `postgres.log`: the server log (mode 0600);
//! - `port`: the TCP port (127.0.0.1 only), so a restart reuses the cluster's port;
//! - `cluster.lock`: held while starting or stopping, so concurrent processes do not
//!   race (one starts the cluster, the others reuse it).

use std::fs::{self, File};
use std::net::TcpListener;
use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _};
use std::path::{Path, PathBuf};
use std::process::Output;

use anyhow::{Context as _, anyhow, bail};
use secrecy::SecretString;

use super::binaries::Binaries;
use super::host::Host;
use super::location;
use super::run_as::RunAs;

/// The superuser `initdb` creates; authentication is `trust` on 127.0.0.1.
const SUPERUSER: &str = "postgres";
/// Longest Unix socket path (`sun_path`) less room for `/.s.PGSQL.<port>`.
const MAX_SOCKET_DIR_LEN: usize = 90;
/// How long `pg_ctl` waits for the server to start or stop, in seconds.
const PG_CTL_TIMEOUT_SECS: &str = "60";
/// How many fresh ports to try when another process grabs the chosen one first.
const START_ATTEMPTS: usize = 3;
/// The server log, in the cluster directory.
const LOG_FILE: &str = "postgres.log";

/// Server settings for a cluster this process starts (ignored when it reuses a running
/// one).
#[derive(Clone, Debug, Default)]
pub struct ClusterOptions {
    settings: Vec<(String, String)>,
}

impl ClusterOptions {
    /// No extra settings.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a server setting, passed as `-c name=value` (e.g. `fsync`, `off`).
    #[must_use]
    pub fn setting(mut self, name: &str, value: &str) -> Self {
        self.settings.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// A private cluster, running.
///
/// Dropping it leaves the server running; call [`PrivateCluster::stop`] to stop it.
#[derive(Debug)]
pub struct PrivateCluster {
    dir: PathBuf,
    data_dir: PathBuf,
    port: u16,
    pg_ctl: PathBuf,
    run_as: RunAs,
    started_here: bool,
}

impl PrivateCluster {
    /// True when `initdb` and `pg_ctl` can be found on this machine.
    #[must_use]
    pub fn binaries_available() -> bool {
        Binaries::locate(&Host::from_env()).is_some()
    }

    /// Ensures the cluster of the state directory `dir` runs: reuses it when already
    /// running, else initializes it (first use) and starts it on a free 127.0.0.1 port
    /// (the one it used before when still free).
    ///
    /// Blocking. When running as root, the server runs as an unprivileged user
    /// (`postgres`, else `nobody`) who is given the data directory (mode 0700). When
    /// that user cannot enter `dir`, the cluster lives in
    /// `/var/lib/tastebuds/clusters/<project>-<hash of dir>` instead and `dir/cluster`
    /// links to it; [`PrivateCluster::dir`] tells which.
    ///
    /// # Errors
    /// Fails when the binaries are missing, the directory cannot be prepared (or belongs
    /// to another user), or `initdb`/`pg_ctl` fail (the error carries their output or
    /// the server log).
    pub fn start(dir: &Path, options: &ClusterOptions) -> anyhow::Result<Self> {
        Self::start_on(&Host::from_env(), dir, options)
    }

    /// [`PrivateCluster::start`] on the given host facts.
    pub(crate) fn start_on(
        host: &Host,
        state_dir: &Path,
        options: &ClusterOptions,
    ) -> anyhow::Result<Self> {
        let binaries = Binaries::locate(host).ok_or_else(|| binaries_missing(host))?;
        let run_as = RunAs::detect()?;
        fs::create_dir_all(state_dir)
            .with_context(|| format!("creating {}", state_dir.display()))?;
        let state_dir = fs::canonicalize(state_dir)
            .with_context(|| format!("resolving {}", state_dir.display()))?;
        let dir = location::resolve(&state_dir, &run_as, host)?;
        let dir = location::prepare(&dir)?;
        if dir != state_dir {
            location::record(&state_dir, &dir);
        }
        let _lock = lock(&dir)?;
        let mut cluster = Self::new(dir, &binaries, run_as);
        cluster.init_if_needed(&binaries)?;
        if cluster.is_running()? {
            cluster.port = cluster.running_port()?;
            tracing::debug!(port = cluster.port, dir = %cluster.dir.display(), "reusing private PostgreSQL cluster");
            return Ok(cluster);
        }
        cluster.start_server(options)?;
        cluster.started_here = true;
        Ok(cluster)
    }

    /// The cluster of the state directory `dir` (wherever [`PrivateCluster::start`] put
    /// it) if its server is running, without starting anything.
    ///
    /// # Errors
    /// Fails when the binaries are missing or `pg_ctl status` fails unexpectedly.
    pub fn running(dir: &Path) -> anyhow::Result<Option<Self>> {
        Self::running_on(&Host::from_env(), dir)
    }

    /// [`PrivateCluster::running`] on the given host facts.
    pub(crate) fn running_on(host: &Host, state_dir: &Path) -> anyhow::Result<Option<Self>> {
        let Ok(state_dir) = fs::canonicalize(state_dir) else {
            return Ok(None); // No state directory, no cluster.
        };
        let Some(dir) = location::existing(&state_dir, host) else {
            return Ok(None);
        };
        let binaries = Binaries::locate(host).ok_or_else(|| binaries_missing(host))?;
        let mut cluster = Self::new(dir, &binaries, RunAs::detect()?);
        if !cluster.is_running()? {
            return Ok(None);
        }
        cluster.port = cluster.running_port()?;
        Ok(Some(cluster))
    }

    /// The URL of `database` on this cluster (superuser `postgres`, trust auth).
    #[must_use]
    pub fn url_for(&self, database: &str) -> SecretString {
        SecretString::from(format!(
            "postgres://{SUPERUSER}@127.0.0.1:{}/{database}",
            self.port
        ))
    }

    /// The TCP port the server listens on (127.0.0.1).
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The cluster directory (holding `pgdata/` and `postgres.log`): the state
    /// directory, or where the cluster was relocated to.
    #[must_use]
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The data directory.
    #[must_use]
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// The server log.
    #[must_use]
    pub fn log_file(&self) -> PathBuf {
        self.dir.join(LOG_FILE)
    }

    /// True when [`PrivateCluster::start`] started the server, false when it found it
    /// already running.
    #[must_use]
    pub fn started_here(&self) -> bool {
        self.started_here
    }

    /// Stops the server (fast shutdown: open sessions are disconnected).
    ///
    /// # Errors
    /// Fails when `pg_ctl stop` fails while the server still runs.
    pub fn stop(self) -> anyhow::Result<()> {
        let _lock = lock(&self.dir)?;
        if !self.is_running()? {
            return Ok(());
        }
        let output = self
            .pg_ctl()
            .args(["stop", "-m", "fast", "-w", "-t", PG_CTL_TIMEOUT_SECS])
            .output()
            .context("running pg_ctl stop")?;
        check("pg_ctl stop", &output)?;
        tracing::info!(data_dir = %self.data_dir.display(), "stopped the private PostgreSQL cluster");
        Ok(())
    }

    fn new(dir: PathBuf, binaries: &Binaries, run_as: RunAs) -> Self {
        Self {
            data_dir: dir.join("pgdata"),
            dir,
            port: 0,
            pg_ctl: binaries.pg_ctl.clone(),
            run_as,
            started_here: false,
        }
    }

    fn init_if_needed(&self, binaries: &Binaries) -> anyhow::Result<()> {
        if self.data_dir.join("PG_VERSION").is_file() {
            return Ok(());
        }
        if self.data_dir.exists() {
            // A previous initdb died half-way; start over.
            fs::remove_dir_all(&self.data_dir)
                .with_context(|| format!("removing incomplete {}", self.data_dir.display()))?;
        }
        fs::DirBuilder::new()
            .mode(0o700)
            .create(&self.data_dir)
            .with_context(|| format!("creating {}", self.data_dir.display()))?;
        self.run_as.chown(&self.data_dir)?;
        self.run_as.check_writable(&self.data_dir)?;
        let initdb = |locale: &str| -> anyhow::Result<Output> {
            self.run_as
                .command(&binaries.initdb)
                .arg("-D")
                .arg(&self.data_dir)
                .args([
                    "-A",
                    "trust",
                    "-U",
                    SUPERUSER,
                    "--no-sync",
                    "-E",
                    "UTF8",
                    locale,
                ])
                .output()
                .context("running initdb")
        };
        // C.UTF-8 gives Unicode-aware lower/upper; not every system has it.
        let output = initdb("--locale=C.UTF-8")?;
        if output.status.success() {
            return Ok(());
        }
        tracing::debug!(stderr = %String::from_utf8_lossy(&output.stderr), "initdb with C.UTF-8 failed, retrying without a locale");
        clear_dir(&self.data_dir)?;
        check("initdb", &initdb("--no-locale")?)
    }

    fn is_running(&self) -> anyhow::Result<bool> {
        let output = self
            .pg_ctl()
            .arg("status")
            .output()
            .context("running pg_ctl status")?;
        // 0: running; 3: not running; 4: no accessible data directory.
        match output.status.code() {
            Some(0) => Ok(true),
            Some(3) => Ok(false),
            _ => check("pg_ctl status", &output).map(|()| false),
        }
    }

    /// The port of the running server: `postmaster.pid` line 4, else the port file.
    fn running_port(&self) -> anyhow::Result<u16> {
        let from_pid = fs::read_to_string(self.data_dir.join("postmaster.pid"))
            .ok()
            .and_then(|pid| pid.lines().nth(3).and_then(|line| line.trim().parse().ok()));
        from_pid.or_else(|| self.remembered_port()).ok_or_else(|| {
            anyhow!(
                "cannot tell the port of the running cluster in {}",
                self.dir.display()
            )
        })
    }

    fn remembered_port(&self) -> Option<u16> {
        fs::read_to_string(self.dir.join("port"))
            .ok()?
            .trim()
            .parse()
            .ok()
    }

    fn start_server(&mut self, options: &ClusterOptions) -> anyhow::Result<()> {
        let socket_dir = self.socket_dir()?;
        let log = self.log_file();
        if !log.exists() {
            File::options()
                .append(true)
                .create_new(true)
                .mode(0o600)
                .open(&log)
                .with_context(|| format!("creating {}", log.display()))?;
        }
        self.run_as.chown(&log)?;
        let mut port = self.remembered_port().filter(|&port| port_is_free(port));
        let mut last_error = None;
        for _ in 0..START_ATTEMPTS {
            self.port = match port.take() {
                Some(port) => port,
                None => free_port()?,
            };
            fs::write(self.dir.join("port"), self.port.to_string())
                .context("remembering the cluster port")?;
            let mut server_options = format!(
                "-c listen_addresses=127.0.0.1 -p {} -k {}",
                self.port,
                shell_quote(socket_dir.as_deref().unwrap_or(""))?
            );
            for (name, value) in &options.settings {
                server_options
                    .push_str(&format!(" -c {}", shell_quote(&format!("{name}={value}"))?));
            }
            let output = self
                .pg_ctl()
                .arg("start")
                .args(["-w", "-t", PG_CTL_TIMEOUT_SECS, "-l"])
                .arg(&log)
                .arg("-o")
                .arg(&server_options)
                .output()
                .context("running pg_ctl start")?;
            match check("pg_ctl start", &output) {
                Ok(()) => {
                    tracing::info!(
                        port = self.port,
                        data_dir = %self.data_dir.display(),
                        log = %log.display(),
                        "started a private PostgreSQL cluster"
                    );
                    return Ok(());
                }
                Err(error) => last_error = Some(error.context(log_tail(&log))),
            }
        }
        Err(last_error.unwrap_or_else(|| anyhow!("pg_ctl start was never attempted")))
    }

    /// The socket directory, or `None` when its path is too long for a Unix socket.
    fn socket_dir(&self) -> anyhow::Result<Option<String>> {
        let dir = self.dir.join("socket");
        let Some(path) = dir.to_str().filter(|path| path.len() <= MAX_SOCKET_DIR_LEN) else {
            return Ok(None);
        };
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        self.run_as.chown(&dir)?;
        Ok(Some(path.to_owned()))
    }

    fn pg_ctl(&self) -> std::process::Command {
        let mut command = self.run_as.command(&self.pg_ctl);
        command.arg("-D").arg(&self.data_dir);
        command
    }
}

fn binaries_missing(host: &Host) -> anyhow::Error {
    anyhow!(
        "PostgreSQL server binaries (initdb, pg_ctl) not found {}",
        binaries_searched(host)
    )
}

/// Where [`Binaries::locate`] looks, in words.
pub(crate) fn binaries_searched(host: &Host) -> String {
    match &host.pg_versions_dir {
        Some(dir) => format!("on PATH or in {}/*/bin", dir.display()),
        None => "on PATH".to_owned(),
    }
}

/// Takes the cluster directory's lock file, blocking until it is free.
fn lock(dir: &Path) -> anyhow::Result<File> {
    let path = dir.join("cluster.lock");
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))?;
    file.lock()
        .with_context(|| format!("locking {}", path.display()))?;
    Ok(file)
}

/// Empties a directory, keeping the directory itself (and its owner and mode).
fn clear_dir(dir: &Path) -> anyhow::Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        }
        .with_context(|| format!("removing {}", path.display()))?;
    }
    Ok(())
}

/// A port on 127.0.0.1 that nothing listens on right now.
fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).context("finding a free port")?;
    Ok(listener.local_addr().context("finding a free port")?.port())
}

fn port_is_free(port: u16) -> bool {
    TcpListener::bind(("127.0.0.1", port)).is_ok()
}

/// Quotes `value` for the shell `pg_ctl` hands the server options to.
fn shell_quote(value: &str) -> anyhow::Result<String> {
    if value.contains('\'') {
        bail!("unsupported quote character in server option {value:?}");
    }
    Ok(format!("'{value}'"))
}

/// Turns a failed command's output into an error carrying its stderr/stdout.
fn check(what: &str, output: &Output) -> anyhow::Result<()> {
    if output.status.success() {
        return Ok(());
    }
    Err(anyhow!(
        "{what} failed ({}): {}{}",
        output.status,
        String::from_utf8_lossy(&output.stderr).trim(),
        String::from_utf8_lossy(&output.stdout).trim()
    ))
}

/// The last lines of the server log, for start-up errors.
fn log_tail(log: &Path) -> String {
    const LINES: usize = 15;
    let text = fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines[lines.len().saturating_sub(LINES)..].join("\n");
    format!("server log {} ends with:\n{tail}", log.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quote_wraps_and_rejects_quotes() {
        assert_eq!(shell_quote("/a b").unwrap(), "'/a b'");
        assert!(shell_quote("it's").is_err());
    }

    #[test]
    fn free_port_is_bindable() {
        let port = free_port().unwrap();
        assert!(port_is_free(port));
    }
}
