//! What an upstream reports about where an item can be had ([`UpstreamAvailability`],
//! carried by [`crate::ExternalMedia`]), and [`reconcile`], the rule that turns a report
//! into writes against the item's stored rows:
//! - every offer becomes an `available` row checked now, written as the upstream's;
//! - a row the same upstream wrote earlier, in a region the report covers, that the
//!   report no longer lists turns `unavailable` (checked now, link kept);
//! - rows entered by hand, rows of other upstreams and rows in regions the report does
//!   not cover are left alone.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};

use super::entry::{AvailabilityKey, AvailabilityRecord, AvailabilityWrite};
use super::region::Region;
use super::status::AvailabilityStatus;
use super::values::{DeepLink, Format, Provider};
use crate::kind::SourceName;

/// One offer in a region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpstreamOffer {
    /// Who offers it.
    pub provider: Provider,
    /// How.
    pub format: Format,
    /// Where to go.
    pub deeplink_url: Option<DeepLink>,
}

/// Every region an upstream reported, with its offers (a region may have none left).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UpstreamAvailability {
    /// Offers per reported region.
    pub regions: BTreeMap<Region, Vec<UpstreamOffer>>,
}

/// The writes that bring `existing` (the item's stored rows) in line with `report` from
/// `source`, checked at `now` (see the [module docs](self)). An offer listed twice is
/// written once.
#[must_use]
pub fn reconcile(
    existing: &[AvailabilityRecord],
    source: SourceName,
    report: &UpstreamAvailability,
    now: DateTime<Utc>,
) -> Vec<AvailabilityWrite> {
    let mut listed: HashSet<AvailabilityKey> = HashSet::new();
    let mut writes = Vec::new();
    for (region, offers) in &report.regions {
        for offer in offers {
            let key = AvailabilityKey {
                provider: offer.provider.clone(),
                region: region.clone(),
                format: offer.format.clone(),
            };
            if listed.insert(key.clone()) {
                writes.push(AvailabilityWrite {
                    key,
                    status: AvailabilityStatus::Available,
                    deeplink_url: offer.deeplink_url.clone(),
                    last_checked_at: Some(now),
                    origin: Some(source),
                });
            }
        }
    }
    let dropped = existing.iter().filter(|row| {
        row.origin == Some(source)
            && report.regions.contains_key(&row.key.region)
            && !listed.contains(&row.key)
    });
    writes.extend(dropped.map(|row| AvailabilityWrite {
        key: row.key.clone(),
        status: AvailabilityStatus::Unavailable,
        deeplink_url: row.deeplink_url.clone(),
        last_checked_at: Some(now),
        origin: Some(source),
    }));
    writes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::testing_support::{key, record};

    fn offer(provider: &str, format: &str) -> UpstreamOffer {
        let k = key(provider, "US", format);
        UpstreamOffer {
            provider: k.provider,
            format: k.format,
            deeplink_url: None,
        }
    }

    fn report(regions: &[(&str, Vec<UpstreamOffer>)]) -> UpstreamAvailability {
        UpstreamAvailability {
            regions: regions
                .iter()
                .map(|(code, offers)| (key("x", code, "x").region, offers.clone()))
                .collect(),
        }
    }

    #[test]
    fn offers_become_available_rows_of_the_upstream() {
        let now = Utc::now();
        let report = report(&[(
            "US",
            vec![offer("Netflix", "stream"), offer("Netflix", "stream")],
        )]);
        let writes = reconcile(&[], SourceName::Tmdb, &report, now);
        assert_eq!(writes.len(), 1);
        assert_eq!(writes[0].key, key("Netflix", "US", "stream"));
        assert_eq!(writes[0].status, AvailabilityStatus::Available);
        assert_eq!(writes[0].last_checked_at, Some(now));
        assert_eq!(writes[0].origin, Some(SourceName::Tmdb));
    }

    #[test]
    fn only_the_upstreams_own_rows_in_reported_regions_turn_unavailable() {
        let now = Utc::now();
        let mut dropped = record("Hulu", "US", "stream", AvailabilityStatus::Available);
        dropped.origin = Some(SourceName::Tmdb);
        let mut other_region = record("Hulu", "GB", "stream", AvailabilityStatus::Available);
        other_region.origin = Some(SourceName::Tmdb);
        let by_hand = record("Library", "US", "borrow", AvailabilityStatus::Available);
        let report = report(&[("US", vec![offer("Netflix", "stream")])]);

        let writes = reconcile(
            &[dropped, other_region, by_hand],
            SourceName::Tmdb,
            &report,
            now,
        );

        let unavailable: Vec<_> = writes
            .iter()
            .filter(|w| w.status == AvailabilityStatus::Unavailable)
            .map(|w| w.key.clone())
            .collect();
        assert_eq!(unavailable, [key("Hulu", "US", "stream")]);
        assert_eq!(writes.len(), 2);
    }
}
