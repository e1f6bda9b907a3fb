//! Plain text and PDF text dumps: full-width folding, joining of hard line breaks inside a
//! Chinese sentence, masking of URLs and trailing "hot news" lists. Also the shared
//! character-level engine the HTML and Markdown readers use for their text runs: each reader
//! turns its input into a list of `Piece`s (visible characters with their original ranges,
//! runs of text copied as they are, hidden markup, block breaks), `mask_pieces` hides what
//! the masking passes find and `render` writes them through the `Builder`. A run behaves
//! exactly as one copied character per character would (`text/reference.rs` keeps the
//! character-at-a-time engine to test that); it is only cheaper: whole stretches are copied
//! at once and looked at a byte at a time.

use super::{Builder, Format, Normalized};
use crate::claim::PartialDate;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind, packed};
use regex::Regex;
use std::borrow::Cow;
use std::cell::Cell;
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
    /// A run of original bytes taken as they are: the same as one copied `Char` for each of
    /// its characters, in one piece (plain text, Markdown text events, HTML text). Never empty.
    Text { range: Range<usize> },
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
            Piece::Char { range, .. } | Piece::Text { range } | Piece::Hide { range, .. } => {
                Some(range.clone())
            }
            Piece::Break { at } => Some(*at..*at),
            Piece::Skip => None,
        }
    }
}

/// One `Text` piece for the original bytes `range` (none when it is empty).
pub(super) fn copy_run(range: Range<usize>, out: &mut Vec<Piece>) {
    if !range.is_empty() {
        out.push(Piece::Text { range });
    }
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
/// not appear. A document that is one run is its own visible text.
fn visible<'a>(pieces: &[Piece], original: &'a str) -> Cow<'a, str> {
    if let [Piece::Text { range }] = pieces {
        return Cow::Borrowed(&original[range.clone()]);
    }
    // The visible text is about as long as the original (markup hidden, breaks added).
    let mut s = String::with_capacity(original.len());
    // Copied characters and runs are written from the original, one slice for each stretch
    // of them that follow each other there.
    let mut copied: Option<Range<usize>> = None;
    for p in pieces {
        if let Piece::Char {
            range, copy: true, ..
        }
        | Piece::Text { range } = p
        {
            match &mut copied {
                Some(r) if r.end == range.start => r.end = range.end,
                _ => {
                    if let Some(r) = copied.replace(range.clone()) {
                        s.push_str(&original[r]);
                    }
                }
            }
            continue;
        }
        if let Some(r) = copied.take() {
            s.push_str(&original[r]);
        }
        match p {
            Piece::Char { c, .. } => s.push(*c),
            Piece::Break { .. } => s.push('\n'),
            _ => {}
        }
    }
    if let Some(r) = copied {
        s.push_str(&original[r]);
    }
    Cow::Owned(s)
}

/// The pieces as the masking passes see them: each piece's place in the visible text.
///
/// Masking works on visible characters: a hidden range covers the characters it touches. A
/// `Text` run stands for one copied character per character, so the passes first cut runs
/// (and the `Skip`s that hidden runs became) where a range starts or ends, and cut off the
/// first character of a range so that the `Hide` it becomes stands for that character alone:
/// then hiding treats every piece as the characters it stands for would be treated one by one.
struct Masker<'a> {
    pieces: &'a mut Vec<Piece>,
    original: &'a str,
    vis: &'a str,
    /// End in the visible text of each piece, as the piece was before masking (a piece keeps
    /// its place once hidden). Built at the first hide.
    ends: Vec<usize>,
    /// Whether a piece has been hidden.
    hidden: bool,
}

impl Masker<'_> {
    /// The piece the visible byte `at` belongs to.
    fn of(&self, at: usize) -> usize {
        self.ends.partition_point(|&e| e <= at)
    }

    /// Start in the visible text of piece `i`.
    fn start_of(&self, i: usize) -> usize {
        start_in(&self.ends, i)
    }

    /// Hides each visible range (with its `space`), in order, as if one after the other;
    /// the ranges do not overlap each other (they may overlap earlier hides).
    fn hide_all(&mut self, hides: &[(Range<usize>, bool)]) {
        if hides.iter().all(|(r, _)| r.is_empty()) {
            return;
        }
        if self.ends.is_empty() {
            let mut at = 0;
            // As much room as the pieces have: cutting a piece in place grows both alike.
            self.ends.reserve(self.pieces.capacity());
            self.ends.extend(self.pieces.iter().map(|p| {
                at += match p {
                    Piece::Char { c, .. } => c.len_utf8(),
                    Piece::Text { range } => range.len(),
                    Piece::Break { .. } => 1,
                    _ => 0,
                };
                at
            }));
        }
        let vis = self.vis;
        let mut cuts = Vec::with_capacity(hides.len() * 3);
        for (r, _) in hides.iter().filter(|(r, _)| !r.is_empty()) {
            cuts.push(vis.floor_char_boundary(r.start));
            cuts.push(vis.ceil_char_boundary(r.start + 1));
            cuts.push(vis.ceil_char_boundary(r.end));
        }
        self.cut(cuts);
        for (r, space) in hides.iter().filter(|(r, _)| !r.is_empty()) {
            let (first, last) = (self.of(r.start), self.of(r.end - 1));
            hide_pieces(self.pieces, first, last, *space);
            self.hidden = true;
        }
    }

    /// Cuts the pieces at the visible offsets `cuts` (on character boundaries).
    fn cut(&mut self, cuts: Vec<usize>) {
        cut_pieces(self.pieces, &mut self.ends, cuts, self.original);
    }

    /// Whether a piece standing for some byte of the visible range `r` is hidden.
    fn touches_hidden(&self, r: &Range<usize>) -> bool {
        self.hidden
            && (self.of(r.start)..=self.of(r.end - 1)).any(|i| {
                matches!(self.pieces[i], Piece::Skip | Piece::Hide { .. })
                    && self.ends[i] > self.start_of(i)
            })
    }
}

/// Cuts `pieces`, whose ends in the visible text are `ends`, at the visible offsets `cuts` (on
/// character boundaries); `ends` stays the ends of the pieces.
///
/// Only the pieces a cut falls inside change; the stretches of pieces between them are moved
/// over in bulk (there are a few cuts a document, at a handful of places among hundreds of
/// pieces), and when the cuts fall inside one piece, it is replaced in place. The same as
/// walking all pieces and cutting each at the cuts inside it, as the tests do.
fn cut_pieces(
    pieces: &mut Vec<Piece>,
    ends: &mut Vec<usize>,
    mut cuts: Vec<usize>,
    original: &str,
) {
    cuts.sort_unstable();
    cuts.dedup();
    // The cuts that fall inside a piece, with the piece.
    let inside: Vec<(usize, usize)> = cuts
        .into_iter()
        .filter_map(|at| {
            let i = ends.partition_point(|&e| e <= at);
            (i < pieces.len() && at > start_in(ends, i)).then_some((i, at))
        })
        .collect();
    let Some(&(first, _)) = inside.first() else {
        return;
    };
    if inside.iter().all(|&(i, _)| i == first) {
        // All in one piece (a pass's few hides in one run of text, or a trailing list): its
        // parts take its place, the pieces after it moved over once, those before not at all.
        let parts = inside.len() + 1;
        let (mut parts, mut part_ends) = (Vec::with_capacity(parts), Vec::with_capacity(parts));
        let p = std::mem::replace(&mut pieces[first], Piece::Skip);
        let start = start_in(ends, first);
        let cuts = inside.iter().map(|&(_, at)| at);
        push_cut(
            p,
            start..ends[first],
            cuts,
            original,
            &mut parts,
            &mut part_ends,
        );
        pieces.splice(first..=first, parts);
        ends.splice(first..=first, part_ends);
        return;
    }
    let old_ends = std::mem::take(ends);
    let mut old = std::mem::take(pieces).into_iter();
    pieces.reserve(old_ends.len() + inside.len());
    ends.reserve(old_ends.len() + inside.len());
    // The first piece not moved over yet.
    let mut next = 0;
    for group in inside.chunk_by(|a, b| a.0 == b.0) {
        let i = group[0].0;
        pieces.extend(old.by_ref().take(i - next));
        ends.extend_from_slice(&old_ends[next..i]);
        let p = old.next().expect("the piece a cut is inside");
        let start = start_in(&old_ends, i);
        let cuts = group.iter().map(|&(_, at)| at);
        push_cut(p, start..old_ends[i], cuts, original, pieces, ends);
        next = i + 1;
    }
    pieces.extend(old);
    ends.extend_from_slice(&old_ends[next..]);
}

/// Start in the visible text of piece `i`, whose predecessors end at `ends`.
fn start_in(ends: &[usize], i: usize) -> usize {
    if i == 0 { 0 } else { ends[i - 1] }
}

/// Pushes piece `p`, which spans `span` of the visible text, cut at `cuts` (inside `span`, in
/// order), with the ends of its parts.
fn push_cut(
    mut p: Piece,
    span: Range<usize>,
    cuts: impl IntoIterator<Item = usize>,
    original: &str,
    pieces: &mut Vec<Piece>,
    ends: &mut Vec<usize>,
) {
    let mut start = span.start;
    for at in cuts {
        let Some((head, tail)) = cut_piece(&p, at - start, original) else {
            continue;
        };
        pieces.push(head);
        ends.push(at);
        p = tail;
        start = at;
    }
    pieces.push(p);
    ends.push(span.end);
}

