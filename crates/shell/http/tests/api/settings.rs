//! Layered settings and the start-up checks.

use std::collections::HashMap;
use std::path::PathBuf;

use base64::Engine as _;
use secrecy::{ExposeSecret as _, SecretString};
use tastebuds_http::rate_limit::RateLimit;
use tastebuds_http::settings::{ConfigInputs, Environment, LogFormat, Settings};

const STRONG_SECRET: &str = "0123456789abcdef0123456789abcdef-strong";

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect()
}

fn load(file: Option<PathBuf>, pairs: &[(&str, &str)]) -> Settings {
    Settings::load(&ConfigInputs {
        file,
        env: env(pairs),
    })
    .expect("settings load")
}

/// A temporary directory holding `tastebuds.toml` with `contents`.
fn toml_file(contents: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("tastebuds.toml");
    std::fs::write(&path, contents).expect("write the settings file");
    (dir, path)
}

fn secret(settings: &Settings) -> Option<&str> {
    settings
        .auth
        .jwt_secret
        .as_ref()
        .map(|secret| secret.expose_secret())
}

#[test]
fn defaults_need_no_file_and_no_variable() {
    let settings = load(Some(PathBuf::from("/nonexistent/tastebuds.toml")), &[]);

    assert_eq!(settings.environment, Environment::Development);
    assert_eq!(settings.server.host, "127.0.0.1");
    assert_eq!(settings.server.port, 8000);
    assert_eq!(settings.server.workers, None);
    assert!(settings.database.url.is_none());
    assert_eq!(settings.auth.access_token_minutes, 30);
    assert_eq!(settings.auth.refresh_token_minutes, 10_080);
    assert_eq!(settings.auth.bcrypt_cost, 12);
    assert_eq!(
        settings.cors.origins,
        ["http://localhost:3000", "http://127.0.0.1:3000"]
    );
    assert!(settings.health.allowlist.is_empty());
    assert!(settings.rate_limit.enabled);
    assert_eq!(settings.telemetry.format, LogFormat::Pretty);
}

#[test]
fn each_layer_overrides_the_one_before() {
    let (_dir, file) = toml_file(
        r#"
        environment = "production"
        [server]
        port = 7000
        host = "0.0.0.0"
        [auth]
        access_token_minutes = 40
        refresh_token_minutes = 100
        [database]
        max_connections = 5
        url = "postgres://file@db/tastebuds"
        [telemetry]
        format = "json"
        "#,
    );

    // The file over the defaults.
    let from_file = load(Some(file.clone()), &[]);
    assert_eq!(from_file.environment, Environment::Production);
    assert_eq!(from_file.server.port, 7000);
    assert_eq!(from_file.server.host, "0.0.0.0");
    assert_eq!(from_file.auth.access_token_minutes, 40);
    assert_eq!(from_file.database.max_connections, 5);
    assert_eq!(from_file.telemetry.format, LogFormat::Json);

    // TASTEBUDS__ variables over the file.
    let tastebuds_env = [
        ("TASTEBUDS__SERVER__PORT", "7100"),
        ("TASTEBUDS__AUTH__ACCESS_TOKEN_MINUTES", "45"),
        ("TASTEBUDS__DATABASE__URL", "postgres://env@db/tastebuds"),
        ("TASTEBUDS__AUTH__JWT_SECRET", "from-tastebuds-env"),
        ("TASTEBUDS__ENVIRONMENT", "development"),
    ];
    let from_env = load(Some(file.clone()), &tastebuds_env);
    assert_eq!(from_env.server.port, 7100);
    assert_eq!(from_env.auth.access_token_minutes, 45);
    assert_eq!(
        from_env.auth.refresh_token_minutes, 100,
        "untouched keys keep the file's value"
    );
    assert_eq!(
        from_env
            .database
            .url
            .as_ref()
            .map(|url| url.expose_secret()),
        Some("postgres://env@db/tastebuds")
    );
    assert_eq!(from_env.environment, Environment::Development);
    assert_eq!(from_env.database.max_connections, 5);

    // Conventional names and aliases over everything.
    let mut all = tastebuds_env.to_vec();
    all.extend([
        ("PORT", "7200"),
        ("ACCESS_TOKEN_EXPIRES_MINUTES", "50"),
        ("REFRESH_TOKEN_EXPIRES_MINUTES", "200"),
        ("DATABASE_URL", "postgres://conventional@db/tastebuds"),
        ("JWT_SECRET_KEY", "from-alias"),
        ("ENVIRONMENT", "Production"),
    ]);
    let from_aliases = load(Some(file), &all);
    assert_eq!(from_aliases.server.port, 7200);
    assert_eq!(from_aliases.auth.access_token_minutes, 50);
    assert_eq!(from_aliases.auth.refresh_token_minutes, 200);
    assert_eq!(
        from_aliases
            .database
            .url
            .as_ref()
            .map(|url| url.expose_secret()),
        Some("postgres://conventional@db/tastebuds")
    );
    assert_eq!(secret(&from_aliases), Some("from-alias"));
    assert_eq!(from_aliases.environment, Environment::Production);
}

