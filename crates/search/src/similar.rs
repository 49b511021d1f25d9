//! More like this: documents similar to a right or to a pasted paragraph (prior-art
//! candidates), across languages.
//!
//! The source's texts are analysed with their language's analyzer, function words left
//! out; each term is weighted by idf × saturated tf (2.2 tf / (tf + 1.2)), and the
//! `MAX_TERMS` heaviest become a ranked query
//! over the title, abstract, claims and description fields of that language (section
//! weights as in search). With the dictionary, the source is also translated entry by entry
//! (the best translation of each dictionary entry found in it), and the translated text
//! selects terms the same way in the other language's fields, at `TRANSLATION_WEIGHT`. A
//! right's IPC subclasses and main groups add a small bonus to documents sharing them. The
//! source itself is left out; members of its family are kept and flagged.

use crate::analysis::script::is_cjk;
use crate::analysis::{Analyzer, PARAGRAPH_MARK, SENTENCE_MARK};
use crate::columns::U64Values;
use crate::doc::claims_text;
use crate::index::SearchIndex;
use crate::schema::Section;
use crate::xlang::Dictionary;
use crate::SearchError;
use serde::Serialize;
use silkport_model::{ClassScheme, IpcSymbol, Lang, Right};
use std::collections::{BTreeSet, HashMap};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

/// Terms kept per language side.
const MAX_TERMS: usize = 40;
/// Characters of each text read (long descriptions add little beyond their start).
const MAX_TEXT_CHARS: usize = 20_000;
/// Weight of the translated side, and its terms: word-by-word translation is rough, so it
/// supports the source's own words rather than outweighing them.
const TRANSLATION_WEIGHT: f32 = 0.3;
const MAX_TRANSLATED_TERMS: usize = 12;
/// Bonus per shared IPC subclass and main group (next to summed term scores of tens).
const IPC_BONUS: f32 = 2.0;
/// A term in more than this share of the documents with text in its language says nothing
/// about the topic (function words).
const MAX_DOC_SHARE: f64 = 0.3;
const TIE_BREAKER: f32 = 0.3;

