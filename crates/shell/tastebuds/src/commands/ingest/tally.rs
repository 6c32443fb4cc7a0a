//! Counting outcomes and wording them.

use tastebuds_media::{IngestOutcome, MediaError, UpsertStatus};

/// How many ingests ended each way.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    created: usize,
    updated: usize,
    unchanged: usize,
    failed: usize,
}

impl Tally {
    /// Counts one result and returns its line: `created  <id>  <title>  (<identifier>)`,
    /// or `failed   <identifier>: <reason with its causes>`.
    pub fn record(
        &mut self,
        identifier: &str,
        result: Result<IngestOutcome, MediaError>,
    ) -> String {
        match result {
            Ok(outcome) => {
                let status = outcome.status;
                match status {
                    UpsertStatus::Created => self.created += 1,
                    UpsertStatus::Updated => self.updated += 1,
                    UpsertStatus::Unchanged => self.unchanged += 1,
                }
                let item = &outcome.detail.item;
                format!(
                    "{:<9} {}  {}  ({identifier})",
                    status.as_str(),
                    item.id,
                    item.title
                )
            }
            Err(error) => {
                self.failed += 1;
                format!(
                    "{:<9} {identifier}: {:#}",
                    "failed",
                    anyhow::Error::new(error)
                )
            }
        }
    }

    /// Failures counted.
    pub const fn failed(&self) -> usize {
        self.failed
    }

    /// `created N, updated N, unchanged N, failed N`.
    pub fn summary(&self) -> String {
        format!(
            "created {}, updated {}, unchanged {}, failed {}",
            self.created, self.updated, self.unchanged, self.failed
        )
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use serde_json::Value;
    use tastebuds_kernel::MediaItemId;
    use tastebuds_media::{MediaItem, MediaItemDetail, MediaType, SourceError};

    use super::*;

    fn outcome(status: UpsertStatus) -> IngestOutcome {
        let now = Utc::now();
        IngestOutcome {
            detail: MediaItemDetail {
                item: MediaItem {
                    id: MediaItemId::new(),
                    media_type: MediaType::Book,
                    title: "Dune".to_owned(),
                    subtitle: None,
                    description: None,
                    release_date: None,
                    cover_image_url: None,
                    canonical_url: None,
                    metadata: Value::Null,
                    created_at: now,
                    updated_at: now,
                },
                sources: Vec::new(),
                details: None,
            },
            status,
        }
    }

    #[test]
    fn each_outcome_is_counted_and_failures_give_their_causes() {
        let mut tally = Tally::default();

        let created = tally.record("B1hSG45JCX4C", Ok(outcome(UpsertStatus::Created)));
        tally.record("a", Ok(outcome(UpsertStatus::Unchanged)));
        tally.record("b", Ok(outcome(UpsertStatus::Unchanged)));
        tally.record("c", Ok(outcome(UpsertStatus::Updated)));
        let failed = tally.record(
            "movie:0",
            Err(MediaError::Source(SourceError::NotConfigured(
                "TASTEBUDS__SOURCES__TMDB__API_KEY".to_owned(),
            ))),
        );

        assert_eq!(
            tally.summary(),
            "created 1, updated 1, unchanged 2, failed 1"
        );
        assert_eq!(tally.failed(), 1);
        assert!(
            created.starts_with("created") && created.contains("Dune"),
            "{created}"
        );
        assert!(created.ends_with("(B1hSG45JCX4C)"), "{created}");
        assert!(failed.starts_with("failed    movie:0: "), "{failed}");
        assert!(
            failed.contains("TASTEBUDS__SOURCES__TMDB__API_KEY"),
            "{failed}"
        );
    }
}
