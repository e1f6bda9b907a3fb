//! Plain text and PDF text dumps: full-width folding, joining of hard line breaks inside a
//! Chinese sentence, masking of URLs and trailing "hot news" lists. Also the shared
//! character-level engine the HTML and Markdown readers use for their text runs: each reader
//! turns its input into a list of `Piece`s (visible characters with their original ranges,
//! hidden markup, block breaks) and `render` writes them through the `Builder`.

use super::{Builder, Format, Normalized};
use crate::claim::PartialDate;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Folds one character: full-width ASCII forms to ASCII, ideographic and no-break spaces to a
/// space. Returns `None` when the character is kept as it is.
pub fn fold_char(c: char) -> Option<char> {
    match c {
        // The full-width comma is folded by `render` only between full-width digits.
        '，' => None,
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' => Some(' '),
        _ => None,
    }
}

/// Characters that are dropped from the text: zero-width spaces and joiners, the BOM, the
/// soft hyphen.
pub(super) fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{00AD}' | '\u{2060}'
    )
}

/// A Han ideograph (CJK unified ideographs and extensions, compatibility ideographs).
pub(super) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}' | '\u{3007}')
}

/// A digit, ASCII or full-width.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{FF10}'..='\u{FF19}').contains(&c)
}

/// Dashes that join the two ends of a range split over a line break (`2016-\n2018年`).
fn is_range_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '~' | '～' | '－' | '〜')
}

/// One unit of a document as a reader sees it, before rendering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Piece {
    /// A visible character (after entity decoding) and the original bytes it stands for.
    /// `copy` says the original bytes are exactly the character's UTF-8 encoding.
    Char {
        c: char,
        range: Range<usize>,
        copy: bool,
    },
    /// Original bytes that are not text (tags, comments, masked elements, URLs). With `space`
    /// they separate words like whitespace does (a masked URL); without, they vanish (a tag).
    Hide { range: Range<usize>, space: bool },
    /// A block end at this original offset.
    Break { at: usize },
    /// Nothing (a piece merged into another one).
    Skip,
}

impl Piece {
    /// A character copied from `original` at `start`.
    pub(super) fn copy(c: char, start: usize) -> Piece {
        Piece::Char {
            c,
            range: start..start + c.len_utf8(),
            copy: true,
        }
    }

    /// A character read from the original bytes `range` (copied if they are the same).
    pub(super) fn from_source(c: char, range: Range<usize>, original: &str) -> Piece {
        let mut buf = [0u8; 4];
        // Compared as bytes: no character-boundary checks on the slice.
        let copy =
            original.as_bytes().get(range.clone()) == Some(c.encode_utf8(&mut buf).as_bytes());
        Piece::Char { c, range, copy }
    }

    fn range(&self) -> Option<Range<usize>> {
        match self {
            Piece::Char { range, .. } | Piece::Hide { range, .. } => Some(range.clone()),
            Piece::Break { at } => Some(*at..*at),
            Piece::Skip => None,
        }
    }
}

/// Pieces for every character of `text`, which starts at `offset` in the original.
pub(super) fn copy_pieces(text: &str, offset: usize, out: &mut Vec<Piece>) {
    out.extend(text.char_indices().map(|(i, c)| Piece::copy(c, offset + i)));
}

/// How whitespace runs are treated.
#[derive(Clone, Copy, Debug)]
pub(super) enum Mode {
    /// Plain text: line breaks are significant (hard-wrapped PDF dumps are joined, others
    /// end a block); spaces inside a line are kept.
    Text,
    /// HTML and Markdown: whitespace collapses; blocks come from markup.
    Markup,
}

/// What the masking passes should look for in the visible text.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Masks {
    /// Markdown-style links `[title](url)` and `-----` rule lines (scraped HTML and text).
    pub markdown_like: bool,
    /// A trailing "hot news" / "related" list.
    pub trailing_lists: bool,
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