/// What to find documents like.
#[derive(Debug, Clone, Copy)]
pub enum SimilarSource<'a> {
    /// A right of the registry (its texts, classes and family).
    Right(&'a Right),
    /// A pasted paragraph; the language is guessed when not given.
    Text { text: &'a str, lang: Option<Lang> },
}

/// One chosen query term, for a user to see what the similarity rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimilarTerm {
    pub term: String,
    pub lang: String,
    pub weight: f32,
    /// Reached through the term dictionary rather than the source's own words.
    pub translated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimilarHit {
    pub id: String,
    pub score: f32,
    pub title: Option<String>,
    pub lang: Option<String>,
    /// Shares a family link (family id, application, priority, listed member) with the source.
    pub same_family: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimilarResults {
    /// The source right's id, or null for a text.
    pub source: Option<String>,
    /// The language the source text was read in.
    pub lang: String,
    pub terms: Vec<SimilarTerm>,
    pub hits: Vec<SimilarHit>,
}

impl SearchIndex {
    /// Documents like `source`, best first.
    pub fn similar(
        &self,
        source: SimilarSource,
        dict: Option<&Dictionary>,
        limit: usize,
    ) -> Result<SimilarResults, SearchError> {
        let texts = source_texts(&source);
        let lang = match source {
            SimilarSource::Right(r) => r.lang.or_else(|| texts.first().map(|(l, _)| *l)).unwrap_or(Lang::EN),
            SimilarSource::Text { lang, text } => lang.unwrap_or_else(|| guess_lang(text)),
        };
        if texts.iter().all(|(_, t)| t.trim().is_empty()) {
            return Err(SearchError::Request(
                "nothing to compare: the document has no text, or the text is empty / 无可比较的文本".into(),
            ));
        }
        let searcher = self.reader.searcher();
        let mut terms = Vec::new();
        let mut by_lang: HashMap<Analyzer, String> = HashMap::new();
        for (l, t) in &texts {
            let a = Analyzer::for_lang(*l);
            let side = by_lang.entry(a).or_default();
            side.push('\n');
            side.push_str(t);
        }
        for (a, text) in &by_lang {
            terms.extend(self.weighted_terms(&searcher, *a, text, 1.0, false));
        }
        // A pasted paragraph is translated; a right is compared in its own languages (its
        // family and classes carry it across): on the real data, word-by-word translation of
        // a whole patent brought more noise than prior art.
        if let (Some(d), SimilarSource::Text { .. }) = (dict, source) {
            let topical = topical_texts(&source, &texts);
            for (a, text) in translate(d, &topical) {
                terms.extend(self.weighted_terms(&searcher, a, &text, TRANSLATION_WEIGHT, true));
            }
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let text_query: Vec<(Occur, Box<dyn Query>)> =
            terms.iter().map(|(a, t)| (Occur::Should, self.term_everywhere(*a, &t.term, t.weight))).collect();
        if text_query.is_empty() {
            return Ok(SimilarResults {
                source: source_id(&source),
                lang: lang.as_str().to_string(),
                terms: Vec::new(),
                hits: Vec::new(),
            });
        }
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(text_query))));
        if let SimilarSource::Right(r) = source {
            clauses.extend(self.ipc_bonus(r).into_iter().map(|q| (Occur::Should, q)));
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.id, r.id.as_str()),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let query = BooleanQuery::new(clauses);
        let top = searcher.search(&query, &TopDocs::with_limit(limit.max(1)).order_by_score())?;
        let links: BTreeSet<u64> = match source {
            SimilarSource::Right(r) => crate::family::links(r).iter().map(|l| crate::family::hash(l)).collect(),
            SimilarSource::Text { .. } => BTreeSet::new(),
        };
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top.into_iter().take(limit) {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let text = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
            let fam = U64Values::open(searcher.segment_reader(addr.segment_ord), "family_links");
            let same_family = fam.get(addr.doc_id).any(|h| links.contains(&h));
            hits.push(SimilarHit {
                id: text(self.fields.id).unwrap_or_default(),
                score,
                title: text(self.fields.title),
                lang: text(self.fields.title_lang),
                same_family,
            });
        }
        let mut shown: Vec<SimilarTerm> = terms.into_iter().map(|(_, t)| t).collect();
        shown.sort_by(|a, b| b.weight.total_cmp(&a.weight));
        Ok(SimilarResults { source: source_id(&source), lang: lang.as_str().to_string(), terms: shown, hits })
    }

    /// The heaviest terms of `text` under analyzer `a`: (1 + ln tf) × idf, where the
    /// document frequency is the largest over the analyzer's section fields.
    fn weighted_terms(
        &self,
        searcher: &Searcher,
        a: Analyzer,
        text: &str,
        scale: f32,
        translated: bool,
    ) -> Vec<(Analyzer, SimilarTerm)> {
        let mut tf: HashMap<String, u32> = HashMap::new();
        let stop = stop_terms(a);
        for t in a.tokens(text, true) {
            if is_useful(&t.text) && !stop.contains(&t.text) {
                *tf.entry(t.text).or_default() += 1;
            }
        }
        let n = searcher.num_docs().max(1) as f64;
        // Analyzers of one language count that language's documents; the others all of them.
        let in_lang = match a {
            Analyzer::Cjk | Analyzer::Std => n,
            _ => searcher.doc_freq(&Term::from_field_text(self.fields.lang, a.name())).unwrap_or(0) as f64,
        };
        let mut scored: Vec<(f32, String)> = tf
            .into_iter()
            .filter_map(|(term, count)| {
                let df = Section::ALL
                    .iter()
                    .map(|s| searcher.doc_freq(&Term::from_field_text(self.fields.text(*s, a), &term)).unwrap_or(0))
                    .max()
                    .unwrap_or(0) as f64;
                if df == 0.0 || df / in_lang.max(df) > MAX_DOC_SHARE {
                    return None;
                }
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                // Saturating term frequency (BM25's k1 = 1.2): a word repeated all over a long
                // description counts at most about twice a word said once.
                let tf = f64::from(count);
                Some((idf * tf * 2.2 / (tf + 1.2)) as f32 * scale).map(|w| (w, term))
            })
            .collect();
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then_with(|| x.1.cmp(&y.1)));
        scored.truncate(if translated { MAX_TRANSLATED_TERMS } else { MAX_TERMS });
        let lang = lang_of(a);
        scored
            .into_iter()
            .map(|(weight, term)| (a, SimilarTerm { term, lang: lang.clone(), weight: round(weight), translated }))
            .collect()
    }

    /// A term in every section field of its analyzer, best section wins.
    fn term_everywhere(&self, a: Analyzer, term: &str, weight: f32) -> Box<dyn Query> {
        let qs: Vec<Box<dyn Query>> = Section::ALL
            .iter()
            .map(|s| {
                let t =
                    TermQuery::new(Term::from_field_text(self.fields.text(*s, a), term), IndexRecordOption::WithFreqs);
                Box::new(BoostQuery::new(Box::new(t), s.weight())) as Box<dyn Query>
            })
            .collect();
        Box::new(BoostQuery::new(Box::new(DisjunctionMaxQuery::with_tie_breaker(qs, TIE_BREAKER)), weight))
    }

    /// A bonus per IPC subclass and main group of the right that a document shares.
    fn ipc_bonus(&self, r: &Right) -> Vec<Box<dyn Query>> {
        let mut levels = BTreeSet::new();
        for c in r.classifications.iter().filter(|c| matches!(c.scheme, ClassScheme::Ipc | ClassScheme::Cpc)) {
            if let Ok(s) = IpcSymbol::parse(&c.symbol) {
                levels.extend(s.subclass());
                levels.extend(s.main_group());
            }
        }
        levels
            .into_iter()
            .map(|l| {
                let t = TermQuery::new(Term::from_field_text(self.fields.ipc, &l), IndexRecordOption::Basic);
                Box::new(ConstScoreQuery::new(Box::new(t), IPC_BONUS)) as Box<dyn Query>
            })
            .collect()
    }
}