/// Piece `p` cut after its first `at` visible bytes: a `Text` run in two runs, a `Skip` that
/// stands for several characters in two `Skip`s. `None` for any other piece (it stands for
/// one character and is never cut inside).
fn cut_piece(p: &Piece, at: usize, original: &str) -> Option<(Piece, Piece)> {
    match p {
        Piece::Text { range } => {
            let mid = range.start + at;
            (at > 0 && mid < range.end && original.is_char_boundary(mid)).then_some((
                Piece::Text {
                    range: range.start..mid,
                },
                Piece::Text {
                    range: mid..range.end,
                },
            ))
        }
        Piece::Skip => Some((Piece::Skip, Piece::Skip)),
        _ => None,
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

/// URLs and e-mail addresses. `find_urls` finds its matches by hand (`url_matches`); the
/// regex defines them and is kept for the tests and the reference engine.
#[cfg(test)]
static URL: LazyLock<Regex> = LazyLock::new(|| {
    // A URL runs over printable ASCII but white space, quotes, closing brackets and angle
    // brackets; any other character (Han, CJK punctuation, full-width forms) ends it. A class
    // of ASCII only keeps the regex small to build (start-up) and fast to run. Case is
    // ignored the ASCII way (`-u`): with Unicode case folding `[a-z]` and `s` would also take
    // the Kelvin sign and the long s, and a match would not be printable ASCII throughout,
    // which `find_urls` relies on.
    const URL_CHAR: &str = r"[\x21\x23-\x26\x28\x2A-\x3B\x3D\x3F-\x5C\x5E-\x7E]";
    Regex::new(&format!(
        r"(?i-u)(?:https?://|www\.){URL_CHAR}+|[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{{2,}}/{URL_CHAR}*|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{{2,}}"
    ))
    .expect("URL regex")
});

/// No match of `URL` is shorter than this (`a.bc/`, `www.x`; an e-mail address takes six).
const URL_MIN_LEN: usize = 5;

/// Calls `f` with the range of each match of `URL` in `text`, in order: the matches of
/// `URL.find_iter(text)`, found without running the regex over all of the text. Every match is
/// printable ASCII (`URL` has only ASCII classes and letters, ignores case the ASCII way, and
/// has no anchors, word boundaries or look-around) and holds a `/`, an `@` or `www.` (any
/// case), so it lies inside a maximal run of printable ASCII that holds one of those, and the
/// regex finds the same matches searching each such run on its own. Text with slashes
/// (`吨/年`) or decimal points between Chinese words is common, a URL rare: most runs are
/// short and most text is never looked at but by `memchr`.
fn find_urls(text: &str, mut f: impl FnMut(Range<usize>)) {
    let bytes = text.as_bytes();
    let printable = |b: u8| (0x21..=0x7E).contains(&b);
    // The end of the last run searched.
    let mut done = 0;
    for at in memchr::memchr3_iter(b'/', b'@', b'.', bytes) {
        if at < done
            || (bytes[at] == b'.' && !(at >= 3 && bytes[at - 3..at].eq_ignore_ascii_case(b"www")))
        {
            continue;
        }
        let mut start = at;
        while start > done && printable(bytes[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < bytes.len() && printable(bytes[end]) {
            end += 1;
        }
        done = end;
        if end - start < URL_MIN_LEN {
            continue;
        }
        url_matches(&bytes[start..end], |r| f(start + r.start..start + r.end));
    }
}

/// `URL.find_iter(run)` for a `run` of printable ASCII, without the regex (building it cost
/// 0.4M instructions, more than a run's searches, and its lazy automaton's first searches
/// build its states): at each place from where the last match ended on, the first of the
/// three alternatives that matches there, with the end the regex's greedy quantifiers give.
///
/// - `(?:https?://|www\.)U+` (`U`: `url_char`) runs to the end of the `U` characters.
/// - `[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}/U*`: the name before the `/` takes all
///   of the letters, digits, dots and dashes from the start (a `/` is none of them), so it is
///   the whole of that stretch, which must be followed by a `/`, hold a dot after the start,
///   no empty label after the start's one (`..`), and end with a label of two letters or
///   more; the match runs on to the end of the `U` characters.
/// - `[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}`: the name before the `@` is all
///   of such characters from the start; after it, the groups take as many whole labels as can
///   be taken back by one for the last part, which takes the letters a label starts with
///   (two or more): the match ends after the letters of the last label that starts with two.
///
/// What a stretch gives (its end, where it is followed by a `/` or an `@`) is the same from
/// every start inside it: it is worked out once per stretch, so the search is linear.
fn url_matches(run: &[u8], mut f: impl FnMut(Range<usize>)) {
    // The stretch of host characters the last start looked at, and the one before an `@`.
    let mut host = HostStretch::default();
    let mut mail = MailStretch::default();
    let mut p = 0;
    while p < run.len() {
        let b = run[p];
        let rest = &run[p..];
        let scheme = matches!(b, b'h' | b'H' | b'w' | b'W')
            && [&b"http://"[..], b"https://", b"www."]
                .into_iter()
                .any(|w| {
                    rest.len() > w.len()
                        && rest[..w.len()].eq_ignore_ascii_case(w)
                        && url_char(rest[w.len()])
                });
        let end = if scheme {
            Some(url_end(run, p))
        } else if b.is_ascii_alphanumeric() && {
            if p >= host.end {
                host = HostStretch::at(run, p);
            }
            host.starts_match(p)
        } {
            host.match_end
        } else if is_local_char(b) {
            if p >= mail.end {
                mail = MailStretch::at(run, p);
            }
            mail.match_end
        } else {
            None
        };
        match end {
            Some(end) => {
                f(p..end);
                p = end;
            }
            None => p += 1,
        }
    }
}

/// A character of `URL`'s class `U`: printable ASCII but quotes, `)`, `]` and angle brackets.
fn url_char(b: u8) -> bool {
    (0x21..=0x7E).contains(&b) && !matches!(b, b'"' | b'\'' | b')' | b'<' | b'>' | b']')
}

/// The end of the `U` characters of `run` from `at` on.
fn url_end(run: &[u8], at: usize) -> usize {
    at + run[at..].iter().take_while(|&&b| url_char(b)).count()
}

/// A character of the name before an `@` (`[a-z0-9._%+-]`, either case).
fn is_local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// A character of a label of a host name (`[a-z0-9-]`, either case).
fn is_label_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-'
}

/// A stretch of host characters (letters, digits, dots, dashes) and what the second
/// alternative of `URL` makes of a start inside it.
#[derive(Default)]
struct HostStretch {
    /// Its end.
    end: usize,
    /// The end of a match, when the stretch is followed by a `/` and ends with a dot and two
    /// letters or more.
    match_end: Option<usize>,
    /// Its last dot.
    last_dot: usize,
    /// The first dot of its last `..`.
    empty_label: Option<usize>,
}

impl HostStretch {
    /// The stretch from `start`.
    fn at(run: &[u8], start: usize) -> HostStretch {
        let end = start
            + run[start..]
                .iter()
                .take_while(|&&b| is_label_char(b) || b == b'.')
                .count();
        let name = &run[start..end];
        let last_dot = name.iter().rposition(|&b| b == b'.');
        let empty_label = name.windows(2).rposition(|w| w == b"..").map(|k| start + k);
        let match_end = last_dot
            .filter(|&d| {
                let tld = &name[d + 1..];
                run.get(end) == Some(&b'/')
                    && tld.len() >= 2
                    && tld.iter().all(u8::is_ascii_alphabetic)
            })
            .map(|_| url_end(run, end));
        HostStretch {
            end,
            match_end,
            last_dot: last_dot.map_or(start, |d| start + d),
            empty_label,
        }
    }

    /// Whether a match starts at `p`, a letter or digit inside the stretch: a label before
    /// the last dot, no empty label after it.
    fn starts_match(&self, p: usize) -> bool {
        self.match_end.is_some() && p < self.last_dot && self.empty_label.is_none_or(|d| d < p)
    }
}

/// A stretch of the characters of a name before an `@` and the end of the match of the third
/// alternative of `URL` from a start inside it.
#[derive(Default)]
struct MailStretch {
    /// Its end.
    end: usize,
    /// The end of the match, when an `@` follows and a host name after it.
    match_end: Option<usize>,
}

impl MailStretch {
    /// The stretch from `start`.
    fn at(run: &[u8], start: usize) -> MailStretch {
        let label_end =
            |at: usize| at + run[at..].iter().take_while(|&&b| is_label_char(b)).count();
        let end = start
            + run[start..]
                .iter()
                .take_while(|&&b| is_local_char(b))
                .count();
        let mut match_end = None;
        if run.get(end) == Some(&b'@') {
            // The first label, then each `.label` while there is one; the last part takes the
            // letters the last label that starts with two of them starts with.
            let mut i = label_end(end + 1);
            if i > end + 1 {
                while run.get(i) == Some(&b'.') && label_end(i + 1) > i + 1 {
                    let letters = run[i + 1..]
                        .iter()
                        .take_while(|b| b.is_ascii_alphabetic())
                        .count();
                    if letters >= 2 {
                        match_end = Some(i + 1 + letters);
                    }
                    i = label_end(i + 1);
                }
            }
        }
        MailStretch { end, match_end }
    }
}

/// `[text](dest)`; text longer than `MD_LINK_TEXT` bytes is no link text (checked after the
/// match: a counted repetition would make the regex slow to build). Found by `md_links`; the
/// tests and the reference engine search with the regex.
#[cfg(test)]
static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\[\]\n]*)\](\([^)\s]*\))").expect("link regex"));
const MD_LINK_TEXT: usize = 1500;

/// Calls `f` with the offsets of the `[`, the `]` and the end of each match of `MD_LINK` in
/// `text`, in order, found without a regex. The pattern has one way to match from a `[`: the
/// text runs to the first `[`, `]` or `\n`, which must be a `]` followed by `(`, and the
/// destination to the first `)` or white space, which must be a `)`. A `[` where that fails
/// starts no match; the next one is looked for after the `]` (none is in the text before it;
/// one may be in the destination).
fn md_links(text: &str, mut f: impl FnMut(usize, usize, usize)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(k) = memchr::memchr(b'[', &bytes[i..]) {
        let open = i + k;
        let Some(n) = memchr::memchr3(b'[', b']', b'\n', &bytes[open + 1..]) else {
            return;
        };
        let close = open + 1 + n;
        i = close;
        if bytes[close] != b']' || bytes.get(close + 1) != Some(&b'(') {
            continue;
        }
        i = close + 1;
        let dest = &text[close + 2..];
        if let Some(n) = dest.find(|c: char| c == ')' || c.is_whitespace())
            && dest.as_bytes()[n] == b')'
        {
            let end = close + 2 + n + 1;
            f(open, close, end);
            i = end;
        }
    }
}

/// A rule line (`-----`, `===`), as `rule_lines` finds them; the tests and the reference
/// engine search with the regex.
#[cfg(test)]
static RULE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*(?:-{3,}|={3,})[ \t]*$").expect("rule regex"));

