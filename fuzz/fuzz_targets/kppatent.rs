#![no_main]
//! The `kppatent` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("kppatent", data));
