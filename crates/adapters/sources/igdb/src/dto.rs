//! Serde mirrors of the IGDB and Twitch payloads.
//!
//! IGDB omits fields that have no value (never `null`), returns only the fields asked
//! for, and expands `a.b` fields into objects with their own `id`; unexpanded, the same
//! fields are bare integer ids, which are accepted and ignored.

use serde::Deserialize;

/// One game of the `POST /games` array.
#[derive(Debug, Deserialize)]
pub(crate) struct Game {
    pub id: u64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub storyline: Option<String>,
    /// Unix seconds, UTC midnight of the earliest release.
    #[serde(default)]
    pub first_release_date: Option<i64>,
    #[serde(default)]
    pub cover: Option<Expanded<Cover>>,
    #[serde(default)]
    pub genres: Vec<Expanded<Named>>,
    #[serde(default)]
    pub platforms: Vec<Expanded<Named>>,
    #[serde(default)]
    pub involved_companies: Vec<Expanded<InvolvedCompany>>,
}

/// An expanded reference, or the bare id IGDB sends when the field was not expanded.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum Expanded<T> {
    Object(T),
    Id(#[expect(dead_code, reason = "only recognised, never used")] u64),
}

impl<T> Expanded<T> {
    pub(crate) const fn object(&self) -> Option<&T> {
        match self {
            Self::Object(object) => Some(object),
            Self::Id(_) => None,
        }
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct Named {
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Cover {
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub image_id: Option<String>,
}

/// `involved_companies[]`: both flags true for a self-published game, both false for a
/// porting or support studio.
#[derive(Debug, Deserialize)]
pub(crate) struct InvolvedCompany {
    #[serde(default)]
    pub company: Option<Expanded<Named>>,
    #[serde(default)]
    pub developer: bool,
    #[serde(default)]
    pub publisher: bool,
}

/// The Twitch client-credentials answer.
#[derive(Debug, Deserialize)]
pub(crate) struct TokenResponse {
    pub access_token: String,
    pub expires_in: u64,
}

/// A Twitch error body: `{"status": 400, "message": "invalid client"}`.
#[derive(Debug, Deserialize)]
pub(crate) struct TwitchError {
    #[serde(default)]
    pub message: Option<String>,
}
