//! The path parameters of the public routes.

use serde::Deserialize;
use tastebuds_curation::{CurationError, Slug};
use utoipa::IntoParams;

/// `{slug}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SlugPath {
    /// The menu's slug, e.g. `neo-noir-night`.
    #[param(example = "neo-noir-night", max_length = 255)]
    pub slug: String,
}

impl SlugPath {
    /// The slug; one no menu could hold is `Menu not found`, like an unknown one.
    ///
    /// # Errors
    /// [`CurationError::MenuNotFound`] for text that is not a slug.
    pub fn slug(&self) -> Result<Slug, CurationError> {
        Slug::parse(&self.slug).map_err(|_| CurationError::MenuNotFound)
    }
}

/// `draft/{token}`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct DraftPath {
    /// The share link's secret.
    #[param(max_length = 64)]
    pub token: String,
}
