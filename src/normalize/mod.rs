//! Normalization: turns an article in any input format into plain text that the extractors
//! read, together with an `OffsetMap` that sends every byte of that text back to the original.
//!
//! Markup is masked (HTML tags and non-article elements, Markdown syntax, front matter, code,
//! URLs), entities are decoded, full-width digits and signs are folded, and hard line breaks
//! inside a Chinese sentence (PDF text dumps) are joined. Normalized coordinates never leave
//! normalize/extract: claims are mapped back with `OffsetMap::to_original` (through a `Mapper`,
//! which steps from one claim to the next) before anyone sees them.

mod dates;
mod html;
mod html_fast;
mod markdown;
mod text;

pub use text::fold_char;

use crate::claim::PartialDate;
use std::ops::Range;

/// The input format of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text, including text extracted from PDFs.
    Text,
    /// Markdown (CommonMark with tables and front matter).
    Markdown,
    /// An HTML page or fragment.
    Html,
}

impl Format {
    /// The format named by a file extension (`txt`, `md`, `markdown`, `html`, `htm`).
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }

    /// The format named in a `--docs-jsonl` record (`txt`, `md`, `html`).
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "txt" | "text" | "plain" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// A document as the extractors see it.
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    /// The article text: markup masked, entities decoded, full-width folded, lines joined.
    /// Block ends (paragraphs, list items, table cells, headings) appear as `\n`.
    pub text: String,
    /// Maps byte ranges of `text` back to byte ranges of the original document.
    pub map: OffsetMap,
    /// The article's own date, where the document states it (HTML `<time>`/meta, front
    /// matter `date:`, a dateline, a scraper's epoch-millisecond comment).
    pub article_date: Option<PartialDate>,
    /// Where each line of the original starts (`report::line_starts` of it), when reading
    /// it found them anyway (plain text, whose line breaks are joined or kept by the lengths
    /// of the lines); else empty.
    pub line_starts: Vec<usize>,
}

/// One piece of the normalized text and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Segment {
    /// Start of the piece in the normalized text.
    norm_start: usize,
    /// Length of the piece in the normalized text.
    norm_len: usize,
    /// Start of its source in the original.
    orig_start: usize,
    /// Length of its source in the original.
    orig_len: usize,
    /// The piece is a byte-for-byte copy of its source (so inner offsets map one to one).
    identity: bool,
}

/// Sends byte ranges of normalized text back to byte ranges of the original document.
///
/// The map is a sorted list of segments. An identity segment maps byte for byte; a replaced
/// segment (a folded character, a decoded entity, a joined line break, a masked URL) maps as a
/// whole, so a range that touches it covers all of its source. Mapped ranges therefore always
/// fall on character boundaries of the original.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    segments: Vec<Segment>,
}

impl OffsetMap {
    /// The original byte range of the normalized byte range `norm` (end exclusive).
    pub fn to_original(&self, norm: Range<usize>) -> Range<usize> {
        if self.segments.is_empty() {
            return 0..0;
        }
        let start = self.map_start(norm.start);
        let end = if norm.end > norm.start {
            self.map_end(norm.end)
        } else {
            start
        };
        start..end.max(start)
    }

    /// Index of the segment holding normalized byte `pos` (the last one starting at or before it).
    fn segment_at(&self, pos: usize) -> usize {
        match self.segments.binary_search_by(|s| s.norm_start.cmp(&pos)) {
            Ok(i) => {
                // Several empty segments may start at `pos`: take the first non-empty one.
                let mut i = i;
                while i + 1 < self.segments.len()
                    && self.segments[i].norm_len == 0
                    && self.segments[i + 1].norm_start == pos
                {
                    i += 1;
                }
                i
            }
            Err(0) => 0,
            Err(i) => i - 1,
        }
    }

    fn map_start(&self, pos: usize) -> usize {
        map_start(self.segments[self.segment_at(pos)], pos)
    }

    fn map_end(&self, pos: usize) -> usize {
        // The segment holding the last byte of the range.
        map_end(self.segments[self.segment_at(pos - 1)], pos)
    }

    /// A mapper for ranges that come mostly in increasing order (the claims of a document).
    pub fn mapper(&self) -> Mapper<'_> {
        Mapper { map: self, at: 0 }
    }
}

