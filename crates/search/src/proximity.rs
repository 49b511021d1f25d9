//! Proximity over positions: ADJn, NEARn, SENT and PARA between span expressions in one
//! field. Each segment is evaluated up front: an operand yields, per document, the spans
//! (first and last position) where it occurs; an operator keeps the pairs that satisfy it
//! and yields their combined span, so proximity expressions nest.
//!
//! SENT and PARA read the boundary marker tokens the analyzers index (see `analysis`): two
//! spans share a sentence when no marker lies between them.

use crate::analysis::{PARAGRAPH_MARK, SENTENCE_MARK};
use crate::query::ast::Proximity;
use std::collections::BTreeMap;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, Term, TERMINATED};

/// What a proximity operand matches, in one field.
#[derive(Debug, Clone)]
pub enum Span {
    /// Tokens at consecutive positions (a word, a phrase, a Chinese word's bigrams), each
    /// with its offset from the first.
    Seq(Vec<(u32, Term)>),
    Or(Vec<Span>),
    Near {
        op: Proximity,
        left: Box<Span>,
        right: Box<Span>,
    },
}

/// Documents where a proximity expression holds, with a constant score.
#[derive(Debug, Clone)]
pub struct ProximityQuery {
    field: Field,
    span: Span,
}

impl ProximityQuery {
    pub fn new(field: Field, span: Span) -> ProximityQuery {
        ProximityQuery { field, span }
    }
}

impl Query for ProximityQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

/// Per document: spans as (first, last) positions.
type Spans = BTreeMap<DocId, Vec<(u32, u32)>>;

impl ProximityQuery {
    fn matching_docs(&self, reader: &SegmentReader) -> tantivy::Result<Vec<DocId>> {
        let inverted = reader.inverted_index(self.field)?;
        let mut ctx = Ctx { inverted: &inverted, field: self.field };
        let spans = ctx.eval(&self.span)?;
        Ok(spans.into_iter().filter(|(_, s)| !s.is_empty()).map(|(d, _)| d).collect())
    }
}