#[test]
fn list_settings_come_from_comma_separated_variables() {
    let settings = load(
        None,
        &[
            ("CORS_ORIGINS", "https://a.example, https://b.example,"),
            ("HEALTH_ALLOWLIST", "10.0.0.0/8,::1"),
            (
                "TASTEBUDS__RATE_LIMIT__TRUSTED_PROXIES",
                "192.0.2.1,192.0.2.2",
            ),
            ("TASTEBUDS__RATE_LIMIT__ENABLED", "false"),
        ],
    );

    assert_eq!(
        settings.cors.origins,
        ["https://a.example", "https://b.example"]
    );
    let allowlist: Vec<String> = settings
        .health
        .allowlist
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(allowlist, ["10.0.0.0/8", "::1/128"]);
    assert_eq!(settings.rate_limit.trusted_proxies.len(), 2);
    assert!(!settings.rate_limit.enabled);
}

#[test]
fn list_aliases_also_take_a_json_array() {
    let settings = load(
        None,
        &[
            (
                "CORS_ORIGINS",
                r#"["https://a.example", " https://b.example "]"#,
            ),
            ("HEALTH_ALLOWLIST", r#"["10.0.0.0/8"]"#),
        ],
    );

    assert_eq!(
        settings.cors.origins,
        ["https://a.example", "https://b.example"]
    );
    assert_eq!(settings.health.allowlist.len(), 1);
}

#[test]
fn empty_variables_count_as_unset() {
    let settings = load(None, &[("PORT", ""), ("TASTEBUDS__SERVER__HOST", "")]);

    assert_eq!(settings.server.port, 8000);
    assert_eq!(settings.server.host, "127.0.0.1");
}

#[test]
fn malformed_values_fail_to_load() {
    for pairs in [
        [("PORT", "eighty")],
        [("HEALTH_ALLOWLIST", "intranet")],
        [("ENVIRONMENT", "staging")],
    ] {
        let loaded = Settings::load(&ConfigInputs {
            file: None,
            env: env(&pairs),
        });

        assert!(loaded.is_err(), "{pairs:?} loaded");
    }
}

#[test]
fn production_lists_every_problem_at_once() {
    let mut settings = Settings {
        environment: Environment::Production,
        ..Settings::default()
    };
    settings.auth.jwt_secret = Some(SecretString::from("short"));
    settings.auth.bcrypt_cost = 3;
    settings.database.url = Some(SecretString::from(
        "postgres://tastebuds:tastebuds@db:5432/tastebuds",
    ));
    settings.cors.origins = vec!["localhost:3000".to_owned()];

    let problems = settings.validate().expect_err("refused").problems;

    assert_eq!(problems.len(), 4, "{problems:#?}");
    let all = problems.join("\n");
    for needle in [
        "JWT secret (TASTEBUDS__AUTH__JWT_SECRET) is 5 bytes",
        "bcrypt_cost",
        "DATABASE_URL password",
        "cors.origins",
    ] {
        assert!(all.contains(needle), "no {needle:?} in {all}");
    }
}

#[test]
fn production_refuses_a_missing_or_default_secret() {
    let production = Settings {
        environment: Environment::Production,
        ..Settings::default()
    };

    let missing = production.clone().validate().expect_err("refused").problems;
    assert_eq!(missing.len(), 1);
    assert!(missing[0].contains("required in production"), "{missing:?}");

    let mut default_secret = production;
    default_secret.auth.jwt_secret = Some(SecretString::from(
        "change-me-to-a-random-secret-of-at-least-32-bytes",
    ));
    let problems = default_secret.validate().expect_err("refused").problems;
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("published default"), "{problems:?}");
}

