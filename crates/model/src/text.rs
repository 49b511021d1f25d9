//! Texts per language: titles, abstracts, numbered claims with their dependencies, and
//! descriptions.

use crate::ModelError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An ISO 639-1 language code in lowercase (`zh`, `en`, `ru`, `tg`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang([u8; 2]);

impl Lang {
    pub const ZH: Lang = Lang(*b"zh");
    pub const EN: Lang = Lang(*b"en");
    pub const DE: Lang = Lang(*b"de");
    pub const FR: Lang = Lang(*b"fr");
    pub const RU: Lang = Lang(*b"ru");
    pub const JA: Lang = Lang(*b"ja");
    pub const KO: Lang = Lang(*b"ko");

    pub fn parse(input: &str) -> Result<Lang, ModelError> {
        let s = input.trim().to_ascii_lowercase();
        let b = s.as_bytes();
        if b.len() == 2 && b.iter().all(u8::is_ascii_lowercase) {
            Ok(Lang([b[0], b[1]]))
        } else {
            Err(ModelError::Lang { input: input.to_string() })
        }
    }

    pub fn as_str(&self) -> &'static str {
        // Both letters are `a`–`z` (`parse` and the constants are the only constructors), so
        // the code is a slice of the table of every pair: no UTF-8 check per use, which
        // serialising a right's texts and parties did a dozen times.
        let at = |b: u8| b.checked_sub(b'a').map(usize::from).filter(|&i| i < 26);
        match (at(self.0[0]), at(self.0[1])) {
            (Some(a), Some(b)) => &ALL_PAIRS[2 * (a * 26 + b)..][..2],
            _ => "??",
        }
    }
}

/// `aaabac…zz`: every code a [`Lang`] can hold, in order.
const ALL_PAIRS: &str = match std::str::from_utf8(&PAIR_BYTES) {
    Ok(s) => s,
    Err(_) => panic!("ASCII letters are UTF-8"),
};

const PAIR_BYTES: [u8; 2 * 26 * 26] = pairs();

const fn pairs() -> [u8; 2 * 26 * 26] {
    let mut out = [0u8; 2 * 26 * 26];
    let mut i = 0;
    while i < 26 * 26 {
        out[2 * i] = b'a' + (i / 26) as u8;
        out[2 * i + 1] = b'a' + (i % 26) as u8;
        i += 1;
    }
    out
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Lang::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A text in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalizedText {
    pub lang: Lang,
    pub text: String,
}

impl LocalizedText {
    pub fn new(lang: Lang, text: impl Into<String>) -> Self {
        LocalizedText { lang, text: text.into() }
    }
}

/// One claim: its number, its text, and the claims it refers back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub num: u32,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<u32>,
}

/// The claims of a right in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimSet {
    pub lang: Lang,
    pub claims: Vec<Claim>,
}

/// Every text of a right, each list holding at most one entry per language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Texts {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub titles: Vec<LocalizedText>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub abstracts: Vec<LocalizedText>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<ClaimSet>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub descriptions: Vec<LocalizedText>,
}

impl Texts {
    pub fn title(&self, lang: Lang) -> Option<&str> {
        find_lang(&self.titles, lang)
    }

    /// Every language any text is written in, sorted and without repeats.
    pub fn languages(&self) -> Vec<Lang> {
        let mut langs: Vec<Lang> = self
            .titles
            .iter()
            .chain(&self.abstracts)
            .chain(&self.descriptions)
            .map(|t| t.lang)
            .chain(self.claims.iter().map(|c| c.lang))
            .collect();
        langs.sort();
        langs.dedup();
        langs
    }

    /// Merges `other` into `self` per language. Where both have a language, `other` wins
    /// only if `prefer_other` (it is the newer version of the document).
    pub fn merge(&mut self, other: Texts, prefer_other: bool) {
        merge_by_lang(&mut self.titles, other.titles, |t| t.lang, prefer_other);
        merge_by_lang(&mut self.abstracts, other.abstracts, |t| t.lang, prefer_other);
        merge_by_lang(&mut self.claims, other.claims, |c| c.lang, prefer_other);
        merge_by_lang(&mut self.descriptions, other.descriptions, |t| t.lang, prefer_other);
    }
}

pub(crate) fn find_lang(list: &[LocalizedText], lang: Lang) -> Option<&str> {
    list.iter().find(|t| t.lang == lang).map(|t| t.text.as_str())
}

fn merge_by_lang<T>(into: &mut Vec<T>, from: Vec<T>, lang: impl Fn(&T) -> Lang, prefer_from: bool) {
    for item in from {
        match into.iter_mut().find(|t| lang(t) == lang(&item)) {
            Some(existing) if prefer_from => *existing = item,
            Some(_) => {}
            None => into.push(item),
        }
    }
    into.sort_by_key(|t| lang(t));
}

#[cfg(test)]
mod lang_tests {
    use super::Lang;

    #[test]
    fn every_code_reads_back_as_parsed() {
        for a in b'a'..=b'z' {
            for b in b'a'..=b'z' {
                let code = String::from_utf8(vec![a, b]).unwrap();
                assert_eq!(Lang::parse(&code).unwrap().as_str(), code);
            }
        }
        assert_eq!(Lang::parse(" ZH ").unwrap().as_str(), "zh");
        assert!(Lang::parse("z1").is_err());
    }
}
