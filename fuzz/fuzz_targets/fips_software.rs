#![no_main]
//! The `fips-software` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("fips-software", data));
