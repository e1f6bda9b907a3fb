//! cargo-fuzz target `config_load`: see `emcheck_fuzz::config_load`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| emcheck_fuzz::config_load(data));
