#![no_main]
//! The `nice` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("nice", data));