#[test]
fn production_accepts_strong_credentials_unchanged() {
    let mut settings = Settings {
        environment: Environment::Production,
        ..Settings::default()
    };
    settings.auth.jwt_secret = Some(SecretString::from(STRONG_SECRET));
    settings.database.url = Some(SecretString::from(
        "postgres://tastebuds:s3cr3t-Unique@db:5432/tastebuds",
    ));

    let settings = settings.validate().expect("valid");

    assert_eq!(secret(&settings), Some(STRONG_SECRET));
}

#[test]
fn development_generates_an_ephemeral_secret() {
    let first = Settings::default().validate().expect("valid");
    let second = Settings::default().validate().expect("valid");

    let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(secret(&first).expect("a generated secret"))
        .expect("base64");
    assert_eq!(decoded.len(), 64);
    assert_ne!(secret(&first), secret(&second));
}

#[test]
fn development_tolerates_a_weak_secret() {
    let mut settings = Settings::default();
    settings.auth.jwt_secret = Some(SecretString::from("tastebuds"));

    let settings = settings.validate().expect("only a warning in development");

    assert_eq!(secret(&settings), Some("tastebuds"));
}

#[test]
fn debug_output_redacts_secrets() {
    let settings = load(
        None,
        &[
            ("JWT_SECRET_KEY", STRONG_SECRET),
            ("DATABASE_URL", "postgres://u:pa55word@db/tastebuds"),
        ],
    );

    let debug = format!("{settings:?}");

    assert!(!debug.contains(STRONG_SECRET), "{debug}");
    assert!(!debug.contains("pa55word"), "{debug}");
}

/// A source secret's value, if set.
fn exposed(secret: Option<&SecretString>) -> Option<&str> {
    secret.map(|secret| secret.expose_secret())
}

#[test]
fn source_settings_default_to_the_real_upstreams_without_credentials() {
    let settings = load(None, &[]);
    let sources = &settings.sources;

    assert_eq!(
        sources.google_books.base_url,
        "https://www.googleapis.com/books/v1"
    );
    assert_eq!(sources.tmdb.base_url, "https://api.themoviedb.org/3");
    assert_eq!(sources.igdb.token_url, "https://id.twitch.tv/oauth2/token");
    assert_eq!(
        sources.lastfm.base_url,
        "https://ws.audioscrobbler.com/2.0/"
    );
    assert!(exposed(sources.tmdb.bearer_token.as_ref()).is_none());
    assert!(exposed(sources.lastfm.api_key.as_ref()).is_none());
    assert_eq!(sources.http.max_retries, 3);
    assert_eq!(sources.http.failure_threshold, 3);
    assert_eq!(sources.http.open_base_secs, 15);
}

