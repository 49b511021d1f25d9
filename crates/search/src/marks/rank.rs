//! Ranking trademark conflict candidates.
//!
//! Two steps. The index finds candidates cheaply: one query over the mark fields with a
//! clause per matcher (exact key, prefix, fuzzy within the allowed edits, the marks the
//! query contains and that contain it, pinyin exact, loose and fuzzy, transliteration
//! between Han and Latin forms, Double Metaphone), restricted to trademarks and GIs in the
//! Nice scope. Then each candidate's written forms are compared with the query's by
//! `assess`, which decides the similarity (0 to 1) and the reasons shown to the user, so
//! the order never depends on BM25 statistics.
//!
//! Similarity of the best matcher that fired: exact 1.0; same pinyin 0.92; Latin form
//! equal to the other's pinyin 0.9; same Double Metaphone code 0.85; same loose pinyin
//! 0.82; fuzzy 0.9 × (1 − edits / length); fuzzy pinyin 0.85 × (1 − edits / length);
//! prefix 0.55 + 0.35 × (shorter / longer); containment 0.5 + 0.3 × (shorter / longer).
//! Each further matcher adds 0.02 (at most 1).

use super::forms::{allowed_edits, distance, MarkForm};
use super::nice::{Coverage, NiceScope};
use crate::columns::StrValues;
use crate::index::SearchIndex;
use crate::query::compile::sequence_terms;
use crate::SearchError;
use serde::Serialize;
use std::collections::BTreeSet;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

/// Candidates taken from the index per requested result (at least `MIN_POOL`): the
/// explicit assessment reorders them.
const POOL_FACTOR: usize = 5;
const MIN_POOL: usize = 200;
/// Shortest key (characters) searched as a prefix, or looked for inside the query.
const MIN_PART_LATIN: usize = 3;
const MIN_PART_HAN: usize = 2;
/// The longest query key whose substrings are all looked up (a mark it contains).
const MAX_SUBSTRING_KEY: usize = 40;
/// Prefix and containment found only between pinyin spellings count this much.
const ROMAN_FACTOR: f32 = 0.95;

/// What a candidate matched by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Matcher {
    /// The same key (case, width, punctuation, spaces, diacritics and traditional /
    /// simplified characters aside).
    Exact,
    /// The same toneless pinyin, written with other characters.
    Pinyin,
    /// A Latin form equal to the pinyin of a Han form (`Silu` / `丝路`).
    Transliteration,
    /// The same Double Metaphone code.
    Phonetic,
    /// The same pinyin once commonly confused sounds are merged (`zh`/`z`, `in`/`ing`…).
    PinyinLoose,
    /// Within the allowed edit distance.
    Fuzzy,
    /// The pinyin within the allowed edit distance.
    PinyinFuzzy,
    /// One key begins with the other.
    Prefix,
    /// One key contains the other.
    Contains,
}

/// One matcher that fired, with what it saw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub matcher: Matcher,
    /// Edits between the compared keys (fuzzy matchers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance: Option<usize>,
    /// The compared keys, e.g. `silu = silu` or `kodak ~ kodac`.
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkCandidate {
    pub id: String,
    /// The candidate's written form that matched best.
    pub mark: String,
    /// `trademark` or `geographical_indication`.
    pub kind: Option<String>,
    pub status: Option<String>,
    /// Nice classes and similar-goods groups it covers (two-digit entries among the groups
    /// are classes given without a group).
    pub classes: Vec<String>,
    pub groups: Vec<String>,
    /// Whether it shares a similar-goods group with the search (`null` without `--group`).
    pub same_group: Option<bool>,
    pub similarity: f32,
    /// The pinyin of the matched form, for Chinese marks.
    pub pinyin: Option<String>,
    pub reasons: Vec<Reason>,
}

/// A trademark search.
#[derive(Debug, Clone)]
pub struct MarkQuery {
    pub mark: String,
    pub scope: NiceScope,
    pub limit: usize,
}

/// The query's keys as they were compared (so a UI can show them).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QueryKeys {
    pub text: String,
    pub key: String,
    pub pinyin: Option<String>,
    pub phonetic: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkResults {
    pub query: QueryKeys,
    pub scope: NiceScope,
    /// Marks in scope that any matcher found (the candidates are the best `limit`).
    pub total: usize,
    pub candidates: Vec<MarkCandidate>,
}

