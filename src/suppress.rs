//! Inline suppressions: comments in an article that silence findings of named rules.
//!
//! One syntax for every format, an HTML comment whose text starts with the directive (Markdown
//! carries HTML comments, and scraped plain text keeps them):
//!
//! - `<!-- emcheck-disable-next-line RULE[, RULE…] -->` silences the rules on the next line
//!   that has text: blank lines, and lines holding nothing but directives, are skipped. "Next"
//!   counts from the line the comment ends on, so a comment at the end of a line of text (or at
//!   the start of one) still means the line after it, never its own line.
//! - `<!-- emcheck-disable RULE[, RULE…] -->` … `<!-- emcheck-enable [RULE…] -->` silences the
//!   rules in a block. Blocks count in characters, not lines: a finding is inside when it starts
//!   after the end of the `disable` comment and before the `enable` comment, so blocks also work
//!   in one-line scraped pages. `enable` without rules ends every open block; `enable RULE` ends
//!   that rule's block, and inside a block of every rule it lets that rule through again until
//!   the next `disable`. A block never ended runs to the end of the document.
//! - Without a rule, a directive means every rule.
//! - Rules are separated by commas or spaces. Text after a ` -- ` is a note for people:
//!   `<!-- emcheck-disable-next-line weekday-mismatch -- 原文如此 -->`.
//!
//! The comment must open right before the directive (`<!--`, then spaces): `emcheck-` inside
//! other text or another comment is not a directive. Directives are found anywhere in the
//! document, whatever its format (also inside Markdown code or HTML `<script>`, which never hold
//! findings anyway).
//!
//! A finding is suppressed when its span starts on a covered line (`disable-next-line`) or in a
//! covered stretch (`disable` … `enable`) for its rule. [`Suppressions::apply`] records which
//! directives suppressed something; [`Suppressions::problems`] then reports the rule ids the
//! catalog does not know (with the closest known id) and the directives that suppressed nothing.
//! A directive with an unknown rule still works for its known rules.

use crate::finding::Finding;
use std::collections::HashMap;
use std::ops::Range;

/// The three directives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DirectiveKind {
    /// `emcheck-disable-next-line`: the next line that has text.
    NextLine,
    /// `emcheck-disable`: from here to the matching `emcheck-enable` or the end.
    Disable,
    /// `emcheck-enable`: ends blocks.
    Enable,
}

impl DirectiveKind {
    /// The directive as written (`emcheck-disable-next-line`).
    pub fn as_str(self) -> &'static str {
        match self {
            DirectiveKind::NextLine => "emcheck-disable-next-line",
            DirectiveKind::Disable => "emcheck-disable",
            DirectiveKind::Enable => "emcheck-enable",
        }
    }

    fn from_name(name: &str) -> Option<DirectiveKind> {
        [
            DirectiveKind::NextLine,
            DirectiveKind::Disable,
            DirectiveKind::Enable,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }
}

/// One directive comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// The whole comment, `<!--` to `-->`, as a byte range into the document.
    pub span: Range<usize>,
    /// 1-based line of the comment's start.
    pub line: usize,
    /// 1-based column of the comment's start, in characters.
    pub column: usize,
    /// The rule ids as written, in order; empty for every rule.
    pub rules: Vec<String>,
    /// Which directive.
    pub kind: DirectiveKind,
}

/// What parsing learnt about a directive besides its public fields.
#[derive(Clone, Debug, Default)]
struct Meta {
    /// Byte range, line and column of each rule id.
    rule_spans: Vec<(Range<usize>, usize, usize)>,
    /// `NextLine`: the line it silences, when a line of text follows.
    target_line: Option<usize>,
    /// `Enable`: it ends no open block.
    ends_nothing: bool,
    /// Per rule (or once, for a directive of every rule): it suppressed a finding.
    used: Vec<bool>,
}

/// An `emcheck-…` comment that is not one of the three directives.
#[derive(Clone, Debug)]
struct Unknown {
    span: Range<usize>,
    line: usize,
    column: usize,
    name: String,
}

/// The directives of one document.
#[derive(Clone, Debug, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
    meta: Vec<Meta>,
    unknown: Vec<Unknown>,
}

