//! Reporters: views of plain data (`Claim` now, `Finding` later) in the output formats of the
//! contract. Reporters compute nothing about claims; they only place and print them. Also
//! the line index every reporter places spans with, the JSON string and integer writers
//! the JSON Lines reporters share (byte for byte what serde_json writes), and the decimal
//! writer they share with the checks' messages (byte for byte what `Display` writes).

pub mod checkstyle;
pub mod claims;
pub mod findings;
pub mod pretty;
pub mod rdjson;
pub mod sarif;

use rust_decimal::Decimal;

/// Maps byte offsets of one document to 1-based lines and columns counted in Unicode scalar
/// values (a Chinese character is one column, not three bytes).
///
/// Columns are counted from the last offset asked for when it lies earlier on the same line,
/// so asking for the claims of a document in order costs one pass over it, even when the
/// whole article is one long line; its line is found by stepping forward from the last one
/// when it is a few lines on, else by a binary search.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: std::borrow::Cow<'a, [usize]>,
    /// The last (offset, column, line) computed, to count onwards from.
    cursor: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            line_starts: line_starts(text).into(),
            cursor: std::cell::Cell::new((0, 1, 1)),
        }
    }

    /// Indexes `text` with its `line_starts`, computed once for several indexes (the parts of
    /// a long document, checked on several threads).
    pub fn with_starts(text: &'a str, line_starts: &'a [usize]) -> Self {
        debug_assert_eq!(line_starts.first(), Some(&0));
        LineIndex {
            text,
            line_starts: line_starts.into(),
            cursor: std::cell::Cell::new((0, 1, 1)),
        }
    }

    /// Where each line starts (see `line_starts`).
    pub fn starts(&self) -> &[usize] {
        &self.line_starts
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).max(1)
    }

    /// The line of `offset` (`line_of`), at or after `cursor_offset` on `cursor_line`.
    fn line_onwards(&self, offset: usize, cursor_offset: usize, cursor_line: usize) -> usize {
        /// Lines stepped over before searching instead.
        const STEPS: usize = 8;
        if offset < cursor_offset {
            return self.line_of(offset);
        }
        let starts = &self.line_starts[cursor_line..];
        match starts.iter().take(STEPS).position(|&s| s > offset) {
            Some(steps) => cursor_line + steps,
            None if starts.len() <= STEPS => cursor_line + starts.len(),
            None => self.line_of(offset),
        }
    }

    /// 1-based line and column of byte `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let (cursor_offset, cursor_column, cursor_line) = self.cursor.get();
        let line = self.line_onwards(offset, cursor_offset, cursor_line);
        let start = self.line_starts[line - 1];
        let (from, base) = if cursor_offset >= start && cursor_offset <= offset {
            (cursor_offset, cursor_column)
        } else {
            (start, 1)
        };
        let column = base
            + self
                .text
                .get(from..offset)
                .map_or(offset - from, count_chars);
        self.cursor.set((offset, column, line));
        (line, column)
    }

    /// Counts onwards from `offset` next, known to be at `line` and `column` (worked out by
    /// another index of the same text): what `line_column(offset)` would leave behind, without
    /// counting up to it.
    fn pass(&self, offset: usize, line: usize, column: usize) {
        if offset <= self.text.len() && self.text.is_char_boundary(offset) {
            self.cursor.set((offset, column, line));
        }
    }

    /// The byte range of the line holding `offset`, without its line break.
    pub fn line_range(&self, offset: usize) -> std::ops::Range<usize> {
        let line = self.line_of(offset);
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e.saturating_sub(1));
        start..end.max(start)
    }
}

/// Places byte offsets of one document on its lines: a `LineIndex` over its text, or the
/// `Places` worked out with one before the text was let go.
pub trait Locate {
    /// 1-based line and column of byte `offset`.
    fn line_column(&self, offset: usize) -> (usize, usize);
}

impl Locate for LineIndex<'_> {
    fn line_column(&self, offset: usize) -> (usize, usize) {
        LineIndex::line_column(self, offset)
    }
}

/// The line and column of chosen offsets of a document, worked out by a `LineIndex` of its
/// text: what a reporter needs of the text to place findings at those offsets, kept instead
/// of the text (`check` keeps them between its phases for JSON Lines). Asking for an offset
/// that was not chosen is a bug, and panics.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Places {
    /// (offset, line, column), by offset, each offset once.
    at: Vec<(usize, usize, usize)>,
}

