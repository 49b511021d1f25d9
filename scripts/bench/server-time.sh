#!/usr/bin/env bash
# Server time of each API call at demo scale: the portal's Server-Timing (wall time to the
# response head) for a first (uncached) and a repeated call, and the CPU time the portal (and
# PostgreSQL's backends, when PG_PID is given) spent per call. Usage:
#   scripts/bench/server-time.sh http://127.0.0.1:8000 PORTAL_PID [PG_PID]
set -euo pipefail
base=$1/api/v1; portal=$2; pg=${3:-}
# CPU clock ticks (user + system) of the given processes, exited threads included (which
# per-thread schedstat would miss: the analytics scan runs on a thread of its own). A tick
# is 10 ms, so single calls are measured to 10 ms.
cpu() { local t=0 p; for p in "$@"; do [ -r /proc/$p/stat ] && t=$((t + $(awk '{print $14+$15}' /proc/$p/stat))); done; echo $t; }
pids() { echo "$portal"; [ -n "$pg" ] && { echo "$pg"; ps --ppid "$pg" -o pid=; }; true; }
timing() { curl -s -o /dev/null -D - "$1" | tr -d '\r' | sed -n 's/^server-timing: app;dur=//Ip'; }
printf '%-62s %9s %9s %8s\n' call first_ms again_ms cpu_ms
for u in \
  "search?q=%E9%94%82%E7%A6%BB%E5%AD%90%E7%94%B5%E6%B1%A0" \
  "search?q=CC%3DCN%20AND%20PD%3D2015..2020&sort=newest&offset=100" \
  "rights/CN990000000005U" "rights/CN990000000005U/history" "rights/CN990000000005U/receipt" \
  "ledger" "ledger/proof?index=5" "stats" \
  "indicators" "indicators?region=%E7%94%98%E8%82%83" \
  "navigation/landscape?type=regional&region=%E7%94%98%E8%82%83" \
  "navigation/report?type=regional&region=%E7%94%98%E8%82%83&lang=en" \
  "navigation/landscape?type=industry&ipc=H01M" \
  "navigation/landscape?type=rd&ipc=H01M" \
  "navigation/landscape?type=enterprise&applicant=%E4%B8%9C%E8%8E%9E%E6%98%86%E4%BB%91%E7%A7%91%E6%8A%80%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8"; do
  a=$(cpu $(pids)); first=$(timing "$base/$u"); b=$(cpu $(pids)); again=$(timing "$base/$u")
  printf '%-62s %9s %9s %8s\n' "${u:0:62}" "$first" "$again" "$(( (b - a) * 1000 / $(getconf CLK_TCK) ))"
  sleep 2   # stay under the report rate limit (20, then one per second)
done
