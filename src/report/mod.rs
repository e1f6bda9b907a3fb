//! Reporters: views of plain data (`Claim` now, `Finding` later) in the output formats of the
//! contract. Reporters compute nothing about claims; they only place and print them.

pub mod claims;

/// Maps byte offsets of one document to 1-based lines and columns counted in Unicode scalar
/// values (a Chinese character is one column, not three bytes).
///
/// Columns are counted from the last offset asked for when it lies earlier on the same line,
/// so asking for the claims of a document in order costs one pass over it, even when the
/// whole article is one long line.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// The last (offset, column) computed, to count onwards from.
    cursor: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex {
            text,
            line_starts,
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

#[cfg(test)]
mod tests {
    use super::*;

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
