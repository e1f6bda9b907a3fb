//! emcheck: a fact-check validator for emissions figures in news text.
//!
//! Data flow: `source` (bytes → decoded documents) → `normalize` (markup masked, offsets
//! kept) → `extract` (numerals + units + qualifiers → `Claim`s with spans into the original)
//! → reporters. See README.md, section Architecture.

#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod claim;
pub mod normalize;
pub mod numerals;
pub mod source;
