#![no_main]
//! The `gi-india` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("gi-india", data));
