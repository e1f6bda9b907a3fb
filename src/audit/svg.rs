//! Inline SVG charts of the HTML report, written by hand: claimed values against their
//! reference per metric, articles by number of errors, findings by rule. Also the escaping
//! of text and attributes that the HTML report shares.
//!
//! `f64` is used only for coordinates. Every value shown as text (counts, claimed and
//! reference values, deviations) comes from integers or `Decimal`s.

use super::model::{MetricPoints, Point, RuleTotal};
use crate::report::format_value;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Escapes text for HTML and SVG content and for quoted attribute values: `& < > " '`.
/// Control characters other than tab and line breaks, which HTML does not allow, become
/// U+FFFD.
pub(super) fn escape(s: &str) -> Cow<'_, str> {
    let needs = |c: char| {
        matches!(c, '&' | '<' | '>' | '"' | '\'')
            || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
    };
    if !s.chars().any(needs) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A verdict or severity as a CSS class suffix: ASCII letters, digits and `-` only.
pub(super) fn class_name(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// The order verdicts are listed and coloured in: worst first, agreements last.
pub(super) const VERDICT_ORDER: &[&str] = &[
    "contradicts",
    "unit_mismatch",
    "outdated",
    "inconsistent",
    "imprecise",
    "within_tolerance",
    "unverifiable",
    "matches",
];

/// Sort key of a verdict in `VERDICT_ORDER`, unknown ones after, by name.
pub(super) fn verdict_rank(v: &str) -> (usize, &str) {
    (
        VERDICT_ORDER
            .iter()
            .position(|&o| o == v)
            .unwrap_or(VERDICT_ORDER.len()),
        v,
    )
}

/// A verdict for people: `within_tolerance` → `within tolerance`.
pub(super) fn verdict_label(v: &str) -> String {
    v.replace('_', " ")
}

/// A value exactly as it is, with its unit, and the way an editor writes it when that reads
/// differently: `15700000000 t (15.7 Gt)`, `27%`.
pub(super) fn value_text(value: Decimal, unit: &str) -> String {
    let readable = format_value(value, unit);
    let number = value.normalize().to_string();
    if readable
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .any(|token| token == number)
    {
        // The editor's form holds the value's digits as they are: `27%`, `9`, `30 days`.
        return readable;
    }
    match unit {
        "" => format!("{value} ({readable})"),
        u => format!("{value} {u} ({readable})"),
    }
}

/// `(claimed − reference) / |reference|` in percent, to one decimal, computed exactly:
/// `+1.8 %`, `-99.9 %`; `None` when the reference is zero.
pub(super) fn deviation_text(claimed: Decimal, reference: Decimal) -> Option<String> {
    if reference.is_zero() {
        return None;
    }
    let d = claimed
        .checked_sub(reference)?
        .checked_div(reference.abs())?
        .checked_mul(Decimal::ONE_HUNDRED)?
        .round_dp(1);
    let sign = if d.is_sign_positive() && !d.is_zero() {
        "+"
    } else {
        ""
    };
    Some(format!("{sign}{} %", d.normalize()))
}

/// The deviation in percent for drawing, clamped to ±100, and whether it was clamped.
fn deviation(p: &Point) -> (f64, bool) {
    let c = p.claimed.to_f64().unwrap_or(0.0);
    let r = p.reference.to_f64().unwrap_or(0.0);
    let d = if r == 0.0 {
        if c == 0.0 {
            0.0
        } else {
            f64::INFINITY.copysign(c)
        }
    } else {
        (c - r) / r.abs() * 100.0
    };
    if !d.is_finite() || d.abs() > 100.0 {
        (100f64.copysign(d), true)
    } else {
        (d, false)
    }
}

/// Text on one line: a line break inside Chinese text (PDF dumps) is dropped, elsewhere it
/// becomes a space.
pub(super) fn one_line(s: &str) -> Cow<'_, str> {
    if !s.contains(['\n', '\r']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_whitespace() {
            out.push(c);
            continue;
        }
        let mut run = String::from(c);
        while let Some(&n) = chars.peek() {
            if !n.is_whitespace() {
                break;
            }
            run.push(n);
            chars.next();
        }
        if !run.contains(['\n', '\r']) {
            out.push_str(&run);
            continue;
        }
        let before_wide = out.chars().last().is_some_and(|b| !b.is_ascii());
        let after_wide = chars.peek().is_some_and(|a| !a.is_ascii());
        let joined = before_wide && after_wide;
        let at_edge = out.is_empty() || chars.peek().is_none();
        if !joined && !at_edge {
            out.push(' ');
        }
    }
    Cow::Owned(out)
}