fn round(w: f32) -> f32 {
    (w * 1000.0).round() / 1000.0
}

fn source_id(s: &SimilarSource) -> Option<String> {
    match s {
        SimilarSource::Right(r) => Some(r.id.to_string()),
        SimilarSource::Text { .. } => None,
    }
}

fn lang_of(a: Analyzer) -> String {
    a.name().to_string()
}

/// Function words of the stemmed languages, analysed like the text (so stems match).
fn stop_terms(a: Analyzer) -> BTreeSet<String> {
    let words = match a {
        Analyzer::En => "the a an and or of to in on for with by from as at is are was be been this that these those which said it its such each first second one two wherein thereof other least comprising may can",
        Analyzer::De => "der die das den dem des ein eine einer eines einem und oder zu zur zum in im an am auf für mit von vom als ist sind wird werden dass durch bei aus",
        Analyzer::Fr => "le la les un une des du de et ou à au aux en dans sur pour par avec est sont qui que ce cette ces son sa ses",
        Analyzer::Es => "el la los las un una unos unas de del y o en con por para que es son se su sus al",
        Analyzer::Ru => "и в во на с со по для из от к о об что который которая которые это как при или а не",
        _ => "",
    };
    words.split_whitespace().flat_map(|w| a.tokens(w, true)).map(|t| t.text).collect()
}

/// Not a marker, not a lone digit string, not a one-letter word.
fn is_useful(t: &str) -> bool {
    t != SENTENCE_MARK
        && t != PARAGRAPH_MARK
        && !t.chars().all(|c| c.is_ascii_digit())
        && (t.chars().count() > 1 || t.chars().any(is_cjk))
}

/// The texts of the source with their languages, each cut at `MAX_TEXT_CHARS`.
fn source_texts(s: &SimilarSource) -> Vec<(Lang, String)> {
    let cut = |t: &str| t.chars().take(MAX_TEXT_CHARS).collect::<String>();
    match s {
        SimilarSource::Text { text, lang } => vec![(lang.unwrap_or_else(|| guess_lang(text)), cut(text))],
        SimilarSource::Right(r) => {
            let t = &r.texts;
            let mut out: Vec<(Lang, String)> = Vec::new();
            // The title twice: it names the topic.
            for x in t.titles.iter().chain(&t.titles).chain(&t.abstracts) {
                out.push((x.lang, cut(&x.text)));
            }
            for c in &t.claims {
                out.push((c.lang, cut(&claims_text(&c.claims))));
            }
            for d in &t.descriptions {
                out.push((d.lang, cut(&d.text)));
            }
            out
        }
    }
}

