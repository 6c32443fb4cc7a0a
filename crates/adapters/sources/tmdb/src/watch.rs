//! TMDB watch providers (`append_to_response=watch/providers`) → [`UpstreamAvailability`]
//! (pure).
//!
//! | Upstream (`"watch/providers".results.{CC}`) | Availability row |
//! |---|---|
//! | the region key `CC` (ISO 3166-1 alpha-2; others are skipped) | `region` |
//! | `flatrate[]` / `rent[]` / `buy[]` / `free[]` and `ads[]` | `format` = `stream` / `rent` / `buy` / `free` |
//! | `[].provider_name` (cut to 120 characters; blank ones skipped) | `provider` |
//! | the region's `link` (TMDB's watch page; an http(s) URL, else none) | `deeplink_url` |
//! | — | `status` = `available`, `last_checked_at` = the ingest's time |
//!
//! A payload without the `watch/providers` key (a search hit, an older recording) reports
//! nothing: `None`, and the item's stored rows are left alone. A key that is present but
//! malformed is logged and also reads as `None`: availability never fails an ingest.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use tastebuds_media::availability::values::PROVIDER_MAX_CHARS;
use tastebuds_media::{DeepLink, Format, Provider, Region, UpstreamAvailability, UpstreamOffer};
use tastebuds_source_common::serde_util::null_as_default;

/// The `append_to_response` name, also the payload key.
pub(crate) const APPENDED: &str = "watch/providers";

#[derive(Debug, Deserialize)]
struct WatchProviders {
    #[serde(default, deserialize_with = "null_as_default")]
    results: BTreeMap<String, RegionOffers>,
}

#[derive(Debug, Default, Deserialize)]
struct RegionOffers {
    #[serde(default)]
    link: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    flatrate: Vec<Offer>,
    #[serde(default, deserialize_with = "null_as_default")]
    rent: Vec<Offer>,
    #[serde(default, deserialize_with = "null_as_default")]
    buy: Vec<Offer>,
    #[serde(default, deserialize_with = "null_as_default")]
    free: Vec<Offer>,
    #[serde(default, deserialize_with = "null_as_default")]
    ads: Vec<Offer>,
}

#[derive(Debug, Deserialize)]
struct Offer {
    #[serde(default)]
    provider_name: Option<String>,
}

/// The availability a details payload reports (see the [module docs](self)).
pub(crate) fn availability(raw: &Value) -> Option<UpstreamAvailability> {
    let appended = raw.get(APPENDED)?;
    let providers = match WatchProviders::deserialize(appended) {
        Ok(providers) => providers,
        Err(error) => {
            tracing::warn!(source = "tmdb", %error, "watch providers skipped: unexpected shape");
            return None;
        }
    };
    let mut regions = BTreeMap::new();
    for (code, offers) in providers.results {
        let Ok(region) = Region::parse(&code) else {
            tracing::debug!(source = "tmdb", region = %code, "watch providers of an unknown region skipped");
            continue;
        };
        regions.insert(region, region_offers(offers));
    }
    Some(UpstreamAvailability { regions })
}

fn region_offers(offers: RegionOffers) -> Vec<UpstreamOffer> {
    let link = offers
        .link
        .as_deref()
        .and_then(|link| DeepLink::parse(link).ok());
    let by_format = [
        (Format::STREAM, offers.flatrate),
        (Format::RENT, offers.rent),
        (Format::BUY, offers.buy),
        (Format::FREE, offers.free),
        (Format::FREE, offers.ads),
    ];
    by_format
        .into_iter()
        .flat_map(|(format, list)| list.into_iter().map(move |offer| (format, offer)))
        .filter_map(|(format, offer)| {
            let name: String = offer
                .provider_name?
                .trim()
                .chars()
                .take(PROVIDER_MAX_CHARS)
                .collect();
            Some(UpstreamOffer {
                provider: Provider::parse(&name).ok()?,
                format: Format::parse(format).ok()?,
                deeplink_url: link.clone(),
            })
        })
        .collect()
}
