#!/usr/bin/env python3
"""Prints the tables of the search benchmark from bench/search.sh's work directory.

    search_report.py WORK QUERIES.tsv SILKPORT_INDEX_DIR ENGINE...

Latency: every timed run of every round pooled per engine (p50, p90, p99, mean, max in ms),
in wall time and in the CPU time of the querying thread (on a shared machine wall time also
counts the time the scheduler gave the core to other processes), then p50/p99 per category. Agreement: how often the engines' total counts are equal
(the translations are meant to ask the same question; analyzers differ a little).
"""
import csv
import glob
import os
import statistics
import sys
from collections import defaultdict


def size_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return total


def pct(values, p):
    v = sorted(values)
    if not v:
        return float("nan")
    k = (len(v) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def main():
    work, queries, sp_index, engines = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    category = {}
    with open(queries, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            category[row["qid"]] = row["category"]
    times = {}
    with open(os.path.join(work, "index-times.tsv")) as f:
        for row in csv.DictReader(f, delimiter="\t"):
            times[row["engine"]] = row
    sizes = {
        "silkport": size_bytes(sp_index),
        "fts5": size_bytes(os.path.join(work, "fts5.db")),
        "lucene": size_bytes(os.path.join(work, "lucene")),
    }
    lat = defaultdict(list)  # engine -> [ms]
    cpu = defaultdict(list)  # engine -> [ms of thread CPU time]
    by_cat = defaultdict(lambda: defaultdict(list))
    per_round = defaultdict(list)
    totals = defaultdict(dict)  # engine -> qid -> total
    for e in engines:
        for path in sorted(glob.glob(os.path.join(work, f"lat-{e}-r*.tsv"))):
            round_ms = []
            with open(path) as f:
                for line in f:
                    qid, total, micros, cpu_micros = line.rstrip("\n").split("\t")
                    ms = float(micros) / 1000
                    lat[e].append(ms)
                    cpu[e].append(float(cpu_micros) / 1000)
                    round_ms.append(ms)
                    by_cat[e][category[qid]].append(ms)
                    totals[e][qid] = int(total)
            per_round[e].append(pct(round_ms, 50))

    docs = next((t["docs"] for t in times.values() if t["docs"] not in ("", "-")), "?")
    print(f"\n{docs} documents, {len(category)} queries; latency over every timed run of every round\n")
    print("| engine | index wall s | docs/s | index CPU s | index peak RSS MB | index size MB | "
          "p50 ms | p90 ms | p99 ms | mean ms | max ms | CPU p50 ms | CPU p99 ms | p50 per round ms |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for e in engines:
        base = e.split("-")[0]
        t = times.get(base) if e == base else None
        wall = float(t["wall_s"]) if t else None
        cells = [
            f"{wall:.1f}" if wall else "″",
            f"{int(t['docs']) / wall:,.0f}" if wall else "″",
            f"{float(t['cpu_s']):.1f}" if t else "″",
            f"{int(t['peak_rss_kb']) / 1024:,.0f}" if t else "″",
            f"{sizes[base] / 1e6:,.0f}" if e == base else "″",
        ]
        v = lat[e]
        cells += [f"{pct(v, 50):.2f}", f"{pct(v, 90):.2f}", f"{pct(v, 99):.2f}", f"{statistics.mean(v):.2f}",
                  f"{max(v):.1f}", f"{pct(cpu[e], 50):.2f}", f"{pct(cpu[e], 99):.2f}",
                  " / ".join(f"{x:.2f}" for x in per_round[e])]
        print(f"| {e} | " + " | ".join(cells) + " |")

    cats = sorted({c for e in engines for c in by_cat[e]})
    print("\np50 / p99 ms per category (queries in category)\n")
    print("| category | " + " | ".join(engines) + " |")
    print("|---|" + "---|" * len(engines))
    for c in cats:
        n = sum(1 for q in category.values() if q == c)
        row = [f"{pct(by_cat[e][c], 50):.2f} / {pct(by_cat[e][c], 99):.2f}" for e in engines]
        print(f"| {c} ({n}) | " + " | ".join(row) + " |")

    if all(e in totals for e in ("silkport", "fts5", "lucene")):
        print("\nTotal counts compared with silkport's (same query, same documents)\n")
        print("| engine | equal | within 10% | silkport 0, it > 0 | it 0, silkport > 0 |")
        print("|---|---|---|---|---|")
        sp = totals["silkport"]
        for e in ("fts5", "lucene"):
            eq = sum(1 for q in sp if totals[e].get(q) == sp[q])
            close = sum(1 for q in sp if abs(totals[e].get(q, 0) - sp[q]) <= 0.1 * max(sp[q], 1))
            more = sum(1 for q in sp if sp[q] == 0 and totals[e].get(q, 0) > 0)
            less = sum(1 for q in sp if sp[q] > 0 and totals[e].get(q, 0) == 0)
            print(f"| {e} | {eq} | {close} | {more} | {less} |")


if __name__ == "__main__":
    main()
