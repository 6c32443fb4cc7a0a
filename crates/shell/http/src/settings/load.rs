//! Reading the layers. Loading takes its inputs as values ([`ConfigInputs`]), so tests never
//! touch the process environment or the working directory.

use std::collections::HashMap;
use std::path::PathBuf;

use config::{Config, ConfigError, Environment, File, FileFormat};

use super::Settings;

/// The optional settings file, looked up in the working directory.
pub const DEFAULT_FILE: &str = "tastebuds.toml";

/// Conventional and legacy variable names, applied last (they win over
/// `TASTEBUDS__*`), and the setting each one sets.
pub const ALIASES: &[(&str, &str)] = &[
    ("DATABASE_URL", "database.url"),
    ("PORT", "server.port"),
    ("ENVIRONMENT", "environment"),
    ("JWT_SECRET_KEY", "auth.jwt_secret"),
    ("ACCESS_TOKEN_EXPIRES_MINUTES", "auth.access_token_minutes"),
    (
        "REFRESH_TOKEN_EXPIRES_MINUTES",
        "auth.refresh_token_minutes",
    ),
    ("CORS_ORIGINS", "cors.origins"),
    ("HEALTH_ALLOWLIST", "health.allowlist"),
    ("GOOGLE_BOOKS_API_KEY", "sources.google_books.api_key"),
    ("TMDB_API_AUTH_HEADER", "sources.tmdb.bearer_token"),
    ("IGDB_CLIENT_ID", "sources.igdb.client_id"),
    ("IGDB_CLIENT_SECRET", "sources.igdb.client_secret"),
    ("LASTFM_API_KEY", "sources.lastfm.api_key"),
    ("DRAFT_SHARE_TOKEN_TTL_DAYS", "curation.share_link_ttl_days"),
    (
        "EXTERNAL_SEARCH_QUOTA_MAX_REQUESTS",
        "search.quota_max_requests",
    ),
    (
        "EXTERNAL_SEARCH_QUOTA_WINDOW_SECONDS",
        "search.quota_window_seconds",
    ),
];

/// Settings whose environment value is a comma-separated list.
const LIST_KEYS: &[&str] = &[
    "cors.origins",
    "health.allowlist",
    "rate_limit.trusted_proxies",
];

/// The inputs of [`Settings::load`].
#[derive(Clone, Debug, Default)]
pub struct ConfigInputs {
    /// A TOML file, read when it exists.
    pub file: Option<PathBuf>,
    /// Environment variables (`TASTEBUDS__*` and the [`ALIASES`]; others are ignored).
    pub env: HashMap<String, String>,
}

impl ConfigInputs {
    /// `tastebuds.toml` in the working directory and the process environment
    /// (variables that are not valid Unicode are skipped).
    #[must_use]
    pub fn process() -> Self {
        Self {
            file: Some(PathBuf::from(DEFAULT_FILE)),
            env: std::env::vars_os()
                .filter_map(|(key, value)| {
                    Some((key.into_string().ok()?, value.into_string().ok()?))
                })
                .collect(),
        }
    }
}

/// The settings could not be read or do not have the expected types.
#[derive(Debug, thiserror::Error)]
#[error("could not load the settings: {0}")]
pub struct LoadError(#[from] ConfigError);

impl Settings {
    /// Layers the defaults, the file, `TASTEBUDS__SECTION__KEY` variables and the
    /// [`ALIASES`], later layers winning. Empty variables count as unset.
    ///
    /// # Errors
    /// [`LoadError`] when the file is not valid TOML or a value has the wrong type.
    pub fn load(inputs: &ConfigInputs) -> Result<Self, LoadError> {
        let mut builder = super::RateLimitSettings::register_defaults(Config::builder())?;
        if let Some(file) = &inputs.file {
            builder = builder.add_source(
                File::from(file.as_path())
                    .format(FileFormat::Toml)
                    .required(false),
            );
        }
        let mut environment = Environment::with_prefix("TASTEBUDS")
            .separator("__")
            .prefix_separator("__")
            .try_parsing(true)
            .ignore_empty(true)
            .list_separator(",");
        for key in LIST_KEYS {
            environment = environment.with_list_parse_key(key);
        }
        builder = builder.add_source(
            environment.source(Some(
                inputs
                    .env
                    .iter()
                    .filter(|(key, _)| key.starts_with("TASTEBUDS__"))
                    .map(|(key, value)| (key.clone(), value.clone()))
                    .collect(),
            )),
        );
        for (variable, key) in ALIASES {
            let Some(value) = inputs.env.get(*variable).filter(|value| !value.is_empty()) else {
                continue;
            };
            builder = if LIST_KEYS.contains(key) {
                builder.set_override(*key, split_list(value))?
            } else {
                builder.set_override(*key, value.as_str())?
            };
        }
        Ok(builder.build()?.try_deserialize()?)
    }

    /// [`Settings::load`] from [`ConfigInputs::process`].
    ///
    /// # Errors
    /// As [`Settings::load`].
    pub fn from_process_env() -> Result<Self, LoadError> {
        Self::load(&ConfigInputs::process())
    }
}

/// `a, b,,c` → `["a", "b", "c"]`. A JSON array of strings (`["a", "b"]`, the form the
/// previous server's settings library required for list variables) is read as one.
fn split_list(value: &str) -> Vec<String> {
    if let Ok(items) = serde_json::from_str::<Vec<String>>(value) {
        return items
            .iter()
            .map(|item| item.trim())
            .filter(|item| !item.is_empty())
            .map(str::to_owned)
            .collect();
    }
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}
