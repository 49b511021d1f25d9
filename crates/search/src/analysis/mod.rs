//! Analyzers: one base tokenizer for every script plus a stemmer per language family.
//!
//! The base tokenizer folds each character 1:1 (so offsets point into the original text),
//! emits Unicode words, and indexes runs of Han, kana and hangul as overlapping bigrams
//! plus unigrams at character positions: `三氟苯基` gives `三氟 氟苯 苯基` at positions
//! 0, 1, 2 and `三 氟 苯 基` at the same positions. A Chinese word of n ≥ 2 characters is
//! then the phrase of its n−1 bigrams, which matches wherever the word occurs as a
//! substring, with exact positions and offsets. A query only uses the bigrams of a run
//! (the unigrams of a one-character run).
//!
//! Sentence and paragraph boundaries are indexed as marker tokens taking one position,
//! which the SENT and PARA operators read.

pub mod script;

use script::{class, fold, Class};
use silkport_model::Lang;
use tantivy::tokenizer::{Language, Stemmer, TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager};

/// The token marking a sentence boundary; no text can produce it.
pub const SENTENCE_MARK: &str = "\u{1}";
/// The token marking a paragraph boundary (a line break; each claim is a paragraph).
pub const PARAGRAPH_MARK: &str = "\u{2}";
/// Longer words are dropped (base64 blobs, sequences).
const MAX_WORD_BYTES: usize = 64;

/// A language family with its own analyzer and its own set of text fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Analyzer {
    Zh,
    En,
    De,
    Fr,
    Ru,
    Es,
    Ar,
    /// Japanese and Korean: CJK bigrams.
    Cjk,
    /// Any other language: Unicode words, lowercased.
    Std,
}

impl Analyzer {
    pub const ALL: [Analyzer; 9] = [
        Analyzer::Zh,
        Analyzer::En,
        Analyzer::De,
        Analyzer::Fr,
        Analyzer::Ru,
        Analyzer::Es,
        Analyzer::Ar,
        Analyzer::Cjk,
        Analyzer::Std,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Analyzer::Zh => "zh",
            Analyzer::En => "en",
            Analyzer::De => "de",
            Analyzer::Fr => "fr",
            Analyzer::Ru => "ru",
            Analyzer::Es => "es",
            Analyzer::Ar => "ar",
            Analyzer::Cjk => "cjk",
            Analyzer::Std => "std",
        }
    }

    /// The analyzer for texts written in `lang`.
    pub fn for_lang(lang: Lang) -> Analyzer {
        match lang.as_str() {
            "zh" => Analyzer::Zh,
            "en" => Analyzer::En,
            "de" => Analyzer::De,
            "fr" => Analyzer::Fr,
            "ru" => Analyzer::Ru,
            "es" => Analyzer::Es,
            "ar" => Analyzer::Ar,
            "ja" | "ko" => Analyzer::Cjk,
            _ => Analyzer::Std,
        }
    }

    fn stemmer(self) -> Option<Language> {
        match self {
            Analyzer::En => Some(Language::English),
            Analyzer::De => Some(Language::German),
            Analyzer::Fr => Some(Language::French),
            Analyzer::Ru => Some(Language::Russian),
            Analyzer::Es => Some(Language::Spanish),
            Analyzer::Ar => Some(Language::Arabic),
            Analyzer::Zh | Analyzer::Cjk | Analyzer::Std => None,
        }
    }

    /// The tokenizer name used at index time.
    pub fn index_name(self) -> String {
        format!("sp_{}", self.name())
    }

    /// The tokenizer name used at query time (bigrams only inside CJK runs, no markers).
    pub fn query_name(self) -> String {
        format!("sp_{}_q", self.name())
    }

    pub fn text_analyzer(self, query: bool) -> TextAnalyzer {
        let base = BaseTokenizer { query };
        match self.stemmer() {
            Some(lang) => TextAnalyzer::builder(base).filter(Stemmer::new(lang)).build(),
            None => TextAnalyzer::builder(base).build(),
        }
    }

    /// Tokens of `text` as this analyzer indexes (`query == false`) or queries it.
    pub fn tokens(self, text: &str, query: bool) -> Vec<Token> {
        let mut analyzer = self.text_analyzer(query);
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        stream.process(&mut |t| out.push(t.clone()));
        out
    }
}

/// Registers every analyzer (index and query variants) with an index's tokenizers.
pub fn register(manager: &TokenizerManager) {
    for a in Analyzer::ALL {
        manager.register(&a.index_name(), a.text_analyzer(false));
        manager.register(&a.query_name(), a.text_analyzer(true));
    }
}

/// The script-aware tokenizer under every analyzer.
#[derive(Debug, Clone, Copy)]
pub struct BaseTokenizer {
    /// Query mode: skip the unigrams of CJK runs longer than one character, and markers.
    pub query: bool,
}

impl Tokenizer for BaseTokenizer {
    type TokenStream<'a> = VecTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        VecTokenStream { tokens: tokenize(text, self.query), next: 0 }
    }
}

/// A token stream over tokens computed up front.
pub struct VecTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// A boundary seen since the last token; the strongest one wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Boundary {
    None,
    Sentence,
    Paragraph,
}

struct Emitter {
    tokens: Vec<Token>,
    position: usize,
    pending: Boundary,
    query: bool,
}

