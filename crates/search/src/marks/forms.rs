//! The mark normaliser: one written form of a mark (`Coca-Cola`, `平谷大桃`, `Käferbohne`)
//! becomes the keys trademark search compares, the same way at index and at query time.
//!
//! - `key`: folded (fullwidth → ASCII, traditional → simplified, lower case), Latin
//!   diacritics removed (`é` → `e`, `ß` → `ss`), every space and punctuation mark dropped:
//!   `Coca-Cola` and `COCA COLA` are both `cocacola`.
//! - `pinyin`: for a form with Han characters, the toneless pinyin of each character (the
//!   `pinyin` crate's first reading), Latin and digit runs kept as they are: `华为P50` →
//!   `hua wei p50`. Characters with several readings (长: zhang, chang) also give the other
//!   spellings of the whole form, up to `MAX_READINGS` (`pinyin_keys`), so 长城 meets 常城.
//! - `loose`: the pinyin with the sounds most often confused merged, as Chinese input
//!   methods' 模糊音 do: `zh ch sh` → `z c s`, initial `l` → `n`, `ang eng ing` → `an en in`.
//! - `phonetic`: for a form in Latin script, the Double Metaphone codes (primary and
//!   alternate, full length) of its letters run together.

use crate::analysis::script::{fold, is_cjk};
use pinyin::ToPinyinMulti;
use rphonetic::DoubleMetaphone;
use serde::Serialize;
use std::collections::BTreeSet;
use unicode_normalization::UnicodeNormalization;

/// Longer input is cut: marks and GI names are short, and this bounds the work a hostile
/// request can cause (substring enumeration is quadratic in the key's length).
pub const MAX_MARK_CHARS: usize = 100;
/// Pinyin spellings kept per form when characters have several readings.
pub const MAX_READINGS: usize = 8;

/// One written form of a mark, with the keys it is compared by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MarkForm {
    /// As written (trimmed, cut at `MAX_MARK_CHARS`).
    pub text: String,
    pub key: String,
    /// Toneless pinyin syllables (and Latin runs); empty without Han characters.
    pub pinyin: Vec<String>,
    /// Every toneless reading of each syllable, the first being `pinyin`'s.
    #[serde(skip)]
    readings: Vec<Vec<String>>,
    /// Double Metaphone codes; empty unless the form is written in Latin letters.
    pub phonetic: Vec<String>,
}

impl MarkForm {
    /// The form's keys, or `None` when it has no letter, digit or Han character.
    pub fn parse(text: &str) -> Option<MarkForm> {
        let text: String = text.trim().chars().take(MAX_MARK_CHARS).collect();
        let mut key = String::new();
        let mut readings: Vec<Vec<String>> = Vec::new();
        let mut run = String::new();
        let mut han = false;
        for c in text.chars() {
            if is_cjk(c) {
                han = true;
                let Some(f) = fold(c) else { continue };
                key.push(f);
                push_run(&mut readings, &mut run);
                readings.push(han_readings(f));
            } else if c.is_alphanumeric() {
                let before = key.len();
                fold_latin(c, &mut key);
                run.push_str(&key[before..]);
            } else {
                push_run(&mut readings, &mut run);
            }
        }
        push_run(&mut readings, &mut run);
        if key.is_empty() {
            return None;
        }
        if !han {
            readings.clear();
        }
        let pinyin = readings.iter().map(|r| r[0].clone()).collect();
        let phonetic = if han { Vec::new() } else { metaphone(&key) };
        Some(MarkForm { text, key, pinyin, readings, phonetic })
    }

    /// The pinyin run together (`silu`), for forms with Han characters.
    pub fn pinyin_key(&self) -> Option<String> {
        (!self.pinyin.is_empty()).then(|| self.pinyin.concat())
    }

    /// The loose pinyin run together (see the module documentation).
    pub fn loose_key(&self) -> Option<String> {
        (!self.pinyin.is_empty()).then(|| self.pinyin.iter().map(|s| loosen(s)).collect())
    }

    /// Every spelling of the form in pinyin (first readings first), at most `MAX_READINGS`.
    pub fn pinyin_keys(&self) -> Vec<String> {
        let mut keys = vec![String::new()];
        for options in &self.readings {
            let mut next = Vec::new();
            for k in &keys {
                for o in options {
                    if next.len() < MAX_READINGS {
                        next.push(format!("{k}{o}"));
                    }
                }
            }
            keys = next;
        }
        if self.readings.is_empty() {
            keys.clear();
        }
        keys
    }

    /// The loose spellings of `pinyin_keys`.
    pub fn loose_keys(&self) -> BTreeSet<String> {
        let mut keys = BTreeSet::from([String::new()]);
        for options in &self.readings {
            let loose: BTreeSet<String> = options.iter().map(|o| loosen(o)).collect();
            keys = keys.iter().flat_map(|k| loose.iter().map(move |o| format!("{k}{o}"))).take(MAX_READINGS).collect();
        }
        if self.readings.is_empty() {
            keys.clear();
        }
        keys
    }

    /// The key in Latin letters: the pinyin for Han forms, else the key itself.
    pub fn roman_key(&self) -> String {
        self.pinyin_key().unwrap_or_else(|| self.key.clone())
    }

    pub fn has_han(&self) -> bool {
        !self.pinyin.is_empty()
    }
}

fn push_run(out: &mut Vec<Vec<String>>, run: &mut String) {
    if !run.is_empty() {
        out.push(vec![std::mem::take(run)]);
    }
}

/// The toneless readings of a Han character, the commonest first, without repeats.
fn han_readings(c: char) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in c.to_pinyin_multi().into_iter().flatten() {
        if !out.iter().any(|x| x == p.plain()) {
            out.push(p.plain().to_string());
        }
    }
    if out.is_empty() {
        out.push(c.to_string());
    }
    out
}