/// Ticks of the deviation axis, in percent.
const TICKS: &[i32] = &[-100, -50, -20, -10, -5, 0, 5, 10, 20, 50, 100];

/// Chart of claimed values against their reference: one row per metric, one dot per claim
/// at its deviation from the reference on a shared signed square-root axis (small deviations
/// stay apart, 1/1000 still fits), points beyond ±100 % drawn as arrows at the edge.
/// Each dot links to its article row (`#article-N`) and has a tooltip.
pub(super) fn deviation_chart(metrics: &BTreeMap<String, MetricPoints>) -> String {
    const W: f64 = 960.0;
    const X0: f64 = 70.0;
    const X1: f64 = 890.0;
    const TOP: f64 = 34.0;
    const ROW: f64 = 46.0;
    let cx = (X0 + X1) / 2.0;
    let half = (X1 - X0) / 2.0;
    let x_of = |d: f64| cx + d.signum() * (d.abs() / 100.0).sqrt() * half;
    let rows = metrics.len().max(1) as f64;
    let bottom = TOP + rows * ROW;
    let height = bottom + 34.0;

    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart deviation" viewBox="0 0 {W} {height}" width="100%" role="img" aria-labelledby="deviation-title" xmlns="http://www.w3.org/2000/svg"><title id="deviation-title">Claimed values against the reference, by metric</title>"#
    );
    // Row bands and labels.
    for (i, (id, m)) in metrics.iter().enumerate() {
        let y = TOP + i as f64 * ROW;
        let shown = if m.points.len() < m.total {
            format!("{} of {} comparisons shown", m.points.len(), m.total)
        } else if m.total == 1 {
            "1 comparison".to_string()
        } else {
            format!("{} comparisons", m.total)
        };
        let _ = write!(
            s,
            r#"<rect class="band{}" x="0" y="{y}" width="{W}" height="{ROW}"/><text class="label" x="10" y="{}"><title>{}</title>{} <tspan class="muted">({}) · {}</tspan></text>"#,
            if i % 2 == 1 { " odd" } else { "" },
            y + 14.0,
            escape(id),
            escape(&m.name),
            escape(&m.unit),
            shown
        );
    }
    // Grid, zero line, axis.
    for &t in TICKS {
        let x = x_of(f64::from(t));
        let class = if t == 0 { "zero" } else { "grid" };
        let _ = write!(
            s,
            r#"<line class="{class}" x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{bottom}"/><text class="tick" x="{x:.1}" y="{}" text-anchor="middle">{}{}%</text>"#,
            TOP - 6.0,
            bottom + 18.0,
            if t > 0 { "+" } else { "" },
            t
        );
    }
    let _ = write!(
        s,
        r#"<text class="zero-label" x="{cx:.1}" y="{}" text-anchor="middle">reference</text><text class="tick muted" x="{X0}" y="{}" text-anchor="start">claimed below the reference</text><text class="tick muted" x="{X1}" y="{}" text-anchor="end">claimed above the reference</text>"#,
        TOP - 12.0,
        bottom + 32.0,
        bottom + 32.0
    );
    // Dots.
    for (i, m) in metrics.values().enumerate() {
        let mid = TOP + i as f64 * ROW + 31.0;
        for (k, p) in m.points.iter().enumerate() {
            let (d, clamped) = deviation(p);
            // Deterministic jitter so equal values side by side stay visible.
            let jitter = ((k * 7 + p.article * 3) % 7) as f64 - 3.0;
            let y = mid + jitter * 2.0;
            let verdict = class_name(&p.verdict);
            let tip = format!(
                "{}: claimed {}, reference {}, {} ({}) — article #{}",
                p.entity,
                value_text(p.claimed, &m.unit),
                value_text(p.reference, &m.unit),
                deviation_text(p.claimed, p.reference).unwrap_or_else(|| "reference is 0".into()),
                verdict_label(&p.verdict),
                p.article + 1
            );
            let _ = write!(s, r##"<a href="#article-{}">"##, p.article);
            if clamped {
                let x = if d > 0.0 { X1 + 12.0 } else { X0 - 12.0 };
                let dir = d.signum() * 6.0;
                let _ = write!(
                    s,
                    r#"<path class="dot clamped v-{verdict}" d="M{:.1},{:.1} L{:.1},{y:.1} L{:.1},{:.1} Z"><title>{} (beyond ±100 %, drawn at the edge)</title></path>"#,
                    x - dir,
                    y - 6.0,
                    x + dir,
                    x - dir,
                    y + 6.0,
                    escape(&tip)
                );
            } else {
                let _ = write!(
                    s,
                    r#"<circle class="dot v-{verdict}" cx="{:.1}" cy="{y:.1}" r="5"><title>{}</title></circle>"#,
                    x_of(d),
                    escape(&tip)
                );
            }
            s.push_str("</a>");
        }
    }
    s.push_str("</svg>");
    s
}

