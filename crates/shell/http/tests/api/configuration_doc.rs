//! docs/configuration.md lists every setting exactly as the code has it: key, variable,
//! aliases and default. The catalog is read from `Settings::default()` itself, so a new
//! field, a renamed one or a changed default fails here until the page says so.

use std::collections::BTreeMap;

use tastebuds_http::settings::{ConfigInputs, Settings, catalog};

const DOC: &str = include_str!("../../../../../docs/configuration.md");
const BEGIN: &str = "<!-- settings:begin -->";
const END: &str = "<!-- settings:end -->";

/// The first four cells of a settings row as the page must write them.
fn expected_cells(setting: &tastebuds_http::settings::SettingInfo) -> [String; 4] {
    let aliases = if setting.aliases.is_empty() {
        "—".to_owned()
    } else {
        setting
            .aliases
            .iter()
            .map(|alias| format!("`{alias}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let default = match setting.default_text().as_str() {
        text @ ("unset" | "(empty list)") => text.to_owned(),
        text => format!("`{text}`"),
    };
    [
        format!("`{}`", setting.key),
        format!("`{}`", setting.variable),
        aliases,
        default,
    ]
}

/// The rows of the generated table: key cell → all cells.
fn documented_rows() -> BTreeMap<String, Vec<String>> {
    let start = DOC
        .find(BEGIN)
        .expect("docs/configuration.md has the settings markers");
    let end = DOC
        .find(END)
        .expect("docs/configuration.md has the end marker");
    DOC[start + BEGIN.len()..end]
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("| `"))
        .map(|line| {
            let cells: Vec<String> = line
                .trim_matches('|')
                .split(" | ")
                .map(|cell| cell.trim().to_owned())
                .collect();
            (cells[0].clone(), cells)
        })
        .collect()
}

#[test]
fn the_configuration_page_lists_every_setting_with_its_variable_alias_and_default() {
    let rows = documented_rows();
    let mut problems = Vec::new();
    let catalog = catalog();
    for setting in &catalog {
        let expected = expected_cells(setting);
        match rows.get(&expected[0]) {
            None => problems.push(format!(
                "missing: add the row `| {} | <what it does> |`",
                expected.join(" | ")
            )),
            Some(cells) => {
                if cells.len() != 5 || cells[..4] != expected[..] || cells[4].is_empty() {
                    problems.push(format!(
                        "wrong: `| {} |` should read `| {} | <what it does> |`",
                        cells.join(" | "),
                        expected.join(" | ")
                    ));
                }
            }
        }
    }
    for key in rows.keys() {
        if !catalog
            .iter()
            .any(|setting| format!("`{}`", setting.key) == *key)
        {
            problems.push(format!("no such setting: remove the row of {key}"));
        }
    }
    assert!(
        problems.is_empty(),
        "docs/configuration.md disagrees with the settings:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn every_documented_variable_and_alias_loads_and_the_defaults_are_the_defaults() {
    let defaults = format!(
        "{:?}",
        Settings::load(&ConfigInputs::default()).expect("defaults")
    );
    for setting in catalog() {
        let text = setting.default_text();
        let mut names = vec![setting.variable.clone()];
        names.extend(setting.aliases.iter().map(|alias| (*alias).to_owned()));
        for name in names {
            if text == "unset" || text == "(empty list)" {
                // Setting it must be accepted (the loader refuses unknown variables).
                let value = match setting.key.rsplit('.').next() {
                    Some("allowlist" | "trusted_proxies") => "127.0.0.1",
                    _ => "2",
                };
                let env = [(name.clone(), value.to_owned())].into();
                let loaded = Settings::load(&ConfigInputs { file: None, env });
                assert!(loaded.is_ok(), "{name}={value}: {loaded:?}");
                continue;
            }
            let env = [(name.clone(), text.clone())].into();
            let mut loaded = Settings::load(&ConfigInputs { file: None, env })
                .unwrap_or_else(|error| panic!("{name}={text}: {error}"));
            loaded.set_by.clear();
            assert_eq!(
                format!("{loaded:?}"),
                defaults,
                "{name}={text} (the documented default) changes the settings"
            );
        }
    }
}

#[test]
fn the_example_settings_file_loads_and_holds_the_defaults() {
    let example = std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../tastebuds.toml.example"
    ));
    let loaded = Settings::load(&ConfigInputs {
        file: Some(example),
        env: std::collections::HashMap::new(),
    })
    .expect("tastebuds.toml.example loads");
    let defaults = Settings::load(&ConfigInputs::default()).expect("defaults");
    let (mut loaded, defaults) = (format!("{loaded:?}"), format!("{defaults:?}"));
    // Only the file's path differs.
    loaded = loaded.replace(
        &format!(
            "loaded_file: Some({:?})",
            std::path::PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../tastebuds.toml.example"
            ))
        ),
        "loaded_file: None",
    );
    assert_eq!(
        loaded, defaults,
        "tastebuds.toml.example differs from the defaults"
    );
}

/// Variables of `.env.example` that are not Tastebuds settings: the log filter and the
/// compose file's database and pgAdmin containers.
const NOT_SETTINGS: &[&str] = &[
    "RUST_LOG",
    "NO_COLOR",
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
    "POSTGRES_DB",
    "POSTGRES_SHARED_BUFFERS",
    "PGADMIN_DEFAULT_EMAIL",
    "PGADMIN_DEFAULT_PASSWORD",
];

#[test]
fn every_variable_in_the_env_example_is_a_setting_or_an_alias() {
    let env_example = include_str!("../../../../../.env.example");
    let known: Vec<String> = catalog()
        .into_iter()
        .flat_map(|setting| {
            let mut names = vec![setting.variable];
            names.extend(setting.aliases.iter().map(|alias| (*alias).to_owned()));
            names
        })
        .collect();
    let mut unknown = Vec::new();
    for line in env_example.lines() {
        let line = line.trim_start_matches('#').trim();
        let Some((name, _)) = line.split_once('=') else {
            continue;
        };
        let is_variable = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if is_variable && !known.iter().any(|known| known == name) && !NOT_SETTINGS.contains(&name)
        {
            unknown.push(name.to_owned());
        }
    }
    assert!(
        unknown.is_empty(),
        ".env.example names no setting: {unknown:?}"
    );
}