static URL: LazyLock<Regex> = LazyLock::new(|| {
    // A URL runs over printable ASCII but white space, quotes, closing brackets and angle
    // brackets; any other character (Han, CJK punctuation, full-width forms) ends it. A class
    // of ASCII only keeps the regex small to build (start-up) and fast to run.
    const URL_CHAR: &str = r"[\x21\x23-\x26\x28\x2A-\x3B\x3D\x3F-\x5C\x5E-\x7E]";
    Regex::new(&format!(
        r"(?i)(?:https?://|www\.){URL_CHAR}+|[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{{2,}}/{URL_CHAR}*|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{{2,}}"
    ))
    .expect("URL regex")
});

/// `[text](dest)`; text longer than `MD_LINK_TEXT` bytes is no link text (checked after the
/// match: a counted repetition would make the regex slow to build).
static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\[\]\n]*)\](\([^)\s]*\))").expect("link regex"));
const MD_LINK_TEXT: usize = 1500;

static RULE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*(?:-{3,}|={3,})[ \t]*$").expect("rule regex"));

static TRAILING_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:-\s*)?(?:最新闻|相关新闻|相关阅读|相关文章|推荐阅读|延伸阅读|热门文章|热点新闻|热门新闻|猜你喜欢|同一主题|获取更多RSS|related:|related articles|most read)|(?m)^[ \t]*分享[ \t]*[:：]",
    )
    .expect("trailing list regex")
});

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
    }
}

/// Facts about the lines of a plain-text document that the line-joining heuristic uses.
struct Lines<'a> {
    original: &'a str,
    /// Median length, in characters, of the non-empty lines.
    median: usize,
}

impl Lines<'_> {
    fn new(original: &str) -> Lines<'_> {
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
    fn line_len_before(&self, at: usize) -> usize {
        let at = at.min(self.original.len());
        let Some(head) = self.original.get(..at) else {
            return 0;
        };
        let start = head.rfind('\n').map_or(0, |i| i + 1);
        head[start..].trim().chars().count()
    }
}

/// The text a whitespace run containing line breaks becomes in a plain-text document:
/// `""` (joined), `" "` or `"\n"`.
///
/// PDF text dumps wrap lines every couple of dozen characters, often in the middle of a word
/// (`4000亿吨二\n\n氧化碳`, `127亿\n\n美元`, `2016-\n\n2018年`). A break is joined when the
/// character before it can continue a sentence (a Han character, a digit, `%`, a dash, a
/// comma or enumeration comma, an opening or closing bracket) and the character after it is a Han character, a digit or an
/// opening bracket or quote; two digits are never glued unless a range dash or decimal point
/// ends the line. Headings are short lines that end without punctuation, so a break is only
/// joined when the previous line is at least 60% of the median line length of the document,
/// or when a number was cut in two (the character before is a digit, `%`, dash or point).
/// Latin text wrapped over lines becomes one space; everything else ends a block.
fn text_break(
    b: char,
    a: char,
    prev_line: usize,
    median: usize,
    before_b: Option<char>,
) -> &'static str {
    let long_line = prev_line * 10 >= median * 6;
    let decimal_point = b == '.' && before_b.is_some_and(is_digit);
    let numeric_before =
        is_digit(b) || matches!(b, '%' | '％') || is_range_dash(b) || decimal_point;
    let before_ok =
        is_han(b) || numeric_before || matches!(b, '，' | '、' | '“' | '《' | '（' | '「' | '）');
    let after_ok = is_han(a) || is_digit(a) || matches!(a, '“' | '《' | '（' | '「' | '‘');
    if before_ok && after_ok {
        let digits = is_digit(a) && !is_han(b) && !(is_range_dash(b) || decimal_point);
        if !digits && (long_line || numeric_before) {
            return "";
        }
        return "\n";
    }
    let latin = |c: char| c.is_ascii_alphanumeric();
    if (latin(b) || matches!(b, ',' | '-' | '(' | '&')) && (latin(a) || a == '(') && long_line {
        return " ";
    }
    "\n"
}

/// A character `render` copies as it is: not whitespace, zero-width or control (those form
/// runs), not folded, not the full-width comma (folded between full-width digits).
fn is_plain(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_graphic();
    }
    c != '，'
        && !c.is_whitespace()
        && !is_zero_width(c)
        && !c.is_control()
        && fold_char(c).is_none()
}

