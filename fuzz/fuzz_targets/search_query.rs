#![no_main]
//! The search query language and analyzers: parsing, compiling and tokenizing arbitrary
//! text never panics, a parse error points inside the query (or just past its end), and
//! every token's offsets lie on character boundaries of the input.

use silkport_search::analysis::Analyzer;
use silkport_search::query::{parse, plain, Compiler};
use silkport_search::schema::Fields;
use std::sync::OnceLock;

fn fields() -> &'static Fields {
    static FIELDS: OnceLock<Fields> = OnceLock::new();
    FIELDS.get_or_init(Fields::build)
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    match parse(s) {
        Ok(expr) => {
            let _ = Compiler::new(fields(), None).compile(&expr);
        }
        Err(e) => assert!(e.position >= 1 && e.position <= s.chars().count() + 1, "{e}"),
    }
    if let Ok(expr) = plain(s) {
        let _ = Compiler::new(fields(), None).compile(&expr);
    }
    for query in [false, true] {
        for t in Analyzer::Zh.tokens(s, query) {
            assert!(t.offset_from <= t.offset_to && s.is_char_boundary(t.offset_from) && s.is_char_boundary(t.offset_to));
        }
    }
});