impl SearchIndex {
    /// Ranks the trademarks and GIs that may conflict with `q.mark` within `q.scope`.
    pub fn trademark_search(&self, q: &MarkQuery) -> Result<MarkResults, SearchError> {
        let form = MarkForm::parse(&q.mark).ok_or_else(|| {
            SearchError::Request(
                "the mark has no letter, digit or Chinese character to compare: give the mark's words / 商标须含文字"
                    .into(),
            )
        })?;
        let query = self.candidate_query(&form, &q.scope);
        let searcher = self.reader.searcher();
        let pool = (q.limit * POOL_FACTOR).max(MIN_POOL);
        let (total, top) = searcher.search(&query, &(Count, TopDocs::with_limit(pool).order_by_score()))?;
        let mut candidates = Vec::with_capacity(top.len());
        for (_, addr) in top {
            if let Some(c) = self.candidate(&searcher, addr, &form, &q.scope)? {
                candidates.push(c);
            }
        }
        candidates.sort_by(|a, b| b.similarity.total_cmp(&a.similarity).then_with(|| a.id.cmp(&b.id)));
        candidates.truncate(q.limit);
        let keys = QueryKeys {
            text: form.text.clone(),
            key: form.key.clone(),
            pinyin: form.has_han().then(|| form.pinyin.join(" ")),
            phonetic: form.phonetic.clone(),
        };
        Ok(MarkResults { query: keys, scope: q.scope.clone(), total, candidates })
    }

    /// One clause per matcher, each scoring a constant; trademarks and GIs in scope only.
    fn candidate_query(&self, form: &MarkForm, scope: &NiceScope) -> BooleanQuery {
        let f = &self.fields;
        let mut clauses: Vec<(f32, Box<dyn Query>)> = Vec::new();
        let mut term = |field: Field, text: &str, weight: f32| {
            clauses
                .push((weight, Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic))))
        };
        term(f.mark_key, &form.key, 10.0);
        for part in inner_parts(&form.key) {
            term(f.mark_key, &part, 4.0);
        }
        let roman = form.roman_key();
        if form.has_han() {
            for py in form.pinyin_keys() {
                term(f.mark_pinyin, &py, 8.0);
                term(f.mark_key, &py, 7.0);
            }
        } else {
            term(f.mark_pinyin, &form.key, 7.0);
        }
        for loose in form.loose_keys() {
            term(f.mark_loose, &loose, 5.0);
        }
        for code in &form.phonetic {
            term(f.mark_phonetic, code, 6.0);
        }
        let mut fuzzy = |field: Field, key: &str, prefix: bool, weight: f32| {
            let t = Term::from_field_text(field, key);
            let q = match prefix {
                true => FuzzyTermQuery::new_prefix(t, 0, true),
                false => FuzzyTermQuery::new(t, allowed_edits(key), true),
            };
            clauses.push((weight, Box::new(q)));
        };
        if long_enough(&form.key) {
            fuzzy(f.mark_key, &form.key, true, 5.0);
        }
        if allowed_edits(&form.key) > 0 {
            fuzzy(f.mark_key, &form.key, false, 4.0);
        }
        if form.has_han() && allowed_edits(&roman) > 0 {
            fuzzy(f.mark_pinyin, &roman, false, 3.0);
        }
        if long_enough(&roman) {
            fuzzy(f.mark_pinyin, &roman, true, 3.0);
        }
        if let Some(q) = contains_query(f.mark_words, &form.text) {
            clauses.push((3.0, q));
        }
        let should: Vec<(Occur, Box<dyn Query>)> = clauses
            .into_iter()
            .map(|(w, q)| (Occur::Should, Box::new(ConstScoreQuery::new(q, w)) as Box<dyn Query>))
            .collect();
        let mut must = vec![(Occur::Must, Box::new(BooleanQuery::new(should)) as Box<dyn Query>)];
        must.push((Occur::Must, self.any_of(f.kind, &["trademark", "geographical_indication"])));
        if !scope.is_empty() {
            let (classes, groups) = scope.terms();
            let mut qs: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for c in &classes {
                qs.push((Occur::Should, term_query(f.nice, c)));
            }
            for g in &groups {
                qs.push((Occur::Should, term_query(f.nice_group, g)));
            }
            must.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(qs)), 0.0))));
        }
        BooleanQuery::new(must)
    }

    fn any_of(&self, field: Field, values: &[&str]) -> Box<dyn Query> {
        let qs = values.iter().map(|v| (Occur::Should, term_query(field, v))).collect();
        Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(qs)), 0.0))
    }

    /// Reads a hit's forms and classes and assesses it (`None`: no matcher fires on the
    /// forms themselves, e.g. a stop-word-like containment the index found).
    fn candidate(
        &self,
        searcher: &Searcher,
        addr: DocAddress,
        query: &MarkForm,
        scope: &NiceScope,
    ) -> Result<Option<MarkCandidate>, SearchError> {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let f = &self.fields;
        let forms: Vec<MarkForm> =
            doc.get_all(f.mark_text).filter_map(|v| v.as_str()).filter_map(MarkForm::parse).collect();
        let Some((best, similarity, reasons)) =
            forms.iter().filter_map(|c| assess(query, c).map(|(s, r)| (c, s, r))).max_by(|a, b| a.1.total_cmp(&b.1))
        else {
            return Ok(None);
        };
        let seg = searcher.segment_reader(addr.segment_ord);
        let column = |name: &str| StrValues::open(seg, name).map(|c| c.get(addr.doc_id));
        let first = |name: &str| StrValues::open(seg, name).map(|c| c.first(addr.doc_id));
        let cover = Coverage {
            classes: column("nice")?.into_iter().collect(),
            groups: column("nice_group")?.into_iter().collect(),
        };
        let id = doc.get_first(f.id).and_then(|v| v.as_str()).unwrap_or_default().to_string();
        Ok(Some(MarkCandidate {
            id,
            mark: best.text.clone(),
            kind: first("f_kind")?,
            status: first("status")?,
            same_group: scope.same_group(&cover),
            classes: cover.classes.into_iter().collect(),
            groups: cover.groups.into_iter().collect(),
            similarity,
            pinyin: best.has_han().then(|| best.pinyin.join(" ")),
            reasons,
        }))
    }
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::Basic))
}

