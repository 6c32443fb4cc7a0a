//! The settings that exist: every dotted key with its default, read from
//! `Settings::default()` serialized (so a new field is known the moment it is added), and
//! the checks that refuse keys and variables that name none of them.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{ALIASES, Settings};

/// The prefix of the settings' environment variables.
pub const ENV_PREFIX: &str = "TASTEBUDS__";

/// One setting: its key, the variables that set it, and its default.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingInfo {
    /// Dotted key, as in `tastebuds.toml` (`rate_limit.auth.max_requests`).
    pub key: String,
    /// The `TASTEBUDS__SECTION__KEY` variable.
    pub variable: String,
    /// The conventional names from [`ALIASES`] that also set it (they win).
    pub aliases: Vec<&'static str>,
    /// The built-in default as JSON: `null` for "unset" (and for every secret).
    pub default: Value,
}

impl SettingInfo {
    /// The default as a configuration value would be written: a list comma-separated,
    /// `unset` for `null`.
    #[must_use]
    pub fn default_text(&self) -> String {
        render(&self.default)
    }
}

/// Every setting, sorted by key.
#[must_use]
pub fn catalog() -> Vec<SettingInfo> {
    leaves()
        .into_iter()
        .map(|(key, default)| SettingInfo {
            variable: variable_name(&key),
            aliases: ALIASES
                .iter()
                .filter(|(_, target)| *target == key)
                .map(|(alias, _)| *alias)
                .collect(),
            key,
            default,
        })
        .collect()
}

/// `rate_limit.enabled` → `TASTEBUDS__RATE_LIMIT__ENABLED`.
#[must_use]
pub fn variable_name(key: &str) -> String {
    format!(
        "{ENV_PREFIX}{}",
        key.replace('.', "__").to_ascii_uppercase()
    )
}

/// The leaf keys of the defaults and their values.
fn leaves() -> BTreeMap<String, Value> {
    let mut leaves = BTreeMap::new();
    // Serializing plain structs, strings and numbers into a `Value` cannot fail.
    if let Ok(tree) = serde_json::to_value(Settings::default()) {
        flatten("", &tree, &mut leaves);
    }
    leaves
}

fn flatten(prefix: &str, value: &Value, into: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) => {
            for (name, child) in map {
                let key = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}.{name}")
                };
                flatten(&key, child, into);
            }
        }
        leaf => {
            into.insert(prefix.to_owned(), leaf.clone());
        }
    }
}

fn render(value: &Value) -> String {
    match value {
        Value::Null => "unset".to_owned(),
        Value::String(text) => text.clone(),
        Value::Array(items) => {
            if items.is_empty() {
                "(empty list)".to_owned()
            } else {
                items.iter().map(render).collect::<Vec<_>>().join(",")
            }
        }
        other => other.to_string(),
    }
}

/// The known keys: leaves, and the sections above them.
struct Known {
    leaves: Vec<String>,
    sections: Vec<String>,
}

impl Known {
    fn new() -> Self {
        let leaves: Vec<String> = leaves().into_keys().collect();
        let mut sections: Vec<String> = leaves
            .iter()
            .flat_map(|key| {
                key.match_indices('.')
                    .map(|(at, _)| key[..at].to_owned())
                    .collect::<Vec<_>>()
            })
            .collect();
        sections.sort();
        sections.dedup();
        Self { leaves, sections }
    }

    fn is_leaf(&self, key: &str) -> bool {
        self.leaves.iter().any(|leaf| leaf == key)
    }

    fn is_section(&self, key: &str) -> bool {
        self.sections.iter().any(|section| section == key)
    }

    /// The known key (leaf or section) closest to `key`.
    fn closest(&self, key: &str) -> Option<&str> {
        self.leaves
            .iter()
            .chain(&self.sections)
            .min_by_key(|known| edit_distance(key, known))
            .map(String::as_str)
    }
}

/// One sentence per `TASTEBUDS__*` variable that sets no setting, naming the closest
/// variable that does. Empty variables count as unset and are not checked.
pub(super) fn unknown_variables<'a>(
    env: impl Iterator<Item = (&'a String, &'a String)>,
) -> Vec<String> {
    let known = Known::new();
    let mut problems: Vec<String> = env
        .filter(|(name, value)| name.starts_with(ENV_PREFIX) && !value.is_empty())
        .filter_map(|(name, _)| {
            let key = name[ENV_PREFIX.len()..]
                .split("__")
                .collect::<Vec<_>>()
                .join(".")
                .to_ascii_lowercase();
            if known.is_leaf(&key) {
                return None;
            }
            let hint = known
                .closest(&key)
                .map(|closest| format!(" (did you mean {}?)", variable_name(closest)))
                .unwrap_or_default();
            Some(format!("{name} is not a setting{hint}"))
        })
        .collect();
    problems.sort();
    problems
}

/// One sentence per key or section of the settings file that is no setting, naming the
/// closest one that is.
pub(super) fn unknown_file_keys(file: &str, tree: &Value) -> Vec<String> {
    let known = Known::new();
    let mut problems = Vec::new();
    walk_file(file, "", tree, &known, &mut problems);
    problems
}

fn walk_file(file: &str, prefix: &str, value: &Value, known: &Known, problems: &mut Vec<String>) {
    let Value::Object(map) = value else {
        return;
    };
    for (name, child) in map {
        let key = if prefix.is_empty() {
            name.to_ascii_lowercase()
        } else {
            format!("{prefix}.{}", name.to_ascii_lowercase())
        };
        if known.is_leaf(&key) {
            continue;
        }
        if known.is_section(&key) {
            if child.is_object() {
                walk_file(file, &key, child, known, problems);
            } else {
                problems.push(format!(
                    "{file}: `{key}` is a section ([{key}]), not a value"
                ));
            }
            continue;
        }
        let what = if child.is_object() { "section" } else { "key" };
        let shown = if child.is_object() {
            format!("[{key}]")
        } else {
            format!("`{key}`")
        };
        let hint = known
            .closest(&key)
            .map(|closest| format!(" (did you mean `{closest}`?)"))
            .unwrap_or_default();
        problems.push(format!("{file}: unknown {what} {shown}{hint}"));
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous[j] + usize::from(ca != *cb);
            let insert = current[j] + 1;
            let delete = previous[j + 1] + 1;
            current.push(substitute.min(insert).min(delete));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_lists_nested_and_flattened_settings() {
        let catalog = catalog();
        let port = catalog
            .iter()
            .find(|setting| setting.key == "server.port")
            .unwrap();
        assert_eq!(port.variable, "TASTEBUDS__SERVER__PORT");
        assert_eq!(port.aliases, ["PORT"]);
        assert_eq!(port.default_text(), "8000");
        assert!(
            catalog
                .iter()
                .any(|setting| setting.key == "rate_limit.auth.max_requests")
        );
        let secret = catalog
            .iter()
            .find(|setting| setting.key == "auth.jwt_secret")
            .unwrap();
        assert_eq!(secret.default_text(), "unset");
    }

    #[test]
    fn edit_distance_counts_single_character_edits() {
        assert_eq!(edit_distance("enabld", "enabled"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