impl Places {
    /// Places `offsets` (in any order, repeated or not) with `index`, beside `placed`: offsets
    /// with their line and column worked out already by a `LineIndex` of the same text (the
    /// same for an offset in both).
    pub fn of(
        index: &LineIndex<'_>,
        offsets: impl IntoIterator<Item = usize>,
        placed: impl IntoIterator<Item = (usize, usize, usize)>,
    ) -> Self {
        // Line 0 (lines count from 1) marks an offset still to place. One sort, a placed entry
        // before one to place at the same offset, so that it is the one `dedup` keeps.
        let mut at: Vec<(usize, usize, usize)> = placed.into_iter().collect();
        at.extend(offsets.into_iter().map(|offset| (offset, 0, 0)));
        at.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        at.dedup_by_key(|&mut (offset, _, _)| offset);
        // In text order, so the index counts each column onwards from the last offset, placed
        // already or not: an entry placed already moves the index on as placing it would have
        // (on a long line, the next column is counted from there rather than from the last
        // offset placed here).
        for &mut (offset, ref mut line, ref mut column) in &mut at {
            if *line == 0 {
                (*line, *column) = index.line_column(offset);
            } else {
                debug_assert_eq!((*line, *column), index.line_column(offset));
                index.pass(offset, *line, *column);
            }
        }
        Places { at }
    }

    /// Places as `entries` gives them (read back from a spill file): `None` unless they are
    /// in order of their offsets, each offset once.
    pub fn from_entries(at: Vec<(usize, usize, usize)>) -> Option<Self> {
        at.windows(2)
            .all(|w| w[0].0 < w[1].0)
            .then_some(Places { at })
    }

    /// (offset, line, column), by offset.
    pub fn entries(&self) -> &[(usize, usize, usize)] {
        &self.at
    }

    /// The bytes it holds beyond itself.
    pub fn heap_bytes(&self) -> usize {
        self.at.capacity() * size_of::<(usize, usize, usize)>()
    }
}

impl Locate for Places {
    fn line_column(&self, offset: usize) -> (usize, usize) {
        let i = self
            .at
            .binary_search_by_key(&offset, |&(o, _, _)| o)
            .unwrap_or_else(|_| panic!("offset {offset} was not placed"));
        let (_, line, column) = self.at[i];
        (line, column)
    }
}

/// `s.chars().count()`: the bytes of `s` that do not continue a UTF-8 character (`0b10xx_xxxx`),
/// eight at a time (the stretches counted are a few dozen bytes, where `chars().count()` spends
/// more on finding its aligned words than on counting them). The bytes after the last whole
/// eight are counted in the last eight bytes of `s`, shifted so that only they are left
/// (zeros continue nothing).
fn count_chars(s: &str) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The continuation bytes of a word, summed into its top byte (at most 8): the top bit of
    // each byte that is `10` in its top two bits (bit 6 shifted onto bit 7 of the same byte).
    let continuing_in = |w: u64| {
        let marks = (w & !(w << 1) & HIGH) >> 7;
        (marks.wrapping_mul(0x0101_0101_0101_0101) >> 56) as usize
    };
    let bytes = s.as_bytes();
    let mut words = bytes.chunks_exact(8);
    let mut continuing = 0;
    for word in &mut words {
        continuing += continuing_in(u64::from_le_bytes(word.try_into().expect("eight bytes")));
    }
    let rest = words.remainder().len();
    match bytes.last_chunk::<8>() {
        // Little-endian: the last `rest` bytes are the top ones.
        Some(last) if rest > 0 => {
            continuing += continuing_in(u64::from_le_bytes(*last) >> (8 * (8 - rest)));
        }
        _ => {
            continuing += words
                .remainder()
                .iter()
                .filter(|&&b| (b as i8) < -0x40)
                .count()
        }
    }
    s.len() - continuing
}

/// Appends `s` as a JSON string when it is known to need no escaping (the names of kinds,
/// qualifiers, gases, severities, verdicts: plain ASCII words), without looking at it.
pub(crate) fn push_clean_str(buf: &mut Vec<u8>, s: &str) {
    debug_assert!(is_clean(s.as_bytes()), "{s:?} needs escaping");
    buf.push(b'"');
    buf.extend_from_slice(s.as_bytes());
    buf.push(b'"');
}

