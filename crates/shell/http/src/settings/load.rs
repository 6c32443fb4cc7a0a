//! Reading the layers. Loading takes its inputs as values ([`ConfigInputs`]), so tests never
//! touch the process environment or the working directory.

use std::collections::HashMap;
use std::path::PathBuf;

use config::{Config, ConfigError, Environment, File, FileFormat};

use super::{Settings, keys};

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

/// The settings could not be read, name no setting, or do not have the expected types.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file is not valid TOML, or a value has the wrong type (in the file, where
    /// the message names the file and the key).
    #[error("could not load the settings: {0}")]
    Config(#[from] ConfigError),
    /// A variable the user set has a value of the wrong type; `setting` is what they set
    /// (`PORT=abc`), never only the internal key.
    #[error("{setting} is not valid: {reason}")]
    Variable {
        /// The variable and its value as set (the value hidden for secrets).
        setting: String,
        /// What is wrong, naming the setting's key.
        reason: String,
    },
    /// Variables or file keys that set nothing (a typo would otherwise be ignored).
    #[error("unknown settings:{}", .0.iter().map(|problem| format!("\n  - {problem}")).collect::<String>())]
    Unknown(Vec<String>),
}

impl Settings {
    /// Layers the defaults, the file, `TASTEBUDS__SECTION__KEY` variables and the
    /// [`ALIASES`], later layers winning. Empty variables count as unset.
    ///
    /// The file that was read is recorded in [`Settings::loaded_file`].
    ///
    /// # Errors
    /// [`LoadError`] when the file is not valid TOML, when a value has the wrong type
    /// (naming the variable the user set, `PORT=abc`), or when a `TASTEBUDS__*` variable
    /// or a key or section of the file is no setting (naming the closest one).
    pub fn load(inputs: &ConfigInputs) -> Result<Self, LoadError> {
        let loaded_file = inputs.file.as_ref().filter(|file| file.is_file());
        let mut unknown = keys::unknown_variables(inputs.env.iter());
        if let Some(file) = loaded_file {
            let tree: serde_json::Value = Config::builder()
                .add_source(File::from(file.as_path()).format(FileFormat::Toml))
                .build()?
                .try_deserialize()?;
            unknown.extend(keys::unknown_file_keys(&file.display().to_string(), &tree));
        }
        if !unknown.is_empty() {
            return Err(LoadError::Unknown(unknown));
        }
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
        let mut settings: Self = builder
            .build()?
            .try_deserialize()
            .map_err(|error| name_the_variable(error, &inputs.env))?;
        settings.loaded_file = loaded_file.cloned();
        settings.set_by = keys::catalog()
            .into_iter()
            .filter_map(|setting| {
                let (variable, value) = set_by(&setting.key, &inputs.env)?;
                let shown = if is_secret(&setting.key) {
                    "…"
                } else {
                    value
                };
                Some((setting.key, format!("{variable}={shown}")))
            })
            .collect();
        Ok(settings)
    }

    /// Logs (at INFO) which settings file was read, or that none was.
    pub fn log_source(&self) {
        match &self.loaded_file {
            Some(file) => tracing::info!(file = %file.display(), "settings file loaded"),
            None => tracing::info!(
                "no settings file ({DEFAULT_FILE} not found): built-in defaults and \
                 environment variables only"
            ),
        }
    }

    /// [`Settings::load`] from [`ConfigInputs::process`].
    ///
    /// # Errors
    /// As [`Settings::load`].
    pub fn from_process_env() -> Result<Self, LoadError> {
        Self::load(&ConfigInputs::process())
    }
}

/// A type error in a value that came from a variable, restated with the variable as the
/// user set it (`PORT=abc`); other errors unchanged.
fn name_the_variable(error: ConfigError, env: &HashMap<String, String>) -> LoadError {
    let key = match &error {
        ConfigError::Type { key: Some(key), .. } | ConfigError::At { key: Some(key), .. } => {
            key.clone()
        }
        _ => return LoadError::Config(error),
    };
    let Some((variable, value)) = set_by(&key, env) else {
        return LoadError::Config(error);
    };
    let shown = if is_secret(&key) { "…" } else { value };
    let reason = match &error {
        ConfigError::Type {
            unexpected,
            expected,
            ..
        } => format!("expected {expected}, found {unexpected} (the setting {key})"),
        ConfigError::At { error, .. } => format!("{error} (the setting {key})"),
        other => other.to_string(),
    };
    LoadError::Variable {
        setting: format!("{variable}={shown}"),
        reason,
    }
}

/// The variable that set `key` (the alias wins, as in [`Settings::load`]) and its value.
fn set_by<'e>(key: &str, env: &'e HashMap<String, String>) -> Option<(String, &'e str)> {
    ALIASES
        .iter()
        .filter(|(_, target)| *target == key)
        .map(|(alias, _)| (*alias).to_owned())
        .chain(std::iter::once(keys::variable_name(key)))
        .find_map(|variable| {
            env.get(&variable)
                .filter(|value| !value.is_empty())
                .map(|value| (variable, value.as_str()))
        })
}

/// Settings whose values must not appear in messages.
fn is_secret(key: &str) -> bool {
    key == "database.url"
        || ["secret", "api_key", "token", "client_id"]
            .iter()
            .any(|word| key.ends_with(word))
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
