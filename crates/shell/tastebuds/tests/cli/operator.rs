//! Operator mistakes get one clear line (issue 12): unknown variables and file keys,
//! values named as the user set them, plain logs off a terminal; and the recipes that
//! wrap the binary.

use crate::tastebuds;

fn stderr_of(command: &mut std::process::Command) -> (bool, String) {
    let output = command.output().expect("run the binary");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn an_unknown_variable_is_named_with_the_closest_setting() {
    let (ok, stderr) =
        stderr_of(tastebuds(&["healthcheck"]).env("TASTEBUDS__RATE_LIMIT__ENABLD", "false"));

    assert!(!ok);
    assert!(
        stderr.contains("TASTEBUDS__RATE_LIMIT__ENABLD is not a setting")
            && stderr.contains("did you mean TASTEBUDS__RATE_LIMIT__ENABLED?"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_file_key_or_section_is_named_with_the_closest_one() {
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::write(
        dir.path().join("tastebuds.toml"),
        "[server]\nprot = 9000\n\n[ratelimit]\nenabled = false\n",
    )
    .expect("write tastebuds.toml");

    let (ok, stderr) = stderr_of(tastebuds(&["healthcheck"]).current_dir(dir.path()));

    assert!(!ok);
    for needle in [
        "unknown key `server.prot` (did you mean `server.port`?)",
        "unknown section [ratelimit] (did you mean `rate_limit`?)",
    ] {
        assert!(stderr.contains(needle), "no {needle:?} in {stderr}");
    }
}

#[test]
fn a_bad_value_names_the_variable_the_user_set() {
    let (ok, stderr) = stderr_of(tastebuds(&["healthcheck"]).env("PORT", "abc"));
    assert!(!ok);
    assert!(stderr.contains("PORT=abc"), "{stderr}");
    assert!(stderr.contains("server.port"), "{stderr}");

    let (ok, stderr) =
        stderr_of(tastebuds(&["healthcheck"]).env("TASTEBUDS__AUTH__BCRYPT_COST", "twelve"));
    assert!(!ok);
    assert!(
        stderr.contains("TASTEBUDS__AUTH__BCRYPT_COST=twelve"),
        "{stderr}"
    );
}

#[test]
fn logs_off_a_terminal_have_no_colours_and_name_the_settings_file() {
    // A short secret is a WARN in development; zero workers then fails validation.
    let (ok, stderr) = stderr_of(
        tastebuds(&["serve"])
            .env("JWT_SECRET_KEY", "short")
            .env("TASTEBUDS__SERVER__WORKERS", "0"),
    );

    assert!(!ok);
    assert!(stderr.contains("refused in production"), "{stderr}");
    assert!(stderr.contains("no settings file"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "ANSI escapes in {stderr:?}");
}

#[test]
fn openapi_writes_the_document_to_a_file_or_stdout() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("openapi.json");
    let output = tastebuds(&["openapi", "--output", file.to_str().expect("utf-8 path")])
        .output()
        .expect("run the binary");
    assert!(output.status.success(), "{output:?}");
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).expect("the file")).expect("JSON");
    assert!(written["openapi"].is_string());
    assert!(written["paths"]["/api/auth/register"].is_object());

    let output = tastebuds(&["openapi"]).output().expect("run the binary");
    assert!(output.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(printed, written);
}

/// The lines of the justfile recipe `name` (its body, without the header).
fn recipe(justfile: &str, name: &str) -> Vec<String> {
    let is_header = |line: &str| {
        line.strip_prefix(name)
            .is_some_and(|rest| rest.starts_with([':', ' ']))
    };
    let mut lines = justfile.lines().skip_while(|line| !is_header(line));
    lines.next();
    lines
        .take_while(|line| line.starts_with(' '))
        .map(|line| line.trim().to_owned())
        .collect()
}

#[test]
fn just_migrate_uses_the_release_build_of_just_run_and_ci_runs_the_ci_script() {
    let justfile =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../justfile"))
            .expect("the justfile");
    let cargo_run = |name: &str| {
        let body = recipe(&justfile, name);
        let line = body
            .iter()
            .find(|line| line.starts_with("cargo run"))
            .unwrap_or_else(|| panic!("no cargo run in recipe {name}: {body:?}"))
            .clone();
        line.split(" -- ")
            .next()
            .map(str::to_owned)
            .unwrap_or_default()
    };
    assert_eq!(cargo_run("run"), cargo_run("migrate"));
    assert!(cargo_run("migrate").contains("--release"));
    assert_eq!(recipe(&justfile, "ci"), ["bash .ci/run"]);
    assert!(
        recipe(&justfile, "openapi")
            .iter()
            .any(|line| line.contains("-- openapi")),
        "{justfile}"
    );
}

/// The error lines of a failed run (`error: …`), and whether anything retried.
fn error_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| line.starts_with("error:"))
        .collect()
}

#[test]
fn an_unknown_role_in_database_url_fails_at_once_on_one_line() {
    if tastebuds_postgres::connect(&secrecy::SecretString::from(
        "postgres://postgres@127.0.0.1:5432/postgres",
    ))
    .is_err()
    {
        return; // needs the shared server on 127.0.0.1:5432
    }
    let (ok, stderr) = stderr_of(
        tastebuds(&["migrate", "status"])
            .env(
                "DATABASE_URL",
                "postgres://no_such_role_cli:pw-secret@127.0.0.1:5432/tastebuds",
            )
            // A retry would wait this long: the test would hang instead of passing.
            .env("TASTEBUDS__DATABASE__CONNECT_TIMEOUT_MS", "600000"),
    );

    assert!(!ok);
    let errors = error_lines(&stderr);
    assert_eq!(errors.len(), 1, "{stderr}");
    let line = errors[0];
    for needle in [
        "postgres://no_such_role_cli:***@127.0.0.1:5432/tastebuds",
        "role \"no_such_role_cli\" does not exist",
        "expected postgres://USER:PASSWORD@HOST:PORT/DATABASE",
    ] {
        assert!(line.contains(needle), "no {needle:?} in {line}");
    }
    assert!(!stderr.contains("pw-secret"), "{stderr}");
    for absent in ["r2d2", "waiting for", "using the configured database"] {
        assert!(!stderr.contains(absent), "{absent:?} in {stderr}");
    }
}

#[test]
fn a_refused_database_url_is_retried_then_named_on_one_line() {
    let port = crate::free_port();
    let (ok, stderr) = stderr_of(
        tastebuds(&["migrate", "status"])
            .env(
                "DATABASE_URL",
                format!("postgres://postgres@127.0.0.1:{port}/tastebuds"),
            )
            .env("TASTEBUDS__DATABASE__CONNECT_TIMEOUT_MS", "1500"),
    );

    assert!(!ok);
    assert!(
        stderr.contains("waiting for the configured database server"),
        "{stderr}"
    );
    let errors = error_lines(&stderr);
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains("no answer within 1.5 s"), "{stderr}");
    assert!(errors[0].contains("Connection refused"), "{stderr}");
    assert!(
        errors[0].contains("expected postgres://USER:PASSWORD@HOST:PORT/DATABASE"),
        "{stderr}"
    );
    assert!(!stderr.contains("r2d2"), "{stderr}");
}

#[test]
fn a_malformed_database_url_is_one_line_with_the_expected_form() {
    let (ok, stderr) =
        stderr_of(tastebuds(&["migrate", "status"]).env("DATABASE_URL", "postgres//me@db/app"));

    assert!(!ok);
    assert!(
        stderr.contains("expected postgres://USER:PASSWORD@HOST:PORT/DATABASE"),
        "{stderr}"
    );
    assert!(!stderr.contains("waiting for"), "{stderr}");
}