/// Verdicts that occur among the points, in `VERDICT_ORDER`, for the legend.
pub(super) fn point_verdicts(metrics: &BTreeMap<String, MetricPoints>) -> Vec<String> {
    let mut v: Vec<String> = metrics
        .values()
        .flat_map(|m| m.points.iter().map(|p| p.verdict.clone()))
        .collect();
    v.sort_by(|a, b| verdict_rank(a).cmp(&verdict_rank(b)));
    v.dedup();
    v
}

/// Whether any point lies beyond ±100 %.
pub(super) fn any_clamped(metrics: &BTreeMap<String, MetricPoints>) -> bool {
    metrics
        .values()
        .flat_map(|m| &m.points)
        .any(|p| deviation(p).1)
}

/// Bar chart of articles by number of errors; the last bucket reads "N+".
pub(super) fn errors_histogram(buckets: &[usize]) -> String {
    const W: f64 = 480.0;
    const H: f64 = 230.0;
    const X0: f64 = 20.0;
    const X1: f64 = 470.0;
    const Y0: f64 = 20.0;
    const Y1: f64 = 190.0;
    let n = buckets.len().max(1);
    let max = buckets.iter().copied().max().unwrap_or(0).max(1) as f64;
    let slot = (X1 - X0) / n as f64;
    let bar = (slot * 0.7).min(60.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart histogram" viewBox="0 0 {W} {H}" width="100%" role="img" aria-labelledby="histogram-title" xmlns="http://www.w3.org/2000/svg"><title id="histogram-title">Articles by number of errors</title><line class="axis" x1="{X0}" y1="{Y1}" x2="{X1}" y2="{Y1}"/>"#
    );
    for (i, &count) in buckets.iter().enumerate() {
        let label = if i + 1 == buckets.len() && i > 0 {
            format!("{i}+")
        } else {
            i.to_string()
        };
        let h = (Y1 - Y0) * count as f64 / max;
        let x = X0 + slot * i as f64 + (slot - bar) / 2.0;
        let class = if i == 0 { "ok" } else { "err" };
        let articles = if count == 1 { "article" } else { "articles" };
        let errors = if label == "1" { "error" } else { "errors" };
        let _ = write!(
            s,
            r#"<rect class="bar {class}" x="{x:.1}" y="{:.1}" width="{bar:.1}" height="{h:.1}"><title>{count} {articles} with {label} {errors}</title></rect><text class="count" x="{:.1}" y="{:.1}" text-anchor="middle">{count}</text><text class="tick" x="{:.1}" y="{}" text-anchor="middle">{label}</text>"#,
            Y1 - h,
            x + bar / 2.0,
            Y1 - h - 5.0,
            x + bar / 2.0,
            Y1 + 16.0
        );
    }
    let _ = write!(
        s,
        r#"<text class="tick muted" x="{}" y="{}" text-anchor="middle">errors in the article</text></svg>"#,
        (X0 + X1) / 2.0,
        H - 6.0
    );
    s
}