/// The title and abstract of a right (a pasted text whole), per analyzer.
fn topical_texts(s: &SimilarSource, all: &[(Lang, String)]) -> HashMap<Analyzer, String> {
    let chosen: Vec<(Lang, &str)> = match s {
        SimilarSource::Text { .. } => all.iter().map(|(l, t)| (*l, t.as_str())).collect(),
        SimilarSource::Right(r) => {
            r.texts.titles.iter().chain(&r.texts.abstracts).map(|t| (t.lang, t.text.as_str())).collect()
        }
    };
    let mut out: HashMap<Analyzer, String> = HashMap::new();
    for (l, t) in chosen {
        let side = out.entry(Analyzer::for_lang(l)).or_default();
        side.push('\n');
        side.push_str(t);
    }
    out
}

/// The translations of each analyzer's text, per target analyzer: every dictionary entry
/// found contributes its best translation once per occurrence.
fn translate(d: &Dictionary, by_lang: &HashMap<Analyzer, String>) -> HashMap<Analyzer, String> {
    let mut out: HashMap<Analyzer, String> = HashMap::new();
    for (a, text) in by_lang {
        let entries: Vec<&[crate::xlang::Translation]> = if *a == Analyzer::Zh {
            d.translate(text)
        } else {
            words_and_pairs(text).iter().filter_map(|w| d.get(w)).collect()
        };
        for list in entries {
            let Some(best) = list.first() else { continue };
            let target = Analyzer::for_lang(best.lang);
            if target == *a {
                continue;
            }
            let side = out.entry(target).or_default();
            side.push_str(&best.text);
            side.push('\n');
        }
    }
    out
}

/// The words of a text and each pair of neighbouring words (dictionary entries such as
/// `fuel cell`).
fn words_and_pairs(text: &str) -> Vec<String> {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let mut out: Vec<String> = words.windows(2).map(|p| format!("{} {}", p[0], p[1])).collect();
    out.extend(words);
    out
}

/// The language of a pasted text: by script, then by the commonest function words of the
/// Latin-script languages silkport stems (English when nothing decides).
pub fn guess_lang(text: &str) -> Lang {
    let mut han = 0usize;
    let mut cyrillic = 0usize;
    let mut arabic = 0usize;
    let mut kana = 0usize;
    let mut hangul = 0usize;
    for c in text.chars() {
        match c as u32 {
            0x3040..=0x30FF => kana += 1,
            0xAC00..=0xD7AF => hangul += 1,
            0x0400..=0x04FF => cyrillic += 1,
            0x0600..=0x06FF => arabic += 1,
            _ if is_cjk(c) => han += 1,
            _ => {}
        }
    }
    let by_script = [(kana, "ja"), (hangul, "ko"), (han, "zh"), (cyrillic, "ru"), (arabic, "ar")];
    if let Some((_, code)) = by_script.iter().filter(|(n, _)| *n > 0).max_by_key(|(n, _)| *n) {
        let code = if *code == "zh" && kana > 0 { "ja" } else { code };
        return Lang::parse(code).unwrap_or(Lang::EN);
    }
    const WORDS: [(&str, &[&str]); 4] = [
        ("en", &["the", "and", "of", "is", "which", "with", "a"]),
        ("de", &["der", "die", "das", "und", "ist", "mit", "ein", "eine"]),
        ("fr", &["le", "la", "les", "et", "est", "des", "une", "du"]),
        ("es", &["el", "los", "las", "y", "es", "una", "del", "con"]),
    ];
    let words: Vec<String> = text.split(|c: char| !c.is_alphabetic()).map(str::to_lowercase).collect();
    let best = WORDS
        .iter()
        .map(|(code, list)| (words.iter().filter(|w| list.iter().any(|x| x == w)).count(), *code))
        .max_by_key(|(n, _)| *n)
        .filter(|(n, _)| *n > 0);
    best.and_then(|(_, code)| Lang::parse(code).ok()).unwrap_or(Lang::EN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_guessed_by_script_and_function_words() {
        assert_eq!(guess_lang("一种锂离子电池负极材料").as_str(), "zh");
        assert_eq!(guess_lang("Угловая ориентация").as_str(), "ru");
        assert_eq!(
            guess_lang("Vorrichtung zur Herstellung von Steinformlingen für die Ziegelindustrie").as_str(),
            "de"
        );
        assert_eq!(guess_lang("Dispositif pour la fabrication des briques").as_str(), "fr");
        assert_eq!(guess_lang("A battery with an anode and a cathode").as_str(), "en");
    }
}
