#![no_main]
//! The `uspto-xml` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("uspto-xml", data));
