#![no_main]
//! The `cnipa-tsv` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("cnipa-tsv", data));
