//! Numerals: reads one numeral (Arabic, full-width-folded, Chinese with 万/亿/万亿, traditional
//! and financial forms, English number words and scales, and mixtures such as 1.7万亿 or
//! 5万4千6百) starting at a given byte offset, into an exact `Decimal`.
//! Pure and table-tested; knows nothing of units or claims.

use rust_decimal::Decimal;

/// How a numeral is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Script {
    /// ASCII digits only (after full-width folding), possibly with separators and a decimal point.
    Arabic,
    /// Chinese numeral characters only.
    Chinese,
    /// Arabic digits with Chinese magnitudes or digits (1.7万亿, 5万4千6百).
    Mixed,
    /// English number words (twenty-five, 13.9 billion counts as Mixed-English).
    English,
}

/// A numeral read from text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Numeral {
    /// Byte offset just past the numeral.
    pub end: usize,
    /// The exact value.
    pub value: Decimal,
    /// Place value of the last written non-zero digit (139亿 → 1e8, 13.9 → 0.1, 1500 → 100).
    pub resolution: Decimal,
    /// How it is written.
    pub script: Script,
    /// A 多/余/几/来 inside or right after the numeral (十多万, 160多, 二十几万): the value is a
    /// lower bound.
    pub more_than: bool,
    /// Only ASCII digits, no separator, decimal point or magnitude (years, phone numbers).
    pub plain_integer: bool,
    /// Number of digit characters written, for plain integers.
    pub digits: usize,
}

/// Reads the numeral that starts at byte `start` of `text`, if one does.
pub fn parse_numeral(_text: &str, _start: usize) -> Option<Numeral> {
    None
}
