//! Reporters: views of plain data (`Claim` now, `Finding` later) in the output formats of the
//! contract. Reporters compute nothing about claims; they only place and print them.

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
/// whole article is one long line.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: std::borrow::Cow<'a, [usize]>,
    /// The last (offset, column) computed, to count onwards from.
    cursor: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            line_starts: line_starts(text).into(),
            cursor: std::cell::Cell::new((0, 1)),
        }
    }

    /// Indexes `text` with its `line_starts`, computed once for several indexes (the parts of
    /// a long document, checked on several threads).
    pub fn with_starts(text: &'a str, line_starts: &'a [usize]) -> Self {
        debug_assert_eq!(line_starts.first(), Some(&0));
        LineIndex {
            text,
            line_starts: line_starts.into(),
            cursor: std::cell::Cell::new((0, 1)),
        }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).max(1)
    }

    /// 1-based line and column of byte `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_of(offset);
        let start = self.line_starts[line - 1];
        let (cursor_offset, cursor_column) = self.cursor.get();
        let (from, base) = if cursor_offset >= start && cursor_offset <= offset {
            (cursor_offset, cursor_column)
        } else {
            (start, 1)
        };
        let column = base
            + self
                .text
                .get(from..offset)
                .map_or(offset - from, |s| s.chars().count());
        self.cursor.set((offset, column));
        (line, column)
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

/// The byte offset of each line of `text`, for `LineIndex::with_starts`.
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    starts
}

/// A value with its unit as an editor reads it: `15.7 Gt`, `106 GW`, `27%`, `1.4 ℃`, `USD 369 billion`.
pub fn format_value(value: Decimal, unit: &str) -> String {
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
                    return format!("{code} {} {word}", (value / scale).round_dp(3).normalize());
                }
            }
            format!("{code} {}", value.normalize())
        }
        other => format!("{} {other}", value.normalize()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
