//! The cross-lingual layer: a term dictionary applied at query time, so users extend it
//! without reindexing.
//!
//! A query word is segmented into dictionary entries by forward maximum matching (Chinese
//! has no spaces: `燃料电池加注` → `燃料电池` + `加注`); each entry found adds its
//! translations, searched with the target language's analyzer, next to the word itself.
//!
//! Sources, merged in order: the terminology shipped in `data/ipc_terms_zh_en.tsv.gz`
//! (mined from the aligned Chinese/English IPC titles, see `mine`), then any files in the
//! user's terms directory (`<data>/search-terms/`), read in name order:
//! - `*.tsv` (optionally `.gz`): `source<TAB>target[<TAB>target language[<TAB>weight]]`;
//!   `#` starts a comment; the language defaults to `en` and the weight to 1;
//! - `*.u8` or `*.txt` (optionally `.gz`): CC-CEDICT's format (`traditional simplified
//!   [pin1 yin1] /gloss/gloss/`), installed by `scripts/install-cedict` (CC BY-SA 4.0, so
//!   not shipped in the repository).

pub mod bridge;
pub mod mine;

use crate::analysis::script::{fold_str, is_cjk};
use crate::SearchError;
use silkport_model::Lang;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// One translation of a dictionary entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Translation {
    pub text: String,
    pub lang: Lang,
    pub weight: f32,
}

/// Source term (folded) → translations.
#[derive(Debug, Clone, Default)]
pub struct Dictionary {
    entries: HashMap<String, Vec<Translation>>,
    /// Longest source entry, in characters: the matching window.
    longest: usize,
}

/// Translations kept per entry: more only add noise to the query.
const MAX_TRANSLATIONS: usize = 4;
/// Weight of a general dictionary's first sense, below the mined technical terms' best.
const CEDICT_WEIGHT: f32 = 0.5;
/// Longer glosses are definitions, not translations.
const MAX_GLOSS_WORDS: usize = 4;

/// A CC-CEDICT gloss usable as a translation: notes in parentheses removed; references
/// ("see …", "variant of …"), classifiers ("CL:") and long definitions dropped.
fn cedict_gloss(g: &str) -> Option<String> {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in g.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    let out = out
        .split_whitespace()
        .filter(|w| !matches!(*w, "to" | "a" | "an" | "the" | "of"))
        .collect::<Vec<_>>()
        .join(" ");
    let skip = [
        "see ",
        "variant of",
        "old variant",
        "CL:",
        "surname ",
        "abbr. for",
        "used in",
        "Taiwan pr.",
        "also written",
        "erhua variant",
    ];
    let bad = out.is_empty()
        || skip.iter().any(|s| g.trim_start().starts_with(s))
        || out.split_whitespace().count() > MAX_GLOSS_WORDS
        || !out.is_ascii();
    (!bad).then_some(out)
}

impl Dictionary {
    /// The terminology shipped with silkport.
    /// The terminology shipped with silkport, both ways: Chinese → English as mined, and
    /// each English word back to the Chinese words it translates (weighted by the same
    /// probability), so English queries find Chinese documents too.
    pub fn builtin() -> Dictionary {
        let mut d = Dictionary::default();
        let gz = include_bytes!("../data/ipc_terms_zh_en.tsv.gz");
        // The shipped file is checked by a test; a failure here would be a build defect.
        let _ = d.load(flate2::read::GzDecoder::new(&gz[..]), "builtin");
        let reverse: Vec<(String, Translation)> = d
            .entries
            .iter()
            .flat_map(|(zh, ts)| {
                ts.iter().map(|t| (t.text.clone(), Translation { text: zh.clone(), lang: Lang::ZH, weight: t.weight }))
            })
            .collect();
        for (en, t) in reverse {
            d.add(&en, t);
        }
        d
    }

    /// The shipped terminology plus every `*.tsv` file in `dir` (missing dir: none).
    pub fn with_user_files(dir: &Path) -> Result<Dictionary, SearchError> {
        let mut d = Dictionary::builtin();
        let Ok(listing) = std::fs::read_dir(dir) else { return Ok(d) };
        let mut paths: Vec<_> = listing.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in &paths {
            let name =
                p.file_name().map(|n| n.to_string_lossy().trim_end_matches(".gz").to_string()).unwrap_or_default();
            let cedict = name.ends_with(".u8") || name.ends_with(".txt");
            if !cedict && !name.ends_with(".tsv") {
                continue;
            }
            let file = std::fs::File::open(p).map_err(|e| SearchError::io(p, e))?;
            let input: Box<dyn Read> = if p.extension().is_some_and(|x| x == "gz") {
                Box::new(flate2::read::GzDecoder::new(file))
            } else {
                Box::new(file)
            };
            let label = p.display().to_string();
            if cedict {
                d.load_cedict(input, &label)?;
            } else {
                d.load(input, &label)?;
            }
        }
        Ok(d)
    }

