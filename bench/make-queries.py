#!/usr/bin/env python3
"""Writes bench/search-queries.tsv: the fixed query set of the search benchmark.

    bench/make-queries.py DOCS.jsonl > bench/search-queries.tsv

DOCS.jsonl is `search_bench export` of a registry holding ../shared/data (demo documents in
it are ignored). Terms are drawn with a fixed seed from the real documents (English words and
title phrases, applicant names, IPC symbols) and from ../shared/data (the Chinese keyphrases
of cn_kppatent_zh_keyphrases and the sub-word dev set), so every query has hits. The output
is committed; this script records how it was made.

Each query is written in silkport's query language and translated, by the rules in `render`
(and the table in docs/benchmarks.md), to Lucene's classic query syntax (run by
bench/lucene/LuceneBench.java's MultiFieldQueryParser over ti^3 ab^2 cl^1.5 desc) and to an
FTS5 MATCH expression with an optional SQL condition on the date.
"""
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fts5_bench import bigrams, keyword  # noqa: E402  (the FTS5 side's own encodings)

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
STOP = set(
    """a an and are as at be by for from has have in into is it its of on or said such that the their
    then there these this to was were which with wherein whereby thereof one two first second each
    least more than other being can may further between about also not via using used method
    methods system systems device devices apparatus""".split()
)
SECTIONS = "{ti ab cl desc}"
CJK = re.compile(r"[\u3400-\u9fff]")


def ascii_words(text):
    """Lower-case words of plain ASCII letters (a word with other letters is left out whole)."""
    return [w for w in re.findall(r"[^\W\d_]+", text.lower()) if w.isascii()]


def is_cjk(w):
    return bool(CJK.search(w))


# --- rendering: one query tree, three syntaxes ------------------------------------------
# A term is ("w", text) (a word, or a Chinese word: a contiguous string) or ("p", text) (a
# phrase). Queries are tuples: ("term", t), ("field", code, t), ("any", [t...]),
# ("and", [q...]), ("or", [q...]), ("not", a, b), ("near", n, t1, t2), ("code", code, value),
# ("dates", from, to).


def sp_term(t):
    kind, text = t
    return f'"{text}"' if kind == "p" else text


def lu_term(t):
    kind, text = t
    return f'"{text}"' if kind == "p" or is_cjk(text) else text


def fts_term(t):
    kind, text = t
    if kind == "p" or is_cjk(text):
        return '"' + " ".join(bigrams(text).split()) + '"'
    return text


LU_FIELDS = {"TI": "ti", "AB": "ab", "CL": "cl", "PA": "pa", "IN": "in"}
FTS_FIELDS = {"TI": "ti", "AB": "ab", "CL": "cl", "PA": "pa", "IN": "inv"}


def ipc_lucene(v):
    return v.replace("/", "\\/")


def code_value(code, v):
    """The indexed form of a code query value (IPC main group `H01M10` is `H01M10/00`)."""
    if code == "IPC" and re.fullmatch(r"[A-H]\d\d[A-Z]\d+", v):
        return v + "/00"
    return v


