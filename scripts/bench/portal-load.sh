#!/usr/bin/env bash
# Portal load benchmark (issue 6, docs/benchmarks.md): `silkport serve --demo` on SQLite and,
# when SILKPORT_TEST_DATABASE_URL is set (eval "$(.ci/pg-start)"), on PostgreSQL with the same
# demo world; then wrk at 64 connections against the search API, the record API and the
# health check (the floor: HTTP plus one store round), SECONDS each.
#
# Usage: scripts/bench/portal-load.sh [SECONDS]      (needs wrk, curl, jq and a release build)
# SILKPORT_BIN=path/to/silkport measures another build the same way.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(realpath "${SILKPORT_BIN:-target/release/silkport}")
secs=${1:-30}
here=$(pwd)/scripts/bench
work=$(mktemp -d /tmp/silkport-load.XXXXXX)
portal=
cleanup() { [ -n "$portal" ] && kill "$portal" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# Starts the portal on $1 (a free port) with the remaining arguments and waits until it answers.
start() {
  local port=$1; shift
  "$bin" --data "$work/data-$port" "$@" serve --demo --addr "127.0.0.1:$port" >"$work/serve-$port.log" 2>&1 &
  portal=$!
  for _ in $(seq 600); do
    curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && return 0
    kill -0 "$portal" 2>/dev/null || { cat "$work/serve-$port.log" >&2; return 1; }
    sleep 0.5
  done
  echo "the portal on $port did not start" >&2; return 1
}

# 150 record ids from two searches, as the record page is reached.
ids() {
  local base=$1
  { curl -s "$base/api/v1/search?q=%E7%94%B5%E6%B1%A0&limit=75"; curl -s "$base/api/v1/search?q=KIND%3Dtrademark&limit=75"; } |
    jq -r '.hits[].id' >"$work/ids.txt"
  wc -l <"$work/ids.txt"
}

# One wrk run: its requests/s, p50, p99 and non-2xx count on one line.
load() {
  local name=$1; shift
  local out
  out=$(wrk -t2 -c64 -d"${secs}s" --latency "$@")
  printf '%-10s %-14s %10s req/s  p50 %8s  p99 %8s  %s\n' "$store" "$name" \
    "$(awk '/^Requests\/sec/ {print $2}' <<<"$out")" \
    "$(awk '$1 == "50%" {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
    "$(grep -E 'Non-2xx|Socket errors' <<<"$out" | tr -s ' ' | tr '\n' ' ')"
}

bench_store() {
  local port=$1; shift
  start "$port" "$@"
  local base=http://127.0.0.1:$port
  echo "$store: $(ids "$base") record ids; $(grep -c . "$work/serve-$port.log") log lines at start" >&2
  (cd "$here" && load /search -s search.lua "$base")
  (cd "$here" && IDS="$work/ids.txt" load /rights/{id} -s record.lua "$base")
  load /health "$base/api/v1/health"
  kill "$portal"; wait "$portal" 2>/dev/null || true; portal=
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

store=sqlite bench_store "$(free_port)"
if [ -n "${SILKPORT_TEST_DATABASE_URL:-}" ]; then
  db=silkport_load_$$
  psql -q "$SILKPORT_TEST_DATABASE_URL" -c "CREATE DATABASE $db" >/dev/null
  store=postgres bench_store "$(free_port)" --database-url "${SILKPORT_TEST_DATABASE_URL%/*}/$db"
  psql -q "$SILKPORT_TEST_DATABASE_URL" -c "DROP DATABASE $db" >/dev/null
fi
