//! `tastebuds openapi`.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

/// Writes the OpenAPI document as pretty JSON to `output`, or to standard output.
///
/// # Errors
/// The file cannot be written.
pub fn run(output: Option<&Path>) -> anyhow::Result<ExitCode> {
    let mut json = tastebuds_http::openapi::document()
        .to_pretty_json()
        .context("could not serialize the OpenAPI document")?;
    json.push('\n');
    match output {
        Some(path) => {
            std::fs::write(path, &json)
                .with_context(|| format!("could not write {}", path.display()))?;
            eprintln!("wrote the OpenAPI document to {}", path.display());
        }
        None => std::io::stdout()
            .write_all(json.as_bytes())
            .context("could not write the OpenAPI document to standard output")?,
    }
    Ok(ExitCode::SUCCESS)
}
