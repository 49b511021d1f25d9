#![no_main]
//! The trademark normaliser and the Nice scope parser: arbitrary mark text never panics,
//! keys are bounded by the input cut, pinyin spellings stay within their cap, and the
//! assessment of a form against itself is an exact match.

use silkport_search::marks::forms::{MarkForm, MAX_MARK_CHARS, MAX_READINGS};
use silkport_search::marks::nice::NiceScope;
use silkport_search::marks::rank::assess;
use silkport_search::marks::Matcher;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Some(f) = MarkForm::parse(s) {
        assert!(!f.key.is_empty());
        assert!(f.text.chars().count() <= MAX_MARK_CHARS);
        assert!(f.pinyin_keys().len() <= MAX_READINGS);
        let (similarity, reasons) = assess(&f, &f).expect("a form matches itself");
        assert_eq!((similarity, reasons[0].matcher), (1.0, Matcher::Exact));
    }
    let parts: Vec<String> = s.split(',').map(str::to_string).collect();
    let _ = NiceScope::parse(&parts, &parts);
});
