//! A scripted [`MetadataSource`] that counts its upstream calls.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use async_trait::async_trait;

use crate::kind::SourceName;
use crate::source::{ExternalMedia, MetadataSource, SearchQuery, SourceError, SourceLookup};

#[derive(Default)]
struct Script {
    /// Upstream records by stored external id.
    records: HashMap<String, ExternalMedia>,
    /// Non-canonical identifiers (a bare TMDB number, …) → stored external id.
    aliases: HashMap<String, String>,
    /// Errors the next fetches return, in order.
    fetch_errors: VecDeque<SourceError>,
}

/// A [`MetadataSource`] whose upstream is a script.
///
/// - An identifier registered with [`FakeSource::with_alias`] parses as non-canonical
///   (`canonical_id: None`, like a bare TMDB number); any other identifier without
///   whitespace parses as canonical (it *is* the stored external id).
/// - An identifier containing whitespace is [`SourceError::InvalidIdentifier`].
/// - `fetch` first returns the errors queued with [`FakeSource::fail_next_fetch`], then
///   the scripted record, else [`SourceError::NotFound`].
pub struct FakeSource {
    name: SourceName,
    script: Mutex<Script>,
    fetch_calls: AtomicUsize,
    search_calls: AtomicUsize,
}

impl std::fmt::Debug for FakeSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeSource")
            .field("name", &self.name)
            .field("fetch_calls", &self.fetch_calls())
            .finish_non_exhaustive()
    }
}

impl FakeSource {
    /// A source named `name` that knows no record yet.
    #[must_use]
    pub fn new(name: SourceName) -> Self {
        Self {
            name,
            script: Mutex::default(),
            fetch_calls: AtomicUsize::new(0),
            search_calls: AtomicUsize::new(0),
        }
    }

    /// Adds (or replaces) an upstream record, keyed by its `external_id`.
    #[must_use]
    pub fn with_record(self, record: ExternalMedia) -> Self {
        self.set_record(record);
        self
    }

    /// Makes `input` a non-canonical identifier of the record stored as `external_id`.
    #[must_use]
    pub fn with_alias(self, input: &str, external_id: &str) -> Self {
        self.lock()
            .aliases
            .insert(input.to_owned(), external_id.to_owned());
        self
    }

    /// Adds or replaces an upstream record at run time (e.g. the upstream changed).
    pub fn set_record(&self, record: ExternalMedia) {
        self.lock()
            .records
            .insert(record.external_id.clone(), record);
    }

    /// Queues an error for the next `fetch`.
    pub fn fail_next_fetch(&self, error: SourceError) {
        self.lock().fetch_errors.push_back(error);
    }

    /// How many times `fetch` was called.
    #[must_use]
    pub fn fetch_calls(&self) -> usize {
        self.fetch_calls.load(Ordering::SeqCst)
    }

    /// How many times `search` was called.
    #[must_use]
    pub fn search_calls(&self) -> usize {
        self.search_calls.load(Ordering::SeqCst)
    }

    fn lock(&self) -> MutexGuard<'_, Script> {
        self.script.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait]
impl MetadataSource for FakeSource {
    fn name(&self) -> SourceName {
        self.name
    }

    fn parse_identifier(&self, input: &str) -> Result<SourceLookup, SourceError> {
        let input = input.trim();
        if input.is_empty() || input.chars().any(char::is_whitespace) {
            return Err(SourceError::InvalidIdentifier(format!(
                "`{input}` is not a {} identifier",
                self.name
            )));
        }
        let canonical_id = if self.lock().aliases.contains_key(input) {
            None
        } else {
            Some(input.to_owned())
        };
        Ok(SourceLookup {
            key: input.to_owned(),
            canonical_id,
        })
    }

    async fn search(&self, query: &SearchQuery) -> Result<Vec<ExternalMedia>, SourceError> {
        self.search_calls.fetch_add(1, Ordering::SeqCst);
        let needle = query.text.to_lowercase();
        let script = self.lock();
        let mut hits: Vec<ExternalMedia> = script
            .records
            .values()
            .filter(|record| record.title.to_lowercase().contains(&needle))
            .filter(|record| query.types.is_empty() || query.types.contains(&record.media_type))
            .cloned()
            .collect();
        hits.sort_by(|a, b| a.external_id.cmp(&b.external_id));
        hits.truncate(usize::try_from(query.limit).unwrap_or(usize::MAX));
        Ok(hits)
    }

    async fn fetch(&self, lookup: &SourceLookup) -> Result<ExternalMedia, SourceError> {
        self.fetch_calls.fetch_add(1, Ordering::SeqCst);
        let mut script = self.lock();
        if let Some(error) = script.fetch_errors.pop_front() {
            return Err(error);
        }
        let external_id = script
            .aliases
            .get(&lookup.key)
            .cloned()
            .unwrap_or_else(|| lookup.key.clone());
        script
            .records
            .get(&external_id)
            .cloned()
            .ok_or(SourceError::NotFound)
    }
}
