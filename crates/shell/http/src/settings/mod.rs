//! Typed settings, layered: built-in defaults → optional `tastebuds.toml` → environment
//! `TASTEBUDS__SECTION__KEY` → the conventional `DATABASE_URL` and `PORT` and the
//! deployment aliases (see [`ALIASES`] and [`Settings::load`]). Each adapter owns its
//! section's type (the database section is [`PgConfig`], the auth section
//! [`AuthSettings`], the sources' [`SourcesSettings`], the rate limiter's
//! [`RateLimitSettings`]); this module composes them.
//!
//! Secrets are [`SecretString`](secrecy::SecretString)s, redacted in `Debug`.
//! [`Settings::validate`] checks everything at once before the server starts.

mod keys;
mod load;
mod sources;
mod validate;

use std::fmt;

use serde::{Deserialize, Serialize};
use tastebuds_postgres::PgConfig;

use crate::net::IpRange;

/// Per-IP rate limits: the section type of the rate limiter, which owns its rules.
pub use crate::rate_limit::RateLimitSettings;
pub use keys::{ENV_PREFIX, SettingInfo, catalog, variable_name};
pub use load::{ALIASES, ConfigInputs, DEFAULT_FILE, LoadError};
pub use sources::{SearchBudgets, SourcesSettings};
/// Tokens and passwords: the section type of the authentication adapters.
pub use tastebuds_auth::AuthConfig as AuthSettings;
pub use validate::{InvalidSettings, KNOWN_DEFAULT_SECRETS, MIN_JWT_SECRET_BYTES};

/// Everything the server reads at start-up.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Settings {
    /// `development` (default) or `production`.
    pub environment: Environment,
    /// The listening socket and worker settings.
    pub server: ServerSettings,
    /// The PostgreSQL pool (`url` comes from `DATABASE_URL`).
    pub database: PgConfig,
    /// Token lifetimes, the JWT secret, the bcrypt cost.
    pub auth: AuthSettings,
    /// Allowed browser origins.
    pub cors: CorsSettings,
    /// Who gets the detailed `/api/health` answer.
    pub health: HealthSettings,
    /// Per-IP rate limiting.
    pub rate_limit: RateLimitSettings,
    /// Log output.
    pub telemetry: TelemetrySettings,
    /// The upstream metadata sources (Google Books, TMDB, IGDB, Last.fm).
    pub sources: SourcesSettings,
    /// Menus and their share links.
    pub curation: CurationSettings,
    /// Where items can be had (API.md §3 "Availability").
    pub availability: AvailabilitySettings,
    /// The settings file that was read, if any (not a setting: [`Settings::load`] fills
    /// it in so that start-up can log it).
    #[serde(skip)]
    pub loaded_file: Option<std::path::PathBuf>,
    /// For each setting a variable set, what was set (`PORT=abc`; a secret's value
    /// hidden), so that problems name it (not a setting: filled in by [`Settings::load`]).
    #[serde(skip)]
    pub set_by: std::collections::BTreeMap<String, String>,
    /// The per-user external-search quota.
    pub search: SearchSettings,
}

/// External search (API.md §5.9).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct SearchSettings {
    /// Fanning-out searches per user and window (`EXTERNAL_SEARCH_QUOTA_MAX_REQUESTS`).
    pub quota_max_requests: u32,
    /// The window, in seconds, fixed and aligned to the Unix epoch
    /// (`EXTERNAL_SEARCH_QUOTA_WINDOW_SECONDS`); at least 1.
    pub quota_window_seconds: u64,
}

impl Default for SearchSettings {
    fn default() -> Self {
        let quota = tastebuds_media::search::QuotaPolicy::default();
        Self {
            quota_max_requests: quota.max_requests,
            quota_window_seconds: quota.window_secs,
        }
    }
}

impl SearchSettings {
    /// The quota these settings describe.
    #[must_use]
    pub const fn quota(&self) -> tastebuds_media::search::QuotaPolicy {
        tastebuds_media::search::QuotaPolicy {
            max_requests: self.quota_max_requests,
            window_secs: self.quota_window_seconds,
        }
    }
}

/// The deployment mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Environment {
    /// Local use: an ephemeral JWT secret is generated when none is set.
    #[default]
    Development,
    /// Refuses to start without a strong, non-default JWT secret; cookies are `Secure`.
    Production,
}

impl Environment {
    /// The lowercase name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Development => "development",
            Self::Production => "production",
        }
    }
}