#[test]
fn source_settings_layer_file_then_variables_then_deployment_aliases() {
    let (_dir, file) = toml_file(
        r#"
        [sources.http]
        timeout_ms = 4000
        max_retries = 2
        [sources.tmdb]
        bearer_token = "from-file"
        api_key = "v3-from-file"
        [sources.lastfm]
        api_key = "lastfm-from-file"
        "#,
    );
    let tastebuds_env = [
        ("TASTEBUDS__SOURCES__HTTP__MAX_RETRIES", "0"),
        (
            "TASTEBUDS__SOURCES__TMDB__BEARER_TOKEN",
            "from-tastebuds-env",
        ),
        ("TASTEBUDS__SOURCES__IGDB__CLIENT_ID", "igdb-id-from-env"),
        (
            "TASTEBUDS__SOURCES__GOOGLE_BOOKS__BASE_URL",
            "http://127.0.0.1:9/books/v1",
        ),
        // A key of digits only is still a string.
        ("TASTEBUDS__SOURCES__LASTFM__API_KEY", "1234567890"),
    ];

    let from_file = load(Some(file.clone()), &[]);
    let from_env = load(Some(file.clone()), &tastebuds_env);
    let mut all = tastebuds_env.to_vec();
    all.extend([
        ("GOOGLE_BOOKS_API_KEY", "google-alias"),
        ("TMDB_API_AUTH_HEADER", "Bearer tmdb-alias"),
        ("IGDB_CLIENT_ID", "igdb-id-alias"),
        ("IGDB_CLIENT_SECRET", "igdb-secret-alias"),
        ("LASTFM_API_KEY", "lastfm-alias"),
    ]);
    let from_aliases = load(Some(file), &all);

    assert_eq!(from_file.sources.http.timeout_ms, 4_000);
    assert_eq!(from_file.sources.http.max_retries, 2);
    assert_eq!(
        exposed(from_file.sources.tmdb.bearer_token.as_ref()),
        Some("from-file")
    );

    assert_eq!(from_env.sources.http.max_retries, 0);
    assert_eq!(from_env.sources.http.timeout_ms, 4_000, "the file's value");
    assert_eq!(
        exposed(from_env.sources.tmdb.bearer_token.as_ref()),
        Some("from-tastebuds-env")
    );
    assert_eq!(
        exposed(from_env.sources.tmdb.api_key.as_ref()),
        Some("v3-from-file")
    );
    assert_eq!(
        exposed(from_env.sources.lastfm.api_key.as_ref()),
        Some("1234567890")
    );
    assert_eq!(
        exposed(from_env.sources.igdb.client_id.as_ref()),
        Some("igdb-id-from-env")
    );
    assert_eq!(
        from_env.sources.google_books.base_url,
        "http://127.0.0.1:9/books/v1"
    );

    let sources = &from_aliases.sources;
    assert_eq!(
        exposed(sources.google_books.api_key.as_ref()),
        Some("google-alias")
    );
    assert_eq!(
        exposed(sources.tmdb.bearer_token.as_ref()),
        Some("Bearer tmdb-alias"),
        "the connector wiring strips the scheme"
    );
    assert_eq!(
        exposed(sources.igdb.client_id.as_ref()),
        Some("igdb-id-alias")
    );
    assert_eq!(
        exposed(sources.igdb.client_secret.as_ref()),
        Some("igdb-secret-alias")
    );
    assert_eq!(
        exposed(sources.lastfm.api_key.as_ref()),
        Some("lastfm-alias")
    );
}

#[test]
fn invalid_source_settings_are_listed_at_start_up() {
    let settings = load(
        None,
        &[
            ("TASTEBUDS__SOURCES__HTTP__FAILURE_THRESHOLD", "0"),
            ("TASTEBUDS__SOURCES__TMDB__BASE_URL", "api.themoviedb.org/3"),
            ("TASTEBUDS__SOURCES__HTTP__OPEN_BASE_SECS", "600"),
        ],
    );

    let problems = settings.validate().expect_err("invalid").problems;

    for needle in [
        "sources.http.failure_threshold",
        "sources.tmdb.base_url",
        "sources.http.open_base_secs",
    ] {
        assert!(
            problems.iter().any(|problem| problem.contains(needle)),
            "{needle} not in {problems:?}"
        );
    }
    assert_eq!(problems.len(), 3, "{problems:?}");
}

#[test]
fn debug_output_redacts_source_credentials() {
    let settings = load(
        None,
        &[
            ("GOOGLE_BOOKS_API_KEY", "google-secret-key"),
            ("TMDB_API_AUTH_HEADER", "Bearer tmdb-secret-token"),
            ("IGDB_CLIENT_SECRET", "igdb-secret-value"),
            ("LASTFM_API_KEY", "lastfm-secret-key"),
        ],
    );

    let debug = format!("{settings:?}");

    for secret in [
        "google-secret-key",
        "tmdb-secret-token",
        "igdb-secret-value",
        "lastfm-secret-key",
    ] {
        assert!(!debug.contains(secret), "{secret} in {debug}");
    }
}

#[test]
fn rate_limits_are_read_per_rule_from_the_file_and_unknown_rules_are_refused() {
    let (_dir, file) =
        toml_file("[rate_limit]\nenabled = true\n\n[rate_limit.auth]\nmax_requests = 50\n");
    let settings = load(
        Some(file),
        &[("TASTEBUDS__RATE_LIMIT__OPS__WINDOW_MS", "9000")],
    );

    assert_eq!(
        settings.rate_limit.limit("auth"),
        Some(RateLimit::new(50, 240_000)),
        "the window keeps its default"
    );
    assert_eq!(
        settings.rate_limit.limit("ops"),
        Some(RateLimit::new(2, 9_000))
    );

    // A misspelt rule is refused when the file is read, naming the rule meant.
    let (_dir, file) = toml_file("[rate_limit.serach]\nmax_requests = 1\nwindow_ms = 1000\n");
    let error = Settings::load(&ConfigInputs {
        file: Some(file),
        env: HashMap::new(),
    })
    .expect_err("a misspelt rule is refused")
    .to_string();
    assert!(
        error.contains("unknown section [rate_limit.serach] (did you mean `rate_limit.search`?)"),
        "{error}"
    );
    // Settings built in code are still checked by `validate`.
    let built = Settings {
        rate_limit: settings
            .rate_limit
            .clone()
            .with_limit("serach", RateLimit::new(1, 1_000)),
        ..settings
    };
    let error = built.validate().expect_err("a misspelt rule is refused");
    assert!(
        error
            .problems
            .iter()
            .any(|problem| problem.starts_with("rate_limit.serach is not a rate-limit rule")),
        "{error}"
    );
}

