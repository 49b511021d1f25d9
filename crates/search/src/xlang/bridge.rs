//! Classification bridging: the IPC subclasses a Chinese query most likely belongs to,
//! found by matching its character bigrams against the Chinese titles of the IPC
//! subclasses and groups (`data/ipc_titles_zh.tsv.gz`, derived from the IPC scheme by the
//! `mine_ipc_terms` example). A title scores the idf of the query bigrams it shares,
//! divided by the square root of its own bigram count (long titles share much by chance);
//! a subclass scores the sum of its best five titles. Documents of any language classified there get a small
//! score bonus: classification codes are the same in every language.

use crate::analysis::Analyzer;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::sync::OnceLock;

/// Subclasses proposed per query at most.
const MAX_CLASSES: usize = 3;
/// A subclass is kept when it scores at least this share of the best one.
const KEEP_SHARE: f32 = 0.5;
/// A subclass scores the sum of its best titles: one lucky title is weaker evidence than
/// several good ones.
const TITLES_PER_CLASS: usize = 5;
/// Distinct query bigrams a title must share before it says anything about the query.
const MIN_SHARED: usize = 2;

pub struct IpcBridge {
    /// Subclass (`H01M`) of each title.
    subclass: Vec<String>,
    /// Length normaliser of each title: the square root of its bigram count.
    norm: Vec<f32>,
    /// Bigram → titles containing it.
    postings: HashMap<String, Vec<u32>>,
}

fn bigrams(text: &str) -> Vec<String> {
    let mut b: Vec<String> =
        Analyzer::Zh.tokens(text, true).into_iter().map(|t| t.text).filter(|t| t.chars().count() == 2).collect();
    b.sort();
    b.dedup();
    b
}

impl IpcBridge {
    /// The titles shipped with silkport.
    pub fn builtin() -> &'static IpcBridge {
        static BRIDGE: OnceLock<IpcBridge> = OnceLock::new();
        BRIDGE.get_or_init(|| {
            let gz = include_bytes!("../../data/ipc_titles_zh.tsv.gz");
            IpcBridge::load(flate2::read::GzDecoder::new(&gz[..]))
        })
    }

    /// Reads `symbol<TAB>chinese title` lines (`#` comments).
    pub fn load(input: impl Read) -> IpcBridge {
        let mut bridge = IpcBridge { subclass: Vec::new(), norm: Vec::new(), postings: HashMap::new() };
        for line in BufReader::new(input).lines().map_while(Result::ok) {
            let Some((symbol, title)) = line.split_once('\t') else { continue };
            if line.starts_with('#') || symbol.len() < 4 {
                continue;
            }
            let id = bridge.subclass.len() as u32;
            let grams = bigrams(title);
            bridge.subclass.push(symbol[..4].to_string());
            bridge.norm.push((grams.len().max(1) as f32).sqrt());
            for b in grams {
                bridge.postings.entry(b).or_default().push(id);
            }
        }
        bridge
    }

    /// The likely subclasses of `query` with a weight in (0, 1], best first.
    pub fn classes(&self, query: &str) -> Vec<(String, f32)> {
        let n = self.subclass.len().max(1) as f32;
        let mut scores: HashMap<u32, (f32, usize)> = HashMap::new();
        for b in bigrams(query) {
            let Some(titles) = self.postings.get(&b) else { continue };
            let idf = (n / titles.len() as f32).ln();
            for t in titles {
                let s = scores.entry(*t).or_default();
                s.0 += idf;
                s.1 += 1;
            }
        }
        let mut per_class: HashMap<&str, Vec<f32>> = HashMap::new();
        for (t, (score, shared)) in scores {
            if shared >= MIN_SHARED {
                per_class.entry(self.subclass[t as usize].as_str()).or_default().push(score / self.norm[t as usize]);
            }
        }
        let mut ranked: Vec<(&str, f32)> = per_class
            .into_iter()
            .map(|(class, mut s)| {
                s.sort_by(|a, b| b.total_cmp(a));
                (class, s.iter().take(TITLES_PER_CLASS).sum())
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
        let top = ranked.first().map(|r| r.1).unwrap_or(0.0);
        ranked
            .into_iter()
            .take_while(|r| r.1 >= KEEP_SHARE * top)
            .take(MAX_CLASSES)
            .map(|(c, s)| (c.to_string(), s / top))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn battery_queries_point_at_h01m() {
        let bridge = IpcBridge::builtin();
        let classes = bridge.classes("锂离子电池 负极 材料");
        assert_eq!(classes.first().map(|c| c.0.as_str()), Some("H01M"), "{classes:?}");
        assert!(bridge.classes("the").is_empty());
        let top = |q: &str| bridge.classes(q).first().map(|c| c.0.clone()).unwrap_or_default();
        assert_eq!(top("燃料电池 电极"), "H01M");
        assert_eq!(top("拖拉机 犁"), "A01B");
    }
}
