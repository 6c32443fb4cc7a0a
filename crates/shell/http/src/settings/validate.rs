//! The start-up checks: every problem is reported at once, and production refuses weak or
//! default credentials.

use std::fmt;

use percent_encoding::percent_decode_str;
use secrecy::ExposeSecret;
use tastebuds_postgres::provision::URL_FORM;

use super::{Environment, Settings};

/// Values shipped in examples and compose files; production refuses them as the JWT
/// secret or the database password.
pub const KNOWN_DEFAULT_SECRETS: &[&str] = &[
    "change-me-to-a-random-secret-of-at-least-32-bytes",
    "tastebuds",
    "postgres",
    "admin",
];

/// The shortest JWT secret production accepts.
pub const MIN_JWT_SECRET_BYTES: usize = 32;

/// Every problem found in the settings.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct InvalidSettings {
    /// One sentence per problem, naming the setting and how to fix it.
    pub problems: Vec<String>,
}

impl fmt::Display for InvalidSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid settings:")?;
        for problem in &self.problems {
            write!(f, "\n  - {problem}")?;
        }
        Ok(())
    }
}

impl Settings {
    /// Checks the settings and returns them ready to use.
    ///
    /// In development a missing JWT secret is replaced by an ephemeral random one (a WARN
    /// says so: tokens then die with the process).
    ///
    /// # Errors
    /// [`InvalidSettings`] listing every problem: in production a missing JWT secret, one
    /// shorter than [`MIN_JWT_SECRET_BYTES`], or a JWT secret or database password from
    /// [`KNOWN_DEFAULT_SECRETS`]; in any mode, out-of-range numbers and malformed CORS
    /// origins.
    pub fn validate(mut self) -> Result<Self, InvalidSettings> {
        let mut problems = Vec::new();
        self.check_credentials(&mut problems);
        self.check_database_url(&mut problems);
        self.check_ranges(&mut problems);
        self.check_origins(&mut problems);
        self.rate_limit.check(&mut problems);
        self.sources.check(&mut problems);
        for problem in &mut problems {
            *problem = self.name_what_was_set(problem);
        }
        if !problems.is_empty() {
            return Err(InvalidSettings { problems });
        }
        if self.auth.jwt_secret.is_none() {
            let secret = tastebuds_auth::random_secret().map_err(|error| InvalidSettings {
                problems: vec![format!(
                    "no JWT secret configured and none could be generated: {error}"
                )],
            })?;
            self.auth.jwt_secret = Some(secret);
            tracing::warn!(
                "no JWT secret configured: using an ephemeral random one, so every session \
                 ends when the process stops (set TASTEBUDS__AUTH__JWT_SECRET)"
            );
        }
        Ok(self)
    }

    /// `problem` prefixed with the variable the user set when it is about one setting
    /// set by a variable: `ACCESS_TOKEN_EXPIRES_MINUTES=0: auth.access_token_minutes must
    /// be at least 1`.
    fn name_what_was_set(&self, problem: &str) -> String {
        let key = problem.split([' ', ':']).next().unwrap_or_default();
        match self.set_by.get(key) {
            Some(set) => format!("{set}: {problem}"),
            None => problem.to_owned(),
        }
    }

    fn check_credentials(&self, problems: &mut Vec<String>) {
        let production = self.environment == Environment::Production;
        match self
            .auth
            .jwt_secret
            .as_ref()
            .map(ExposeSecret::expose_secret)
        {
            None if production => problems.push(
                "the JWT secret (TASTEBUDS__AUTH__JWT_SECRET, or JWT_SECRET_KEY) is required \
                 in production: set it to at least 32 random bytes (openssl rand -base64 48)"
                    .to_owned(),
            ),
            None => {}
            Some(secret) => {
                let issues = [
                    (secret.len() < MIN_JWT_SECRET_BYTES).then(|| {
                        format!(
                            "the JWT secret (TASTEBUDS__AUTH__JWT_SECRET) is {} bytes \
                             long; it must have at least {MIN_JWT_SECRET_BYTES}",
                            secret.len()
                        )
                    }),
                    is_known_default(secret).then(|| {
                        "the JWT secret (TASTEBUDS__AUTH__JWT_SECRET) is a published default \
                         value; generate a random one (openssl rand -base64 48)"
                            .to_owned()
                    }),
                ];
                for issue in issues.into_iter().flatten() {
                    if production {
                        problems.push(issue);
                    } else {
                        tracing::warn!("{issue} (refused in production)");
                    }
                }
            }
        }
        let password = self
            .database
            .url
            .as_ref()
            .and_then(|url| database_password(url.expose_secret()));
        if production && password.as_deref().is_some_and(is_known_default) {
            problems.push(
                "the DATABASE_URL password is a published default value; give the database \
                 user a unique password"
                    .to_owned(),
            );
        }
    }

