//! Reading a document's values from the fast (columnar) fields of its segment: keyword
//! lists (applicants, IPC groups, Nice classes), dates and family links, without loading
//! the stored document. Shared by trademark search, export and family grouping.

use crate::SearchError;
use silkport_model::Date;
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, SegmentReader};

/// One segment's string column (absent when no document of the segment has the field).
pub(crate) struct StrValues(Option<StrColumn>);

impl StrValues {
    pub fn open(reader: &SegmentReader, field: &str) -> Result<StrValues, SearchError> {
        Ok(StrValues(reader.fast_fields().str(field)?))
    }

    /// Every value of `doc`, in the column's (sorted) order.
    pub fn get(&self, doc: DocId) -> Vec<String> {
        let Some(col) = &self.0 else { return Vec::new() };
        col.term_ords(doc)
            .filter_map(|ord| {
                let mut s = String::new();
                col.ord_to_str(ord, &mut s).ok().filter(|found| *found).map(|_| s)
            })
            .collect()
    }

    pub fn first(&self, doc: DocId) -> Option<String> {
        self.get(doc).into_iter().next()
    }
}

/// One segment's day-number column (`pd`, `ad`) read as dates.
pub(crate) struct DateValues(Option<Column<i64>>);

impl DateValues {
    pub fn open(reader: &SegmentReader, field: &str) -> DateValues {
        DateValues(reader.fast_fields().i64(field).ok())
    }

    pub fn days(&self, doc: DocId) -> Option<i64> {
        self.0.as_ref()?.first(doc)
    }

    pub fn get(&self, doc: DocId) -> Option<Date> {
        Date::from_days(self.days(doc)?)
    }
}

/// One segment's multi-valued u64 column (family links).
pub(crate) struct U64Values(Option<Column<u64>>);

impl U64Values {
    pub fn open(reader: &SegmentReader, field: &str) -> U64Values {
        U64Values(reader.fast_fields().u64(field).ok())
    }

    pub fn get(&self, doc: DocId) -> impl Iterator<Item = u64> + '_ {
        self.0.iter().flat_map(move |c| c.values_for_doc(doc))
    }
}