/// The byte offset of each line of `text`, for `LineIndex::with_starts`.
pub fn line_starts(text: &str) -> Vec<usize> {
    let breaks = memchr::memchr_iter(b'\n', text.as_bytes());
    // A long text's breaks are counted first, so its vector is made once at its size rather
    // than grown (memory); an article's vector gets room for a line every 32 bytes (news
    // paragraphs are longer) and is grown if that is not enough: the same starts, in one pass
    // over the text instead of two.
    let room = if text.len() > LINES_COUNTED_FROM {
        breaks.clone().count()
    } else {
        text.len() / 32
    };
    let mut starts = Vec::with_capacity(1 + room);
    starts.push(0);
    starts.extend(breaks.map(|i| i + 1));
    starts
}

/// Bytes of text above which `line_starts` counts the lines before making its vector.
const LINES_COUNTED_FROM: usize = 1 << 20;

/// A value with its unit as an editor reads it: `15.7 Gt`, `106 GW`, `27%`, `1.4 ℃`, `USD 369 billion`.
/// Written piece by piece (`push_normalized` for `{}` of a normalized number): checks call it
/// for most findings, and `format!` cost more than the rest.
pub fn format_value(value: Decimal, unit: &str) -> String {
    let mut out = String::with_capacity(24);
    // `v / 10^exp` to three places, the prefix and the base: `15.7 Gt`.
    let scaled = |out: &mut String, v: Decimal, steps: &[(u32, &str)], base: &str| {
        for &(exp, prefix) in steps {
            if v.abs() >= pow10(exp) {
                push_normalized(out, shift(v, exp).round_dp(3));
                for piece in [" ", prefix, base] {
                    out.push_str(piece);
                }
                return;
            }
        }
        push_normalized(out, v.round_dp(6));
        out.push(' ');
        out.push_str(base);
    };
    let suffix = match unit {
        "t" => {
            scaled(&mut out, value, &[(9, "G"), (6, "M"), (3, "k")], "t");
            return out;
        }
        "W" | "Wh" => {
            let steps = [(12, "T"), (9, "G"), (6, "M"), (3, "k")];
            scaled(&mut out, value, &steps, unit);
            return out;
        }
        "x" => {
            push_normalized(&mut out, value.round_dp(3));
            out.push('×');
            return out;
        }
        code if code.len() == 3 && code.bytes().all(|c| c.is_ascii_uppercase()) => {
            out.push_str(code);
            out.push(' ');
            for (exp, word) in [(12u32, "trillion"), (9, "billion"), (6, "million")] {
                if value.abs() >= pow10(exp) {
                    push_normalized(&mut out, shift(value, exp).round_dp(3));
                    out.push(' ');
                    out.push_str(word);
                    return out;
                }
            }
            push_normalized(&mut out, value);
            return out;
        }
        "%" => "%",
        "pp" => " percentage points",
        "degC" => " ℃",
        "degF" => " ℉",
        "deg" => "°",
        "count" | "rank" | "year" | "ordinal" => "",
        "d" => " days",
        "mo" => " months",
        other => {
            push_normalized(&mut out, value);
            out.push(' ');
            out.push_str(other);
            return out;
        }
    };
    push_normalized(&mut out, value);
    out.push_str(suffix);
    out
}

/// `10^exp` as a decimal (exp ≤ 18).
fn pow10(exp: u32) -> Decimal {
    Decimal::from_i128_with_scale(10i128.pow(exp), 0)
}

/// `v / 10^exp`: the same mantissa at a larger scale when that scale is allowed (the
/// division's value exactly; `format_value` rounds and normalizes it, so only the value
/// counts), else the division.
fn shift(v: Decimal, exp: u32) -> Decimal {
    match v.scale() + exp {
        scale @ ..=28 => {
            let mut shifted = v;
            // `set_scale` keeps the mantissa and the sign.
            if shifted.set_scale(scale).is_ok() {
                return shifted;
            }
            v / pow10(exp)
        }
        _ => v / pow10(exp),
    }
}

/// Text a number can be appended to: a `String` or bytes.
pub(crate) trait PushStr {
    /// Appends `s`.
    fn push_str_(&mut self, s: &str);
}

impl PushStr for String {
    fn push_str_(&mut self, s: &str) {
        self.push_str(s);
    }
}