/// Whether a collapsed whitespace run between `b` and `a` disappears in HTML/Markdown text.
fn markup_join(b: char, a: char) -> bool {
    let wide = |c: char| {
        is_han(c)
            || ('\u{3000}'..='\u{303F}').contains(&c)
            || ('\u{FF00}'..='\u{FFEF}').contains(&c)
            || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
    };
    (wide(b) && (wide(a) || is_digit(a))) || (is_digit(b) && wide(a))
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
                            let prev_line = lines.line_len_before(first);
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

/// Normalizes a plain-text document.
pub fn normalize_text(original: &str) -> Normalized {
    let mut pieces = Vec::with_capacity(original.len() / 2);
    copy_pieces(original, 0, &mut pieces);
    mask_pieces(
        &mut pieces,
        Masks {
            markdown_like: true,
            trailing_lists: true,
        },
    );
    let b = render(&pieces, original, Mode::Text);
    b.finish(text_dateline(original))
}

/// A dateline alone on one of the first lines of a plain-text document (`2023-11-09`,
/// `2023年11月9日`, `Thu, 09 Nov 2023 12:39:01 GMT`).
fn text_dateline(original: &str) -> Option<PartialDate> {
    original
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(5)
        .find_map(parse_date_line)
}

static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)<(?:p|div|br|span|a|html|body|head|img|section|article|time|strong|b|i|em|h[1-6]|ul|ol|li|table|tr|td|th|figure|figcaption|meta|script|style|address|small|blockquote|iframe|hr|!doctype)[\s/>]",
    )
    .expect("html regex")
});

static MARKDOWN_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^#{1,6}[ \t]+\S|\]\((?:https?://|/|\./)[^)\s]*\)|^\|.*\|[ \t]*\r?\n\|[ \t:|-]*-",
    )
    .expect("markdown regex")
});

/// See `super::sniff_format`.
pub fn sniff_format(text: &str) -> Format {
    let t = text.trim_start_matches('\u{FEFF}');
    if HTML_TAG.is_match(t) {
        Format::Html
    } else if t.starts_with("---\n") || t.starts_with("---\r\n") || MARKDOWN_HINT.is_match(t) {
        Format::Markdown
    } else {
        Format::Text
    }
}

// ---------------------------------------------------------------------------------------
// Dates shared by the readers.

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[T ]+|\s+)[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?\s*(?:Z|UTC|GMT|[+-][0-9]{2}:?[0-9]{2})?)?$")
        .expect("iso regex")
});
static RFC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?([0-9]{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+([0-9]{4})(?:,?\s+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\s*(?:GMT|UTC|Z|[+-][0-9]{4})?)?$")
        .expect("rfc regex")
});
static DMY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?:\s*-?\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$",
    )
    .expect("dmy regex")
});
static CN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日(?:\s*[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?$",
    )
    .expect("cn regex")
});

fn checked(y: i32, m: u32, d: u32) -> Option<PartialDate> {
    let (Ok(m), Ok(d)) = (u8::try_from(m), u8::try_from(d)) else {
        return None;
    };
    ((1..=12).contains(&m) && (1..=31).contains(&d) && (1000..=9999).contains(&y))
        .then(|| PartialDate::ymd(y, m, d))
}

/// Parses a whole line that is only a date, possibly with a time: ISO `2023-11-15 11:27`,
/// RFC 2822 `Thu, 09 Nov 2023 12:39:01 GMT`, `15/11/2023 - 11:27` (day first, only when the
/// order is unambiguous), `2023年11月15日`.
pub(super) fn parse_date_line(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    let num = |c: &regex::Captures, i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    if let Some(c) = ISO_DATE.captures(s).or_else(|| CN_DATE.captures(s)) {
        return checked(num(&c, 1)? as i32, num(&c, 2)?, num(&c, 3)?);
    }
    if let Some(c) = RFC_DATE.captures(s) {
        const MONTHS: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let mon = c.get(2)?.as_str().to_ascii_lowercase();
        let m = MONTHS.iter().position(|x| *x == mon)? as u32 + 1;
        return checked(num(&c, 3)? as i32, m, num(&c, 1)?);
    }
    if let Some(c) = DMY_DATE.captures(s) {
        let (x, y, year) = (num(&c, 1)?, num(&c, 2)?, num(&c, 3)? as i32);
        return if x > 12 || x == y {
            checked(year, y, x)
        } else if y > 12 {
            checked(year, x, y)
        } else {
            None
        };
    }
    None
}

