//! Rebuilds the crate when a migration changes (they are embedded with
//! `embed_migrations!`) and computes their fingerprint.

use std::fs;
use std::path::Path;

use sha2::{Digest as _, Sha256};

const MIGRATIONS_DIR: &str = "../../../migrations";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed={MIGRATIONS_DIR}");
    let mut dirs: Vec<_> = fs::read_dir(MIGRATIONS_DIR)?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.path())
        .collect();
    dirs.sort();
    let mut hasher = Sha256::new();
    for dir in &dirs {
        hash_migration(&mut hasher, dir)?;
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    println!("cargo:rustc-env=TASTEBUDS_MIGRATIONS_FINGERPRINT={hex}");
    Ok(())
}

fn hash_migration(hasher: &mut Sha256, dir: &Path) -> std::io::Result<()> {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    hasher.update(name.as_bytes());
    hasher.update([0]);
    for file in ["up.sql", "down.sql"] {
        let path = dir.join(file);
        if path.exists() {
            hasher.update(fs::read(path)?);
        }
        hasher.update([0]);
    }
    Ok(())
}
