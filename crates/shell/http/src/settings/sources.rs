//! The `[sources]` section: the upstream connectors' shared HTTP settings and one section
//! per upstream, each type owned by its connector crate
//! (`TASTEBUDS__SOURCES__HTTP__*`, `TASTEBUDS__SOURCES__GOOGLE_BOOKS__*`,
//! `TASTEBUDS__SOURCES__TMDB__*`, `TASTEBUDS__SOURCES__IGDB__*`,
//! `TASTEBUDS__SOURCES__LASTFM__*`, plus the deployment aliases in
//! [`super::ALIASES`]).
//!
//! Every source may stay unconfigured: the server starts, and ingesting from such a
//! source answers 503 naming the missing setting.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use tastebuds_media::SourceName;
use tastebuds_source_common::SourceHttpConfig;
use tastebuds_source_google_books::GoogleBooksConfig;
use tastebuds_source_igdb::IgdbConfig;
use tastebuds_source_lastfm::LastfmConfig;
use tastebuds_source_tmdb::TmdbConfig;

/// The upstream metadata sources.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SourcesSettings {
    /// Timeouts, retries and the circuit breaker, shared by every connector.
    pub http: SourceHttpConfig,
    /// Google Books (`GOOGLE_BOOKS_API_KEY`).
    pub google_books: GoogleBooksConfig,
    /// TMDB (`TMDB_API_AUTH_HEADER`: the v4 token, with or without `Bearer `).
    pub tmdb: TmdbConfig,
    /// IGDB (`IGDB_CLIENT_ID`, `IGDB_CLIENT_SECRET`).
    pub igdb: IgdbConfig,
    /// Last.fm (`LASTFM_API_KEY`).
    pub lastfm: LastfmConfig,
    /// How long each source's search may take before a search answers without it.
    pub search_budget_ms: SearchBudgets,
}

/// Per-source search time budgets, in milliseconds
/// (`TASTEBUDS__SOURCES__SEARCH_BUDGET_MS__<SOURCE>`): a search still running past its
/// budget, retries included, is dropped and that source contributes no hits.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct SearchBudgets {
    /// Google Books.
    pub google_books: u64,
    /// TMDB.
    pub tmdb: u64,
    /// IGDB.
    pub igdb: u64,
    /// Last.fm.
    pub lastfm: u64,
}

impl Default for SearchBudgets {
    fn default() -> Self {
        Self {
            google_books: 4_000,
            tmdb: 4_000,
            igdb: 4_000,
            lastfm: 4_000,
        }
    }
}

impl SearchBudgets {
    /// The budget of `source`.
    #[must_use]
    pub const fn of(&self, source: SourceName) -> Duration {
        Duration::from_millis(match source {
            SourceName::GoogleBooks => self.google_books,
            SourceName::Tmdb => self.tmdb,
            SourceName::Igdb => self.igdb,
            SourceName::Lastfm => self.lastfm,
        })
    }
}

impl SourcesSettings {
    /// Adds a sentence per invalid value to `problems`.
    pub(super) fn check(&self, problems: &mut Vec<String>) {
        let http = &self.http;
        let mut require = |ok: bool, problem: &str| {
            if !ok {
                problems.push(problem.to_owned());
            }
        };
        require(
            http.timeout_ms > 0,
            "sources.http.timeout_ms must be at least 1",
        );
        require(
            http.connect_timeout_ms > 0,
            "sources.http.connect_timeout_ms must be at least 1",
        );
        require(
            http.failure_threshold > 0,
            "sources.http.failure_threshold must be at least 1",
        );
        require(
            http.retry_base_delay_ms <= http.retry_max_delay_ms,
            "sources.http.retry_base_delay_ms must not exceed sources.http.retry_max_delay_ms",
        );
        require(
            http.open_base_secs <= http.open_max_secs,
            "sources.http.open_base_secs must not exceed sources.http.open_max_secs",
        );
        for source in SourceName::ALL {
            if self.search_budget_ms.of(source).is_zero() {
                problems.push(format!(
                    "sources.search_budget_ms.{source} must be at least 1"
                ));
            }
        }
        for (setting, url) in [
            ("sources.google_books.base_url", &self.google_books.base_url),
            ("sources.tmdb.base_url", &self.tmdb.base_url),
            ("sources.igdb.base_url", &self.igdb.base_url),
            ("sources.igdb.token_url", &self.igdb.token_url),
            ("sources.lastfm.base_url", &self.lastfm.base_url),
        ] {
            let valid = url::Url::parse(url)
                .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.has_host());
            if !valid {
                problems.push(format!("{setting}: `{url}` is not an http(s) URL"));
            }
        }
    }
}