/// What is wrong with a directive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    /// A rule id the catalog does not know.
    UnknownRule {
        /// The id as written.
        rule: String,
        /// The closest known id, when one is close.
        suggestion: Option<String>,
    },
    /// The directive (or these of its rules) suppressed nothing, or an `emcheck-enable` ends no
    /// block: it can go.
    Unused {
        /// The rules that were not used (empty: the directive of every rule).
        rules: Vec<String>,
    },
    /// An `emcheck-…` comment that is not a directive (a misspelt one).
    UnknownDirective {
        /// The name as written (`emcheck-disable-nextline`).
        directive: String,
        /// The closest directive, when one is close.
        suggestion: Option<String>,
    },
}

/// A problem with a directive, placed at the directive (or at the rule id it is about).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte range in the document.
    pub span: Range<usize>,
    /// What is wrong.
    pub kind: ProblemKind,
    /// What is wrong, for the editor.
    pub message: String,
}

/// Walks forward through a text and tells lines and columns (characters), in one pass over it
/// when asked for increasing offsets.
struct Cursor<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    column: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    /// Line and column of `offset`, which is not before the last offset asked for.
    fn at(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.max(self.offset);
        let piece = &self.text.as_bytes()[self.offset..offset];
        match memchr::memrchr(b'\n', piece) {
            Some(last) => {
                self.line += memchr::memchr_iter(b'\n', piece).count();
                self.column = 1 + char_count(&piece[last + 1..]);
            }
            None => self.column += char_count(piece),
        }
        self.offset = offset;
        (self.line, self.column)
    }
}

