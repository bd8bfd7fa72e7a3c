#![no_main]
//! See `quire::fuzzing::front_matter`.
libfuzzer_sys::fuzz_target!(|data: &[u8]| quire::fuzzing::front_matter(data));
