#!/usr/bin/env bash
# Ingest benchmarks for docs/benchmarks.md: CNIPA TSV and USPTO XML into SQLite and
# PostgreSQL (registry only, `--no-index`; CNIPA also with the search index, and pinned to
# one core), and demo worlds of growing size (registry only). Usage: bench/ingest.sh [demo sizes...]
# Needs a release build (cargo build --release) and, for PostgreSQL, .ci/pg-start.
# SILKPORT_BIN=path/to/silkport measures another build (a baseline) the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${SILKPORT_BIN:-target/release/silkport}")
data=../shared/data/patents
work=$(mktemp -d /tmp/silkport-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
timed() { /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>&1 || true; read -r secs kb <"$work/time"; echo "$secs $kb"; }
fresh() { rm -rf "$work/$1"; echo "$work/$1"; }

# USPTO: every v4 weekly and single-document file, decompressed and concatenated, so
# MB/s counts XML bytes parsed.
: >"$work/uspto.xml"
for f in $data/us_uspto_xml/patentsview_db_fixtures/*ipg*.xml.gz $data/us_uspto_xml/alexandria3k_ipgb_bibliographic/*.xml.gz \
         $data/us_uspto_xml/patentsview_db_fixtures/xml__20[01][0-9]_*.xml*; do
  zcat -f "$f" >>"$work/uspto.xml"; echo >>"$work/uspto.xml"
done
mb=$(python3 -c "import os;print(os.path.getsize('$work/uspto.xml')/1e6)")
cn=$data/cn_cnipa_bibliographic_2017/cn_bibliographic_2017.tsv.gz

run_backend() {  # name, extra args...
  local name=$1; shift
  read -r s kb < <(timed $bin --data "$(fresh $name-cn)" "$@" ingest --no-index "$cn")
  printf '%-9s CNIPA TSV 239,857 records: %6.2f s  %8.0f records/s  peak RSS %4d MB\n' "$name" "$s" "$(echo "239857/$s" | bc -l)" $((kb/1024))
  read -r s kb < <(timed $bin --data "$work/$name-cn" "$@" ingest --no-index "$cn")
  printf '%-9s CNIPA TSV re-ingest:         %6.2f s  %8.0f records/s  peak RSS %4d MB\n' "$name" "$s" "$(echo "239857/$s" | bc -l)" $((kb/1024))
  read -r s kb < <(timed $bin --data "$(fresh $name-us)" "$@" ingest --no-index "$work/uspto.xml")
  printf '%-9s USPTO XML %.1f MB:           %6.2f s  %8.1f MB/s       peak RSS %4d MB\n' "$name" "$mb" "$s" "$(echo "$mb/$s" | bc -l)" $((kb/1024))
}

if command -v taskset >/dev/null; then
  read -r s kb < <(timed taskset -c 0 $bin --data "$(fresh one-core)" ingest --no-index "$cn")
  printf 'sqlite    CNIPA TSV on one core:      %6.2f s  %8.0f records/s  peak RSS %4d MB\n' "$s" "$(echo "239857/$s" | bc -l)" $((kb/1024))
fi
read -r s kb < <(timed $bin --data "$(fresh indexed)" ingest "$cn")
printf 'sqlite    CNIPA TSV with the index:   %6.2f s  %8.0f records/s  peak RSS %4d MB\n' "$s" "$(echo "239857/$s" | bc -l)" $((kb/1024))
rm -rf "$work"/one-core "$work"/indexed
run_backend sqlite
if [ -n "${SILKPORT_TEST_DATABASE_URL:-}" ]; then
  psql -q "$SILKPORT_TEST_DATABASE_URL" -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public;' >/dev/null
  run_backend postgres --database-url "$SILKPORT_TEST_DATABASE_URL"
fi

for n in "$@"; do
  read -r s kb < <(timed $bin --data "$(fresh demo-$n)" demo --size "$n" --no-index)
  size=$(du -sm "$work/demo-$n" | cut -f1)
  printf 'demo world %9d rights: %7.1f s  %8.0f rights/s  store %6d MB  peak RSS %4d MB\n' "$n" "$s" "$(echo "$n/$s" | bc -l)" "$size" $((kb/1024))
  rm -rf "$work/demo-$n"
done
