#!/usr/bin/env python3
"""The SQLite FTS5 side of the search benchmark (bench/search.sh, docs/benchmarks.md).

    fts5_bench.py index DOCS.jsonl DB          one transaction, one thread, then 'optimize'
    fts5_bench.py query DB QUERIES.tsv OUT.tsv PASSES [WARMUP]

One contentless FTS5 table `docs` (detail=full, so phrases and NEAR work) with the
`porter unicode61` tokenizer. FTS5 has no CJK segmentation, so Chinese, Japanese and
Korean runs are given to it as overlapping bigrams (`三氟苯基` -> `三氟 氟苯 苯基`, a lone
character as itself), the same units as Lucene's CJKBigramFilter; a Chinese query word
is then the FTS5 phrase of its bigrams. Codes (IPC, country, kind...) are indexed as
keyword tokens `k<code>k` (see `keyword`), so the stemmer and the tokenizer leave them
whole and `IPC=H01M10/05*` becomes the prefix query `kh01m10s05*`. The id, the title and
the publication date live in the ordinary table `meta` (rowid = FTS rowid, date indexed).

A run is one page of results: the top 10 by bm25 (section weights 3, 2, 1.5, 1 as in
silkport), the exact total count (a second statement, as FTS5 cannot count and rank in
one), and each hit's id and title.
"""
import json
import re
import sqlite3
import sys
import time

TEXT = ["ti", "ab", "cl", "desc", "pa", "inv"]
COLUMNS = ", ".join(f'"{c}"' for c in TEXT + ["ipc", "cpc", "cc", "kind", "lang", "status"])
KEYWORDS = ["ipc", "cpc", "cc", "kind", "lang", "status"]
# bm25() weights per column, in table order: the sections as silkport weighs them.
WEIGHTS = "3.0, 2.0, 1.5, 1.0, 1.0, 1.0, 0, 0, 0, 0, 0, 0"
CJK_RUN = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


def bigrams(text):
    """Every CJK run of `text` as space-separated overlapping bigrams."""

    def split(m):
        run = m.group(0)
        if len(run) == 1:
            return f" {run} "
        return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "

    return CJK_RUN.sub(split, text)


def keyword(code):
    """A code as one token the tokenizer keeps whole and the stemmer leaves alone."""
    return "k" + re.sub(r"[^0-9a-z]", lambda m: "s" if m.group(0) == "/" else "x", code.lower()) + "k"


def index(docs, db):
    started = time.perf_counter()
    con = sqlite3.connect(db)
    con.executescript(
        f"""
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE VIRTUAL TABLE docs USING fts5({COLUMNS},
            content='', detail=full, tokenize='porter unicode61 remove_diacritics 2');
        CREATE TABLE meta (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, title TEXT, pd INTEGER);
        """
    )
    n = 0
    with open(docs, encoding="utf-8") as f:
        con.execute("BEGIN")
        for line in f:
            d = json.loads(line)
            n += 1
            cols = [bigrams(d.get(c) or "") for c in ["ti", "ab", "cl", "desc", "pa", "in"]]
            for c in KEYWORDS:
                v = d.get(c)
                vals = v if isinstance(v, list) else ([v] if v else [])
                cols.append(" ".join(keyword(x) for x in vals))
            con.execute(f"INSERT INTO docs(rowid, {COLUMNS}) VALUES (?{', ?' * 12})", [n] + cols)
            con.execute("INSERT INTO meta VALUES (?, ?, ?, ?)", (n, d["id"], d.get("title"), d.get("pd")))
        con.execute("CREATE INDEX meta_pd ON meta(pd)")
        # Like silkport's reindex and Lucene's forceMerge(1): merge the b-trees into one.
        con.execute("INSERT INTO docs(docs) VALUES ('optimize')")
        con.execute("COMMIT")
    con.close()
    print(f"fts5: indexed {n} documents in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def read_queries(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("qid\t"):
                continue
            cols = line.rstrip("\n").split("\t")
            out.append((cols[0], cols[4], cols[5] if len(cols) > 5 else ""))
    return out


def statements(match, where):
    """The top-10 and the count statements. A date condition joins `meta` by rowid, so the
    full-text match drives and each match's date is looked up (rather than materialising
    every rowid of the date range)."""
    if where:
        joined = f"FROM docs JOIN meta ON meta.rowid = docs.rowid WHERE docs MATCH ? AND {where}"
        top = f"SELECT meta.id, meta.title {joined} ORDER BY bm25(docs, {WEIGHTS}) LIMIT 10"
        return top, f"SELECT count(*) {joined}"
    top = (
        f"SELECT meta.id, meta.title FROM (SELECT rowid AS r FROM docs WHERE docs MATCH ? "
        f"ORDER BY bm25(docs, {WEIGHTS}) LIMIT 10) JOIN meta ON meta.rowid = r"
    )
    return top, "SELECT count(*) FROM docs WHERE docs MATCH ?"


def run(con, match, where):
    top, count = statements(match, where)
    hits = con.execute(top, (match,)).fetchall()
    total = con.execute(count, (match,)).fetchone()[0]
    return total, hits


def query(db, queries, out, passes, warmup=1):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.execute("PRAGMA cache_size = -1000000")  # up to 1 GB of page cache: warm runs read from memory
    qs = read_queries(queries)
    for _ in range(warmup):
        for qid, match, where in qs:
            try:
                run(con, match, where)
            except sqlite3.Error as e:
                raise SystemExit(f"query {qid}: {match} [{where}]: {e}")
    with open(out, "w") as w:
        for _ in range(passes):
            for qid, match, where in qs:
                c0, t0 = time.thread_time(), time.perf_counter()
                total, _ = run(con, match, where)
                micros = (time.perf_counter() - t0) * 1e6
                cpu = (time.thread_time() - c0) * 1e6
                w.write(f"{qid}\t{total}\t{micros:.0f}\t{cpu:.0f}\n")


if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) == 3 and a[0] == "index":
        index(a[1], a[2])
    elif len(a) in (5, 6) and a[0] == "query":
        query(a[1], a[2], a[3], int(a[4]), int(a[5]) if len(a) == 6 else 1)
    else:
        sys.exit(__doc__)
