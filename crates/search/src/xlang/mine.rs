//! Mining Chinese → English terminology from aligned titles (the IPC scheme in both
//! languages) with IBM Model 1: EM over word co-occurrences in aligned title pairs
//! estimates t(english word | chinese word); entries above a probability become lines of
//! the shipped dictionary. Segmentation of the Chinese side is passed in, so the mining
//! segmenter (jieba, in the `mine_ipc_terms` example) is not a runtime dependency.

use std::collections::HashMap;
use std::io::BufRead;

/// One aligned pair of segmented titles.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub zh: Vec<String>,
    pub en: Vec<String>,
}

const EN_STOP: &[&str] = &[
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "by",
    "for",
    "from",
    "in",
    "into",
    "is",
    "it",
    "its",
    "not",
    "of",
    "on",
    "or",
    "other",
    "than",
    "that",
    "the",
    "their",
    "them",
    "this",
    "to",
    "with",
    "without",
    "e",
    "g",
    "i",
    "ie",
    "eg",
    "thereof",
    "therefor",
    "therefore",
    "specially",
    "adapted",
    "such",
    "which",
    "being",
    "having",
    "using",
    "means",
    "details",
    "general",
    "groups",
    "group",
    "main",
    "subclass",
    "class",
    "provided",
    "covered",
    "per",
    "se",
];

const ZH_STOP: &[&str] = &[
    "的", "或", "和", "与", "及", "用", "于", "在", "其", "为", "等", "由", "以", "中", "有", "入", "一种", "所述",
    "其他", "专门", "适用", "特别", "用于", "或者", "以及", "包括", "不", "所", "对", "上", "将", "是", "这些", "该",
    "类", "组", "者", "之", "而", "并", "及其", "把", "被", "从", "到", "时", "后", "前", "内", "外",
];

/// Aligned pairs from the bilingual IPC file (`symbol, level, title_zh, title_en`).
/// Parenthesised references are dropped; titles listing the same number of `;`-separated
/// items on both sides are aligned item by item, which sharpens the estimates.
pub fn ipc_pairs(input: impl BufRead, segment: &dyn Fn(&str) -> Vec<String>) -> Vec<Pair> {
    let mut out = Vec::new();
    for line in input.lines().map_while(Result::ok).skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(zh), Some(en)) = (cols.get(2), cols.get(3)) else { continue };
        let zh_items: Vec<String> = strip_parens(zh).split(['；', ';']).map(str::to_string).collect();
        // The English column sometimes repeats a title as "A | A B": keep the last variant.
        let en_title = en.rsplit(" | ").next().unwrap_or(en);
        let en_items: Vec<String> = strip_parens(en_title).split(';').map(str::to_string).collect();
        let aligned = zh_items.len() == en_items.len();
        let items: Vec<(String, String)> = if aligned {
            zh_items.into_iter().zip(en_items).collect()
        } else {
            vec![(zh_items.join(" "), en_items.join(" "))]
        };
        for (z, e) in items {
            let pair = Pair { zh: zh_words(&z, segment), en: en_words(&e) };
            if !pair.zh.is_empty() && !pair.en.is_empty() {
                out.push(pair);
            }
        }
    }
    out
}

/// Removes text in ASCII or fullwidth parentheses (cross-references to other groups).
pub fn strip_parens(s: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

fn zh_words(s: &str, segment: &dyn Fn(&str) -> Vec<String>) -> Vec<String> {
    segment(s)
        .into_iter()
        .filter(|w| w.chars().all(crate::analysis::script::is_cjk) && !ZH_STOP.contains(&w.as_str()))
        .collect()
}

fn en_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .map(|w| w.trim_matches('-').to_ascii_lowercase())
        .filter(|w| w.len() > 1 && !w.bytes().all(|b| b.is_ascii_digit()) && !EN_STOP.contains(&w.as_str()))
        .collect()
}

