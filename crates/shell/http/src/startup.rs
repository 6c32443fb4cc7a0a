//! The app and the server around an [`AppState`] wired by [`crate::compose`]: the
//! binary and the tests build the app with the same [`build_app`].

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServerHandle, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{self, Compress, ErrorHandlers};
use actix_web::{App, HttpServer, web};
use anyhow::Context as _;
use tastebuds_accounts::AccountsService;
use tastebuds_postgres::PgPool;
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::AppExt as _;

use crate::compose::{Services, app_state};
use crate::net::TrustedProxies;
use crate::openapi::{self, DOCS_PATH, OPENAPI_PATH};
use crate::origin::{self, AllowedOrigins};
use crate::route_table::RouteTable;
use crate::settings::Settings;
use crate::state::AppState;
use crate::telemetry::RequestSpan;
use crate::{body_timeout, cors, error, extract, maintenance, redoc, routes, telemetry};

/// The largest request body read, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// The complete app: routes, OpenAPI document, docs UI and Redoc page, extractor error handlers, the
/// 404/405/307 fallback (with the [`RouteTable`] derived from the document), and the
/// middleware (request tracing with a request id, the access log, CORS, the per-IP rate
/// limits, the refusal of state-changing requests from other origins, compression, the
/// deadline on request bodies, the JSON error safety net).
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
    let body_read_timeout = millis(state.settings.server.body_read_timeout_ms);
    let access_log = state.settings.telemetry.access_log;
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
    let route_table = RouteTable::from_document(&document).with_gets(openapi::tooling_paths());
    let (redoc_page, redoc_script) = redoc::services(OPENAPI_PATH);
    app.app_data(web::Data::new(route_table))
        .service(openapi::docs_service(document))
        .service(web::redirect(DOCS_PATH, format!("{DOCS_PATH}/")))
        .service(redoc_page.default_service(web::to(routes::not_matched)))
        .service(redoc_script.default_service(web::to(routes::not_matched)))
        .default_service(web::to(routes::not_matched))
        .wrap(ErrorHandlers::new().default_handler(error::json_envelope))
        .wrap(middleware::from_fn(move |req, next| {
            body_timeout::limit_body_time(body_read_timeout, req, next)
        }))
        .wrap(Compress::default())
        .wrap(middleware::from_fn(move |req, next| {
            origin::refuse_other_origins(origins.clone(), req, next)
        }))
        .wrap(rate_limits)
        .wrap(cors)
        .wrap(middleware::from_fn(cors::json_refusals))
        .wrap(middleware::from_fn(telemetry::request_id_header))
        .wrap(middleware::Condition::new(
            access_log,
            middleware::from_fn(telemetry::access_log),
        ))
        .wrap(TracingLogger::<RequestSpan>::new())
}

/// `ms` milliseconds, `None` for 0 (no limit).
fn millis(ms: u64) -> Option<Duration> {
    (ms > 0).then(|| Duration::from_millis(ms))
}

/// A bound, not yet running HTTP server, with the housekeeping it runs while serving.
pub struct Application {
    port: u16,
    server: Server,
    /// The accounts service and the period of its session purge, unless turned off.
    session_purge: Option<(Arc<AccountsService>, Duration)>,
}

impl Application {
    /// Binds `server.host:server.port` (port 0 picks a free one) and builds the server
    /// with the services [`Services::build`] wires on `pool`.
    ///
    /// # Errors
    /// Fails when the services cannot be wired (settings not validated, an upstream
    /// HTTP client that cannot be built) or the address cannot be bound.
    pub async fn build(settings: &Settings, pool: PgPool) -> anyhow::Result<Self> {
        Self::with_state(app_state(settings, Services::build(settings, &pool)?))
    }

    /// Binds as [`Application::build`] does, serving `state`.
    ///
    /// # Errors
    /// Fails when the address cannot be bound.
    pub fn with_state(state: AppState) -> anyhow::Result<Self> {
        let session_purge = state
            .settings
            .auth
            .session_purge_interval()
            .map(|every| (Arc::clone(&state.accounts), every));
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
        let request_timeout = Duration::from_millis(server_settings.client_request_timeout_ms);
        let disconnect_timeout =
            Duration::from_millis(server_settings.client_disconnect_timeout_ms);
        let keep_alive = Duration::from_secs(server_settings.keep_alive_secs);
        // actix reads a zero duration as "no limit" for the head and the disconnect, and
        // as "no keep-alive" for idle connections, which is what 0 means in the settings.
        let mut server = HttpServer::new(move || build_app(state.clone()))
            .shutdown_timeout(shutdown_timeout)
            .client_request_timeout(request_timeout)
            .client_disconnect_timeout(disconnect_timeout)
            .keep_alive(keep_alive);
        if let Some(workers) = workers {
            server = server.workers(workers);
        }
        let server = server.listen(listener).context("listening")?.run();
        Ok(Self {
            port,
            server,
            session_purge,
        })
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
    /// `server.shutdown_timeout_secs`) or [`ServerHandle::stop`], purging expired
    /// sessions on schedule meanwhile ([`maintenance::spawn_session_purge`]).
    ///
    /// # Errors
    /// An I/O error of the server.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let purge = self
            .session_purge
            .map(|(accounts, every)| maintenance::spawn_session_purge(accounts, every));
        let served = self.server.await;
        if let Some(purge) = purge {
            purge.abort();
        }
        served
    }
}
