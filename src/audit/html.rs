//! The audit report as one self-contained HTML5 file: totals, tables by rule and verdict,
//! inline SVG charts, conflicts across articles, and the table of articles, each article with
//! findings opening to them, each finding shown in its sentence.
//!
//! Nothing is loaded from the network: the style and one small script are inline, the charts
//! are inline SVG, and the only links are plain `<a href>` to the reference sources. The page
//! reads without JavaScript; the script adds sorting, filtering, expand/collapse, opens the
//! article a link points to, opens every finding before printing, and finally sets
//! `document.body.dataset.ready = "1"`.
//!
//! Streaming: `begin` writes everything up to the head of the article table, `article` one
//! `<tbody>` per article, `end` the rest; the writer keeps only counters.
//!
//! Anchors: each article's `<tbody>` has the id [`article_anchor`] of its name (a slug of the
//! file name plus a 64-bit FNV-1a hash of the whole name, so it is stable, unique in practice
//! and computable from a name alone), and its first row `article-N` (N its 0-based index).
//! Conflict clusters and related places know only file names, so they link to the name anchor;
//! chart dots know the index, so they link to `article-N`. Links to a name that is not a row
//! of the table (never the case for an audit's own clusters) are disabled by the script.

use super::model::{ArticleRow, Cluster, FindingRow, ReportWriter, Summary};
use super::svg::{
    any_clamped, class_name, deviation_chart, errors_histogram, escape, one_line, point_verdicts,
    rule_bars, value_text, verdict_label, verdict_rank,
};
use rust_decimal::Decimal;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Articles with errors start opened when the report has at most this many articles.
const OPEN_ERRORS_UP_TO: usize = 200;
/// Conflict clusters shown before the rest are folded away.
const CLUSTERS_SHOWN: usize = 20;

