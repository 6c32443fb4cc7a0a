//! Ingestion (API.md §2.6): `POST /api/ingest/{source}` turns an upstream record into a
//! catalog item, idempotently.
//!
//! - Any signed-in user may ingest (the catalog is global, §5.2).
//! - The handler only parses: the use case (`CatalogService::ingest`) looks the reference up
//!   before calling upstream when the identifier is canonical, and stores item,
//!   extension and source row in one transaction. Its errors map to statuses in
//!   `crate::error` (unknown source 404, upstream 404/502/503, invalid identifier 422).

mod create;
pub mod dto;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the routes on the `/api` scope.
pub fn configure(config: &mut ServiceConfig<'_>) {
    config.service(create::ingest);
}