/// Calls `f` with the range of each rule line of `text`, in order: a line (without its `\n`)
/// of three or more `-` or three or more `=` with only spaces and tabs around them. The
/// matches of `RULE_LINE`, found from each run of `-` or `=` without a regex.
fn rule_lines(text: &str, mut f: impl FnMut(Range<usize>)) {
    let bytes = text.as_bytes();
    let blank = |b: u8| b == b' ' || b == b'\t';
    let mut i = 0;
    while let Some(k) = memchr::memchr2(b'-', b'=', &bytes[i..]) {
        let at = i + k;
        let c = bytes[at];
        let mut end = at;
        while end < bytes.len() && bytes[end] == c {
            end += 1;
        }
        i = end;
        if end - at < 3 {
            continue;
        }
        let mut start = at;
        while start > 0 && blank(bytes[start - 1]) {
            start -= 1;
        }
        if start > 0 && bytes[start - 1] != b'\n' {
            continue;
        }
        while end < bytes.len() && blank(bytes[end]) {
            end += 1;
        }
        if end < bytes.len() && bytes[end] != b'\n' {
            continue;
        }
        f(start..end);
    }
}

/// A trailing list's heading; found by `trailing_list_at`, the tests and the reference engine
/// search with the regex.
#[cfg(test)]
static TRAILING_LIST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:-\s*)?(?:最新闻|相关新闻|相关阅读|相关文章|推荐阅读|延伸阅读|热门文章|热点新闻|热门新闻|猜你喜欢|同一主题|获取更多RSS|related:|related articles|most read)|(?m)^[ \t]*分享[ \t]*[:：]",
    )
    .expect("trailing list regex")
});

/// The Chinese words of `TRAILING_LIST` (`获取更多RSS` cut to `获取更多`), the last two those
/// that must be followed or preceded by more. They have no case: they are found as they are.
const CHINESE_TRAILING_WORDS: [&str; 13] = [
    "最新闻",
    "相关新闻",
    "相关阅读",
    "相关文章",
    "推荐阅读",
    "延伸阅读",
    "热门文章",
    "热点新闻",
    "热门新闻",
    "猜你喜欢",
    "同一主题",
    "获取更多",
    "分享",
];

/// `CHINESE_TRAILING_WORDS`, all found in one pass: aho-corasick's packed searcher (Teddy)
/// where the machine has its vector instructions, else an automaton. The packed searcher is
/// what the automaton ran as its prefilter; alone, it checks its candidates itself and
/// needs no automaton built, which cost more than all the searches of a run (an NFA and its
/// failure transitions: 0.3M instructions at start-up).
static TRAILING_WORDS: LazyLock<Result<packed::Searcher, AhoCorasick>> = LazyLock::new(|| {
    packed::Searcher::new(CHINESE_TRAILING_WORDS).ok_or_else(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(CHINESE_TRAILING_WORDS)
            .expect("trailing words")
    })
});

/// Where the first of `CHINESE_TRAILING_WORDS` in `text` starts (where the leftmost match
/// starts, whatever the match kind: both searchers find the same place).
fn first_trailing_word(text: &[u8]) -> Option<usize> {
    match &*TRAILING_WORDS {
        Ok(teddy) => teddy.find(text).map(|m| m.start()),
        Err(automaton) => automaton.find(text).map(|m| m.start()),
    }
}

/// The first `d` of `text` that ends `related` or `t read` (ASCII case ignored). An English
/// word of `TRAILING_LIST` (`related:`, `related articles`, `most read`) holds one of these,
/// its `d` at most 9 bytes after its start: `(?i)` lets no letter of them be other than
/// ASCII but the `s` of `most`, which may be the long s (two bytes).
fn english_trailing_d(text: &[u8]) -> Option<usize> {
    memchr::memchr2_iter(b'd', b'D', text).find(|&at| {
        [&b"relate"[..], b"t rea"]
            .iter()
            .any(|w| at >= w.len() && text[at - w.len()..at].eq_ignore_ascii_case(w))
    })
}

/// Where the first match of `TRAILING_LIST` at or after `tail` starts.
///
/// Every match holds one of its words (the Chinese ones or `related`, `most read`), after
/// nothing but a `-` and white space (or spaces and tabs from the start of a line). So there
/// is no match when no word is there (most texts), and else none starts before the first word
/// found, and the white space and dashes before it: the regex searches from there.
fn trailing_list_at(vis: &str, tail: usize) -> Option<usize> {
    let rest = &vis.as_bytes()[tail..];
    // The least offset in `rest` where a word of a match may start.
    let english = english_trailing_d(rest).map(|d| d.saturating_sub(9));
    let chinese = first_trailing_word(rest);
    let first = english.into_iter().chain(chinese).min();
    let mut from = vis.floor_char_boundary(tail + first?);
    for c in vis[tail..from].chars().rev() {
        if c != '-' && !c.is_whitespace() {
            break;
        }
        from -= c.len_utf8();
    }
    // `TRAILING_LIST.find_at(vis, from)`: the first place from there where a match starts.
    // Each starts with a `-`, a space or tab (before `分享`), or a word's first byte.
    let bytes = vis.as_bytes();
    (from..bytes.len()).find(|&p| {
        matches!(
            bytes[p],
            b'-' | b' ' | b'\t' | 0xE5..=0xE8 | b'r' | b'R' | b'm' | b'M'
        ) && trailing_list_starts(vis, p)
    })
}

/// Whether a match of `TRAILING_LIST` starts at `p` (a character boundary) of `vis`:
/// `(?:-\s*)?WORD`, or `分享` alone at the start of a line (`(?m)^[ \t]*分享[ \t]*[:：]`).
fn trailing_list_starts(vis: &str, p: usize) -> bool {
    let word = |s: &str| {
        // The Chinese words but `获取更多RSS`, whose `RSS` ignores case, and `分享`.
        CHINESE_TRAILING_WORDS[..11]
            .iter()
            .any(|w| s.starts_with(w))
            || s.strip_prefix("获取更多")
                .is_some_and(|s| starts_with_ci(s, "rss").is_some())
            || ["related:", "related articles", "most read"]
                .iter()
                .any(|w| starts_with_ci(s, w).is_some())
    };
    let s = &vis[p..];
    if word(s) || s.strip_prefix('-').is_some_and(|s| word(s.trim_start())) {
        return true;
    }
    let blank = [' ', '\t'];
    (p == 0 || vis.as_bytes()[p - 1] == b'\n')
        && s.trim_start_matches(blank)
            .strip_prefix("分享")
            .is_some_and(|s| s.trim_start_matches(blank).starts_with([':', '：']))
}

/// A letter as `(?i)` matches it: an ASCII letter in lower case, also for the two other
/// characters whose case folds to an ASCII letter (the long s, the Kelvin sign).
pub(super) fn folded_letter(c: char) -> Option<char> {
    match c {
        'a'..='z' => Some(c),
        'A'..='Z' => Some(c.to_ascii_lowercase()),
        '\u{17F}' => Some('s'),
        '\u{212A}' => Some('k'),
        _ => None,
    }
}

/// The length of the start of `s` that matches `word` (lower-case ASCII) under `(?i)`: its
/// letters also match their upper case and the other characters whose case folds to them
/// (`folded_letter`); anything else only itself.
pub(super) fn starts_with_ci(s: &str, word: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    let mut end = 0;
    for w in word.chars() {
        let (at, c) = chars.next()?;
        if c != w && folded_letter(c) != Some(w) {
            return None;
        }
        end = at + c.len_utf8();
    }
    Some(end)
}

/// Masks URLs, e-mail addresses and (per `masks`) Markdown-like link syntax, rule lines and
/// trailing "related news" lists, in place.
pub(super) fn mask_pieces(pieces: &mut Vec<Piece>, original: &str, masks: Masks) {
    let vis = visible(pieces, original);
    if vis.is_empty() {
        return;
    }
    let vis: &str = &vis;
    let mut m = Masker {
        pieces,
        original,
        vis,
        ends: Vec::new(),
        hidden: false,
    };
    let mut hides: Vec<(Range<usize>, bool)> = Vec::new();
    // Each pass runs only when the text holds what its pattern needs (most articles hold
    // no link, rule line or URL).
    let bytes = vis.as_bytes();
    // Whether the text holds `](`: each `]` looked at (a `memmem` search would first build a
    // searcher, which costs more than the search in an article).
    let has_link_end =
        || memchr::memchr_iter(b']', bytes).any(|at| bytes.get(at + 1) == Some(&b'('));
    // A trailing list starts in the last 40% of the text.
    let tail = vis.ceil_char_boundary((vis.len() * 6).div_ceil(10));
    if masks.trailing_lists
        && let Some(t) = trailing_list_at(vis, tail)
    {
        m.hide_all(&[(t..vis.len(), false)]);
    }
    if masks.markdown_like {
        rule_lines(vis, |r| hides.push((r, false)));
        m.hide_all(&hides);
    }
    if masks.markdown_like && has_link_end() {
        hides.clear();
        md_links(vis, |open, close, end| {
            if close - (open + 1) <= MD_LINK_TEXT {
                hides.push((open..open + 1, false));
                hides.push((close..end, false));
            }
        });
        m.hide_all(&hides);
    }
    hides.clear();
    find_urls(vis, |mut r| {
        // A bare domain must not continue a word (`a.b/c` inside `xa.b/c` is not a URL start).
        if let Some(prev) = vis[..r.start].chars().next_back()
            && (prev.is_ascii_alphanumeric() || matches!(prev, '.' | '@' | '/' | '_' | '-'))
        {
            return;
        }
        // Trailing sentence punctuation is not part of the URL.
        while r.end > r.start && vis[..r.end].ends_with(['.', ',', ';', ':', '!', '?']) {
            r.end -= 1;
        }
        // Skip pieces that a previous pass has already hidden (URLs do not overlap each other,
        // so hiding them together is hiding them one after the other).
        if r.is_empty() || m.touches_hidden(&r) {
            return;
        }
        hides.push((r, true));
    });
    m.hide_all(&hides);
}

/// Whether a character belongs to a whitespace run (whitespace, zero-width, control).
fn is_run_char(c: char) -> bool {
    c.is_whitespace() || is_zero_width(c) || c.is_control()
}

/// Whether a piece belongs to a whitespace run (whitespace, hidden bytes, zero-width chars).
/// A `Text` run is judged character by character, never as a whole.
fn is_run_piece(p: &Piece) -> bool {
    match p {
        Piece::Char { c, .. } => is_run_char(*c),
        Piece::Hide { .. } | Piece::Skip => true,
        Piece::Break { .. } | Piece::Text { .. } => false,
    }
}

