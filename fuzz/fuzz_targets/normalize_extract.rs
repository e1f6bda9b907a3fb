//! cargo-fuzz target `normalize_extract`: see `emcheck_fuzz::normalize_extract`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| emcheck_fuzz::normalize_extract(data));