fn min_part(key: &str) -> usize {
    if key.chars().any(crate::analysis::script::is_cjk) {
        MIN_PART_HAN
    } else {
        MIN_PART_LATIN
    }
}

fn long_enough(key: &str) -> bool {
    key.chars().count() >= min_part(key)
}

/// Every substring of the key at least `min_part` long, shorter than the key: the marks
/// the query contains (a query of at most `MAX_SUBSTRING_KEY` characters).
fn inner_parts(key: &str) -> BTreeSet<String> {
    let chars: Vec<char> = key.chars().collect();
    let n = chars.len();
    let min = min_part(key);
    let mut out = BTreeSet::new();
    if n > MAX_SUBSTRING_KEY {
        return out;
    }
    for len in min..n {
        for start in 0..=n - len {
            out.insert(chars[start..start + len].iter().collect());
        }
    }
    out
}

/// The query's words (CJK bigrams) as a phrase over the marks' words: marks containing it.
fn contains_query(field: Field, text: &str) -> Option<Box<dyn Query>> {
    let terms = sequence_terms(field, crate::analysis::Analyzer::Std, text);
    match terms.len() {
        0 => None,
        1 => Some(Box::new(TermQuery::new(terms[0].1.clone(), IndexRecordOption::Basic))),
        _ => Some(Box::new(PhraseQuery::new_with_offset(terms))),
    }
}

/// Compares the query's form with one of a candidate's: the similarity and every matcher
/// that fired, or `None` when none did.
pub fn assess(q: &MarkForm, c: &MarkForm) -> Option<(f32, Vec<Reason>)> {
    let mut found: Vec<(f32, Reason)> = Vec::new();
    let mut fire = |score: f32, matcher: Matcher, distance: Option<usize>, detail: String| {
        found.push((score, Reason { matcher, distance, detail }))
    };
    if q.key == c.key {
        fire(1.0, Matcher::Exact, None, format!("{} = {}", q.key, c.key));
    }
    let (qp, cp) = (q.pinyin_keys(), c.pinyin_keys());
    let shared = qp.iter().find(|k| cp.contains(k));
    if let (Some(a), Some(b)) = (q.pinyin_key(), c.pinyin_key()) {
        if let (Some(k), false) = (shared, q.key == c.key) {
            fire(0.92, Matcher::Pinyin, None, format!("{} = {} ({k})", q.key, c.key));
        }
        let loose_shared = q.loose_keys().intersection(&c.loose_keys()).next().cloned();
        if let (None, Some(k)) = (shared, &loose_shared) {
            fire(0.82, Matcher::PinyinLoose, None, format!("{a} ≈ {b} ({k})"));
        }
        let d = distance(&a, &b);
        if d > 0 && d <= usize::from(allowed_edits(&a)) && shared.is_none() && loose_shared.is_none() {
            fire(0.85 * ratio_left(d, &a, &b), Matcher::PinyinFuzzy, Some(d), format!("{a} ~ {b}"));
        }
    }
    let latin_in_pinyin = |latin: &MarkForm, han: &MarkForm| !latin.has_han() && han.pinyin_keys().contains(&latin.key);
    if latin_in_pinyin(q, c) || latin_in_pinyin(c, q) {
        fire(0.9, Matcher::Transliteration, None, format!("{} = {}", q.roman_key(), c.roman_key()));
    }
    if let Some(code) = q.phonetic.iter().find(|p| c.phonetic.contains(p)) {
        if q.key != c.key {
            fire(0.85, Matcher::Phonetic, None, format!("{} = {} ({code})", q.key, c.key));
        }
    }
    let d = distance(&q.key, &c.key);
    if d > 0 && d <= usize::from(allowed_edits(&q.key)) {
        fire(0.9 * ratio_left(d, &q.key, &c.key), Matcher::Fuzzy, Some(d), format!("{} ~ {}", q.key, c.key));
    }
    // On the pinyin level (a Latin form against a Han one) a little lower, so the form in
    // the query's own script is shown when both match alike.
    let roman = || part_of(&q.roman_key(), &c.roman_key()).map(|(s, m, d)| (s * ROMAN_FACTOR, m, d));
    if let Some((score, matcher, detail)) = part_of(&q.key, &c.key).or_else(roman) {
        fire(score, matcher, None, detail);
    }
    let best = found.iter().map(|(s, _)| *s).fold(0.0f32, f32::max);
    if found.is_empty() || best <= 0.0 {
        return None;
    }
    let similarity = (best + 0.02 * (found.len() - 1) as f32).min(1.0);
    found.sort_by(|a, b| b.0.total_cmp(&a.0));
    Some(((similarity * 1000.0).round() / 1000.0, found.into_iter().map(|(_, r)| r).collect()))
}

