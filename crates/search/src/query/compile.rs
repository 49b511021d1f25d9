//! From a parsed query to a tantivy query, plus the token sequences snippets highlight.
//!
//! A word or phrase is analysed once per field with that field's own analyzer and scored
//! with BM25 in every section × language field it may occur in (best field wins, others
//! add a little, section weights from `Section::weight`). With a dictionary, each word's
//! translations are searched next to it in the target language's fields. Filters (codes,
//! dates) never score. Proximity is a positional filter plus the BM25 of its words.

use super::ast::{Expr, FieldCode, Leaf};
use crate::analysis::script::{fold_str, is_cjk};
use crate::analysis::Analyzer;
use crate::proximity::{ProximityQuery, Span};
use crate::schema::{Fields, Section};
use crate::xlang::bridge::IpcBridge;
use crate::xlang::{Dictionary, Translation};
use silkport_model::{AppNumber, IpcSymbol, PublicationId};
use std::collections::HashSet;
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, EmptyQuery, Occur, PhraseQuery, Query,
    RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

/// How much a field other than the best-matching one adds to a word's score.
const TIE_BREAKER: f32 = 0.3;
/// Weight of the translated side of a word relative to the word itself.
const TRANSLATION_WEIGHT: f32 = 0.8;
/// Score bonus for a document in the query's likeliest IPC subclass: a tie-breaker next to
/// BM25 scores of good matches (typically 10 to 50).
const BRIDGE_WEIGHT: f32 = 1.0;

/// A query that cannot be built, pointing at the part of the query to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// 1-based character position.
    pub position: usize,
    pub message: String,
}

/// Token sequences to highlight, per analyzer: each is (offset, token) pairs, or a glob.
#[derive(Debug, Clone, Default)]
pub struct Highlights {
    pub seqs: Vec<(Analyzer, Vec<(usize, String)>)>,
    pub globs: Vec<String>,
}

/// Where the words under a field code are searched.
#[derive(Debug, Clone)]
enum Scope {
    Text(Vec<Section>),
    Names(Field),
    Code(FieldCode),
}

pub struct Compiler<'a> {
    fields: &'a Fields,
    dict: Option<&'a Dictionary>,
    /// The text fields that hold any term in the index (`None`: assume all do).
    indexed: Option<&'a HashSet<Field>>,
    pub highlights: Highlights,
}

type Q = Box<dyn Query>;
type Result<T> = std::result::Result<T, CompileError>;

fn err<T>(pos: usize, message: impl Into<String>) -> Result<T> {
    Err(CompileError { position: pos + 1, message: message.into() })
}

fn boost(q: Q, b: f32) -> Q {
    if (b - 1.0).abs() < f32::EPSILON {
        q
    } else {
        Box::new(BoostQuery::new(q, b))
    }
}

