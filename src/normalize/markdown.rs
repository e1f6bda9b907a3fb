//! Markdown documents, parsed with `pulldown-cmark` (tables, footnotes, strikethrough, YAML
//! front matter) with source offsets. A text event that is its source byte for byte is one
//! run of copied text; any other is aligned with its source character by character, so
//! backslash escapes and entities map back exactly. Everything between text events (syntax,
//! link destinations, code, HTML, front matter, image alt text) is masked.

use super::Normalized;
use super::dates::parse_date_prefix;
use super::text::{Masks, Mode, Piece, mask_pieces, render};
use crate::claim::PartialDate;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// Normalizes a Markdown document.
pub fn normalize_markdown(original: &str) -> Normalized {
    let (mut pieces, date) = read(original);
    mask_pieces(&mut pieces, original, Masks::default());
    render(&pieces, original, Mode::Markup).finish(date)
}

/// The pieces of a Markdown document, before masking, and the date of its front matter.
pub(super) fn read(original: &str) -> (Vec<Piece>, Option<PartialDate>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    // Articles make about a piece (a text event, a syntax gap, a break) per 30 bytes: room for
    // one per 16 is seldom outgrown and is an eighth of room for one per 2 bytes.
    let mut pieces: Vec<Piece> = Vec::with_capacity(original.len() / 16);
    let mut pos = 0usize;
    // Depth of elements whose text is masked (code blocks, images, metadata, HTML blocks).
    let mut masked = 0usize;
    let mut in_metadata = false;
    let mut date: Option<PartialDate> = None;

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

    for (event, range) in Parser::new_ext(original, options).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::MetadataBlock(_) => {
                    in_metadata = true;
                    masked += 1;
                }
                Tag::CodeBlock(_) | Tag::Image { .. } | Tag::HtmlBlock => masked += 1,
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::Item
                | Tag::TableCell
                | Tag::TableRow
                | Tag::TableHead
                | Tag::BlockQuote(_)
                | Tag::FootnoteDefinition(_) => pieces.push(Piece::Break { at: pos }),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::MetadataBlock(_) => {
                    in_metadata = false;
                    masked = masked.saturating_sub(1);
                }
                TagEnd::CodeBlock | TagEnd::Image | TagEnd::HtmlBlock => {
                    masked = masked.saturating_sub(1)
                }
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::List(_)
                | TagEnd::Table => {
                    hide_to(&mut pieces, &mut pos, range.end);
                    pieces.push(Piece::Break { at: pos });
                }
                _ => {}
            },
            Event::Text(text) => {
                if in_metadata {
                    date = date.or_else(|| front_matter_date(&text));
                }
                if masked > 0 || range.start < pos {
                    continue;
                }
                hide_to(&mut pieces, &mut pos, range.start);
                align(&text, range.clone(), original, &mut pieces);
                pos = pos.max(range.end.min(original.len()));
            }
            Event::SoftBreak if masked == 0 && range.start >= pos => {
                hide_to(&mut pieces, &mut pos, range.start);
                let end = range.end.min(original.len());
                // The whole line ending (`\n`, `\r\n`) is one whitespace piece.
                pieces.push(Piece::Char {
                    c: '\n',
                    range: range.start..end,
                    copy: end - range.start == 1,
                });
                pos = end;
            }
            Event::HardBreak if masked == 0 && range.start >= pos => {
                hide_to(&mut pieces, &mut pos, range.end);
                pieces.push(Piece::Break { at: pos });
            }
            Event::Rule => {
                hide_to(&mut pieces, &mut pos, range.end);
                pieces.push(Piece::Break { at: pos });
            }
            // Code, HTML, math, footnote references, task markers: masked with the next gap.
            _ => {}
        }
    }
    hide_to(&mut pieces, &mut pos, original.len());
    (pieces, date)
}

/// The `date:` of a YAML front matter block.
fn front_matter_date(yaml: &str) -> Option<PartialDate> {
    yaml.lines().find_map(|line| {
        let rest = line
            .trim_start()
            .strip_prefix("date")?
            .trim_start()
            .strip_prefix(':')?;
        parse_date_prefix(rest.trim().trim_matches(['"', '\'']))
    })
}

