//! Step 6: where the demo items can be had, through the catalog's availability use case
//! (API.md §3, `PUT /api/media/{id}/availability`). *The Matrix* already has the rows its
//! TMDB watch providers gave at ingest. Rows are keyed on (provider, region, format): a
//! key the item has is left as it is.

use tastebuds_media::{
    AvailabilityEntry, AvailabilityKey, AvailabilityStatus, AvailabilityUpdate, CatalogService,
    DeepLink, Format, Provider, Region,
};

use super::media::DemoItems;
use super::payloads::Demo;
use super::tally::Tally;
use super::valid;

/// One row to have: item, provider, region, format, status, deep link.
type RowPlan = (
    Demo,
    &'static str,
    &'static str,
    &'static str,
    AvailabilityStatus,
    Option<&'static str>,
);

const ROWS: &[RowPlan] = &[
    (
        Demo::Dune,
        "Public library",
        "US",
        "library",
        AvailabilityStatus::Available,
        None,
    ),
    (
        Demo::Dune,
        "Google Play Books",
        "US",
        Format::BUY,
        AvailabilityStatus::Available,
        Some("https://play.google.com/store/books/details?id=B1hSG45JCX4C"),
    ),
    (
        Demo::Hades,
        "Steam",
        "global",
        Format::BUY,
        AvailabilityStatus::Available,
        Some("https://store.steampowered.com/app/1145360/Hades/"),
    ),
    (
        Demo::Witcher,
        "GOG",
        "global",
        Format::BUY,
        AvailabilityStatus::Available,
        Some("https://www.gog.com/game/the_witcher_3_wild_hunt"),
    ),
    (
        Demo::Shogun,
        "Hulu",
        "US",
        Format::STREAM,
        AvailabilityStatus::Available,
        None,
    ),
    (
        Demo::Shogun,
        "Disney+",
        "GB",
        Format::STREAM,
        AvailabilityStatus::Unavailable,
        None,
    ),
    (
        Demo::Comptine,
        "Spotify",
        "global",
        Format::STREAM,
        AvailabilityStatus::Unknown,
        None,
    ),
];

/// Puts the planned rows the items do not have yet; the tally counts rows.
///
/// # Errors
/// Storage failures.
pub async fn seed(catalog: &CatalogService, items: &DemoItems) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    let mut per_item: Vec<(Demo, Vec<AvailabilityEntry>)> = Vec::new();
    for (demo, provider, region, format, status, link) in ROWS {
        let entry = AvailabilityEntry {
            key: AvailabilityKey {
                provider: valid("a provider", Provider::parse(provider))?,
                region: valid("a region", Region::parse(region))?,
                format: valid("a format", Format::parse(format))?,
            },
            status: *status,
            deeplink_url: link
                .map(|link| valid("a deep link", DeepLink::parse(link)))
                .transpose()?,
            last_checked_at: None,
        };
        match per_item.iter_mut().find(|(item, _)| item == demo) {
            Some((_, entries)) => entries.push(entry),
            None => per_item.push((*demo, vec![entry])),
        }
    }
    for (demo, entries) in per_item {
        let item = items.id(demo)?;
        let stored = catalog.availability(item).await?;
        let missing: Vec<AvailabilityEntry> = entries
            .into_iter()
            .filter(|entry| {
                let there = stored.iter().any(|row| row.key == entry.key);
                tally.add(!there);
                !there
            })
            .collect();
        if !missing.is_empty() {
            let update = valid("an availability update", AvailabilityUpdate::new(missing))?;
            catalog.put_availability(item, update).await?;
        }
    }
    Ok(tally)
}
