//! cargo-fuzz target `rules_load`: see `emcheck_fuzz::rules_load`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| emcheck_fuzz::rules_load(data));