/// Characters in UTF-8 bytes (the bytes between two character boundaries).
fn char_count(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// Finds the directives of a document. Byte spans are into `text`; linear in its length.
pub fn parse(text: &str) -> Suppressions {
    let mut out = Suppressions::default();
    let bytes = text.as_bytes();
    let finder = memchr::memmem::Finder::new(b"emcheck-");
    let mut cursor = Cursor::new(text);
    let mut from = 0;
    while let Some(found) = finder.find(&bytes[from..]) {
        let at = from + found;
        // The comment opens right before the directive.
        let before = text[from..at].trim_end_matches(is_blank);
        if !before.ends_with("<!--") {
            from = at + "emcheck-".len();
            continue;
        }
        let open = from + before.len() - "<!--".len();
        let Some(close) = memchr::memmem::find(&bytes[at..], b"-->") else {
            break; // No comment closes after this: none can close after any later one either.
        };
        let close = at + close;
        let span = open..close + "-->".len();
        from = span.end;
        let (line, column) = cursor.at(open);
        let body = &text[at..close];
        let name_len = body.find(is_blank).unwrap_or(body.len());
        let name = &body[..name_len];
        let Some(kind) = DirectiveKind::from_name(name) else {
            out.unknown.push(Unknown {
                span,
                line,
                column,
                name: name.to_owned(),
            });
            continue;
        };
        // Rule ids up to a ` -- ` note, separated by commas or spaces.
        let mut rules = Vec::new();
        let mut rule_spans = Vec::new();
        let mut token_start = None;
        for (i, c) in body[name_len..]
            .char_indices()
            .chain([(body.len() - name_len, ' ')])
        {
            let i = at + name_len + i;
            if is_blank(c) || c == ',' {
                if let Some(start) = token_start.take() {
                    let token = &text[start..i];
                    if token == "--" {
                        break;
                    }
                    let (l, col) = cursor.at(start);
                    rules.push(token.to_owned());
                    rule_spans.push((start..i, l, col));
                }
            } else if token_start.is_none() {
                token_start = Some(i);
            }
        }
        let used = vec![false; rules.len().max(1)];
        out.directives.push(Directive {
            span,
            line,
            column,
            rules,
            kind,
        });
        out.meta.push(Meta {
            rule_spans,
            used,
            ..Meta::default()
        });
    }
    out.find_targets(text);
    out.find_idle_enables();
    out
}

impl Suppressions {
    /// The directives, in document order.
    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    /// The document has no directive (and no misspelt one).
    pub fn is_empty(&self) -> bool {
        self.directives.is_empty() && self.unknown.is_empty()
    }

    /// Sets the line each `disable-next-line` silences: the first line after the one its
    /// comment ends on that holds something besides blanks and directive comments.
    fn find_targets(&mut self, text: &str) {
        if !self
            .directives
            .iter()
            .any(|d| d.kind == DirectiveKind::NextLine)
        {
            return;
        }
        // Comments to leave out when asking whether a line has text, in order.
        let mut comments: Vec<Range<usize>> = self
            .directives
            .iter()
            .map(|d| d.span.clone())
            .chain(self.unknown.iter().map(|u| u.span.clone()))
            .collect();
        comments.sort_by_key(|r| r.start);
        let mut next_comment = 0;
        // Lines with text, as (line number, start offset), in order.
        let mut text_lines = Vec::new();
        let mut line_start = 0;
        for (number, line_end) in memchr::memchr_iter(b'\n', text.as_bytes())
            .chain([text.len()])
            .enumerate()
        {
            let mut has_text = false;
            let mut pos = line_start;
            while pos < line_end {
                while next_comment < comments.len() && comments[next_comment].end <= pos {
                    next_comment += 1;
                }
                let stop = comments
                    .get(next_comment)
                    .map_or(line_end, |c| c.start.clamp(pos, line_end));
                if !text[pos..stop].trim_matches(is_blank).is_empty() {
                    has_text = true;
                    break;
                }
                match comments.get(next_comment) {
                    Some(c) if c.start < line_end => pos = c.end.max(stop),
                    _ => pos = line_end,
                }
            }
            if has_text {
                text_lines.push(number + 1);
            }
            line_start = line_end + 1;
        }
        let mut cursor = Cursor::new(text);
        let mut next = 0;
        for (d, meta) in self.directives.iter().zip(&mut self.meta) {
            // The line of the comment's last character.
            let (end_line, _) = cursor.at(d.span.end - 1);
            if d.kind != DirectiveKind::NextLine {
                continue;
            }
            while next < text_lines.len() && text_lines[next] <= end_line {
                next += 1;
            }
            meta.target_line = text_lines.get(next).copied();
        }
    }

    /// Marks the `enable` directives that end no open block.
    fn find_idle_enables(&mut self) {
        let mut all_open = false;
        let mut open: HashMap<&str, ()> = HashMap::new();
        for (d, meta) in self.directives.iter().zip(&mut self.meta) {
            match d.kind {
                DirectiveKind::NextLine => {}
                DirectiveKind::Disable if d.rules.is_empty() => {
                    all_open = true;
                    open.clear();
                }
                DirectiveKind::Disable => {
                    for r in &d.rules {
                        open.insert(r, ());
                    }
                }
                DirectiveKind::Enable if d.rules.is_empty() => {
                    meta.ends_nothing = !all_open && open.is_empty();
                    all_open = false;
                    open.clear();
                }
                DirectiveKind::Enable => {
                    let mut ended = false;
                    for r in &d.rules {
                        ended |= open.remove(r.as_str()).is_some();
                    }
                    meta.ends_nothing = !ended && !all_open;
                }
            }
        }
    }

    /// Drops the suppressed findings from `findings` (the others keep their order) and returns
    /// them, so callers can count them. Records which directives were used, for
    /// [`problems`](Self::problems); calling it again adds to that record.
    ///
    /// When several directives cover a finding, the credit goes to a `disable-next-line` on its
    /// line first, then to a block of its rule, then to a block of every rule.
    pub fn apply(&mut self, text: &str, findings: &mut Vec<Finding>) -> Vec<Finding> {
        if self.directives.is_empty() || findings.is_empty() {
            return Vec::new();
        }
        // `disable-next-line` directives by the line they silence.
        let mut by_line: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, meta) in self.meta.iter().enumerate() {
            if let Some(line) = meta.target_line {
                by_line.entry(line).or_default().push(i);
            }
        }
        let line_starts: Vec<usize> = if by_line.is_empty() {
            Vec::new()
        } else {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
                .collect()
        };
        // Findings in text order; blocks are swept in the same order.
        let mut order: Vec<usize> = (0..findings.len()).collect();
        order.sort_by_key(|&i| findings[i].span.start);
        let mut suppressed = vec![false; findings.len()];
        let blocks: Vec<usize> = (0..self.directives.len())
            .filter(|&i| self.directives[i].kind != DirectiveKind::NextLine)
            .collect();
        let mut next_block = 0;
        let mut all: Option<usize> = None;
        let mut let_through: Vec<&str> = Vec::new();
        let mut open: HashMap<&str, (usize, usize)> = HashMap::new();
        let mut credits: Vec<(usize, usize)> = Vec::new();
        for &fi in &order {
            let f = &findings[fi];
            let start = f.span.start;
            // Blocks opened (after their comment) or ended before the finding.
            while let Some(&di) = blocks.get(next_block) {
                let d = &self.directives[di];
                let effective = match d.kind {
                    DirectiveKind::Disable => d.span.end,
                    _ => d.span.start,
                };
                if effective > start {
                    break;
                }
                next_block += 1;
                match (d.kind, d.rules.is_empty()) {
                    (DirectiveKind::Disable, true) => {
                        all = Some(di);
                        let_through.clear();
                    }
                    (DirectiveKind::Disable, false) => {
                        for (ri, r) in d.rules.iter().enumerate() {
                            open.insert(r, (di, ri));
                            let_through.retain(|x| x != r);
                        }
                    }
                    (_, true) => {
                        all = None;
                        let_through.clear();
                        open.clear();
                    }
                    (_, false) => {
                        for r in &d.rules {
                            open.remove(r.as_str());
                            if all.is_some() {
                                let_through.push(r);
                            }
                        }
                    }
                }
            }
            let rule: &str = &f.rule;
            let line = if line_starts.is_empty() {
                0
            } else {
                line_starts.partition_point(|&s| s <= start)
            };
            let on_line = by_line.get(&line).and_then(|ds| {
                ds.iter().find_map(|&di| {
                    let rules = &self.directives[di].rules;
                    if rules.is_empty() {
                        Some((di, 0))
                    } else {
                        rules.iter().position(|r| r == rule).map(|ri| (di, ri))
                    }
                })
            });
            let credit = on_line.or_else(|| open.get(rule).copied()).or_else(|| {
                all.filter(|_| !let_through.contains(&rule))
                    .map(|di| (di, 0))
            });
            if let Some(c) = credit {
                suppressed[fi] = true;
                credits.push(c);
            }
        }
        for (di, ri) in credits {
            self.meta[di].used[ri] = true;
        }
        let mut kept = Vec::with_capacity(findings.len());
        let mut dropped = Vec::new();
        for (f, s) in findings.drain(..).zip(suppressed) {
            if s { dropped.push(f) } else { kept.push(f) }
        }
        *findings = kept;
        dropped
    }

    /// Problems with the directives, in document order: rule ids not in `known_rules` (with
    /// the closest known id), misspelt directives, directives (or rules of a directive) that
    /// suppressed nothing in the calls to [`apply`](Self::apply) so far, and `enable` comments
    /// that end no block. Unknown rules are not also reported unused.
    pub fn problems(&self, known_rules: &[&str]) -> Vec<Problem> {
        let mut out = Vec::new();
        for (d, meta) in self.directives.iter().zip(&self.meta) {
            let name = d.kind.as_str();
            let mut unused = Vec::new();
            for (ri, rule) in d.rules.iter().enumerate() {
                let (span, line, column) = meta.rule_spans[ri].clone();
                if known_rules.contains(&rule.as_str()) {
                    if !meta.used[ri] {
                        unused.push(rule.clone());
                    }
                    continue;
                }
                let suggestion = closest(rule, known_rules.iter().copied()).map(str::to_owned);
                let message = match &suggestion {
                    Some(s) => format!("{name}: unknown rule `{rule}`; did you mean `{s}`?"),
                    None => format!("{name}: unknown rule `{rule}` (`emcheck rules` lists them)"),
                };
                out.push(Problem {
                    line,
                    column,
                    span,
                    kind: ProblemKind::UnknownRule {
                        rule: rule.clone(),
                        suggestion,
                    },
                    message,
                });
            }
            let every_rule = d.rules.is_empty();
            let message = match d.kind {
                DirectiveKind::Enable if meta.ends_nothing => Some(format!(
                    "{name}{}: no emcheck-disable block is open here",
                    list(&d.rules, " ")
                )),
                DirectiveKind::Enable => None,
                _ if every_rule && meta.used[0] => None,
                _ if !every_rule && unused.is_empty() => None,
                DirectiveKind::NextLine => {
                    let what = if every_rule {
                        "no finding".to_owned()
                    } else {
                        format!("no {} finding", list(&unused, ""))
                    };
                    Some(match meta.target_line {
                        Some(l) => format!("{name}: {what} on line {l} to suppress"),
                        None => format!("{name}: no line of text follows"),
                    })
                }
                DirectiveKind::Disable => Some(if every_rule {
                    format!("{name}: no finding in the block to suppress")
                } else {
                    format!(
                        "{name}: no {} finding in the block to suppress",
                        list(&unused, "")
                    )
                }),
            };
            if let Some(message) = message {
                let rules = if d.kind == DirectiveKind::Enable {
                    d.rules.clone()
                } else {
                    unused
                };
                out.push(Problem {
                    line: d.line,
                    column: d.column,
                    span: d.span.clone(),
                    kind: ProblemKind::Unused { rules },
                    message,
                });
            }
        }
        for u in &self.unknown {
            let names = [
                DirectiveKind::NextLine,
                DirectiveKind::Disable,
                DirectiveKind::Enable,
            ]
            .map(DirectiveKind::as_str);
            let suggestion = closest(&u.name, names.into_iter()).map(str::to_owned);
            let message = match &suggestion {
                Some(s) => format!("unknown directive `{}`; did you mean `{s}`?", u.name),
                None => format!(
                    "unknown directive `{}`: emcheck knows emcheck-disable-next-line, emcheck-disable and emcheck-enable",
                    u.name
                ),
            };
            out.push(Problem {
                line: u.line,
                column: u.column,
                span: u.span.clone(),
                kind: ProblemKind::UnknownDirective {
                    directive: u.name.clone(),
                    suggestion,
                },
                message,
            });
        }
        out.sort_by_key(|p| p.span.start);
        out
    }
}