/// The anchor of an article from its name alone: `art-` + an ASCII slug of the file name (at
/// most 32 characters) + `-` + the 64-bit FNV-1a hash of the whole name in hex.
pub fn article_anchor(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let mut slug = String::new();
    for c in base.chars() {
        if slug.len() >= 32 {
            break;
        }
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    if slug.is_empty() {
        format!("art-{hash:016x}")
    } else {
        format!("art-{slug}-{hash:016x}")
    }
}

/// Writes the HTML report.
pub struct HtmlWriter<W: Write> {
    out: W,
    /// Articles written so far.
    articles: usize,
    /// Of which with findings.
    with_findings: usize,
    /// Whether articles with errors start opened.
    open_errors: bool,
}

impl<W: Write> HtmlWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Self {
        HtmlWriter {
            out,
            articles: 0,
            with_findings: 0,
            open_errors: true,
        }
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

/// A byte count in megabytes with two decimals, by integer arithmetic.
fn megabytes(bytes: u64) -> String {
    let hundredths = (bytes + 5_000) / 10_000;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Only http(s) addresses become links.
fn safe_url(url: &str) -> Option<&str> {
    let u = url.trim();
    (u.starts_with("https://") || u.starts_with("http://")).then_some(u)
}

/// The host of an address, to show instead of the whole address.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

fn severity_label(s: &str) -> &str {
    match s {
        "info" => "note",
        other => other,
    }
}

/// A place in another article, linked to its row: `file:line:column`.
fn place_link(s: &mut String, file: &str, line: usize, column: usize) {
    let _ = write!(
        s,
        r##"<a class="place" href="#{}">{}:{line}:{column}</a>"##,
        article_anchor(file),
        escape(file)
    );
}

fn write_totals(s: &mut String, summary: &Summary) {
    let sev = |k: &str| summary.by_severity.get(k).copied().unwrap_or(0);
    let verified = summary.by_verdict.get("matches").copied().unwrap_or(0);
    let _ = write!(
        s,
        r#"<header class="top"><h1>Emissions fact-check audit</h1><p class="sub">emcheck {} · {}"#,
        escape(&summary.version),
        plural(summary.articles, "article", "articles"),
    );
    if !summary.unreadable.is_empty() {
        let _ = write!(
            s,
            r##" · <a class="err" href="#unreadable">{} could not be read</a>"##,
            plural(summary.unreadable.len(), "input", "inputs")
        );
    }
    s.push_str(r#"</p><dl class="stats">"#);
    let stats: [(&str, &str, String, &str, Option<String>); 8] = [
        (
            "articles",
            "articles",
            summary.articles.to_string(),
            "",
            None,
        ),
        (
            "megabytes",
            "MB read",
            megabytes(summary.bytes),
            "",
            Some(format!("{} bytes", summary.bytes)),
        ),
        ("claims", "claims", summary.claims.to_string(), "", None),
        ("errors", "errors", sev("error").to_string(), "err", None),
        (
            "warnings",
            "warnings",
            sev("warning").to_string(),
            "warn",
            None,
        ),
        (
            "notes",
            "notes",
            sev("info").to_string(),
            "info",
            Some("figures within a source's tolerance, or that cannot be verified".into()),
        ),
        (
            "verified",
            "agreements verified",
            verified.to_string(),
            "ok",
            Some("figures that agree with their reference".into()),
        ),
        (
            "conflicts",
            "conflicts across articles",
            summary.clusters.len().to_string(),
            "conf",
            None,
        ),
    ];
    for (key, label, value, class, title) in stats {
        let title = title.map_or(String::new(), |t| format!(r#" title="{}""#, escape(&t)));
        let _ = write!(
            s,
            r#"<div class="stat {class}" data-stat="{key}"{title}><dt>{label}</dt><dd>{value}</dd></div>"#
        );
    }
    s.push_str("</dl>");
    if !summary.unreadable.is_empty() {
        let _ = write!(
            s,
            r#"<div class="unreadable" id="unreadable"><h2>Inputs that could not be read ({})</h2><ul>"#,
            summary.unreadable.len()
        );
        for u in &summary.unreadable {
            let _ = write!(
                s,
                "<li><code>{}</code>: {}</li>",
                escape(&u.name),
                escape(&u.message)
            );
        }
        s.push_str("</ul></div>");
    }
    s.push_str("</header>");
}

fn write_charts(s: &mut String, summary: &Summary) {
    s.push_str(r#"<section id="charts"><h2>Charts</h2>"#);
    s.push_str(r#"<figure class="wide"><figcaption><b>Claimed values against the reference</b>: one row per metric, one dot per figure compared with a reference fact, at (claimed − reference) / reference on a square-root scale. Hover a dot for the figure, click it to go to its article.</figcaption>"#);
    if summary.metrics.is_empty() {
        s.push_str(r#"<p class="muted">No figure was compared with a reference.</p>"#);
    } else {
        s.push_str(r#"<div class="chart-wrap">"#);
        s.push_str(&deviation_chart(&summary.metrics));
        s.push_str(r#"</div><ul class="legend">"#);
        for v in point_verdicts(&summary.metrics) {
            let _ = write!(
                s,
                r#"<li><span class="swatch v-{}"></span>{}</li>"#,
                class_name(&v),
                escape(&verdict_label(&v))
            );
        }
        if any_clamped(&summary.metrics) {
            s.push_str(r#"<li><span class="arrow">▶</span>beyond ±100 %, drawn at the edge</li>"#);
        }
        s.push_str("</ul>");
    }
    s.push_str(r#"</figure><div class="grid2"><figure><figcaption><b>Articles by number of errors</b></figcaption>"#);
    if summary.errors_per_article.is_empty() {
        s.push_str(r#"<p class="muted">No articles.</p>"#);
    } else {
        s.push_str(&errors_histogram(&summary.errors_per_article));
    }
    s.push_str(r#"</figure><figure><figcaption><b>Findings by rule</b> (agreements not counted)</figcaption>"#);
    match rule_bars(&summary.by_rule) {
        Some(svg) => s.push_str(&svg),
        None => s.push_str(r#"<p class="muted">No findings.</p>"#),
    }
    s.push_str("</figure></div></section>");
}

/// The rules, those with most findings first, then by id.
pub(super) fn rules_by_findings(summary: &Summary) -> Vec<(&String, &super::model::RuleTotal)> {
    let mut rules: Vec<_> = summary.by_rule.iter().collect();
    rules.sort_by(|a, b| b.1.findings.cmp(&a.1.findings).then(a.0.cmp(b.0)));
    rules
}

fn write_rule_tables(s: &mut String, summary: &Summary) {
    s.push_str(r#"<section id="rules"><h2>Totals</h2><div class="grid2 tables"><div><h3>By rule</h3><div class="scroll"><table class="data"><thead><tr><th>rule</th><th>kind</th><th>severity</th><th class="num">findings</th><th class="num">articles</th></tr></thead><tbody>"#);
    for (id, r) in rules_by_findings(summary) {
        let _ = write!(
            s,
            r#"<tr id="rule-{}"{}><td><code>{}</code><div class="small muted">{}</div></td><td>{}</td><td><span class="badge sev-{}">{}</span></td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            escape(id),
            if r.findings == 0 {
                r#" class="zero""#
            } else {
                ""
            },
            escape(id),
            escape(&r.summary),
            escape(&r.kind),
            class_name(&r.severity),
            escape(severity_label(&r.severity)),
            r.findings,
            r.articles
        );
    }
    s.push_str(r#"</tbody></table></div></div><div><h3>By verdict</h3><table class="data"><thead><tr><th>verdict</th><th class="num">findings</th></tr></thead><tbody>"#);
    let mut verdicts: Vec<(&String, &usize)> = summary.by_verdict.iter().collect();
    verdicts.sort_by(|a, b| verdict_rank(a.0).cmp(&verdict_rank(b.0)));
    for (v, n) in verdicts {
        let _ = write!(
            s,
            r#"<tr><td><span class="swatch v-{}"></span>{}</td><td class="num">{n}</td></tr>"#,
            class_name(v),
            escape(&verdict_label(v))
        );
    }
    s.push_str(r#"</tbody></table><p class="small muted">Agreements (<i>matches</i>) are counted here, not in the findings by rule.</p></div></div></section>"#);
}

fn write_cluster(s: &mut String, c: &Cluster) {
    let _ = write!(
        s,
        r#"<article class="cluster"><h3>{} <span class="tag">{}</span></h3><ul class="variants">"#,
        escape(&c.about),
        escape(&c.check)
    );
    for v in &c.variants {
        let _ = write!(
            s,
            r#"<li><span class="stmt">{}</span> <span class="muted">in {}</span><ul class="places">"#,
            escape(&v.shown),
            plural(v.articles, "article", "articles")
        );
        for p in &v.examples {
            s.push_str("<li>");
            place_link(s, &p.file, p.line, p.column);
            let _ = write!(
                s,
                r#" <q class="claim">{}</q></li>"#,
                escape(&one_line(&p.text))
            );
        }
        s.push_str("</ul></li>");
    }
    s.push_str("</ul></article>");
}

fn write_clusters(s: &mut String, summary: &Summary) {
    let _ = write!(
        s,
        r#"<section id="conflicts"><h2>Conflicts across articles ({})</h2>"#,
        summary.clusters.len()
    );
    if summary.clusters.is_empty() {
        s.push_str(r#"<p class="muted">No subject or event is stated differently by different articles.</p>"#);
    } else {
        s.push_str(r#"<p class="muted small">Each subject below is stated with values that cannot all be right; the places link to the articles.</p>"#);
        for c in summary.clusters.iter().take(CLUSTERS_SHOWN) {
            write_cluster(s, c);
        }
        if summary.clusters.len() > CLUSTERS_SHOWN {
            let _ = write!(
                s,
                r#"<details class="more-clusters"><summary>{} more</summary>"#,
                summary.clusters.len() - CLUSTERS_SHOWN
            );
            for c in &summary.clusters[CLUSTERS_SHOWN..] {
                write_cluster(s, c);
            }
            s.push_str("</details>");
        }
    }
    s.push_str("</section>");
}

fn write_table_head(s: &mut String) {
    s.push_str(r#"<section id="articles"><h2>Articles</h2><p class="muted small">Open an article to see each finding in its sentence, the flagged figure highlighted.</p><div class="controls" id="controls" hidden><input type="search" id="filter" placeholder="filter by name" aria-label="filter by name"><label><input type="checkbox" id="only-errors"> only articles with errors</label><label><input type="checkbox" id="hide-clean"> hide articles without findings</label><button type="button" id="expand">expand all</button><button type="button" id="collapse">collapse all</button><span id="shown-count" class="muted"></span></div><table class="articles" id="articles-table"><thead><tr><th class="num" data-sort="index">#</th><th data-sort="name">article</th><th data-sort="date">date</th><th class="num" data-sort="claims">claims</th><th class="num" data-sort="errors">errors</th><th class="num" data-sort="warnings">warnings</th><th class="num" data-sort="notes">notes</th><th class="num" data-sort="verified">verified</th></tr></thead>"#);
}

fn write_reference(s: &mut String, f: &FindingRow) {
    let Some(r) = &f.reference else { return };
    let value = match r.value.parse::<Decimal>() {
        Ok(d) => value_text(d, &r.unit),
        Err(_) if r.unit.is_empty() || r.unit == "date" => r.value.clone(),
        Err(_) => format!("{} {}", r.value, r.unit),
    };
    let _ = write!(
        s,
        r#"<p class="ref"><b>Reference:</b> <span class="value">{}</span> — {}"#,
        escape(&value),
        escape(&r.source)
    );
    if let Some(url) = r.url.as_deref().and_then(safe_url) {
        let _ = write!(
            s,
            r#" · <a href="{}" rel="noreferrer noopener" target="_blank">{}</a>"#,
            escape(url),
            escape(host(url))
        );
    }
    s.push_str("</p>");
}

fn write_finding(s: &mut String, f: &FindingRow) {
    let sev = class_name(&f.severity);
    let _ = write!(
        s,
        r##"<li class="finding sev-{sev}"><div class="fhead"><span class="badge sev-{sev}">{}</span> <a class="rule" href="#rule-{}"><code>{}</code></a> <span class="verdict v-{}">{}</span> <span class="pos" title="line {}, column {}">{}:{}</span></div><p class="sentence">{}<mark>{}</mark>{}</p><p class="msg">{}</p>"##,
        escape(severity_label(&f.severity)),
        escape(&f.rule),
        escape(&f.rule),
        class_name(&f.verdict),
        escape(&verdict_label(&f.verdict)),
        f.line,
        f.column,
        f.line,
        f.column,
        escape(&one_line(&f.before)),
        escape(&one_line(&f.text)),
        escape(&one_line(&f.after)),
        escape(&f.message)
    );
    if let Some(h) = &f.help {
        let _ = write!(s, r#"<p class="help"><b>Help:</b> {}</p>"#, escape(h));
    }
    write_reference(s, f);
    if !f.related.is_empty() {
        s.push_str(r#"<div class="related"><b>Related:</b><ul>"#);
        for r in &f.related {
            s.push_str("<li>");
            if r.file.is_empty() {
                let _ = write!(s, r#"<span class="pos">{}:{}</span>"#, r.line, r.column);
            } else {
                place_link(s, &r.file, r.line, r.column);
            }
            let _ = write!(s, " {}</li>", escape(&r.message));
        }
        s.push_str("</ul></div>");
    }
    s.push_str("</li>");
}

/// One article: a `<tbody>` with its row and, when it has findings, a row that opens to them.
fn write_article(s: &mut String, row: &ArticleRow, open_errors: bool) {
    let (errors, warnings, notes) = (row.count("error"), row.count("warning"), row.count("info"));
    let class = if errors > 0 {
        "art has-findings has-errors"
    } else if !row.findings.is_empty() {
        "art has-findings"
    } else {
        "art clean"
    };
    let name = escape(&row.name);
    let date = row.date.as_deref().unwrap_or("");
    let _ = write!(
        s,
        r##"<tbody id="{}" class="{class}" data-index="{}" data-name="{name}" data-date="{}" data-claims="{}" data-errors="{errors}" data-warnings="{warnings}" data-notes="{notes}" data-verified="{}"><tr class="row" id="article-{}"><td class="num" data-label="#">{}</td><td class="name" data-label="article" title="{} bytes">"##,
        article_anchor(&row.name),
        row.index,
        escape(date),
        row.claims,
        row.verified,
        row.index,
        row.index + 1,
        row.bytes
    );
    match row.name.rfind(['/', '\\']) {
        Some(i) => {
            let _ = write!(
                s,
                r#"<span class="dir">{}</span><b>{}</b>"#,
                escape(&row.name[..=i]),
                escape(&row.name[i + 1..])
            );
        }
        None => {
            let _ = write!(s, "<b>{name}</b>");
        }
    }
    let cell = |n: usize, class: &str| {
        if n == 0 {
            r#" class="num zero""#.to_string()
        } else {
            format!(r#" class="num {class}""#)
        }
    };
    let _ = write!(
        s,
        r#"</td><td data-label="date">{}</td><td class="num" data-label="claims">{}</td><td{} data-label="errors">{errors}</td><td{} data-label="warnings">{warnings}</td><td{} data-label="notes">{notes}</td><td{} data-label="verified">{}</td></tr>"#,
        if date.is_empty() {
            r#"<span class="muted">—</span>"#.to_string()
        } else {
            escape(date).into_owned()
        },
        row.claims,
        cell(errors, "err"),
        cell(warnings, "warn"),
        cell(notes, "info"),
        cell(row.verified, "ok"),
        row.verified
    );
    if !row.findings.is_empty() {
        let mut parts = Vec::new();
        for (n, one, many) in [
            (errors, "error", "errors"),
            (warnings, "warning", "warnings"),
            (notes, "note", "notes"),
        ] {
            if n > 0 {
                parts.push(plural(n, one, many));
            }
        }
        let _ = write!(
            s,
            r#"<tr class="more"><td colspan="8"><details{}><summary>{}</summary><ol class="findings">"#,
            if open_errors && errors > 0 {
                " open"
            } else {
                ""
            },
            parts.join(", ")
        );
        for f in &row.findings {
            write_finding(s, f);
        }
        s.push_str("</ol></details></td></tr>");
    }
    s.push_str("</tbody>\n");
}

impl<W: Write> ReportWriter for HtmlWriter<W> {
    fn begin(&mut self, summary: &Summary) -> io::Result<()> {
        self.open_errors = summary.articles <= OPEN_ERRORS_UP_TO;
        let mut s = String::with_capacity(64 * 1024);
        let _ = write!(
            s,
            r#"<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="emcheck {}">
<title>emcheck audit: {}, {} errors</title>
<style>{STYLE}</style>
</head>
<body>
"#,
            escape(&summary.version),
            plural(summary.articles, "article", "articles"),
            summary.by_severity.get("error").copied().unwrap_or(0)
        );
        write_totals(&mut s, summary);
        s.push_str(r##"<nav class="toc"><a href="#charts">Charts</a><a href="#rules">Totals</a><a href="#conflicts">Conflicts</a><a href="#articles">Articles</a></nav><main>"##);
        write_charts(&mut s, summary);
        write_rule_tables(&mut s, summary);
        write_clusters(&mut s, summary);
        write_table_head(&mut s);
        s.push('\n');
        self.out.write_all(s.as_bytes())
    }

    fn article(&mut self, row: &ArticleRow) -> io::Result<()> {
        self.articles += 1;
        if !row.findings.is_empty() {
            self.with_findings += 1;
        }
        let mut s = String::with_capacity(1024);
        write_article(&mut s, row, self.open_errors);
        self.out.write_all(s.as_bytes())
    }

    fn end(&mut self) -> io::Result<()> {
        let mut s = String::from("</table>");
        if self.articles == 0 {
            s.push_str(r#"<p class="muted">No article was read.</p>"#);
        } else {
            let _ = write!(
                s,
                r#"<p class="small muted">{}: {} with findings, {} without.</p>"#,
                plural(self.articles, "article", "articles"),
                self.with_findings,
                self.articles - self.with_findings
            );
        }
        let _ = write!(
            s,
            r#"</section></main><footer class="small muted">Made by emcheck. Positions are line:column, columns counted in characters.</footer>
<script>{SCRIPT}</script>
</body>
</html>
"#
        );
        self.out.write_all(s.as_bytes())?;
        self.out.flush()
    }
}

const STYLE: &str = r#"
:root{--bg:#fafaf8;--fg:#1c2127;--muted:#5f6b76;--line:#dde1e6;--card:#fff;--band:#f2f4f6;--accent:#1d5fa8;
--err:#c0392b;--warn:#c27400;--info:#2471a3;--ok:#2e8b57;--tol:#159a9c;--outd:#8e44ad;--inc:#d35400;--impr:#b08a00;--unv:#7f8c8d;--unit:#922b21;
--mark:#ffe066;--markfg:#111;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#15181c;--fg:#e4e7eb;--muted:#9aa5b1;--line:#2d333b;--card:#1c2128;--band:#20262e;--accent:#6cb6ff;
--err:#ff6b5e;--warn:#f0a33a;--info:#58a6ff;--ok:#3fb950;--tol:#39c5bb;--outd:#c39be0;--inc:#ff8c42;--impr:#e3c34a;--unv:#9aa5b1;--unit:#ff9b8f;--mark:#7a5f00;--markfg:#fff}}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.55 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}
a{color:var(--accent)}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
h1{font-size:1.6rem;margin:0}h2{font-size:1.25rem;margin:0 0 .6rem;padding-top:.4rem}h3{font-size:1.02rem;margin:.8rem 0 .4rem}
.top,main,.toc,footer{max-width:1200px;margin:0 auto;padding:0 16px}
.top{padding-top:20px}
.sub,.muted{color:var(--muted)}.small{font-size:.85em}
.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));gap:10px;margin:14px 0}
.stat{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--c,var(--line));border-radius:6px;padding:8px 12px}
.stat dt{font-size:.8rem;color:var(--muted)}.stat dd{margin:0;font-size:1.5rem;font-weight:650;font-variant-numeric:tabular-nums}
.stat.err{--c:var(--err)}.stat.warn{--c:var(--warn)}.stat.info{--c:var(--info)}.stat.ok{--c:var(--ok)}.stat.conf{--c:var(--inc)}
.unreadable{border:1px solid var(--err);border-radius:6px;padding:8px 14px;margin:10px 0;background:var(--card)}
.unreadable h2{font-size:1rem;color:var(--err)}
.toc{display:flex;gap:18px;position:sticky;top:0;background:var(--bg);border-bottom:1px solid var(--line);padding-top:8px;padding-bottom:8px;z-index:2}
section{margin:22px 0}
figure{margin:0 0 16px;background:var(--card);border:1px solid var(--line);border-radius:6px;padding:12px}
figcaption{font-size:.9em;color:var(--muted);margin-bottom:6px}figcaption b{color:var(--fg)}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:16px}
@media (min-width:900px){.grid2.tables{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}}
.sub .err{color:var(--err);font-weight:600}
.chart-wrap,.scroll{overflow-x:auto}
.chart-wrap svg{min-width:640px}
svg.chart{display:block;height:auto;font-family:inherit}
svg text{fill:var(--fg);font-size:12px}
svg .muted,svg tspan.muted{fill:var(--muted)}
svg .label{font-size:13px;paint-order:stroke;stroke:var(--card);stroke-width:4px;stroke-linejoin:round}svg .tick{font-size:11px;fill:var(--muted)}svg .count{font-size:11px;font-weight:600}
svg .band{fill:transparent}svg .band.odd{fill:var(--band)}
svg .grid{stroke:var(--line);stroke-width:1}svg .zero{stroke:var(--fg);stroke-width:1.5;stroke-dasharray:4 3}
svg .zero-label{font-size:12px;font-weight:600}
svg .axis{stroke:var(--muted)}
svg .dot{fill:var(--c,var(--unv));stroke:var(--card);stroke-width:1;opacity:.85}
svg a:hover .dot,svg .dot:hover{opacity:1;stroke:var(--fg);stroke-width:2}
svg .bar{fill:var(--c,var(--accent))}svg .bar.ok{--c:var(--ok)}svg .bar.err{--c:var(--err)}
svg a:hover text{text-decoration:underline}
.v-contradicts{--c:var(--err)}.v-unit-mismatch{--c:var(--unit)}.v-outdated{--c:var(--outd)}.v-inconsistent{--c:var(--inc)}
.v-imprecise{--c:var(--impr)}.v-within-tolerance{--c:var(--tol)}.v-unverifiable{--c:var(--unv)}.v-matches{--c:var(--ok)}
.sev-error{--c:var(--err)}.sev-warning{--c:var(--warn)}.sev-info{--c:var(--info)}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 16px;padding:0;margin:6px 0 0;font-size:.85em}
.swatch{display:inline-block;width:.8em;height:.8em;border-radius:50%;background:var(--c,var(--unv));margin-right:.4em;vertical-align:-.05em}
.arrow{color:var(--muted);margin-right:.4em}
table{border-collapse:collapse;width:100%}
.data th,.data td,.articles th,.articles td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-size:.85em;color:var(--muted);font-weight:600}
.num{text-align:right!important;font-variant-numeric:tabular-nums}
tr.zero{color:var(--muted)}td.zero{color:var(--muted);opacity:.6}
td.err{color:var(--err);font-weight:700}td.warn{color:var(--warn);font-weight:600}td.info{color:var(--info)}td.ok{color:var(--ok)}
.badge{display:inline-block;padding:0 .55em;border-radius:1em;font-size:.78em;font-weight:700;color:#fff;background:var(--c,var(--unv));letter-spacing:.02em}
.tag{font-size:.75em;font-weight:600;color:var(--muted);border:1px solid var(--line);border-radius:1em;padding:0 .5em;vertical-align:.1em}
.cluster{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--inc);border-radius:6px;padding:4px 14px 8px;margin:0 0 12px}
.variants{margin:.2em 0;padding-left:1.2em}.variants>li{margin:.3em 0}
.stmt{font-weight:650}
.places{list-style:none;padding-left:.8em;margin:.1em 0;font-size:.9em}
.place{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;word-break:break-all}
.place.missing{color:var(--muted)}
q.claim{quotes:"「" "」"}
.controls{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center;margin:8px 0 10px}
.controls input[type=search]{padding:5px 8px;border:1px solid var(--line);border-radius:5px;background:var(--card);color:var(--fg);min-width:14em}
button{font:inherit;font-size:.85em;padding:3px 10px;border:1px solid var(--line);border-radius:5px;background:var(--card);color:var(--fg);cursor:pointer}
th button.sort{border:0;background:none;padding:0;font-weight:600;color:var(--muted);font-size:1em}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
.articles tbody:nth-of-type(even) tr.row{background:var(--band)}
.articles tbody:target tr.row,.articles tr.row:target{outline:2px solid var(--accent);outline-offset:-2px}
.name{word-break:break-all}.dir{color:var(--muted);font-size:.85em}
tr.more>td{padding:0 8px 8px 32px;border-bottom:1px solid var(--line)}
details>summary{cursor:pointer;color:var(--muted);font-size:.9em;padding:3px 0}
.has-errors details>summary{color:var(--err)}
ol.findings{list-style:none;padding:0;margin:4px 0}
.finding{border-left:3px solid var(--c);background:var(--card);border-radius:0 6px 6px 0;padding:6px 12px;margin:6px 0;break-inside:avoid}
.finding p{margin:.25em 0}
.fhead{display:flex;flex-wrap:wrap;gap:4px 8px;align-items:baseline}
.rule code{font-weight:600}
.verdict{font-size:.85em;color:var(--c)}
.pos{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85em;color:var(--muted)}
.sentence{font-size:1.05em;background:var(--band);border-radius:4px;padding:4px 8px}
mark{background:var(--mark);color:var(--markfg);padding:0 2px;border-radius:2px;font-weight:600}
.help,.ref,.related{font-size:.9em}.help b,.ref b,.related b{color:var(--muted);font-weight:600}
.related ul{margin:.1em 0;padding-left:1.4em}
footer{padding-top:12px;padding-bottom:30px;border-top:1px solid var(--line)}
@media (max-width:700px){
 body{font-size:14px}
 .articles thead{display:none}
 .articles,.articles tbody,.articles tr,.articles td{display:block;width:100%}
 .articles tbody{border:1px solid var(--line);border-radius:6px;margin:0 0 8px;background:var(--card)}
 .articles tr.row{display:flex;flex-wrap:wrap;gap:0 12px;padding:6px 8px;background:none!important}
 .articles tr.row td{width:auto;border:0;padding:1px 0}
 .articles tr.row td.name{width:100%;order:-1}
 .articles tr.row td::before{content:attr(data-label) " ";color:var(--muted);font-size:.8em;font-weight:400}
 .articles tr.row td.name::before{content:none}
 tr.more>td{padding:0 8px 6px}
}
@media print{
 :root{--bg:#fff;--fg:#000;--card:#fff;--band:#f4f4f4}
 body{font-size:11pt}
 .toc,.controls,th button.sort::after{display:none}
 a{color:inherit;text-decoration:none}
 figure,.cluster,.finding,tr.row{break-inside:avoid}
 .chart-wrap svg{min-width:0}
}
"#;

const SCRIPT: &str = r##"
(function () {
  "use strict";
  var doc = document;
  var each = function (list, f) { Array.prototype.forEach.call(list, f); };
  var table = doc.getElementById("articles-table");
  function openTarget() {
    var id = location.hash ? decodeURIComponent(location.hash.slice(1)) : "";
    var el = id && doc.getElementById(id);
    var tb = el && el.closest ? el.closest("tbody.art") : null;
    if (!tb) return;
    tb.hidden = false;
    var det = tb.querySelector("details");
    if (det) det.open = true;
  }
  each(doc.querySelectorAll("a.place"), function (a) {
    var id = a.getAttribute("href").slice(1);
    if (!doc.getElementById(id)) {
      a.removeAttribute("href");
      a.classList.add("missing");
      a.title = "not an article of this report";
    }
  });
  if (table) {
    var numeric = { index: 1, claims: 1, errors: 1, warnings: 1, notes: 1, verified: 1 };
    var state = { key: "index", dir: 1 };
    var sortBy = function (key) {
      var dir = state.key === key ? -state.dir : (numeric[key] && key !== "index" ? -1 : 1);
      state = { key: key, dir: dir };
      var rows = Array.prototype.slice.call(table.tBodies);
      rows.sort(function (a, b) {
        var x = a.dataset[key] || "", y = b.dataset[key] || "";
        var c = numeric[key] ? Number(x) - Number(y) : x.localeCompare(y);
        return c !== 0 ? c * dir : Number(a.dataset.index) - Number(b.dataset.index);
      });
      var frag = doc.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      table.appendChild(frag);
      each(table.tHead.querySelectorAll("th[data-sort]"), function (th) {
        th.setAttribute("aria-sort", th.dataset.sort === key ? (dir > 0 ? "ascending" : "descending") : "none");
      });
    };
    each(table.tHead.querySelectorAll("th[data-sort]"), function (th) {
      var b = doc.createElement("button");
      b.type = "button";
      b.className = "sort";
      b.textContent = th.textContent;
      b.title = "sort by " + (th.textContent === "#" ? "input order" : th.textContent);
      th.textContent = "";
      th.appendChild(b);
      b.addEventListener("click", function () { sortBy(th.dataset.sort); });
    });
    var q = doc.getElementById("filter");
    var onlyErrors = doc.getElementById("only-errors");
    var hideClean = doc.getElementById("hide-clean");
    var shown = doc.getElementById("shown-count");
    var filter = function () {
      var text = q.value.trim().toLowerCase(), n = 0, total = 0;
      each(table.tBodies, function (tb) {
        total++;
        var hide = (onlyErrors.checked && tb.dataset.errors === "0") ||
          (hideClean.checked && !tb.classList.contains("has-findings")) ||
          (text !== "" && tb.dataset.name.toLowerCase().indexOf(text) < 0);
        tb.hidden = hide;
        if (!hide) n++;
      });
      shown.textContent = n + " of " + total + " articles shown";
    };
    q.addEventListener("input", filter);
    onlyErrors.addEventListener("change", filter);
    hideClean.addEventListener("change", filter);
    var setOpen = function (open) {
      each(table.querySelectorAll("details"), function (d) { if (!d.closest("tbody").hidden) d.open = open; });
    };
    doc.getElementById("expand").addEventListener("click", function () { setOpen(true); });
    doc.getElementById("collapse").addEventListener("click", function () { setOpen(false); });
    doc.getElementById("controls").hidden = false;
    filter();
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  var printed = [];
  window.addEventListener("beforeprint", function () {
    printed = [];
    each(doc.querySelectorAll("details:not([open])"), function (d) { printed.push(d); d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    printed.forEach(function (d) { d.open = false; });
    printed = [];
  });
  doc.body.dataset.ready = "1";
})();
"##;

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::audit::model::{
        MetricPoints, Place, Point, ReferenceRow, RelatedRow, RuleTotal, Unreadable, Variant,
    };
    use std::collections::BTreeMap;

    pub(in crate::audit) const ODD_NAME: &str = r#"a<b>&"c".html"#;

    /// A small audit: three articles (one with a name that needs escaping, one with errors,
    /// one clean), a conflict cluster, metric points with one beyond +100 %.
    pub(in crate::audit) fn sample() -> (Summary, Vec<ArticleRow>) {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let point = |c: &str, r: &str, verdict: &str, article: usize| Point {
            claimed: d(c),
            reference: d(r),
            verdict: verdict.into(),
            article,
            entity: "中国".into(),
        };
        let mut metrics = BTreeMap::new();
        metrics.insert(
            "ghg-total".to_string(),
            MetricPoints {
                name: "total greenhouse-gas emissions".into(),
                unit: "t".into(),
                total: 2,
                points: vec![
                    point("13900000000", "15700000000", "within_tolerance", 1),
                    point("15700000000", "15700000000", "matches", 2),
                ],
            },
        );
        metrics.insert(
            "coal-capacity-permitted".to_string(),
            MetricPoints {
                name: "new coal-fired capacity permitted in a year".into(),
                unit: "W".into(),
                total: 2,
                points: vec![
                    point("106000000", "106000000000", "contradicts", 1),
                    point("1060000000000", "106000000000", "contradicts", 0),
                ],
            },
        );
        let rule = |kind: &str, severity: &str, summary: &str, findings, articles| RuleTotal {
            kind: kind.into(),
            severity: severity.into(),
            summary: summary.into(),
            findings,
            articles,
        };
        let mut by_rule = BTreeMap::new();
        by_rule.insert(
            "unit-gloss-mismatch".to_string(),
            rule(
                "unit-gloss",
                "error",
                "Two renderings of one figure disagree",
                1,
                1,
            ),
        );
        by_rule.insert(
            "figure-contradicts-reference".to_string(),
            rule(
                "reference",
                "error",
                "A figure differs from the reference value for its subject",
                2,
                2,
            ),
        );
        by_rule.insert(
            "figure-disagrees-across-articles".to_string(),
            rule(
                "consistency",
                "warning",
                "Two articles state one figure with values that cannot both be right",
                1,
                1,
            ),
        );
        by_rule.insert(
            "paris-goal-misstated".to_string(),
            rule(
                "goal",
                "warning",
                "The Paris Agreement's temperature goal is stated without its qualifiers",
                1,
                1,
            ),
        );
        by_rule.insert(
            "weekday-mismatch".to_string(),
            rule(
                "calendar",
                "error",
                "A weekday written beside a date is not that date's weekday",
                0,
                0,
            ),
        );
        let counts = |pairs: &[(&str, usize)]| {
            pairs
                .iter()
                .map(|&(k, v)| (k.to_string(), v))
                .collect::<BTreeMap<_, _>>()
        };
        let place = |file: &str, line, column, text: &str| Place {
            file: file.into(),
            line,
            column,
            text: text.into(),
        };
        let summary = Summary {
            version: "0.1.0".into(),
            articles: 3,
            bytes: 23_456,
            claims: 57,
            unreadable: vec![Unreadable {
                name: "broken<1>.bin".into(),
                message: "binary file".into(),
            }],
            by_severity: counts(&[("error", 2), ("warning", 2), ("info", 1)]),
            by_verdict: counts(&[
                ("matches", 14),
                ("unit_mismatch", 1),
                ("contradicts", 1),
                ("inconsistent", 1),
                ("imprecise", 1),
                ("within_tolerance", 1),
            ]),
            by_rule,
            errors_per_article: vec![2, 0, 1],
            metrics,
            clusters: vec![Cluster {
                about: "Kerry–Xie climate talks at Sunnylands".into(),
                check: "events".into(),
                variants: vec![
                    Variant {
                        shown: "2023-11-04 to 2023-11-07 (4 days)".into(),
                        articles: 2,
                        examples: vec![
                            place("fixtures/extract/seed-002-rfi.html", 5, 386, "11月4—7日"),
                            place(ODD_NAME, 1, 3, "11月4—7日"),
                        ],
                    },
                    Variant {
                        shown: "2023-11-04 to 2023-11-08 (5 days)".into(),
                        articles: 1,
                        examples: vec![place(
                            "fixtures/extract/seed-004-voa.html",
                            5,
                            273,
                            "星期三（11月8日）",
                        )],
                    },
                ],
            }],
        };
        let rows = vec![
            ArticleRow {
                index: 0,
                name: ODD_NAME.into(),
                bytes: 1200,
                date: None,
                claims: 10,
                verified: 1,
                findings: vec![
                    FindingRow {
                        rule: "paris-goal-misstated".into(),
                        severity: "warning".into(),
                        verdict: "imprecise".into(),
                        message: "2℃之内 drops \"well below\" (低于) <goal>".into(),
                        line: 1,
                        column: 3,
                        before: "控制在".into(),
                        text: "2℃之内".into(),
                        after: "并努力".into(),
                        ..FindingRow::default()
                    },
                    FindingRow {
                        rule: "figure-contradicts-reference".into(),
                        severity: "info".into(),
                        verdict: "within_tolerance".into(),
                        message: "4000亿吨二氧化碳 is within tolerance".into(),
                        line: 40,
                        column: 20,
                        before: "美国累计排放了".into(),
                        text: "“4000亿吨二\n\n氧化碳”".into(),
                        after: "之多".into(),
                        ..FindingRow::default()
                    },
                ],
            },
            ArticleRow {
                index: 1,
                name: "fixtures/extract/seed-004-voa.html".into(),
                bytes: 6978,
                date: Some("2023-11-09".into()),
                claims: 43,
                verified: 11,
                findings: vec![
                    FindingRow {
                        rule: "unit-gloss-mismatch".into(),
                        severity: "error".into(),
                        verdict: "unit_mismatch".into(),
                        message: "106百万瓦 is 106 MW, but the gloss \"gigawatts\" makes it 106 GW"
                            .into(),
                        line: 5,
                        column: 2351,
                        before: "总计".into(),
                        text: "106百万瓦".into(),
                        after: "(gigawatts)的发电量".into(),
                        help: Some("Use one unit: 百万瓦 is MW, 吉瓦 is GW.".into()),
                        reference: Some(ReferenceRow {
                            value: "106000000000".into(),
                            unit: "W".into(),
                            source: "CREA/GEM, 2023-02-27".into(),
                            url: Some("https://energyandcleanair.org/".into()),
                        }),
                        related: vec![],
                    },
                    FindingRow {
                        rule: "figure-disagrees-across-articles".into(),
                        severity: "warning".into(),
                        verdict: "inconsistent".into(),
                        message: "this article says 116亿吨, but 11.4 Gt elsewhere".into(),
                        line: 5,
                        column: 2083,
                        before: "二氧化碳排放总量为".into(),
                        text: "116亿吨".into(),
                        after: "，其中".into(),
                        help: None,
                        reference: None,
                        related: vec![RelatedRow {
                            file: "fixtures/extract/english-brief.md".into(),
                            line: 3,
                            column: 92,
                            message: "11.4 Gt".into(),
                        }],
                    },
                    FindingRow {
                        rule: "figure-contradicts-reference".into(),
                        severity: "error".into(),
                        verdict: "contradicts".into(),
                        message: "106百万瓦 differs from CREA/GEM 106 GW".into(),
                        line: 5,
                        column: 2351,
                        before: "总计".into(),
                        text: "106百万瓦".into(),
                        after: "(gigawatts)".into(),
                        help: None,
                        reference: Some(ReferenceRow {
                            value: "106000000000".into(),
                            unit: "W".into(),
                            source: "CREA/GEM".into(),
                            url: Some("javascript:alert(1)".into()),
                        }),
                        related: vec![RelatedRow {
                            file: String::new(),
                            line: 5,
                            column: 2361,
                            message: "the gloss".into(),
                        }],
                    },
                ],
            },
            ArticleRow {
                index: 2,
                name: "fixtures/extract/clean.md".into(),
                bytes: 400,
                date: Some("2023-07-07".into()),
                claims: 4,
                verified: 2,
                findings: vec![],
            },
        ];
        (summary, rows)
    }

    fn render(summary: &Summary, rows: &[ArticleRow]) -> (String, String) {
        let mut w = HtmlWriter::new(Vec::new());
        w.begin(summary).unwrap();
        let head = String::from_utf8(w.out.clone()).unwrap();
        for r in rows {
            w.article(r).unwrap();
        }
        w.end().unwrap();
        (head, String::from_utf8(w.into_inner()).unwrap())
    }

    fn count(haystack: &str, needle: &str) -> usize {
        haystack.matches(needle).count()
    }

    #[test]
    fn anchors_are_stable_slugs_with_a_hash() {
        let a = article_anchor("fixtures/extract/seed-004-voa.html");
        assert!(a.starts_with("art-seed-004-voa-html-"), "{a}");
        assert_eq!(a, article_anchor("fixtures/extract/seed-004-voa.html"));
        assert_ne!(a, article_anchor("other/seed-004-voa.html"));
        assert!(article_anchor("中文.txt").starts_with("art-txt-"));
        let odd = article_anchor(ODD_NAME);
        assert!(
            odd.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "{odd}"
        );
        assert!(article_anchor("").starts_with("art-"));
    }

    #[test]
    fn html_report_escapes_every_text() {
        let (summary, rows) = sample();
        let (_, html) = render(&summary, &rows);
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh\">"));
        assert!(!html.contains("a<b>"), "raw name in the page");
        assert!(html.contains("<b>a&lt;b&gt;&amp;&quot;c&quot;.html</b>"));
        assert!(html.contains(r#"data-name="a&lt;b&gt;&amp;&quot;c&quot;.html""#));
        assert!(html.contains("(低于) &lt;goal&gt;"));
        assert!(html.contains("<code>broken&lt;1&gt;.bin</code>: binary file"));
        assert!(
            html.contains(r##"<a class="err" href="#unreadable">1 input could not be read</a>"##)
        );
        // A link that is not http(s) stays text.
        assert!(!html.contains("javascript:"));
        assert!(html.contains(r#"<a href="https://energyandcleanair.org/" rel="noreferrer noopener" target="_blank">energyandcleanair.org</a>"#));
        // Nothing is loaded from anywhere.
        assert!(!html.contains(" src="));
        assert!(!html.contains("<link"));
        assert!(
            html.contains("document.body.dataset.ready")
                || html.contains("doc.body.dataset.ready = \"1\"")
        );
        for tag in [
            "details", "tbody", "svg", "table", "section", "a", "ol", "ul", "li", "mark", "script",
            "style",
        ] {
            assert_eq!(
                count(&html, &format!("<{tag}>")) + count(&html, &format!("<{tag} ")),
                count(&html, &format!("</{tag}>")),
                "unbalanced <{tag}>"
            );
        }
    }

    #[test]
    fn html_report_links_clusters_related_places_and_dots_to_article_rows() {
        let (summary, rows) = sample();
        let (_, html) = render(&summary, &rows);
        for r in &rows {
            let tbody = format!(r#"<tbody id="{}" "#, article_anchor(&r.name));
            assert_eq!(count(&html, &tbody), 1, "{tbody}");
            assert_eq!(
                count(
                    &html,
                    &format!(r#"<tr class="row" id="article-{}">"#, r.index)
                ),
                1
            );
        }
        // The cluster's place in the oddly named article links to its row.
        assert!(html.contains(&format!(
            r##"<a class="place" href="#{}">a&lt;b&gt;&amp;&quot;c&quot;.html:1:3</a> <q class="claim">11月4—7日</q>"##,
            article_anchor(ODD_NAME)
        )));
        assert!(html.contains("Sunnylands"));
        assert!(html.contains("星期三（11月8日）"));
        // A related place in another article links to it; one in the same article does not.
        assert!(html.contains(&format!(
            r##"<a class="place" href="#{}">fixtures/extract/english-brief.md:3:92</a> 11.4 Gt"##,
            article_anchor("fixtures/extract/english-brief.md")
        )));
        assert!(html.contains(r#"<span class="pos">5:2361</span> the gloss"#));
        // Dots link to rows by index; findings link to their rule's row.
        assert!(html.contains(r##"<a href="#article-1"><circle class="dot v-within-tolerance""##));
        assert!(html.contains(r#"<tr id="rule-unit-gloss-mismatch">"#));
        assert!(html.contains(r##"<a class="rule" href="#rule-unit-gloss-mismatch">"##));
    }

    #[test]
    fn html_report_shows_findings_in_their_sentence() {
        let (summary, rows) = sample();
        let (_, html) = render(&summary, &rows);
        assert!(
            html.contains(
                r#"<p class="sentence">总计<mark>106百万瓦</mark>(gigawatts)的发电量</p>"#
            )
        );
        assert!(html.contains("<mark>“4000亿吨二氧化碳”</mark>"));
        assert!(html.contains(r#"<span class="badge sev-error">error</span>"#));
        assert!(html.contains(r#"<span class="badge sev-info">note</span>"#));
        assert!(html.contains(r#"<span class="pos" title="line 5, column 2351">5:2351</span>"#));
        assert!(html.contains("<b>Reference:</b> <span class=\"value\">106000000000 W (106 GW)</span> — CREA/GEM, 2023-02-27"));
        assert!(html.contains("<b>Help:</b> Use one unit"));
        // The article with errors starts open, the one with a warning and a note closed, the
        // clean one has no details at all.
        assert_eq!(count(&html, "<details open>"), 1);
        assert_eq!(count(&html, "<details>"), 1);
        assert!(html.contains("<summary>2 errors, 1 warning</summary>"));
        assert!(html.contains(r#"class="art clean" data-index="2""#));
        assert!(html.contains("3 articles: 2 with findings, 1 without."));
    }

    #[test]
    fn html_report_has_totals_and_charts() {
        let (summary, rows) = sample();
        let (head, html) = render(&summary, &rows);
        assert!(html.contains(r#"data-stat="articles"><dt>articles</dt><dd>3</dd>"#));
        assert!(html.contains(r#"title="23456 bytes"><dt>MB read</dt><dd>0.02</dd>"#));
        assert!(html.contains(r#"data-stat="verified" title="figures that agree with their reference"><dt>agreements verified</dt><dd>14</dd>"#));
        assert!(
            html.contains(r#"data-stat="conflicts"><dt>conflicts across articles</dt><dd>1</dd>"#)
        );
        assert_eq!(count(&html, "<svg "), 3);
        assert_eq!(count(&html, r#"class="dot"#), 4);
        assert_eq!(count(&html, r#"class="dot clamped"#), 1);
        assert!(html.contains("beyond ±100 %, drawn at the edge"));
        let histogram = &html[html.find(r#"<svg class="chart histogram""#).unwrap()..];
        let histogram = &histogram[..histogram.find("</svg>").unwrap()];
        assert_eq!(count(histogram, r#"<rect class="bar "#), 3);
        assert!(histogram.contains(">2+</text>"));
        let rules = &html[html.find(r#"<svg class="chart rules""#).unwrap()..];
        let rules = &rules[..rules.find("</svg>").unwrap()];
        assert_eq!(count(rules, r#"<rect class="bar "#), 4);
        // Streaming: `begin` stops at the head of the article table.
        assert!(
            head.ends_with("</tr></thead>\n"),
            "{}",
            &head[head.len() - 80..]
        );
        assert!(!head.contains("<tbody id=\"art-"));
    }

    #[test]
    fn html_report_without_articles_is_complete() {
        let (_, html) = render(&Summary::default(), &[]);
        assert!(html.contains("No article was read."));
        assert!(html.contains("No figure was compared with a reference."));
        assert!(html.trim_end().ends_with("</html>"));
    }

    /// Writes the sample report to `target/report-browser/sample.html`, to look at in a browser.
    #[test]
    fn writes_a_sample_report_for_people() {
        let (summary, rows) = sample();
        let (_, html) = render(&summary, &rows);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/report-browser");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("sample.html"), html).unwrap();
    }
}