/// The leading date of an attribute value such as `2023-07-07 12:32:10` or
/// `2023-11-09T12:39:01Z` (the rest is ignored).
pub(super) fn parse_date_prefix(s: &str) -> Option<PartialDate> {
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})").expect("prefix regex")
    });
    if let Some(c) = PREFIX.captures(s) {
        let n = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        return checked(n(1)? as i32, n(2)?, n(3)?);
    }
    parse_date_line(s)
}

/// The UTC calendar date of a Unix time in milliseconds (Howard Hinnant's civil_from_days).
pub(super) fn date_from_epoch_millis(ms: i64) -> PartialDate {
    let days = ms.div_euclid(86_400_000);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    PartialDate::ymd(y as i32, m as u8, d as u8)
}

/// Test helpers shared by the readers' tests.
#[cfg(test)]
pub(super) mod testing {
    use super::super::Normalized;

    /// The original bytes behind the first occurrence of `needle` in the normalized text.
    pub fn orig_of<'a>(n: &Normalized, original: &'a str, needle: &str) -> &'a str {
        let at = n
            .text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {:?}", n.text));
        &original[n.map.to_original(at..at + needle.len())]
    }

    /// Every byte of the normalized text maps inside the original, on char boundaries,
    /// and mapping is monotonic.
    pub fn check_map(n: &Normalized, original: &str) {
        let mut last = 0;
        for (i, c) in n.text.char_indices() {
            let r = n.map.to_original(i..i + c.len_utf8());
            assert!(r.end <= original.len(), "{r:?} outside original");
            assert!(original.is_char_boundary(r.start) && original.is_char_boundary(r.end));
            assert!(
                r.start >= last || c == '\n',
                "non-monotonic at {i}: {r:?} < {last}"
            );
            last = last.max(r.start);
        }
        let all = n.map.to_original(0..n.text.len());
        assert!(all.end <= original.len());
        // The segments cover the original from start to end, in order, without gaps.
        let mut end = 0;
        for s in &n.map.segments {
            if s.orig_len > 0 {
                assert_eq!(
                    s.orig_start, end,
                    "gap or overlap before {s:?} in {original:?}"
                );
                end = s.orig_start + s.orig_len;
            }
        }
        assert_eq!(
            end,
            original.len(),
            "original not covered to its end: {original:?}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn joins_pdf_line_breaks() {
        let original = "据统计，1751-2017年，美国排放4000亿吨二\n\n氧化碳，占全球总额的25%。2018年，美国的碳排放\n\n量占全球排放量的13%。\n";
        let n = normalize_text(original);
        assert!(n.text.contains("4000亿吨二氧化碳"), "{}", n.text);
        assert_eq!(orig_of(&n, original, "二氧"), "二\n\n氧");
        assert!(n.text.contains("碳排放量占"));
        check_map(&n, original);
    }

    #[test]
    fn joins_numbers_and_units_but_not_digit_pairs() {
        let original = "中国对外援助投入了约127亿\n\n美元，研究时段是2016-\n\n2018年，美国近\n\n15年来\n\n排放下降，到2018\n\n年12月为止占比68%的美国经济产\n\n出。\n共有55\n\n30个";
        let n = normalize_text(original);
        for s in [
            "127亿美元",
            "2016-2018年",
            "近15年来",
            "2018年12月",
            "经济产出。",
        ] {
            assert!(n.text.contains(s), "{s} in {}", n.text);
        }
        assert!(!n.text.contains("5530"), "{}", n.text);
        assert_eq!(orig_of(&n, original, "16-20"), "16-\n\n20");
        check_map(&n, original);
    }

    #[test]
    fn headings_and_sentence_ends_keep_breaks() {
        let original = "美国将于2020年11月4日退出《巴黎协定》（以\n\n下简称“协定”），美国联邦政府从文件层面背\n\n离其气候承诺近在眼前。\n\n美国特朗普政府：出尔反尔\n2015年12月，《联合国气候变化框架公约》（以\n\n下简称“公约”）。\n";
        let n = normalize_text(original);
        assert!(
            n.text.contains("（以下简称") || n.text.contains("(以下简称"),
            "{}",
            n.text
        );
        assert!(
            n.text
                .contains("眼前。\n美国特朗普政府:出尔反尔\n2015年12月"),
            "{}",
            n.text
        );
        check_map(&n, original);
    }

    #[test]
    fn latin_lines_join_with_a_space() {
        let original = "How can China extract the essentials from a \nconglomerate mass when Trump's \"retreat\" cannot \nstop United States from cutting emissions?\n";
        let n = normalize_text(original);
        assert!(n.text.contains("from a conglomerate mass"), "{}", n.text);
        check_map(&n, original);
    }

    #[test]
    fn folds_full_width() {
        let original = "排放量增长了１３９％，约１２亿吨。";
        let n = normalize_text(original);
        assert_eq!(n.text, "排放量增长了139%，约12亿吨。");
        assert_eq!(orig_of(&n, original, "139%"), "１３９％");
        assert_eq!(orig_of(&n, original, "增长了1"), "增长了１");
        check_map(&n, original);
        // A full-width comma between full-width digits separates thousands; elsewhere it is
        // Chinese punctuation and stays.
        let original = "共４，５６５个，另有3，5个";
        let n = normalize_text(original);
        assert_eq!(n.text, "共4,565个，另有3，5个");
        check_map(&n, original);
    }

    #[test]
    fn drops_zero_width_characters() {
        let original = "\u{FEFF}约13\u{200B}9亿吨";
        let n = normalize_text(original);
        assert_eq!(n.text, "约139亿吨");
        assert_eq!(orig_of(&n, original, "139"), "13\u{200B}9");
        check_map(&n, original);
    }

    #[test]
    fn masks_urls_and_emails() {
        let original = "原文见https://www.rfi.fr/cn/a-b/20231115（法广），短链rfi.my/A6Sh.F/.W/.X 及news.un.org/zh/story/2023/10/1122667。联系 a.b@example.com 或 www.example.org/x。";
        let n = normalize_text(original);
        for bad in ["http", "rfi.my", "un.org", "1122667", "example", "20231115"] {
            assert!(!n.text.contains(bad), "{bad} in {}", n.text);
        }
        assert!(n.text.contains("原文见 (法广)"), "{}", n.text);
        check_map(&n, original);
    }

    #[test]
    fn masks_trailing_hot_news() {
        let original = "特朗普在大选期间就已表示要退出该协定。当时他说，气候变化问题是中国人制造的“骗局”。（界面编辑：闫桂花）原标题：绕开特朗普 美国加州州长来中国寻求碳排放合作责任编辑:周远方- 最新闻 Hot欧盟：向乌克兰提供12亿欧元紧急援助";
        let n = normalize_text(original);
        assert!(n.text.ends_with("责任编辑:周远方"), "{}", n.text);
        assert!(!n.text.contains("12亿"));
        check_map(&n, original);
    }

    #[test]
    fn sniffs_formats() {
        assert_eq!(
            sniff_format(
                "<!--1700045101000-->\n[t](https://x.y/z)\n------\n\n<div>15/11/2023 - 11:27</div><p>x</p>"
            ),
            Format::Html
        );
        assert_eq!(
            sniff_format("---\ntitle: x\n---\n# 标题\n"),
            Format::Markdown
        );
        assert_eq!(sniff_format("# 标题\n\n正文"), Format::Markdown);
        assert_eq!(sniff_format("中国2022年排放139亿吨。a < b"), Format::Text);
    }

    #[test]
    fn parses_dates() {
        assert_eq!(
            parse_date_line("Thu, 09 Nov 2023 12:39:01 GMT"),
            Some(PartialDate::ymd(2023, 11, 9))
        );
        assert_eq!(
            parse_date_line("15/11/2023 - 11:27"),
            Some(PartialDate::ymd(2023, 11, 15))
        );
        assert_eq!(parse_date_line("05/11/2023"), None);
        assert_eq!(
            parse_date_line("2023-11-15 11:27"),
            Some(PartialDate::ymd(2023, 11, 15))
        );
        assert_eq!(
            parse_date_line("2023年7月7日"),
            Some(PartialDate::ymd(2023, 7, 7))
        );
        assert_eq!(
            parse_date_prefix("2023-07-07T12:32:10Z"),
            Some(PartialDate::ymd(2023, 7, 7))
        );
        assert_eq!(
            date_from_epoch_millis(1_700_045_101_000),
            PartialDate::ymd(2023, 11, 15)
        );
        assert_eq!(
            date_from_epoch_millis(1_688_706_422_000),
            PartialDate::ymd(2023, 7, 7)
        );
        assert_eq!(date_from_epoch_millis(0), PartialDate::ymd(1970, 1, 1));
        assert_eq!(
            date_from_epoch_millis(951_782_400_000),
            PartialDate::ymd(2000, 2, 29)
        );
        let n = normalize_text("2023年11月9日\n\n中国排放139亿吨。");
        assert_eq!(n.article_date, Some(PartialDate::ymd(2023, 11, 9)));
    }

    #[test]
    fn odd_inputs_never_panic() {
        for original in crate::normalize::text::robustness_inputs() {
            let n = normalize_text(&original);
            check_map(&n, &original);
        }
    }
}