#[test]
fn unknown_variables_and_file_keys_are_refused_with_the_closest_name() {
    let (_dir, file) = toml_file("[rate_limit]\nenabld = false\n\n[sever]\nport = 1\n");
    let error = Settings::load(&ConfigInputs {
        file: Some(file),
        env: env(&[
            ("TASTEBUDS__RATE_LIMIT__ENABLD", "false"),
            ("TASTEBUDS__SERVER__PROT", "9000"),
            ("UNRELATED", "ignored"),
        ]),
    })
    .expect_err("refused")
    .to_string();

    for needle in [
        "TASTEBUDS__RATE_LIMIT__ENABLD is not a setting (did you mean TASTEBUDS__RATE_LIMIT__ENABLED?)",
        "TASTEBUDS__SERVER__PROT is not a setting (did you mean TASTEBUDS__SERVER__PORT?)",
        "unknown key `rate_limit.enabld` (did you mean `rate_limit.enabled`?)",
        "unknown section [sever] (did you mean `server`?)",
    ] {
        assert!(error.contains(needle), "no {needle:?} in {error}");
    }
}

#[test]
fn the_loaded_file_is_recorded_and_a_missing_one_is_none() {
    let (_dir, file) = toml_file("[server]\nport = 7000\n");
    let loaded = load(Some(file.clone()), &[]);
    assert_eq!(loaded.loaded_file, Some(file));
    let missing = load(Some(PathBuf::from("/nonexistent/tastebuds.toml")), &[]);
    assert_eq!(missing.loaded_file, None);
}

#[test]
fn problems_and_type_errors_name_the_variable_the_user_set() {
    let error = Settings::load(&ConfigInputs {
        file: None,
        env: env(&[("PORT", "abc")]),
    })
    .expect_err("not a port")
    .to_string();
    assert!(error.starts_with("PORT=abc is not valid"), "{error}");
    assert!(error.contains("server.port"), "{error}");

    let problems = load(None, &[("ACCESS_TOKEN_EXPIRES_MINUTES", "0")])
        .validate()
        .expect_err("refused")
        .problems;
    assert_eq!(
        problems,
        ["ACCESS_TOKEN_EXPIRES_MINUTES=0: auth.access_token_minutes must be at least 1"]
    );

    let hidden = Settings::load(&ConfigInputs {
        file: None,
        env: env(&[
            ("TASTEBUDS__SOURCES__LASTFM__API_KEY", "k"),
            ("JWT_SECRET_KEY", "s3cr3t"),
        ]),
    })
    .expect("loads");
    assert_eq!(hidden.set_by["auth.jwt_secret"], "JWT_SECRET_KEY=…");
}

#[test]
fn a_database_url_that_is_not_postgresql_is_refused_with_the_expected_form() {
    for (url, needle) in [
        (
            "mysql://root:pw@db:3306/app",
            "database.url is a mysql:// URL, not a PostgreSQL one",
        ),
        ("not a url", "database.url is not a connection URL"),
    ] {
        let problems = load(None, &[("DATABASE_URL", url)])
            .validate()
            .expect_err("refused")
            .problems;
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("DATABASE_URL=…: "), "{problems:?}");
        assert!(problems[0].contains(needle), "{problems:?}");
        assert!(
            problems[0].contains("expected postgres://USER:PASSWORD@HOST:PORT/DATABASE"),
            "{problems:?}"
        );
        assert!(
            !problems[0].contains("pw@"),
            "the URL is a secret: {problems:?}"
        );
    }
    for url in [
        "postgres://u:p@h/db",
        "postgresql://h/db",
        "host=/tmp dbname=x",
    ] {
        let settings = load(None, &[("DATABASE_URL", url)]);
        assert!(settings.validate().is_ok(), "{url}");
    }
}
