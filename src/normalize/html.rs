//! HTML pages and fragments: read by the byte-level scanner of `html_fast.rs` when it can,
//! else tokenized with `html5tokenizer`; both report the same tokens with the original byte
//! range of every character (so decoded entities map back to the whole `&#8451;`) to a
//! `Sink`. Tags, attributes, comments and non-article elements (scripts, navigation, asides,
//! share bars, "related" lists...) are masked; block elements end blocks; text runs go through
//! the shared folding, URL masking and whitespace rules of `text.rs`. The article date comes
//! from meta tags, `<time datetime>`, a scraper's epoch comment or a dateline block near the
//! top.

use super::Normalized;
use super::dates::{date_from_epoch_millis, parse_date_line, parse_date_prefix};
use super::html_fast;
use super::text::{Masks, Mode, Piece, copy_run, mask_pieces, render};
use crate::claim::PartialDate;
use html5tokenizer::offset::PosTrackingReader;
use html5tokenizer::trace::Trace;
use html5tokenizer::{NaiveParser, StartTag, Token, TracingEmitter};
use std::ops::Range;

/// Elements whose whole content is not article text.
fn is_masked_element(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "header"
            | "footer"
            | "aside"
            | "form"
            | "button"
            | "select"
            | "svg"
            | "iframe"
            | "title"
            | "head"
            | "textarea"
            | "object"
            | "canvas"
            | "math"
            | "noembed"
            | "noframes"
    )
}

/// Class or id tokens (split on `-`, `_` and spaces) that mark a non-article element.
const MASKED_CLASS_TOKENS: &[&str] = &[
    "related",
    "share",
    "sharing",
    "social",
    "hot",
    "trending",
    "recommend",
    "recommended",
    "sidebar",
    "comment",
    "comments",
    "footer",
    "nav",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "advert",
    "ads",
    "ad",
    "promo",
    "popular",
    "newsletter",
    "subscribe",
    "copyright",
];

/// Elements that end a block.
fn is_block_element(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "section"
            | "article"
            | "main"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "header"
            | "footer"
            | "hr"
            | "address"
            | "body"
            | "html"
            | "center"
            | "details"
            | "summary"
            | "fieldset"
            | "legend"
            | "option"
    )
}

