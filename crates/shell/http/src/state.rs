//! [`AppState`]: what handlers and extractors share. A leaf: it names the services and
//! ports it holds, never an adapter, and no handler module, so every handler can import
//! it without a ring.

use std::fmt;
use std::sync::Arc;

use tastebuds_accounts::AccountsService;
use tastebuds_curation::CurationService;
use tastebuds_kernel::ReadinessProbe;
use tastebuds_media::{CatalogService, SearchService};
use tastebuds_tagging::TaggingService;
use tastebuds_user_state::UserStateService;

use crate::rate_limit::RateLimits;
use crate::rendered_menus::RenderedMenus;
use crate::settings::Settings;

/// Settings, services and the readiness probe; built by
/// [`build_state`](crate::compose::build_state). Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// The validated settings.
    pub settings: Arc<Settings>,
    /// Registration, login, tokens and sessions.
    pub accounts: Arc<AccountsService>,
    /// The catalog: ingestion, item reads and the connectors' health.
    pub catalog: Arc<CatalogService>,
    /// Search, previews (and claiming them as catalog items) and the quota.
    pub search: Arc<SearchService>,
    /// Menus and everything under them, forks and share links.
    pub curation: Arc<CurationService>,
    /// Tags: create, list, delete, attach and detach.
    pub tagging: Arc<TaggingService>,
    /// States, logs and the library of each user.
    pub user_state: Arc<UserStateService>,
    /// Whether the database answers, for readiness.
    pub readiness: Arc<dyn ReadinessProbe>,
    /// The per-IP rate-limit counters, shared by every worker.
    pub rate_limits: RateLimits,
    /// Menu views rendered earlier, served while their menu's revision is current.
    pub rendered_menus: RenderedMenus,
}

impl fmt::Debug for AppState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppState")
            .field("settings", &self.settings)
            .field("accounts", &self.accounts)
            .field("catalog", &self.catalog)
            .field("search", &self.search)
            .field("curation", &self.curation)
            .field("tagging", &self.tagging)
            .field("user_state", &self.user_state)
            .field("rate_limits", &self.rate_limits)
            .field("rendered_menus", &self.rendered_menus)
            .finish_non_exhaustive()
    }
}
