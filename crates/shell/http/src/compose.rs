//! The composition root: the only module that names concrete adapters (with
//! [`crate::connectors`], which builds the upstream connectors). The server, the
//! `tastebuds` binary's other subcommands and the tests all wire their services here.

use std::sync::Arc;

use anyhow::Context as _;
use tastebuds_accounts::AccountsService;
use tastebuds_auth::{BcryptHasher, JwtTokenIssuer};
use tastebuds_curation::{CurationService, RandomShareTokens};
use tastebuds_kernel::{ReadinessProbe, SystemClock};
use tastebuds_media::{CatalogService, MetadataSource, SearchService};
use tastebuds_postgres::{
    PgAvailabilityStore, PgMediaCatalog, PgMenuQueries, PgMenuRepository, PgPool, PgPreviewStore,
    PgQuotaCounter, PgReadinessProbe, PgSearchIndex, PgSessionRepository, PgShareTokenRepository,
    PgTagRepository, PgUserRepository, PgUserStateRepository,
};
use tastebuds_tagging::TaggingService;
use tastebuds_user_state::UserStateService;

use crate::connectors::build_connectors;
use crate::rate_limit::RateLimits;
use crate::rendered_menus::RenderedMenus;
use crate::settings::{AuthSettings, CurationSettings, Settings};
use crate::state::AppState;

/// The services the server runs on.
#[derive(Clone)]
pub struct Services {
    /// Registration, login, tokens and sessions over PostgreSQL, bcrypt and HS256 JWTs.
    pub accounts: Arc<AccountsService>,
    /// The catalog over PostgreSQL and the upstream connectors.
    pub catalog: Arc<CatalogService>,
    /// Search, previews and the external-search quota over PostgreSQL and the same
    /// connectors.
    pub search: Arc<SearchService>,
    /// Menus, courses, items, pairings, forks and share links over PostgreSQL.
    pub curation: Arc<CurationService>,
    /// Tags and their links to media items, over PostgreSQL.
    pub tagging: Arc<TaggingService>,
    /// States, logs and the library, over PostgreSQL and the system clock.
    pub user_state: Arc<UserStateService>,
    /// Whether PostgreSQL answers.
    pub readiness: Arc<dyn ReadinessProbe>,
}

impl Services {
    /// Wires every service on `pool`, with the connectors of `settings.sources`.
    ///
    /// # Errors
    /// Fails when the settings were not validated (see [`Services::with_connectors`]) or
    /// the upstream HTTP client cannot be built.
    pub fn build(settings: &Settings, pool: &PgPool) -> anyhow::Result<Self> {
        Self::with_connectors(settings, pool, build_connectors(&settings.sources)?)
    }

    /// Wires every service on `pool`, with the given connectors (tests pass doubles).
    ///
    /// # Errors
    /// Fails when the settings were not validated ([`Settings::validate`] fills in the
    /// development JWT secret and checks the bcrypt cost).
    pub fn with_connectors(
        settings: &Settings,
        pool: &PgPool,
        connectors: Vec<Arc<dyn MetadataSource>>,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            accounts: Arc::new(accounts_service(&settings.auth, pool)?),
            search: Arc::new(search_service(settings, pool, connectors.clone())),
            catalog: Arc::new(catalog_over(settings, pool, connectors)),
            curation: Arc::new(curation_service(&settings.curation, pool)),
            tagging: Arc::new(TaggingService::new(Arc::new(PgTagRepository::new(
                pool.clone(),
            )))),
            user_state: Arc::new(UserStateService::new(
                Arc::new(PgUserStateRepository::new(pool.clone())),
                Arc::new(SystemClock),
            )),
            readiness: Arc::new(PgReadinessProbe::new(pool.clone())),
        })
    }
}

/// The catalog service on `pool` with the connectors of `settings.sources`: the one
/// [`Services::build`] wires, for commands that need nothing else (`tastebuds ingest`),
/// so their settings need no JWT secret.
///
/// # Errors
/// Fails when the upstream HTTP client cannot be built.
pub fn catalog_service(settings: &Settings, pool: &PgPool) -> anyhow::Result<CatalogService> {
    Ok(catalog_over(
        settings,
        pool,
        build_connectors(&settings.sources)?,
    ))
}

