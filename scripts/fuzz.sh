#!/usr/bin/env bash
# `just fuzz`: schemathesis over every operation of the OpenAPI document, against the
# release server on a fresh database, signed in as a freshly registered user.
#
# Installs schemathesis (pinned) into ./.venv-fuzz, recreates the database
# tastebuds_fuzz on the configured server, starts the upstream double
# (scripts/fuzz_upstream.py: the connectors' recorded payloads, so the run never leaves
# the machine) and `tastebuds serve` on free ports with the rate limits off and every
# source configured against the double, registers a user, runs the checks below with a
# bounded number of examples per operation, and stops both. Exits non-zero on any
# failure.
#
# Environment:
#   FUZZ_SERVER        PostgreSQL server, default postgres://postgres@127.0.0.1:5432
#   FUZZ_EXAMPLES      examples per operation and phase, default 50
#   FUZZ_SEED          schemathesis seed, default 1 (the same run each time)
#   FUZZ_PROFILE       cargo profile of the server, default release
#   FUZZ_WORKERS       schemathesis workers, default 1 (CPython 3.11's ast.parse is not
#                      thread-safe: hypothesis then fails with "AST constructor recursion
#                      depth mismatch")
set -euo pipefail

SCHEMATHESIS_VERSION="4.32.5"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

server="${FUZZ_SERVER:-postgres://postgres@127.0.0.1:5432}"
database="tastebuds_fuzz"
examples="${FUZZ_EXAMPLES:-50}"
seed="${FUZZ_SEED:-1}"
profile="${FUZZ_PROFILE:-release}"
workers="${FUZZ_WORKERS:-1}"
out="$root/target/fuzz"
mkdir -p "$out"

# 1. The fuzzer, in a local virtualenv (git-ignored).
venv="$root/.venv-fuzz"
if ! "$venv/bin/st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    echo "fuzz: installing schemathesis $SCHEMATHESIS_VERSION into .venv-fuzz"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# 2. The server binary.
echo "fuzz: building the $profile server"
cargo build --locked --profile "$profile" -p tastebuds
case "$profile" in
    dev) binary="$root/target/debug/tastebuds" ;;
    *) binary="$root/target/$profile/tastebuds" ;;
esac

# 3. A fresh database (the server creates it again and migrates it).
echo "fuzz: recreating $database on ${server#*@}"
psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
upstream_port="$(free_port)"
upstream="http://127.0.0.1:$upstream_port"
python3 "$root/scripts/fuzz_upstream.py" "$upstream_port" &
upstream_pid=$!
port="$(free_port)"
base="http://127.0.0.1:$port"
echo "fuzz: starting the server on $base, upstreams on $upstream (log: target/fuzz/server.log)"
env DATABASE_URL="$server/$database" PORT="$port" \
    TASTEBUDS__RATE_LIMIT__ENABLED=false \
    TASTEBUDS__AUTH__BCRYPT_COST=4 \
    TASTEBUDS__SOURCES__GOOGLE_BOOKS__BASE_URL="$upstream/books/v1" \
    TASTEBUDS__SOURCES__TMDB__BASE_URL="$upstream/tmdb/3" \
    TASTEBUDS__SOURCES__TMDB__API_KEY=fuzz-tmdb-key \
    TASTEBUDS__SOURCES__IGDB__BASE_URL="$upstream/igdb/v4" \
    TASTEBUDS__SOURCES__IGDB__TOKEN_URL="$upstream/oauth2/token" \
    TASTEBUDS__SOURCES__IGDB__CLIENT_ID=fuzz-igdb-id \
    TASTEBUDS__SOURCES__IGDB__CLIENT_SECRET=fuzz-igdb-secret \
    TASTEBUDS__SOURCES__LASTFM__BASE_URL="$upstream/lastfm/2.0/" \
    TASTEBUDS__SOURCES__LASTFM__API_KEY=fuzz-lastfm-key \
    "$binary" serve >"$out/server.log" 2>&1 &
server_pid=$!
stop() {
    kill "$server_pid" "$upstream_pid" 2>/dev/null || true
    wait "$server_pid" "$upstream_pid" 2>/dev/null || true
}
trap stop EXIT

for _ in $(seq 1 120); do
    if curl -fsS "$base/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "fuzz: the server exited; its log:" >&2
        cat "$out/server.log" >&2
        exit 1
    fi
    sleep 0.5
done
curl -fsS "$base/health" >/dev/null

# 4. A signed-in user.
token="$(curl -fsS -X POST "$base/api/auth/register" -H 'Content-Type: application/json' \
    -d '{"email":"fuzz@example.com","password":"fuzz-password-1","display_name":"Fuzz"}' |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')"

# 5. Every operation.
echo "fuzz: schemathesis over $base/openapi.json, $examples examples per operation, seed $seed"
# From target/fuzz, so schemathesis keeps its cache (.schemathesis/) there.
cd "$out"
"$venv/bin/st" --config-file "$root/scripts/fuzz.toml" run "$base/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --header "Authorization: Bearer $token" \
    --max-examples "$examples" \
    --seed "$seed" \
    --workers "$workers" \
    --phases examples,coverage,fuzzing \
    --report junit --report-dir "$out" \
    "$@"
