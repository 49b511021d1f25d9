//! Export: every result of a query, as rows streamed one at a time (JSONL or CSV), with no
//! cap and in constant memory.
//!
//! In index order (the default) the query's scorer walks each segment and a row is built
//! per live document as it is reached: memory does not grow with the number of results.
//! Sorted by relevance or date, the (key, address) pairs of all matches are collected first
//! (16 bytes per result, never the documents), sorted, then rows are built in that order.
//! `ExportRows` is an iterator, so an HTTP layer can run it in a blocking task and feed a
//! channel; `write_jsonl` and `write_csv` write it to any `io::Write`.

use crate::columns::{DateValues, StrValues};
use crate::index::SearchIndex;
use crate::search::SearchRequest;
use crate::xlang::Dictionary;
use crate::SearchError;
use serde::Serialize;
use std::io::Write;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{EnableScoring, Query, Weight};
use tantivy::schema::Value;
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument, TERMINATED};

/// The order rows come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportOrder {
    /// As stored: streamed, constant memory.
    #[default]
    Index,
    Relevance,
    DateDesc,
    DateAsc,
}

/// One exported result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportRow {
    pub id: String,
    /// BM25 score of the query; null in date order.
    pub score: Option<f32>,
    pub title: Option<String>,
    pub lang: Option<String>,
    pub kind: Option<String>,
    pub status: Option<String>,
    /// Publication (else grant) date, `YYYY-MM-DD`.
    pub date: Option<String>,
    pub countries: Vec<String>,
    pub applicants: Vec<String>,
    /// IPC main groups (CPC when the right has no IPC).
    pub ipc: Vec<String>,
}

/// CSV header, in `ExportRow` order; lists are joined with `; `.
pub const CSV_COLUMNS: [&str; 10] =
    ["id", "score", "title", "lang", "kind", "status", "date", "countries", "applicants", "ipc"];

/// The columns of one segment a row is read from.
struct SegmentColumns {
    kind: StrValues,
    status: StrValues,
    cc: StrValues,
    applicants: StrValues,
    ipc: StrValues,
    date: DateValues,
}

impl SegmentColumns {
    fn open(r: &SegmentReader) -> Result<SegmentColumns, SearchError> {
        Ok(SegmentColumns {
            kind: StrValues::open(r, "f_kind")?,
            status: StrValues::open(r, "status")?,
            cc: StrValues::open(r, "cc")?,
            applicants: StrValues::open(r, "f_applicant")?,
            ipc: StrValues::open(r, "f_group")?,
            date: DateValues::open(r, "pd"),
        })
    }
}

/// Where the iterator is.
enum Cursor {
    /// Walking segment `seg`'s scorer (index order).
    Stream { seg: usize, scorer: Option<Box<dyn tantivy::query::Scorer>> },
    /// Walking collected addresses (sorted orders).
    Sorted { list: std::vec::IntoIter<(Score, DocAddress)>, scored: bool },
}

/// The rows of an export, produced on demand.
pub struct ExportRows {
    searcher: Searcher,
    weight: Box<dyn Weight>,
    columns: Vec<SegmentColumns>,
    fields: crate::schema::Fields,
    cursor: Cursor,
}

impl SearchIndex {
    /// Every result of `req` (its `limit` and `offset` are ignored) as rows in `order`.
    pub fn export(
        &self,
        req: &SearchRequest,
        dict: Option<&Dictionary>,
        order: ExportOrder,
    ) -> Result<ExportRows, SearchError> {
        let (query, _) = self.request_query(req, dict)?;
        let searcher = self.reader.searcher();
        let weight = query.weight(EnableScoring::enabled_from_searcher(&searcher))?;
        let columns = searcher.segment_readers().iter().map(SegmentColumns::open).collect::<Result<_, _>>()?;
        let cursor = match order {
            ExportOrder::Index => Cursor::Stream { seg: 0, scorer: None },
            sorted => Cursor::Sorted {
                list: collect_sorted(&searcher, query.as_ref(), sorted)?.into_iter(),
                scored: sorted == ExportOrder::Relevance,
            },
        };
        Ok(ExportRows { searcher, weight, columns, fields: self.fields.clone(), cursor })
    }
}

/// Every match's address with its score (relevance) or date (date orders), sorted.
fn collect_sorted(
    searcher: &Searcher,
    query: &dyn Query,
    order: ExportOrder,
) -> Result<Vec<(Score, DocAddress)>, SearchError> {
    let mut all = searcher.search(query, &AllMatches { by_date: order != ExportOrder::Relevance })?;
    match order {
        ExportOrder::DateAsc => all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))),
        _ => all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))),
    }
    Ok(all)
}

impl Iterator for ExportRows {
    type Item = Result<ExportRow, SearchError>;