/// 1 − edits / the longer key's length.
fn ratio_left(d: usize, a: &str, b: &str) -> f32 {
    let n = a.chars().count().max(b.chars().count()).max(1);
    1.0 - d as f32 / n as f32
}

/// Prefix or containment between two different keys, the shorter one long enough.
fn part_of(a: &str, b: &str) -> Option<(f32, Matcher, String)> {
    if a == b {
        return None;
    }
    let (short, long) = if a.chars().count() <= b.chars().count() { (a, b) } else { (b, a) };
    let (ns, nl) = (short.chars().count(), long.chars().count());
    if ns < min_part(short) {
        return None;
    }
    let share = ns as f32 / nl as f32;
    if long.starts_with(short) {
        Some((0.55 + 0.35 * share, Matcher::Prefix, format!("{long} begins with {short}")))
    } else if long.contains(short) {
        Some((0.5 + 0.3 * share, Matcher::Contains, format!("{long} contains {short}")))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> MarkForm {
        MarkForm::parse(s).unwrap()
    }

    fn matchers(q: &str, c: &str) -> Vec<Matcher> {
        assess(&m(q), &m(c)).map(|(_, r)| r.into_iter().map(|r| r.matcher).collect()).unwrap_or_default()
    }

    #[test]
    fn each_matcher_fires_for_its_case() {
        assert_eq!(matchers("COCA-COLA", "Coca Cola"), [Matcher::Exact]);
        assert_eq!(matchers("平古大桃", "平谷大桃")[0], Matcher::Pinyin);
        assert!(matchers("平古大桃", "平谷大桃").contains(&Matcher::Fuzzy));
        assert_eq!(matchers("Silu", "丝路"), [Matcher::Transliteration]);
        assert_eq!(matchers("Shampain", "Champagne")[0], Matcher::Phonetic);
        assert!(matchers("Kodak", "Kodac").contains(&Matcher::Fuzzy));
        assert_eq!(matchers("Parma", "Parmaham"), [Matcher::Prefix]);
        assert_eq!(matchers("Parma", "Prosciutto di Parma"), [Matcher::Contains]);
        assert_eq!(matchers("Pinggu", "平谷大桃"), [Matcher::Prefix]);
        assert!(matchers("Apple", "Champagne").is_empty());
    }

    #[test]
    fn similarity_orders_exact_sound_and_spelling() {
        let s = |q: &str, c: &str| assess(&m(q), &m(c)).map(|(s, _)| s).unwrap_or(0.0);
        assert_eq!(s("Champagne", "CHAMPAGNE"), 1.0);
        assert!(s("平古大桃", "平谷大桃") > s("Pinggu", "平谷大桃"));
        assert!(s("Champagne", "Champagn") > s("Champagne", "Champagne Deutz"));
    }

    #[test]
    fn inner_parts_are_the_shorter_substrings() {
        let p = inner_parts("parma");
        assert!(p.contains("par") && p.contains("arma") && !p.contains("parma") && !p.contains("pa"));
        assert!(inner_parts("丝路驼铃").contains("驼铃"));
        assert!(inner_parts(&"x".repeat(41)).is_empty());
    }
}
