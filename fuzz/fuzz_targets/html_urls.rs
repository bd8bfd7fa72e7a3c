#![no_main]
//! See `quire::fuzzing::html_urls`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| quire::fuzzing::html_urls(data));
