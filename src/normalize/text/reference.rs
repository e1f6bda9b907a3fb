//! The character-at-a-time masking and rendering engine as it was before `Piece::Text` runs,
//! kept for tests only: the current engine must give the same text and offset map as this one
//! does on the same pieces with every run spelled out as one copied `Char` per character.

use super::super::Builder;
use super::{
    MD_LINK, MD_LINK_TEXT, Masks, Mode, Piece, RULE_LINE, TRAILING_LIST, URL, fold_char, is_digit,
    is_plain, is_zero_width, markup_join, text_break,
};
use std::ops::Range;

/// Facts about the lines of a plain-text document that the line-joining heuristic uses.
pub(crate) struct Lines<'a> {
    original: &'a str,
    /// Median length, in characters, of the non-empty lines.
    pub(crate) median: usize,
}

impl Lines<'_> {
    pub(crate) fn new(original: &str) -> Lines<'_> {
        let mut lens: Vec<usize> = original
            .lines()
            .map(|l| l.trim().chars().count())
            .filter(|&n| n > 0)
            .collect();
        lens.sort_unstable();
        let median = lens.get(lens.len() / 2).copied().unwrap_or(0);
        Lines { original, median }
    }

    /// Length in characters of the (trimmed) line that ends at `at`.
    pub(crate) fn line_len_before(&self, at: usize) -> usize {
        let at = at.min(self.original.len());
        let Some(head) = self.original.get(..at) else {
            return 0;
        };
        let start = head.rfind('\n').map_or(0, |i| i + 1);
        head[start..].trim().chars().count()
    }
}

/// `pieces` with every `Text` run spelled out as one copied `Char` per character (the pieces
/// the readers made before runs existed).
pub(crate) fn spell_out(pieces: &[Piece], original: &str) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len());
    for p in pieces {
        match p {
            Piece::Text { range } => out.extend(
                original[range.clone()]
                    .char_indices()
                    .map(|(i, c)| Piece::copy(c, range.start + i)),
            ),
            p => out.push(p.clone()),
        }
    }
    out
}

/// The visible characters of `pieces` as a string. Breaks appear as `\n`; hidden pieces do
/// not appear.
fn visible(pieces: &[Piece]) -> String {
    let mut s = String::with_capacity(pieces.len() * 2);
    for p in pieces {
        match p {
            Piece::Char { c, .. } => s.push(*c),
            Piece::Break { .. } => s.push('\n'),
            _ => {}
        }
    }
    s
}

/// Which piece each byte of the visible text comes from (built only when something is
/// hidden, before the first piece changes).
struct Owners {
    /// Start in the visible text of each visible piece.
    starts: Vec<usize>,
    /// Index of that piece in the piece list.
    pieces: Vec<usize>,
}

impl Owners {
    fn new(pieces: &[Piece]) -> Owners {
        let mut owners = Owners {
            starts: Vec::with_capacity(pieces.len()),
            pieces: Vec::with_capacity(pieces.len()),
        };
        let mut at = 0;
        for (i, p) in pieces.iter().enumerate() {
            let len = match p {
                Piece::Char { c, .. } => c.len_utf8(),
                Piece::Break { .. } => 1,
                _ => continue,
            };
            owners.starts.push(at);
            owners.pieces.push(i);
            at += len;
        }
        owners
    }

    /// The piece the visible byte `at` belongs to.
    fn of(&self, at: usize) -> usize {
        self.pieces[self.starts.partition_point(|&s| s <= at) - 1]
    }
}

