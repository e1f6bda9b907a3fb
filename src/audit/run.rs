//! The audit pipeline. Inputs are listed first and read a chunk at a time; each chunk is
//! checked on all cores (rayon) and its results are written, in input order, to a temporary
//! spill file (while the next chunk is checked: `chunks::Overlap`), while the statements of
//! every article go into one `consistency::Batch` (which keeps a few examples per distinct
//! value, not every article). After the last chunk the batch is settled, a sweep over the
//! spill adds each article's conflicts across articles (on all cores) and counts the totals,
//! and the report is written from the summary and the spilled rows. Memory holds one or two
//! chunks of documents and the batch, whatever the number of articles.

use super::model::{
    ArticleRow, Cluster, FindingRow, MetricPoints, POINTS_PER_METRIC, Place, Point, ReferenceRow,
    RelatedRow, ReportWriter, RuleTotal, Summary, Unreadable, Variant,
};
use crate::catalog::Catalog;
use crate::catalog::checks::Severity;
use crate::chunks::{Chunks, OVERLAP_BYTES, Overlap};
use crate::claim::{Claim, PartialDate};
use crate::consistency::{Batch, Source, Statement};
use crate::finding::{Finding, Verdict};
use crate::report::LineIndex;
use crate::source::{Document, InputError, JsonlDocs, Pending};
use crate::spill::Spill;
use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io;

/// Where the articles come from: listed paths (read lazily, in parallel), then JSON Lines
/// records (read one line at a time).
#[derive(Default)]
pub struct Inputs {
    /// Listed paths.
    pub paths: Vec<Pending>,
    /// `--docs-jsonl` records.
    pub jsonl: Option<JsonlDocs>,
}

/// How to run an audit.
#[derive(Clone, Debug)]
pub struct Options {
    /// The article date for articles that do not state theirs.
    pub article_date: Option<PartialDate>,
    /// Documents read and checked at a time.
    pub chunk: usize,
    /// Buckets of the errors-per-article chart (the last is "this many or more").
    pub error_buckets: usize,
    /// Finding rows an article keeps in memory while it is checked; a larger article's rows
    /// go to a temporary file until its report row is made (the report does not depend on it).
    pub rows_held: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            article_date: None,
            chunk: 512,
            error_buckets: 6,
            rows_held: ROWS_HELD,
        }
    }
}

/// What a run reports to its caller besides the report.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// The summary written at the top of the report.
    pub summary: Summary,
    /// The most severe finding, if any.
    pub worst: Option<Severity>,
}

/// A place in an article with the words around it, worked out while the text is at hand.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Snippet {
    line: usize,
    column: usize,
    before: String,
    text: String,
    after: String,
}

/// One article as spilled after checking on its own.
#[derive(Serialize, Deserialize)]
struct Spilled {
    row: ArticleRow,
    statements: Vec<Statement>,
    /// Per statement: its snippet and the line and column of each of its parts.
    places: Vec<(Snippet, Vec<(usize, usize)>)>,
}

/// One article checked: what is spilled, the chart's points, and the finding rows of a
/// large article that did not fit in memory.
type Analyzed = (Spilled, Points, Option<Spill<FindingRow>>);

/// Finding rows an article keeps in memory while it is checked, by default; a larger
/// article's rows go to a spill of their own and come back for its report row, after its
/// text is dropped (a 50 MB article has about 66,000).
pub const ROWS_HELD: usize = 8192;

/// Articles read back from the spill files at a time (their JSON is parsed on all cores).
const SWEEP_CHUNK: usize = 64;

/// About the bytes of a finding row as JSON, to weigh report rows.
const ROW_WEIGHT: usize = 512;

/// An article's points of the chart: per metric, how many, and the first ones (the chart
/// keeps at most `POINTS_PER_METRIC` of a metric, so an article never needs to give more).
#[derive(Default)]
struct Points(BTreeMap<String, (usize, Vec<Point>)>);

impl Points {
    fn add(&mut self, (metric, point): (String, Point)) {
        let (count, kept) = self.0.entry(metric).or_default();
        *count += 1;
        if kept.len() < POINTS_PER_METRIC {
            kept.push(point);
        }
    }
}