/// Folds one letter or digit into `out`: case, width, then Latin diacritics and ligatures.
fn fold_latin(c: char, out: &mut String) {
    let Some(f) = fold(c) else { return };
    match f {
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        'ø' => out.push('o'),
        'ł' => out.push('l'),
        'đ' | 'ð' => out.push('d'),
        'þ' => out.push_str("th"),
        'ı' => out.push('i'),
        _ if f.is_ascii() => out.push(f),
        // Canonical and compatibility decomposition, without the combining marks.
        _ => out.extend(std::iter::once(f).nfkd().filter(|d| !is_combining(*d))),
    }
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Double Metaphone codes of the ASCII letters of `key`, primary first, without repeats.
/// Keys with letters outside ASCII (Cyrillic, Greek…) have none: the algorithm is for
/// Latin spelling.
fn metaphone(key: &str) -> Vec<String> {
    if !key.chars().any(|c| c.is_ascii_alphabetic()) || !key.is_ascii() {
        return Vec::new();
    }
    let letters: String = key.chars().filter(char::is_ascii_alphabetic).collect();
    let r = DoubleMetaphone::new(None).double_metaphone(&letters);
    let (p, a) = (r.primary(), r.alternate());
    let mut out = vec![p.clone()];
    if a != p && !a.is_empty() {
        out.push(a);
    }
    out.retain(|c| !c.is_empty());
    out
}

/// One pinyin syllable with the commonly confused sounds merged.
fn loosen(syllable: &str) -> String {
    let mut s = syllable.to_string();
    for (from, to) in [("zh", "z"), ("ch", "c"), ("sh", "s")] {
        if let Some(rest) = s.strip_prefix(from) {
            s = format!("{to}{rest}");
        }
    }
    if let Some(rest) = s.strip_prefix('l') {
        s = format!("n{rest}");
    }
    for end in ["ang", "eng", "ing"] {
        if s.ends_with(end) {
            s.pop();
            break;
        }
    }
    s
}

/// Edit distance in characters, a transposition of two neighbours counting one (the
/// distance tantivy's fuzzy term query uses, so candidates and reasons agree).
pub fn distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// Edits allowed for a fuzzy match of a key of `chars` characters: none for very short
/// keys (everything is one edit away from them), one for short ones, two beyond. A Han
/// character carries a syllable, so two-character Chinese marks allow one.
pub fn allowed_edits(key: &str) -> u8 {
    let n = key.chars().count();
    let han = key.chars().any(is_cjk);
    match (han, n) {
        (true, 0..=1) => 0,
        (true, 2..=5) => 1,
        (true, _) => 2,
        (false, 0..=3) => 0,
        (false, 4..=7) => 1,
        (false, _) => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_width_diacritics_and_punctuation() {
        assert_eq!(MarkForm::parse("Coca-Cola").unwrap().key, "cocacola");
        assert_eq!(MarkForm::parse("ＣＯＣＡ ＣＯＬＡ").unwrap().key, "cocacola");
        assert_eq!(MarkForm::parse("Steirische Käferbohne").unwrap().key, "steirischekaferbohne");
        assert_eq!(MarkForm::parse("Weißwurst").unwrap().key, "weisswurst");
        assert_eq!(MarkForm::parse("Crème de cassis").unwrap().key, "cremedecassis");
        assert_eq!(MarkForm::parse("  -- ").map(|f| f.key), None);
        assert_eq!(MarkForm::parse("").map(|f| f.key), None);
    }

    #[test]
    fn chinese_forms_have_toneless_pinyin() {
        let f = MarkForm::parse("平谷大桃").unwrap();
        assert_eq!(f.pinyin, ["ping", "gu", "da", "tao"]);
        assert_eq!(f.pinyin_key().unwrap(), "pinggudatao");
        assert!(f.phonetic.is_empty());
        // Traditional characters fold to simplified before the pinyin.
        assert_eq!(MarkForm::parse("絲路").unwrap().key, "丝路");
        assert_eq!(MarkForm::parse("华为P50").unwrap().pinyin, ["hua", "wei", "p50"]);
        // 长城 and 常城 differ in writing, not in sound: 长 also reads chang.
        assert_eq!(MarkForm::parse("长城").unwrap().pinyin_key().unwrap(), "zhangcheng");
        assert!(MarkForm::parse("长城").unwrap().pinyin_keys().contains(&"changcheng".to_string()));
        // 山 (shan) and 三 (san) sound alike only loosely.
        assert_ne!(MarkForm::parse("山").unwrap().pinyin_key(), MarkForm::parse("三").unwrap().pinyin_key());
        assert_eq!(MarkForm::parse("山").unwrap().loose_key(), MarkForm::parse("三").unwrap().loose_key());
    }

    #[test]
    fn latin_forms_have_double_metaphone_codes() {
        // Champagne and Shampain sound alike: both begin with the "sh" sound (X).
        let a = MarkForm::parse("Champagne").unwrap();
        let b = MarkForm::parse("Shampain").unwrap();
        assert!(a.phonetic.iter().any(|c| b.phonetic.contains(c)), "{a:?} {b:?}");
        assert!(MarkForm::parse("Прошутто").unwrap().phonetic.is_empty());
    }

    #[test]
    fn edits_allowed_grow_with_length() {
        assert_eq!(allowed_edits("abc"), 0);
        assert_eq!(allowed_edits("kodak"), 1);
        assert_eq!(allowed_edits("champagne"), 2);
        assert_eq!(allowed_edits("丝路"), 1);
        assert_eq!(distance("kodak", "kodka"), 1);
    }
}