/// Replaces the pieces from `first` to `last` (inclusive) by one hidden piece.
fn hide_pieces(pieces: &mut [Piece], first: usize, last: usize, space: bool) {
    let start = (first..=last)
        .find_map(|i| pieces[i].range())
        .map(|r| r.start);
    let end = (first..=last)
        .rev()
        .find_map(|i| pieces[i].range())
        .map(|r| r.end);
    let (Some(start), Some(end)) = (start, end) else {
        return;
    };
    for p in &mut pieces[first..=last] {
        *p = Piece::Skip;
    }
    pieces[first] = Piece::Hide {
        range: start..end.max(start),
        space,
    };
}
/// Masks URLs, e-mail addresses and (per `masks`) Markdown-like link syntax, rule lines and
/// trailing "related news" lists, in place.
pub(super) fn mask_pieces(pieces: &mut [Piece], masks: Masks) {
    let vis = visible(pieces);
    if vis.is_empty() {
        return;
    }
    let mut owners: Option<Owners> = None;
    let hide = |pieces: &mut [Piece], owners: &mut Option<Owners>, r: Range<usize>, space: bool| {
        if r.is_empty() {
            return;
        }
        let owners = owners.get_or_insert_with(|| Owners::new(pieces));
        let first = owners.of(r.start);
        let last = owners.of(r.end - 1);
        hide_pieces(pieces, first, last, space);
    };
    // Each pass runs only when the text holds what its pattern needs (most articles hold
    // no link, rule line or URL).
    let bytes = vis.as_bytes();
    let has = |needle: &[u8]| memchr::memmem::find(bytes, needle).is_some();
    // A trailing list starts in the last 40% of the text.
    let tail = vis.ceil_char_boundary((vis.len() * 6).div_ceil(10));
    if masks.trailing_lists
        && let Some(m) = TRAILING_LIST.find_at(&vis, tail)
    {
        hide(pieces, &mut owners, m.start()..vis.len(), false);
    }
    if masks.markdown_like && (has(b"---") || has(b"===")) {
        for m in RULE_LINE.find_iter(&vis) {
            hide(pieces, &mut owners, m.range(), false);
        }
    }
    if masks.markdown_like && has(b"](") {
        for caps in MD_LINK.captures_iter(&vis) {
            let (Some(all), Some(text), Some(dest)) = (caps.get(0), caps.get(1), caps.get(2))
            else {
                continue;
            };
            if text.len() > MD_LINK_TEXT {
                continue;
            }
            hide(pieces, &mut owners, all.start()..all.start() + 1, false);
            hide(pieces, &mut owners, dest.start() - 1..dest.end(), false);
        }
    }
    let url_like = memchr::memchr2(b'/', b'@', bytes).is_some()
        || memchr::memchr2_iter(b'w', b'W', bytes)
            .any(|i| bytes.len() - i >= 4 && bytes[i..i + 4].eq_ignore_ascii_case(b"www."));
    for m in URL.find_iter(if url_like { &vis } else { "" }) {
        let mut r = m.range();
        // A bare domain must not continue a word (`a.b/c` inside `xa.b/c` is not a URL start).
        if let Some(prev) = vis[..r.start].chars().next_back()
            && (prev.is_ascii_alphanumeric() || matches!(prev, '.' | '@' | '/' | '_' | '-'))
        {
            continue;
        }
        // Trailing sentence punctuation is not part of the URL.
        while r.end > r.start && vis[..r.end].ends_with(['.', ',', ';', ':', '!', '?']) {
            r.end -= 1;
        }
        // Skip pieces that a previous pass has already hidden (owners exist once a piece is).
        if let Some(o) = &owners
            && (r.start..r.end).any(|i| matches!(pieces[o.of(i)], Piece::Skip | Piece::Hide { .. }))
        {
            continue;
        }
        hide(pieces, &mut owners, r, true);
    }
}

/// Whether a piece belongs to a whitespace run (whitespace, hidden bytes, zero-width chars).
fn is_run_piece(p: &Piece) -> bool {
    match p {
        Piece::Char { c, .. } => c.is_whitespace() || is_zero_width(*c) || c.is_control(),
        Piece::Hide { .. } | Piece::Skip => true,
        Piece::Break { .. } => false,
        Piece::Text { .. } => unreachable!("runs are spelled out"),
    }
}

