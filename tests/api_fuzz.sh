#!/usr/bin/env bash
# Fuzzes the JSON API against its own OpenAPI document with schemathesis, on SQLite and on PostgreSQL: serves the
# demo authority, takes a token for each role, and runs schemathesis once per role (admin last, since it may change
# other accounts). Fails on any server error or any answer that contradicts the document (status, content type,
# headers, schema). Run by .ci/run after the Rust tests; bounded by FUZZ_EXAMPLES per operation and FUZZ_TIMEOUT.
#
#   bash tests/api_fuzz.sh [sqlite] [postgres]
#
# Environment: SUSTAIN_BIN (default target/debug/sustain), SCHEMATHESIS (default .ci/venv/bin/schemathesis),
# TEST_DATABASE_URL (a PostgreSQL server where a database may be created), FUZZ_EXAMPLES (default 5),
# FUZZ_TIMEOUT (seconds per role and backend, default 120).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN="${SUSTAIN_BIN:-$PWD/target/debug/sustain}"
ST="${SCHEMATHESIS:-$PWD/.ci/venv/bin/schemathesis}"
PG_BASE="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
EXAMPLES="${FUZZ_EXAMPLES:-5}"
TIMEOUT="${FUZZ_TIMEOUT:-120}"
PASSWORD="fuzz-password-$RANDOM-$RANDOM"
backends=("$@")
((${#backends[@]})) || backends=(sqlite postgres)

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

die() { echo "api_fuzz: $*" >&2; exit 1; }
[[ -x "$BIN" ]] || die "no binary at $BIN (cargo build first)"
[[ -x "$ST" ]] || die "no schemathesis at $ST (.ci/run installs it from .ci/python-requirements.txt)"

# Serves the demo on `url`, with its output in `dir`; sets SERVER_PID and BASE.
serve() {
  local url="$1" dir="$2" line=""
  SUSTAIN_DATABASE_URL="$url" SUSTAIN_BIND=127.0.0.1:0 SUSTAIN_ADMIN_PASSWORD="$PASSWORD" \
    SUSTAIN_API_REQUESTS_PER_MINUTE=0 SUSTAIN_LOG=warn "$BIN" serve --demo >"$dir/out" 2>"$dir/err" &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$dir/err" >&2; die "the server stopped while starting"; }
    line="$(grep -m1 -o 'Sustain is running at http://[^/ ]*' "$dir/out" 2>/dev/null || true)"
    [[ -n "$line" ]] && break
    sleep 0.1
  done
  [[ -n "$line" ]] || die "the server did not start"
  BASE="${line#Sustain is running at }"
}

token() {
  curl -sf -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1@hartwell.example\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/tokens" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# Fuzzes one backend on a server of its own; run in a subshell, so that the backends run side by side.
fuzz() {
  local backend="$1" dir="$WORK/$1" url="" failed=0
  mkdir -p "$dir"
  # Not local: the subshell's exit trap reads them after this function returns.
  SERVER_PID=""
  pg_db=""
  stop() {
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
    [[ -n "$pg_db" ]] && psql -q "${PG_BASE%/*}/postgres" -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1
    return 0
  }
  trap stop EXIT
  case "$backend" in
    sqlite) url="$dir/fuzz.db" ;;
    postgres)
      pg_db="fuzz_$$"
      psql -q "${PG_BASE%/*}/postgres" -c "CREATE DATABASE $pg_db" >/dev/null || die "could not create $pg_db"
      url="${PG_BASE%/*}/$pg_db"
      ;;
    *) die "unknown backend $backend" ;;
  esac
  serve "$url" "$dir"
  echo "== $backend: $BASE"
  declare -A tokens=()
  for role in viewer contributor leader admin; do tokens[$role]="$(token "$role")"; done
  for role in viewer contributor leader admin; do
    echo "-- $backend, as $role"
    # Revoking the token would end the run's own session.
    if ! timeout "$TIMEOUT" "$ST" run "$BASE/api/v1/openapi.json" \
      --header "Authorization: Bearer ${tokens[$role]}" \
      --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance \
      --exclude-path /api/v1/tokens/current --exclude-path /api/v1/tokens \
      --max-examples "$EXAMPLES" --phases examples,coverage,fuzzing --workers 1 \
      --generation-deterministic --no-color >"$dir/$role.log" 2>&1; then
      failed=1
      cat "$dir/$role.log"
    fi
    grep -E '^(Test cases|API Operations|Failures|Summary|[0-9]+ (passed|failed))|generated|passed|failed' "$dir/$role.log" | tail -4 || true
  done
  return "$failed"
}

# Each backend has its own server and database, so the two run at once (one core each), their reports printed
# whole, one after the other.
pids=()
for backend in "${backends[@]}"; do
  (fuzz "$backend") >"$WORK/$backend.report" 2>&1 &
  pids+=("$!")
done
failed=0
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || failed=1
  cat "$WORK/${backends[$i]}.report"
done
((failed == 0)) || die "schemathesis found server errors or answers that contradict the document"
echo "api_fuzz: no server errors, every answer matches the document"
