#![no_main]
//! See `quire::fuzzing::tags`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| quire::fuzzing::tags(data));