impl Emitter {
    fn push(&mut self, text: String, from: usize, to: usize, position: usize) {
        self.tokens.push(Token { offset_from: from, offset_to: to, position, text, position_length: 1 });
    }

    /// Emits the pending boundary marker before the next token, if any token precedes it.
    fn flush_boundary(&mut self, at: usize) {
        let mark = match self.pending {
            Boundary::None => return,
            Boundary::Sentence => SENTENCE_MARK,
            Boundary::Paragraph => PARAGRAPH_MARK,
        };
        self.pending = Boundary::None;
        if self.query || self.tokens.is_empty() {
            return;
        }
        self.push(mark.to_string(), at, at, self.position);
        self.position += 1;
    }

    fn word(&mut self, text: String, from: usize, to: usize) {
        if text.is_empty() || text.len() > MAX_WORD_BYTES {
            return;
        }
        self.flush_boundary(from);
        let p = self.position;
        self.push(text, from, to, p);
        self.position += 1;
    }

    /// A CJK run of folded characters with their byte ranges.
    fn cjk_run(&mut self, run: &[(char, usize, usize)]) {
        let Some(&(_, first, _)) = run.first() else { return };
        self.flush_boundary(first);
        let start = self.position;
        for (i, &(c, from, to)) in run.iter().enumerate() {
            if !self.query || run.len() == 1 {
                self.push(c.to_string(), from, to, start + i);
            }
            if let Some(&(d, _, to2)) = run.get(i + 1) {
                self.push([c, d].iter().collect(), from, to2, start + i);
            }
        }
        self.position = start + run.len();
    }
}

/// The first non-whitespace character at or after byte `i`.
fn first_non_space(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().find(|c| !c.is_whitespace())
}

/// Tokenizes `text`: see the module documentation.
pub fn tokenize(text: &str, query: bool) -> Vec<Token> {
    let mut e = Emitter { tokens: Vec::new(), position: 0, pending: Boundary::None, query };
    let mut chars = text.char_indices().peekable();
    let mut word = String::new();
    let mut word_span = (0, 0);
    let mut run: Vec<(char, usize, usize)> = Vec::new();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let end = i + c.len_utf8();
        let cls = match c {
            '.' | '!' | '?' => class(c, next, first_non_space(text, end)),
            _ => class(c, next, None),
        };
        if cls != Class::Word && !word.is_empty() {
            e.word(std::mem::take(&mut word), word_span.0, word_span.1);
        }
        if cls != Class::Cjk && !run.is_empty() {
            e.cjk_run(&run);
            run.clear();
        }
        match cls {
            Class::Word => {
                if word.is_empty() {
                    word_span.0 = i;
                }
                word_span.1 = end;
                word.extend(fold(c));
            }
            Class::Cjk => run.extend(fold(c).map(|f| (f, i, end))),
            Class::SentenceEnd => e.pending = e.pending.max(Boundary::Sentence),
            Class::ParagraphEnd => e.pending = Boundary::Paragraph,
            Class::Separator => {}
        }
    }
    if !word.is_empty() {
        e.word(word, word_span.0, word_span.1);
    }
    e.cjk_run(&run);
    e.tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, query: bool) -> Vec<(String, usize)> {
        tokenize(text, query).into_iter().map(|t| (t.text, t.position)).collect()
    }

    #[test]
    fn cjk_runs_are_bigrams_and_unigrams_at_character_positions() {
        let t = texts("三氟苯基", false);
        let bigrams: Vec<_> = t.iter().filter(|(s, _)| s.chars().count() == 2).cloned().collect();
        assert_eq!(bigrams, [("三氟".into(), 0), ("氟苯".into(), 1), ("苯基".into(), 2)]);
        assert_eq!(t.len(), 7);
        assert_eq!(texts("氟苯", true), [("氟苯".to_string(), 0)]);
        assert_eq!(texts("铁", true), [("铁".to_string(), 0)]);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "一種 Lithium 電池";
        for t in tokenize(text, false) {
            let original = &text[t.offset_from..t.offset_to];
            assert_eq!(script::fold_str(original), t.text, "{t:?}");
        }
    }

    #[test]
    fn markers_separate_sentences_and_paragraphs() {
        let t = texts("A cell. The anode\nclaim two", false);
        let words: Vec<_> = t.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(words, ["a", "cell", SENTENCE_MARK, "the", "anode", PARAGRAPH_MARK, "claim", "two"]);
        assert_eq!(texts("A cell. The anode", true).len(), 4);
        assert_eq!(texts("see Fig. 1 and e.g. the", false).len(), 7);
    }

    #[test]
    fn stemmers_per_language() {
        let en: Vec<_> = Analyzer::En.tokens("batteries charging", true).into_iter().map(|t| t.text).collect();
        assert_eq!(en, ["batteri", "charg"]);
        let ru: Vec<_> = Analyzer::Ru.tokens("аккумуляторы", true).into_iter().map(|t| t.text).collect();
        assert_eq!(ru, ["аккумулятор"]);
        let ar: Vec<_> = Analyzer::Ar.tokens("والبطاريات", true).into_iter().map(|t| t.text).collect();
        assert!(ar[0].chars().count() < "والبطاريات".chars().count(), "{ar:?}");
    }
}