impl From<Environment> for &'static str {
    fn from(environment: Environment) -> Self {
        environment.as_str()
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Environment {
    type Error = String;

    /// Case-insensitive `development` or `production`.
    fn try_from(value: String) -> Result<Self, Self::Error> {
        match value.trim().to_ascii_lowercase().as_str() {
            "development" => Ok(Self::Development),
            "production" => Ok(Self::Production),
            _ => Err(format!(
                "unknown environment `{value}` (expected `development` or `production`)"
            )),
        }
    }
}

/// Where and how the HTTP server listens.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct ServerSettings {
    /// Interface to bind (`0.0.0.0` in a container).
    pub host: String,
    /// Port to bind; 0 picks a free one.
    pub port: u16,
    /// Seconds in-flight requests get to finish after SIGTERM/SIGINT.
    pub shutdown_timeout_secs: u64,
    /// Worker threads; `None` means one per CPU core.
    pub workers: Option<usize>,
    /// Milliseconds a client gets to send a request's head (request line and headers)
    /// once it connects or its previous request is answered; slower: 408 and the
    /// connection is closed. 0 turns the limit off.
    pub client_request_timeout_ms: u64,
    /// Milliseconds a client gets to send a request's whole body once its head has
    /// arrived; slower: 408 and the connection is closed (a body trickling in cannot
    /// hold a connection and a worker's attention for minutes). 0 turns it off.
    pub body_read_timeout_ms: u64,
    /// Milliseconds the server waits for a client to acknowledge the connection's
    /// shutdown before dropping it. 0 turns the wait off.
    pub client_disconnect_timeout_ms: u64,
    /// Seconds an idle keep-alive connection stays open; 0 closes each connection after
    /// its response.
    pub keep_alive_secs: u64,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".to_owned(),
            port: 8000,
            shutdown_timeout_secs: 30,
            workers: None,
            client_request_timeout_ms: 5_000,
            body_read_timeout_ms: 10_000,
            client_disconnect_timeout_ms: 1_000,
            keep_alive_secs: 5,
        }
    }
}

/// Browser origins allowed to call the API with credentials (`CORS_ORIGINS`).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct CorsSettings {
    /// Exact origins, e.g. `http://localhost:3000`.
    pub origins: Vec<String>,
}

impl Default for CorsSettings {
    fn default() -> Self {
        Self {
            origins: vec![
                "http://localhost:3000".to_owned(),
                "http://127.0.0.1:3000".to_owned(),
            ],
        }
    }
}

/// The health endpoints (API.md §2.1).
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct HealthSettings {
    /// Client IPs or CIDR blocks that get the detailed answer (`HEALTH_ALLOWLIST`). Only
    /// the client IP is matched, never the `Host` header (API.md §6.17).
    pub allowlist: Vec<IpRange>,
}

/// Menus and their share links (API.md §2.9).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct CurationSettings {
    /// Days a share link created without `expires_at` lives
    /// (`DRAFT_SHARE_TOKEN_TTL_DAYS`); 0 or less means such links never expire.
    pub share_link_ttl_days: i64,
    /// MiB of rendered menu views kept in memory, each served again while its menu is
    /// unchanged (`GET /api/menus/{id}`, `GET /api/public/menus/{slug}`, each menu of
    /// `GET /api/menus`); 0 keeps none.
    pub rendered_menu_cache_mib: u64,
}

impl Default for CurationSettings {
    fn default() -> Self {
        Self {
            share_link_ttl_days: tastebuds_curation::DEFAULT_SHARE_LINK_TTL_DAYS,
            rendered_menu_cache_mib: 32,
        }
    }
}

/// Availability rows (API.md §3 "Availability").
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct AvailabilitySettings {
    /// Days after its last check an entry reads as `unknown` in lists and summaries
    /// (computed at read time); 0 means entries never go stale.
    pub stale_days: u32,
}

impl Default for AvailabilitySettings {
    fn default() -> Self {
        Self {
            stale_days: tastebuds_media::availability::DEFAULT_STALE_DAYS,
        }
    }
}

impl AvailabilitySettings {
    /// The staleness rule these settings ask for.
    #[must_use]
    pub fn staleness(&self) -> tastebuds_media::Staleness {
        tastebuds_media::Staleness::days(self.stale_days)
    }
}

/// Log output.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct TelemetrySettings {
    /// `pretty` (human-readable, the default) or `json` (one object per line).
    pub format: LogFormat,
    /// One info-level line per request (method, route, path, status, duration, request
    /// id); on by default.
    pub access_log: bool,
}

impl Default for TelemetrySettings {
    fn default() -> Self {
        Self {
            format: LogFormat::default(),
            access_log: true,
        }
    }
}

/// The log line format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Pretty,
    /// One JSON object per line.
    Json,
}