    fn next(&mut self) -> Option<Self::Item> {
        let addr = match self.next_address() {
            Ok(Some(a)) => a,
            Ok(None) => return None,
            Err(e) => return Some(Err(e)),
        };
        Some(self.row(addr.0, addr.1))
    }
}

impl ExportRows {
    /// The next match in the cursor's order, with its score.
    fn next_address(&mut self) -> Result<Option<(Option<Score>, DocAddress)>, SearchError> {
        match &mut self.cursor {
            Cursor::Sorted { list, scored } => Ok(list.next().map(|(s, a)| (scored.then_some(s), a))),
            Cursor::Stream { seg, scorer } => loop {
                let readers = self.searcher.segment_readers();
                if *seg >= readers.len() {
                    return Ok(None);
                }
                let reader = &readers[*seg];
                if scorer.is_none() {
                    *scorer = Some(self.weight.scorer(reader, 1.0)?);
                } else if let Some(s) = scorer.as_mut() {
                    s.advance();
                }
                let s = scorer.as_mut().expect("set above");
                let alive = reader.alive_bitset();
                while s.doc() != TERMINATED && alive.is_some_and(|a| !a.is_alive(s.doc())) {
                    s.advance();
                }
                if s.doc() == TERMINATED {
                    *seg += 1;
                    *scorer = None;
                    continue;
                }
                return Ok(Some((Some(s.score()), DocAddress::new(*seg as SegmentOrdinal, s.doc()))));
            },
        }
    }

    fn row(&self, score: Option<Score>, addr: DocAddress) -> Result<ExportRow, SearchError> {
        let doc: TantivyDocument = self.searcher.doc(addr)?;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let c = &self.columns[addr.segment_ord as usize];
        let d = addr.doc_id;
        Ok(ExportRow {
            id: text(self.fields.id).unwrap_or_default(),
            score,
            title: text(self.fields.title),
            lang: text(self.fields.title_lang),
            kind: c.kind.first(d),
            status: c.status.first(d),
            date: c.date.get(d).map(|x| x.to_string()),
            countries: c.cc.get(d),
            applicants: c.applicants.get(d),
            ipc: c.ipc.get(d),
        })
    }
}

/// Collects every match's (score or date, address).
struct AllMatches {
    by_date: bool,
}

struct AllMatchesSegment {
    seg: SegmentOrdinal,
    date: Option<DateValues>,
    out: Vec<(Score, DocAddress)>,
}

impl Collector for AllMatches {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = AllMatchesSegment;

    fn for_segment(&self, seg: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<AllMatchesSegment> {
        let date = self.by_date.then(|| DateValues::open(reader, "pd"));
        Ok(AllMatchesSegment { seg, date, out: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        !self.by_date
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(Score, DocAddress)>>) -> tantivy::Result<Vec<(Score, DocAddress)>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for AllMatchesSegment {
    type Fruit = Vec<(Score, DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        // Undated documents sort after every dated one (newest first) or before (oldest).
        let key = match &self.date {
            Some(d) => d.days(doc).map_or(f32::MIN, |x| x as f32),
            None => score,
        };
        self.out.push((key, DocAddress::new(self.seg, doc)));
    }

    fn harvest(self) -> Vec<(Score, DocAddress)> {
        self.out
    }
}

/// Writes rows as JSON Lines; returns how many. Stops at the first error.
pub fn write_jsonl(
    rows: impl Iterator<Item = Result<ExportRow, SearchError>>,
    out: &mut impl Write,
) -> Result<u64, SearchError> {
    let mut n = 0;
    for row in rows {
        let line = serde_json::to_string(&row?).map_err(|e| SearchError::io(std::path::Path::new("-"), e.into()))?;
        writeln!(out, "{line}").map_err(|e| SearchError::io(std::path::Path::new("-"), e))?;
        n += 1;
    }
    Ok(n)
}

/// Writes rows as CSV with the `CSV_COLUMNS` header; returns how many.
pub fn write_csv(
    rows: impl Iterator<Item = Result<ExportRow, SearchError>>,
    out: &mut impl Write,
) -> Result<u64, SearchError> {
    let io = |e: std::io::Error| SearchError::io(std::path::Path::new("-"), e);
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS).map_err(|e| io(e.into()))?;
    let mut n = 0;
    for row in rows {
        let r = row?;
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let record = [
            r.id.clone(),
            r.score.map(|s| s.to_string()).unwrap_or_default(),
            opt(&r.title),
            opt(&r.lang),
            opt(&r.kind),
            opt(&r.status),
            opt(&r.date),
            r.countries.join("; "),
            r.applicants.join("; "),
            r.ipc.join("; "),
        ];
        w.write_record(&record).map_err(|e| io(e.into()))?;
        n += 1;
    }
    w.flush().map_err(io)?;
    Ok(n)
}