/// Facts about the lines of a plain-text document that the line-joining heuristic uses.
struct Lines<'a> {
    original: &'a str,
    /// Median length, in characters, of the non-empty lines.
    median: usize,
    /// Start of each line (the text after each `\n`, and the first).
    starts: Vec<usize>,
    /// Length in characters of each line, trimmed.
    lens: Vec<usize>,
    /// The line `line_len_before` found last: `render` asks in text order, a line or two on.
    last: Cell<usize>,
}

impl Lines<'_> {
    fn new(original: &str) -> Lines<'_> {
        let bytes = original.as_bytes();
        let lines = memchr::memchr_iter(b'\n', bytes).count() + 1;
        let mut starts = Vec::with_capacity(lines);
        let mut lens = Vec::with_capacity(lines);
        // The lengths of the non-empty lines: the same lines as `str::lines` (whose `\r`
        // trimming `trim` removes), empty ones left out.
        let mut sorted = Vec::with_capacity(lines);
        let line = |start: usize, end: usize, chars: usize| {
            starts.push(start);
            let n = if chars == 0 {
                0
            } else {
                trimmed_chars(&original[start..end], chars)
            };
            lens.push(n);
            if n > 0 {
                sorted.push(n);
            }
        };
        each_line(original, line);
        // The length at the middle of the sorted lengths, found without sorting them all.
        let half = sorted.len() / 2;
        let median = if sorted.is_empty() {
            0
        } else {
            *sorted.select_nth_unstable(half).1
        };
        Lines {
            original,
            median,
            starts,
            lens,
            last: Cell::new(0),
        }
    }

    /// Line `i` without its `\n`.
    fn line<'a>(original: &'a str, starts: &[usize], i: usize) -> &'a str {
        let end = starts.get(i + 1).map_or(original.len(), |&s| s - 1);
        &original[starts[i]..end]
    }

    /// Length in characters of the (trimmed) line that ends at `at`.
    fn line_len_before(&self, at: usize) -> usize {
        let at = at.min(self.original.len());
        // The last line that starts at or before `at`: stepped to from the line found last
        // when `at` is not before it, else searched for.
        let mut i = self.last.get();
        if self.starts[i] <= at {
            while self.starts.get(i + 1).is_some_and(|&s| s <= at) {
                i += 1;
            }
        } else {
            i = self.starts.partition_point(|&s| s <= at) - 1;
        }
        self.last.set(i);
        let start = self.starts[i];
        // When only white space follows on the line, the line trimmed is the head trimmed.
        // Most breaks are asked at the line's end (its `\n`, a character boundary): told
        // from the offsets alone.
        let line = Self::line(self.original, &self.starts, i);
        if at == start + line.len() {
            return self.lens[i];
        }
        let Some(head) = self.original.get(..at) else {
            return 0;
        };
        if line[at - start..].trim_start().is_empty() {
            return self.lens[i];
        }
        char_count(trim_line(&head[start..]))
    }
}

/// `line.trim()`, without trimming a line that neither starts nor ends with white space
/// (most lines: trimming looks at both ends through the generic pattern code).
fn trim_line(line: &str) -> &str {
    &line[trim_bounds(line)]
}

/// Where `line.trim()` starts and ends in `line`.
///
/// Told from the line's first and last bytes, without decoding a character: a white-space
/// character (`char::is_whitespace`: U+0009..=U+000D, space, U+0085, U+00A0, U+1680,
/// U+2000..=U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) starts with one of those ASCII
/// bytes or with C2, E1, E2 or E3, and ends with one of those ASCII bytes or with 80..=8A,
/// 9F, A0, A8, A9 or AF. Only an end that might be white space is looked at, a character at
/// a time as `trim` does (a line that ends with `。` or `、` ends with 82 or 81).
#[inline(always)]
fn trim_bounds(line: &str) -> Range<usize> {
    let bytes = line.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return 0..0;
    };
    let ascii_white = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
    let may_start = ascii_white(first) || matches!(first, 0xC2 | 0xE1..=0xE3);
    let may_end =
        ascii_white(last) || matches!(last, 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF);
    if may_start || may_end {
        white_ends(line, may_start, may_end)
    } else {
        0..line.len()
    }
}

/// `trim_bounds` of a line that may start (`may_start`) or end (`may_end`) with white space.
fn white_ends(line: &str, may_start: bool, may_end: bool) -> Range<usize> {
    let start = if may_start {
        line.char_indices()
            .find(|&(_, c)| !c.is_whitespace())
            .map_or(line.len(), |(i, _)| i)
    } else {
        0
    };
    if start == line.len() {
        return start..start;
    }
    // A character that is not white space is left, so the end is after `start`.
    let end = if may_end {
        line.char_indices()
            .rev()
            .find(|&(_, c)| !c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8())
    } else {
        line.len()
    };
    start..end
}

/// `s.chars().count()`: the bytes of `s` that start a character (all but the continuation
/// bytes 80..=BF). Counted a chunk of 32 bytes at a time with no early exit, which the compiler
/// does a vector at a time: `chars().count()` costs about twice as much on the lines of an
/// article. The bytes after the last whole chunk are counted as the last 32 bytes of `s`,
/// those already counted masked off (a text shorter than a chunk is copied into one filled up
/// with continuation bytes), so no copy of a variable length is made.
fn char_count(s: &str) -> usize {
    const CHUNK: usize = 32;
    /// Masks that count the last `k` bytes of a chunk: `MASK[k..k + CHUNK]`.
    static MASK: [u8; 2 * CHUNK] = {
        let mut m = [0; 2 * CHUNK];
        let mut i = CHUNK;
        while i < 2 * CHUNK {
            m[i] = 1;
            i += 1;
        }
        m
    };
    let mask = |k: usize| -> &[u8; CHUNK] { MASK[k..k + CHUNK].try_into().expect("a chunk") };
    let starts = |chunk: &[u8; CHUNK], mask: &[u8; CHUNK]| {
        chunk
            .iter()
            .zip(mask)
            .fold(0u8, |n, (&b, &m)| n + (u8::from(b & 0xC0 != 0x80) & m))
    };
    let bytes = s.as_bytes();
    if bytes.len() < CHUNK {
        let mut last = [0x80; CHUNK];
        last[..bytes.len()].copy_from_slice(bytes);
        return usize::from(starts(&last, mask(CHUNK)));
    }
    let mut chunks = bytes.chunks_exact(CHUNK);
    let mut n = 0;
    for chunk in &mut chunks {
        n += usize::from(starts(chunk.try_into().expect("a chunk"), mask(CHUNK)));
    }
    let rest = chunks.remainder().len();
    if rest > 0 {
        let last = &bytes[bytes.len() - CHUNK..];
        n += usize::from(starts(last.try_into().expect("a chunk"), mask(rest)));
    }
    n
}

/// Calls `f(start, end, chars)` for each line of `original` (split at `\n`, which the range
/// `start..end` leaves out; the last line runs to the end) with its number of characters.
#[inline(always)]
fn each_line(original: &str, mut f: impl FnMut(usize, usize, usize)) {
    let bytes = original.as_bytes();
    let mut start = 0;
    loop {
        // An empty line (every other one in a PDF dump) is told without a `memchr`.
        let end = if bytes.get(start) == Some(&b'\n') {
            start
        } else {
            memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |k| start + k)
        };
        f(
            start,
            end,
            if end == start {
                0
            } else {
                char_count(&original[start..end])
            },
        );
        if end == bytes.len() {
            break;
        }
        start = end + 1;
    }
}

/// `char_count(trim_line(line))` for a `line` of `chars` characters: the characters of the
/// white space trimmed off subtracted (most lines have none).
fn trimmed_chars(line: &str, chars: usize) -> usize {
    let r = trim_bounds(line);
    if r.len() == line.len() {
        chars
    } else if r.is_empty() {
        0
    } else {
        chars - line[..r.start].chars().count() - line[r.end..].chars().count()
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
///
/// `prev_line` gives the length of the previous line; it is only asked for when the answer
/// depends on it (most breaks, after `。` or before a heading, do not).
fn text_break(
    b: char,
    a: char,
    prev_line: impl FnOnce() -> usize,
    median: usize,
    before_b: Option<char>,
) -> &'static str {
    let long_line = || prev_line() * 10 >= median * 6;
    let decimal_point = b == '.' && before_b.is_some_and(is_digit);
    let numeric_before =
        is_digit(b) || matches!(b, '%' | '％') || is_range_dash(b) || decimal_point;
    let before_ok =
        is_han(b) || numeric_before || matches!(b, '，' | '、' | '“' | '《' | '（' | '「' | '）');
    let after_ok = is_han(a) || is_digit(a) || matches!(a, '“' | '《' | '（' | '「' | '‘');
    if before_ok && after_ok {
        let digits = is_digit(a) && !is_han(b) && !(is_range_dash(b) || decimal_point);
        if !digits && (numeric_before || long_line()) {
            return "";
        }
        return "\n";
    }
    let latin = |c: char| c.is_ascii_alphanumeric();
    if (latin(b) || matches!(b, ',' | '-' | '(' | '&')) && (latin(a) || a == '(') && long_line() {
        return " ";
    }
    "\n"
}

/// A character `render` copies as it is: not whitespace, zero-width or control (those form
/// runs), not folded, not the full-width comma (folded between full-width digits).
#[inline]
fn is_plain(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_graphic();
    }
    // Only characters with UTF-8 lead byte C2, E1, E2, E3 or EF can be anything else (see
    // `plain_run_len`): Han, Latin-1 letters and the rest are plain.
    let u = u32::from(c);
    if !(u < 0xC0 || (0x1000..0x4000).contains(&u) || (0xF000..0x10000).contains(&u)) {
        return true;
    }
    is_plain_by_definition(c)
}

/// `is_plain` for a character that is not ASCII, without the shortcut.
fn is_plain_by_definition(c: char) -> bool {
    c != '，'
        && !c.is_whitespace()
        && !is_zero_width(c)
        && !c.is_control()
        && fold_char(c).is_none()
}