impl PushStr for Vec<u8> {
    fn push_str_(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
}

/// Appends `n` zero-padded to two digits, as `{n:02}` writes it.
fn push_2(out: &mut impl PushStr, n: u8) {
    if n < 10 {
        out.push_str_("0");
    }
    out.push_str_(itoa::Buffer::new().format(n));
}

/// Appends what `Display` writes for a date (ISO forms, see `PartialDate`), without the
/// formatting machinery: for the claims' JSON and the checks' messages (tests hold it to
/// `Display`).
pub(crate) fn push_date(out: &mut impl PushStr, d: crate::claim::PartialDate) {
    fn month_day(out: &mut impl PushStr, month: u8, day: Option<u8>) {
        push_2(out, month);
        if let Some(day) = day {
            out.push_str_("-");
            push_2(out, day);
        }
    }
    match (d.year, d.month, d.day) {
        // `{y:04}` of a negative year puts the sign inside the padding: left to `Display`.
        (Some(y), ..) if y < 0 => out.push_str_(&d.to_string()),
        (Some(y), month, day) => {
            let y = y.unsigned_abs();
            let pad = match y {
                0..10 => 3,
                10..100 => 2,
                100..1000 => 1,
                _ => 0,
            };
            out.push_str_(&"000"[..pad]);
            out.push_str_(itoa::Buffer::new().format(y));
            if let Some(month) = month {
                out.push_str_("-");
                month_day(out, month, day);
            }
        }
        (None, Some(month), day) => {
            out.push_str_("--");
            month_day(out, month, day);
        }
        (None, None, Some(day)) => {
            out.push_str_("---");
            push_2(out, day);
        }
        (None, None, None) => {}
    }
}

/// Appends what `Display` writes for `d` (`{}`: `-` for a negative sign, the mantissa's digits,
/// the point at its scale), without the formatting machinery (a test holds the two equal).
pub(crate) fn push_decimal(out: &mut impl PushStr, d: Decimal) {
    push_digits(out, d, false);
}

/// Appends what `Display` writes for `d.normalize()`: as `push_decimal`, trailing fractional
/// zeros dropped, `0` for any zero (a test holds the two equal).
pub(crate) fn push_normalized(out: &mut impl PushStr, d: Decimal) {
    push_digits(out, d, true);
}

/// `push_decimal` (`normalized` false) and `push_normalized` (true).
///
/// Inlined where it is called for the common case, an integer (scale 0) of at most 64 bits:
/// its sign and its digits, what `push_any_digits` writes for it (no point, no zeros to
/// drop; a zero's sign only when not normalized), without the call and the general case's
/// 128-bit steps.
#[inline]
fn push_digits(out: &mut impl PushStr, d: Decimal, normalized: bool) {
    if d.scale() == 0
        && let Ok(magnitude) = u64::try_from(d.mantissa().unsigned_abs())
    {
        if d.is_sign_negative() && !(normalized && magnitude == 0) {
            out.push_str_("-");
        }
        out.push_str_(itoa::Buffer::new().format(magnitude));
    } else {
        push_any_digits(out, d, normalized);
    }
}

/// `push_digits` of any decimal.
fn push_any_digits(out: &mut impl PushStr, d: Decimal, normalized: bool) {
    let mantissa = d.mantissa();
    if mantissa == 0 && normalized {
        out.push_str_("0");
        return;
    }
    if d.is_sign_negative() {
        out.push_str_("-");
    }
    let mut itoa = itoa::Buffer::new();
    let magnitude = mantissa.unsigned_abs();
    let mut digits = match (magnitude, u64::try_from(magnitude)) {
        (0, _) => "",
        (_, Ok(small)) => itoa.format(small),
        (_, Err(_)) => itoa.format(magnitude),
    };
    let mut scale = d.scale() as usize;
    if normalized {
        while scale > 0
            && let Some(rest) = digits.strip_suffix('0')
        {
            digits = rest;
            scale -= 1;
        }
    }
    if scale == 0 {
        out.push_str_(if digits.is_empty() { "0" } else { digits });
    } else if digits.len() > scale {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        out.push_str_(whole);
        out.push_str_(".");
        out.push_str_(fraction);
    } else {
        out.push_str_("0.");
        for _ in digits.len()..scale {
            out.push_str_("0");
        }
        out.push_str_(digits);
    }
}

/// Appends `n` in decimal, as serde_json writes integers (with the same `itoa`).
pub(crate) fn push_usize(buf: &mut Vec<u8>, n: usize) {
    buf.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Whether JSON needs `b` escaped: control characters, the quote and the backslash. serde_json
/// escapes exactly these (not `/`, not DEL, not non-ASCII).
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether none of `bytes` needs escaping: whole chunks of thirty-two, sixteen, eight or four
/// bytes at a time (the compiler checks a chunk without a branch per byte), the last chunk
/// overlapping the ones before it.
fn is_clean(bytes: &[u8]) -> bool {
    // The three tests folded apart: a vector compare and mask each.
    fn chunk<const N: usize>(bytes: &[u8]) -> bool {
        <&[u8; N]>::try_from(bytes).is_ok_and(|c| {
            let (mut control, mut quote, mut backslash) = (0u8, 0u8, 0u8);
            for &b in c {
                control |= u8::from(b < 0x20);
                quote |= u8::from(b == b'"');
                backslash |= u8::from(b == b'\\');
            }
            control | quote | backslash == 0
        })
    }
    let n = bytes.len();
    if n >= 32 {
        bytes.chunks_exact(32).all(chunk::<32>) && chunk::<32>(&bytes[n - 32..])
    } else if n >= 16 {
        bytes.chunks_exact(16).all(chunk::<16>) && chunk::<16>(&bytes[n - 16..])
    } else if n >= 8 {
        chunk::<8>(&bytes[..8]) && chunk::<8>(&bytes[n - 8..])
    } else if n >= 4 {
        chunk::<4>(&bytes[..4]) && chunk::<4>(&bytes[n - 4..])
    } else {
        !bytes.iter().any(|&b| needs_escape(b))
    }
}

/// Appends `s` as a JSON string, escaped as serde_json escapes it: `\"`, `\\`, `\b`, `\t`,
/// `\n`, `\f`, `\r`, and `\u00xx` (lowercase hex) for the other control characters. Most
/// strings need no escaping and are copied whole.
///
/// Inlined where it is called, the test and copy of a clean string without a call (a claim's
/// line has four or five strings, most of them a few bytes); `push_escaped` escapes the rest.
#[inline]
pub(crate) fn push_json_str(buf: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    if is_clean(bytes) {
        buf.reserve(bytes.len() + 2);
        buf.push(b'"');
        buf.extend_from_slice(bytes);
        buf.push(b'"');
    } else {
        push_escaped(buf, bytes);
    }
}

/// `push_json_str` of a string that needs escaping.
fn push_escaped(buf: &mut Vec<u8>, bytes: &[u8]) {
    const CHUNK: usize = 16;
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    // `bytes[start..i]` is clean and not yet written.
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        if let Some(chunk) = bytes
            .get(i..i + CHUNK)
            .and_then(|c| <&[u8; CHUNK]>::try_from(c).ok())
            && !chunk.iter().fold(false, |any, &b| any | needs_escape(b))
        {
            i += CHUNK;
            continue;
        }
        let b = bytes[i];
        if needs_escape(b) {
            buf.extend_from_slice(&bytes[start..i]);
            match b {
                b'"' => buf.extend_from_slice(b"\\\""),
                b'\\' => buf.extend_from_slice(b"\\\\"),
                0x08 => buf.extend_from_slice(b"\\b"),
                b'\t' => buf.extend_from_slice(b"\\t"),
                b'\n' => buf.extend_from_slice(b"\\n"),
                0x0c => buf.extend_from_slice(b"\\f"),
                b'\r' => buf.extend_from_slice(b"\\r"),
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    buf.extend_from_slice(b"\\u00");
                    buf.push(HEX[usize::from(b >> 4)]);
                    buf.push(HEX[usize::from(b & 0xf)]);
                }
            }
            start = i + 1;
        }
        i += 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_date_writes_as_display() {
        let years = [
            None,
            Some(0),
            Some(7),
            Some(99),
            Some(100),
            Some(999),
            Some(1000),
            Some(2023),
            Some(9999),
            Some(10000),
            Some(123_456),
            Some(-1),
            Some(-2023),
            Some(i32::MIN),
            Some(i32::MAX),
        ];
        let small = (0..=12u8).chain([31, 99, 100, 255]).map(Some);
        let parts: Vec<Option<u8>> = std::iter::once(None).chain(small).collect();
        for year in years {
            for &month in &parts {
                for &day in &parts {
                    let d = crate::claim::PartialDate { year, month, day };
                    let mut out = String::from("x");
                    push_date(&mut out, d);
                    assert_eq!(out, format!("x{d}"), "{d:?}");
                }
            }
        }
    }
    use proptest::prelude::*;

    fn escaped(s: &str) -> String {
        let mut buf = Vec::new();
        push_json_str(&mut buf, s);
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn strings_escape_as_serde_json_does() {
        // Every ASCII character, alone and at every place around the 16-byte chunks.
        for c in (0u8..0x80)
            .map(char::from)
            .chain(['é', '中', '—', '\u{2028}', '\u{7f}'])
        {
            for at in 0..80 {
                let s: String = "二氧化碳 ab".chars().cycle().take(at).chain([c]).collect();
                let s = format!("{s}{}", "x".repeat(at % 17));
                assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
            }
        }
        assert_eq!(escaped(""), "\"\"");
    }

    proptest! {
        #[test]
        fn any_string_escapes_as_serde_json_does(s in any::<String>()) {
            prop_assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap());
        }
    }

    /// `format_value` as it was first written, with `format!` and divisions.
    fn format_value_general(value: Decimal, unit: &str) -> String {
        let scaled = |v: Decimal, steps: &[(i64, &str)], base: &str| -> String {
            for &(exp, prefix) in steps {
                let scale = Decimal::from_i128_with_scale(10i128.pow(exp as u32), 0);
                if v.abs() >= scale {
                    return format!("{} {prefix}{base}", (v / scale).round_dp(3).normalize());
                }
            }
            format!("{} {base}", v.round_dp(6).normalize())
        };
        match unit {
            "t" => scaled(value, &[(9, "G"), (6, "M"), (3, "k")], "t"),
            "W" => scaled(value, &[(12, "T"), (9, "G"), (6, "M"), (3, "k")], "W"),
            "Wh" => scaled(value, &[(12, "T"), (9, "G"), (6, "M"), (3, "k")], "Wh"),
            "%" => format!("{}%", value.normalize()),
            "pp" => format!("{} percentage points", value.normalize()),
            "degC" => format!("{} ℃", value.normalize()),
            "degF" => format!("{} ℉", value.normalize()),
            "deg" => format!("{}°", value.normalize()),
            "x" => format!("{}×", value.round_dp(3).normalize()),
            "count" | "rank" | "year" | "ordinal" => value.normalize().to_string(),
            "d" => format!("{} days", value.normalize()),
            "mo" => format!("{} months", value.normalize()),
            code if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) => {
                for (exp, word) in [(12u32, "trillion"), (9, "billion"), (6, "million")] {
                    let scale = Decimal::from_i128_with_scale(10i128.pow(exp), 0);
                    if value.abs() >= scale {
                        return format!(
                            "{code} {} {word}",
                            (value / scale).round_dp(3).normalize()
                        );
                    }
                }
                format!("{code} {}", value.normalize())
            }
            other => format!("{} {other}", value.normalize()),
        }
    }