    /// Adds a CC-CEDICT file: each simplified (and traditional) headword gets its short
    /// English glosses, without parenthesised notes, cross-references and classifiers.
    pub fn load_cedict(&mut self, input: impl Read, name: &str) -> Result<(), SearchError> {
        for (n, line) in BufReader::new(input).lines().enumerate() {
            let line =
                line.map_err(|e| SearchError::Dictionary { file: name.into(), line: n + 1, message: e.to_string() })?;
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((head, glosses)) = line.split_once(" /") else { continue };
            let mut words = head.split_whitespace();
            let (Some(trad), Some(simp)) = (words.next(), words.next()) else { continue };
            for (i, gloss) in glosses.split('/').filter_map(cedict_gloss).take(MAX_TRANSLATIONS).enumerate() {
                // Earlier glosses are the commoner senses.
                let weight = CEDICT_WEIGHT / (1.0 + i as f32);
                for head in [simp, trad] {
                    self.add(head, Translation { text: gloss.clone(), lang: Lang::EN, weight });
                }
            }
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds the lines of a dictionary file.
    pub fn load(&mut self, input: impl Read, name: &str) -> Result<(), SearchError> {
        for (n, line) in BufReader::new(input).lines().enumerate() {
            let line =
                line.map_err(|e| SearchError::Dictionary { file: name.into(), line: n + 1, message: e.to_string() })?;
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |m: &str| SearchError::Dictionary { file: name.into(), line: n + 1, message: m.into() };
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(src), Some(tgt)) = (cols.first(), cols.get(1)) else {
                return Err(bad("expected source<TAB>target[<TAB>language[<TAB>weight]]"));
            };
            let lang = match cols.get(2).filter(|l| !l.is_empty()) {
                Some(l) => Lang::parse(l).map_err(|_| bad("the language must be a two-letter code such as en"))?,
                None => Lang::EN,
            };
            let weight = match cols.get(3) {
                Some(w) => w
                    .parse::<f32>()
                    .ok()
                    .filter(|w| *w > 0.0)
                    .ok_or_else(|| bad("the weight must be a positive number"))?,
                None => 1.0,
            };
            self.add(src, Translation { text: tgt.trim().to_string(), lang, weight });
        }
        Ok(())
    }

    pub fn add(&mut self, source: &str, t: Translation) {
        let key = fold_str(source.trim());
        if key.is_empty() || t.text.is_empty() {
            return;
        }
        self.longest = self.longest.max(key.chars().count());
        let list = self.entries.entry(key).or_default();
        match list.iter_mut().find(|x| x.text == t.text && x.lang == t.lang) {
            Some(x) => x.weight = x.weight.max(t.weight),
            None => list.push(t),
        }
        list.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        list.truncate(MAX_TRANSLATIONS);
    }

    pub fn get(&self, source: &str) -> Option<&[Translation]> {
        self.entries.get(&fold_str(source)).map(Vec::as_slice)
    }

    /// The translations of a query word: the whole word if it is an entry, else each
    /// entry found in it by forward maximum matching over its CJK characters. One list per
    /// entry found; words without any entry give none.
    pub fn translate(&self, word: &str) -> Vec<&[Translation]> {
        let folded = fold_str(word);
        if let Some(t) = self.entries.get(&folded) {
            return vec![t.as_slice()];
        }
        let chars: Vec<char> = folded.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if !is_cjk(chars[i]) {
                i += 1;
                continue;
            }
            let run_end = (i..chars.len()).find(|&j| !is_cjk(chars[j])).unwrap_or(chars.len());
            let found = (2..=self.longest.min(run_end - i)).rev().find_map(|len| {
                let key: String = chars[i..i + len].iter().collect();
                self.entries.get(&key).map(|t| (len, t))
            });
            match found {
                Some((len, t)) => {
                    out.push(t.as_slice());
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_lines_and_maximum_matching() {
        let mut d = Dictionary::default();
        let file = "# comment\n燃料电池\tfuel cell\n燃料\tfuel\n加注\trefuelling\ten\t0.5\n電池\tbattery\n";
        d.load(file.as_bytes(), "test").unwrap();
        let t = d.translate("燃料电池加注");
        assert_eq!(t.len(), 2);
        assert_eq!(t[0][0].text, "fuel cell");
        assert_eq!(t[1][0].weight, 0.5);
        assert_eq!(d.translate("锂电池")[0][0].text, "battery");
        assert!(d.load("x\n".as_bytes(), "bad").is_err());
    }

    #[test]
    fn cedict_lines() {
        let mut d = Dictionary::default();
        let file = "#! license\n電池 电池 [dian4 chi2] /battery/CL:節|节[jie2],組|组[zu3]/\n負極 负极 [fu4 ji2] /negative pole (physics)/see 陰極|阴极/\n";
        d.load_cedict(file.as_bytes(), "cedict").unwrap();
        let t = d.get("電池").unwrap();
        assert_eq!((t.len(), t[0].text.as_str()), (1, "battery"));
        assert_eq!(d.get("负极").unwrap()[0].text, "negative pole");
    }

    #[test]
    fn builtin_terminology_loads_both_ways() {
        let d = Dictionary::builtin();
        assert!(d.len() > 1000, "{}", d.len());
        assert!(d.get("燃料").unwrap().iter().any(|t| t.text == "fuel"));
        assert!(d.get("fuel").unwrap().iter().any(|t| t.text == "燃料" && t.lang == Lang::ZH));
    }
}
