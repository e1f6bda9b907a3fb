//! cargo-fuzz target `directives`: see `emcheck_fuzz::directives`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| emcheck_fuzz::directives(data));
