//! Character classes and per-character folding shared by every analyzer: which script a
//! character belongs to, which characters separate words, sentences and paragraphs, and
//! the 1:1 folds (fullwidth to ASCII, traditional to simplified Chinese, lowercase, Arabic
//! letter variants) that keep byte offsets pointing into the original text.

use std::collections::HashMap;
use std::sync::OnceLock;

/// How a character takes part in tokenization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Han, kana or hangul: indexed as overlapping character bigrams plus unigrams.
    Cjk,
    /// Part of a word of an alphabetic or other script (letters, digits, combining marks).
    Word,
    /// Ends a sentence (`。！？`, or `.!?` followed by a capital or the end of the text).
    SentenceEnd,
    /// A line break: paragraphs are lines.
    ParagraphEnd,
    /// Anything else: spaces and punctuation.
    Separator,
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF // Han
        | 0x3007 // 〇
        | 0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F // kana
        | 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF) // hangul
}

/// Punctuation and symbol blocks outside ASCII; everything else that is not a letter or
/// digit by `char::is_alphanumeric` but lies above ASCII is taken as a combining mark and
/// kept inside its word (Arabic harakat, Devanagari vowel signs).
fn is_unicode_punctuation(c: char) -> bool {
    matches!(c as u32,
        0x00A0..=0x00BF | 0x00D7 | 0x00F7 | 0x037E | 0x0387 | 0x055A..=0x055F | 0x0589
        | 0x05BE | 0x05C0 | 0x05C3 | 0x05C6 | 0x05F3 | 0x05F4 | 0x0600..=0x060F | 0x061B..=0x061F
        | 0x066A..=0x066D | 0x06D4 | 0x0964 | 0x0965 | 0x0E4F | 0x0E5A | 0x0E5B | 0x10FB
        | 0x1360..=0x1368 | 0x2000..=0x2BFF | 0x2E00..=0x2E7F | 0x3000..=0x303F | 0xFE10..=0xFE1F
        | 0xFE30..=0xFE6F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
        | 0xFFF0..=0xFFFF)
}

/// The class of `c` (not yet folded). `next` is the character after it and `after` the
/// first non-space character after it, which decide whether `.!?` end a sentence.
pub fn class(c: char, next: Option<char>, after: Option<char>) -> Class {
    if is_cjk(c) {
        return Class::Cjk;
    }
    if c.is_alphanumeric() {
        return Class::Word;
    }
    match c {
        '\n' | '\u{2029}' => Class::ParagraphEnd,
        '。' | '！' | '？' | '\u{061F}' | '\u{06D4}' | '\u{0964}' => Class::SentenceEnd,
        // A full stop ends a sentence only before a space and then a capital (or the end):
        // "Fig. 1", "e.g. the" and "1.5" stay inside their sentence.
        '.' | '!' | '?' if next.is_none_or(char::is_whitespace) && after.is_none_or(starts_sentence) => {
            Class::SentenceEnd
        }
        _ if (c as u32) < 0x80 || c.is_whitespace() || c.is_control() || is_unicode_punctuation(c) => Class::Separator,
        _ => Class::Word,
    }
}

/// Whether a sentence can start with `c`: a capital, or a letter of a caseless script.
fn starts_sentence(c: char) -> bool {
    c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase())
}

/// Folds one character: fullwidth ASCII to ASCII, traditional Han to simplified, Arabic
/// alef/yeh/teh-marbuta variants to their base letter, and lowercase (first char of the
/// lowercase mapping, so offsets stay 1:1). Arabic harakat and tatweel fold to `None`.
pub fn fold(c: char) -> Option<char> {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        0x064B..=0x065F | 0x0670 | 0x0640 => return None,
        0x0622 | 0x0623 | 0x0625 | 0x0671 => 'ا',
        0x0649 => 'ي',
        0x0629 => 'ه',
        _ if is_cjk(c) => return Some(t2s().get(&c).copied().unwrap_or(c)),
        _ => c,
    };
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    Some(c.to_lowercase().next().unwrap_or(c))
}

/// The traditional → simplified table shipped in `data/t2s.txt` (from the fast2s crate).
fn t2s() -> &'static HashMap<char, char> {
    static TABLE: OnceLock<HashMap<char, char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../../data/t2s.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut cs = l.chars().filter(|c| !c.is_whitespace());
                Some((cs.next()?, cs.next()?))
            })
            .collect()
    })
}

/// Folds a whole string the way the analyzers do (for dictionary keys and comparisons).
pub fn fold_str(s: &str) -> String {
    s.chars().filter_map(fold).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_traditional_fullwidth_and_case() {
        assert_eq!(fold_str("發展銀行"), "发展银行");
        assert_eq!(fold_str("ＡＢＣ１２３"), "abc123");
        assert_eq!(fold_str("Lithium"), "lithium");
        assert_eq!(fold_str("أَحْمَد"), "احمد");
    }

    #[test]
    fn sentence_ends_need_a_following_space() {
        assert_eq!(class('.', Some(' '), Some('T')), Class::SentenceEnd);
        assert_eq!(class('.', None, None), Class::SentenceEnd);
        assert_eq!(class('.', Some(' '), Some('1')), Class::Separator);
        assert_eq!(class('.', Some(' '), Some('t')), Class::Separator);
        assert_eq!(class('.', Some('5'), Some('5')), Class::Separator);
        assert_eq!(class('。', Some('a'), Some('a')), Class::SentenceEnd);
        assert_eq!(class('农', None, None), Class::Cjk);
        assert_eq!(class('é', None, None), Class::Word);
        assert_eq!(class('—', None, None), Class::Separator);
    }
}