/// The ASCII character that the full-width form at the start of `rest` folds to
/// (`fold_char`), for the forms `render` folds inside a copied stretch: all but the digits
/// (a full-width comma between two of them folds too, which the `Char` branch decides from
/// the characters around it) and the comma, which is plain.
#[inline]
fn wide_fold(rest: &[u8]) -> Option<char> {
    // U+FF00..=U+FF7F: EF BC 80..=BF, EF BD 80..=BF.
    let [0xEF, b1 @ (0xBC | 0xBD), b2, ..] = *rest else {
        return None;
    };
    let c = char::from_u32(0xF000 | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F))?;
    if c == '，' || is_digit(c) {
        return None;
    }
    fold_char(c)
}

/// Whether a collapsed whitespace run between `b` and `a` disappears in HTML/Markdown text.
fn markup_join(b: char, a: char) -> bool {
    // No wide character comes before `·` (U+00B7): a Latin letter, digit or sign is told at
    // once.
    let wide = |c: char| {
        c >= '·'
            && (is_han(c)
                || ('\u{3000}'..='\u{303F}').contains(&c)
                || ('\u{FF00}'..='\u{FFEF}').contains(&c)
                || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·'))
    };
    (wide(b) && (wide(a) || is_digit(a))) || (is_digit(b) && wide(a))
}

/// Byte length of the longest start of `s` whose characters `render` copies as they are when
/// the character before `s` is such a one: `is_plain` characters, and the full-width comma
/// (it folds only after a full-width digit, which is not plain). Decided on the lead byte for
/// ASCII and for every lead byte but C2, E1, E2, E3 and EF (all of whose characters are
/// plain); only characters with those lead bytes are read further (`special_len`).
fn plain_run_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    loop {
        // Chinese text: four characters at a time while the next four are three-byte ones
        // plain by their lead bytes (Han; a run starts here after punctuation). The same steps
        // as one at a time below (each lead byte is where the one before ends), with one
        // bounds test and the four look-ups apart from each other. The `&` of their `STEP`s
        // (each 0 to 4) is 3 only when all four are 3.
        while let Some(w) = bytes.get(i..i + 12)
            && STEP[usize::from(w[0])]
                & STEP[usize::from(w[3])]
                & STEP[usize::from(w[6])]
                & STEP[usize::from(w[9])]
                == 3
        {
            i += 12;
        }
        // The characters decided by their lead byte: one table look-up and test each.
        while let Some(&b) = bytes.get(i) {
            let n = STEP[usize::from(b)];
            if n == 0 {
                break;
            }
            i += usize::from(n);
        }
        // The end, a character that is not plain, or one that only its later bytes can tell.
        match bytes.get(i) {
            Some(&b) if LEAD[usize::from(b)] == DECODE => match special_len(bytes, i) {
                0 => return i,
                n => i += n,
            },
            _ => return i,
        }
    }
}

/// For the character at `i` of `bytes` (valid UTF-8), whose lead byte is C2, E1, E2, E3 or
/// EF: its length when `plain_run_len` takes it (it is plain, or the full-width comma), else
/// 0. Told from its bytes: the characters that are not plain are these controls, spaces,
/// zero-width characters and full-width forms.
fn special_len(bytes: &[u8], i: usize) -> usize {
    let (b1, b2) = (bytes[i + 1], bytes.get(i + 2).copied().unwrap_or(0));
    let plain = match bytes[i] {
        // U+0080..=U+00A0 (controls, NEL, no-break space), U+00AD (soft hyphen).
        0xC2 => return if b1 <= 0xA0 || b1 == 0xAD { 0 } else { 2 },
        // U+1680 (ogham space mark).
        0xE1 => !(b1 == 0x9A && b2 == 0x80),
        // U+2000..=U+200D, U+2028, U+2029, U+202F; U+205F, U+2060.
        0xE2 => match b1 {
            0x80 => !(b2 <= 0x8D || matches!(b2, 0xA8 | 0xA9 | 0xAF)),
            0x81 => !matches!(b2, 0x9F | 0xA0),
            _ => true,
        },
        // U+3000 (ideographic space).
        0xE3 => !(b1 == 0x80 && b2 == 0x80),
        // U+FEFF (BOM); U+FF01..=U+FF5E (full-width forms) but U+FF0C (the comma).
        0xEF => match b1 {
            0xBB => b2 != 0xBF,
            0xBC => b2 == 0x8C || b2 < 0x81,
            0xBD => b2 > 0x9E,
            _ => true,
        },
        _ => unreachable!("not a lead byte that needs decoding"),
    };
    if plain { 3 } else { 0 }
}

/// `LEAD` with `DECODE` as 0: the length of a character that its lead byte shows plain, else 0.
const STEP: [u8; 256] = {
    let mut t = LEAD;
    let mut b = 0;
    while b < 256 {
        if t[b] == DECODE {
            t[b] = 0;
        }
        b += 1;
    }
    t
};

/// `LEAD[b]` for a byte `b` that starts a character: 0 when the character is not plain
/// (ASCII white space and controls), `DECODE` when only the character can tell, else the
/// length of the character, which is plain.
const LEAD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b {
            0x21..=0x7E => 1,
            0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF => DECODE,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xFF => 4,
            _ => 0,
        };
        b += 1;
    }
    t
};
const DECODE: u8 = 0xFF;

/// Where `render` is in the piece list: a piece and, inside a `Text` run, a byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct At {
    i: usize,
    off: usize,
}

impl At {
    /// The start of piece `i`.
    fn piece(i: usize) -> At {
        At { i, off: 0 }
    }

    /// The place after the character of `Text` run `range` that ends at `end`.
    fn in_run(i: usize, range: &Range<usize>, end: usize) -> At {
        if end < range.end {
            At {
                i,
                off: end - range.start,
            }
        } else {
            At::piece(i + 1)
        }
    }
}

/// The unit at `at` (a piece, or a character of a `Text` run as a copied `Char`) and the place
/// after it; `None` at the end.
fn unit_at<'p>(pieces: &'p [Piece], original: &str, at: At) -> Option<(Cow<'p, Piece>, At)> {
    let p = pieces.get(at.i)?;
    let Piece::Text { range } = p else {
        return Some((Cow::Borrowed(p), At::piece(at.i + 1)));
    };
    let start = range.start + at.off;
    let c = original[start..range.end].chars().next()?;
    Some((
        Cow::Owned(Piece::copy(c, start)),
        At::in_run(at.i, range, start + c.len_utf8()),
    ))
}

/// The character of the unit at `at`, if it is one.
#[inline]
fn char_at(pieces: &[Piece], original: &str, at: At) -> Option<char> {
    match pieces.get(at.i)? {
        Piece::Char { c, .. } => Some(*c),
        Piece::Text { range } => original[range.start + at.off..range.end].chars().next(),
        _ => None,
    }
}