fn filter(q: Q) -> Q {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

fn dismax(mut qs: Vec<Q>) -> Q {
    match qs.len() {
        0 => Box::new(EmptyQuery),
        1 => qs.remove(0),
        _ => Box::new(DisjunctionMaxQuery::with_tie_breaker(qs, TIE_BREAKER)),
    }
}

fn should(mut qs: Vec<Q>) -> Q {
    match qs.len() {
        0 => Box::new(EmptyQuery),
        1 => qs.remove(0),
        _ => Box::new(BooleanQuery::new(qs.into_iter().map(|q| (Occur::Should, q)).collect())),
    }
}

/// A term or phrase query for a token sequence in one field.
fn sequence_query(field: Field, tokens: &[(usize, String)]) -> Option<Q> {
    match tokens {
        [] => None,
        [(_, t)] => Some(Box::new(TermQuery::new(Term::from_field_text(field, t), IndexRecordOption::WithFreqs))),
        _ => {
            let terms = tokens.iter().map(|(o, t)| (*o, Term::from_field_text(field, t))).collect();
            Some(Box::new(PhraseQuery::new_with_offset(terms)))
        }
    }
}

/// Query-mode tokens of `text` with offsets relative to the first token.
fn analyse(a: Analyzer, text: &str) -> Vec<(usize, String)> {
    let toks = a.tokens(text, true);
    let first = toks.first().map(|t| t.position).unwrap_or(0);
    toks.into_iter().map(|t| (t.position - first, t.text)).collect()
}

/// The query tokens of `text` as terms of `field`, with their offsets (a phrase).
pub(crate) fn sequence_terms(field: Field, a: Analyzer, text: &str) -> Vec<(usize, Term)> {
    analyse(a, text).into_iter().map(|(o, t)| (o, Term::from_field_text(field, &t))).collect()
}

/// Wildcards allowed in one word: each adds states to the automaton matched against the
/// term dictionary.
const MAX_WILDCARDS: usize = 8;

/// A glob (`*`, `?`) as a regular expression over whole terms; `**` is `*`.
fn glob_regex(glob: &str) -> String {
    let mut re = String::new();
    for c in glob.chars() {
        match c {
            '*' if re.ends_with(".*") => {}
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            _ if c.is_alphanumeric() => re.push(c),
            _ => {
                re.push('\\');
                re.push(c);
            }
        }
    }
    re
}

impl<'a> Compiler<'a> {
    pub fn new(fields: &'a Fields, dict: Option<&'a Dictionary>) -> Compiler<'a> {
        Compiler { fields, dict, indexed: None, highlights: Highlights::default() }
    }

    /// Searches only these text fields (the ones with terms in the index). A word is
    /// otherwise looked up in every section × analyzer field (36), and most of them are
    /// empty: tantivy rebuilds an empty term dictionary for an empty field of a segment on
    /// every lookup (it caches only fields with postings), which was half the CPU time of a
    /// typical query (callgrind, docs/benchmarks.md "Search").
    pub fn only_fields(mut self, indexed: &'a HashSet<Field>) -> Compiler<'a> {
        self.indexed = Some(indexed);
        self
    }

    pub fn compile(&mut self, e: &Expr) -> Result<Q> {
        let q = self.expr(e, &Scope::Text(Section::ALL.to_vec()), true)?;
        Ok(match self.bridge(e) {
            Some(b) => Box::new(BooleanQuery::new(vec![(Occur::Must, q), (Occur::Should, b)])),
            None => q,
        })
    }

    /// With the cross-lingual layer: a bonus for documents in the IPC subclasses the
    /// query's free-text words point at (it never changes which documents match).
    fn bridge(&self, e: &Expr) -> Option<Q> {
        self.dict?;
        let mut leaves = Vec::new();
        collect_leaves(e, &mut leaves);
        let text = leaves.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ");
        // The titles are Chinese: other queries need not pay for loading them.
        if !text.chars().any(is_cjk) {
            return None;
        }
        let classes = IpcBridge::builtin().classes(&text);
        let f = self.fields;
        let qs: Vec<Q> = classes
            .iter()
            .map(|(class, w)| {
                let per_scheme = [f.ipc, f.cpc]
                    .into_iter()
                    .map(|field| {
                        let t = TermQuery::new(Term::from_field_text(field, class), IndexRecordOption::Basic);
                        Box::new(ConstScoreQuery::new(Box::new(t), BRIDGE_WEIGHT * w)) as Q
                    })
                    .collect();
                Box::new(DisjunctionMaxQuery::new(per_scheme)) as Q
            })
            .collect();
        (!qs.is_empty()).then(|| should(qs))
    }

    fn expr(&mut self, e: &Expr, scope: &Scope, positive: bool) -> Result<Q> {
        match e {
            Expr::Leaf(leaf) => self.leaf(leaf, scope, positive),
            Expr::Any(items) => self.any(items, scope, positive),
            Expr::Or(items) => Ok(should(items.iter().map(|i| self.expr(i, scope, positive)).collect::<Result<_>>()?)),
            Expr::And(items) => {
                let qs = items.iter().map(|i| self.clause(i, scope, positive, Occur::Must)).collect::<Result<_>>()?;
                Ok(Box::new(BooleanQuery::new(qs)))
            }
            Expr::AndNot(a, b) => Ok(Box::new(BooleanQuery::new(vec![
                (Occur::Must, self.expr(a, scope, positive)?),
                (Occur::MustNot, self.expr(b, scope, !positive)?),
            ]))),
            Expr::Not(b) => Ok(Box::new(BooleanQuery::new(vec![
                (Occur::Must, filter(Box::new(AllQuery))),
                (Occur::MustNot, self.expr(b, scope, !positive)?),
            ]))),
            Expr::Field { code, expr, .. } => self.expr(expr, &self.scope(*code), positive),
            Expr::Dates { code, from, to, .. } => Ok(filter(self.dates(*code, *from, *to))),
            Expr::Prox { pos, .. } => self.proximity(e, scope, *pos, positive),
        }
    }

    /// A clause of AND or of juxtaposition; a NOT clause becomes MUST_NOT.
    fn clause(&mut self, e: &Expr, scope: &Scope, positive: bool, occur: Occur) -> Result<(Occur, Q)> {
        match e {
            Expr::Not(inner) => Ok((Occur::MustNot, self.expr(inner, scope, !positive)?)),
            _ => Ok((occur, self.expr(e, scope, positive)?)),
        }
    }

    /// Juxtaposed items: words rank (SHOULD), filters and NOTs restrict.
    fn any(&mut self, items: &[Expr], scope: &Scope, positive: bool) -> Result<Q> {
        let mut qs = Vec::new();
        for i in items {
            let occur = if is_filter(i, scope) { Occur::Must } else { Occur::Should };
            qs.push(self.clause(i, scope, positive, occur)?);
        }
        Ok(Box::new(BooleanQuery::new(qs)))
    }

    fn scope(&self, code: FieldCode) -> Scope {
        match code {
            FieldCode::Ti => Scope::Text(vec![Section::Title]),
            FieldCode::Ab => Scope::Text(vec![Section::Abstract]),
            FieldCode::Cl => Scope::Text(vec![Section::Claims]),
            FieldCode::Desc => Scope::Text(vec![Section::Description]),
            FieldCode::Txt => Scope::Text(Section::ALL.to_vec()),
            FieldCode::Pa => Scope::Names(self.fields.pa),
            FieldCode::In => Scope::Names(self.fields.inventor),
            other => Scope::Code(other),
        }
    }

    /// Every (field, weight) a word is searched in under `scope`, with its analyzer.
    fn text_fields(&self, scope: &Scope) -> Vec<(Field, Analyzer, f32)> {
        let all: Vec<(Field, Analyzer, f32)> = match scope {
            Scope::Text(sections) => sections
                .iter()
                .flat_map(|s| Analyzer::ALL.iter().map(move |a| (self.fields.text(*s, *a), *a, s.weight())))
                .collect(),
            Scope::Names(f) => vec![(*f, Analyzer::Std, 1.0)],
            Scope::Code(_) => Vec::new(),
        };
        match self.indexed {
            Some(indexed) => all.into_iter().filter(|(f, _, _)| indexed.contains(f)).collect(),
            None => all,
        }
    }

    fn leaf(&mut self, leaf: &Leaf, scope: &Scope, positive: bool) -> Result<Q> {
        if let Scope::Code(code) = scope {
            return Ok(filter(self.code(*code, leaf)?));
        }
        if leaf.has_wildcard() {
            return self.wildcard(leaf, scope, positive);
        }
        let original = self.words(&leaf.text, &self.text_fields(scope), positive);
        let translated = match (self.dict, positive) {
            (Some(d), true) => self.translations(d, &leaf.text, scope),
            _ => None,
        };
        Ok(match translated {
            Some(t) => should(vec![original, boost(t, TRANSLATION_WEIGHT)]),
            None => original,
        })
    }

    /// The BM25 query for `text` over `fields`: best field wins (dis-max). The text is
    /// analysed once per analyzer, not once per field.
    fn words(&mut self, text: &str, fields: &[(Field, Analyzer, f32)], positive: bool) -> Q {
        let mut qs = Vec::new();
        let mut analysed: Vec<(Analyzer, Vec<(usize, String)>)> = Vec::new();
        for (field, a, w) in fields {
            let i = match analysed.iter().position(|(b, _)| b == a) {
                Some(i) => i,
                None => {
                    analysed.push((*a, analyse(*a, text)));
                    analysed.len() - 1
                }
            };
            if let Some(q) = sequence_query(*field, &analysed[i].1) {
                qs.push(boost(q, *w));
            }
        }
        if positive {
            self.highlights.seqs.extend(analysed.into_iter().filter(|(_, tokens)| !tokens.is_empty()));
        }
        dismax(qs)
    }

    /// Each dictionary entry found in `text` adds its translations (summed, weighted),
    /// searched in the fields of the translation's language under the same scope.
    fn translations(&mut self, d: &Dictionary, text: &str, scope: &Scope) -> Option<Q> {
        let Scope::Text(_) = scope else { return None };
        let fields = self.text_fields(scope);
        let mut per_entry = Vec::new();
        for list in d.translate(text) {
            let qs: Vec<Q> = list.iter().map(|t| self.translation(t, &fields)).collect();
            per_entry.push(should(qs));
        }
        (!per_entry.is_empty()).then(|| should(per_entry))
    }

    /// A translation's words are each optional: "fuel cell" scores documents with both
    /// words highest, and still finds "fuel cartridge".
    fn translation(&mut self, t: &Translation, fields: &[(Field, Analyzer, f32)]) -> Q {
        let target = Analyzer::for_lang(t.lang);
        let fields: Vec<_> = fields.iter().filter(|(_, a, _)| *a == target).copied().collect();
        let words: Vec<Q> = t.text.split_whitespace().map(|w| self.words(w, &fields, true)).collect();
        boost(should(words), t.weight)
    }

    fn wildcard(&mut self, leaf: &Leaf, scope: &Scope, positive: bool) -> Result<Q> {
        let glob = fold_str(&leaf.text);
        if glob.chars().all(|c| matches!(c, '*' | '?')) {
            return err(leaf.pos, "a truncated word needs at least one letter besides * and ?");
        }
        if glob.chars().filter(|c| matches!(c, '*' | '?')).count() > MAX_WILDCARDS {
            return err(leaf.pos, format!("at most {MAX_WILDCARDS} wildcards (* and ?) in one word"));
        }
        let re = glob_regex(&glob);
        let mut qs = Vec::new();
        for (field, _, w) in self.text_fields(scope) {
            let q = RegexQuery::from_pattern(&re, field).map_err(|e| CompileError {
                position: leaf.pos + 1,
                message: format!("cannot use this truncation ({e}); use * for any letters and ? for one"),
            })?;
            qs.push(boost(Box::new(q), w));
        }
        if positive {
            self.highlights.globs.push(glob);
        }
        Ok(dismax(qs))
    }

    /// An exact-code field: IPC/CPC with hierarchy and truncation, numbers, country,
    /// kind, language, status.
    fn code(&self, code: FieldCode, leaf: &Leaf) -> Result<Q> {
        let f = self.fields;
        let raw: String = leaf.text.split_whitespace().collect();
        let term = |field: Field, v: &str| -> Q {
            Box::new(TermQuery::new(Term::from_field_text(field, v), IndexRecordOption::Basic))
        };
        let prefix = |field: Field, v: &str| -> Result<Q> {
            if v.chars().filter(|c| matches!(c, '*' | '?')).count() > MAX_WILDCARDS {
                return err(leaf.pos, format!("at most {MAX_WILDCARDS} wildcards (* and ?) in one code"));
            }
            let q = RegexQuery::from_pattern(&glob_regex(v), field)
                .map_err(|e| CompileError { position: leaf.pos + 1, message: e.to_string() })?;
            Ok(Box::new(q))
        };
        match code {
            FieldCode::Ipc | FieldCode::Cpc => {
                let field = if code == FieldCode::Ipc { f.ipc } else { f.cpc };
                class_query(&raw.to_ascii_uppercase(), leaf.pos, field, &term, &prefix)
            }
            FieldCode::Pn => {
                let up = raw.to_ascii_uppercase();
                if up.contains(['*', '?']) {
                    return prefix(f.pn, &up);
                }
                Ok(match PublicationId::parse(&raw) {
                    Ok(p) if p.kind().is_some() => term(f.pn, &p.to_string()),
                    Ok(p) => term(f.pn, &p.key().0),
                    Err(_) => term(f.pn, &up),
                })
            }
            FieldCode::An => Ok(match AppNumber::parse(&raw) {
                Ok(a) => term(f.an, &a.key()),
                Err(_) => term(f.an, &raw.to_ascii_uppercase()),
            }),
            FieldCode::Cc => Ok(term(f.cc, &raw.to_ascii_uppercase())),
            FieldCode::Kind => {
                Ok(should(vec![term(f.kind, &raw.to_ascii_uppercase()), term(f.kind, &raw.to_ascii_lowercase())]))
            }
            FieldCode::Lang => Ok(term(f.lang, &raw.to_ascii_lowercase())),
            FieldCode::Status => Ok(term(f.status, &raw.to_ascii_lowercase())),
            _ => err(leaf.pos, format!("{} takes words, not codes", code.code())),
        }
    }

    fn dates(&self, code: FieldCode, from: Bound<i64>, to: Bound<i64>) -> Q {
        let field = match code {
            FieldCode::Ad => self.fields.ad,
            FieldCode::Prd => self.fields.prd,
            _ => self.fields.pd,
        };
        let t = |b: Bound<i64>| match b {
            Bound::Included(v) => Bound::Included(Term::from_field_i64(field, v)),
            Bound::Excluded(v) => Bound::Excluded(Term::from_field_i64(field, v)),
            Bound::Unbounded => Bound::Unbounded,
        };
        Box::new(RangeQuery::new(t(from), t(to)))
    }

    /// Proximity: in each field, a positional filter; ranked by the BM25 of its words.
    fn proximity(&mut self, e: &Expr, scope: &Scope, pos: usize, positive: bool) -> Result<Q> {
        if let Scope::Code(_) = scope {
            return err(pos, "proximity operators work on text fields (TI, AB, CL, DESC, TXT, PA, IN)");
        }
        let fields = self.text_fields(scope);
        let mut filters = Vec::new();
        for (field, a, w) in &fields {
            if let Some(span) = self.span(e, *field, *a)? {
                filters.push(boost(filter(Box::new(ProximityQuery::new(*field, span))), *w));
            }
        }
        let mut words = Vec::new();
        collect_leaves(e, &mut words);
        let ranking: Vec<Q> = words.iter().map(|l| self.leaf(l, scope, positive)).collect::<Result<_>>()?;
        Ok(Box::new(BooleanQuery::new(vec![(Occur::Must, should(filters)), (Occur::Should, should(ranking))])))
    }

    /// The span expression of a proximity operand in one field (`None`: no tokens there).
    fn span(&self, e: &Expr, field: Field, a: Analyzer) -> Result<Option<Span>> {
        match e {
            Expr::Leaf(leaf) if leaf.has_wildcard() => {
                err(leaf.pos, "truncation (* and ?) cannot be used inside ADJ, NEAR, SENT or PARA yet; spell the words out")
            }
            Expr::Leaf(leaf) => Ok(self.leaf_span(leaf, field, a)),
            Expr::Or(items) | Expr::Any(items) => {
                let spans: Vec<Span> = items.iter().map(|i| self.span(i, field, a)).collect::<Result<Vec<_>>>()?.into_iter().flatten().collect();
                Ok((!spans.is_empty()).then_some(Span::Or(spans)))
            }
            Expr::Prox { op, left, right, .. } => {
                let (Some(l), Some(r)) = (self.span(left, field, a)?, self.span(right, field, a)?) else { return Ok(None) };
                Ok(Some(Span::Near { op: *op, left: Box::new(l), right: Box::new(r) }))
            }
            other => err(
                position_of(other).unwrap_or(0),
                "the operands of ADJ, NEAR, SENT and PARA must be words, phrases, OR-groups or other proximity expressions",
            ),
        }
    }

    /// A word and its whole-entry translations into this field's language.
    fn leaf_span(&self, leaf: &Leaf, field: Field, a: Analyzer) -> Option<Span> {
        let mut texts = vec![leaf.text.clone()];
        if let Some(t) = self.dict.and_then(|d| d.get(&leaf.text)) {
            texts.extend(t.iter().filter(|t| Analyzer::for_lang(t.lang) == a).map(|t| t.text.clone()));
        }
        let alts: Vec<Span> = texts
            .iter()
            .map(|t| analyse(a, t))
            .filter(|toks| !toks.is_empty())
            .map(|toks| {
                Span::Seq(toks.into_iter().map(|(o, t)| (o as u32, Term::from_field_text(field, &t))).collect())
            })
            .collect();
        (!alts.is_empty()).then_some(Span::Or(alts))
    }
}

/// IPC/CPC: `H01M` (and every symbol below it), `H01M10/0525`, `H01M10` (main group),
/// truncation `H01M10/05*`.
fn class_query(
    raw: &str,
    pos: usize,
    field: Field,
    term: &dyn Fn(Field, &str) -> Q,
    prefix: &dyn Fn(Field, &str) -> Result<Q>,
) -> Result<Q> {
    if let Some(stem) = raw.strip_suffix('*') {
        let canon = IpcSymbol::parse(stem).map(|s| s.to_string()).unwrap_or_else(|_| stem.to_string());
        return prefix(field, &format!("{canon}*"));
    }
    if let Ok(s) = IpcSymbol::parse(raw) {
        return Ok(term(field, &s.to_string()));
    }
    if let Ok(s) = IpcSymbol::parse(&format!("{raw}/00")) {
        return Ok(term(field, &s.to_string()));
    }
    err(pos, format!("expected an IPC/CPC symbol such as H01M, H01M10/0525 or H01M10/05*, found \"{raw}\""))
}

fn is_filter(e: &Expr, scope: &Scope) -> bool {
    match e {
        Expr::Dates { .. } => true,
        Expr::Field { code, .. } => !code.is_text(),
        Expr::Leaf(_) => matches!(scope, Scope::Code(_)),
        _ => false,
    }
}

fn collect_leaves<'e>(e: &'e Expr, out: &mut Vec<&'e Leaf>) {
    match e {
        Expr::Leaf(l) => out.push(l),
        Expr::Any(items) | Expr::Or(items) | Expr::And(items) => items.iter().for_each(|i| collect_leaves(i, out)),
        Expr::Prox { left, right, .. } | Expr::AndNot(left, right) => {
            collect_leaves(left, out);
            collect_leaves(right, out);
        }
        Expr::Not(_) | Expr::Field { .. } | Expr::Dates { .. } => {}
    }
}

fn position_of(e: &Expr) -> Option<usize> {
    match e {
        Expr::Leaf(l) => Some(l.pos),
        Expr::Prox { pos, .. } | Expr::Field { pos, .. } | Expr::Dates { pos, .. } => Some(*pos),
        Expr::Any(items) | Expr::Or(items) | Expr::And(items) => items.first().and_then(position_of),
        Expr::AndNot(a, _) | Expr::Not(a) => position_of(a),
    }
}
