#!/usr/bin/env bash
# Load benchmark: builds the release binary, loads the large authority, starts the server, signs in, and drives
# each route below with wrk (a second process) on SQLite and on PostgreSQL. Prints per route req/s, p50, p99,
# statements per request and the share of a static asset's req/s in the same run; the server's peak RSS, its RSS
# after 200 sign-ins and its cold start; then every target, met or not met. The output is also written to
# tests/bench/last-run.txt. Not run by CI; see "Load benchmark" in the README.
#
#   bash tests/bench/load.sh [--sqlite] [--postgres] [--duration S] [--warmup S] [--connections N] [--threads N]
set -euo pipefail

# --- Routes ------------------------------------------------------------------------------------------------------
# One line per route: name | path | least share of the static asset's req/s on SQLite (%) | on PostgreSQL (%) |
# p99 under (ms) on SQLite | on PostgreSQL. "-" is no target. Every page at least 10% of static on SQLite and 5% on
# PostgreSQL, and every route's p99 under 50 ms on SQLite and 100 ms on PostgreSQL at 50 connections (issue 26). {area}, {action}, {evidence} and {indicator} become ids found in the running
# app ({area}: the first by name, as large as any in the large authority, whose areas each hold 125 actions and 500
# evidence items; {indicator}: the first published indicator How we compare lists for the council in council
# details). Paths under /api/ are called with a bearer token, the others with the session cookie. A route that
# answers 404 is reported "not available" and the run goes on.
ROUTES=(
  "overview          | /                            | 10 |  5 | 50 | 100"
  "area verdict      | /api/v1/areas/{area}/verdict |  - |  - | 50 | 100"
  "action page       | /actions/{action}            | 20 | 10 | 50 | 100"
  "evidence page     | /evidence/{evidence}         | 20 | 10 | 50 | 100"
  "API areas         | /api/v1/areas                |  - |  - | 50 | 100"
  "API verdicts      | /api/v1/verdicts             |  - |  - | 50 | 100"
  "area page         | /areas/{area}                | 10 |  5 | 50 | 100"
  "indicator summary | /measures                    | 10 |  5 | 50 | 100"
  "API actions       | /api/v1/actions?per_page=100 | 10 |  5 | 50 | 100"
  "dashboard         | /                            | 10 |  5 | 50 | 100"
  "overview, past    | /?as_at={past}               | 10 |  5 | 50 | 100"
  "figures page      | /figures/{indicator}         | 20 | 10 | 50 | 100"
)
# Large documents: one alone (time and size), then DOCUMENT_FLOOD at once, with the server's peak RSS over the
# flood (its high-water mark reset before each) and the slowest /healthz answer meanwhile. {inspection} is the
# first inspection the API lists.
DOCUMENTS=(
  "pack page         | /inspections/{inspection}/pack"
  "progress PDF      | /reports/progress.pdf"
)
DOCUMENT_FLOOD=20
TARGET_DOCUMENT_RSS_MB=300        # peak RSS over a flood of one document
TARGET_HEALTH_MS=1000             # the slowest /healthz answer during a flood
STATIC_PATH="/assets/sustain.css" # the reference: its req/s is measured before and after the routes
TARGET_RSS_MB=100                 # peak RSS under load and sign-ins, and RSS after the sign-ins
TARGET_COLD_START_MS=1000         # from process spawn to the first 200 on /healthz
TARGET_PAGE_KB=200                # every page's HTML (ROUTES not under /api/), the documents apart
SIGN_INS=200                      # form sign-ins before reading the RSS ...
SIGN_IN_LANES=20                  # ... this many at a time
SEQUENTIAL=20                     # requests one at a time, for an exact count of statements per request
# -----------------------------------------------------------------------------------------------------------------

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT_FILE="$ROOT/tests/bench/last-run.txt"
LUA="$ROOT/tests/bench/wrk.lua"
POSTGRES_URL="${BENCH_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}"

usage() {
  cat <<'EOF'
Usage: bash tests/bench/load.sh [options]

  --sqlite          benchmark SQLite (default: both backends)
  --postgres        benchmark PostgreSQL (default: both backends)
  --duration S      seconds of wrk per route (default 10; env BENCH_DURATION)
  --warmup S        seconds of warm-up per route (default 2; env BENCH_WARMUP)
  --connections N   wrk connections (default 50; env BENCH_CONNECTIONS)
  --threads N       wrk threads (default 2; env BENCH_THREADS)

Environment: BENCH_BACKENDS="sqlite postgres"; BENCH_POSTGRES_URL, a PostgreSQL server where databases may be
created and dropped (default postgres://postgres@127.0.0.1:5432); BENCH_KEEP=1 keeps the work folder (server
output, wrk output, databases); BENCH_BIN, a sustain binary to serve instead of building the release one (to try
a change to this script quickly: a debug build's figures are not comparable with a release build's).
EOF
}