/// Writes `pieces` through a builder: copies, folded characters, whitespace runs collapsed or
/// joined per `mode`, hidden bytes dropped (or a space where dropping would glue two numbers).
/// A `Text` run is written as its characters would be one by one, but copied a stretch at a
/// time.
///
/// In plain text (`Mode::Text`) the builder also keeps where the lines of `original` start,
/// found for joining them (`Builder::keep_line_starts`).
pub(super) fn render(pieces: &[Piece], original: &str, mode: Mode) -> Builder {
    let mut b = Builder::with_capacity(original.len());
    let lines = matches!(mode, Mode::Text).then(|| Lines::new(original));
    // Documents of few pieces for their length (runs of plain text, Markdown, HTML text) make
    // about three segments of the map a piece and two a line; with more pieces (markup dense
    // HTML: a piece a tag, entity or masked stretch) the map grows as needed.
    if pieces.len() * 16 < original.len() {
        b.reserve_segments(3 * pieces.len() + lines.as_ref().map_or(0, |l| 2 * l.starts.len()));
    }
    // The last visible original character written, and the one before it (read only in plain
    // text: `last_two` does not look for it in markup).
    let mut prev: Option<char> = None;
    let mut prev2: Option<char> = None;
    let mut at = At::piece(0);
    let mut buf = [0u8; 4];
    // The units of a whitespace run that reaches into a `Text` run.
    let mut spelled: Vec<Piece> = Vec::new();
    while let Some((unit, next)) = unit_at(pieces, original, at) {
        match *unit {
            Piece::Break { at: orig_at } => {
                b.push_break(orig_at);
                prev = None;
                prev2 = None;
                at = next;
            }
            Piece::Char {
                c,
                ref range,
                copy: true,
            } if is_plain(c) => {
                // A stretch of characters copied as they are: one push for all of them. The
                // last two characters written (`prev`, `prev2`) are read back at its end
                // (`last_two`): from where the stretch started or a line break written in it
                // last put them back (`seg`), with `before` the last one before that.
                let (mut start, mut end) = (range.start, range.end);
                let mut seg = start;
                let mut before = prev;
                at = next;
                loop {
                    match pieces.get(at.i) {
                        Some(Piece::Text { range }) if range.start + at.off == end => {
                            let n = plain_run_len(&original[end..range.end]);
                            if n > 0 {
                                end += n;
                                at = At::in_run(at.i, range, end);
                                if at.off == 0 {
                                    continue;
                                }
                            }
                            let rest = &original.as_bytes()[end..range.end];
                            // A full-width form that folds to ASCII (`（`, `）`, `：`): a
                            // `Char` of its own (the `Char` branch below, which pushes its
                            // folded character in its place), written here as that branch
                            // writes it, in the stretch; the characters it leaves in
                            // `prev`, `prev2` are the original's, which `last_two` reads.
                            if let Some(f) = wide_fold(rest) {
                                b.push_copy(start, &original[start..end]);
                                b.push_replaced(end..end + 3, f.encode_utf8(&mut buf));
                                end += 3;
                                start = end;
                                at = At::in_run(at.i, range, end);
                                continue;
                            }
                            if n == 0 {
                                break;
                            }
                            // ASCII white space inside the run before a plain character of the
                            // run: a whitespace run of its own (the branch below), written
                            // here as that branch writes it, in the stretch.
                            let k = rest
                                .iter()
                                .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
                                .count();
                            if k == 0 {
                                break;
                            }
                            match original[end + k..range.end].chars().next() {
                                Some(y) if is_plain(y) => {
                                    let nl = rest[..k].iter().any(|b| matches!(b, b'\n' | b'\r'));
                                    match mode {
                                        // Spaces inside a line of plain text are kept.
                                        Mode::Text if !nl => {}
                                        Mode::Text => {
                                            // The character before the last one only
                                            // matters after a point (`text_break`).
                                            let x = original[..end].chars().next_back();
                                            let x2 = if x.unwrap_or(y) == '.' {
                                                last_two(original, seg, end, before, mode).1
                                            } else {
                                                None
                                            };
                                            let lines =
                                                lines.as_ref().expect("text mode has lines");
                                            let s = text_break(
                                                x.unwrap_or(y),
                                                y,
                                                || lines.line_len_before(end),
                                                lines.median,
                                                x2,
                                            );
                                            b.push_copy(start, &original[start..end]);
                                            b.push_replaced(end..end + k, s);
                                            start = end + k;
                                            seg = start;
                                            before = if s == "\n" { None } else { x };
                                        }
                                        Mode::Markup => {
                                            let x = original[..end].chars().next_back();
                                            b.push_copy(start, &original[start..end]);
                                            let join = x.is_some_and(|x| markup_join(x, y));
                                            b.push_replaced(
                                                end..end + k,
                                                if join { "" } else { " " },
                                            );
                                            start = end + k;
                                        }
                                    }
                                    end += k;
                                    at = At::in_run(at.i, range, end);
                                }
                                _ => break,
                            }
                        }
                        Some(&Piece::Char {
                            c,
                            ref range,
                            copy: true,
                        }) if range.start == end && is_plain(c) => {
                            end = range.end;
                            at = At::piece(at.i + 1);
                        }
                        _ => break,
                    }
                }
                b.push_copy(start, &original[start..end]);
                (prev, prev2) = last_two(original, seg, end, before, mode);
            }
            Piece::Char { c, ref range, copy } if !is_run_char(c) => {
                let folded = if c == '，' {
                    // A full-width comma is a thousands separator only between full-width
                    // digits (４，５６５); elsewhere it is Chinese punctuation and stays.
                    let next = char_at(pieces, original, next);
                    let wide_digit =
                        |c: Option<char>| c.is_some_and(|c| ('０'..='９').contains(&c));
                    (wide_digit(prev) && wide_digit(next)).then_some(',')
                } else {
                    fold_char(c)
                };
                match folded {
                    Some(f) => b.push_replaced(range.clone(), f.encode_utf8(&mut buf)),
                    None if copy => b.push_copy(range.start, c.encode_utf8(&mut buf)),
                    None => b.push_replaced(range.clone(), c.encode_utf8(&mut buf)),
                }
                prev2 = prev;
                prev = Some(c);
                at = next;
            }
            // A hidden piece without space alone between two units that are no whitespace
            // (most tags of an HTML page, between text and text or a block break): a
            // whitespace run of one piece (the branch below), written as that branch writes
            // it, without walking the run: no white space in it, so nothing in its place, or
            // a space between two digits; `prev` stays.
            Piece::Hide {
                ref range,
                space: false,
            } if !matches!(pieces.get(next.i), Some(Piece::Hide { .. } | Piece::Skip))
                && !char_at(pieces, original, next).is_some_and(is_run_char) =>
            {
                let after = char_at(pieces, original, next);
                let digits = prev.is_some_and(is_digit) && after.is_some_and(is_digit);
                b.push_replaced(range.clone(), if digits { " " } else { "" });
                at = next;
            }
            _ => {
                // A whitespace run: its units up to the next visible character or break. It is
                // a slice of the pieces unless it reaches into a `Text` run; then its units are
                // spelled out, from the first one in a run on.
                let start = at;
                let mut from_text = false;
                spelled.clear();
                loop {
                    match pieces.get(at.i) {
                        Some(Piece::Text { range }) => {
                            let s = range.start + at.off;
                            match original[s..range.end].chars().next() {
                                Some(c) if is_run_char(c) => {
                                    if !from_text {
                                        from_text = true;
                                        spelled.extend_from_slice(&pieces[start.i..at.i]);
                                    }
                                    spelled.push(Piece::copy(c, s));
                                    at = At::in_run(at.i, range, s + c.len_utf8());
                                }
                                _ => break,
                            }
                        }
                        Some(p) if is_run_piece(p) => {
                            if from_text {
                                spelled.push(p.clone());
                            }
                            at = At::piece(at.i + 1);
                        }
                        _ => break,
                    }
                }
                let run: &[Piece] = if from_text {
                    &spelled
                } else {
                    &pieces[start.i..at.i]
                };
                let after = char_at(pieces, original, at);
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
    if let Some(lines) = lines {
        // The starts of the lines read for joining them are the original's line starts,
        // which the checks and reporters place findings with: handed on, not looked for again.
        b.keep_line_starts(lines.starts);
    }
    b
}

/// The last two visible characters of a stretch `render` copies, which ends at `end`: the
/// last one, and the one before it that is not white space written in the stretch, or
/// `before` when none is left after `seg` (where the stretch, or its part after a written
/// line break, starts). White space inside a stretch is ASCII; its characters are plain.
/// In HTML and Markdown (`Mode::Markup`) the one before is `None`: only the line joining of
/// plain text (`text_break`) reads it.
// Inlined: called once per copied stretch, and cheap next to a call with five arguments.
#[inline(always)]
fn last_two(
    original: &str,
    seg: usize,
    end: usize,
    before: Option<char>,
    mode: Mode,
) -> (Option<char>, Option<char>) {
    let last = original[..end].chars().next_back();
    if matches!(mode, Mode::Markup) {
        return (last, None);
    }
    let bytes = original.as_bytes();
    let blank = |b: u8| matches!(b, b' ' | b'\t');
    let mut pos = end - last.map_or(0, char::len_utf8);
    while pos > seg && blank(bytes[pos - 1]) {
        pos -= 1;
    }
    let prev2 = if pos > seg {
        original[..pos].chars().next_back()
    } else {
        before
    };
    (last, prev2)
}

/// Whether a run without whitespace holds hidden markup (not just zero-width characters,
/// which never separate digits: `1\u{200B}2` is 12).
fn run_hides(run: &[Piece]) -> bool {
    run.iter().any(|p| matches!(p, Piece::Hide { .. }))
}

/// Normalizes a plain-text document.
pub fn normalize_text(original: &str) -> Normalized {
    let mut pieces = Vec::new();
    copy_run(0..original.len(), &mut pieces);
    mask_pieces(
        &mut pieces,
        original,
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
    // `original.lines()` (whose `\r` trimming `trim` does, and whose last empty line the
    // filter drops), the breaks found by `memchr`: a one-line article is searched to its end,
    // and `str`'s own search for a character is slower.
    let mut rest = Some(original);
    let lines = std::iter::from_fn(|| {
        let text = rest?;
        let (line, after) = match memchr::memchr(b'\n', text.as_bytes()) {
            Some(k) => (&text[..k], Some(&text[k + 1..])),
            None => (text, None),
        };
        rest = after;
        Some(line)
    });
    lines
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(5)
        .find_map(super::dates::parse_date_line)
}

/// What makes a text HTML to `sniff_format`; found by `has_html_tag`, the tests search with
/// the regex (built in every run that met a `<`, it cost more than all the texts' searches).
#[cfg(test)]
static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)<(?:p|div|br|span|a|html|body|head|img|section|article|time|strong|b|i|em|h[1-6]|ul|ol|li|table|tr|td|th|figure|figcaption|meta|script|style|address|small|blockquote|iframe|hr|!doctype)[\s/>]",
    )
    .expect("html regex")
});

/// The names of `HTML_TAG` (`h[1-6]` spelled out), in lower case.
const HTML_TAG_NAMES: [&str; 40] = [
    "p",
    "div",
    "br",
    "span",
    "a",
    "html",
    "body",
    "head",
    "img",
    "section",
    "article",
    "time",
    "strong",
    "b",
    "i",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "meta",
    "script",
    "style",
    "address",
    "small",
    "blockquote",
    "iframe",
    "hr",
    "!doctype",
];

/// Whether `text` holds a match of `HTML_TAG`: a `<`, then one of its names in any case
/// (`starts_with_ci`: as `(?i)` matches them, the long s and the Kelvin sign included), then
/// white space (`\s` is Unicode white space, as `char::is_whitespace`), `/` or `>`. Which
/// name matches does not matter: none is followed by a letter, so any of them will do.
fn has_html_tag(text: &str) -> bool {
    memchr::memchr_iter(b'<', text.as_bytes()).any(|at| {
        let s = &text[at + 1..];
        HTML_TAG_NAMES.iter().any(|name| {
            starts_with_ci(s, name).is_some_and(|n| {
                s[n..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_whitespace() || c == '/' || c == '>')
            })
        })
    })
}

static MARKDOWN_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^#{1,6}[ \t]+\S|\]\((?:https?://|/|\./)[^)\s]*\)|^\|.*\|[ \t]*\r?\n\|[ \t:|-]*-",
    )
    .expect("markdown regex")
});

/// See `super::sniff_format`.
///
/// Every match of `MARKDOWN_HINT` holds a `#`, `]` or `|`: its regex is only run (and built)
/// for a text that holds one of those. Most plain texts hold none. Tags are found without a
/// regex (`has_html_tag`).
pub fn sniff_format(text: &str) -> Format {
    let t = text.trim_start_matches('\u{FEFF}');
    let bytes = t.as_bytes();
    if has_html_tag(t) {
        Format::Html
    } else if t.starts_with("---\n")
        || t.starts_with("---\r\n")
        || (memchr::memchr3(b'#', b']', b'|', bytes).is_some() && MARKDOWN_HINT.is_match(t))
    {
        Format::Markdown
    } else {
        Format::Text
    }
}

/// Test helpers shared by the readers' tests.
#[cfg(test)]
pub(super) mod testing {
    use super::super::Normalized;
    use proptest::prelude::*;