impl Weight for ProximityQuery {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = self.matching_docs(reader)?;
        Ok(Box::new(ConstScorer::new(Docs { docs, at: 0 }, boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.matching_docs(reader)?.binary_search(&doc).is_ok() {
            Ok(Explanation::new("proximity", 1.0))
        } else {
            Err(TantivyError::InvalidArgument(format!("document {doc} does not match")))
        }
    }
}

/// Matching documents of one segment, in order.
struct Docs {
    docs: Vec<DocId>,
    at: usize,
}

impl DocSet for Docs {
    fn advance(&mut self) -> DocId {
        self.at += 1;
        self.doc()
    }
    fn doc(&self) -> DocId {
        self.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }
    fn size_hint(&self) -> u32 {
        self.docs.len() as u32
    }
}

struct Ctx<'a> {
    inverted: &'a tantivy::InvertedIndexReader,
    field: Field,
}

impl Ctx<'_> {
    fn postings(&self, term: &Term) -> tantivy::Result<Option<SegmentPostings>> {
        Ok(self.inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)?)
    }

    fn eval(&mut self, span: &Span) -> tantivy::Result<Spans> {
        match span {
            Span::Seq(terms) => self.sequence(terms),
            Span::Or(items) => {
                let mut out = Spans::new();
                for item in items {
                    for (doc, mut spans) in self.eval(item)? {
                        out.entry(doc).or_default().append(&mut spans);
                    }
                }
                Ok(out)
            }
            Span::Near { op, left, right } => {
                let (l, r) = (self.eval(left)?, self.eval(right)?);
                self.combine(*op, l, r)
            }
        }
    }

    /// Spans where every term of the sequence sits at its offset from the first.
    fn sequence(&mut self, terms: &[(u32, Term)]) -> tantivy::Result<Spans> {
        let mut lists = Vec::new();
        for (offset, term) in terms {
            match self.postings(term)? {
                Some(p) => lists.push((*offset, p)),
                None => return Ok(Spans::new()),
            }
        }
        let last = terms.iter().map(|(o, _)| *o).max().unwrap_or(0);
        let mut out = Spans::new();
        let Some(((_, first), rest)) = lists.split_first_mut() else { return Ok(out) };
        let (mut starts, mut buf) = (Vec::new(), Vec::new());
        let mut doc = first.doc();
        while doc != TERMINATED {
            if rest.iter_mut().all(|(_, p)| p.seek(doc) == doc) {
                first.positions(&mut starts);
                for (offset, p) in rest.iter_mut() {
                    p.positions(&mut buf);
                    starts.retain(|s| buf.binary_search(&(s + *offset)).is_ok());
                }
                if !starts.is_empty() {
                    out.insert(doc, starts.iter().map(|s| (*s, s + last)).collect());
                }
            }
            doc = first.advance();
        }
        Ok(out)
    }

    fn combine(&mut self, op: Proximity, left: Spans, right: Spans) -> tantivy::Result<Spans> {
        let needs_marks = matches!(op, Proximity::Sent | Proximity::Para);
        let mut sent =
            if needs_marks { self.postings(&Term::from_field_text(self.field, SENTENCE_MARK))? } else { None };
        let mut para =
            if needs_marks { self.postings(&Term::from_field_text(self.field, PARAGRAPH_MARK))? } else { None };
        let mut out = Spans::new();
        let mut marks = Vec::new();
        for (doc, ls) in &left {
            let Some(rs) = right.get(doc) else { continue };
            marks.clear();
            if op == Proximity::Sent {
                read_marks(&mut sent, *doc, &mut marks);
            }
            if needs_marks {
                read_marks(&mut para, *doc, &mut marks);
            }
            let found: Vec<(u32, u32)> = ls
                .iter()
                .flat_map(|l| rs.iter().map(move |r| (*l, *r)))
                .filter(|(l, r)| holds(op, *l, *r, &marks))
                .map(|(l, r)| (l.0.min(r.0), l.1.max(r.1)))
                .collect();
            if !found.is_empty() {
                out.insert(*doc, found);
            }
        }
        Ok(out)
    }
}

/// Appends the positions of a marker term in `doc` (documents are visited in order).
fn read_marks(postings: &mut Option<SegmentPostings>, doc: DocId, out: &mut Vec<u32>) {
    if let Some(p) = postings {
        if p.doc() <= doc && p.seek(doc) == doc {
            let mut buf = Vec::new();
            p.positions(&mut buf);
            out.extend(buf);
        }
    }
}

/// Whether spans `l` and `r` satisfy `op`; `marks` are the boundary positions that SENT
/// or PARA must not cross.
fn holds(op: Proximity, l: (u32, u32), r: (u32, u32), marks: &[u32]) -> bool {
    let after = |a: (u32, u32), b: (u32, u32), n: u32| b.0 > a.1 && b.0 - a.1 <= n;
    match op {
        Proximity::Adj(n) => after(l, r, n),
        Proximity::Near(n) => after(l, r, n) || after(r, l, n),
        Proximity::Sent | Proximity::Para => {
            let (lo, hi) = (l.0.min(r.0), l.1.max(r.1));
            !marks.iter().any(|m| *m > lo && *m < hi)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operator_semantics() {
        assert!(holds(Proximity::Adj(1), (0, 0), (1, 1), &[]));
        assert!(!holds(Proximity::Adj(1), (1, 1), (0, 0), &[]));
        assert!(holds(Proximity::Adj(3), (0, 1), (4, 4), &[]));
        assert!(!holds(Proximity::Adj(2), (0, 1), (4, 4), &[]));
        assert!(holds(Proximity::Near(2), (5, 5), (3, 3), &[]));
        assert!(holds(Proximity::Sent, (0, 0), (9, 9), &[12]));
        assert!(!holds(Proximity::Sent, (0, 0), (9, 9), &[4]));
    }
}