/// One article as checked on a core, or why it could not be read.
type Checked = Result<io::Result<Analyzed>, InputError>;

/// Called after each article is checked (for a progress bar).
pub type Tick<'a> = &'a (dyn Fn(u64) + Sync);

/// Audits `inputs` and writes the report. `tick` is called with each article's size.
pub fn run(
    inputs: Inputs,
    catalog: &Catalog,
    options: &Options,
    writer: &mut dyn ReportWriter,
    tick: Tick<'_>,
) -> io::Result<Outcome> {
    let mut spill = Spill::new(0);
    // The finding rows of articles too large to hold them, by article index.
    let mut overflows: BTreeMap<usize, Spill<FindingRow>> = BTreeMap::new();
    let mut batch = Batch::new();
    let mut summary = Summary {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        ..Summary::default()
    };
    let mut index = 0usize;
    let paths = inputs.paths.into_iter().map(|p| (p, ())).collect();
    let chunks = Chunks::new(paths, inputs.jsonl.map(|j| (j, ()))).with_size(options.chunk);
    // A chunk's results are kept (numbered, added to the batch and the summary, spilled) on
    // one core while the next chunk is checked on all cores.
    let mut keep = |analyzed: Vec<Checked>| -> io::Result<()> {
        let mut kept = Vec::with_capacity(analyzed.len());
        for result in analyzed {
            let (mut spilled, points, overflow) = match result {
                Ok(x) => x?,
                Err(e) => {
                    summary.unreadable.push(Unreadable {
                        name: e.name,
                        message: e.message,
                    });
                    continue;
                }
            };
            spilled.row.index = index;
            let source = Source {
                name: spilled.row.name.clone(),
                date: None,
            };
            let id = batch.add(source, &spilled.statements);
            debug_assert_eq!(id, index);
            summary.articles += 1;
            summary.bytes += spilled.row.bytes as u64;
            summary.claims += spilled.row.claims;
            for (metric, (count, kept)) in points.0 {
                let entry = summary.metrics.entry(metric.clone()).or_insert_with(|| {
                    let m = catalog.metrics.get(&metric);
                    MetricPoints {
                        name: m.map_or(metric.clone(), |m| m.name.clone()),
                        unit: m.map_or(String::new(), |m| m.unit.clone()),
                        ..MetricPoints::default()
                    }
                });
                entry.total += count;
                let room = POINTS_PER_METRIC.saturating_sub(entry.points.len());
                entry
                    .points
                    .extend(kept.into_iter().take(room).map(|mut p| {
                        p.article = index;
                        p
                    }));
            }
            if let Some(rows) = overflow {
                overflows.insert(index, rows);
            }
            // Weighed by the article's size: a large one is written as it is serialized.
            let weight = spilled.row.bytes;
            kept.push((spilled, String::new(), weight));
            index += 1;
        }
        spill.push_all(kept)
    };
    let mut overlap = Overlap::new();
    for docs in chunks {
        overlap.step(
            || {
                docs.into_par_iter()
                    .map(|(d, ())| {
                        let d = d?;
                        let out = analyze(&d, catalog, options);
                        tick(d.text.len() as u64);
                        Ok(out)
                    })
                    .collect::<Vec<Checked>>()
            },
            |analyzed| {
                let bytes = analyzed.iter().map(|a| match a {
                    Ok(Ok((spilled, _, _))) => spilled.row.bytes,
                    _ => 0,
                });
                bytes.sum::<usize>() <= OVERLAP_BYTES
            },
            &mut keep,
        )?;
    }
    overlap.finish(&mut keep)?;
    batch.settle();
    summary.clusters = batch
        .clusters()
        .into_iter()
        .map(|c| Cluster {
            about: c.about.to_owned(),
            check: c.check.to_owned(),
            variants: c
                .variants
                .iter()
                .map(|v| Variant {
                    shown: v.shown.to_string(),
                    articles: v.docs,
                    examples: v
                        .examples
                        .iter()
                        .map(|e| Place {
                            file: batch.sources()[e.doc].name.clone(),
                            line: e.line,
                            column: e.column,
                            text: e.text.to_string(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();

    // Sweep: conflicts per article, totals; complete rows go to a second spill.
    for rule in catalog.rules.values() {
        summary.by_rule.insert(
            rule.id.to_string(),
            RuleTotal {
                kind: rule.kind.as_str().to_owned(),
                severity: rule.severity.as_str().to_owned(),
                summary: rule.summary.clone(),
                findings: 0,
                articles: 0,
            },
        );
    }
    summary.errors_per_article = vec![0; options.error_buckets.max(2)];
    let mut worst: Option<Severity> = None;
    let mut rows = Spill::new(0);
    for chunk in spill.drain_chunks(SWEEP_CHUNK)? {
        let mut spilled = Vec::new();
        for (mut item, _) in chunk? {
            if let Some(overflow) = overflows.remove(&item.row.index) {
                item.row.findings = rows_of(overflow)?;
            }
            spilled.push(item);
        }
        // Each article's conflicts on all cores; the totals in input order.
        let batch = &batch;
        let swept_rows: Vec<ArticleRow> = spilled
            .into_par_iter()
            .map(|item| sweep(item, batch, catalog))
            .collect();
        let mut swept = Vec::with_capacity(swept_rows.len());
        for row in swept_rows {
            let mut rules_here = std::collections::BTreeSet::new();
            for f in &row.findings {
                *summary.by_severity.entry(f.severity.clone()).or_default() += 1;
                *summary.by_verdict.entry(f.verdict.clone()).or_default() += 1;
                if let Some(t) = summary.by_rule.get_mut(&f.rule) {
                    t.findings += 1;
                    if rules_here.insert(f.rule.clone()) {
                        t.articles += 1;
                    }
                }
                let severity = match f.severity.as_str() {
                    "error" => Severity::Error,
                    "warning" => Severity::Warning,
                    _ => Severity::Info,
                };
                worst = worst.max(Some(severity));
            }
            if row.verified > 0 {
                *summary.by_verdict.entry("matches".into()).or_default() += row.verified;
            }
            let errors = row.count("error");
            let last = summary.errors_per_article.len() - 1;
            summary.errors_per_article[errors.min(last)] += 1;
            // Weighed by findings: a large row is written as it is serialized.
            let weight = ROW_WEIGHT * row.findings.len();
            swept.push((row, String::new(), weight));
        }
        rows.push_all(swept)?;
    }
    writer.begin(&summary)?;
    for chunk in rows.drain_chunks(SWEEP_CHUNK)? {
        for (row, _) in chunk? {
            writer.article(&row)?;
        }
    }
    writer.end()?;
    Ok(Outcome { summary, worst })
}

/// Checks one document and turns the results into plain rows, and the points of the chart
/// with their metric.
fn analyze(doc: &Document, catalog: &Catalog, options: &Options) -> io::Result<Analyzed> {
    let check_options = crate::check::Options { verified: true };
    let mut row = ArticleRow {
        index: 0,
        name: doc.name.clone(),
        bytes: doc.text.len(),
        date: None,
        claims: 0,
        verified: 0,
        findings: Vec::new(),
    };
    // The chart's points and the report's rows are made part by part: a large article's
    // claims are never all held, nor its findings beside their rows.
    let mut points = Points::default();
    let mut places = Vec::new();
    let mut rows = Spill::new(options.rows_held);
    let mut failed: io::Result<()> = Ok(());
    let checked = crate::check_parts(
        doc,
        options.article_date,
        catalog,
        &check_options,
        &mut |part| {
            let lines = LineIndex::with_starts(&doc.text, part.line_starts);
            let claims = &part.claims;
            for p in part
                .findings
                .iter()
                .filter_map(|f| point(f, claims, catalog))
            {
                points.add(p);
            }
            places.reserve_exact(part.statements.len());
            for f in part.findings.drain(..) {
                if f.verdict == Verdict::Matches {
                    row.verified += 1;
                    continue;
                }
                let snippet = snippet(&doc.text, &lines, &f.span);
                let related = related_rows(&f, |r| lines.line_column(r.span.start));
                if failed.is_ok() {
                    failed = rows.push(finding_row(&f, &snippet, related), String::new(), 1);
                }
            }
            places.extend(part.statements.iter().map(|s| {
                let parts = s.parts.iter().map(|p| lines.line_column(p.start)).collect();
                (snippet(&doc.text, &lines, &s.span), parts)
            }));
        },
    );
    row.date = checked.article_date.map(|d| d.to_string());
    row.claims = checked.claim_count;
    failed?;
    // Rows all held stay with the article; the rows of a large one come back later.
    let overflow = if rows.spilled() == 0 {
        row.findings = rows_of(rows)?;
        None
    } else {
        Some(rows)
    };
    Ok((
        Spilled {
            row,
            statements: checked.statements,
            places,
        },
        points,
        overflow,
    ))
}

/// An article's report row with its conflicts across articles added, in place order.
fn sweep(item: Spilled, batch: &Batch, catalog: &Catalog) -> ArticleRow {
    let Spilled {
        mut row,
        statements,
        places,
    } = item;
    for f in batch.findings(row.index, &statements, catalog) {
        let Some(at) = statements.iter().position(|s| s.span == f.span) else {
            continue;
        };
        let (snippet, parts) = &places[at];
        let mut parts = parts.iter();
        // Same-article related places are the statement's parts, in order.
        let related = related_rows(&f, |_| {
            parts
                .next()
                .copied()
                .unwrap_or((snippet.line, snippet.column))
        });
        row.findings.push(finding_row(&f, snippet, related));
    }
    row.findings
        .sort_by(|a, b| (a.line, a.column, &a.rule).cmp(&(b.line, b.column, &b.rule)));
    row
}

/// The finding rows of a spill, in order.
fn rows_of(rows: Spill<FindingRow>) -> io::Result<Vec<FindingRow>> {
    let mut all = Vec::with_capacity(rows.len());
    for r in rows.drain()? {
        all.push(r?.0);
    }
    Ok(all)
}

/// A claimed value against its reference, for the chart, with the metric.
fn point(f: &Finding, claims: &[Claim], catalog: &Catalog) -> Option<(String, Point)> {
    if !matches!(
        f.verdict,
        Verdict::Matches | Verdict::WithinTolerance | Verdict::Contradicts | Verdict::Outdated
    ) {
        return None;
    }
    let reference: Decimal = f.reference.as_ref()?.value.parse().ok()?;
    let i = claims.partition_point(|c| c.span.start < f.span.start);
    let claim = claims.get(i).filter(|c| c.span == f.span)?;
    let claimed = claim.number()?;
    let metric = claim.subject.metric.as_deref()?;
    let entity = claim.subject.entity.as_deref().unwrap_or("");
    let entity = catalog
        .entities
        .get(entity)
        .and_then(|e| e.names.first())
        .map_or(entity, String::as_str);
    let point = Point {
        claimed,
        reference,
        verdict: f.verdict.as_str().to_owned(),
        article: 0,
        entity: entity.to_owned(),
    };
    Some((metric.to_owned(), point))
}

/// The related places of a finding as rows: another article's place as the finding gives it,
/// a place in this article from `here`.
fn related_rows(
    f: &Finding,
    mut here: impl FnMut(&crate::finding::Related) -> (usize, usize),
) -> Vec<RelatedRow> {
    f.related
        .iter()
        .map(|r| {
            let (line, column) = r.position.unwrap_or_else(|| here(r));
            RelatedRow {
                file: r.file.as_deref().unwrap_or_default().to_owned(),
                line,
                column,
                message: r.message.clone(),
            }
        })
        .collect()
}

fn finding_row(f: &Finding, snippet: &Snippet, related: Vec<RelatedRow>) -> FindingRow {
    FindingRow {
        rule: f.rule.to_string(),
        severity: f.severity.as_str().to_owned(),
        verdict: f.verdict.as_str().to_owned(),
        message: f.message.clone(),
        line: snippet.line,
        column: snippet.column,
        before: snippet.before.clone(),
        text: snippet.text.clone(),
        after: snippet.after.clone(),
        help: f.help.as_deref().map(str::to_owned),
        reference: f.reference.as_ref().map(|r| ReferenceRow {
            value: r.value.clone(),
            unit: r.unit.to_string(),
            source: r.source.to_string(),
            url: r.url.as_deref().map(str::to_owned),
        }),
        related,
    }
}

/// Characters of context kept either side of a claim.
const CONTEXT: usize = 60;

fn snippet(text: &str, lines: &LineIndex<'_>, span: &std::ops::Range<usize>) -> Snippet {
    let (line, column) = lines.line_column(span.start);
    let sentence = crate::consistency::statements::sentence(text, span);
    let before = plain(text.get(sentence.start..span.start).unwrap_or(""));
    let after = plain(text.get(span.end..sentence.end).unwrap_or(""));
    let skip = before.chars().count().saturating_sub(CONTEXT);
    Snippet {
        line,
        column,
        before: before.chars().skip(skip).collect(),
        text: plain(text.get(span.clone()).unwrap_or("")),
        after: after.chars().take(CONTEXT).collect(),
    }
}

/// Text without tags and Markdown emphasis, with the common entities decoded and white space
/// collapsed to one space (kept at the edges, so English words stay apart from the claim; a
/// line break between two CJK characters, as in a PDF dump, joins them).
fn plain(s: &str) -> String {
    let cjk = |c: char| c > '\u{2E7F}';
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    let mut gap: Option<bool> = None; // a pending run of white space; true if it held a break
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            c if c.is_whitespace() => {
                let brk = c == '\n' || c == '\r';
                gap = Some(gap.unwrap_or(false) || brk);
            }
            c => {
                if let Some(brk) = gap.take() {
                    let joined = brk && out.chars().next_back().is_some_and(cjk) && cjk(c);
                    if !joined {
                        out.push(' ');
                    }
                }
                out.push(c);
            }
        }
    }
    if gap.is_some() {
        out.push(' ');
    }
    for (entity, c) in [
        ("**", ""),
        ("__", ""),
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ] {
        if out.contains(entity) {
            out = out.replace(entity, c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeps what it is given.
    #[derive(Default)]
    struct Collect {
        summary: Option<Summary>,
        rows: Vec<ArticleRow>,
        ended: bool,
    }

    impl ReportWriter for Collect {
        fn begin(&mut self, summary: &Summary) -> io::Result<()> {
            self.summary = Some(summary.clone());
            Ok(())
        }
        fn article(&mut self, row: &ArticleRow) -> io::Result<()> {
            assert!(self.summary.is_some() && !self.ended);
            self.rows.push(row.clone());
            Ok(())
        }
        fn end(&mut self) -> io::Result<()> {
            self.ended = true;
            Ok(())
        }
    }

    fn audit(paths: &[&str], chunk: usize) -> Collect {
        audit_holding(paths, chunk, ROWS_HELD)
    }

    fn audit_holding(paths: &[&str], chunk: usize, rows_held: usize) -> Collect {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths: Vec<_> = paths.iter().map(|p| root.join(p)).collect();
        let inputs = Inputs {
            paths: crate::source::list_paths(&paths),
            jsonl: None,
        };
        let options = Options {
            chunk,
            rows_held,
            ..Options::default()
        };
        let mut out = Collect::default();
        run(inputs, Catalog::builtin(), &options, &mut out, &|_| {}).unwrap();
        out
    }

    #[test]
    fn seed_excerpts_give_the_sunnylands_conflict_only() {
        let seeds = [
            "fixtures/extract/seed-000-jiemian.txt",
            "fixtures/extract/seed-001-magazine.txt",
            "fixtures/extract/seed-002-rfi.html",
            "fixtures/extract/seed-003-nyt.html",
            "fixtures/extract/seed-004-voa.html",
        ];
        let out = audit(&seeds, 2);
        let summary = out.summary.unwrap();
        assert!(out.ended);
        assert_eq!(summary.articles, 5);
        assert_eq!(out.rows.len(), 5);
        assert!(out.rows.iter().enumerate().all(|(i, r)| r.index == i));
        assert!(out.rows[2].name.ends_with("seed-002-rfi.html"));
        // One cluster: the Sunnylands talks, 4 days to the 7th against 5 days to the 8th.
        assert_eq!(summary.clusters.len(), 1, "{:#?}", summary.clusters);
        let c = &summary.clusters[0];
        assert!(c.about.contains("Sunnylands"), "{}", c.about);
        let shown: Vec<&str> = c.variants.iter().map(|v| v.shown.as_str()).collect();
        assert_eq!(
            shown,
            [
                "2023-11-04 to 2023-11-07 (4 days)",
                "2023-11-04 to 2023-11-08 (5 days)"
            ]
        );
        // Each side has one finding of the rule, pointing at the other article.
        for (i, other) in [(2, "seed-004-voa.html"), (4, "seed-002-rfi.html")] {
            let found: Vec<&FindingRow> = out.rows[i]
                .findings
                .iter()
                .filter(|f| f.rule == "event-dates-disagree-across-articles")
                .collect();
            assert_eq!(found.len(), 1);
            assert!(found[0].related.iter().any(|r| r.file.ends_with(other)));
        }
        let t = &summary.by_rule["event-dates-disagree-across-articles"];
        assert_eq!((t.findings, t.articles), (2, 2));
        assert_eq!(
            summary.by_rule["figure-disagrees-across-articles"].findings,
            0
        );
        // The 106百万瓦 of seed 004 is charted against its reference, with its snippet.
        let coal = &summary.metrics["coal-power-approved"];
        assert!(
            coal.points
                .iter()
                .any(|p| p.verdict == "contradicts" && p.article == 4)
        );
        let unit = out.rows[4]
            .findings
            .iter()
            .find(|f| f.rule == "unit-gloss-mismatch")
            .unwrap();
        assert_eq!(unit.text, "106百万瓦");
        assert!(unit.before.ends_with("总计") && unit.after.starts_with("(gigawatts)"));
        assert_eq!(summary.errors_per_article.iter().sum::<usize>(), 5);
    }

    #[test]
    fn results_do_not_depend_on_the_chunk_size_or_the_rows_held() {
        let paths = [
            "fixtures/extract",
            "fixtures/figure-disagrees-across-articles",
        ];
        let a = audit(&paths, 1);
        // Every article's rows through a temporary file, and in memory.
        let (b, c) = (
            audit_holding(&paths, 1000, 0),
            audit_holding(&paths, 7, 1000),
        );
        assert!(a.rows.iter().any(|r| r.findings.len() > 1));
        assert_eq!(a.rows, b.rows);
        assert_eq!(a.rows, c.rows);
        assert_eq!(
            serde_json::to_string(&a.summary).unwrap(),
            serde_json::to_string(&c.summary).unwrap()
        );
        let (sa, sb) = (a.summary.unwrap(), b.summary.unwrap());
        assert_eq!(sa.clusters, sb.clusters);
        assert_eq!(sa.by_rule, sb.by_rule);
        assert_eq!(
            serde_json::to_string(&sa.metrics).unwrap(),
            serde_json::to_string(&sb.metrics).unwrap()
        );
    }

    #[test]
    fn unreadable_inputs_are_listed_and_the_rest_audited() {
        let out = audit(
            &["fixtures/extract/seed-004-voa.html", "no/such/file.md"],
            8,
        );
        let summary = out.summary.unwrap();
        assert_eq!(summary.articles, 1);
        assert_eq!(summary.unreadable.len(), 1);
        assert!(summary.unreadable[0].name.ends_with("no/such/file.md"));
    }

    #[test]
    fn plain_drops_tags_and_decodes_entities() {
        assert_eq!(
            plain("<b>139亿吨</b>&nbsp;和\n\n  <i>27%</i>"),
            "139亿吨 和 27%"
        );
        assert_eq!(plain("a &amp;lt; b"), "a &lt; b");
    }
}