/// Writes `pieces` through a builder: copies, folded characters, whitespace runs collapsed or
/// joined per `mode`, hidden bytes dropped (or a space where dropping would glue two numbers).
pub(super) fn render(pieces: &[Piece], original: &str, mode: Mode) -> Builder {
    let mut b = Builder::with_capacity(original.len());
    let lines = matches!(mode, Mode::Text).then(|| Lines::new(original));
    // The last visible original character written, and the one before it.
    let mut prev: Option<char> = None;
    let mut prev2: Option<char> = None;
    let mut i = 0;
    let mut buf = [0u8; 4];
    while i < pieces.len() {
        match &pieces[i] {
            Piece::Break { at } => {
                b.push_break(*at);
                prev = None;
                prev2 = None;
                i += 1;
            }
            Piece::Char { c, range, copy } if *copy && is_plain(*c) => {
                // A run of characters copied as they are: one push for all of them.
                let (start, mut end) = (range.start, range.end);
                prev2 = prev;
                prev = Some(*c);
                i += 1;
                while let Some(Piece::Char {
                    c,
                    range,
                    copy: true,
                }) = pieces.get(i)
                    && range.start == end
                    && is_plain(*c)
                {
                    end = range.end;
                    prev2 = prev;
                    prev = Some(*c);
                    i += 1;
                }
                b.push_copy(start, &original[start..end]);
            }
            Piece::Char { c, range, copy } if !is_run_piece(&pieces[i]) => {
                let folded = if *c == '，' {
                    // A full-width comma is a thousands separator only between full-width
                    // digits (４，５６５); elsewhere it is Chinese punctuation and stays.
                    let next = match pieces.get(i + 1) {
                        Some(Piece::Char { c, .. }) => Some(*c),
                        _ => None,
                    };
                    let wide_digit =
                        |c: Option<char>| c.is_some_and(|c| ('０'..='９').contains(&c));
                    (wide_digit(prev) && wide_digit(next)).then_some(',')
                } else {
                    fold_char(*c)
                };
                match folded {
                    Some(f) => b.push_replaced(range.clone(), f.encode_utf8(&mut buf)),
                    None if *copy => b.push_copy(range.start, c.encode_utf8(&mut buf)),
                    None => b.push_replaced(range.clone(), c.encode_utf8(&mut buf)),
                }
                prev2 = prev;
                prev = Some(*c);
                i += 1;
            }
            _ => {
                let start = i;
                while i < pieces.len() && is_run_piece(&pieces[i]) {
                    i += 1;
                }
                let run = &pieces[start..i];
                let after = match pieces.get(i) {
                    Some(Piece::Char { c, .. }) => Some(*c),
                    _ => None,
                };
                let has_nl = run.iter().any(|p| {
                    matches!(
                        p,
                        Piece::Char {
                            c: '\n' | '\r' | '\u{2028}' | '\u{2029}',
                            ..
                        }
                    )
                });
                let has_space = run.iter().any(|p| match p {
                    Piece::Char { c, .. } => c.is_whitespace(),
                    Piece::Hide { space, .. } => *space,
                    _ => false,
                });
                let out: Option<&str> = match (prev, after) {
                    _ if !has_space => match (prev, after) {
                        (Some(x), Some(y)) if is_digit(x) && is_digit(y) && run_hides(run) => {
                            Some(" ")
                        }
                        _ => Some(""),
                    },
                    (None, _) | (_, None) => {
                        if matches!(mode, Mode::Text) && has_nl && prev.is_some() {
                            Some("\n")
                        } else {
                            Some("")
                        }
                    }
                    (Some(x), Some(y)) => match mode {
                        Mode::Markup => Some(if markup_join(x, y) { "" } else { " " }),
                        Mode::Text if has_nl => {
                            let first = run.iter().find_map(Piece::range).map_or(0, |r| r.start);
                            let lines = lines.as_ref().expect("text mode has lines");
                            let prev_line = || lines.line_len_before(first);
                            Some(text_break(x, y, prev_line, lines.median, prev2))
                        }
                        // Spaces inside a line of plain text are kept as written (folded).
                        Mode::Text => None,
                    },
                };
                match out {
                    Some(s) => {
                        let mut s = s;
                        if s == "\n" && b.text().ends_with('\n') {
                            s = "";
                        }
                        let mut pieces_iter = run.iter().filter_map(Piece::range);
                        if let Some(first) = pieces_iter.next() {
                            // One segment for the run when its pieces are contiguous.
                            let end = run.iter().filter_map(Piece::range).map(|r| r.end).max();
                            b.push_replaced(
                                first.start..end.unwrap_or(first.end).max(first.end),
                                s,
                            );
                        }
                        if s == "\n" {
                            prev = None;
                            prev2 = None;
                        }
                    }
                    None => {
                        for p in run {
                            match p {
                                Piece::Char { c, range, copy } if c.is_whitespace() => {
                                    match fold_char(*c) {
                                        Some(f) => {
                                            b.push_replaced(range.clone(), f.encode_utf8(&mut buf))
                                        }
                                        None if *copy => {
                                            b.push_copy(range.start, c.encode_utf8(&mut buf))
                                        }
                                        None => {
                                            b.push_replaced(range.clone(), c.encode_utf8(&mut buf))
                                        }
                                    }
                                }
                                Piece::Hide { range, space: true } => {
                                    b.push_replaced(range.clone(), " ")
                                }
                                _ => {
                                    if let Some(r) = p.range() {
                                        b.push_replaced(r, "");
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    b
}

/// Whether a run without whitespace holds hidden markup (not just zero-width characters,
/// which never separate digits: `1\u{200B}2` is 12).
fn run_hides(run: &[Piece]) -> bool {
    run.iter().any(|p| matches!(p, Piece::Hide { .. }))
}

/// The current engine against this one.
mod equivalence {
    use super::super::super::{Normalized, markdown};
    use super::super::{
        Masks, Mode, Piece, mask_pieces, normalize_text, render, robustness_inputs, text_dateline,
    };
    use super::{Builder, spell_out};
    use proptest::prelude::*;
    use std::path::Path;

    /// `original` read as plain text by this engine.
    fn text_by_reference(original: &str) -> Normalized {
        let mut pieces = super::spell_out(
            &[Piece::Text {
                range: 0..original.len(),
            }],
            original,
        );
        if original.is_empty() {
            pieces.clear();
        }
        super::mask_pieces(
            &mut pieces,
            Masks {
                markdown_like: true,
                trailing_lists: true,
            },
        );
        super::render(&pieces, original, Mode::Text).finish(text_dateline(original))
    }

    /// `original` read as Markdown by this engine.
    fn markdown_by_reference(original: &str) -> Normalized {
        let (pieces, date) = markdown::read(original);
        let mut pieces = spell_out(&pieces, original);
        super::mask_pieces(&mut pieces, Masks::default());
        super::render(&pieces, original, Mode::Markup).finish(date)
    }

    fn assert_same(new: &Normalized, old: &Normalized, what: &str, original: &str) {
        assert_eq!(new.text, old.text, "{what}: text differs for {original:?}");
        assert_eq!(
            new.map.segments, old.map.segments,
            "{what}: map differs for {original:?}"
        );
        assert_eq!(new.article_date, old.article_date, "{what}: date differs");
        // The same map gives the same original range for every normalized range.
        let len = new.text.len();
        for start in 0..=len {
            for end in [start, start + 1, start + 3, len] {
                let r = start..end.min(len).max(start);
                assert_eq!(new.map.to_original(r.clone()), old.map.to_original(r));
            }
        }
    }

    /// The line facts agree with the old ones at every offset.
    fn assert_lines_match(original: &str) {
        let (new, old) = (
            super::super::Lines::new(original),
            super::Lines::new(original),
        );
        assert_eq!(new.median, old.median, "median of {original:?}");
        // In text order (the new one steps from the line it found last) and back again.
        let ats = (0..=original.len() + 1).chain((0..=original.len() + 1).rev());
        for at in ats {
            assert_eq!(
                new.line_len_before(at),
                old.line_len_before(at),
                "line before {at} in {original:?}"
            );
        }
    }

    fn assert_readers_match(original: &str) {
        assert_lines_match(original);
        let new = normalize_text(original);
        assert_same(&new, &text_by_reference(original), "text", original);
        // The line starts a plain text hands on are those the reporters would look for.
        assert_eq!(
            new.line_starts,
            crate::report::line_starts(original),
            "line starts of {original:?}"
        );
        let new = markdown::normalize_markdown(original);
        assert_same(&new, &markdown_by_reference(original), "markdown", original);
    }

    fn assert_engine_matches(pieces: &[Piece], original: &str, masks: Masks, mode: Mode) {
        let mut new = pieces.to_vec();
        mask_pieces(&mut new, original, masks);
        let mut old = spell_out(pieces, original);
        super::mask_pieces(&mut old, masks);
        assert_eq!(
            spell_out(&new, original)
                .iter()
                .filter(|p| !matches!(p, Piece::Skip))
                .collect::<Vec<_>>(),
            old.iter()
                .filter(|p| !matches!(p, Piece::Skip))
                .collect::<Vec<_>>(),
            "masked pieces differ for {pieces:?} in {original:?}"
        );
        let (new, old): (Builder, Builder) = (
            render(&new, original, mode),
            super::render(&old, original, mode),
        );
        assert_eq!(
            new.text, old.text,
            "text differs for {pieces:?} in {original:?}"
        );
        assert_eq!(
            new.segments, old.segments,
            "map differs for {pieces:?} in {original:?}"
        );
    }

    /// Every fixture, read as plain text and as Markdown, gives the same text and map.
    #[test]
    fn fixtures_match_the_reference() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(&root) {
            let entry = entry.expect("fixture dir");
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            if !matches!(ext, "html" | "htm" | "txt" | "md") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            assert_readers_match(&text);
            seen += 1;
        }
        assert!(seen >= 50, "only {seen} fixtures");
    }

    #[test]
    fn odd_inputs_match_the_reference() {
        for original in robustness_inputs() {
            assert_readers_match(&original);
        }
    }

    /// Snippets that exercise every mask and every kind of whitespace run.
    const PALETTE: &[&str] = &[
        "中国",
        "排放",
        "亿吨",
        "二\n\n氧化碳",
        "。",
        "，",
        "１２",
        "４，５６５",
        "１３９％",
        "（以",
        "）",
        "）：",
        "Ａｂ",
        "１.\n\n５",
        "“",
        "2016-\n\n2018年",
        "127亿\n\n美元",
        "3.\n\n5",
        "from a \nconglomerate",
        "\n",
        "\r\n",
        "\n\n",
        " ",
        "  ",
        "\t",
        "\u{3000}",
        "\u{A0}",
        "\u{200B}",
        "\u{FEFF}",
        "\u{AD}",
        "\u{2028}",
        "\u{85}",
        "\0",
        "https://www.rfi.fr/cn/20231115",
        "rfi.my/A6Sh.F/.W/.X",
        "www.example.org/x.",
        "a.b@example.com",
        "x.y/",
        "[139亿吨](https://example.org/2022)",
        "![图 12](p.png)",
        "[^1]",
        "`x = 5`",
        "```\nlet y = 7;\n```\n",
        "---\ntitle: x\ndate: 2023-11-09\n---\n",
        "\n---\n",
        "\n===\n",
        "- ",
        "# ",
        "| a | b |\n|---|---|\n| 1 | 2 |\n",
        "> ",
        "&amp;",
        "\\*",
        "<b>",
        "**",
        "- 最新闻 Hot",
        "相关新闻：",
        "\n分享：",
        "2023年11月9日\n",
        "a",
        "B",
        "1",
        "9",
        ",",
        ".",
        "%",
        "-",
        "℃",
        "·",
        "—",
        "\u{1680}",
        "\u{205F}",
        "\u{2060}",
        "\u{FF0C}",
        "𠀀",
    ];

    fn palette_text() -> impl Strategy<Value = String> {
        prop::collection::vec(0..PALETTE.len(), 0..40)
            .prop_map(|ix| ix.into_iter().map(|i| PALETTE[i]).collect())
    }

    /// A piece list over the concatenated palette snippets: each snippet becomes a `Text`
    /// run, one copied `Char` per character, hidden bytes (with or without space), a break
    /// and a run, a decoded character standing for the snippet, or a `Skip` and a run.
    fn palette_pieces() -> impl Strategy<Value = (Vec<Piece>, String)> {
        prop::collection::vec((0..PALETTE.len(), 0..7usize), 0..40).prop_map(|tokens| {
            let mut original = String::new();
            let mut pieces = Vec::new();
            for (i, kind) in tokens {
                let s = PALETTE[i];
                let start = original.len();
                original.push_str(s);
                let range = start..original.len();
                match kind {
                    0 => pieces.push(Piece::Text { range }),
                    1 => pieces.extend(s.char_indices().map(|(k, c)| Piece::copy(c, start + k))),
                    2 => pieces.push(Piece::Hide {
                        range,
                        space: false,
                    }),
                    3 => pieces.push(Piece::Hide { range, space: true }),
                    4 => {
                        pieces.push(Piece::Break { at: start });
                        pieces.push(Piece::Text { range });
                    }
                    5 => pieces.push(Piece::Char {
                        c: s.chars().next().unwrap_or('x'),
                        range,
                        copy: false,
                    }),
                    _ => {
                        pieces.push(Piece::Skip);
                        pieces.push(Piece::Text { range });
                    }
                }
            }
            (pieces, original)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn readers_match_the_reference(original in palette_text()) {
            assert_readers_match(&original);
        }

        #[test]
        fn engine_matches_the_reference((pieces, original) in palette_pieces()) {
            for markdown_like in [false, true] {
                for mode in [Mode::Text, Mode::Markup] {
                    let masks = Masks { markdown_like, trailing_lists: markdown_like };
                    assert_engine_matches(&pieces, &original, masks, mode);
                }
            }
        }
    }
}
