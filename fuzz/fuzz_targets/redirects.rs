#![no_main]
//! See `quire::fuzzing::redirects`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| quire::fuzzing::redirects(data));
