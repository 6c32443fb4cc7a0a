//! `tastebuds seed` and `tastebuds reset-db`: demo data, offline, on the database `serve`
//! would use (migrated first).
//!
//! Design rules:
//! - Everything goes through the domain services, wired by the server's composition root
//!   ([`Services::with_connectors`]); no domain row is written by hand.
//! - The catalog comes from upstream payloads recorded in the repository (`seed/`),
//!   mapped by the connectors' own mappers and ingested by the catalog's ingest use case
//!   through a [`recorded_source::RecordedSource`] per source: a seeded item is exactly
//!   an ingested one.
//! - Idempotent: each step finds what it would create by its natural key (the user's
//!   email; a source and external id; a tag's owner and name; a menu's title among the
//!   demo user's menus; a pairing's two items; a usable share link) and leaves what
//!   exists as it is. A second run changes nothing and says so, step by step.
//! - Demo data has a published password: both commands refuse to run in production.

mod account;
mod availability;
mod library;
mod media;
mod menus;
mod payloads;
mod recorded_source;
mod reset;
mod summary;
mod tags;
mod tally;

use std::fmt::Display;
use std::process::ExitCode;

use anyhow::Context as _;
use tastebuds_http::settings::Environment;
use tastebuds_http::{Services, Settings, telemetry};
use tastebuds_postgres::PgPool;

use self::tally::{Tally, line};
use super::runtime;

/// `tastebuds seed`: seeds the demo data and prints a line per step and a summary.
///
/// # Errors
/// Production mode, no database, a failed migration, or a step that fails (storage).
pub fn run(settings: Settings) -> anyhow::Result<ExitCode> {
    telemetry::init(&settings.telemetry)?;
    settings.log_source();
    let settings = prepared(settings, "seed")?;
    runtime::with_migrated_pool(&settings, |pool| seed(&settings, pool))?;
    Ok(ExitCode::SUCCESS)
}

/// `tastebuds reset-db`: drops the database `serve` would use, re-creates, migrates and
/// seeds it. Without `yes` it asks on the terminal, and refuses when there is none.
///
/// # Errors
/// As [`run`], and no confirmation or a failed drop.
pub fn reset(settings: Settings, yes: bool) -> anyhow::Result<ExitCode> {
    telemetry::init(&settings.telemetry)?;
    settings.log_source();
    let settings = prepared(settings, "reset-db")?;
    runtime::with_prepared_pool(
        &settings,
        |provisioned| reset::recreate(provisioned, yes),
        |pool| seed(&settings, pool),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `settings` for seeding: never production; a JWT secret, which only signs the
/// registration's tokens (thrown away), is generated when none is set.
fn prepared(mut settings: Settings, command: &str) -> anyhow::Result<Settings> {
    if settings.environment == Environment::Production {
        anyhow::bail!(
            "{command} refuses to run with ENVIRONMENT=production: the demo user's password \
             is published in the README"
        );
    }
    if settings.auth.jwt_secret.is_none() {
        let secret = tastebuds_auth::random_secret()
            .map_err(|error| anyhow::anyhow!("generating a JWT secret: {error}"))?;
        settings.auth.jwt_secret = Some(secret);
    }
    Ok(settings)
}

/// Runs every step on `pool`, printing as it goes.
async fn seed(settings: &Settings, pool: PgPool) -> anyhow::Result<()> {
    let recorded = payloads::recorded()?;
    let services =
        Services::with_connectors(settings, &pool, recorded_source::connectors(&recorded))?;
    let now = chrono::Utc::now();

    let user = account::ensure(&services.accounts).await?;
    say(&user.line());
    let mut changed = matches!(user, account::DemoUser::Created(_));

    let (items, media) = media::ingest(&services.catalog, &recorded)
        .await
        .context("the media step")?;
    report(
        &mut changed,
        "media",
        &media.counted("item", "items"),
        &[media],
    );

    let tags = tags::seed(&services.tagging, user.id(), &items)
        .await
        .context("the tags step")?;
    let what = format!(
        "{}, {}",
        tags.tags.counted("tag", "tags"),
        tags.links.counted("link", "links")
    );
    report(&mut changed, "tags", &what, &[tags.tags, tags.links]);

    let library = library::seed(&services.user_state, user.id(), &items, now)
        .await
        .context("the library step")?;
    let what = format!("{} with states and logs", library.counted("item", "items"));
    report(&mut changed, "library", &what, &[library]);

    let menus = menus::seed(&services.curation, user.id(), &items, now)
        .await
        .context("the menus step")?;
    let what = format!(
        "{}, {}, {}",
        menus.menus.counted("menu", "menus"),
        menus.pairings.counted("pairing", "pairings"),
        menus.share_links.counted("share link", "share links")
    );
    report(
        &mut changed,
        "menus",
        &what,
        &[menus.menus, menus.pairings, menus.share_links],
    );
    if let Some(note) = &menus.skipped {
        say(note);
    }

    let availability = availability::seed(&services.catalog, &items)
        .await
        .context("the availability step")?;
    let what = availability.counted("row", "rows");
    report(&mut changed, "availability", &what, &[availability]);

    for text in summary::lines(settings, user, &menus, changed) {
        say(&text);
    }
    Ok(())
}

/// Prints a step's line and notes whether it created anything.
fn report(changed: &mut bool, step: &str, what: &str, tallies: &[Tally]) {
    *changed |= tallies.iter().any(|tally| tally.created > 0);
    say(&line(step, what, tallies));
}

/// Prints a line on stdout. A closed stdout (`| head`) does not stop the seed half-way:
/// the lines are progress, the data is the point.
fn say(text: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

/// `result`, with a validation error of a planned value turned into an error that names
/// `what` (the plans are constants, so this only fails on a broken build).
fn valid<T, E: Display>(what: &str, result: Result<T, E>) -> anyhow::Result<T> {
    result.map_err(|error| anyhow::anyhow!("{what}: {error}"))
}