#[cfg(test)]
mod properties {
    use super::testing::check_map;
    use crate::normalize::{Format, normalize};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn any_input_maps_inside_the_original(
            s in r"([<>/&#;!\-\[\]()`*|:.%\n =\x22a-z0-9]|p|div|script|nav|&amp;|&#8451;|<!--|-->|１|中|亿|\u{3000}|\u{200B}|https://x\.y/|\r\n){0,60}"
        ) {
            for format in [Format::Text, Format::Html, Format::Markdown] {
                let n = normalize(&s, format);
                check_map(&n, &s);
            }
        }
    }
}

/// Odd inputs every reader must survive (shared by the readers' robustness tests).
#[cfg(test)]
pub(super) fn robustness_inputs() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        "<",
        "&",
        "&#",
        "&#99999999;",
        "&#x110000;",
        "&#0;",
        "<p",
        "<p>",
        "</p>",
        "<!--",
        "<!---->",
        "<script>",
        "<script>var a = '</scr'",
        "<div class=\"ad\"><p>12亿",
        "<![CDATA[x]]>",
        "\0\0\0",
        "a\0b",
        "\n\n\n",
        "\r\n\r\n",
        " \u{3000} ",
        "１\n\n２",
        "-\n\n-",
        "[",
        "[]()",
        "](",
        "---",
        "---\n",
        "---\ndate: x\n",
        "```\ncode",
        "`",
        "<<<>>>",
        "&amp;&amp",
        "<p>&#8451;</p>",
        "http://",
        "www.",
        "a@b",
        "x.y/",
        "\u{FEFF}",
        "\u{200B}\u{200B}",
        "<nav><nav></nav>",
        "<a href=x>1</a><a>2</a>",
        "1<b></b>2",
        "| a |\n|---|\n| 1 |",
        "[^1]: x\n\nx[^1]",
        "![alt 12](http://x/y.png)",
        "- 最新闻",
        "最新闻",
        "<time datetime=\"\">",
        "<meta content>",
        "<!--1700045101000-->",
        "&amp;１",
        "&#183;中",
        "&notit;",
        "a&b中",
        "<!--99999999999999999999-->",
        "\u{2028}\u{2029}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("一".repeat(20_000));
    v.push("a".repeat(20_000) + "\n" + &"二\n\n".repeat(500));
    v.push("<div>".repeat(2_000) + "x" + &"</span>".repeat(100));
    v.push("1\n\n".repeat(300) + "%\n\n-\n\n.\n\n");
    v
}