/// Elements that never have content (their end tag, if any, is ignored).
fn is_void_element(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// The element name of a tag, repairing names glued to their first attribute by a
/// scraper (`<asidedata-org-name="">` is an `aside`, `<divdata-article-list>` a `div`).
fn element_name(name: &str) -> &str {
    // Byte by byte: a name is a few bytes, fewer than `memchr` (what `contains` on bytes
    // calls) takes to set up.
    if !name.bytes().any(|b| b == b'-') {
        return name;
    }
    match name.find("data-") {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

fn masked_by_attributes(attributes: &impl TagAttributes) -> bool {
    ["class", "id"]
        .iter()
        .filter_map(|a| attributes.get(a))
        .any(|v| {
            v.split(|c: char| c == '-' || c == '_' || c.is_whitespace())
                .any(|t| {
                    MASKED_CLASS_TOKENS
                        .iter()
                        .any(|m| m.eq_ignore_ascii_case(t))
                })
        })
}

/// The original bytes of a character token. The tokenizer's ranges are trusted only after a
/// check: after a character reference followed by a multi-byte character it reports ranges
/// that end inside that character, so the range is recomputed from the source where the
/// character (or a reference, `\r\n`, a NUL) is found at the current position or at the
/// reported start.
fn char_range(original: &str, pos: usize, c: char, reported: Range<usize>) -> Range<usize> {
    let bytes = original.as_bytes();
    for s in [pos, reported.start] {
        if s < pos || !original.is_char_boundary(s) || s >= original.len() {
            continue;
        }
        let rest = &original[s..];
        let reference =
            rest.starts_with('&') && (c != '&' || (reported.start == s && reported.end > s + 1));
        if rest.starts_with(c) && !reference {
            return s..s + c.len_utf8();
        }
        if c == '\n' && rest.starts_with("\r") {
            let n = if rest.starts_with("\r\n") { 2 } else { 1 };
            return s..s + n;
        }
        if c == '\u{FFFD}' && rest.starts_with('\0') {
            return s..s + 1;
        }
        if reference {
            let mut end = s + 1;
            while end < bytes.len()
                && end - s < 40
                && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'#')
            {
                end += 1;
            }
            if end < bytes.len() && bytes[end] == b';' {
                end += 1;
            }
            // A legacy reference without `;` (`&notit`) may be shorter than the name run.
            if reported.start == s && reported.end > s + 1 && reported.end < end {
                end = reported.end;
            }
            return s..end;
        }
    }
    // Nothing matches (the second character of a two-character reference): an empty range
    // at the current position.
    let start = pos.min(original.len());
    let mut end = reported.end.clamp(start, original.len());
    while !original.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// Dates found in the markup, by source, best first when chosen.
#[derive(Default)]
struct Dates {
    meta: Option<PartialDate>,
    time: Option<PartialDate>,
    epoch: Option<PartialDate>,
    dateline: Option<PartialDate>,
}

impl Dates {
    fn best(&self) -> Option<PartialDate> {
        self.meta.or(self.time).or(self.epoch).or(self.dateline)
    }
}

/// The attributes of a start tag that the reader looks at.
pub(super) trait TagAttributes {
    /// The value of the first attribute named `name` (lower case), if any.
    fn get(&self, name: &str) -> Option<&str>;
}

impl TagAttributes for StartTag {
    fn get(&self, name: &str) -> Option<&str> {
        self.attributes.get(name)
    }
}

/// Turns the tokens of a document (from `html5tokenizer` or from the fast scanner in
/// `html_fast.rs`, which reports the same tokens with the same spans) into pieces and dates.
pub(super) struct Sink<'a> {
    original: &'a str,
    pieces: Vec<Piece>,
    dates: Dates,
    /// The end of the original bytes accounted for so far.
    pos: usize,
    /// The masked element we are inside: its name and nesting depth.
    masked: Option<(String, usize)>,
    /// Piece index ranges inside `<time>` elements (their text is kept even if it looks like
    /// a dateline).
    time_spans: Vec<Range<usize>>,
    time_open: Option<usize>,
    seen_text: bool,
}

impl<'a> Sink<'a> {
    pub(super) fn new(original: &'a str) -> Sink<'a> {
        Sink {
            original,
            // Articles make about a piece (a text run, a tag, an entity) per 30 bytes: room for
            // one per 16 is seldom outgrown and is an eighth of room for one per 2 bytes.
            pieces: Vec::with_capacity(original.len() / 16),
            dates: Dates::default(),
            pos: 0,
            masked: None,
            time_spans: Vec::new(),
            time_open: None,
            seen_text: false,
        }
    }

    fn hide_to(&mut self, end: usize) {
        let end = end.min(self.original.len());
        if end > self.pos {
            self.pieces.push(Piece::Hide {
                range: self.pos..end,
                space: false,
            });
            self.pos = end;
        }
    }

    /// Whether the sink is inside a masked element.
    pub(super) fn is_masked(&self) -> bool {
        self.masked.is_some()
    }

    /// A character token; `reported` is the range the tokenizer gave it.
    pub(super) fn char(&mut self, c: char, reported: Range<usize>) {
        let range = char_range(self.original, self.pos, c, reported);
        let (start, end) = (range.start, range.end);
        self.hide_to(start);
        if self.masked.is_some() {
            self.hide_to(end);
            return;
        }
        if !c.is_whitespace() {
            self.seen_text = true;
        }
        self.pieces
            .push(Piece::from_source(c, start..end, self.original));
        self.pos = self.pos.max(end);
    }

    /// The character tokens of `original[start..end]`, each reported at its own bytes (text
    /// without `&`, `<`, `\r` or NUL): once the run starts where the bytes accounted for end,
    /// one `Text` run, which stands for the copied `Char` that `char` makes for each of its
    /// characters. Inside a masked element the run is hidden as one piece rather than one
    /// piece a character (the same text and map).
    pub(super) fn text_run(&mut self, start: usize, end: usize) {
        let original = self.original;
        let mut at = start;
        while at < end && self.pos != at {
            let c = original[at..].chars().next().expect("inside the run");
            self.char(c, at..at + c.len_utf8());
            at += c.len_utf8();
        }
        if at >= end {
            return;
        }
        if self.masked.is_some() {
            self.hide_to(end);
            return;
        }
        let run = &original[at..end];
        if !self.seen_text && run.chars().any(|c| !c.is_whitespace()) {
            self.seen_text = true;
        }
        copy_run(at..end, &mut self.pieces);
        self.pos = end;
    }

    /// A start tag: `name` as the tokenizer reports it (lower case), `span` its bytes.
    pub(super) fn start_tag(
        &mut self,
        name: &str,
        self_closing: bool,
        span: Range<usize>,
        attributes: &impl TagAttributes,
    ) {
        self.hide_to(span.start);
        let span_end = span.end.max(self.pos);
        let name = element_name(name);
        let void = self_closing || is_void_element(name);
        if name == "meta" {
            let key = attributes
                .get("property")
                .or_else(|| attributes.get("name"))
                .or_else(|| attributes.get("itemprop"))
                .unwrap_or("")
                .to_ascii_lowercase();
            if matches!(
                key.as_str(),
                "article:published_time"
                    | "pubdate"
                    | "publishdate"
                    | "publish-date"
                    | "date"
                    | "dc.date"
                    | "dc.date.issued"
                    | "datepublished"
                    | "og:published_time"
            ) && self.dates.meta.is_none()
            {
                self.dates.meta = attributes.get("content").and_then(parse_date_prefix);
            }
        }
        if let Some((m, depth)) = &mut self.masked {
            if m == name && !void {
                *depth += 1;
            }
            self.hide_to(span_end);
            return;
        }
        if name == "time" {
            if self.dates.time.is_none() {
                self.dates.time = attributes.get("datetime").and_then(parse_date_prefix);
            }
            if !void {
                self.time_open = Some(self.pieces.len());
            }
        }
        let block = is_block_element(name);
        if block {
            self.pieces.push(Piece::Break { at: span.start });
        }
        self.hide_to(span_end);
        if !void && (is_masked_element(name) || masked_by_attributes(attributes)) {
            self.masked = Some((name.to_owned(), 1));
        }
    }

    /// An end tag: `name` as the tokenizer reports it (lower case), `span` its bytes.
    pub(super) fn end_tag(&mut self, name: &str, span: Range<usize>) {
        self.hide_to(span.start);
        let span_end = span.end.max(self.pos);
        let name = element_name(name);
        if let Some((m, depth)) = &mut self.masked {
            if m == name {
                *depth -= 1;
                if *depth == 0 {
                    self.masked = None;
                }
            }
            self.hide_to(span_end);
            if self.masked.is_some() || !is_block_element(name) {
                return;
            }
            self.pieces.push(Piece::Break { at: span_end });
            return;
        }
        if name == "time"
            && let Some(start) = self.time_open.take()
        {
            self.time_spans.push(start..self.pieces.len());
        }
        self.hide_to(span_end);
        if is_block_element(name) {
            self.pieces.push(Piece::Break { at: span_end });
        }
    }

    /// A comment with its data. Its bytes are hidden with the next gap. A scraper's comment at
    /// the very start may hold the epoch milliseconds of the article.
    pub(super) fn comment(&mut self, data: &str) {
        let d = data.trim();
        if !self.seen_text
            && self.dates.epoch.is_none()
            && d.len() == 13
            && d.bytes().all(|b| b.is_ascii_digit())
            && let Ok(ms) = d.parse::<i64>()
        {
            self.dates.epoch = Some(date_from_epoch_millis(ms));
        }
    }

    /// The end of the input, reported at `at`.
    pub(super) fn eof(&mut self, at: usize) {
        self.hide_to(at);
    }

    /// The pieces (everything hidden to the end) and the dates, before the masking passes.
    fn into_parts(mut self) -> (Vec<Piece>, Dates, Vec<Range<usize>>) {
        self.hide_to(self.original.len());
        (self.pieces, self.dates, self.time_spans)
    }

    fn finish(self) -> Normalized {
        let original = self.original;
        let (mut pieces, mut dates, time_spans) = self.into_parts();
        dates.dateline = mask_dateline(&mut pieces, original, &time_spans);
        mask_pieces(
            &mut pieces,
            original,
            Masks {
                markdown_like: true,
                trailing_lists: true,
            },
        );
        render(&pieces, original, Mode::Markup).finish(dates.best())
    }
}

/// Feeds `html5tokenizer`'s tokens for `original` to `sink`.
fn tokenize(original: &str, sink: &mut Sink) {
    let parser =
        NaiveParser::new_with_emitter(PosTrackingReader::new(original), TracingEmitter::default());
    for item in parser {
        let Ok((token, trace)) = item;
        match (token, trace) {
            (Token::Char(c), Trace::Char(range)) => sink.char(c, range),
            (Token::StartTag(tag), Trace::StartTag(t)) => {
                sink.start_tag(&tag.name, tag.self_closing, t.span, &tag)
            }
            (Token::EndTag(tag), Trace::EndTag(t)) => sink.end_tag(&tag.name, t.span),
            (Token::Comment(data), _) => sink.comment(&data),
            (Token::EndOfFile, Trace::EndOfFile(at)) => sink.eof(at),
            _ => {}
        }
    }
}

/// Normalizes an HTML document: with the fast scanner when it reads the whole document,
/// else with `html5tokenizer` (both give the same result).
pub fn normalize_html(original: &str) -> Normalized {
    let mut sink = Sink::new(original);
    if html_fast::scan(original, &mut sink).is_ok() {
        return sink.finish();
    }
    normalize_html_tokenizer(original)
}

/// Normalizes an HTML document with `html5tokenizer`.
fn normalize_html_tokenizer(original: &str) -> Normalized {
    let mut sink = Sink::new(original);
    tokenize(original, &mut sink);
    sink.finish()
}

/// Finds a block among the first few blocks whose whole text is a date (a dateline such as
/// `<div><i>Thu, 09 Nov 2023 12:39:01 GMT</i></div>`), masks it and returns its date.
/// Text inside `<time>` stays article text. A `Text` run counts as the copied characters it
/// stands for.
fn mask_dateline(
    pieces: &mut [Piece],
    original: &str,
    time_spans: &[Range<usize>],
) -> Option<PartialDate> {
    let mut blocks_seen = 0;
    let mut start = 0;
    let mut i = 0;
    let mut text = String::new();
    while i <= pieces.len() && blocks_seen < 6 {
        let at_end = i == pieces.len() || matches!(pieces[i], Piece::Break { .. });
        if at_end {
            text.clear();
            for p in &pieces[start..i] {
                match p {
                    Piece::Char { c, .. } => text.push(*c),
                    Piece::Text { range } => text.push_str(&original[range.clone()]),
                    _ => {}
                }
            }
            let text = text.trim();
            if !text.is_empty() {
                blocks_seen += 1;
                if text.chars().count() <= 60
                    && let Some(date) = parse_date_line(text)
                {
                    let in_time = time_spans.iter().any(|t| t.start < i && start < t.end);
                    if !in_time {
                        let is_text =
                            |p: &Piece| matches!(p, Piece::Char { .. } | Piece::Text { .. });
                        let first = (start..i).find(|&k| is_text(&pieces[k]));
                        let last = (start..i).rev().find(|&k| is_text(&pieces[k]));
                        if let (Some(first), Some(last)) = (first, last) {
                            let range = match (&pieces[first], &pieces[last]) {
                                (
                                    Piece::Char { range: a, .. } | Piece::Text { range: a },
                                    Piece::Char { range: b, .. } | Piece::Text { range: b },
                                ) => a.start..b.end,
                                _ => unreachable!("both are text"),
                            };
                            for p in &mut pieces[first..=last] {
                                *p = Piece::Skip;
                            }
                            pieces[first] = Piece::Hide {
                                range,
                                space: false,
                            };
                        }
                    }
                    return Some(date);
                }
            }
            start = i + 1;
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::text::testing::*;
    use super::equivalence::assert_fast_matches;
    use super::*;

    #[test]
    fn masks_tags_scripts_and_nav() {
        let original =
            "<p>约<b>139</b>亿吨</p><script>var x=5;</script><nav>12亿</nav><p>下一段</p>";
        let n = normalize_html(original);
        assert_eq!(n.text, "约139亿吨\n下一段\n");
        assert!(!n.text.contains('5') && !n.text.contains("12亿"));
        assert_eq!(orig_of(&n, original, "约139亿吨"), "约<b>139</b>亿吨");
        assert_eq!(orig_of(&n, original, "139"), "139");
        check_map(&n, original);
    }

    #[test]
    fn decodes_entities_with_their_ranges() {
        let original = "<p>升温1.5&#8451;，约瑟夫&#183;拜登 A&amp;B&nbsp;12</p>";
        let n = normalize_html(original);
        assert_eq!(n.text, "升温1.5℃，约瑟夫·拜登 A&B 12\n");
        assert_eq!(orig_of(&n, original, "℃"), "&#8451;");
        assert_eq!(orig_of(&n, original, "1.5℃"), "1.5&#8451;");
        assert_eq!(orig_of(&n, original, "&"), "&amp;");
        assert_eq!(orig_of(&n, original, "·"), "&#183;");
        check_map(&n, original);
    }

    #[test]
    fn attributes_are_invisible() {
        let original = "<img src=\"https://x.y/2023.jpg\" width=\"100%\"><div><small style=\"color: #999;\">克里2023年7月18日在北京</small></div>";
        let n = normalize_html(original);
        assert_eq!(n.text, "克里2023年7月18日在北京\n");
        assert!(!n.text.contains("100"));
        check_map(&n, original);
    }

    #[test]
    fn masks_by_class_and_id() {
        let original = "<div class=\"article-body\"><p>排放139亿吨</p></div><div class=\"related-news\"><div><p>12亿</p></div></div><ul id=\"share_bar\"><li>3</li></ul><p>结尾</p>";
        let n = normalize_html(original);
        assert_eq!(n.text, "排放139亿吨\n结尾\n");
        check_map(&n, original);
    }

    #[test]
    fn epoch_comment_gives_the_date() {
        let original = "<!--1700045101000-->\n[中美在加州会谈后承诺加强合作应对气候危机](https://www.rfi.fr/cn/%E5%9B%BD%E9%99%85/20231115-%E4%B8%AD)\n------\n\n<div>15/11/2023 - 11:27</div><img src=\"https://s.rfi.fr/x.JPG\"><p><strong>据路透社报导，美国和中国举行了会议。        </strong></p>";
        let n = normalize_html(original);
        assert_eq!(n.article_date, Some(PartialDate::ymd(2023, 11, 15)));
        assert_eq!(
            n.text,
            "中美在加州会谈后承诺加强合作应对气候危机\n据路透社报导，美国和中国举行了会议。\n"
        );
        assert_eq!(orig_of(&n, original, "危机"), "危机");
        check_map(&n, original);
    }

    #[test]
    fn dateline_block_is_masked_and_dated() {
        let original = "<!--1699534743000-->\n<div><i>Thu, 09 Nov 2023 12:39:01 GMT</i></div><p>星期三（11月8日），克里表示。</p>";
        let n = normalize_html(original);
        assert_eq!(n.text, "星期三(11月8日)，克里表示。\n");
        assert_eq!(n.article_date, Some(PartialDate::ymd(2023, 11, 9)));
        let no_epoch = "<div><i>Thu, 09 Nov 2023 12:39:01 GMT</i></div><p>正文</p>";
        let n = normalize_html(no_epoch);
        assert_eq!(n.article_date, Some(PartialDate::ymd(2023, 11, 9)));
        assert_eq!(n.text, "正文\n");
        check_map(&n, no_epoch);
    }

    #[test]
    fn time_and_meta_dates() {
        let original = "<address>LISA FRIEDMAN</address><time pudate=\"2023-07-07 12:32:10\" datetime=\"2023-07-07 12:32:10\">2023年7月7日</time><figure><img src=\"a.jpg\"><figcaption>克里上个月</figcaption></figure>";
        let n = normalize_html(original);
        assert_eq!(n.article_date, Some(PartialDate::ymd(2023, 7, 7)));
        assert!(n.text.contains("2023年7月7日"), "{}", n.text);
        check_map(&n, original);
        let meta = "<html><head><meta property=\"article:published_time\" content=\"2021-03-04T05:06:07Z\"><title>标题 2020</title></head><body><time datetime=\"2023-01-01\">x</time></body></html>";
        let n = normalize_html(meta);
        assert_eq!(n.article_date, Some(PartialDate::ymd(2021, 3, 4)));
        assert_eq!(n.text, "x\n");
    }

    #[test]
    fn whitespace_collapses_and_joins() {
        let original = "<p>中国\n  排放\n 139 亿吨, about\n  12 billion\ttonnes</p><p>1<span>2</span> <span>3</span>4</p>";
        let n = normalize_html(original);
        assert_eq!(
            n.text,
            "中国排放139亿吨, about 12 billion tonnes\n1 2 3 4\n"
        );
        assert_eq!(orig_of(&n, original, "国排"), "国\n  排");
        check_map(&n, original);
    }

    #[test]
    fn block_tags_break_and_urls_are_masked() {
        let original = "<div>更多：<br><a href=\"https://feedx.net\">https://feedx.net</a> <br>见 news.un.org/zh/story/2023/10/1122667 报道</div><table><tr><td>2022</td><td>139亿吨</td></tr></table>";
        let n = normalize_html(original);
        assert_eq!(n.text, "更多:\n见报道\n2022\n139亿吨\n");
        check_map(&n, original);
    }

    #[test]
    fn scraped_page_tail_is_masked() {
        let original = "<p>中国温室气体排放总量为139亿吨二氧化碳当量，占全球排放总量的27%。</p><div><div>分享 :</div><a href=\"whatsapp://send?text=x\"></a></div><div><asidedata-org-name=\"\"><div><span>同一主题</span></div><h2>预计会谈将达4小时</h2></aside></div><p>尾声</p><br><hr><div>获取更多RSS：<br><a href=\"https://feedx.net\">https://feedx.net</a></div>";
        let n = normalize_html(original);
        // Everything from the share bar on is page furniture.
        assert_eq!(
            n.text,
            "中国温室气体排放总量为139亿吨二氧化碳当量，占全球排放总量的27%。\n"
        );
        check_map(&n, original);
    }

    #[test]
    fn odd_inputs_never_panic() {
        for original in super::super::text::robustness_inputs() {
            let n = normalize_html(&original);
            check_map(&n, &original);
            assert_fast_matches(&original);
        }
    }
}

/// The fast scanner against `html5tokenizer`: whenever the scanner reads a document, the
/// pieces (up to how hidden bytes are split) and the normalized result are the same.
#[cfg(test)]
pub(super) mod equivalence {
    use super::super::text::robustness_inputs;
    use super::super::{Format, Normalized};
    use super::*;
    use proptest::prelude::*;
    use std::path::Path;

    /// Pieces with adjacent hidden bytes merged and `Text` runs spelled out as one copied
    /// `Char` per character (the fast scanner hides a masked run as one piece and copies a
    /// text run as one, the tokenizer path goes a character at a time).
    fn canonical(pieces: Vec<Piece>, original: &str) -> Vec<Piece> {
        let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
        for p in pieces {
            if let Piece::Text { range } = &p {
                let start = range.start;
                out.extend(
                    original[range.clone()]
                        .char_indices()
                        .map(|(i, c)| Piece::copy(c, start + i)),
                );
                continue;
            }
            if let (
                Some(Piece::Hide {
                    range: last,
                    space: false,
                }),
                Piece::Hide {
                    range,
                    space: false,
                },
            ) = (out.last_mut(), &p)
                && last.end == range.start
            {
                last.end = range.end;
                continue;
            }
            out.push(p);
        }
        out
    }

    fn parts(sink: Sink) -> (Vec<Piece>, [Option<PartialDate>; 3]) {
        let original = sink.original;
        let (pieces, dates, _) = sink.into_parts();
        (
            canonical(pieces, original),
            [dates.meta, dates.time, dates.epoch],
        )
    }

    fn same(a: &Normalized, b: &Normalized) -> bool {
        a.text == b.text && a.map.segments == b.map.segments && a.article_date == b.article_date
    }

    /// Checks the fast scanner against the tokenizer on `original`; returns whether the
    /// scanner read it.
    pub(super) fn assert_fast_matches(original: &str) -> bool {
        let mut fast = Sink::new(original);
        if html_fast::scan(original, &mut fast).is_err() {
            return false;
        }
        let mut slow = Sink::new(original);
        tokenize(original, &mut slow);
        assert_eq!(parts(fast), parts(slow), "pieces differ for {original:?}");
        let mut fast = Sink::new(original);
        html_fast::scan(original, &mut fast).expect("read once");
        let (fast, slow) = (fast.finish(), normalize_html_tokenizer(original));
        assert!(
            same(&fast, &slow),
            "results differ for {original:?}:\n{fast:?}\n{slow:?}"
        );
        true
    }

    /// Every HTML document among the fixtures (and any other fixture that sniffs as HTML)
    /// is read by the fast scanner, with the tokenizer's result.
    #[test]
    fn fixtures_match_the_tokenizer() {
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
            if ext != "html" && ext != "htm" && super::super::sniff_format(&text) != Format::Html {
                continue;
            }
            assert!(
                assert_fast_matches(&text),
                "fast scanner gave up on {path:?}"
            );
            seen += 1;
        }
        assert!(seen >= 18, "only {seen} HTML fixtures");
    }

    /// Snippets on the edges of what the scanner reads; `true` where it must read them.
    const TRICKY: &[(&str, bool)] = &[
        (
            "<p>A&amp;B&nbsp;12 &lt;3 &gt; &quot;q&quot; &apos;</p>",
            true,
        ),
        ("<p>升温1.5&#8451;，&#x2103;，&#X2103;a&#8451;</p>", true),
        ("<p>&#183;中&#183;a&#183;</p>&#183;", true),
        ("&amp;", true),
        ("&amp;中", true),
        ("&hellip;p&hellip;;&hellip;", true),
        ("&middot;<p>x</p>&middot;</p>", true),
        ("x&amp;<p>y</p>&nbsp;</div>", true),
        ("&<p>a</p>&&&amp;&", true),
        ("&#<p>&#x<b>&#;&#x;&#12a&#12中&#12", true),
        (
            "&#0;&#x110000;&#55296;&#150;&#128;&#129;&#13;&#9;&#99999999999999;",
            true,
        ),
        ("&foo bar &x1 &Amp &AMPx", false),
        ("&copy2023 &notit; &ampx", false),
        ("&unknownname; &NotEqualTilde;", false),
        ("<div><nav><nav>x</nav>y</nav>z</div>", true),
        (
            "<div class=\"related\"><div><p>12亿</p></div></div><p>后</p>",
            true,
        ),
        ("<ul id=\"share_bar\"><li>3</li></ul><p>结尾</p>", true),
        (
            "<div class=\"a\" class=\"ad\">x</div><div id=ad id=b>y</div>",
            true,
        ),
        ("<div class class=\"ad\">x</div>", true),
        (
            "<script>var s = \"</div>\"; if (a<b) {}</script><p>after</p>",
            true,
        ),
        ("<script>a</b><p>shown?</p>c</script><p>after</p>", true),
        ("<script>a</b<p>x</p></script>", true),
        ("<script>x</scriptx>y</script >z</p>", true),
        ("<script>if (a < b && c) x = '<!-' </script><p>1</p>", true),
        ("<script><!-- x --></script><p>1</p>", false),
        ("<SCRIPT type=text/javascript>x</SCRIPT><P>y</P>", true),
        ("<style>p > a { color: red }</style><p>t</p>", true),
        ("<title>标题 &amp; 2020</title><p>x</p>", true),
        ("<textarea><p>12</p></textarea>3", true),
        (
            "<iframe src=x></iframe><noembed>a</noembed><noframes>b</noframes>c",
            true,
        ),
        ("<title/>x", false),
        ("<xmp><p>x</p></xmp>", false),
        (
            "<a href=\"x>y\" title='a>b'>link</a> <img alt=\"1>2\" src=x>",
            true,
        ),
        ("<a href=x>1</a><a href=y/>2</a><br/><br />", true),
        ("<DIV CLASS=\"Related\">x</DIV><P>y</P>", true),
        ("<p>unclosed <b>bold <i>it", true),
        ("<p>a < b and c<d, 1<2, <中 <", true),
        ("<p>x</p", true),
        ("<p>x</p><div", true),
        ("<p a=\"1", true),
        ("<p>a</>b</ p>c</1>d<?xml version=\"1.0\"?>e", true),
        (
            "<!DOCTYPE html><html><head><meta charset=utf-8></head><body>x</body></html>",
            true,
        ),
        ("<!doctype", true),
        (
            "<!---->a<!-->b<!--->c<!-- -- -->d<!--x--!>e<!--<!-->f",
            true,
        ),
        (
            "<!--1700045101000-->\n<div>15/11/2023 - 11:27</div><p>正文</p>",
            true,
        ),
        ("<!--1700045101000--", false),
        ("<!-- unterminated", false),
        ("<!x1700045101000><p>y</p>", true),
        ("<![CDATA[x]]><p>y</p>", false),
        (
            "<time datetime=\"2023-07-07 12:32:10\">2023年7月7日</time><p>x</p>",
            true,
        ),
        (
            "<div><i>Thu, 09 Nov 2023 12:39:01 GMT</i></div><p>正文</p>",
            true,
        ),
        (
            "<meta property=\"article:published_time\" content=\"2021-03-04T05:06:07Z\">",
            true,
        ),
        (
            "<meta NAME=date CONTENT=2021-03-04><meta name=pubdate content=\"2020-01-01\">",
            true,
        ),
        ("<meta name=date content=\"2021&#45;03-04\">", false),
        ("<p title=\"a&amp;b\" data-x=&lt;>ok</p>", true),
        ("<asidedata-org-name=\"\"><p>x</p></aside><p>y</p>", true),
        ("<p>\u{3000}１２３，４５６ 亿\u{200B}吨</p>", true),
        (
            "<p>见 https://x.y/z 与 [t](https://a.b/c)</p><p>---</p>",
            true,
        ),
        ("a\r\nb", false),
        ("a\0b", false),
        ("<p\tclass=x\n>y</p\n>", true),
        ("<a b='c'd=e f = \"g\"/h>x</a>", true),
        ("<p =x ==y>z</p>", true),
        ("<br/x>y<img/>", true),
    ];

    #[test]
    fn tricky_snippets_match_the_tokenizer() {
        for (snippet, read) in TRICKY {
            let got = assert_fast_matches(snippet);
            assert_eq!(got, *read, "fast scanner read {snippet:?}: {got}");
        }
    }

    /// Fragments that random documents are made of.
    const FRAGMENTS: &[&str] = &[
        "<p>",
        "</p>",
        "<div>",
        "</div>",
        "<b>",
        "</b>",
        "<span>",
        "</span>",
        "<br>",
        "<br/>",
        "<div class=\"related\">",
        "<div class='article-body'>",
        "<ul id=share_bar>",
        "</ul>",
        "<li>",
        "</li>",
        "<nav>",
        "</nav>",
        "<NAV>",
        "<aside>",
        "</aside>",
        "<script>",
        "</script>",
        "</scr",
        "</b",
        "<style>",
        "</style>",
        "<title>",
        "</title>",
        "<textarea>",
        "</textarea>",
        "<iframe>",
        "</iframe>",
        "<time datetime=\"2023-01-02\">",
        "<time>",
        "</time>",
        "<meta name=\"date\" content=\"2021-03-04\">",
        "<meta property=og:published_time content=2020-05-06>",
        "<img src=\"a.jpg\">",
        "<a href=\"https://x.y/z?a=1&b=2\">",
        "</a>",
        "<P CLASS=AD>",
        "<img src=x/>",
        "<!--",
        "-->",
        "--",
        "-",
        "!",
        "<!---->",
        "--!>",
        "<!-- c -->",
        "<!--1700045101000-->",
        "<!doctype html>",
        "<?xml?>",
        "</ x>",
        "</>",
        "<a href='x>y'>",
        "=",
        "\"",
        "'",
        "/",
        ">",
        "<",
        "&",
        "&amp;",
        "&amp",
        "&lt;",
        "&nbsp;",
        "&#8451;",
        "&#x2103;",
        "&#183;",
        "&#",
        "&#x",
        "&#12",
        "&#0;",
        "&#150;",
        "&hellip;",
        "&copy",
        "&foo;",
        "&foo",
        "&x",
        "#",
        ";",
        "x",
        "a",
        "p",
        "script",
        "中",
        "文",
        "１",
        "，",
        "1",
        "2",
        " ",
        "  ",
        "\n",
        "\t",
        "\u{3000}",
        "\u{200B}",
        "Thu, 09 Nov 2023 12:39:01 GMT",
        "2023年7月7日",
        "https://x.y/z",
        "www.a.cn",
        "[t](u)",
        "---",
        "最新闻",
        "分享：",
        "<<",
        "<1",
        "<中",
        "&<",
        "<!x>",
        "<![CDATA[x]]>",
        "\r\n",
        "<svg>",
        "</svg>",
        "<template>",
        "<p a=\"1",
        "<div ",
        "class=ad>",
        "id=nav ",
        "/>",
        "<SCRIPT>",
        "</SCRIPT >",
        "</script x=\">\">",
    ];

    /// A deterministic stream of pseudo-random numbers (xorshift64*).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
        }
    }

    /// Random documents from `FRAGMENTS`: whenever the scanner reads one, it matches the
    /// tokenizer, and it reads most of them.
    #[test]
    fn random_documents_match_the_tokenizer() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut read, total) = (0, 20_000);
        for _ in 0..total {
            let n = rng.below(40);
            // Some documents draw from a few fragments only, so that tags pair up.
            let pool = if rng.below(2) == 0 {
                FRAGMENTS.len()
            } else {
                8 + rng.below(24)
            };
            let offset = rng.below(FRAGMENTS.len() - pool.min(FRAGMENTS.len()) + 1);
            let doc: String = (0..n)
                .map(|_| FRAGMENTS[(offset + rng.below(pool)) % FRAGMENTS.len()])
                .collect();
            if assert_fast_matches(&doc) {
                read += 1;
            }
        }
        assert!(read * 2 > total, "the scanner read only {read} of {total}");
    }

    #[test]
    fn robustness_inputs_match_the_tokenizer() {
        for original in robustness_inputs() {
            assert_fast_matches(&original);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn fragment_documents_match_the_tokenizer(
            parts in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..50)
        ) {
            assert_fast_matches(&parts.concat());
        }

        #[test]
        fn byte_soup_matches_the_tokenizer(
            s in r"([<>/&#;!\-\[\]=\x22' \na-dpx0-9]|&amp;|&#8451;|中|１|<p>|</p>|<script>|</script>|<!--|-->){0,60}"
        ) {
            assert_fast_matches(&s);
        }
    }
}
