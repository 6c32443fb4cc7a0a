# Tastebuds operator and developer recipes. `just` alone lists them.

set dotenv-load := false

# Domain crates must stay pure: none of these may appear in their normal dependency tree.
forbidden := "diesel r2d2 actix-web actix-http actix-rt reqwest bcrypt jsonwebtoken config tokio"
domain_crates := "tastebuds-kernel tastebuds-accounts tastebuds-media tastebuds-curation tastebuds-tagging tastebuds-user-state"

# List the recipes.
default:
    @just --list

# Build and run the API server (zero-configuration database unless DATABASE_URL is set).
run *args:
    cargo run --release -p tastebuds -- serve {{args}}

# Apply pending migrations (`just migrate status`, `just migrate revert` for the others); same release build as `just run`.
migrate action="run":
    cargo run --release -p tastebuds -- migrate {{action}}

# Load the demo data (demo user, menus, mixed media, states, tags) offline into the database `run` uses; idempotent.
seed:
    cargo run --release -p tastebuds -- seed

# DROP the database `run` uses, then create, migrate and seed it again (no questions asked).
reset-db:
    cargo run --release -p tastebuds -- reset-db --yes

# Run every test: the README's test command.
test *args:
    cargo test --workspace {{args}}

# Formatting check, clippy and rustdoc, with warnings as errors.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets --locked -- -D warnings
    RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked

# Prove the domain crates are pure (no I/O crates in their normal dependency tree).
layers:
    #!/usr/bin/env bash
    set -euo pipefail
    failed=0
    for crate in {{domain_crates}}; do
        tree="$(cargo tree --locked -e normal -p "$crate" --prefix none --format '{p}')"
        for banned in {{forbidden}}; do
            if grep -qE "^${banned} v" <<<"$tree"; then
                echo "layer violation: $crate depends on $banned" >&2
                cargo tree --locked -e normal -p "$crate" -i "$banned" >&2 || true
                failed=1
            fi
        done
    done
    if [ "$failed" -ne 0 ]; then exit 1; fi
    echo "domain crates are pure: {{domain_crates}}"

# Regenerate schema.rs from a freshly migrated database (needs diesel_cli).
schema:
    #!/usr/bin/env bash
    set -euo pipefail
    db="tastebuds_schema_$$"
    base="${SCHEMA_DATABASE_SERVER:-postgres://postgres@127.0.0.1:5432}"
    psql "$base/postgres" -qc "CREATE DATABASE $db"
    trap 'psql "$base/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"' EXIT
    DATABASE_URL="$base/$db" cargo run -q -p tastebuds -- migrate run
    diesel print-schema --database-url "$base/$db" > crates/adapters/postgres/src/schema.rs
    cargo fmt --all

# Fail when schema.rs differs from what the migrations produce (needs diesel_cli).
schema-check: schema
    git diff --exit-code crates/adapters/postgres/src/schema.rs

# Licence, source and ban checks (needs cargo-deny: `cargo install cargo-deny --locked`).
deps:
    cargo deny --offline check bans licenses sources

# Build the container image (needs a Docker engine).
image:
    docker build -f docker/Dockerfile -t tastebuds:dev .

# Start only the database container (needs a Docker engine).
up:
    docker compose up -d db --wait

# Stop the compose services.
down:
    docker compose down

# Exactly what CI runs: the script .ci/run (lint, layers, then `cargo test --workspace --locked`).
ci:
    bash .ci/run

# Write the OpenAPI document (what the server serves at /openapi.json) to a file, openapi.json by default.
openapi file="openapi.json":
    cargo run --release -p tastebuds -- openapi --output {{file}}

# Fuzz every operation with schemathesis (installed into .venv-fuzz) against the release server on a fresh database; docs/TESTING.md.
fuzz *args:
    bash scripts/fuzz.sh {{args}}

# Measure the release server at 10k/100k/1M items with wrk against the machine's ceilings (docs/BENCHMARKS.md): `just bench --quick`, `just bench --record`.
bench *args:
    #!/usr/bin/env bash
    set -euo pipefail
    if ! command -v wrk >/dev/null; then
        if [ "$(id -u)" = 0 ]; then apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }
        else sudo apt-get install -y wrk || { sudo apt-get update && sudo apt-get install -y wrk; }; fi
    fi
    cargo build --release --locked -p tastebuds -p tastebuds-bench
    target/release/tastebuds-bench {{args}}
