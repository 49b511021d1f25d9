#![no_main]
//! The `cn-listed` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("cn-listed", data));
