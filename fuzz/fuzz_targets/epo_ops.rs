#![no_main]
//! The `epo-ops` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("epo-ops", data));