def render(q):
    """(silkport, lucene, fts5 MATCH, fts5 SQL condition) for a query tree."""
    op = q[0]
    if op == "term":
        return sp_term(q[1]), lu_term(q[1]), f"{SECTIONS} : {fts_term(q[1])}", ""
    if op == "field":
        _, code, t = q
        return f"{code}={sp_term(t)}", f"{LU_FIELDS[code]}:{lu_term(t)}", f"{FTS_FIELDS[code]} : {fts_term(t)}", ""
    if op == "any":
        ts = q[1]
        return (
            " ".join(sp_term(t) for t in ts),
            " ".join(lu_term(t) for t in ts),
            f"{SECTIONS} : (" + " OR ".join(fts_term(t) for t in ts) + ")",
            "",
        )
    if op == "code":
        _, code, v = q
        iv = code_value(code, v)
        trunc = v.endswith("*")
        lu = f"{code.lower()}:{ipc_lucene(iv)}"
        fv = keyword(iv.rstrip("*"))
        fts = f"{code.lower()} : " + (fv[:-1] + "*" if trunc else fv)
        return f"{code}={v}", lu, fts, ""
    if op == "dates":
        _, a, b = q
        return f"PD={a}..{b}", f"pd:[{a}0101 TO {b}1231]", "", f"pd BETWEEN {a}0101 AND {b}1231"
    if op in ("and", "or"):
        parts = [render(x) for x in q[1]]
        sp = f" {op.upper()} ".join(wrap(x, p[0]) for x, p in zip(q[1], parts))
        if op == "and":
            lu = " ".join("+" + wrap_lu(x, p[1]) for x, p in zip(q[1], parts))
        else:
            lu = " OR ".join(wrap_lu(x, p[1]) for x, p in zip(q[1], parts))
        matches = [p[2] for p in parts if p[2]]
        fts = f" {op.upper()} ".join(f"({m})" for m in matches)
        where = " AND ".join(p[3] for p in parts if p[3])
        return sp, lu, fts, where
    if op == "not":
        a, b = render(q[1]), render(q[2])
        return (
            f"{wrap(q[1], a[0])} NOT {wrap(q[2], b[0])}",
            f"+{wrap_lu(q[1], a[1])} -{wrap_lu(q[2], b[1])}",
            f"({a[2]}) NOT ({b[2]})",
            "",
        )
    if op == "near":
        _, n, t1, t2 = q
        return (
            f"{sp_term(t1)} NEAR{n} {sp_term(t2)}",
            f'"{t1[1]} {t2[1]}"~{n}',
            f"{SECTIONS} : NEAR({fts_term(t1)} {fts_term(t2)}, {n})",
            "",
        )
    raise ValueError(op)


def wrap(q, s):
    return f"({s})" if q[0] in ("and", "or", "not", "any") else s


def wrap_lu(q, s):
    return f"({s})" if q[0] in ("and", "or", "not", "any") or (q[0] == "term" and " " in s and not s.startswith('"')) else s


# --- drawing terms from the data --------------------------------------------------------


