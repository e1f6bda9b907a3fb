//! HTML pages and fragments: tokenized with `html5tokenizer`, which reports the original byte
//! range of every character (so decoded entities map back to the whole `&#8451;`). Tags,
//! attributes, comments and non-article elements (scripts, navigation, asides, share bars,
//! "related" lists...) are masked; block elements end blocks; text runs go through the shared
//! folding, URL masking and whitespace rules of `text.rs`. The article date comes from meta
//! tags, `<time datetime>`, a scraper's epoch comment or a dateline block near the top.

use super::Normalized;
use super::text::{
    Masks, Mode, Piece, date_from_epoch_millis, mask_pieces, parse_date_line, parse_date_prefix,
    render,
};
use crate::claim::PartialDate;
use html5tokenizer::offset::PosTrackingReader;
use html5tokenizer::trace::Trace;
use html5tokenizer::{NaiveParser, StartTag, Token, TracingEmitter};
use std::ops::Range;

/// Elements whose whole content is not article text.
const MASKED_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "button", "select", "svg", "iframe", "title", "head", "textarea", "object", "canvas", "math",
    "noembed", "noframes",
];

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
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "header",
    "footer",
    "hr",
    "address",
    "body",
    "html",
    "center",
    "details",
    "summary",
    "fieldset",
    "legend",
    "option",
];

