#![no_main]
//! Identifier parsing: publication, application and right ids never panic, and a parsed
//! publication id re-parses to itself.

use silkport_model::{AppNumber, PublicationId, RightId};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(p) = PublicationId::parse(s) {
        assert_eq!(PublicationId::parse(&p.to_string()).as_ref(), Ok(&p));
    }
    let _ = AppNumber::parse(s);
    let _ = RightId::parse(s);
    let _ = silkport_model::IpcSymbol::parse(s);
    let _ = silkport_model::Date::parse(s);
});
