//! Help texts, argument errors and the healthcheck probe against nothing.

use crate::{free_port, run, tastebuds};

#[test]
fn help_lists_the_subcommands() {
    let output = run(&["--help"]);

    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for subcommand in [
        "serve",
        "migrate",
        "ingest",
        "seed",
        "reset-db",
        "openapi",
        "healthcheck",
    ] {
        assert!(help.contains(subcommand), "{help}");
    }
}

#[test]
fn every_subcommand_has_help() {
    for args in [
        &["serve", "--help"][..],
        &["migrate", "--help"],
        &["migrate", "status", "--help"],
        &["migrate", "run", "--help"],
        &["migrate", "revert", "--help"],
        &["healthcheck", "--help"],
        &["openapi", "--help"],
        &["seed", "--help"],
        &["reset-db", "--help"],
    ] {
        let output = run(args);

        assert!(output.status.success(), "{args:?}");
        assert!(!output.stdout.is_empty(), "{args:?}");
    }
    let migrate = String::from_utf8_lossy(&run(&["migrate", "--help"]).stdout).into_owned();
    for action in ["status", "run", "revert"] {
        assert!(migrate.contains(action), "{migrate}");
    }
}

#[test]
fn unknown_subcommands_and_invalid_settings_fail() {
    assert!(!run(&["frobnicate"]).status.success());

    let output = tastebuds(&["healthcheck"])
        .env("PORT", "not-a-port")
        .output()
        .expect("run the binary");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("PORT=not-a-port"));
}

#[test]
fn healthcheck_fails_when_nothing_listens() {
    let output = tastebuds(&["healthcheck", "--timeout-secs", "1"])
        .env("PORT", free_port().to_string())
        .output()
        .expect("run the binary");

    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("unhealthy"));
}

#[test]
fn ingest_help_shows_both_forms_and_the_flags() {
    let output = run(&["ingest", "--help"]);

    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for needle in [
        "<SOURCE>",
        "[IDENTIFIERS]...",
        "--search <QUERY>",
        "--max-results <N>",
        "--force-refresh",
        "created N, updated N, unchanged N, failed N",
    ] {
        assert!(help.contains(needle), "{needle} missing from {help}");
    }
    assert!(!run(&["ingest", "spotify", "x"]).status.success());
    assert!(
        !run(&["ingest", "tmdb"]).status.success(),
        "identifiers or --search"
    );
    let ignored = run(&["ingest", "tmdb", "movie:603", "--max-results", "3"]);
    assert_eq!(
        ignored.status.code(),
        Some(2),
        "--max-results needs --search"
    );
    assert!(
        String::from_utf8_lossy(&ignored.stderr).contains("--max-results"),
        "{}",
        String::from_utf8_lossy(&ignored.stderr)
    );
}
