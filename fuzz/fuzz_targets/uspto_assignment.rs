#![no_main]
//! The `uspto-assignment` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("uspto-assignment", data));
