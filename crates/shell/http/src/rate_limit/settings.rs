//! The `rate_limit` settings section: whether limits are on, whose `X-Forwarded-For` is
//! believed, and one [`RateLimit`] per rule of [`RULES`], keyed by the rule's name
//! (`rate_limit.auth.max_requests`, `TASTEBUDS__RATE_LIMIT__AUTH__MAX_REQUESTS`).

use std::collections::BTreeMap;

use config::ConfigError;
use config::builder::{ConfigBuilder, DefaultState};
use serde::Deserialize;

use super::rules::{RULES, RateLimit, Rule, named};
use crate::net::IpRange;

/// Per-IP rate limits (API.md §1.7, §6.20).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct RateLimitSettings {
    /// Whether the server enforces them itself.
    pub enabled: bool,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpRange>,
    /// The configured limit of each rule, by rule name; a rule missing here has its
    /// default. A name that is no rule is reported by [`RateLimitSettings::check`].
    #[serde(flatten)]
    pub limits: BTreeMap<String, RateLimit>,
}

impl Default for RateLimitSettings {
    /// Limits on, no trusted proxy, every rule at its default.
    fn default() -> Self {
        Self {
            enabled: true,
            trusted_proxies: Vec::new(),
            limits: RULES
                .iter()
                .map(|rule| (rule.name.to_owned(), rule.default))
                .collect(),
        }
    }
}

impl RateLimitSettings {
    /// The limit of the rule named `name`: the configured one, else the rule's default;
    /// `None` when no rule has that name.
    #[must_use]
    pub fn limit(&self, name: &str) -> Option<RateLimit> {
        named(name).map(|rule| self.limit_of(rule))
    }

    /// These settings with `limit` for the rule named `name`.
    #[must_use]
    pub fn with_limit(mut self, name: &str, limit: RateLimit) -> Self {
        self.limits.insert(name.to_owned(), limit);
        self
    }

    /// The limit of `rule`: the configured one, else its default.
    pub(super) fn limit_of(&self, rule: &Rule) -> RateLimit {
        self.limits.get(rule.name).copied().unwrap_or(rule.default)
    }

    /// Registers every rule's default limit as a configuration default, so that a file
    /// or variable can override one number of a limit and keep the other
    /// (`TASTEBUDS__RATE_LIMIT__AUTH__MAX_REQUESTS=100` keeps the 4-minute window).
    ///
    /// # Errors
    /// Never in practice: the keys are constants.
    pub fn register_defaults(
        mut builder: ConfigBuilder<DefaultState>,
    ) -> Result<ConfigBuilder<DefaultState>, ConfigError> {
        for rule in RULES {
            let section = format!("rate_limit.{}", rule.name);
            builder = builder
                .set_default(format!("{section}.max_requests"), rule.default.max_requests)?
                .set_default(format!("{section}.window_ms"), rule.default.window_ms)?;
        }
        Ok(builder)
    }

    /// Adds a sentence to `problems` for every limit that would refuse everything or
    /// never reset, and for every configured name that is no rule.
    pub fn check(&self, problems: &mut Vec<String>) {
        for (name, limit) in &self.limits {
            if named(name).is_none() {
                let known: Vec<&str> = RULES.iter().map(|rule| rule.name).collect();
                problems.push(format!(
                    "rate_limit.{name} is not a rate-limit rule (the rules are {})",
                    known.join(", ")
                ));
            } else if limit.max_requests == 0 || limit.window_ms == 0 {
                problems.push(format!(
                    "rate_limit.{name}: max_requests and window_ms must be at least 1 \
                     (set rate_limit.enabled = false to switch limits off)"
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_its_default_until_configured() {
        let defaults = RateLimitSettings::default();
        for rule in RULES {
            assert_eq!(
                defaults.limit(rule.name),
                Some(rule.default),
                "{}",
                rule.name
            );
        }
        let empty = RateLimitSettings {
            limits: BTreeMap::new(),
            ..RateLimitSettings::default()
        };
        assert_eq!(empty.limit("auth"), named("auth").map(|rule| rule.default));
        assert_eq!(defaults.limit("nope"), None);
        let configured = defaults.with_limit("ops", RateLimit::new(7, 70));
        assert_eq!(configured.limit("ops"), Some(RateLimit::new(7, 70)));
    }

    #[test]
    fn zero_limits_and_unknown_rules_are_reported() {
        let settings = RateLimitSettings::default()
            .with_limit("search", RateLimit::new(0, 1_000))
            .with_limit("serach", RateLimit::new(1, 1_000));
        let mut problems = Vec::new();
        settings.check(&mut problems);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("rate_limit.search:"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("rate_limit.serach is not a rate-limit rule"),
            "{problems:?}"
        );
        problems.clear();
        RateLimitSettings::default().check(&mut problems);
        assert!(problems.is_empty(), "{problems:?}");
    }
}