/// The state handlers share: `settings`, the services on `pool` with `connectors`, and
/// fresh rate-limit counters.
///
/// # Errors
/// As [`Services::with_connectors`].
pub fn build_state(
    settings: &Settings,
    pool: PgPool,
    connectors: Vec<Arc<dyn MetadataSource>>,
) -> anyhow::Result<AppState> {
    Ok(app_state(
        settings,
        Services::with_connectors(settings, &pool, connectors)?,
    ))
}

/// The state handlers share, over already wired `services`.
#[must_use]
pub fn app_state(settings: &Settings, services: Services) -> AppState {
    AppState {
        settings: Arc::new(settings.clone()),
        accounts: services.accounts,
        catalog: services.catalog,
        search: services.search,
        curation: services.curation,
        tagging: services.tagging,
        user_state: services.user_state,
        readiness: services.readiness,
        rate_limits: RateLimits::new(&settings.rate_limit),
        rendered_menus: RenderedMenus::with_capacity(
            settings
                .curation
                .rendered_menu_cache_mib
                .saturating_mul(1024 * 1024),
        ),
    }
}

/// The catalog use cases over the PostgreSQL catalog and availability stores,
/// `connectors` and the system clock, with the staleness of `settings.availability`.
fn catalog_over(
    settings: &Settings,
    pool: &PgPool,
    connectors: Vec<Arc<dyn MetadataSource>>,
) -> CatalogService {
    CatalogService::new(
        Arc::new(PgMediaCatalog::new(pool.clone())),
        Arc::new(PgAvailabilityStore::new(pool.clone())),
        connectors,
    )
    .with_clock(Arc::new(SystemClock))
    .with_staleness(settings.availability.staleness())
}

/// The search use cases over the PostgreSQL index, preview and quota stores, the
/// catalog, `connectors` and the system clock, with the configured quota.
fn search_service(
    settings: &Settings,
    pool: &PgPool,
    connectors: Vec<Arc<dyn MetadataSource>>,
) -> SearchService {
    SearchService::new(
        Arc::new(PgSearchIndex::new(pool.clone())),
        Arc::new(PgPreviewStore::new(pool.clone())),
        Arc::new(PgQuotaCounter::new(pool.clone())),
        Arc::new(PgMediaCatalog::new(pool.clone())),
        connectors,
        Arc::new(SystemClock),
    )
    .with_quota(settings.search.quota())
}

/// The curation use cases over the PostgreSQL menu stores, random share-link secrets
/// and the system clock.
fn curation_service(settings: &CurationSettings, pool: &PgPool) -> CurationService {
    CurationService::new(
        Arc::new(PgMenuRepository::new(pool.clone())),
        Arc::new(PgShareTokenRepository::new(pool.clone())),
        Arc::new(PgMenuQueries::new(pool.clone())),
        Arc::new(RandomShareTokens),
        Arc::new(SystemClock),
    )
    .with_share_link_ttl_days(settings.share_link_ttl_days)
}

/// The accounts use cases over PostgreSQL, bcrypt (on its own bounded pool, sized by
/// `auth.hash_workers` and `auth.hash_queue`) and HS256 JWTs.
fn accounts_service(auth: &AuthSettings, pool: &PgPool) -> anyhow::Result<AccountsService> {
    let hasher = BcryptHasher::with_pool(auth.bcrypt_cost, auth.hash_pool())
        .context("auth.bcrypt_cost, auth.hash_workers")?;
    let secret = auth.jwt_secret.as_ref().context(
        "the JWT secret (TASTEBUDS__AUTH__JWT_SECRET) is missing: validate the settings first",
    )?;
    let tokens = JwtTokenIssuer::new(secret)
        .context("the JWT secret (TASTEBUDS__AUTH__JWT_SECRET)")?
        .with_max_lifetime(auth.lifetimes().access);
    Ok(AccountsService::new(
        Arc::new(PgUserRepository::new(pool.clone())),
        Arc::new(PgSessionRepository::new(pool.clone())),
        Arc::new(hasher),
        Arc::new(tokens),
        Arc::new(SystemClock),
        auth.lifetimes(),
    )
    .with_session_retention(auth.session_retention()))
}
