#![no_main]
//! The `stat-tables` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("stat-tables", data));