/// Maps normalized ranges as `OffsetMap::to_original` does, finding each range's segments by
/// stepping forward from the last range's start when it lies after it (a claim is a few
/// segments after the one before it) instead of searching the whole map.
#[derive(Clone, Debug)]
pub struct Mapper<'a> {
    map: &'a OffsetMap,
    /// The segment of the last range's start.
    at: usize,
}

impl Mapper<'_> {
    /// The original byte range of the normalized byte range `norm` (end exclusive).
    pub fn to_original(&mut self, norm: Range<usize>) -> Range<usize> {
        let segments = &self.map.segments;
        if segments.is_empty() {
            return 0..0;
        }
        self.at = self.segment_at(norm.start, self.at);
        let start = map_start(segments[self.at], norm.start);
        let end = if norm.end > norm.start {
            map_end(segments[self.segment_at(norm.end - 1, self.at)], norm.end)
        } else {
            start
        };
        start..end.max(start)
    }

    /// `OffsetMap::segment_at(pos)`: the last segment starting at or before `pos` (the first
    /// one when none does), stepped to from segment `from` when that starts at or before `pos`.
    // Inlined: called twice for every claim mapped back, and short next to the call.
    #[inline(always)]
    fn segment_at(&self, pos: usize, from: usize) -> usize {
        /// Segments stepped over before searching the rest instead.
        const STEPS: usize = 8;
        let segments = &self.map.segments;
        if segments[from].norm_start > pos {
            return segments
                .partition_point(|s| s.norm_start <= pos)
                .saturating_sub(1);
        }
        let after = &segments[from + 1..];
        match after.iter().take(STEPS).position(|s| s.norm_start > pos) {
            Some(steps) => from + steps,
            None => from + after.partition_point(|s| s.norm_start <= pos),
        }
    }
}

/// The original offset of normalized `pos`, the start of a range, in `seg` (its segment).
fn map_start(seg: Segment, pos: usize) -> usize {
    let inner = pos.saturating_sub(seg.norm_start);
    if seg.identity {
        seg.orig_start + inner.min(seg.orig_len)
    } else if inner >= seg.norm_len && seg.norm_len > 0 {
        seg.orig_start + seg.orig_len
    } else {
        seg.orig_start
    }
}

/// The original offset of normalized `pos`, the end of a range, in `seg` (the segment of the
/// range's last byte).
fn map_end(seg: Segment, pos: usize) -> usize {
    let inner = pos - seg.norm_start;
    if seg.identity {
        seg.orig_start + inner.min(seg.orig_len)
    } else {
        seg.orig_start + seg.orig_len
    }
}

/// Builds a normalized text and its offset map piece by piece.
#[derive(Debug, Default)]
pub struct Builder {
    text: String,
    segments: Vec<Segment>,
    /// `Normalized::line_starts`.
    line_starts: Vec<usize>,
}

impl Builder {
    /// A builder with room for about `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Builder {
            text: String::with_capacity(capacity),
            segments: Vec::new(),
            line_starts: Vec::new(),
        }
    }

    /// Keeps where each line of the original starts (`report::line_starts` of it), for
    /// `Normalized::line_starts`.
    pub(super) fn keep_line_starts(&mut self, starts: Vec<usize>) {
        self.line_starts = starts;
    }

    /// Makes room for about `segments` more pieces of the map.
    pub fn reserve_segments(&mut self, segments: usize) {
        self.segments.reserve(segments);
    }

    /// The text built so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Appends `piece`, an exact copy of the original bytes starting at `orig_start`.
    // Inlined: called for every copied stretch and claim piece, and short next to the call.
    #[inline(always)]
    pub fn push_copy(&mut self, orig_start: usize, piece: &str) {
        if piece.is_empty() {
            return;
        }
        if let Some(last) = self.segments.last_mut()
            && last.identity
            && last.norm_start + last.norm_len == self.text.len()
            && last.orig_start + last.orig_len == orig_start
        {
            last.norm_len += piece.len();
            last.orig_len += piece.len();
            self.text.push_str(piece);
            return;
        }
        self.segments.push(Segment {
            norm_start: self.text.len(),
            norm_len: piece.len(),
            orig_start,
            orig_len: piece.len(),
            identity: true,
        });
        self.text.push_str(piece);
    }

    /// Appends `piece` in place of the original bytes `orig` (a folded character, a decoded
    /// entity, a masked URL, a joined line break). `piece` may be empty: then the original
    /// bytes are dropped from the text but still covered by any range that spans them.
    pub fn push_replaced(&mut self, orig: Range<usize>, piece: &str) {
        self.segments.push(Segment {
            norm_start: self.text.len(),
            norm_len: piece.len(),
            orig_start: orig.start,
            orig_len: orig.end.saturating_sub(orig.start),
            identity: false,
        });
        self.text.push_str(piece);
    }

    /// Appends a block break (`\n`) that stands for no original text, placed at `orig_at`.
    /// Consecutive breaks collapse into one, and no break starts the text.
    pub fn push_break(&mut self, orig_at: usize) {
        if self.text.is_empty() || self.text.ends_with('\n') {
            return;
        }
        self.push_replaced(orig_at..orig_at, "\n");
    }

    /// Finishes the text and its map.
    pub fn finish(self, article_date: Option<PartialDate>) -> Normalized {
        Normalized {
            text: self.text,
            map: OffsetMap {
                segments: self.segments,
            },
            article_date,
            line_starts: self.line_starts,
        }
    }
}

