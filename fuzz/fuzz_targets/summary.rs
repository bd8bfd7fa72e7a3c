#![no_main]
//! See `quire::fuzzing::summary`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| quire::fuzzing::summary(data));
