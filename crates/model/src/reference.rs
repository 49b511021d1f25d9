//! Reference data loaded beside the rights: classification titles, the Nice classes with
//! China's similar-goods groups (类似群), listed companies, legal-event code tables.

use crate::text::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One row of a reference table, keyed by `(table, key, lang)`. Tables: `ipc` (symbol →
/// title), `nice_class`, `nice_group` (类似群), `nice_item`, `listed_company`,
/// `legal_event_code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefRecord {
    pub table: String,
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
    /// The row's fields by name, e.g. `title`, `level`, `class`, `group`.
    pub fields: BTreeMap<String, String>,
}

impl RefRecord {
    pub fn new(table: &str, key: impl Into<String>, lang: Option<Lang>) -> RefRecord {
        RefRecord { table: table.to_string(), key: key.into(), lang, fields: BTreeMap::new() }
    }

    /// Adds the fields this row lacks from another source of the same row; fields it
    /// has are kept, so rows from several files converge.
    pub fn fill_gaps(&mut self, other: RefRecord) {
        for (k, v) in other.fields {
            self.fields.entry(k).or_insert(v);
        }
    }

    pub fn field(mut self, name: &str, value: impl Into<String>) -> RefRecord {
        let v = value.into();
        if !v.trim().is_empty() {
            self.fields.insert(name.to_string(), v.trim().to_string());
        }
        self
    }
}
