#![no_main]
//! The `ipc-scheme` parser on arbitrary bytes.

libfuzzer_sys::fuzz_target!(|data: &[u8]| silkport_fuzz::parse("ipc-scheme", data));
