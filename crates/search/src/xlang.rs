//! The cross-lingual layer: a term dictionary applied at query time, so users extend it
//! without reindexing.
//!
//! A query word is segmented into dictionary entries by forward maximum matching (Chinese
//! has no spaces: `燃料电池加注` → `燃料电池` + `加注`); each entry found adds its
//! translations, searched with the target language's analyzer, next to the word itself.
//!
//! Sources, merged in order: the terminology shipped in `data/ipc_terms_zh_en.tsv.gz`
//! (mined from the aligned Chinese/English IPC titles, see `mine`), then any files the
//! user adds (`<data>/search/terms/*.tsv`).
//! A file line is `source<TAB>target[<TAB>target language[<TAB>weight]]`; `#` starts a
//! comment; the target language defaults to `en` and the weight to 1.

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

impl Dictionary {
    /// The terminology shipped with silkport.
    pub fn builtin() -> Dictionary {
        let mut d = Dictionary::default();
        let gz = include_bytes!("../data/ipc_terms_zh_en.tsv.gz");
        // The shipped file is checked by a test; a failure here would be a build defect.
        let _ = d.load(flate2::read::GzDecoder::new(&gz[..]), "builtin");
        d
    }

    /// The shipped terminology plus every `*.tsv` file in `dir` (missing dir: none).
    pub fn with_user_files(dir: &Path) -> Result<Dictionary, SearchError> {
        let mut d = Dictionary::builtin();
        let Ok(listing) = std::fs::read_dir(dir) else { return Ok(d) };
        let mut paths: Vec<_> = listing.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths.iter().filter(|p| p.extension().is_some_and(|x| x == "tsv")) {
            let file = std::fs::File::open(p).map_err(|e| SearchError::io(p, e))?;
            d.load(file, &p.display().to_string())?;
        }
        Ok(d)
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
    fn builtin_terminology_loads() {
        let d = Dictionary::builtin();
        assert!(d.len() > 1000, "{}", d.len());
    }
}
