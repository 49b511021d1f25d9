//! Trademark search: conflict candidates for a mark text among the registry's trademarks
//! and geographical indications, ranked with the reasons a user can check.
//!
//! `forms` (the mark normaliser: keys, pinyin, Double Metaphone), `nice` (Nice classes,
//! similar-goods groups 类似群, the GI product concordance), `rank` (candidate generation
//! in the index and the explicit assessment that orders and explains them). This module
//! writes the mark fields of an index document.

pub mod forms;
pub mod nice;
pub mod rank;

use crate::schema::Fields;
use forms::MarkForm;
use nice::Coverage;
use silkport_model::{Right, RightKind};
use std::collections::BTreeSet;
use tantivy::TantivyDocument;

pub use rank::{MarkCandidate, MarkQuery, MarkResults, Matcher, Reason};

/// Rights trademark search compares a mark with.
pub fn is_mark(r: &Right) -> bool {
    matches!(r.kind, RightKind::Trademark | RightKind::GeographicalIndication)
}

/// The written forms of a mark or GI name: its titles in every language, the name as
/// registered (each part of `平谷大桃 / Pinggu Da Tao`) and its Latin transliteration.
pub fn written_forms(r: &Right) -> Vec<String> {
    let mut out: Vec<String> = r.texts.titles.iter().map(|t| t.text.clone()).collect();
    for attr in ["registered_name", "name_latin"] {
        if let Some(v) = r.attributes.get(attr) {
            out.push(v.clone());
            out.extend(v.split(" / ").map(str::to_string));
        }
    }
    out
}

/// The mark fields of a trademark's or GI's index document (nothing for other rights).
pub fn add_fields(f: &Fields, r: &Right, d: &mut TantivyDocument) {
    if !is_mark(r) {
        return;
    }
    let mut keys = BTreeSet::new();
    for form in written_forms(r).iter().filter_map(|t| MarkForm::parse(t)) {
        if !keys.insert(form.key.clone()) {
            continue;
        }
        d.add_text(f.mark_key, &form.key);
        d.add_text(f.mark_text, &form.text);
        d.add_text(f.mark_words, &form.text);
        for py in form.pinyin_keys() {
            d.add_text(f.mark_pinyin, py);
        }
        for loose in form.loose_keys() {
            d.add_text(f.mark_loose, loose);
        }
        for code in &form.phonetic {
            d.add_text(f.mark_phonetic, code);
        }
    }
    let cover = Coverage::of(r);
    for c in &cover.classes {
        d.add_text(f.nice, c);
    }
    for g in &cover.groups {
        d.add_text(f.nice_group, g);
    }
}