    const VALUE_UNITS: &[&str] = &[
        "t", "W", "Wh", "%", "pp", "degC", "degF", "deg", "x", "count", "rank", "year", "ordinal",
        "d", "mo", "USD", "CNY", "usd", "U$D", "km", "", "Ab", "ABCD",
    ];

    #[test]
    fn format_value_writes_what_format_wrote() {
        let mut mantissas: Vec<i128> = (0..200).collect();
        for p in 0..29 {
            let t = 10i128.pow(p);
            mantissas.extend([t - 1, t, t + 1, 5 * t, 15 * t + 5, 9_995 * t / 10 + 1]);
        }
        mantissas.extend([(1 << 96) - 1, (1 << 95) + 7, 123_456_789_012_345_678_901]);
        let mut count = 0;
        for &m in &mantissas {
            if !(0..1 << 96).contains(&m) {
                continue;
            }
            for scale in 0..=28 {
                for sign in [1, -1] {
                    let d = Decimal::from_i128_with_scale(sign * m, scale);
                    for unit in VALUE_UNITS {
                        assert_eq!(
                            format_value(d, unit),
                            format_value_general(d, unit),
                            "{d} (scale {scale}) {unit}"
                        );
                        count += 1;
                    }
                }
            }
        }
        assert!(count > 100_000, "{count}");
    }

