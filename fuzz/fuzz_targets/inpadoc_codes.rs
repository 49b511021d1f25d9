#![no_main]
//! The `inpadoc-codes` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("inpadoc-codes", data));
