//! The upstream connectors, built from the `[sources]` settings: one shared HTTP client
//! (one connection pool), each connector behind its own circuit breaker ([`Guarded`])
//! with its searches cut at the source's time budget ([`Budgeted`]),
//! in connector order (API.md §2.5). The composition root ([`crate::compose`]) hands
//! them to the catalog service, which alone calls them (ingest, search, health).

use std::sync::Arc;

use anyhow::Context as _;
use secrecy::{ExposeSecret as _, SecretString};
use tastebuds_media::MetadataSource;
use tastebuds_source_common::{Budgeted, Guarded, SourceHttpConfig, build_http_client};
use tastebuds_source_google_books::GoogleBooksClient;
use tastebuds_source_igdb::IgdbClient;
use tastebuds_source_lastfm::LastfmClient;
use tastebuds_source_tmdb::{TmdbClient, TmdbConfig};

use crate::settings::{SearchBudgets, SourcesSettings};

/// The four connectors, guarded, in connector order. An unconfigured one is included
/// (its calls answer `NotConfigured`, naming the missing setting) and logged at WARN.
///
/// # Errors
/// Fails when the HTTP client cannot be built (TLS initialisation, an invalid
/// `sources.http.user_agent`).
pub fn build_connectors(
    settings: &SourcesSettings,
) -> anyhow::Result<Vec<Arc<dyn MetadataSource>>> {
    let http = &settings.http;
    let client = build_http_client(http).context("building the upstream HTTP client")?;
    let google_books = GoogleBooksClient::new(settings.google_books.clone(), client.clone(), http);
    let tmdb = TmdbClient::new(tmdb_config(&settings.tmdb), client.clone(), http);
    let igdb = IgdbClient::new(settings.igdb.clone(), client.clone(), http);
    let lastfm = LastfmClient::new(settings.lastfm.clone(), client, http);
    let budgets = &settings.search_budget_ms;
    Ok(vec![
        guard(google_books.is_configured(), google_books, http, budgets),
        guard(tmdb.is_configured(), tmdb, http, budgets),
        guard(igdb.is_configured(), igdb, http, budgets),
        guard(lastfm.is_configured(), lastfm, http, budgets),
    ])
}

/// `connector` behind its circuit breaker, its searches cut at the source's budget (a
/// search cut by its budget counts as a failure for the breaker), its configuration
/// state logged.
fn guard<S: MetadataSource + 'static>(
    configured: bool,
    connector: S,
    http: &SourceHttpConfig,
    budgets: &SearchBudgets,
) -> Arc<dyn MetadataSource> {
    let name = connector.name();
    if configured {
        tracing::info!(source = %name, "upstream source configured");
    } else {
        tracing::warn!(
            source = %name,
            "upstream source not configured: ingesting from it answers 503 until its \
             credentials are set"
        );
    }
    let budget = budgets.of(name);
    Arc::new(Guarded::new(Budgeted::new(connector, budget), http))
}

/// The TMDB settings with the bearer token stripped of a leading `Bearer ` (the
/// `TMDB_API_AUTH_HEADER` deployment variable may hold a whole header value).
fn tmdb_config(config: &TmdbConfig) -> TmdbConfig {
    TmdbConfig {
        bearer_token: config.bearer_token.as_ref().map(bare_token),
        ..config.clone()
    }
}

/// `Bearer abc` (scheme in any case) → `abc`; anything else unchanged but trimmed.
fn bare_token(token: &SecretString) -> SecretString {
    let value = token.expose_secret().trim();
    let bare = match (value.get(..7), value.get(7..)) {
        (Some(scheme), Some(rest)) if scheme.eq_ignore_ascii_case("bearer ") => rest.trim(),
        _ => value,
    };
    SecretString::from(bare.to_owned())
}

#[cfg(test)]
mod tests {
    use tastebuds_media::SourceName;

    use super::*;

    fn bare(token: &str) -> String {
        bare_token(&SecretString::from(token))
            .expose_secret()
            .to_owned()
    }

    #[test]
    fn a_bearer_prefix_is_stripped_from_the_tmdb_token() {
        assert_eq!(bare("Bearer abc.def"), "abc.def");
        assert_eq!(bare("bearer  abc.def "), "abc.def");
        assert_eq!(bare("abc.def"), "abc.def");
        assert_eq!(bare("Bearerabc"), "Bearerabc");
        assert_eq!(bare("ééé"), "ééé");
    }

    #[test]
    fn all_four_connectors_are_built_in_connector_order() {
        let connectors = build_connectors(&SourcesSettings::default()).unwrap();

        let names: Vec<SourceName> = connectors
            .iter()
            .map(|connector| connector.name())
            .collect();
        assert_eq!(names, SourceName::ALL);
        assert!(
            connectors
                .iter()
                .all(|connector| connector.health().is_none()),
            "no connector has been called yet"
        );
    }
}