backends=()
duration="${BENCH_DURATION:-10}"
warmup="${BENCH_WARMUP:-2}"
connections="${BENCH_CONNECTIONS:-50}"
threads="${BENCH_THREADS:-2}"
while (($#)); do
  case "$1" in
    --sqlite) backends+=(sqlite) ;;
    --postgres) backends+=(postgres) ;;
    --duration) duration="$2"; shift ;;
    --warmup) warmup="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "load.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if ((${#backends[@]} == 0)); then read -r -a backends <<<"${BENCH_BACKENDS:-sqlite postgres}"; fi
for b in "${backends[@]}"; do
  [[ "$b" == sqlite || "$b" == postgres ]] || { echo "load.sh: unknown backend $b" >&2; exit 2; }
done

# --- State and small helpers -------------------------------------------------------------------------------------

WORK=""            # temporary folder: SQLite files, server output, wrk output
BIN=""             # the release binary
LARGE=0            # 1 when `sustain demo --scale large` exists
SERVER_PID=""      # the running server
BASE=""            # its address, http://127.0.0.1:PORT
COOKIE=""          # its session cookie, sustain_session=...
TOKEN=""           # its API token
METRICS_COST=0     # statements one /metrics call runs
PG_DATABASES=()    # to drop at the end
ADMIN_EMAIL="bench-admin@sustain.example"
PASSWORD="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
declare -A R=()    # results: R[backend|route|field], R[backend|field]

say() { printf '%s\n' "$*"; }
step() { printf '\n== %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*"; }
die() { printf 'load.sh: %s\n' "$*" >&2; exit 1; }
now_us() { echo "${EPOCHREALTIME/./}"; }
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }
lt() { awk "BEGIN { exit !(($1) < ($2)) }"; }
ge() { awk "BEGIN { exit !(($1) >= ($2)) }"; }
trim() { local s="$1"; s="${s#"${s%%[![:space:]]*}"}"; printf '%s' "${s%"${s##*[![:space:]]}"}"; }
field() { trim "$(cut -d'|' -f"$2" <<<"$1")"; } # field ROUTE_LINE N
is_comment() { [[ "$1" =~ ^[[:space:]]*# ]]; }
mb() { calc "$1 / 1024" 1; }
rss_kb() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$SERVER_PID/status"; } # rss_kb VmHWM|VmRSS
sustain() { "$BIN" "$@"; }

cleanup() {
  set +e
  stop_server
  for db in "${PG_DATABASES[@]}"; do
    PGOPTIONS='-c client_min_messages=warning' psql "$POSTGRES_URL/postgres" -qc \
      "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
  done
  if [[ -n "$WORK" ]]; then
    if [[ "${BENCH_KEEP:-0}" == 1 ]]; then say "Work folder kept: $WORK"; else rm -rf "$WORK"; fi
  fi
}

# --- Set-up ------------------------------------------------------------------------------------------------------

ensure_tools() {
  local missing=()
  for tool in wrk jq curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if ((${#missing[@]})); then
    say "Installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
      { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }
  fi
  say "$(wrk --version 2>&1 | head -1)"
}

ensure_postgres() {
  local ready=(pg_isready -q -d "$POSTGRES_URL/postgres")
  if ! "${ready[@]}" 2>/dev/null; then
    say "PostgreSQL is not answering; starting it"
    local version
    version="$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -n | tail -1)"
    pg_ctlcluster --skip-systemctl-redirect "${version:-15}" main start || pg_ctlcluster "${version:-15}" main start
    for _ in $(seq 1 30); do "${ready[@]}" && break; sleep 1; done
  fi
  "${ready[@]}" || die "PostgreSQL at $POSTGRES_URL could not be started"
}

build() {
  if [[ -n "${BENCH_BIN:-}" ]]; then
    BIN="$BENCH_BIN"
    warn "$BIN is served as it is, not built: its figures are not the release build's unless it is one"
  else
    (cd "$ROOT" && cargo build --release --locked --quiet) || die "cargo build --release --locked failed"
    BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/sustain"
  fi
  [[ -x "$BIN" ]] || die "no binary at $BIN"
  say "$BIN"
  if sustain demo --help 2>&1 | grep -q -- '--scale'; then
    LARGE=1
    say "the large authority: sustain demo --scale large"
  else
    warn "sustain demo has no --scale option yet: the normal demo stands in for the large authority"
  fi
}

# new_database BACKEND LABEL: sets DB_URL to a fresh, empty database.
new_database() {
  if [[ "$1" == sqlite ]]; then
    DB_URL="$WORK/$2.db"
    return
  fi
  local name="sustain_bench_$$_$2"
  PGOPTIONS='-c client_min_messages=warning' psql "$POSTGRES_URL/postgres" -v ON_ERROR_STOP=1 -qc \
    "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
  psql "$POSTGRES_URL/postgres" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $name" >/dev/null
  PG_DATABASES+=("$name")
  DB_URL="$POSTGRES_URL/$name"
}

# load_authority large|demo: loads DB_URL with the authority and adds the benchmark's admin.
load_authority() {
  local log="$WORK/load.log" started scale=()
  [[ "$1" == large && "$LARGE" == 1 ]] && scale=(--scale large)
  started="$(now_us)"
  SUSTAIN_DATABASE_URL="$DB_URL" sustain migrate >"$log" 2>&1 || { cat "$log"; die "sustain migrate failed"; }
  SUSTAIN_DATABASE_URL="$DB_URL" sustain demo "${scale[@]}" >"$log" 2>&1 || { cat "$log"; die "sustain demo failed"; }
  say "$(head -1 "$log") ($(calc "($(now_us) - $started) / 1000000" 1) s)"
  add_user "$ADMIN_EMAIL" admin
}

# add_user EMAIL ROLE: a user with the benchmark's password.
add_user() {
  printf '%s\n' "$PASSWORD" | SUSTAIN_DATABASE_URL="$DB_URL" \
    sustain user add "$1" --name "Benchmark $2" --role "$2" --password-stdin >/dev/null || die "adding $1 failed"
}

# --- The server --------------------------------------------------------------------------------------------------

# start_server LABEL: serves DB_URL on a free port; sets SERVER_PID, BASE, and COLD_START_MS (from spawn to the
# first 200 on /healthz).
start_server() {
  local out="$WORK/$1.out" err="$WORK/$1.err" started line code
  BASE=""
  started="$(now_us)"
  # The API's per-token limit is off: the benchmark sends thousands of requests with one token.
  SUSTAIN_DATABASE_URL="$DB_URL" SUSTAIN_BIND=127.0.0.1:0 SUSTAIN_API_REQUESTS_PER_MINUTE=0 "$BIN" serve >"$out" 2>"$err" &
  SERVER_PID=$!
  while :; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$err"; SERVER_PID=""; die "the server stopped while starting"; }
    if [[ -z "$BASE" ]]; then
      line="$(grep -m1 -o 'Sustain is running at http://[^/ ]*' "$out" 2>/dev/null || true)"
      [[ -n "$line" ]] && BASE="${line#Sustain is running at }"
    else
      code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/healthz" || true)"
      [[ "$code" == 200 ]] && break
    fi
    (($(now_us) - started < 60000000)) || die "the server did not answer /healthz within 60 s"
    sleep 0.002
  done
  COLD_START_MS="$(calc "($(now_us) - $started) / 1000" 0)"
}

stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

csrf_token() {
  curl -s "$@" "$BASE/sign-in" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'
}

# sign_in: a form sign-in as the benchmark admin (sets COOKIE), and an API token (sets TOKEN).
sign_in() {
  local jar="$WORK/cookies.txt" csrf code
  rm -f "$jar"
  csrf="$(csrf_token -c "$jar")"
  [[ -n "$csrf" ]] || die "no csrf_token on /sign-in"
  code="$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" --data-urlencode "csrf_token=$csrf" \
    --data-urlencode "email=$ADMIN_EMAIL" --data-urlencode "password=$PASSWORD" "$BASE/sign-in")"
  [[ "$code" == 303 ]] || die "sign-in answered $code, not 303"
  COOKIE="sustain_session=$(awk '$6 == "sustain_session" { print $7 }' "$jar")"
  [[ "$COOKIE" != "sustain_session=" ]] || die "sign-in set no sustain_session cookie"
  TOKEN="$(jq -n --arg e "$ADMIN_EMAIL" --arg p "$PASSWORD" '{email: $e, password: $p}' |
    curl -s -H 'Content-Type: application/json' --data-binary @- "$BASE/api/v1/tokens" | jq -r '.token // empty')"
  [[ -n "$TOKEN" ]] || die "POST /api/v1/tokens gave no token"
}

# many_sign_ins N LANES: N form sign-ins, LANES at a time. Sign-in throttling checks at most 5 attempts at once
# per account and per client address (the rest wait their turn), so lane k signs in as bench-user-k from
# 127.0.1.k, one attempt after another: 20 people on 20 machines. Sets SIGN_IN_CODES ("303 x200") and SIGN_INS_OK (the number of 303s).
many_sign_ins() {
  local n="$1" lanes="$2" csrf k pids=()
  csrf="$(csrf_token)"
  for k in $(seq "$lanes"); do
    (
      for _ in $(seq $((n / lanes + (k <= n % lanes ? 1 : 0)))); do
        curl -s -o /dev/null -w '%{http_code}\n' --interface "127.0.1.$k" -b "sustain_csrf=$csrf" \
          --data-urlencode "csrf_token=$csrf" --data-urlencode "email=bench-user-$k@sustain.example" \
          --data-urlencode "password=$PASSWORD" "$BASE/sign-in" || echo "curl-failed"
      done >"$WORK/sign-ins-$k.txt"
    ) &
    pids+=($!)
  done
  wait "${pids[@]}"
  SIGN_IN_CODES="$(sort "$WORK"/sign-ins-*.txt | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }')"
  SIGN_INS_OK="$(cat "$WORK"/sign-ins-*.txt | grep -c '^303$' || true)"
}

# auth_kind PATH: none (the static asset), bearer (/api/) or cookie.
auth_kind() {
  case "$1" in
    "$STATIC_PATH") echo none ;;
    /api/*) echo bearer ;;
    *) echo cookie ;;
  esac
}

# get PATH [curl options]: an authenticated GET.
get() {
  local path="$1"; shift
  case "$(auth_kind "$path")" in
    bearer) curl -s -H "Authorization: Bearer $TOKEN" "$@" "$BASE$path" ;;
    cookie) curl -s -b "$COOKIE" "$@" "$BASE$path" ;;
    *) curl -s "$@" "$BASE$path" ;;
  esac
}

# The server's Prometheus figures, read as a scraper on this machine reads them.
statements_total() { curl -s "$BASE/metrics" | awk '$1 == "sustain_db_statements_total" { print $2 }'; }

# Each /metrics call adds METRICS_COST statements between two readings of the counter: the delta of two calls
# back to back.
measure_metrics_cost() {
  local a b
  a="$(statements_total)"
  b="$(statements_total)"
  METRICS_COST=$((b - a))
}

# collect_ids: AREA_ID (the API's first area by name), ACTION_ID (the first action linked from the overview),
# EVIDENCE_ID (the first evidence linked from the overview or, failing that, from an action page), INSPECTION_ID
# and INDICATOR_ID (the first indicator linked from How we compare).
collect_ids() {
  local overview action
  AREA_ID="$(get '/api/v1/areas?per_page=1' | jq -r '.items[0].id // empty')"
  overview="$(get /)"
  ACTION_ID="$(grep -o 'href="/actions/[0-9]*"' <<<"$overview" | head -1 | grep -o '[0-9]*' || true)"
  EVIDENCE_ID="$(grep -o 'href="/evidence/[0-9]*"' <<<"$overview" | head -1 | grep -o '[0-9]*' || true)"
  if [[ -z "$EVIDENCE_ID" ]]; then
    for action in $(grep -o 'href="/actions/[0-9]*"' <<<"$overview" | grep -o '[0-9]*' | awk '!seen[$0]++' |
      head -40); do
      EVIDENCE_ID="$(get "/actions/$action" | grep -o 'href="/evidence/[0-9]*"' | head -1 | grep -o '[0-9]*' || true)"
      [[ -n "$EVIDENCE_ID" ]] && break
    done
  fi
  INSPECTION_ID="$(get '/api/v1/inspections?per_page=1' | jq -r '.items[0].id // empty')"
  INDICATOR_ID="$(get /figures | grep -o 'href="/figures/[0-9]*' | head -1 | grep -o '[0-9]*' || true)"
  say "ids: area ${AREA_ID:-none}, action ${ACTION_ID:-none}, evidence ${EVIDENCE_ID:-none}," \
    "inspection ${INSPECTION_ID:-none}, indicator ${INDICATOR_ID:-none}"
}

# availability PATH_TEMPLATE: sets PATH_NOW (ids filled in), and ROUTE_STATE to "ok" or why the route cannot be
# measured.
availability() {
  local p="$1" code id var
  for id in area action evidence inspection indicator; do
    if [[ "$p" == *"{$id}"* ]]; then
      var="${id^^}_ID"
      [[ -n "${!var}" ]] || { PATH_NOW="$1"; ROUTE_STATE="not available (no $id found)"; return; }
      p="${p//\{$id\}/${!var}}"
    fi
  done
  # {past}: 31 days ago, the plan as it stood then (rebuilt through change history on its first request).
  p="${p//\{past\}/$(date -u -d '31 days ago' +%F)}"
  PATH_NOW="$p"
  if [[ "$1" == *"{past}"* ]]; then
    # The first request of a past date rebuilds the plan as it stood then; later ones are served as it is kept.
    local took
    took="$(get "$p" -o /dev/null -w '%{time_total}')"
    say "first request of $p (the plan rebuilt as it stood then): $(awk -v s="$took" 'BEGIN { printf "%.0f", s * 1000 }') ms"
  fi
  code="$(get "$p" -o /dev/null -w '%{http_code}')"
  case "$code" in
    200) ROUTE_STATE=ok ;;
    404) ROUTE_STATE="not available" ;;
    *) ROUTE_STATE="failed (HTTP $code)" ;;
  esac
}

# --- Measuring ---------------------------------------------------------------------------------------------------

# sequential_statements PATH: exact statements per request over SEQUENTIAL requests made one at a time.
sequential_statements() {
  local before after
  before="$(statements_total)"
  for _ in $(seq "$SEQUENTIAL"); do get "$1" -o /dev/null; done
  after="$(statements_total)"
  calc "($after - $before - $METRICS_COST) / $SEQUENTIAL"
}

# wrk_run PATH SECONDS: sets W_REQUESTS, W_RPS, W_P50 and W_P99 (ms), and W_ERRORS.
wrk_run() {
  local path="$1" cookie="" bearer="" line requests duration p50 p99 status_errors socket_errors
  case "$(auth_kind "$path")" in
    cookie) cookie="$COOKIE" ;;
    bearer) bearer="$TOKEN" ;;
  esac
  BENCH_COOKIE="$cookie" BENCH_BEARER="$bearer" wrk -t"$threads" -c"$connections" -d"$2s" --timeout 10s --latency \
    -s "$LUA" "$BASE$path" >"$WORK/wrk.out" 2>&1 || { cat "$WORK/wrk.out"; die "wrk failed on $path"; }
  cat "$WORK/wrk.out" >>"$WORK/wrk.log"
  line="$(grep '^BENCH ' "$WORK/wrk.out")" || { cat "$WORK/wrk.out"; die "no summary from wrk on $path"; }
  read -r requests duration p50 p99 status_errors socket_errors \
    <<<"$(sed -E 's/^BENCH //; s/[a-z_0-9]+=//g' <<<"$line")"
  W_REQUESTS="$requests"
  W_RPS="$(calc "$requests / ($duration / 1000000)" 1)"
  W_P50="$(calc "$p50 / 1000")"
  W_P99="$(calc "$p99 / 1000")"
  W_ERRORS=""
  ((status_errors == 0)) || W_ERRORS="$status_errors answers not 2xx/3xx"
  ((socket_errors == 0)) || W_ERRORS="${W_ERRORS:+$W_ERRORS, }$socket_errors socket errors"
}

# settle: waits until the server is idle (the requests wrk left in flight are done) so that counts are complete.
# Sets SETTLED_TOTAL, the last reading of the counter, and SETTLE_CALLS, the /metrics calls it made.
settle() {
  local a b
  a="$(statements_total)"
  b="$a"
  SETTLE_CALLS=1
  for _ in $(seq 50); do
    sleep 0.1
    b="$(statements_total)"
    SETTLE_CALLS=$((SETTLE_CALLS + 1))
    (((b - a) <= METRICS_COST)) && break
    a="$b"
  done
  SETTLED_TOTAL="$b"
}

# figure NAME: the value of one line of the server's figures (0 when it has none yet).
figure() { curl -s "$BASE/metrics" | awk -v n="$1" '$1 == n { v = $2 } END { print v + 0 }'; }

# cpu_ticks PID...: the clock ticks (user and system) the processes have used; `cpu_ticks all`: the whole machine's
# busy ticks.
cpu_ticks() {
  if [[ "$1" == all ]]; then
    awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 }' /proc/stat
    return
  fi
  local p t=0 stat
  for p in "$@"; do
    stat="$(cat "/proc/$p/stat" 2>/dev/null)" || continue
    stat="${stat##*) }" # after the command's name, which may hold spaces: state is the first field, utime the 12th
    t=$((t + $(awk '{ print $12 + $13 }' <<<"$stat")))
  done
  echo "$t"
}

# where_time_goes: marks the start of a timed run; `where_time_goes BACKEND NAME` after it records where the time
# went: the server's mean wait for a pooled connection and the share of the machine's busy time spent by the server,
# by PostgreSQL's processes and by everything else (wrk, mostly).
where_time_goes() {
  local pg_pids
  pg_pids=($(pgrep -x postgres || true))
  if (($# == 0)); then
    WT_WAIT_SUM="$(figure sustain_db_pool_wait_seconds_sum)"
    WT_WAIT_COUNT="$(figure sustain_db_pool_wait_seconds_count)"
    WT_SERVER="$(cpu_ticks "$SERVER_PID")" WT_PG="$(cpu_ticks "${pg_pids[@]:-0}")" WT_ALL="$(cpu_ticks all)"
    return
  fi
  local b="$1" name="$2" waits all
  waits="$(calc "$(figure sustain_db_pool_wait_seconds_count) - $WT_WAIT_COUNT" 0)"
  R[$b|$name|pool_wait_ms]="$(calc "($waits > 0) ? ($(figure sustain_db_pool_wait_seconds_sum) - $WT_WAIT_SUM) * 1000 / ($waits > 0 ? $waits : 1) : 0" 2)"
  all="$(calc "$(cpu_ticks all) - $WT_ALL" 0)"
  ((all > 0)) || all=1
  R[$b|$name|cpu_server]="$(calc "($(cpu_ticks "$SERVER_PID") - $WT_SERVER) * 100 / $all" 0)"
  R[$b|$name|cpu_pg]="$(calc "($(cpu_ticks "${pg_pids[@]:-0}") - $WT_PG) * 100 / $all" 0)"
  R[$b|$name|cpu_other]="$(calc "100 - ${R[$b|$name|cpu_server]} - ${R[$b|$name|cpu_pg]}" 0)"
}

# measure BACKEND NAME PATH: a warm-up, then a measured wrk run with the statement counter read around it.
measure() {
  local b="$1" name="$2" path="$3" before
  wrk_run "$path" "$warmup"
  where_time_goes
  settle
  before="$SETTLED_TOTAL"
  wrk_run "$path" "$duration"
  settle
  where_time_goes "$b" "$name"
  R[$b|$name|rps]="$W_RPS"
  R[$b|$name|p50]="$W_P50"
  R[$b|$name|p99]="$W_P99"
  R[$b|$name|errors]="$W_ERRORS"
  R[$b|$name|load_stmts]="$(calc "($SETTLED_TOTAL - $before - $SETTLE_CALLS * $METRICS_COST) / \
    ($W_REQUESTS > 0 ? $W_REQUESTS : 1)")"
  R[$b|$name|stmts]="$(sequential_statements "$path")"
  say "  $(printf '%-18s %-30s %9s req/s  p50 %7s ms  p99 %7s ms  %s stmt/req%s' "$name" "$path" "$W_RPS" \
    "$W_P50" "$W_P99" "${R[$b|$name|stmts]}" "${W_ERRORS:+  ($W_ERRORS)}")"
  say "  $(printf '%-18s pool wait %s ms a checkout; busy time: server %s%%, PostgreSQL %s%%, wrk and the rest %s%%' "" \
    "${R[$b|$name|pool_wait_ms]}" "${R[$b|$name|cpu_server]}" "${R[$b|$name|cpu_pg]}" "${R[$b|$name|cpu_other]}")"
}

# measure_document BACKEND NAME PATH: one request alone, then DOCUMENT_FLOOD at once (each through the document
# queue: made in turn, or 503 with Retry-After past the wait), polling /healthz meanwhile.
measure_document() {
  local b="$1" name="$2" path="$3" alone k pids=() slowest=0 t
  echo 5 >"/proc/$SERVER_PID/clear_refs" 2>/dev/null || warn "cannot reset the peak RSS: it covers earlier routes"
  alone="$(get "$path" -o /dev/null -w '%{http_code} %{time_total} %{size_download}')"
  R[$b|doc|$name|alone]="$alone"
  for k in $(seq "$DOCUMENT_FLOOD"); do
    get "$path" -o /dev/null -w '%{http_code}\n' >"$WORK/document-$k.txt" &
    pids+=($!)
  done
  while kill -0 "${pids[@]}" 2>/dev/null; do
    t="$(curl -s -o /dev/null -w '%{time_total}' --max-time 10 "$BASE/healthz" || echo 10)"
    slowest="$(calc "($t * 1000 > $slowest) ? $t * 1000 : $slowest" 0)"
    sleep 0.2
  done
  wait "${pids[@]}" || true
  R[$b|doc|$name|codes]="$(sort "$WORK"/document-*.txt | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }')"
  R[$b|doc|$name|peak_kb]="$(rss_kb VmHWM)"
  R[$b|doc|$name|health_ms]="$slowest"
  rm -f "$WORK"/document-*.txt
  say "  $(printf '%-18s %-30s alone: HTTP %s in %s s, %s bytes; %s at once: %s; peak RSS %s MB; slowest /healthz %s ms' \
    "$name" "$path" $alone "$DOCUMENT_FLOOD" "${R[$b|doc|$name|codes]}" "$(mb "${R[$b|doc|$name|peak_kb]}")" "$slowest")"
}

# page_sizes BACKEND: the HTML bytes of each page route (ROUTES not under /api/), each flagged when over
# TARGET_PAGE_KB; long lists come a page at a time so that none is.
page_sizes() {
  local b="$1" entry name bytes
  say "page sizes (HTML bytes; over $TARGET_PAGE_KB KB is flagged)"
  for entry in "${ROUTES[@]}"; do
    is_comment "$entry" && continue
    name="$(field "$entry" 1)"
    [[ "$(field "$entry" 2)" == /api/* ]] && continue
    availability "$(field "$entry" 2)"
    [[ "$ROUTE_STATE" == ok ]] || continue
    bytes="$(get "$PATH_NOW" -o /dev/null -w '%{size_download}')"
    R[$b|$name|bytes]="$bytes"
    say "  $(printf '%-18s %-30s %9s bytes%s' "$name" "$PATH_NOW" "$bytes" \
      "$( ((bytes > TARGET_PAGE_KB * 1024)) && echo "  OVER $TARGET_PAGE_KB KB")")"
  done
}

# --- One backend -------------------------------------------------------------------------------------------------

bench_backend() {
  local b="$1" entry name started
  R[$b|label]="$([[ "$b" == sqlite ]] && echo SQLite || echo PostgreSQL)"
  step "${R[$b|label]}"

  say "-- the normal demo: statements per request ($SEQUENTIAL requests one at a time), the reference"
  new_database "$b" demo
  load_authority demo
  start_server "$b-demo"
  sign_in
  collect_ids
  measure_metrics_cost
  for entry in "${ROUTES[@]}"; do
    is_comment "$entry" && continue
    name="$(field "$entry" 1)"
    availability "$(field "$entry" 2)"
    if [[ "$ROUTE_STATE" == ok ]]; then
      R[$b|$name|demo_stmts]="$(sequential_statements "$PATH_NOW")"
      say "  $(printf '%-18s %-30s %s stmt/req' "$name" "$PATH_NOW" "${R[$b|$name|demo_stmts]}")"
    else
      say "  $(printf '%-18s %-30s %s' "$name" "$PATH_NOW" "$ROUTE_STATE")"
    fi
  done
  stop_server

  say "-- the $(authority)"
  new_database "$b" large
  load_authority large
  for k in $(seq "$SIGN_IN_LANES"); do add_user "bench-user-$k@sustain.example" viewer; done
  start_server "$b-large"
  R[$b|cold_start]="$COLD_START_MS"
  say "cold start to the first answer: $COLD_START_MS ms (server at $BASE)"
  sign_in
  collect_ids
  measure_metrics_cost
  page_sizes "$b"
  say "wrk -t$threads -c$connections: ${warmup} s warm-up, then ${duration} s per route"

  measure "$b" "static (before)" "$STATIC_PATH"
  for entry in "${ROUTES[@]}"; do
    is_comment "$entry" && continue
    name="$(field "$entry" 1)"
    availability "$(field "$entry" 2)"
    R[$b|$name|state]="$ROUTE_STATE"
    R[$b|$name|path]="$PATH_NOW"
    if [[ "$ROUTE_STATE" == ok ]]; then
      measure "$b" "$name" "$PATH_NOW"
    else
      say "  $(printf '%-18s %-30s %s' "$name" "$PATH_NOW" "$ROUTE_STATE")"
    fi
  done
  measure "$b" "static (after)" "$STATIC_PATH"
  R[$b|static_rps]="$(calc "(${R[$b|static (before)|rps]} + ${R[$b|static (after)|rps]}) / 2" 1)"
  R[$b|peak_load_kb]="$(rss_kb VmHWM)"

  say "documents: one alone, then $DOCUMENT_FLOOD at once"
  for entry in "${DOCUMENTS[@]}"; do
    name="$(field "$entry" 1)"
    availability "$(field "$entry" 2)"
    R[$b|doc|$name|state]="$ROUTE_STATE"
    R[$b|doc|$name|path]="$PATH_NOW"
    if [[ "$ROUTE_STATE" == ok ]]; then
      measure_document "$b" "$name" "$PATH_NOW"
    else
      say "  $(printf '%-18s %-30s %s' "$name" "$PATH_NOW" "$ROUTE_STATE")"
    fi
  done
  echo 5 >"/proc/$SERVER_PID/clear_refs" 2>/dev/null || true
  R[$b|rss_before_sign_ins_kb]="$(rss_kb VmRSS)"

  started="$(now_us)"
  many_sign_ins "$SIGN_INS" "$SIGN_IN_LANES"
  R[$b|sign_ins]="$SIGN_INS_OK"
  R[$b|sign_in_codes]="$SIGN_IN_CODES"
  R[$b|sign_in_s]="$(calc "($(now_us) - $started) / 1000000" 1)"
  R[$b|rss_sign_ins_kb]="$(rss_kb VmRSS)"
  R[$b|rss_file_kb]="$(rss_kb RssFile)"
  R[$b|peak_kb]="$(rss_kb VmHWM)"
  if lt "${R[$b|peak_kb]}" "${R[$b|peak_load_kb]}"; then R[$b|peak_kb]="${R[$b|peak_load_kb]}"; fi
  stop_server

  print_table "$b"
}

authority() {
  if [[ "$LARGE" == 1 ]]; then echo "large authority"; else echo "normal demo standing in for the large authority"; fi
}

print_table() {
  local b="$1" entry name state path
  step "${R[$b|label]}: results ($(authority), $connections connections)"
  printf '%-18s %-30s %10s %9s %9s %9s %11s %8s %9s  %s\n' route path req/s "p50 ms" "p99 ms" stmt/req \
    "under load" "on demo" "% static" notes
  for entry in "static (before)" "${ROUTES[@]}" "static (after)"; do
    is_comment "$entry" && continue
    if [[ "$entry" == static* ]]; then
      name="$entry" state=ok path="$STATIC_PATH"
    else
      name="$(field "$entry" 1)" state="${R[$b|$(field "$entry" 1)|state]}" path="${R[$b|$(field "$entry" 1)|path]}"
    fi
    if [[ "$state" != ok ]]; then
      printf '%-18s %-30s %s\n' "$name" "$path" "$state"
      continue
    fi
    printf '%-18s %-30s %10s %9s %9s %9s %11s %8s %8s%%%s\n' "$name" "$path" "${R[$b|$name|rps]}" \
      "${R[$b|$name|p50]}" "${R[$b|$name|p99]}" "${R[$b|$name|stmts]}" "${R[$b|$name|load_stmts]}" \
      "${R[$b|$name|demo_stmts]:--}" "$(calc "100 * ${R[$b|$name|rps]} / ${R[$b|static_rps]}" 1)" \
      "${R[$b|$name|errors]:+  ${R[$b|$name|errors]}}"
  done
  say "static asset reference: ${R[$b|static_rps]} req/s (the mean of before and after)"
  say "stmt/req: exact, over $SEQUENTIAL requests one at a time; under load: from the wrk run (requests wrk leaves"
  say "  in flight at its end count their statements but not themselves); on demo: stmt/req on the normal demo"
  say "peak RSS under load: $(mb "${R[$b|peak_load_kb]}") MB"
  say "RSS before the sign-ins (after the documents): $(mb "${R[$b|rss_before_sign_ins_kb]}") MB"
  say "RSS after $SIGN_INS sign-ins: $(mb "${R[$b|rss_sign_ins_kb]}") MB (${R[$b|sign_ins]} succeeded in" \
    "${R[$b|sign_in_s]} s, $SIGN_IN_LANES at a time; HTTP ${R[$b|sign_in_codes]}), of which mapped files" \
    "$(mb "${R[$b|rss_file_kb]}") MB"
  say "peak RSS, load and sign-ins: $(mb "${R[$b|peak_kb]}") MB"
  say "cold start to the first answer: ${R[$b|cold_start]} ms"
}

# --- Targets -----------------------------------------------------------------------------------------------------

target() { printf '  %-60s %-14s %s\n' "$1" "$2" "$3"; } # target WHAT FIGURE VERDICT
met_if() { if "$@"; then echo met; else echo "NOT MET"; fi; }
within() { "$1" "$2" "$3" && [[ -z "${R[$4|$5|errors]}" ]]; } # within lt|ge FIGURE LIMIT BACKEND ROUTE, no errors

print_targets() {
  local b entry name share limit state ratio
  step "Targets ($(authority), $connections connections)"
  [[ "$LARGE" == 1 ]] || warn "sustain demo --scale large is not available: every figure is for the normal demo"
  for b in "${backends[@]}"; do
    say "${R[$b|label]}"
    for entry in "${ROUTES[@]}"; do
      is_comment "$entry" && continue
      name="$(field "$entry" 1)" state="${R[$b|$(field "$entry" 1)|state]}"
      share="$(field "$entry" "$([[ "$b" == sqlite ]] && echo 3 || echo 4)")"
      limit="$(field "$entry" "$([[ "$b" == sqlite ]] && echo 5 || echo 6)")"
      if [[ "$share" != - ]]; then
        if [[ "$state" != ok ]]; then
          target "$name: at least $share% of the static asset's req/s" "-" "$state"
        else
          ratio="$(calc "100 * ${R[$b|$name|rps]} / ${R[$b|static_rps]}" 1)"
          target "$name: at least $share% of the static asset's req/s" "$ratio%" \
            "$(met_if within ge "$ratio" "$share" "$b" "$name")"
        fi
      fi
      if [[ "$limit" != - ]]; then
        if [[ "$state" != ok ]]; then
          target "$name: p99 under $limit ms" "-" "$state"
        else
          target "$name: p99 under $limit ms" "${R[$b|$name|p99]} ms" \
            "$(met_if within lt "${R[$b|$name|p99]}" "$limit" "$b" "$name")"
        fi
      fi
    done
    for entry in "${ROUTES[@]}"; do
      is_comment "$entry" && continue
      name="$(field "$entry" 1)"
      [[ "${R[$b|$name|state]}" == ok && -n "${R[$b|$name|demo_stmts]:-}" ]] || continue
      target "$name: statements per request, demo = large" "${R[$b|$name|demo_stmts]} = ${R[$b|$name|stmts]}" \
        "$(met_if [ "${R[$b|$name|demo_stmts]}" == "${R[$b|$name|stmts]}" ])"
    done
    for entry in "${ROUTES[@]}"; do
      is_comment "$entry" && continue
      name="$(field "$entry" 1)"
      [[ -n "${R[$b|$name|bytes]:-}" ]] || continue
      target "$name: HTML under $TARGET_PAGE_KB KB" "$(calc "${R[$b|$name|bytes]} / 1024" 0) KB" \
        "$(met_if lt "${R[$b|$name|bytes]}" "$TARGET_PAGE_KB * 1024")"
    done
    target "peak RSS under load and sign-ins under $TARGET_RSS_MB MB" "$(mb "${R[$b|peak_kb]}") MB" \
      "$(met_if lt "${R[$b|peak_kb]}" "$TARGET_RSS_MB * 1024")"
    if [[ "${R[$b|sign_ins]}" == "$SIGN_INS" ]]; then
      target "RSS after $SIGN_INS sign-ins under $TARGET_RSS_MB MB" "$(mb "${R[$b|rss_sign_ins_kb]}") MB" \
        "$(met_if lt "${R[$b|rss_sign_ins_kb]}" "$TARGET_RSS_MB * 1024")"
    else
      target "RSS after $SIGN_INS sign-ins under $TARGET_RSS_MB MB" "$(mb "${R[$b|rss_sign_ins_kb]}") MB" \
        "NOT MET (${R[$b|sign_ins]} of $SIGN_INS sign-ins succeeded)"
    fi
    for entry in "${DOCUMENTS[@]}"; do
      name="$(field "$entry" 1)"
      if [[ "${R[$b|doc|$name|state]}" != ok ]]; then
        target "$name: peak RSS over $DOCUMENT_FLOOD at once under $TARGET_DOCUMENT_RSS_MB MB" "-" \
          "${R[$b|doc|$name|state]}"
        continue
      fi
      target "$name: peak RSS over $DOCUMENT_FLOOD at once under $TARGET_DOCUMENT_RSS_MB MB" \
        "$(mb "${R[$b|doc|$name|peak_kb]}") MB" "$(met_if lt "${R[$b|doc|$name|peak_kb]}" "$TARGET_DOCUMENT_RSS_MB * 1024")"
      target "$name: /healthz under $TARGET_HEALTH_MS ms meanwhile" "${R[$b|doc|$name|health_ms]} ms" \
        "$(met_if lt "${R[$b|doc|$name|health_ms]}" "$TARGET_HEALTH_MS")"
    done
    target "cold start under $TARGET_COLD_START_MS ms" "${R[$b|cold_start]} ms" \
      "$(met_if lt "${R[$b|cold_start]}" "$TARGET_COLD_START_MS")"
  done
}

# --- Main --------------------------------------------------------------------------------------------------------

main() {
  local started
  started="$(now_us)"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  step "Load benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)"
  say "backends: ${backends[*]}; wrk -t$threads -c$connections, ${warmup} s warm-up + ${duration} s per route"
  say "wrk and the server share this machine's $(nproc) cores: the figures are for both together."
  say "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  ensure_tools
  if [[ " ${backends[*]} " == *" postgres "* ]]; then ensure_postgres; fi

  step "Release build"
  build

  WORK="$(mktemp -d -t sustain-bench.XXXXXX)"
  export SUSTAIN_CONFIG=/dev/null SUSTAIN_LOG=warn
  SUSTAIN_SECRET_KEY="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export SUSTAIN_SECRET_KEY
  export SUSTAIN_ADMIN_EMAIL="$ADMIN_EMAIL" SUSTAIN_ADMIN_PASSWORD="$PASSWORD"

  for backend in "${backends[@]}"; do bench_backend "$backend"; done
  print_targets
  say ""
  say "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  say "Finished in $(calc "($(now_us) - $started) / 60000000" 1) min; this output is also in tests/bench/last-run.txt"
}

main "$@" 2>&1 | tee "$OUT_FILE"