    proptest! {
        #[test]
        fn any_value_formats_as_format_did(
            m in any::<i128>(),
            scale in 0u32..=28,
            unit in prop::sample::select(VALUE_UNITS),
        ) {
            let d = Decimal::from_i128_with_scale(m % (1 << 96), scale);
            prop_assert_eq!(format_value(d, unit), format_value_general(d, unit));
        }
    }

    proptest! {
        #[test]
        fn places_give_what_a_line_index_gives(
            text in "[a\n中é\r]{0,60}",
            asked in prop::collection::vec(0usize..70, 0..12),
            given in prop::collection::vec(0usize..70, 0..6),
        ) {
            let char_start = |o: usize| (0..=o.min(text.len())).rev().find(|&o| text.is_char_boundary(o)).unwrap_or(0);
            let asked: Vec<usize> = asked.into_iter().map(char_start).collect();
            // Offsets placed before, by an index of their own (as the statements are).
            let placed: Vec<(usize, usize, usize)> = given
                .into_iter()
                .map(|o| {
                    let o = char_start(o);
                    let (line, column) = LineIndex::new(&text).line_column(o);
                    (o, line, column)
                })
                .collect();
            let places = Places::of(&LineIndex::new(&text), asked.iter().copied(), placed.iter().copied());
            for &o in asked.iter().chain(placed.iter().map(|p| &p.0)) {
                prop_assert_eq!(Locate::line_column(&places, o), LineIndex::new(&text).line_column(o));
            }
            prop_assert!(places.entries().windows(2).all(|w| w[0].0 < w[1].0));
            prop_assert_eq!(Places::from_entries(places.entries().to_vec()), Some(places.clone()));
        }
    }