    /// A database URL that is no PostgreSQL URL (a `mysql://` one, a typo) would only fail
    /// later, after retries; say so at once with the expected form.
    fn check_database_url(&self, problems: &mut Vec<String>) {
        let Some(url) = self.database.url.as_ref().map(ExposeSecret::expose_secret) else {
            return;
        };
        match url::Url::parse(url) {
            Ok(parsed) if matches!(parsed.scheme(), "postgres" | "postgresql") => {}
            Ok(parsed) => problems.push(format!(
                "database.url is a {}:// URL, not a PostgreSQL one (expected {URL_FORM})",
                parsed.scheme()
            )),
            // libpq's `host=… dbname=…` form.
            Err(_) if url.contains('=') => {}
            Err(_) => problems.push(format!(
                "database.url is not a connection URL (expected {URL_FORM})"
            )),
        }
    }

    fn check_ranges(&self, problems: &mut Vec<String>) {
        let mut require = |ok: bool, problem: &str| {
            if !ok {
                problems.push(problem.to_owned());
            }
        };
        require(
            self.auth.access_token_minutes > 0,
            "auth.access_token_minutes must be at least 1",
        );
        require(
            self.auth.refresh_token_minutes > 0,
            "auth.refresh_token_minutes must be at least 1",
        );
        require(
            (4..=31).contains(&self.auth.bcrypt_cost),
            "auth.bcrypt_cost must be between 4 and 31",
        );
        require(
            self.auth.hash_workers != Some(0),
            "auth.hash_workers must be at least 1 (or unset for one per CPU core)",
        );
        require(
            self.search.quota_window_seconds > 0,
            "search.quota_window_seconds must be at least 1",
        );
        require(
            self.server.workers != Some(0),
            "server.workers must be at least 1 (or unset for one per CPU core)",
        );
        require(
            self.database.max_connections > 0,
            "database.max_connections must be at least 1",
        );
        require(
            self.database.min_idle <= self.database.max_connections,
            "database.min_idle must not exceed database.max_connections",
        );
    }

    fn check_origins(&self, problems: &mut Vec<String>) {
        for origin in &self.cors.origins {
            let valid = url::Url::parse(origin).is_ok_and(|url| {
                matches!(url.scheme(), "http" | "https")
                    && url.host().is_some()
                    && url.path() == "/"
                    && url.query().is_none()
                    && !origin.ends_with('/')
            });
            if !valid {
                problems.push(format!(
                    "cors.origins: `{origin}` is not an origin like `https://app.example.com`"
                ));
            }
        }
    }
}

fn is_known_default(secret: &str) -> bool {
    KNOWN_DEFAULT_SECRETS.contains(&secret)
}

/// The password of a `postgres://` URL or a `key=value` connection string.
fn database_password(url: &str) -> Option<String> {
    if let Ok(parsed) = url::Url::parse(url) {
        let from_query = parsed
            .query_pairs()
            .find(|(key, _)| key == "password")
            .map(|(_, value)| value.into_owned());
        let from_userinfo = parsed.password().map(|password| {
            percent_decode_str(password)
                .decode_utf8_lossy()
                .into_owned()
        });
        return from_query.or(from_userinfo);
    }
    url.split_whitespace()
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "password")
        .map(|(_, value)| value.trim_matches('\'').to_owned())
}
