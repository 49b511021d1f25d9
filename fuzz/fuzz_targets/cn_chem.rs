#![no_main]
//! The `cn-chem` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("cn-chem", data));
