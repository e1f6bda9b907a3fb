//! The audit report as Markdown (CommonMark with GitHub tables): the totals, the findings by
//! rule and by verdict, the conflicts across articles, then one section per article with
//! findings, each finding with its `line:column`, rule, message and sentence with the claim
//! in bold, and at the end one line counting the articles without findings. No charts.
//! Streaming: only counters are kept between articles.

use super::model::{ArticleRow, Cluster, FindingRow, ReportWriter, Summary};
use super::svg::{one_line, value_text, verdict_label, verdict_rank};
use rust_decimal::Decimal;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Writes the Markdown report.
pub struct MarkdownWriter<W: Write> {
    out: W,
    /// Articles with findings written so far.
    with_findings: usize,
    /// Articles without findings, their claims and agreements.
    clean: usize,
    clean_claims: usize,
    clean_verified: usize,
}

impl<W: Write> MarkdownWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        MarkdownWriter {
            out,
            with_findings: 0,
            clean: 0,
            clean_claims: 0,
            clean_verified: 0,
        }
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

/// Text escaped for Markdown inline content and table cells, on one line.
fn md(s: &str) -> String {
    let s = one_line(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn severity_label(s: &str) -> &str {
    match s {
        "info" => "note",
        other => other,
    }
}

/// Punctuation or a symbol in the sense of CommonMark's emphasis rules (approximately).
fn punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// The sentence with the claim in bold: `**` where CommonMark will read it as emphasis,
/// `<b>` where punctuation at the claim's edges beside letters would stop `**` from working
/// (`说**“2℃”**之`).
fn sentence(f: &FindingRow) -> String {
    let (before, text, after) = (md(&f.before), md(f.text.trim()), md(&f.after));
    let first = text.chars().next();
    let last = text.chars().last();
    let prev = before.chars().last();
    let next = after.chars().next();
    let opens = first.is_some_and(|c| !c.is_whitespace())
        && (!first.is_some_and(punct) || prev.is_none_or(|p| p.is_whitespace() || punct(p)));
    let closes = last.is_some_and(|c| !c.is_whitespace())
        && (!last.is_some_and(punct) || next.is_none_or(|n| n.is_whitespace() || punct(n)));
    if opens && closes {
        format!("{before}**{text}**{after}")
    } else {
        format!("{before}<b>{text}</b>{after}")
    }
}

fn url_text(url: &str) -> Option<&str> {
    let u = url.trim();
    ((u.starts_with("https://") || u.starts_with("http://"))
        && !u.contains(|c: char| c.is_whitespace() || c == '<' || c == '>'))
    .then_some(u)
}

fn write_cluster(s: &mut String, c: &Cluster) {
    let _ = write!(s, "### {} ({})\n\n", md(&c.about), md(&c.check));
    for v in &c.variants {
        let _ = writeln!(
            s,
            "- **{}**: {}",
            md(&v.shown),
            plural(v.articles, "article", "articles")
        );
        for p in &v.examples {
            let _ = writeln!(
                s,
                "  - {}:{}:{} {}",
                md(&p.file),
                p.line,
                p.column,
                md(&p.text)
            );
        }
    }
    s.push('\n');
}

fn write_finding(s: &mut String, f: &FindingRow) {
    let _ = writeln!(
        s,
        "- `{}:{}` **{}** `{}` ({}): {}",
        f.line,
        f.column,
        severity_label(&f.severity),
        f.rule.replace('`', "'"),
        md(&verdict_label(&f.verdict)),
        md(&f.message)
    );
    let _ = writeln!(s, "  - in: {}", sentence(f));
    if let Some(h) = &f.help {
        let _ = writeln!(s, "  - help: {}", md(h));
    }
    if let Some(r) = &f.reference {
        let value = match r.value.parse::<Decimal>() {
            Ok(d) => value_text(d, &r.unit),
            Err(_) if r.unit.is_empty() || r.unit == "date" => r.value.clone(),
            Err(_) => format!("{} {}", r.value, r.unit),
        };
        let _ = write!(s, "  - reference: {} — {}", md(&value), md(&r.source));
        if let Some(url) = r.url.as_deref().and_then(url_text) {
            let _ = write!(s, " <{url}>");
        }
        s.push('\n');
    }
    for r in &f.related {
        let place = if r.file.is_empty() {
            format!("{}:{}", r.line, r.column)
        } else {
            format!("{}:{}:{}", md(&r.file), r.line, r.column)
        };
        let _ = writeln!(s, "  - related: {place} {}", md(&r.message));
    }
}

impl<W: Write> ReportWriter for MarkdownWriter<W> {
    fn begin(&mut self, summary: &Summary) -> io::Result<()> {
        let sev = |k: &str| summary.by_severity.get(k).copied().unwrap_or(0);
        let hundredths = (summary.bytes + 5_000) / 10_000;
        let mut s = String::from("# Emissions fact-check audit\n\n");
        let _ = write!(
            s,
            "emcheck {}: **{}** ({}.{:02} MB), **{}**, **{}**, **{}**, **{}**, **{}** agreements verified, **{}** across articles.\n\n",
            md(&summary.version),
            plural(summary.articles, "article", "articles"),
            hundredths / 100,
            hundredths % 100,
            plural(summary.claims, "claim", "claims"),
            plural(sev("error"), "error", "errors"),
            plural(sev("warning"), "warning", "warnings"),
            plural(sev("info"), "note", "notes"),
            summary.by_verdict.get("matches").copied().unwrap_or(0),
            plural(summary.clusters.len(), "conflict", "conflicts"),
        );
        if !summary.unreadable.is_empty() {
            s.push_str("## Inputs that could not be read\n\n");
            for u in &summary.unreadable {
                let _ = writeln!(s, "- {}: {}", md(&u.name), md(&u.message));
            }
            s.push('\n');
        }
        s.push_str("## Findings by rule\n\n| rule | kind | severity | findings | articles |\n|---|---|---|--:|--:|\n");
        for (id, r) in super::html::rules_by_findings(summary) {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                md(id),
                md(&r.kind),
                md(severity_label(&r.severity)),
                r.findings,
                r.articles
            );
        }
        s.push_str("\n## Findings by verdict\n\n| verdict | findings |\n|---|--:|\n");
        let mut verdicts: Vec<(&String, &usize)> = summary.by_verdict.iter().collect();
        verdicts.sort_by(|a, b| verdict_rank(a.0).cmp(&verdict_rank(b.0)));
        for (v, n) in verdicts {
            let _ = writeln!(s, "| {} | {n} |", md(&verdict_label(v)));
        }
        s.push_str("\nAgreements (matches) are counted by verdict, not by rule.\n\n## Conflicts across articles\n\n");
        if summary.clusters.is_empty() {
            s.push_str("No subject or event is stated differently by different articles.\n\n");
        }
        for c in &summary.clusters {
            write_cluster(&mut s, c);
        }
        s.push_str("## Articles with findings\n\n");
        self.out.write_all(s.as_bytes())
    }

    fn article(&mut self, row: &ArticleRow) -> io::Result<()> {
        if row.findings.is_empty() {
            self.clean += 1;
            self.clean_claims += row.claims;
            self.clean_verified += row.verified;
            return Ok(());
        }
        self.with_findings += 1;
        let mut s = format!("### {}\n\n", md(&row.name));
        if let Some(d) = &row.date {
            let _ = write!(s, "{} · ", md(d));
        }
        let _ = write!(
            s,
            "{} · {} · {} · {} · {} verified\n\n",
            plural(row.claims, "claim", "claims"),
            plural(row.count("error"), "error", "errors"),
            plural(row.count("warning"), "warning", "warnings"),
            plural(row.count("info"), "note", "notes"),
            row.verified
        );
        for f in &row.findings {
            write_finding(&mut s, f);
        }
        s.push('\n');
        self.out.write_all(s.as_bytes())
    }

    fn end(&mut self) -> io::Result<()> {
        let mut s = String::new();
        if self.with_findings == 0 {
            s.push_str("No article has findings.\n\n");
        }
        s.push_str("## Articles without findings\n\n");
        let _ = writeln!(
            s,
            "{} without findings ({}, {} agreements verified).",
            plural(self.clean, "article", "articles"),
            plural(self.clean_claims, "claim", "claims"),
            self.clean_verified
        );
        self.out.write_all(s.as_bytes())?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::html::tests::sample;

    fn render(summary: &Summary, rows: &[ArticleRow]) -> String {
        let mut w = MarkdownWriter::new(Vec::new());
        w.begin(summary).unwrap();
        for r in rows {
            w.article(r).unwrap();
        }
        w.end().unwrap();
        String::from_utf8(w.into_inner()).unwrap()
    }

    #[test]
    fn markdown_report_has_the_sections_in_order() {
        let (summary, rows) = sample();
        let text = render(&summary, &rows);
        let at = |needle: &str| {
            text.find(needle)
                .unwrap_or_else(|| panic!("{needle:?} missing in:\n{text}"))
        };
        let order = [
            "# Emissions fact-check audit",
            "**3 articles** (0.02 MB)",
            "**2 errors**",
            "## Inputs that could not be read",
            "## Findings by rule",
            "| unit-gloss-mismatch | unit-gloss | error | 1 | 1 |",
            "## Findings by verdict",
            "| unit mismatch | 1 |",
            "## Conflicts across articles",
            "### Kerry–Xie climate talks at Sunnylands (events)",
            "  - fixtures/extract/seed-002-rfi.html:5:386 11月4—7日",
            "## Articles with findings",
            r#"### a\<b\>\&"c".html"#,
            "### fixtures/extract/seed-004-voa.html",
            "- `5:2351` **error** `unit-gloss-mismatch` (unit mismatch): 106百万瓦 is 106 MW",
            "  - in: 总计**106百万瓦**(gigawatts)的发电量",
            "  - reference: 106000000000 W (106 GW) — CREA/GEM, 2023-02-27 <https://energyandcleanair.org/>",
            "  - related: fixtures/extract/english-brief.md:3:92 11.4 Gt",
            "## Articles without findings",
            "1 article without findings (4 claims, 2 agreements verified).",
        ];
        let mut last = 0;
        for needle in order {
            let i = at(needle);
            assert!(i >= last, "{needle:?} out of order");
            last = i;
        }
        // The line break of the PDF text is joined; the bold survives punctuation at its edge.
        assert!(text.contains("  - in: 美国累计排放了<b>“4000亿吨二氧化碳”</b>之多"));
    }

    #[test]
    fn markdown_report_without_articles() {
        let text = render(&Summary::default(), &[]);
        assert!(text.contains("No article has findings."));
        assert!(text.contains("0 articles without findings"));
    }
}