/// Normalizes `original`, read as `format`.
pub fn normalize(original: &str, format: Format) -> Normalized {
    match format {
        Format::Text => text::normalize_text(original),
        Format::Markdown => markdown::normalize_markdown(original),
        Format::Html => html::normalize_html(original),
    }
}

/// Guesses the format of a text whose name says nothing (stdin, `.txt` scraped pages):
/// HTML when it carries HTML tags, Markdown when it carries front matter, else plain text.
pub fn sniff_format(text: &str) -> Format {
    text::sniff_format(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A piece of a map: copied (a length), replaced (an original length and a piece's), or a
    /// break.
    #[derive(Clone, Debug)]
    enum Piece {
        Copy(usize),
        Replace(usize, usize),
        Break,
    }

    fn piece() -> impl Strategy<Value = Piece> {
        prop_oneof![
            (1usize..6).prop_map(Piece::Copy),
            (0usize..6, 0usize..3).prop_map(|(o, n)| Piece::Replace(o, n)),
            Just(Piece::Break),
        ]
    }

    fn build(pieces: &[Piece]) -> Normalized {
        let mut b = Builder::default();
        let mut orig = 0;
        for p in pieces {
            match *p {
                Piece::Copy(n) => {
                    b.push_copy(orig, &"a".repeat(n));
                    orig += n;
                }
                Piece::Replace(o, n) => {
                    b.push_replaced(orig..orig + o, &"b".repeat(n));
                    orig += o;
                }
                Piece::Break => b.push_break(orig),
            }
        }
        b.finish(None)
    }

    proptest! {
        #[test]
        fn the_mapper_maps_as_to_original_does(
            pieces in proptest::collection::vec(piece(), 0..60),
            ranges in proptest::collection::vec((0usize..200, 0usize..8), 0..40),
        ) {
            let n = build(&pieces);
            let ranges: Vec<Range<usize>> = ranges.into_iter().map(|(a, l)| a..a + l).collect();
            let mut sorted = ranges.clone();
            sorted.sort_by_key(|r| r.start);
            // In any order (searched back) and in text order (stepped forward).
            for ranges in [ranges, sorted] {
                let mut mapper = n.map.mapper();
                for r in ranges {
                    prop_assert_eq!(mapper.to_original(r.clone()), n.map.to_original(r.clone()), "{:?}", r);
                }
            }
        }
    }

    #[test]
    fn identity_and_replaced_segments_map_back() {
        // Original: "约<b>１３</b>亿吨" ; normalized: "约13亿吨"
        let original = "约<b>１３</b>亿吨";
        let mut b = Builder::default();
        b.push_copy(0, "约");
        b.push_replaced(3..6, ""); // <b>
        b.push_replaced(6..9, "1");
        b.push_replaced(9..12, "3");
        b.push_replaced(12..16, ""); // </b>
        b.push_copy(16, "亿吨");
        let n = b.finish(None);
        assert_eq!(n.text, "约13亿吨");
        let all = n.map.to_original(0..n.text.len());
        assert_eq!(&original[all], original);
        let digits = n.map.to_original(3..5);
        assert_eq!(&original[digits], "１３");
        let unit = n.map.to_original(5..n.text.len());
        assert_eq!(&original[unit], "亿吨");
    }
}
