#![no_main]
//! The `ep-xml` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("ep-xml", data));
