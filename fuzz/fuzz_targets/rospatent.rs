#![no_main]
//! The `rospatent` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("rospatent", data));
