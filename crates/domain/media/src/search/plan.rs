//! Which searches a request runs (API.md §2.5 "What runs", §6.13).

use crate::kind::{MediaType, SourceName};

/// One value of the `sources` parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SearchSource {
    /// The catalog's own search.
    Internal,
    /// All four connectors.
    External,
    /// One connector.
    Connector(SourceName),
}

impl SearchSource {
    /// Every wire name, in API order.
    pub const NAMES: [&'static str; 6] = [
        "internal",
        "external",
        "google_books",
        "tmdb",
        "igdb",
        "lastfm",
    ];

    /// Parses a wire name (exact, lowercase).
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "internal" => Some(Self::Internal),
            "external" => Some(Self::External),
            _ => SourceName::ALL
                .into_iter()
                .find(|source| source.as_str() == name)
                .map(Self::Connector),
        }
    }
}

/// A validated search request (the shell checks the wire limits).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchRequest {
    /// The query as given; internal search uses its first characters only.
    pub text: String,
    /// Only these kinds (empty: all).
    pub types: Vec<MediaType>,
    /// Whether the connectors run.
    pub include_external: bool,
    /// The `sources` parameter, in the order given.
    pub sources: Vec<SearchSource>,
    /// 1-based page of internal results.
    pub page: u32,
    /// Internal results per page.
    pub per_page: u32,
    /// Hits wanted from each connector.
    pub external_per_source: u32,
}

/// What a request asks to run, before the page-1 rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchPlan {
    /// Whether the catalog is searched.
    pub internal: bool,
    /// The connectors, in run order.
    pub connectors: Vec<SourceName>,
}

impl SearchPlan {
    /// The `source` label of the answer: `internal`, `external` or `internal+external`.
    #[must_use]
    pub fn label(&self) -> &'static str {
        match (self.internal, self.connectors.is_empty()) {
            (true, false) => "internal+external",
            (false, false) => "external",
            _ => "internal",
        }
    }
}

/// The plan of `request` over the `configured` connectors (API.md §2.5):
/// - without `sources`: internal, plus every connector when `include_external`;
/// - with `sources`: internal when `internal` is listed or `include_external`;
///   `external` stands for all four connectors, others run in the order given (once);
/// - connectors that cannot yield one of the requested `types`, or are not configured,
///   are dropped;
/// - if nothing is left, internal runs.
#[must_use]
pub fn plan(request: &SearchRequest, configured: &[SourceName]) -> SearchPlan {
    let mut connectors = Vec::new();
    let internal = if request.sources.is_empty() {
        if request.include_external {
            connectors.extend(SourceName::ALL);
        }
        true
    } else {
        for source in &request.sources {
            match source {
                SearchSource::Internal => {}
                SearchSource::External => connectors.extend(SourceName::ALL),
                SearchSource::Connector(name) => connectors.push(*name),
            }
        }
        request.include_external || request.sources.contains(&SearchSource::Internal)
    };
    let mut seen = Vec::new();
    connectors.retain(|name| {
        let keep = !seen.contains(name)
            && configured.contains(name)
            && (request.types.is_empty()
                || name
                    .media_types()
                    .iter()
                    .any(|kind| request.types.contains(kind)));
        seen.push(*name);
        keep
    });
    SearchPlan {
        internal: internal || connectors.is_empty(),
        connectors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(sources: &[&str], include_external: bool, types: &[MediaType]) -> SearchRequest {
        SearchRequest {
            text: "dune".into(),
            types: types.to_vec(),
            include_external,
            sources: sources
                .iter()
                .filter_map(|s| SearchSource::parse(s))
                .collect(),
            page: 1,
            per_page: 20,
            external_per_source: 1,
        }
    }

    fn run(sources: &[&str], include_external: bool, types: &[MediaType]) -> SearchPlan {
        plan(&request(sources, include_external, types), &SourceName::ALL)
    }

    #[test]
    fn without_sources_internal_runs_and_include_external_adds_all_four_in_order() {
        assert_eq!(
            run(&[], false, &[]),
            SearchPlan {
                internal: true,
                connectors: vec![]
            }
        );
        let all = run(&[], true, &[]);
        assert!(all.internal);
        assert_eq!(all.connectors, SourceName::ALL);
        assert_eq!(all.label(), "internal+external");
    }

    #[test]
    fn listed_connectors_run_in_the_order_given_and_internal_only_when_asked() {
        let plan = run(&["lastfm", "tmdb", "lastfm"], false, &[]);
        assert!(!plan.internal);
        assert_eq!(plan.connectors, [SourceName::Lastfm, SourceName::Tmdb]);
        assert_eq!(plan.label(), "external");
        assert!(run(&["tmdb"], true, &[]).internal);
        assert!(run(&["internal", "igdb"], false, &[]).internal);
        assert_eq!(run(&["external"], false, &[]).connectors, SourceName::ALL);
    }

    #[test]
    fn connectors_that_cannot_yield_the_types_are_dropped_and_an_empty_plan_runs_internal() {
        let plan = run(&["external"], false, &[MediaType::Tv]);
        assert_eq!(plan.connectors, [SourceName::Tmdb]);
        let nothing = run(&["igdb"], false, &[MediaType::Book]);
        assert_eq!(
            nothing,
            SearchPlan {
                internal: true,
                connectors: vec![]
            }
        );
        assert_eq!(nothing.label(), "internal");
    }

    #[test]
    fn unconfigured_connectors_are_dropped() {
        let plan = plan(&request(&[], true, &[]), &[SourceName::Igdb]);
        assert_eq!(plan.connectors, [SourceName::Igdb]);
    }
}
