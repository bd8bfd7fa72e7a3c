#![no_main]
//! See `quire::fuzzing::page`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| quire::fuzzing::page(data));
