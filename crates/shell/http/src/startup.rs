//! The composition root: the only place that names concrete adapters. The binary and the
//! tests build the app with the same [`build_state`] and [`build_app`].

use std::fmt;
use std::net::TcpListener;
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServerHandle, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{self, Compress, ErrorHandlers};
use actix_web::{App, HttpServer, web};
use anyhow::Context as _;
use tastebuds_accounts::AccountsService;
use tastebuds_auth::{BcryptHasher, JwtTokenIssuer};
use tastebuds_kernel::SystemClock;
use tastebuds_media::{IngestService, MetadataSource};
use tastebuds_postgres::{PgMediaCatalog, PgPool, PgSessionRepository, PgUserRepository};
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::AppExt as _;

use crate::net::TrustedProxies;
use crate::openapi::{self, DOCS_PATH};
use crate::origin::{self, AllowedOrigins};
use crate::rate_limit::RateLimits;
use crate::settings::{AuthSettings, Settings};
use crate::telemetry::RequestSpan;
use crate::{cors, error, extract, routes, telemetry};

/// The largest request body read, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// What handlers share: settings, the pool, the sources and the services. Cheap to
/// clone.
#[derive(Clone)]
pub struct AppState {
    /// The validated settings.
    pub settings: Arc<Settings>,
    /// The PostgreSQL pool.
    pub pool: PgPool,
    /// The upstream metadata sources, in search order.
    pub sources: Vec<Arc<dyn MetadataSource>>,
    /// Registration, login, tokens and sessions.
    pub accounts: Arc<AccountsService>,
    /// The per-IP rate limits (settings read once, buckets shared by every worker).
    pub rate_limits: RateLimits,
    /// The catalog: ingestion from [`AppState::sources`] and item reads.
    pub media: Arc<IngestService>,
}

impl fmt::Debug for AppState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppState")
            .field("settings", &self.settings)
            .field("pool", &self.pool)
            .field(
                "sources",
                &self
                    .sources
                    .iter()
                    .map(|source| source.name())
                    .collect::<Vec<_>>(),
            )
            .field("accounts", &self.accounts)
            .field("rate_limits", &self.rate_limits)
            .field("media", &self.media)
            .finish()
    }
}

/// Wires the state from validated settings, a pool and the sources (tests pass doubles).
///
/// # Errors
/// Fails when the settings were not validated ([`Settings::validate`] fills in the
/// development JWT secret and checks the bcrypt cost).
pub fn build_state(
    settings: &Settings,
    pool: PgPool,
    sources: Vec<Arc<dyn MetadataSource>>,
) -> anyhow::Result<AppState> {
    Ok(AppState {
        settings: Arc::new(settings.clone()),
        accounts: Arc::new(accounts_service(&settings.auth, &pool)?),
        rate_limits: RateLimits::new(&settings.rate_limit),
        media: Arc::new(ingest_service(&pool, sources.clone())),
        pool,
        sources,
    })
}

/// The ingest use case over the PostgreSQL catalog and `sources` (what [`build_state`]
/// wires into [`AppState::media`]; `tastebuds ingest` uses it without the HTTP app).
#[must_use]
pub fn ingest_service(pool: &PgPool, sources: Vec<Arc<dyn MetadataSource>>) -> IngestService {
    IngestService::new(Arc::new(PgMediaCatalog::new(pool.clone())), sources)
}

/// The accounts use cases over PostgreSQL, bcrypt (on the blocking pool) and HS256 JWTs.
fn accounts_service(auth: &AuthSettings, pool: &PgPool) -> anyhow::Result<AccountsService> {
    let hasher = BcryptHasher::new(auth.bcrypt_cost).context("auth.bcrypt_cost")?;
    let secret = auth
        .jwt_secret
        .as_ref()
        .context("auth.jwt_secret is missing: validate the settings first")?;
    let tokens = JwtTokenIssuer::new(secret).context("auth.jwt_secret")?;
    Ok(AccountsService::new(
        Arc::new(PgUserRepository::new(pool.clone())),
        Arc::new(PgSessionRepository::new(pool.clone())),
        Arc::new(hasher),
        Arc::new(tokens),
        Arc::new(SystemClock),
        auth.lifetimes(),
    ))
}

/// The complete app: routes, OpenAPI document and docs UI, extractor error handlers, the
/// 404/405/307 fallback, and the middleware (request tracing with a request id, CORS, the
/// per-IP rate limits, the refusal of state-changing requests from other origins, the
/// JSON error safety net, compression).
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let rate_limits = state.rate_limits.middleware();
    let cors = cors::middleware(&state.settings.cors);
    let origins = AllowedOrigins::new(&state.settings.cors);
    let proxies = TrustedProxies::new(&state.settings.rate_limit.trusted_proxies);
    let (app, document) = App::new()
        .into_utoipa_app()
        .openapi(openapi::base())
        .app_data(web::Data::new(state))
        .app_data(proxies)
        .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
        .app_data(extract::json_config())
        .app_data(extract::path_config())
        .app_data(extract::query_config())
        .configure(routes::configure)
        .split_for_parts();
    app.service(openapi::docs_service(document))
        .service(web::redirect(DOCS_PATH, format!("{DOCS_PATH}/")))
        .default_service(web::to(routes::not_matched))
        .wrap(ErrorHandlers::new().default_handler(error::json_envelope))
        .wrap(Compress::default())
        .wrap(middleware::from_fn(move |req, next| {
            origin::refuse_other_origins(origins.clone(), req, next)
        }))
        .wrap(rate_limits)
        .wrap(cors)
        .wrap(middleware::from_fn(cors::json_refusals))
        .wrap(middleware::from_fn(telemetry::request_id_header))
        .wrap(TracingLogger::<RequestSpan>::new())
}

/// A bound, not yet running HTTP server.
pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Binds `server.host:server.port` (port 0 picks a free one) and builds the server
    /// with the upstream sources of `settings.sources`.
    ///
    /// # Errors
    /// Fails when the upstream HTTP client cannot be built or the address cannot be
    /// bound.
    pub async fn build(settings: &Settings, pool: PgPool) -> anyhow::Result<Self> {
        let sources = crate::sources::build_sources(&settings.sources)?;
        Self::with_state(build_state(settings, pool, sources)?)
    }

    /// Binds as [`Application::build`] does, serving `state`.
    ///
    /// # Errors
    /// Fails when the address cannot be bound.
    pub fn with_state(state: AppState) -> anyhow::Result<Self> {
        let server_settings = &state.settings.server;
        let address = (server_settings.host.as_str(), server_settings.port);
        let listener = TcpListener::bind(address).with_context(|| {
            format!("binding {}:{}", server_settings.host, server_settings.port)
        })?;
        let port = listener
            .local_addr()
            .context("reading the bound address")?
            .port();
        let shutdown_timeout = server_settings.shutdown_timeout_secs;
        let workers = server_settings.workers;
        let mut server =
            HttpServer::new(move || build_app(state.clone())).shutdown_timeout(shutdown_timeout);
        if let Some(workers) = workers {
            server = server.workers(workers);
        }
        let server = server.listen(listener).context("listening")?.run();
        Ok(Self { port, server })
    }

    /// The bound port.
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A handle to stop the server (`stop(true)` drains in-flight requests).
    #[must_use]
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGINT/SIGTERM (graceful: in-flight requests get
    /// `server.shutdown_timeout_secs`) or [`ServerHandle::stop`].
    ///
    /// # Errors
    /// An I/O error of the server.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