/// `a, b` with a leading separator, or nothing for no rules.
fn list(rules: &[String], lead: &str) -> String {
    if rules.is_empty() {
        String::new()
    } else {
        format!("{lead}{}", rules.join(", "))
    }
}

/// The candidate closest to `name` by edit distance, when it is close: at most a third of the
/// name's length (and at least 2) edits away. Ties go to the earlier candidate.
fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).max(2);
    candidates
        .map(|c| (levenshtein(name, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Edit distance in characters (insertions, deletions, substitutions).
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::checks::Severity;
    use crate::finding::Verdict;

    const KNOWN: &[&str] = &["weekday-mismatch", "age-mismatch", "unit-gloss-mismatch"];

    fn finding(rule: &str, text: &str, needle: &str) -> Finding {
        let start = text.find(needle).expect("needle in text");
        Finding {
            rule: rule.into(),
            severity: Severity::Error,
            verdict: Verdict::Contradicts,
            message: String::new(),
            span: start..start + needle.len(),
            related: Vec::new(),
            help: None,
            reference: None,
        }
    }

    /// Applies the directives of `text` to findings `(rule, needle)`; returns the rules and
    /// needles kept, and the problems' messages.
    fn run(text: &str, findings: &[(&str, &str)]) -> (Vec<String>, Vec<String>) {
        let mut all: Vec<Finding> = findings.iter().map(|(r, n)| finding(r, text, n)).collect();
        let mut s = parse(text);
        let dropped = s.apply(text, &mut all);
        assert_eq!(dropped.len() + all.len(), findings.len());
        let kept = all
            .iter()
            .map(|f| format!("{} {}", f.rule, &text[f.span.clone()]))
            .collect();
        let problems = s
            .problems(KNOWN)
            .iter()
            .map(|p| format!("{}:{} {}", p.line, p.column, p.message))
            .collect();
        (kept, problems)
    }

    #[test]
    fn parses_kinds_rules_spans_and_positions() {
        let text = "标题\n中文 <!-- emcheck-disable-next-line weekday-mismatch, age-mismatch -- 原文如此 -->\n<!--emcheck-enable-->";
        let s = parse(text);
        let d = s.directives();
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].kind, DirectiveKind::NextLine);
        assert_eq!(d[0].rules, ["weekday-mismatch", "age-mismatch"]);
        assert_eq!((d[0].line, d[0].column), (2, 4));
        assert!(text[d[0].span.clone()].starts_with("<!-- emcheck"));
        assert!(text[d[0].span.clone()].ends_with("原文如此 -->"));
        assert_eq!(d[1].kind, DirectiveKind::Enable);
        assert!(d[1].rules.is_empty());
        assert_eq!((d[1].line, d[1].column), (3, 1));
        assert_eq!(&text[d[1].span.clone()], "<!--emcheck-enable-->");
    }

    #[test]
    fn emcheck_outside_a_directive_comment_is_no_directive() {
        let text = "emcheck-disable x\n<!-- note: emcheck-disable x -->\n<!-- emcheck-disable x";
        let s = parse(text);
        assert!(s.is_empty(), "{s:?}");
    }

    #[test]
    fn next_line_skips_blank_lines_and_other_directives() {
        let text = "<!-- emcheck-disable-next-line weekday-mismatch -->\n\n<!-- emcheck-disable-next-line age-mismatch -->\n  \n星期四 74岁\n星期五";
        let (kept, problems) = run(
            text,
            &[
                ("weekday-mismatch", "星期四"),
                ("age-mismatch", "74岁"),
                ("weekday-mismatch", "星期五"),
            ],
        );
        assert_eq!(kept, ["weekday-mismatch 星期五"]);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn next_line_at_the_end_of_a_line_of_text_means_the_line_after() {
        let text = "星期四 <!-- emcheck-disable-next-line -->\n星期五\n星期六";
        let (kept, _) = run(
            text,
            &[
                ("weekday-mismatch", "星期四"),
                ("weekday-mismatch", "星期五"),
                ("weekday-mismatch", "星期六"),
            ],
        );
        assert_eq!(kept, ["weekday-mismatch 星期四", "weekday-mismatch 星期六"]);
    }

    #[test]
    fn next_line_counts_from_the_line_a_comment_of_several_lines_ends_on() {
        let text = "<!--\n  emcheck-disable-next-line weekday-mismatch\n-->\n星期四\n星期五";
        let s = parse(text);
        assert_eq!(s.directives()[0].line, 1);
        let (kept, problems) = run(
            text,
            &[
                ("weekday-mismatch", "星期四"),
                ("weekday-mismatch", "星期五"),
            ],
        );
        assert_eq!(kept, ["weekday-mismatch 星期五"]);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn next_line_only_silences_its_rules() {
        let text = "<!-- emcheck-disable-next-line age-mismatch -->\n星期四 74岁";
        let (kept, problems) = run(
            text,
            &[("weekday-mismatch", "星期四"), ("age-mismatch", "74岁")],
        );
        assert_eq!(kept, ["weekday-mismatch 星期四"]);
        assert!(problems.is_empty());
    }

    #[test]
    fn blocks_count_in_characters_and_run_to_the_end_when_never_ended() {
        let text = "<p>A 星期一</p><!-- emcheck-disable weekday-mismatch --><p>B 星期二</p><!-- emcheck-enable --><p>C 星期三</p><!-- emcheck-disable --><p>D 星期四 74岁</p>";
        let (kept, problems) = run(
            text,
            &[
                ("weekday-mismatch", "星期一"),
                ("weekday-mismatch", "星期二"),
                ("weekday-mismatch", "星期三"),
                ("weekday-mismatch", "星期四"),
                ("age-mismatch", "74岁"),
            ],
        );
        assert_eq!(kept, ["weekday-mismatch 星期一", "weekday-mismatch 星期三"]);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn enable_with_a_rule_ends_its_block_and_lets_it_through_a_block_of_every_rule() {
        let text = "<!-- emcheck-disable weekday-mismatch, age-mismatch -->\n星期一 70岁\n<!-- emcheck-enable weekday-mismatch -->\n星期二 71岁\n<!-- emcheck-enable -->\n<!-- emcheck-disable -->\n星期三 72岁\n<!-- emcheck-enable age-mismatch -->\n星期四 73岁\n";
        let (kept, problems) = run(
            text,
            &[
                ("weekday-mismatch", "星期一"),
                ("age-mismatch", "70岁"),
                ("weekday-mismatch", "星期二"),
                ("age-mismatch", "71岁"),
                ("weekday-mismatch", "星期三"),
                ("age-mismatch", "72岁"),
                ("weekday-mismatch", "星期四"),
                ("age-mismatch", "73岁"),
            ],
        );
        assert_eq!(kept, ["weekday-mismatch 星期二", "age-mismatch 73岁"]);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn reports_unknown_rules_with_suggestions_and_unused_directives() {
        let text = "<!-- emcheck-disable-next-line weekday-mismtach, age-mismatch -->\n星期四 74岁\n<!-- emcheck-disable-next-line unit-gloss-mismatch, age-mismatch -->\n74岁\n<!-- emcheck-disable-next-line no-such-thing -->\n星期五\n<!-- emcheck-disable-nextline -->\n<!-- emcheck-enable weekday-mismatch -->\n<!-- emcheck-disable -->";
        let (kept, problems) = run(
            text,
            &[
                ("weekday-mismatch", "星期四"),
                ("age-mismatch", "74岁"),
                ("weekday-mismatch", "星期五"),
            ],
        );
        // The misspelt rule does nothing, the known one still works; the second `74岁` is not
        // a finding, so the second directive is unused for both rules.
        assert_eq!(kept, ["weekday-mismatch 星期四", "weekday-mismatch 星期五"]);
        assert_eq!(
            problems,
            [
                "1:32 emcheck-disable-next-line: unknown rule `weekday-mismtach`; did you mean `weekday-mismatch`?",
                "3:1 emcheck-disable-next-line: no unit-gloss-mismatch, age-mismatch finding on line 4 to suppress",
                "5:32 emcheck-disable-next-line: unknown rule `no-such-thing` (`emcheck rules` lists them)",
                "7:1 unknown directive `emcheck-disable-nextline`; did you mean `emcheck-disable-next-line`?",
                "8:1 emcheck-enable weekday-mismatch: no emcheck-disable block is open here",
                "9:1 emcheck-disable: no finding in the block to suppress",
            ]
        );
    }

    #[test]
    fn a_directive_at_the_end_of_the_text_has_no_line_to_silence() {
        let (_, problems) = run("星期四\n<!-- emcheck-disable-next-line -->\n\n", &[]);
        // No findings at all: `apply` returns early, the directive is still unused.
        assert_eq!(
            problems,
            ["2:1 emcheck-disable-next-line: no line of text follows"]
        );
    }

    #[test]
    fn columns_count_characters_on_long_lines() {
        let text = "中文中文<!-- emcheck-disable -->中文<!-- emcheck-enable -->";
        let s = parse(text);
        let cols: Vec<_> = s.directives().iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(cols, [(1, 5), (1, 31)]);
    }

    #[test]
    fn edit_distance() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("星期四", "星期三"), 1);
        assert_eq!(
            closest("age-mismach", KNOWN.iter().copied()),
            Some("age-mismatch")
        );
        assert_eq!(closest("totally-else", KNOWN.iter().copied()), None);
    }

    #[test]
    fn parse_is_linear_on_many_hits() {
        // Many `emcheck-` without comments, and many comments, on one line.
        let text = "emcheck-".repeat(100_000) + &"<!-- emcheck-disable -->".repeat(10_000);
        let start = std::time::Instant::now();
        let s = parse(&text);
        assert_eq!(s.directives().len(), 10_000);
        assert!(start.elapsed().as_secs() < 5);
    }
}
