#![no_main]
//! The `jsonl` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("jsonl", data));
