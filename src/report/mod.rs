//! Reporters: views of plain data (`Claim` now, `Finding` later) in the output formats of the
//! contract. Reporters compute nothing about claims; they only place and print them.

pub mod claims;

/// Maps byte offsets of one document to 1-based lines and columns counted in Unicode scalar
/// values (a Chinese character is one column, not three bytes).
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { text, line_starts }
    }

    /// 1-based line and column of byte `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let offset = offset.min(self.text.len());
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        (line, column)
    }

    /// The byte range of the line holding `offset`, without its line break.
    pub fn line_range(&self, offset: usize) -> std::ops::Range<usize> {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
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
    }
}
