//! The data of an audit report: plain types that the HTML, Markdown and JSON writers view.
//! `Summary` is known before the first article is written (totals, charts, conflict
//! clusters); `ArticleRow`s then stream one by one in input order, so a writer never holds
//! more than one article.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most points kept per metric for the chart of claimed values against the reference.
pub const POINTS_PER_METRIC: usize = 2000;

/// Totals and cross-article results of a whole audit.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Summary {
    /// The tool version that made the report.
    pub version: String,
    /// Articles read.
    pub articles: usize,
    /// Their size in bytes.
    pub bytes: u64,
    /// Claims extracted from them.
    pub claims: usize,
    /// Inputs that could not be read: name and why.
    pub unreadable: Vec<Unreadable>,
    /// Findings by severity (`error`, `warning`, `info`), agreements not counted.
    pub by_severity: BTreeMap<String, usize>,
    /// Findings by verdict, agreements (`matches`) included.
    pub by_verdict: BTreeMap<String, usize>,
    /// Findings by rule, agreements not counted; every rule of the catalog is listed.
    pub by_rule: BTreeMap<String, RuleTotal>,
    /// `errors_per_article[n]`: articles with n errors; the last bucket is "this many or more".
    pub errors_per_article: Vec<usize>,
    /// Per metric id: claimed values against their reference, for the chart.
    pub metrics: BTreeMap<String, MetricPoints>,
    /// Subjects and events stated differently by different articles.
    pub clusters: Vec<Cluster>,
}

/// An input that could not be read.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Unreadable {
    /// Path or document id.
    pub name: String,
    /// Why.
    pub message: String,
}

/// Findings of one rule.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct RuleTotal {
    /// The rule's kind.
    pub kind: String,
    /// The rule's severity.
    pub severity: String,
    /// What it flags.
    pub summary: String,
    /// Findings.
    pub findings: usize,
    /// Articles with at least one.
    pub articles: usize,
}

/// Claimed values of one metric compared with their reference.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct MetricPoints {
    /// The metric's name for people.
    pub name: String,
    /// Its canonical unit.
    pub unit: String,
    /// Comparisons made (may exceed `points.len()`, which is capped at `POINTS_PER_METRIC`).
    pub total: usize,
    /// The first comparisons, in input order.
    pub points: Vec<Point>,
}

/// One claimed value against its reference.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Point {
    /// The claimed value, in the metric's unit.
    pub claimed: Decimal,
    /// The reference value.
    pub reference: Decimal,
    /// `matches`, `within_tolerance`, `contradicts`, `outdated`.
    pub verdict: String,
    /// Index of the article in the table (0-based, input order).
    pub article: usize,
    /// The entity, for the tooltip.
    pub entity: String,
}

/// A subject or event stated differently by different articles.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Cluster {
    /// The subject for people (`中国, total greenhouse-gas emissions, 2022`).
    pub about: String,
    /// `figures` or `events`.
    pub check: String,
    /// The distinct statements, in order of value; each conflicts with at least one other.
    pub variants: Vec<Variant>,
}

/// One distinct statement of a cluster.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Variant {
    /// The statement for people (`139亿吨二氧化碳当量`, `2023-11-04 to 2023-11-07 (4 days)`).
    pub shown: String,
    /// Articles that make it.
    pub articles: usize,
    /// The first few places it is made.
    pub examples: Vec<Place>,
}

/// A place in an article.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Place {
    /// The article's name.
    pub file: String,
    /// Line, 1-based.
    pub line: usize,
    /// Column, 1-based, in characters.
    pub column: usize,
    /// The claim as written.
    pub text: String,
}

/// One article of the audit and what was found in it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ArticleRow {
    /// 0-based position in input order (the anchor `article-N` in the HTML report).
    pub index: usize,
    /// Path or document id.
    pub name: String,
    /// Size in bytes.
    pub bytes: usize,
    /// The article's date, when known (ISO).
    pub date: Option<String>,
    /// Claims extracted.
    pub claims: usize,
    /// Figures that agree with their reference (not listed in `findings`).
    pub verified: usize,
    /// Findings other than agreements, by position.
    pub findings: Vec<FindingRow>,
}

impl ArticleRow {
    /// Findings of a severity (`error`, `warning`, `info`).
    pub fn count(&self, severity: &str) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// One finding, with the sentence it is in.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct FindingRow {
    /// Rule id.
    pub rule: String,
    /// `error`, `warning`, `info`.
    pub severity: String,
    /// The verdict.
    pub verdict: String,
    /// The message.
    pub message: String,
    /// Line, 1-based.
    pub line: usize,
    /// Column, 1-based, in characters.
    pub column: usize,
    /// Text before the claim in its sentence (markup removed, at most about 60 characters).
    pub before: String,
    /// The claim as written (markup removed).
    pub text: String,
    /// Text after the claim in its sentence.
    pub after: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The reference, when one was used.
    pub reference: Option<ReferenceRow>,
    /// Related places: in this article (`file` empty) or in another.
    pub related: Vec<RelatedRow>,
}

/// The reference of a finding.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ReferenceRow {
    /// Value as a decimal string (or ISO date).
    pub value: String,
    /// Canonical unit.
    pub unit: String,
    /// Source as cited.
    pub source: String,
    /// Where to read it.
    pub url: Option<String>,
}

/// A related place of a finding.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct RelatedRow {
    /// Another article's name, or empty for the same article.
    pub file: String,
    /// Line, 1-based.
    pub line: usize,
    /// Column, 1-based.
    pub column: usize,
    /// What is there.
    pub message: String,
}

/// How a report is written: the summary first, then each article in input order, then the end.
pub trait ReportWriter {
    /// Writes everything known before the articles.
    fn begin(&mut self, summary: &Summary) -> std::io::Result<()>;
    /// Writes one article.
    fn article(&mut self, row: &ArticleRow) -> std::io::Result<()>;
    /// Finishes the report.
    fn end(&mut self) -> std::io::Result<()>;
}
