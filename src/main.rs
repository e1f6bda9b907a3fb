//! The `emcheck` command line.
fn main() {}