    /// Texts of fewer than `most` snippets of `palette`.
    pub fn palette_text(
        palette: &'static [&'static str],
        most: usize,
    ) -> impl Strategy<Value = String> {
        prop::collection::vec(0..palette.len(), 0..most)
            .prop_map(move |ix| ix.into_iter().map(|i| palette[i]).collect())
    }

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

    /// The shortcuts agree with the definitions on every character.
    #[test]
    fn plain_shortcuts_agree_with_the_definition() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let plain = if c.is_ascii() {
                c.is_ascii_graphic()
            } else {
                is_plain_by_definition(c)
            };
            assert_eq!(is_plain(c), plain, "{c:?}");
            let s = format!("{c}{c}a");
            let run = plain_run_len(&s);
            if plain || c == '，' {
                assert_eq!(run, s.len(), "{c:?}");
            } else {
                assert_eq!(run, 0, "{c:?}");
            }
        }
        assert_eq!(plain_run_len("中国 排放"), "中国".len());
        assert_eq!(plain_run_len("１２"), 0);
        assert_eq!(plain_run_len("亿，吨\u{3000}"), "亿，吨".len());
    }

    /// `markup_join` tells wide characters as its definition does (without the shortcut for
    /// the characters before `·`), for every character on either side of a wide one or a digit.
    #[test]
    fn markup_join_agrees_with_the_definition() {
        let wide = |c: char| {
            is_han(c)
                || ('\u{3000}'..='\u{303F}').contains(&c)
                || ('\u{FF00}'..='\u{FFEF}').contains(&c)
                || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
        };
        let join =
            |b: char, a: char| (wide(b) && (wide(a) || is_digit(a))) || (is_digit(b) && wide(a));
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            for other in ['中', '1', 'a', '，'] {
                assert_eq!(markup_join(c, other), join(c, other), "{c:?} {other:?}");
                assert_eq!(markup_join(other, c), join(other, c), "{other:?} {c:?}");
            }
        }
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

    /// The matches of `URL` in `text`, searched over all of it.
    fn urls_by_regex(text: &str) -> Vec<Range<usize>> {
        URL.find_iter(text).map(|m| m.range()).collect()
    }

    fn urls_by_runs(text: &str) -> Vec<Range<usize>> {
        let mut v = Vec::new();
        find_urls(text, |r| v.push(r));
        v
    }

    #[test]
    fn urls_found_by_runs_are_those_of_the_whole_text() {
        for text in [
            "",
            "https://www.rfi.fr/cn/a-b/20231115（法广）",
            "短链rfi.my/A6Sh.F/.W/.X 及news.un.org/zh/story/2023/10/1122667。",
            "联系 a.b@example.com 或 WWW.Example.org/x。",
            "www.a",
            "wwwww.ab.cd/ef",
            "1.2万吨/年，3/4",
            "x.y/",
            "a@b.cc",
            "a@b.c",
            "http://\u{4e2d}x.cn/y",
            "Www.x Ww.x.co/",
            "2023/11/15 www.",
        ] {
            assert_eq!(urls_by_runs(text), urls_by_regex(text), "{text:?}");
        }
        assert_eq!(urls_by_runs("见a.bc/d和e@f.gh"), [3..9, 12..18]);
    }

    /// Case is ignored the ASCII way: the Kelvin sign and the long s, which Unicode case
    /// folding would take for `k` and `s`, end a URL like any other non-ASCII character.
    #[test]
    fn urls_are_ascii() {
        assert!(URL.is_match("k.cn/x"));
        assert!(!URL.is_match("\u{212A}.cn/x"));
        assert_eq!(urls_by_regex("httpſ://a.b"), Vec::<Range<usize>>::new());
        assert_eq!(urls_by_regex("ab\u{212A}c.de/f"), vec![5..11]);
    }

    /// No string shorter than `URL_MIN_LEN` over characters standing for every kind the
    /// regex tells apart is a match.
    #[test]
    fn no_url_is_shorter_than_the_minimum() {
        let alphabet: Vec<char> = "awhtps0.:/@-_%+!".chars().collect();
        let mut strings = vec![String::new()];
        for _ in 1..URL_MIN_LEN {
            strings = strings
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            for s in &strings {
                assert!(!URL.is_match(s), "{s:?}");
            }
        }
        assert!(URL.is_match("www.x") && URL.is_match("a.bc/"));
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
    fn a_dateline_on_the_first_lines_is_the_article_date() {
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

#[cfg(test)]
mod line_length_properties {
    use super::{char_count, each_line, trim_line, trimmed_chars};
    use proptest::prelude::*;

    /// Every character, alone and at either end of a line.
    #[test]
    fn trims_every_character_as_trim_does() {
        let mut s = String::new();
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            for (before, after) in [("", ""), ("中", ""), ("", "a")] {
                s.clear();
                s.push_str(before);
                s.push(c);
                s.push_str(after);
                assert_eq!(trim_line(&s), s.trim(), "{c:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn datelines_are_read_off_the_lines_lines_gives(
            s in "([\n\r \t中a0-9:,-]|2023-11-09|2023年11月9日|Thu, 09 Nov 2023 12:39:01 GMT|\n\n){0,12}"
        ) {
            let by_lines = s
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .take(5)
                .find_map(crate::normalize::dates::parse_date_line);
            prop_assert_eq!(super::text_dateline(&s), by_lines, "{:?}", s);
        }

        #[test]
        fn trims_as_trim_does(
            s in "([\t\n\u{B}\u{C}\r \u{85}\u{A0}\u{1680}\u{2000}-\u{200B}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}-\u{3002}\u{FF0C}中a]|\\PC){0,12}"
        ) {
            prop_assert_eq!(trim_line(&s), s.trim());
        }

        #[test]
        fn counts_what_chars_count(s in "(\\PC|[\u{80}-\u{7FF}]|[\t\n ]){0,100}") {
            prop_assert_eq!(char_count(&s), s.chars().count());
        }

        #[test]
        fn lines_are_counted_as_split_gives(
            s in "([\n\r \t中a。é𠀀\u{3000}\u{A0}]|\n\n|\\PC){0,120}"
        ) {
            let by_split: Vec<(usize, usize, usize)> = s
                .split('\n')
                .scan(0, |start, line| {
                    let r = (*start, *start + line.len(), line.chars().count());
                    *start += line.len() + 1;
                    Some(r)
                })
                .collect();
            let mut lines = Vec::new();
            each_line(&s, |a, b, n| lines.push((a, b, n)));
            prop_assert_eq!(&lines, &by_split, "{:?}", s);
            for (a, b, n) in by_split {
                let line = &s[a..b];
                prop_assert_eq!(trimmed_chars(line, n), line.trim().chars().count(), "{:?}", line);
            }
        }
    }
}

#[cfg(test)]
mod cut_properties {
    use super::{Piece, cut_pieces, push_cut};
    use proptest::prelude::*;
    use std::ops::Range;

    /// `cut_pieces` the straightforward way: every piece moved over, each cut at the cuts
    /// inside it.
    fn cut_by_walking(
        pieces: Vec<Piece>,
        ends: Vec<usize>,
        mut cuts: Vec<usize>,
        original: &str,
    ) -> (Vec<Piece>, Vec<usize>) {
        cuts.sort_unstable();
        cuts.dedup();
        let mut cuts = cuts.into_iter().peekable();
        let (mut new, mut new_ends) = (Vec::new(), Vec::new());
        let mut start = 0;
        for (p, end) in pieces.into_iter().zip(ends) {
            while cuts.next_if(|&at| at <= start).is_some() {}
            let inside = std::iter::from_fn(|| cuts.next_if(|&at| at < end));
            push_cut(p, start..end, inside, original, &mut new, &mut new_ends);
            start = end;
        }
        (new, new_ends)
    }

    /// Pieces over an original of ASCII and Han characters: runs, characters, hidden bytes
    /// (some hidden runs already `Skip`s), breaks; with their visible ends.
    fn pieces() -> impl Strategy<Value = (Vec<Piece>, Vec<usize>, String)> {
        prop::collection::vec((0..6usize, 1..4usize, any::<bool>()), 0..24).prop_map(|tokens| {
            let (mut original, mut pieces, mut ends) = (String::new(), Vec::new(), Vec::new());
            let mut vis = 0;
            for (kind, n, han) in tokens {
                let start = original.len();
                original.push_str(&(if han { "中" } else { "a" }).repeat(n));
                let range: Range<usize> = start..original.len();
                let (p, len) = match kind {
                    0 | 1 => (
                        Piece::Text {
                            range: range.clone(),
                        },
                        range.len(),
                    ),
                    2 => {
                        let c = original[start..].chars().next().expect("a character");
                        (Piece::copy(c, start), c.len_utf8())
                    }
                    3 => (Piece::Hide { range, space: han }, 0),
                    4 => (Piece::Skip, range.len()),
                    _ => (Piece::Break { at: start }, 1),
                };
                vis += len;
                pieces.push(p);
                ends.push(vis);
            }
            (pieces, ends, original)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn cuts_as_walking_all_pieces_does(
            (pieces, ends, original) in pieces(),
            picks in prop::collection::vec(0..64usize, 0..8),
        ) {
            let len = ends.last().copied().unwrap_or(0);
            // Visible offsets on character boundaries: runs of `中` are cut at multiples of 3
            // or not at all (`cut_piece` refuses), as the passes never ask.
            let cuts: Vec<usize> = picks.into_iter().map(|k| k % (len + 1)).collect();
            let (mut new, mut new_ends) = (pieces.clone(), ends.clone());
            cut_pieces(&mut new, &mut new_ends, cuts.clone(), &original);
            let (old, old_ends) = cut_by_walking(pieces, ends, cuts, &original);
            prop_assert_eq!(new, old);
            prop_assert_eq!(new_ends, old_ends);
        }
    }
}

#[cfg(test)]
mod plain_run_properties {
    use super::{is_plain, plain_run_len};
    use proptest::prelude::*;

    /// Characters of every UTF-8 length, plain or not, and those `plain_run_len` decodes.
    const PALETTE: &[&str] = &[
        "中", "国", "排放", "a", "7", "%", "，", "。", "“", "”", "é", "\u{A0}", "\u{C0}", "１",
        "\u{3000}", "\u{2002}", "\u{200B}", "\u{FEFF}", "\u{2028}", "\u{1680}", "\u{7F}", "\u{1}",
        " ", "\t", "\n", "\r", "𠀀", "😀", "\u{E000}", "\u{FF61}", "\u{0800}",
    ];

    /// `plain_run_len` as defined: the characters one by one.
    fn by_chars(s: &str) -> usize {
        s.char_indices()
            .find(|&(_, c)| !(c == '，' || is_plain(c)))
            .map_or(s.len(), |(i, _)| i)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn lead_bytes_find_what_characters_find(
            ix in prop::collection::vec(
                prop_oneof![8 => 0..3usize, 1 => 0..PALETTE.len()], 0..120
            )
        ) {
            let text: String = ix.into_iter().map(|i| PALETTE[i]).collect();
            for (at, _) in text.char_indices() {
                prop_assert_eq!(plain_run_len(&text[at..]), by_chars(&text[at..]), "{:?}", &text[at..]);
            }
        }
    }
}

#[cfg(test)]
mod sniff_properties {
    use super::{HTML_TAG, HTML_TAG_NAMES, MARKDOWN_HINT, has_html_tag, sniff_format};
    use crate::normalize::Format;
    use proptest::prelude::*;

    /// Snippets that make HTML tags, Markdown hints and near misses.
    const PALETTE: &[&str] = &[
        "<", ">", "/", "p", "div", "br", " ", "\n", "\r\n", "#", "##", "]", "[", "(", ")", "](",
        "https://", "./", "|", "-", ":", "---", "中国", "a", "\u{FEFF}", "\t", "!doctype",
    ];

    /// `sniff_format` with the regexes run on every text.
    fn by_regex(text: &str) -> Format {
        let t = text.trim_start_matches('\u{FEFF}');
        if HTML_TAG.is_match(t) {
            Format::Html
        } else if t.starts_with("---\n") || t.starts_with("---\r\n") || MARKDOWN_HINT.is_match(t) {
            Format::Markdown
        } else {
            Format::Text
        }
    }

    /// Snippets that make tags and near misses with the names of `HTML_TAG_NAMES`: names in
    /// other cases, the long s and the Kelvin sign (which `(?i)` folds to `s` and `k`),
    /// Unicode white space, prefixes of names.
    const TAG_EXTRAS: &[&str] = &[
        "<",
        "<",
        "<",
        ">",
        "/",
        " ",
        "\u{3000}",
        "\u{A0}",
        "\n",
        "P",
        "DiV",
        "\u{17F}pan",
        "SPAN",
        "A",
        "\u{17F}",
        "h",
        "H",
        "1",
        "6",
        "7",
        "0",
        "bloc\u{212A}quote",
        "\u{212A}",
        "!DOCTYPE",
        "!",
        "x",
        "中",
        "<<",
        "-",
        "tab",
        "fig",
    ];

    /// `TAG_EXTRAS` and the names.
    fn tag_palette() -> Vec<&'static str> {
        TAG_EXTRAS.iter().chain(&HTML_TAG_NAMES).copied().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn tags_are_found_as_the_regex_finds_them(
            ix in prop::collection::vec(0..TAG_EXTRAS.len() + HTML_TAG_NAMES.len(), 0..12)
        ) {
            let palette = tag_palette();
            let text: String = ix.into_iter().map(|i| palette[i]).collect();
            prop_assert_eq!(has_html_tag(&text), HTML_TAG.is_match(&text), "{:?}", text);
        }

        #[test]
        fn skipping_the_regexes_changes_nothing(
            ix in prop::collection::vec(0..PALETTE.len(), 0..30)
        ) {
            let text: String = ix.into_iter().map(|i| PALETTE[i]).collect();
            prop_assert_eq!(sniff_format(&text), by_regex(&text), "{:?}", text);
        }
    }
}

#[cfg(test)]
mod url_properties {
    use super::{URL, find_urls, url_matches};
    use proptest::prelude::*;

    /// Printable ASCII snippets that make every part of the three alternatives of `URL` and
    /// their near misses: schemes, labels of letters, digits and dashes, top-level names,
    /// empty labels, the characters of a name before an `@` and those that end a URL.
    const ASCII: &[&str] = &[
        "https://", "http://", "HTTP://", "http:/", "https:", "www.", "WWW.", "ww.", "w", "h", ".",
        "..", "/", "@", "@@", "-", "_", "%", "+", ":", "a", "Z", "b", "cn", "ORG", "com", "c0",
        "0", "9", "x-y", "\"", "'", ")", "(", "]", "[", ">", "<", "!", "~", "=", "#", "?", "&",
    ];

    /// Snippets that make URLs, e-mail addresses and near misses, with CJK text, white space
    /// and non-ASCII letters around them.
    const PALETTE: &[&str] = &[
        "https://", "http://", "HTTP://", "www.", "WWW.", "wWw.", "ww", "w", "W", ".", "/", "@",
        ":", "-", "_", "%", "+", "a", "Z", "k", "s", "0", "9", "cn", "org", "com", "x.y",
        "a.b@c.de", " ", "\n", "\t", "\"", ")", "]", ">", "<", "'", "中国", "吨/年", "。", "，",
        "１", "\u{212A}", "\u{17F}", "é", "\u{3000}", "\u{A0}", "\u{7F}", "\u{1}", "~",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn hand_matches_are_the_regex_matches(
            ix in prop::collection::vec(0..ASCII.len(), 0..40)
        ) {
            let run: String = ix.into_iter().map(|i| ASCII[i]).collect();
            let mut by_hand = Vec::new();
            url_matches(run.as_bytes(), |r| by_hand.push(r));
            let by_regex: Vec<_> = URL.find_iter(&run).map(|m| m.range()).collect();
            prop_assert_eq!(by_hand, by_regex, "{:?}", run);
        }

        #[test]
        fn runs_find_what_the_whole_text_search_finds(
            ix in prop::collection::vec(0..PALETTE.len(), 0..30)
        ) {
            let text: String = ix.into_iter().map(|i| PALETTE[i]).collect();
            let mut by_runs = Vec::new();
            find_urls(&text, |r| by_runs.push(r));
            let whole: Vec<_> = URL.find_iter(&text).map(|m| m.range()).collect();
            prop_assert_eq!(by_runs, whole, "{:?}", text);
        }
    }
}

#[cfg(test)]
mod mask_properties {
    use super::testing::palette_text;
    use super::{
        CHINESE_TRAILING_WORDS, MD_LINK, RULE_LINE, TRAILING_LIST, first_trailing_word, md_links,
        rule_lines, trailing_list_at,
    };
    use proptest::prelude::*;

    /// Snippets that make rule lines, trailing-list headings and near misses.
    const PALETTE: &[&str] = &[
        "-",
        "--",
        "---",
        "=",
        "==",
        "===",
        "-=",
        " ",
        "\t",
        "\n",
        "\r",
        "\u{3000}",
        "a",
        "中",
        "最新闻",
        "相关新闻",
        "热门文章",
        "猜你喜欢",
        "同一主题",
        "获取更多",
        "RSS",
        "rSs",
        "related",
        "RELATED",
        "Related:",
        " articles",
        "most read",
        "MOST READ",
        "moſt read",
        "mos",
        "t read",
        "T READ",
        "分享",
        "分",
        "享",
        ":",
        "：",
        "Hot",
        "。",
    ];

    /// With every trailing word, their halves and near misses.
    const FRAGMENTS: &[&str] = &[
        "最新", "新闻", "相关", "阅读", "热门", "热点", "获取", "更多", "分", "享", "中", "a", " ",
        "\n",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(0..PALETTE.len(), 0..30)
            .prop_map(|ix| ix.into_iter().map(|i| PALETTE[i]).collect())
    }

    /// Snippets that make Markdown links and near misses.
    const LINKS: &[&str] = &[
        "[",
        "]",
        "(",
        ")",
        "](",
        "[a](b)",
        "\n",
        " ",
        "\t",
        "\u{3000}",
        "\u{A0}",
        "a",
        "中",
        "/",
        "https://x.y",
        "[]",
        "()",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn links_are_the_regex_matches(text in palette_text(LINKS, 30)) {
            let mut found = Vec::new();
            md_links(&text, |open, close, end| found.push((open, close, end)));
            let by_regex: Vec<_> = MD_LINK
                .captures_iter(&text)
                .map(|c| (c[0].len(), c.get(0).unwrap().start(), c.get(2).unwrap().start() - 1))
                .map(|(len, open, close)| (open, close, open + len))
                .collect();
            prop_assert_eq!(found, by_regex, "{:?}", text);
        }

        #[test]
        fn rule_lines_are_the_regex_matches(text in text()) {
            let mut found = Vec::new();
            rule_lines(&text, |r| found.push(r));
            let by_regex: Vec<_> = RULE_LINE.find_iter(&text).map(|m| m.range()).collect();
            prop_assert_eq!(found, by_regex, "{:?}", text);
        }

        #[test]
        fn trailing_words_are_found_where_they_first_start(
            ix in prop::collection::vec(0..CHINESE_TRAILING_WORDS.len() + FRAGMENTS.len(), 0..60),
            pad in 0usize..80,
        ) {
            let pieces = CHINESE_TRAILING_WORDS.iter().chain(FRAGMENTS);
            let pieces: Vec<&str> = pieces.copied().collect();
            // Long enough for the packed searcher's vector path, not only its short one.
            let text = "中".repeat(pad) + &ix.into_iter().map(|i| pieces[i]).collect::<String>();
            let first = CHINESE_TRAILING_WORDS.iter().filter_map(|w| text.find(w)).min();
            prop_assert_eq!(first_trailing_word(text.as_bytes()), first, "{:?}", text);
        }

        #[test]
        fn trailing_lists_start_where_the_regex_finds_them(text in text(), cut in 0.0..1.0f64) {
            let tail = text.ceil_char_boundary((text.len() as f64 * cut) as usize);
            prop_assert_eq!(
                trailing_list_at(&text, tail),
                TRAILING_LIST.find_at(&text, tail).map(|m| m.start()),
                "{:?} from {}", text, tail
            );
        }
    }

    #[test]
    fn rule_lines_and_trailing_lists() {
        let text = "a\n --- \n===\n-- \nx---\n=====\t";
        let mut found = Vec::new();
        rule_lines(text, |r| found.push(r));
        assert_eq!(found, [2..7, 8..11, 21..27]);
        assert_eq!(trailing_list_at("正文。- 最新闻 Hot", 0), Some(9));
        assert_eq!(trailing_list_at("正文。\n 分享：x", 3), Some(10));
        assert_eq!(trailing_list_at("Text. MOſT READ", 0), Some(6));
        assert_eq!(trailing_list_at("正文。- 最新闻 Hot", 10), Some(11));
        assert_eq!(trailing_list_at("正文。- 最新闻 Hot", 14), None);
        assert_eq!(trailing_list_at("正文\n-\n\u{3000}相关新闻", 0), Some(7));
        assert_eq!(trailing_list_at("分享 正文\n-\n moſt READ", 3), Some(14));
    }
}

#[cfg(test)]
mod reference;

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