/// Horizontal bars of findings by rule, the rules with findings only, most first.
/// `None` when no rule has findings.
pub(super) fn rule_bars(rules: &BTreeMap<String, RuleTotal>) -> Option<String> {
    const W: f64 = 560.0;
    const LABEL: f64 = 290.0;
    const X1: f64 = 510.0;
    const TOP: f64 = 8.0;
    const ROW: f64 = 24.0;
    let mut rows: Vec<(&String, &RuleTotal)> =
        rules.iter().filter(|(_, r)| r.findings > 0).collect();
    if rows.is_empty() {
        return None;
    }
    rows.sort_by(|a, b| b.1.findings.cmp(&a.1.findings).then(a.0.cmp(b.0)));
    let max = rows[0].1.findings as f64;
    let height = TOP * 2.0 + ROW * rows.len() as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart rules" viewBox="0 0 {W} {height}" width="100%" role="img" aria-labelledby="rules-title" xmlns="http://www.w3.org/2000/svg"><title id="rules-title">Findings by rule</title>"#
    );
    for (i, (id, r)) in rows.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let w = ((X1 - LABEL - 4.0) * r.findings as f64 / max).max(2.0);
        let _ = write!(
            s,
            r##"<a href="#rule-{}"><text class="label" x="{}" y="{:.1}" text-anchor="end">{}</text><rect class="bar sev-{}" x="{}" y="{:.1}" width="{w:.1}" height="{:.1}"><title>{}: {} findings in {} articles — {}</title></rect><text class="count" x="{:.1}" y="{:.1}">{}</text></a>"##,
            escape(id),
            LABEL - 8.0,
            y + ROW / 2.0 + 4.0,
            escape(id),
            class_name(&r.severity),
            LABEL,
            y + 4.0,
            ROW - 8.0,
            escape(id),
            r.findings,
            r.articles,
            escape(&r.summary),
            LABEL + w + 6.0,
            y + ROW / 2.0 + 4.0,
            r.findings
        );
    }
    s.push_str("</svg>");
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn point(claimed: &str, reference: &str, verdict: &str) -> Point {
        Point {
            claimed: d(claimed),
            reference: d(reference),
            verdict: verdict.into(),
            article: 2,
            entity: "中国 <CN>".into(),
        }
    }

    #[test]
    fn escapes_text_and_attributes() {
        assert_eq!(
            escape("a<b>&\"c\".html"),
            "a&lt;b&gt;&amp;&quot;c&quot;.html"
        );
        assert_eq!(escape("它's"), "它&#39;s");
        assert!(matches!(escape("中国139亿吨"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{0}b\nc"), "a\u{FFFD}b\nc");
    }

    #[test]
    fn line_breaks_inside_chinese_text_are_joined() {
        assert_eq!(one_line("4000亿吨二\n\n氧化碳"), "4000亿吨二氧化碳");
        assert_eq!(one_line("13.9\nbillion tonnes"), "13.9 billion tonnes");
        assert_eq!(one_line("a  b"), "a  b");
    }

    #[test]
    fn deviations_are_exact_decimals_and_clamped_for_drawing() {
        assert_eq!(
            deviation_text(d("13900000000"), d("15700000000")).unwrap(),
            "-11.5 %"
        );
        assert_eq!(deviation_text(d("116"), d("114")).unwrap(), "+1.8 %");
        assert_eq!(deviation_text(d("5"), d("5")).unwrap(), "0 %");
        assert_eq!(deviation_text(d("1"), d("0")), None);
        let (gloss, clamped) = deviation(&point("106000000", "106000000000", "contradicts"));
        assert!((gloss + 99.9).abs() < 1e-9 && !clamped);
        assert_eq!(
            deviation(&point("300", "100", "contradicts")),
            (100.0, true)
        );
        assert_eq!(deviation(&point("-1", "0", "contradicts")), (-100.0, true));
        assert_eq!(value_text(d("15700000000"), "t"), "15700000000 t (15.7 Gt)");
        assert_eq!(value_text(d("27"), "%"), "27%");
        assert_eq!(value_text(d("9"), "count"), "9");
        assert_eq!(value_text(d("14.6"), "%"), "14.6%");
        assert_eq!(
            value_text(d("369750000000"), "USD"),
            "369750000000 USD (USD 369.75 billion)"
        );
    }

    #[test]
    fn deviation_chart_draws_one_dot_per_point_with_tooltips_and_links() {
        let mut metrics = BTreeMap::new();
        metrics.insert(
            "ghg-total".to_string(),
            MetricPoints {
                name: "total greenhouse-gas emissions".into(),
                unit: "t".into(),
                total: 5,
                points: vec![
                    point("13900000000", "15700000000", "within_tolerance"),
                    point("15700000000", "15700000000", "matches"),
                    point("157000000000", "15700000000", "contradicts"),
                ],
            },
        );
        let svg = deviation_chart(&metrics);
        assert_eq!(svg.matches(r#"class="dot"#).count(), 3);
        assert_eq!(svg.matches(r#"class="dot clamped"#).count(), 1);
        assert!(svg.contains("(beyond ±100 %, drawn at the edge)"));
        assert!(svg.contains(r##"<a href="#article-2">"##));
        assert!(svg.contains(">reference</text>"));
        assert!(svg.contains("3 of 5 comparisons shown"));
        assert!(svg.contains("中国 &lt;CN&gt;: claimed 13900000000 t (13.9 Gt), reference 15700000000 t (15.7 Gt), -11.5 % (within tolerance) — article #3"));
        assert!(any_clamped(&metrics));
        assert_eq!(
            point_verdicts(&metrics),
            ["contradicts", "within_tolerance", "matches"]
        );
    }

    #[test]
    fn histogram_labels_the_last_bucket_as_open() {
        let svg = errors_histogram(&[4, 2, 0, 1]);
        assert_eq!(svg.matches(r#"class="bar "#).count(), 4);
        assert!(svg.contains(">3+</text>"));
        assert!(svg.contains("<title>2 articles with 1 error</title>"));
    }

    #[test]
    fn rule_bars_skip_rules_without_findings() {
        let mut rules = BTreeMap::new();
        for (id, n) in [("a-rule", 3), ("b-rule", 0), ("c-rule", 7)] {
            rules.insert(
                id.to_string(),
                RuleTotal {
                    kind: "reference".into(),
                    severity: "error".into(),
                    summary: "x < y".into(),
                    findings: n,
                    articles: 1,
                },
            );
        }
        let svg = rule_bars(&rules).unwrap();
        assert_eq!(svg.matches(r#"class="bar "#).count(), 2);
        assert!(svg.find("c-rule").unwrap() < svg.find("a-rule").unwrap());
        assert!(svg.contains("x &lt; y"));
        rules.clear();
        assert!(rule_bars(&rules).is_none());
    }
}