def load(docs_path):
    en_df, pairs, cn_titles, pa_en, pa_zh, ipcs = Counter(), Counter(), [], Counter(), Counter(), Counter()
    doc_words, doc_codes, zh_text = [], [], []
    with open(docs_path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d.get("synthetic"):
                continue
            text = " ".join([d.get("ti") or "", d.get("ab") or ""])
            words = [w for w in ascii_words(text) if len(w) >= 4 and w not in STOP]
            en_df.update(set(words))
            if len(set(words)) >= 3:
                doc_words.append(sorted(set(words)))
            for title in (d.get("ti") or "").lower().split("\n"):
                ti_words = ascii_words(title)
                for a, b in zip(ti_words, ti_words[1:]):
                    if len(a) >= 4 and len(b) >= 4 and a not in STOP and b not in STOP:
                        pairs[(a, b)] += 1
            if "zh" in (d.get("lang") or []) and d.get("ti"):
                cn_titles.append(d["ti"])
            zh_text.append(text)
            subclasses = [s for s in d.get("ipc") or [] if re.fullmatch(r"[A-H]\d\d[A-Z]", s)]
            if subclasses and d.get("pd"):
                doc_codes.append((re.findall(r"[a-z]+", (d.get("ti") or "").lower()), d["ti"], subclasses, d["cc"], d["pd"] // 10000))
            for name in (d.get("pa") or "").split("; "):
                if is_cjk(name):
                    pa_zh[name] += 1
                else:
                    pa_en.update(w for w in re.findall(r"[a-z]+", name.lower()) if len(w) >= 4 and w not in STOP)
            for s in d.get("ipc") or []:
                ipcs[s] += 1
    return en_df, pairs, cn_titles, pa_en, pa_zh, ipcs, doc_words, doc_codes, "\n".join(zh_text)


def zh_terms():
    """Chinese keyphrases (and the lists that occur together in one abstract)."""
    terms, together = set(), []
    kp = SHARED / "patents" / "cn_kppatent_zh_keyphrases" / "kppatent_train_abstract_keyphrases.jsonl"
    with open(kp, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            kps = d.get("keyphrases") or d.get("keywords") or []
            if isinstance(kps, str):
                kps = kps.split(",")
            kps = [k.strip() for k in kps if 2 <= len(k.strip()) <= 6 and all(is_cjk(c) for c in k.strip())]
            terms.update(kps)
            if len(kps) >= 2:
                together.append(kps)
    with open(SHARED / "eval" / "zh_subword_dev.tsv", encoding="utf-8") as f:
        terms.update(line.split("\t")[0] for line in list(f)[1:])
    return sorted(terms), together


def title_chunks(titles, rng, n):
    """Chinese word-like chunks of real titles: the text between function words."""
    out = set()
    splitter = re.compile(r"一种|及其|用于|基于|以及|装置|方法|系统|和|与|及|的|、|，|\s|[^\u3400-\u9fff]")
    for t in rng.sample(titles, min(len(titles), 20000)):
        for part in splitter.split(t):
            if 2 <= len(part) <= 5:
                out.add(part)
    return rng.sample(sorted(out), n)


def main():
    rng = random.Random(20261125)
    en_df, pairs, cn_titles, pa_en, pa_zh, ipcs, doc_words, doc_codes, real_text = load(sys.argv[1])
    band = lambda lo, hi: sorted(w for w, n in en_df.items() if lo <= n <= hi)  # noqa: E731
    common, mid, rare = band(200, 100000), band(20, 199), band(3, 19)
    en = lambda: ("w", rng.choice(rng.choice([common, mid, mid, rare])))  # noqa: E731
    phrases = sorted(p for p, n in pairs.items() if n >= 2)
    phrase = lambda: ("p", " ".join(rng.choice(phrases)))  # noqa: E731
    zh_kp, zh_together = zh_terms()
    # Keyphrases are not always written in their abstract: keep those the documents contain.
    zh_pool = [t for t in zh_kp if t in real_text] + title_chunks(cn_titles, rng, 300)
    zh_together = [[t for t in kps if t in real_text] for kps in zh_together]
    zh_together = [kps for kps in zh_together if len(kps) >= 2]
    en_codes = [d for d in doc_codes if any(len(w) >= 4 and w not in STOP for w in d[0])]
    zh_codes = [d for d in doc_codes if is_cjk(d[1])]

    def en_with_codes():
        """A title word of a real document with its IPC subclass, country and year."""
        words, _, subs, ccs, year = rng.choice(en_codes)
        return ("w", rng.choice([w for w in words if len(w) >= 4 and w not in STOP])), rng.choice(subs), ccs[0], year

    def zh_with_codes():
        _, title, subs, ccs, year = rng.choice(zh_codes)
        chunks = [c for c in re.split(r"一种|及其|用于|基于|以及|和|与|及|的|、|[^\u3400-\u9fff]", title) if 2 <= len(c) <= 5]
        if not chunks:
            return zh_with_codes()
        return ("w", rng.choice(chunks)), rng.choice(subs), ccs[0], year

    def around(year):
        lo = year - rng.randrange(0, 6)
        return lo, min(2025, max(lo + 1, year + rng.randrange(0, 6)))

    # Words of one document, so that AND and NOT queries have hits.
    en_pair = lambda: [("term", ("w", w)) for w in rng.sample(rng.choice(doc_words), 2)]  # noqa: E731
    zh_pair = lambda: [("term", ("w", w)) for w in rng.sample(rng.choice(zh_together), 2)]  # noqa: E731
    zh = lambda: ("w", rng.choice(zh_pool))  # noqa: E731
    subclasses = sorted(s for s, n in ipcs.items() if re.fullmatch(r"[A-H]\d\d[A-Z]", s) and n >= 20)
    groups = sorted(s for s, n in ipcs.items() if re.fullmatch(r"[A-H]\d\d[A-Z]\d+/00", s) and n >= 10)
    subgroups = sorted(s for s, n in ipcs.items() if re.fullmatch(r"[A-H]\d\d[A-Z]\d+/\d{3,}", s) and n >= 5)
    pa_words = sorted(w for w, n in pa_en.items() if n >= 3)
    pa_names = sorted({n[:4] for n, c in pa_zh.items() if c >= 3 and len(n) >= 4 and all(is_cjk(ch) for ch in n[:4])})

    plan = []  # (category, query tree)
    plan += [("word", ("term", en())) for _ in range(20)]
    plan += [("free", ("any", [en() for _ in range(rng.choice([2, 3]))])) for _ in range(20)]
    plan += [("phrase", ("term", phrase())) for _ in range(25)]
    plan += [("field", ("field", "TI", en())) for _ in range(8)]
    plan += [("field", ("field", "AB", en())) for _ in range(6)]
    plan += [("field", ("field", "PA", ("w", rng.choice(pa_words)))) for _ in range(4)]
    plan += [("field", ("field", "PA", ("w", rng.choice(pa_names)))) for _ in range(4)]
    plan += [("field", ("code", "IPC", rng.choice(subclasses))) for _ in range(5)]
    plan += [("field", ("code", "IPC", rng.choice(groups)[:-3])) for _ in range(4)]
    plan += [("field", ("code", "IPC", rng.choice(subgroups)[:-1] + "*")) for _ in range(3)]
    for _ in range(4):
        w, sub, cc, year = en_with_codes()
        plan.append(("field", ("and", [("term", w), ("code", "CC", cc)])))
    for _ in range(4):
        w, sub, cc, year = en_with_codes()
        plan.append(("field", ("and", [("term", w), ("dates", *around(year))])))
    for _ in range(4):
        w, sub, cc, year = en_with_codes()
        plan.append(("field", ("and", [("field", "TI", w), ("code", "IPC", sub)])))
    plan += [("boolean", ("and", en_pair())) for _ in range(12)]
    plan += [("boolean", ("or", [("term", en()), ("term", en())])) for _ in range(10)]
    plan += [("boolean", ("not", *en_pair())) for _ in range(8)]
    for _ in range(10):
        b, c = en_pair()
        plan.append(("boolean", ("and", [("or", [("term", en()), b]), c])))
    plan += [("chinese", ("term", zh())) for _ in range(25)]
    plan += [("chinese", ("any", [zh(), zh()])) for _ in range(10)]
    plan += [("chinese", ("field", "TI", zh())) for _ in range(10)]
    plan += [("chinese", ("and", zh_pair())) for _ in range(10)]
    for _ in range(5):
        w, sub, cc, year = zh_with_codes()
        plan.append(("chinese", ("and", [("term", w), ("code", "IPC", sub)])))
    for _ in range(5):
        w, sub, cc, year = zh_with_codes()
        plan.append(("chinese", ("and", [("term", w), ("dates", *around(year))])))
    plan += [("chinese", ("not", *zh_pair())) for _ in range(5)]
    plan += [("proximity", ("near", rng.choice([2, 3, 5]), *[("w", w) for w in rng.choice(phrases)])) for _ in range(10)]

    print("qid\tcategory\tsilkport\tlucene\tfts5_match\tfts5_where")
    for i, (cat, q) in enumerate(plan, 1):
        sp, lu, fm, fw = render(q)
        print(f"q{i:03d}\t{cat}\t{sp}\t{lu}\t{fm}\t{fw}")


if __name__ == "__main__":
    main()
