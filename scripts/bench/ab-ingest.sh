#!/usr/bin/env bash
# Alternating A/B runs of the one-core CNIPA ingest benchmark (registry only, pinned to
# core 0, a fresh store each run, `sync` and a pause between runs), for comparing builds on
# a noisy machine: each pair ran under the same conditions.
# Usage: scripts/bench/ab-ingest.sh RUNS BINARY... (e.g. a copy of the base build and the new one)
set -euo pipefail
cd "$(dirname "$0")/../.."
cn=../shared/data/patents/cn_cnipa_bibliographic_2017/cn_bibliographic_2017.tsv.gz
runs=$1; shift
work=$(mktemp -d /tmp/silkport-ab.XXXXXX)
trap 'rm -rf "$work"' EXIT
for _ in $(seq "$runs"); do
  for bin in "$@"; do
    rm -rf "$work/data"; sync; sleep 2
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" taskset -c 0 "$bin" --data "$work/data" ingest --no-index "$cn" >/dev/null 2>&1
    read -r wall user sys kb <"$work/time"
    printf '%-24s %6.2f s wall  %6.2f s CPU  %7.0f records/s  peak RSS %4d MB\n' \
      "$(basename "$bin")" "$wall" "$(echo "$user+$sys" | bc -l)" "$(echo "239857/$wall" | bc -l)" $((kb/1024))
  done
done