/// IBM Model 1 translation probabilities t(en | zh) after `iterations` rounds of EM,
/// with a NULL source word absorbing English words that translate nothing.
pub fn ibm1(pairs: &[Pair], iterations: usize) -> HashMap<(String, String), f32> {
    let mut zv: HashMap<&str, u32> = HashMap::from([("", 0)]);
    let mut ev: HashMap<&str, u32> = HashMap::new();
    let ids: Vec<(Vec<u32>, Vec<u32>)> = pairs
        .iter()
        .map(|p| {
            let mut z: Vec<u32> = vec![0];
            for w in &p.zh {
                let n = zv.len() as u32;
                z.push(*zv.entry(w).or_insert(n));
            }
            let e = p.en.iter().map(|w| {
                let n = ev.len() as u32;
                *ev.entry(w).or_insert(n)
            });
            (z, e.collect())
        })
        .collect();
    let mut t: HashMap<(u32, u32), f32> = HashMap::new();
    for (z, e) in &ids {
        for zi in z {
            for ei in e {
                t.insert((*zi, *ei), 1.0);
            }
        }
    }
    for _ in 0..iterations {
        let mut count: HashMap<(u32, u32), f32> = HashMap::with_capacity(t.len());
        let mut total: HashMap<u32, f32> = HashMap::new();
        for (z, e) in &ids {
            for ei in e {
                let norm: f32 = z.iter().map(|zi| t[&(*zi, *ei)]).sum();
                for zi in z {
                    let c = t[&(*zi, *ei)] / norm;
                    *count.entry((*zi, *ei)).or_default() += c;
                    *total.entry(*zi).or_default() += c;
                }
            }
        }
        for (k, v) in t.iter_mut() {
            *v = count.get(k).copied().unwrap_or(0.0) / total.get(&k.0).copied().unwrap_or(1.0);
        }
    }
    let zs: HashMap<u32, &str> = zv.into_iter().map(|(w, i)| (i, w)).collect();
    let es: HashMap<u32, &str> = ev.into_iter().map(|(w, i)| (i, w)).collect();
    t.into_iter()
        .filter(|((z, _), _)| *z != 0)
        .map(|((z, e), p)| ((zs[&z].to_string(), es[&e].to_string()), p))
        .collect()
}

/// Dictionary lines `zh<TAB>en<TAB>en<TAB>probability`: for each Chinese word seen at least
/// `min_count` times, its English words with t ≥ `min_prob`, best first, at most `top`.
pub fn entries(
    pairs: &[Pair],
    t: &HashMap<(String, String), f32>,
    min_count: usize,
    min_prob: f32,
    top: usize,
) -> Vec<String> {
    let mut freq: HashMap<&str, usize> = HashMap::new();
    for p in pairs {
        for w in &p.zh {
            *freq.entry(w).or_default() += 1;
        }
    }
    let mut by_zh: HashMap<&str, Vec<(&str, f32)>> = HashMap::new();
    for ((z, e), p) in t {
        if *p >= min_prob && freq.get(z.as_str()).copied().unwrap_or(0) >= min_count {
            by_zh.entry(z).or_default().push((e, *p));
        }
    }
    let mut lines = Vec::new();
    for (z, mut es) in by_zh {
        es.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        for (e, p) in es.into_iter().take(top) {
            lines.push(format!("{z}\t{e}\ten\t{p:.3}"));
        }
    }
    lines.sort();
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn em_aligns_words_that_co_occur() {
        let seg = |s: &str| chars(s);
        let tsv = "symbol\tlevel\tzh\ten\nX\tg\t锹；铲\tSpades; Shovels\nY\tg\t手动 锹\tHand spades\nZ\tg\t手动 犁\tHand ploughs (see A01B)\n";
        let pairs = ipc_pairs(tsv.as_bytes(), &seg);
        assert_eq!(pairs.len(), 4);
        assert_eq!(pairs[0], Pair { zh: chars("锹"), en: chars("spades") });
        let t = ibm1(&pairs, 10);
        assert!(t[&("锹".to_string(), "spades".to_string())] > 0.9);
        assert!(t[&("手动".to_string(), "hand".to_string())] > 0.5);
        let lines = entries(&pairs, &t, 1, 0.5, 2);
        assert!(lines.contains(&"锹\tspades\ten\t0.999".to_string()), "{lines:?}");
    }
}