/// Pieces for a text event: `text` as the parser produced it, read from the source bytes
/// `range`. Where the two agree the characters are copies; a backslash before an escaped
/// character is hidden; an entity becomes one character standing for the whole `&...;`.
fn align(text: &str, range: Range<usize>, original: &str, out: &mut Vec<Piece>) {
    let range = range.start.min(original.len())..range.end.min(original.len());
    let Some(src) = original.get(range.clone()) else {
        return;
    };
    let base = range.start;
    if src == text {
        super::text::copy_run(range, out);
        return;
    }
    let mut s = 0usize; // byte offset in src
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let rest = &src[s..];
        if rest.starts_with(c) {
            out.push(Piece::copy(c, base + s));
            s += c.len_utf8();
        } else if rest.starts_with('\\') && rest[1..].starts_with(c) {
            out.push(Piece::Hide {
                range: base + s..base + s + 1,
                space: false,
            });
            out.push(Piece::copy(c, base + s + 1));
            s += 1 + c.len_utf8();
        } else if rest.starts_with('&')
            && let Some(semi) = rest[..rest.len().min(40)].find(';')
        {
            out.push(Piece::Char {
                c,
                range: base + s..base + s + semi + 1,
                copy: false,
            });
            s += semi + 1;
            // An entity may stand for two characters: the second maps to the same place.
            while let Some(&next) = chars.peek() {
                if src[s..].starts_with(next) || src[s..].starts_with(['\\', '&']) {
                    break;
                }
                out.push(Piece::Char {
                    c: next,
                    range: base + s..base + s,
                    copy: false,
                });
                chars.next();
            }
        } else {
            // Unexpected difference: the rest of the text stands for the rest of the source.
            out.push(Piece::Char {
                c,
                range: base + s..base + src.len(),
                copy: false,
            });
            s = src.len();
            for c in chars.by_ref() {
                out.push(Piece::Char {
                    c,
                    range: base + s..base + s,
                    copy: false,
                });
            }
        }
    }
    if s < src.len() {
        out.push(Piece::Hide {
            range: base + s..base + src.len(),
            space: false,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::testing::*;
    use super::*;

    #[test]
    fn front_matter_is_masked_and_dated() {
        let original = "---\ntitle: 中国排放 2022\ndate: 2023-11-09\n---\n\n# 标题\n\n中国2022年排放139亿吨。\n";
        let n = normalize_markdown(original);
        assert_eq!(n.article_date, Some(PartialDate::ymd(2023, 11, 9)));
        assert_eq!(n.text, "标题\n中国2022年排放139亿吨。\n");
        assert_eq!(orig_of(&n, original, "139亿吨"), "139亿吨");
        check_map(&n, original);
    }

    #[test]
    fn table_cells_are_text() {
        let original =
            "| 年份 | 排放 |\n|---|---|\n| 2022 | 139亿吨 |\n| 2023 | **１４０**亿吨 |\n";
        let n = normalize_markdown(original);
        assert!(n.text.contains("2022\n139亿吨"), "{:?}", n.text);
        assert!(n.text.contains("2023\n140亿吨"), "{:?}", n.text);
        assert_eq!(orig_of(&n, original, "140亿吨"), "１４０**亿吨");
        check_map(&n, original);
    }

    #[test]
    fn code_links_images_and_urls() {
        let original = "排放`x = 5`约[139亿吨](https://example.org/2022)，见<https://a.b/c/123>和 www.x.org/9 ![图 12](p.png)。\n\n```\nlet y = 7;\n```\n";
        let n = normalize_markdown(original);
        assert_eq!(n.text, "排放约139亿吨，见和。\n");
        assert_eq!(orig_of(&n, original, "139亿吨"), "139亿吨");
        check_map(&n, original);
    }

    #[test]
    fn soft_breaks_join_or_space() {
        let original =
            "中国2022年排放\n  139亿吨二\n氧化碳, about\n13.9 billion tonnes\\\n新行&amp;\\*\n";
        let n = normalize_markdown(original);
        assert_eq!(
            n.text,
            "中国2022年排放139亿吨二氧化碳, about 13.9 billion tonnes\n新行&*\n"
        );
        assert_eq!(orig_of(&n, original, "排放1"), "排放\n  1");
        assert_eq!(orig_of(&n, original, "&*"), "&amp;\\*");
        check_map(&n, original);
    }

    #[test]
    fn inline_html_and_lists() {
        let original = "- 约<b>139</b>亿吨\n- 12<span>3</span>\n\n> 引用 1.5℃\n";
        let n = normalize_markdown(original);
        assert_eq!(n.text, "约139亿吨\n12 3\n引用1.5℃\n");
        check_map(&n, original);
    }

    #[test]
    fn odd_inputs_never_panic() {
        for original in super::super::text::robustness_inputs() {
            let n = normalize_markdown(&original);
            check_map(&n, &original);
        }
    }
}