    #[test]
    fn places_out_of_order_are_refused() {
        assert_eq!(Places::from_entries(vec![(3, 1, 4), (3, 1, 4)]), None);
        assert_eq!(Places::from_entries(vec![(5, 1, 6), (3, 1, 4)]), None);
        assert!(Places::from_entries(Vec::new()).is_some());
    }

    #[test]
    fn integers_print_as_serde_json_does() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, usize::MAX] {
            let mut buf = Vec::new();
            push_usize(&mut buf, n);
            assert_eq!(buf, serde_json::to_vec(&n).unwrap());
        }
    }

    proptest! {
        #[test]
        fn integers_write_as_any_decimal_does(
            m in prop_oneof![any::<i64>().prop_map(i128::from), any::<i128>(), -3i128..3],
            scale in prop_oneof![Just(0u32), 0u32..=28],
            negative_zero in prop::bool::ANY,
            normalized in prop::bool::ANY,
        ) {
            let mut d = Decimal::from_i128_with_scale(m % (1 << 96), scale);
            if negative_zero && m == 0 {
                d.set_sign_negative(true);
            }
            let (mut inlined, mut general) = (Vec::new(), Vec::new());
            push_digits(&mut inlined, d, normalized);
            push_any_digits(&mut general, d, normalized);
            prop_assert_eq!(inlined, general);
        }
    }

    #[test]
    fn decimals_write_the_same_into_strings_and_bytes() {
        let mut negative_zero = Decimal::ZERO;
        negative_zero.set_sign_negative(true);
        for d in [
            "0",
            "-0.00",
            "1.500",
            "-12.34",
            "0.0007",
            "18446744073709551616.10",
        ]
        .map(|s| s.parse::<Decimal>().unwrap())
        .into_iter()
        .chain([negative_zero, Decimal::MAX, Decimal::MIN])
        {
            let (mut text, mut bytes) = (String::new(), Vec::new());
            push_decimal(&mut text, d);
            push_decimal(&mut bytes, d);
            assert_eq!(text.as_bytes(), bytes, "{d}");
            assert_eq!(text, d.to_string());
            let (mut text, mut bytes) = (String::new(), Vec::new());
            push_normalized(&mut text, d);
            push_normalized(&mut bytes, d);
            assert_eq!(text.as_bytes(), bytes, "{d}");
            assert_eq!(text, d.normalize().to_string());
        }
    }

    #[test]
    fn values_read_like_an_editor_writes_them() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(format_value(d("15700000000"), "t"), "15.7 Gt");
        assert_eq!(format_value(d("106000000"), "W"), "106 MW");
        assert_eq!(format_value(d("369000000000"), "USD"), "USD 369 billion");
        assert_eq!(format_value(d("27"), "%"), "27%");
        assert_eq!(format_value(d("1.40"), "degC"), "1.4 ℃");
    }

    #[test]
    fn names_written_unescaped_need_no_escaping() {
        use crate::claim::Weekday;
        use claims::tests::{GASES, KINDS, QUALIFIERS};
        let kinds = KINDS.map(|k| k.as_str());
        let qualifiers = QUALIFIERS.map(|q| q.as_str());
        let gases = GASES.map(|g| g.as_str());
        let weekdays = (0..7).map(|d| Weekday(d).as_str());
        use crate::catalog::checks::Severity;
        use crate::finding::Verdict;
        let severities = [Severity::Info, Severity::Warning, Severity::Error].map(Severity::as_str);
        let verdicts = Verdict::ALL.map(Verdict::as_str);
        let names = kinds
            .into_iter()
            .chain(qualifiers)
            .chain(gases)
            .chain(weekdays);
        for name in names.chain(severities).chain(verdicts) {
            let mut buf = Vec::new();
            push_clean_str(&mut buf, name);
            assert_eq!(buf, serde_json::to_vec(name).unwrap());
        }
    }

    proptest! {
        #[test]
        fn lines_and_columns_do_not_depend_on_the_order_asked(
            lines in proptest::collection::vec("[a-z中é😀\\r]{0,24}", 0..40),
            offsets in proptest::collection::vec(0usize..400, 1..30),
        ) {
            let text = lines.join("\n");
            let index = LineIndex::new(&text);
            for offset in offsets {
                // Claims start on characters.
                let mut offset = offset.min(text.len());
                while !text.is_char_boundary(offset) {
                    offset -= 1;
                }
                // Counted from the start of the text every time.
                let before = &text.as_bytes()[..offset];
                let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
                let start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                let column = 1 + text
                    .get(start..offset)
                    .map_or(offset - start, |s| s.chars().count());
                prop_assert_eq!(index.line_column(offset), (line, column), "{}", offset);
            }
        }
    }

    proptest! {
        #[test]
        fn characters_count_as_chars_counts_them(s in "[a-z中é😀\u{80}\u{7ff}\u{ffff}\r\n]{0,80}") {
            prop_assert_eq!(count_chars(&s), s.chars().count());
        }
    }

    #[test]
    fn line_starts_are_one_past_each_break_short_text_or_long() {
        let plain = |t: &str| -> Vec<usize> {
            std::iter::once(0)
                .chain(t.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        };
        // Lines denser than the room made for a short text, sparser, none; texts either side
        // of the length above which lines are counted first.
        for line in ["", "a", "中国\r", &"新闻稿件".repeat(30)] {
            for len in [
                0,
                1,
                31,
                33,
                4096,
                LINES_COUNTED_FROM - 5,
                LINES_COUNTED_FROM + 5,
            ] {
                let mut text = String::new();
                while text.len() < len {
                    text.push_str(line);
                    text.push('\n');
                }
                assert_eq!(line_starts(&text), plain(&text), "{line:?} {len}");
                let unbroken = text.replace('\n', "x");
                assert_eq!(line_starts(&unbroken), [0]);
            }
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "第一行\n中国139亿吨";
        let idx = LineIndex::new(text);
        let offset = text.find("139").unwrap();
        assert_eq!(idx.line_column(offset), (2, 3));
        assert_eq!(idx.line_column(0), (1, 1));
        assert_eq!(&text[idx.line_range(offset)], "中国139亿吨");
        // Asking out of order gives the same answers.
        assert_eq!(idx.line_column(offset), (2, 3));
        assert_eq!(idx.line_column(text.len()), (2, 8));
        assert_eq!(idx.line_column("第一".len()), (1, 3));
    }
}

/// Documents and findings built by hand for the reporters' tests.
#[cfg(test)]
pub(crate) mod test_support {
    use crate::catalog::checks::Severity;
    use crate::finding::{Finding, Verdict};
    use crate::normalize::Format;
    use crate::source::Document;
    use std::ops::Range;

    pub(crate) fn doc(name: &str, text: &str) -> Document {
        Document {
            name: name.into(),
            text: text.into(),
            format: Format::Text,
        }
    }

    pub(crate) fn finding(
        rule: &str,
        severity: Severity,
        span: Range<usize>,
        message: &str,
    ) -> Finding {
        Finding {
            rule: rule.into(),
            severity,
            verdict: Verdict::Contradicts,
            message: message.into(),
            span,
            related: Vec::new(),
            help: None,
            reference: None,
        }
    }

    pub(crate) fn span_of(text: &str, needle: &str) -> Range<usize> {
        let start = text.find(needle).expect("needle in text");
        start..start + needle.len()
    }
}