/// Elements that never have content (their end tag, if any, is ignored).
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// The element name of a tag, repairing names glued to their first attribute by a
/// scraper (`<asidedata-org-name="">` is an `aside`, `<divdata-article-list>` a `div`).
fn element_name(name: &str) -> &str {
    match name.find("data-") {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

fn masked_by_attributes(tag: &StartTag) -> bool {
    ["class", "id"]
        .iter()
        .filter_map(|a| tag.attributes.get(a))
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

/// Normalizes an HTML document.
pub fn normalize_html(original: &str) -> Normalized {
    let parser =
        NaiveParser::new_with_emitter(PosTrackingReader::new(original), TracingEmitter::default());
    let mut pieces: Vec<Piece> = Vec::with_capacity(original.len() / 2);
    let mut dates = Dates::default();
    // The end of the original bytes accounted for so far.
    let mut pos = 0usize;
    // The masked element we are inside: its name and nesting depth.
    let mut masked: Option<(String, usize)> = None;
    // Piece index ranges inside `<time>` elements (their text is kept even if it looks like
    // a dateline).
    let mut time_spans: Vec<Range<usize>> = Vec::new();
    let mut time_open: Option<usize> = None;
    let mut seen_text = false;

    let hide_to = |pieces: &mut Vec<Piece>, pos: &mut usize, end: usize| {
        let end = end.min(original.len());
        if end > *pos {
            pieces.push(Piece::Hide {
                range: *pos..end,
                space: false,
            });
            *pos = end;
        }
    };

    for item in parser {
        let Ok((token, trace)) = item;
        match (token, trace) {
            (Token::Char(c), Trace::Char(range)) => {
                let range = char_range(original, pos, c, range);
                let (start, end) = (range.start, range.end);
                hide_to(&mut pieces, &mut pos, start);
                if masked.is_some() {
                    hide_to(&mut pieces, &mut pos, end);
                    continue;
                }
                if !c.is_whitespace() {
                    seen_text = true;
                }
                pieces.push(Piece::from_source(c, start..end, original));
                pos = pos.max(end);
            }
            (Token::StartTag(tag), Trace::StartTag(t)) => {
                hide_to(&mut pieces, &mut pos, t.span.start);
                let span_end = t.span.end.max(pos);
                let name = element_name(&tag.name);
                let void = tag.self_closing || VOID_ELEMENTS.contains(&name);
                if name == "meta" {
                    let key = tag
                        .attributes
                        .get("property")
                        .or_else(|| tag.attributes.get("name"))
                        .or_else(|| tag.attributes.get("itemprop"))
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
                    ) && dates.meta.is_none()
                    {
                        dates.meta = tag.attributes.get("content").and_then(parse_date_prefix);
                    }
                }
                if let Some((m, depth)) = &mut masked {
                    if m == name && !void {
                        *depth += 1;
                    }
                    hide_to(&mut pieces, &mut pos, span_end);
                    continue;
                }
                if name == "time" {
                    if dates.time.is_none() {
                        dates.time = tag.attributes.get("datetime").and_then(parse_date_prefix);
                    }
                    if !void {
                        time_open = Some(pieces.len());
                    }
                }
                let block = BLOCK_ELEMENTS.contains(&name);
                if block {
                    pieces.push(Piece::Break { at: t.span.start });
                }
                hide_to(&mut pieces, &mut pos, span_end);
                if !void && (MASKED_ELEMENTS.contains(&name) || masked_by_attributes(&tag)) {
                    masked = Some((name.to_owned(), 1));
                }
            }
            (Token::EndTag(tag), Trace::EndTag(t)) => {
                hide_to(&mut pieces, &mut pos, t.span.start);
                let span_end = t.span.end.max(pos);
                let name = element_name(&tag.name);
                if let Some((m, depth)) = &mut masked {
                    if m == name {
                        *depth -= 1;
                        if *depth == 0 {
                            masked = None;
                        }
                    }
                    hide_to(&mut pieces, &mut pos, span_end);
                    if masked.is_some() || !BLOCK_ELEMENTS.contains(&name) {
                        continue;
                    }
                    pieces.push(Piece::Break { at: span_end });
                    continue;
                }
                if name == "time"
                    && let Some(start) = time_open.take()
                {
                    time_spans.push(start..pieces.len());
                }
                hide_to(&mut pieces, &mut pos, span_end);
                if BLOCK_ELEMENTS.contains(&name) {
                    pieces.push(Piece::Break { at: span_end });
                }
            }
            (Token::Comment(data), _) => {
                // The comment's bytes are hidden with the next gap. A scraper's comment at the
                // very start may hold the epoch milliseconds of the article.
                let d = data.trim();
                if !seen_text
                    && dates.epoch.is_none()
                    && d.len() == 13
                    && d.bytes().all(|b| b.is_ascii_digit())
                    && let Ok(ms) = d.parse::<i64>()
                {
                    dates.epoch = Some(date_from_epoch_millis(ms));
                }
            }
            (Token::EndOfFile, Trace::EndOfFile(at)) => {
                hide_to(&mut pieces, &mut pos, at);
            }
            _ => {}
        }
    }
    hide_to(&mut pieces, &mut pos, original.len());

    dates.dateline = mask_dateline(&mut pieces, &time_spans);
    mask_pieces(
        &mut pieces,
        Masks {
            markdown_like: true,
            trailing_lists: true,
        },
    );
    render(&pieces, original, Mode::Markup).finish(dates.best())
}

/// Finds a block among the first few blocks whose whole text is a date (a dateline such as
/// `<div><i>Thu, 09 Nov 2023 12:39:01 GMT</i></div>`), masks it and returns its date.
/// Text inside `<time>` stays article text.
fn mask_dateline(pieces: &mut [Piece], time_spans: &[Range<usize>]) -> Option<PartialDate> {
    let mut blocks_seen = 0;
    let mut start = 0;
    let mut i = 0;
    while i <= pieces.len() && blocks_seen < 6 {
        let at_end = i == pieces.len() || matches!(pieces[i], Piece::Break { .. });
        if at_end {
            let text: String = pieces[start..i]
                .iter()
                .filter_map(|p| match p {
                    Piece::Char { c, .. } => Some(*c),
                    _ => None,
                })
                .collect();
            let text = text.trim();
            if !text.is_empty() {
                blocks_seen += 1;
                if text.chars().count() <= 60
                    && let Some(date) = parse_date_line(text)
                {
                    let in_time = time_spans.iter().any(|t| t.start < i && start < t.end);
                    if !in_time {
                        let first = (start..i).find(|&k| matches!(pieces[k], Piece::Char { .. }));
                        let last = (start..i)
                            .rev()
                            .find(|&k| matches!(pieces[k], Piece::Char { .. }));
                        if let (Some(first), Some(last)) = (first, last) {
                            let range = match (&pieces[first], &pieces[last]) {
                                (Piece::Char { range: a, .. }, Piece::Char { range: b, .. }) => {
                                    a.start..b.end
                                }
                                _ => unreachable!("both are chars"),
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
        }
    }
}
