//! Output of `emcheck check`: findings as rustc-style diagnostics (miette, with code frames
//! that line up under Chinese text), as one JSON document, or as JSON Lines (one finding per
//! line, the contract in DESIGN.md).

use super::{LineIndex, Locate, Places, pretty, push_clean_str, push_json_str, push_usize};
use crate::catalog::checks::Severity;
use crate::finding::{Finding, Reference};
use crate::source::Document;
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};
use serde_json::{Value as Json, json};
use std::fmt;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::Arc;

/// A document with its findings, ready to print.
pub struct DocFindings<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its findings, sorted by position.
    pub findings: &'a [Finding],
}

/// One finding as written in JSON, fields in alphabetical order (the order of the JSON
/// objects the reporters wrote before, kept byte for byte).
#[derive(serde::Serialize)]
struct FindingOut<'a> {
    column: usize,
    end: usize,
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    line: usize,
    message: &'a str,
    reference: Option<ReferenceOut<'a>>,
    related: Vec<RelatedOut<'a>>,
    rule: &'a str,
    severity: &'static str,
    start: usize,
    verdict: &'static str,
}

#[derive(serde::Serialize)]
struct ReferenceOut<'a> {
    fact: &'a str,
    source: &'a str,
    unit: &'a str,
    url: Option<&'a str>,
    value: &'a str,
}

#[derive(serde::Serialize)]
struct RelatedOut<'a> {
    column: usize,
    end: usize,
    file: &'a str,
    line: usize,
    message: &'a str,
    start: usize,
}

impl<'a> FindingOut<'a> {
    fn new(file: &'a str, index: &LineIndex<'_>, f: &'a Finding) -> Self {
        let (line, column) = index.line_column(f.span.start);
        FindingOut {
            column,
            end: f.span.end,
            file,
            help: f.help.as_deref(),
            line,
            message: &f.message,
            reference: f.reference.as_ref().map(|r| ReferenceOut {
                fact: &r.fact,
                source: &r.source,
                unit: &r.unit,
                url: r.url.as_deref(),
                value: &r.value,
            }),
            related: f
                .related
                .iter()
                .map(|r| {
                    let (line, column) = r
                        .position
                        .unwrap_or_else(|| index.line_column(r.span.start));
                    RelatedOut {
                        column,
                        end: r.span.end,
                        file: r.file.as_deref().unwrap_or(file),
                        line,
                        message: &r.message,
                        start: r.span.start,
                    }
                })
                .collect(),
            rule: &f.rule,
            severity: f.severity.as_str(),
            start: f.span.start,
            verdict: f.verdict.as_str(),
        }
    }
}

/// The JSON a document's findings share with the catalog, written out once per document and
/// then copied from where it was written: a rule's help, a rule's id with the severity after
/// it, and a reference's fact, source, unit and url (`Arc`s of the catalog, found again by
/// their addresses: a document's findings name a few rules and facts many times, and testing
/// each string for characters to escape again cost more than copying the bytes it gave).
/// Byte for byte what `write_finding` would write again.
struct SharedJson {
    /// Per entry: its key (the strings' addresses, or 0, and a severity) and where its bytes
    /// are in the buffer being written.
    help: Vec<(usize, Range<usize>)>,
    rule: Vec<((usize, Severity), Range<usize>)>,
    reference: Vec<([usize; 4], Range<usize>)>,
}

/// The address of a shared string (its key in `SharedJson`).
fn address(s: &Arc<str>) -> usize {
    Arc::as_ptr(s).cast::<u8>() as usize
}

/// Appends the bytes of the entry of `key` in `entries` to `buf`: a copy of where they were
/// written before, or written by `write` the first time.
fn push_shared<K: PartialEq>(
    buf: &mut Vec<u8>,
    entries: &mut Vec<(K, Range<usize>)>,
    key: K,
    write: impl FnOnce(&mut Vec<u8>),
) {
    match entries.iter().find(|(k, _)| *k == key) {
        Some((_, range)) => buf.extend_from_within(range.clone()),
        None => {
            let start = buf.len();
            write(buf);
            entries.push((key, start..buf.len()));
        }
    }
}

impl SharedJson {
    /// No entries, room for a document's few.
    fn new() -> Self {
        SharedJson {
            help: Vec::with_capacity(8),
            rule: Vec::with_capacity(8),
            reference: Vec::with_capacity(8),
        }
    }

    /// Forgets every entry (the buffer they are in was emptied).
    fn clear(&mut self) {
        self.help.clear();
        self.rule.clear();
        self.reference.clear();
    }

    /// `,"help":` and the help.
    fn help(&mut self, buf: &mut Vec<u8>, help: &Arc<str>) {
        push_shared(buf, &mut self.help, address(help), |buf| {
            buf.extend_from_slice(b",\"help\":");
            push_json_str(buf, help);
        });
    }

    /// `{"fact":` … `"value":`: a reference up to its value.
    fn reference(&mut self, buf: &mut Vec<u8>, r: &Reference) {
        let key = [
            address(&r.fact),
            address(&r.source),
            address(&r.unit),
            r.url.as_ref().map_or(0, address),
        ];
        push_shared(buf, &mut self.reference, key, |buf| {
            buf.extend_from_slice(b"{\"fact\":");
            push_json_str(buf, &r.fact);
            buf.extend_from_slice(b",\"source\":");
            push_json_str(buf, &r.source);
            buf.extend_from_slice(b",\"unit\":");
            push_json_str(buf, &r.unit);
            buf.extend_from_slice(b",\"url\":");
            match &r.url {
                None => buf.extend_from_slice(b"null"),
                Some(url) => push_json_str(buf, url),
            }
            buf.extend_from_slice(b",\"value\":");
        });
    }

    /// `],"rule":` … `"start":`: the end of the related places, the rule and the severity.
    fn rule(&mut self, buf: &mut Vec<u8>, rule: &Arc<str>, severity: Severity) {
        push_shared(buf, &mut self.rule, (address(rule), severity), |buf| {
            buf.extend_from_slice(b"],\"rule\":");
            push_json_str(buf, rule);
            buf.extend_from_slice(b",\"severity\":");
            push_clean_str(buf, severity.as_str());
            buf.extend_from_slice(b",\"start\":");
        });
    }
}

/// Appends the JSON object of finding `f` of the document `file` to `buf`: the bytes
/// `serde_json::to_writer` writes for its `FindingOut` (a test holds the two equal), read from
/// the finding without serde's call per key and value. `file_json` is `file` as a JSON string,
/// escaped once per document, and `shared` where the JSON of the catalog's strings is in
/// `buf`; severities and verdicts need no escaping. `index` places the findings and
/// `related` their related claims: two indexes of the same text, each counting onwards from
/// its own last place (a finding's related claims are often before it, and the next finding
/// after them), or the same `Places` twice.
fn write_finding<L: Locate>(
    buf: &mut Vec<u8>,
    file: &str,
    file_json: &[u8],
    (index, related): (&L, &L),
    shared: &mut SharedJson,
    f: &Finding,
) {
    let (line, column) = index.line_column(f.span.start);
    buf.extend_from_slice(b"{\"column\":");
    push_usize(buf, column);
    buf.extend_from_slice(b",\"end\":");
    push_usize(buf, f.span.end);
    buf.extend_from_slice(b",\"file\":");
    buf.extend_from_slice(file_json);
    if let Some(help) = &f.help {
        shared.help(buf, help);
    }
    buf.extend_from_slice(b",\"line\":");
    push_usize(buf, line);
    buf.extend_from_slice(b",\"message\":");
    push_json_str(buf, &f.message);
    buf.extend_from_slice(b",\"reference\":");
    match &f.reference {
        None => buf.extend_from_slice(b"null"),
        Some(r) => {
            shared.reference(buf, r);
            push_json_str(buf, &r.value);
            buf.push(b'}');
        }
    }
    buf.extend_from_slice(b",\"related\":[");
    for (i, r) in f.related.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        let (line, column) = r
            .position
            .unwrap_or_else(|| related.line_column(r.span.start));
        buf.extend_from_slice(b"{\"column\":");
        push_usize(buf, column);
        buf.extend_from_slice(b",\"end\":");
        push_usize(buf, r.span.end);
        buf.extend_from_slice(b",\"file\":");
        match &r.file {
            Some(other) if &**other != file => push_json_str(buf, other),
            _ => buf.extend_from_slice(file_json),
        }
        buf.extend_from_slice(b",\"line\":");
        push_usize(buf, line);
        buf.extend_from_slice(b",\"message\":");
        push_json_str(buf, &r.message);
        buf.extend_from_slice(b",\"start\":");
        push_usize(buf, r.span.start);
        buf.push(b'}');
    }
    shared.rule(buf, &f.rule, f.severity);
    push_usize(buf, f.span.start);
    buf.extend_from_slice(b",\"verdict\":");
    push_clean_str(buf, f.verdict.as_str());
    buf.push(b'}');
}

/// `s` as a JSON string.
fn json_str(s: &str) -> Vec<u8> {
    let mut buf = Vec::new();
    push_json_str(&mut buf, s);
    buf
}

/// The JSON object of one finding.
pub fn finding_json(file: &str, index: &LineIndex<'_>, f: &Finding) -> Json {
    serde_json::to_value(FindingOut::new(file, index, f)).expect("findings serialize")
}

/// Writes the JSON line of every finding of `d`, through a buffer passed on by the 64 KB (a
/// document may have tens of thousands).
pub fn write_jsonl_lines(out: &mut dyn Write, d: &DocFindings<'_>) -> io::Result<()> {
    let index = LineIndex::new(&d.doc.text);
    let related = LineIndex::with_starts(&d.doc.text, index.starts());
    write_lines(out, d, (&index, &related))
}

/// `write_jsonl_lines` of a document whose findings are placed by `places` (its text may be
/// gone).
pub fn write_jsonl_lines_placed(
    out: &mut dyn Write,
    d: &DocFindings<'_>,
    places: &Places,
) -> io::Result<()> {
    write_lines(out, d, (places, places))
}

/// `write_jsonl_lines` with the findings placed by `indexes` (see `write_finding`).
fn write_lines<L: Locate>(
    out: &mut dyn Write,
    d: &DocFindings<'_>,
    indexes: (&L, &L),
) -> io::Result<()> {
    const FLUSH: usize = 1 << 16;
    let file_json = json_str(&d.doc.name);
    let mut shared = SharedJson::new();
    let mut buf = Vec::with_capacity(FLUSH + 1024);
    for f in d.findings {
        write_finding(&mut buf, &d.doc.name, &file_json, indexes, &mut shared, f);
        buf.push(b'\n');
        if buf.len() >= FLUSH {
            out.write_all(&buf)?;
            buf.clear();
            shared.clear();
        }
    }
    out.write_all(&buf)
}

/// Appends the JSON line of every finding of `d` to `buf` (what `write_jsonl_lines` writes).
pub fn push_jsonl_lines(buf: &mut Vec<u8>, d: &DocFindings<'_>) {
    push_jsonl_lines_with(buf, d, &[]);
}

/// `push_jsonl_lines` with the document's `line_starts` (`report::line_starts` of its text)
/// when the caller kept them from checking it, rather than counting them again; empty if not.
pub fn push_jsonl_lines_with(buf: &mut Vec<u8>, d: &DocFindings<'_>, line_starts: &[usize]) {
    if d.findings.is_empty() {
        // No lines: nothing to place.
        return;
    }
    let counted;
    let starts = if line_starts.is_empty() {
        counted = super::line_starts(&d.doc.text);
        &counted
    } else {
        debug_assert_eq!(line_starts, super::line_starts(&d.doc.text));
        line_starts
    };
    let index = LineIndex::with_starts(&d.doc.text, starts);
    let related = LineIndex::with_starts(&d.doc.text, starts);
    push_lines(buf, d, (&index, &related));
}

/// The offsets `push_jsonl_lines_placed` asks `places` for: each finding's start and the start
/// of each of its related claims not placed yet (those without a `position`).
pub fn placed_offsets(findings: &[Finding]) -> impl Iterator<Item = usize> + '_ {
    findings.iter().flat_map(|f| {
        let related = f.related.iter().filter(|r| r.position.is_none());
        std::iter::once(f.span.start).chain(related.map(|r| r.span.start))
    })
}

/// `push_jsonl_lines` of a document whose findings are placed by `places` (its text may be
/// gone).
pub fn push_jsonl_lines_placed(buf: &mut Vec<u8>, d: &DocFindings<'_>, places: &Places) {
    push_lines(buf, d, (places, places));
}

/// `push_jsonl_lines` with the findings placed by `indexes` (see `write_finding`).
fn push_lines<L: Locate>(buf: &mut Vec<u8>, d: &DocFindings<'_>, indexes: (&L, &L)) {
    let file_json = json_str(&d.doc.name);
    // Room for the lines at once, rather than growing into it (each time a copy of all written
    // so far).
    let file = file_json.len();
    buf.reserve(d.findings.iter().map(|f| finding_bytes(f, file)).sum());
    let mut shared = SharedJson::new();
    for f in d.findings {
        write_finding(buf, &d.doc.name, &file_json, indexes, &mut shared, f);
        buf.push(b'\n');
    }
}

/// At least the bytes of the JSON line of `f`, with its file name as a JSON string of `file`
/// bytes, unless its strings need escaping: its names and numbers, and its strings.
fn finding_bytes(f: &Finding, file: usize) -> usize {
    /// The most the names and numbers of a finding take (with a reference; about 110 without
    /// related claims), and of one of its related claims (about 70).
    const FIXED: usize = 320;
    const RELATED: usize = 128;
    let reference = f.reference.as_ref().map_or(0, |r| {
        let url = r.url.as_deref().map_or(0, str::len);
        r.fact.len() + r.source.len() + r.unit.len() + url + r.value.len()
    });
    let related: usize = f
        .related
        .iter()
        .map(|r| {
            let other = r.file.as_deref().map_or(file, |name| name.len() + 2);
            RELATED + r.message.len() + other
        })
        .sum();
    let help = f.help.as_deref().map_or(0, str::len);
    FIXED + file + f.message.len() + f.rule.len() + help + reference + related
}

/// A findings format written one document at a time, in input order; each format's `begin`
/// writes what comes before the first document.
pub trait FindingsSink {
    /// Writes the findings of one document.
    fn document(&mut self, out: &mut dyn Write, d: &DocFindings<'_>) -> io::Result<()>;
    /// Writes what comes after the last document.
    fn finish(self: Box<Self>, out: &mut dyn Write) -> io::Result<()>;
}

/// Writes every document through `sink`.
pub fn write_all(
    mut sink: Box<dyn FindingsSink + '_>,
    out: &mut dyn Write,
    docs: &[DocFindings<'_>],
) -> io::Result<()> {
    for d in docs {
        sink.document(out, d)?;
    }
    sink.finish(out)
}

/// Running totals: files, and findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Files seen.
    pub files: usize,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub infos: usize,
}

impl Counts {
    /// Adds a document.
    pub fn add(&mut self, d: &DocFindings<'_>) {
        self.files += 1;
        for f in d.findings {
            match f.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// JSON Lines: one line per finding.
pub struct JsonlWriter;

impl FindingsSink for JsonlWriter {
    fn document(&mut self, out: &mut dyn Write, d: &DocFindings<'_>) -> io::Result<()> {
        write_jsonl_lines(out, d)
    }

    fn finish(self: Box<Self>, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// Writes one JSON line per finding.
pub fn write_jsonl(out: &mut dyn Write, docs: &[DocFindings<'_>]) -> io::Result<()> {
    write_all(Box::new(JsonlWriter), out, docs)
}

/// Counts of findings by severity.
pub fn summary(docs: &[DocFindings<'_>]) -> (usize, usize, usize) {
    let mut counts = Counts::default();
    docs.iter().for_each(|d| counts.add(d));
    (counts.errors, counts.warnings, counts.infos)
}

/// The JSON document with `documents` left open, and the summary of `counts`.
fn json_template(counts: &Counts) -> Json {
    json!({"version": 1, "documents": pretty::HOLE, "summary": {"files": counts.files, "errors": counts.errors, "warnings": counts.warnings, "infos": counts.infos}})
}

/// One JSON document with every file's findings and a summary.
pub struct JsonWriter {
    json: pretty::Streamed,
    counts: Counts,
}

impl JsonWriter {
    /// Writes the opening of the document.
    pub fn begin(out: &mut dyn Write) -> io::Result<JsonWriter> {
        Ok(JsonWriter {
            json: pretty::Streamed::begin(out, &json_template(&Counts::default()))?,
            counts: Counts::default(),
        })
    }
}

impl FindingsSink for JsonWriter {
    fn document(&mut self, out: &mut dyn Write, d: &DocFindings<'_>) -> io::Result<()> {
        self.counts.add(d);
        let index = LineIndex::new(&d.doc.text);
        // The document's findings are written one at a time: a long document may have tens
        // of thousands, and all of them as one JSON value took hundreds of megabytes.
        let items = &mut self.json.items;
        items.next_item(out)?;
        let t = pretty::Template::split(
            &json!({"file": d.doc.name, "findings": pretty::HOLE}),
            items.depth(),
        );
        out.write_all(t.before.as_bytes())?;
        let mut findings = pretty::Array::new(t.indent);
        for f in d.findings {
            findings.item(out, &finding_json(&d.doc.name, &index, f))?;
        }
        findings.close(out)?;
        out.write_all(t.after.as_bytes())
    }

    fn finish(self: Box<Self>, out: &mut dyn Write) -> io::Result<()> {
        self.json.finish_as(out, &json_template(&self.counts))
    }
}

/// Writes one JSON document with every file's findings and a summary.
pub fn write_json(out: &mut dyn Write, docs: &[DocFindings<'_>]) -> io::Result<()> {
    write_all(Box::new(JsonWriter::begin(out)?), out, docs)
}

/// How many characters of a long line to show on each side of a span.
const WINDOW_CHARS: usize = 30;

/// A document as miette reads it, but showing only a stretch of the line around each span,
/// with the true line and column: scraped articles are often one line of thousands of
/// characters.
struct WindowedSource<'a> {
    /// The file name with the finding's line and column (`draft.md:7:18`): the header of the
    /// code frame, which miette would otherwise take from the start of the window.
    name: String,
    text: &'a str,
    /// Where the document's lines start (`line_starts`): a span's line is looked up, not
    /// counted from the start of the text for every finding (quadratic in a long document).
    line_starts: &'a [usize],
}

impl SourceCode for WindowedSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        _before: usize,
        _after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = self.text;
        let (start, end) = (span.offset(), span.offset() + span.len());
        if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(MietteError::OutOfBounds);
        }
        // The number of lines before the span's (miette counts from 0), and where it starts.
        let line = self.line_starts.partition_point(|&s| s <= start) - 1;
        let line_start = self.line_starts[line];
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        let from = text[line_start..start]
            .char_indices()
            .rev()
            .nth(WINDOW_CHARS - 1)
            .map_or(line_start, |(i, _)| line_start + i);
        let to = text[end..line_end]
            .char_indices()
            .nth(WINDOW_CHARS)
            .map_or(line_end, |(i, _)| end + i);
        let column = text[line_start..from].chars().count();
        let data = &text.as_bytes()[from..to];
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data,
            (from, to - from).into(),
            line,
            column,
            1,
        )))
    }
}

/// A finding as a miette diagnostic over its document.
struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: WindowedSource<'a>,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FindingDiagnostic")
            .field("rule", &self.finding.rule)
            .finish()
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!(
            "{} ({})",
            self.finding.rule,
            self.finding.verdict.as_str()
        )))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let f = self.finding;
        let reference = f.reference.as_ref().map(|r| {
            let url = r
                .url
                .as_deref()
                .map(|u| format!(" <{u}>"))
                .unwrap_or_default();
            format!("reference: {} {} — {}{url}", r.value, r.unit, r.source)
        });
        match (&f.help, reference) {
            (Some(h), Some(r)) => Some(Box::new(format!("{h}\n{r}"))),
            (Some(h), None) => Some(Box::new(h.clone())),
            (None, Some(r)) => Some(Box::new(r)),
            (None, None) => None,
        }
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let f = self.finding;
        let primary = LabeledSpan::new_primary_with_span(
            Some(f.verdict.as_str().replace('_', " ")),
            f.span.clone(),
        );
        // A related place far along the same line would stretch the frame over the whole
        // line; the message already quotes it, so only near ones are drawn.
        let near = |r: &&crate::finding::Related| {
            r.span.start.abs_diff(f.span.start) <= 2 * 3 * WINDOW_CHARS
        };
        let related = f
            .related
            .iter()
            .filter(|r| r.file.is_none())
            .filter(near)
            .map(|r| LabeledSpan::new_with_span(Some(r.message.clone()), r.span.clone()));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// Findings as diagnostics with code frames, then a one-line summary.
pub struct HumanWriter {
    handler: GraphicalReportHandler,
    counts: Counts,
}

impl HumanWriter {
    /// A writer; `color` uses ANSI colours.
    pub fn new(color: bool) -> HumanWriter {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_context_lines(0)
            .with_width(100)
            .without_primary_span_start();
        HumanWriter {
            handler,
            counts: Counts::default(),
        }
    }
}

impl FindingsSink for HumanWriter {
    fn document(&mut self, out: &mut dyn Write, d: &DocFindings<'_>) -> io::Result<()> {
        self.counts.add(d);
        let index = LineIndex::new(&d.doc.text);
        for f in d.findings {
            let (line, column) = index.line_column(f.span.start);
            let diag = FindingDiagnostic {
                finding: f,
                source: WindowedSource {
                    name: format!("{}:{line}:{column}", d.doc.name),
                    text: &d.doc.text,
                    line_starts: index.starts(),
                },
            };
            let mut rendered = String::new();
            self.handler
                .render_report(&mut rendered, &diag)
                .map_err(io::Error::other)?;
            out.write_all(rendered.as_bytes())?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>, out: &mut dyn Write) -> io::Result<()> {
        let Counts {
            files,
            errors,
            warnings,
            infos,
        } = self.counts;
        writeln!(
            out,
            "{files} file(s) checked: {errors} error(s), {warnings} warning(s), {infos} note(s)"
        )
    }
}

/// Writes findings as diagnostics with code frames, then a one-line summary.
pub fn write_human(out: &mut dyn Write, docs: &[DocFindings<'_>], color: bool) -> io::Result<()> {
    write_all(Box::new(HumanWriter::new(color)), out, docs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Reference, Related, Verdict};

    fn finding(help: Option<&str>, reference: Option<Reference>, related: Vec<Related>) -> Finding {
        Finding {
            rule: "rule-\"id\"".into(),
            severity: Severity::Warning,
            verdict: Verdict::WithinTolerance,
            message: "约140亿吨 \\ is \"within\"\n\ttolerance\u{1}".into(),
            span: 3..25,
            related,
            help: help.map(Into::into),
            reference,
        }
    }

    #[test]
    fn the_json_document_is_the_whole_value_pretty_printed() {
        use crate::normalize::Format;
        use crate::source::Document;
        let doc = |name: &str, text: &str| Document {
            name: name.into(),
            text: text.into(),
            format: Format::Text,
        };
        let related = |file: Option<&str>| Related {
            file: file.map(Into::into),
            position: file.map(|_| (3, 7)),
            span: 0..9,
            message: "116亿吨: 另一处".into(),
        };
        let reference = Reference {
            fact: "cn-ghg".into(),
            value: "15700000000".into(),
            unit: "t".into(),
            source: "EDGAR 2023".into(),
            url: None,
        };
        let a = doc("a.md", "第一行\n第二行 约140亿吨 的数字 116亿吨\n");
        let b = doc("b.txt", "");
        let c = doc("c.html", "<p>12.06亿千瓦</p>");
        let found = vec![
            finding(None, None, vec![]),
            finding(Some("fix \"it\""), Some(reference), vec![related(None)]),
            finding(None, None, vec![related(Some("b.txt")), related(None)]),
        ];
        let docs = [
            DocFindings {
                doc: &a,
                findings: &found,
            },
            DocFindings {
                doc: &b,
                findings: &[],
            },
            DocFindings {
                doc: &c,
                findings: &found[..1],
            },
        ];
        let mut streamed = Vec::new();
        write_json(&mut streamed, &docs).expect("writes");
        let whole = json!({
            "version": 1,
            "documents": docs.iter().map(|d| {
                let index = LineIndex::new(&d.doc.text);
                json!({
                    "file": d.doc.name,
                    "findings": d.findings.iter().map(|f| finding_json(&d.doc.name, &index, f)).collect::<Vec<_>>(),
                })
            }).collect::<Vec<_>>(),
            "summary": {"files": 3, "errors": 0, "warnings": 4, "infos": 0},
        });
        let expected = serde_json::to_string_pretty(&whole).expect("serializes") + "\n";
        assert_eq!(String::from_utf8(streamed).expect("UTF-8"), expected);
    }

    #[test]
    fn findings_write_the_bytes_serde_json_writes() {
        let text = "第一行\n第二行 约140亿吨 的数字\r\n第三行 116亿吨";
        let index = LineIndex::new(text);
        let reference = |url: Option<&str>| Reference {
            fact: "cn-ghg".into(),
            value: "15700000000".into(),
            unit: "t".into(),
            source: "EDGAR \"2023\"".into(),
            url: url.map(Into::into),
        };
        let related = vec![
            Related {
                file: None,
                position: None,
                span: 40..49,
                message: "the whole".into(),
            },
            Related {
                file: Some("other\\file.md".into()),
                position: Some((7, 18)),
                span: 1998..2025,
                message: "116亿吨: 116亿吨".into(),
            },
        ];
        let cases = [
            finding(None, None, Vec::new()),
            finding(Some("Check \"both\"."), None, related.clone()),
            finding(None, Some(reference(None)), related[..1].to_vec()),
            finding(
                Some(""),
                Some(reference(Some("https://x/?a=1&b=\"2\""))),
                related,
            ),
        ];
        let file = "dir/文章 \"1\".md";
        // Each case again, after the others: the strings it shares with the first time (the
        // same `Arc`s) are copied from where they were written, and the same texts in other
        // `Arc`s (the other cases') are not taken for them; then one rule and fact at two
        // severities.
        let mut error = cases[3].clone();
        error.severity = Severity::Error;
        let mut shared = SharedJson::new();
        let related_index = LineIndex::new(text);
        let (mut buf, mut expected) = (b"before".to_vec(), b"before".to_vec());
        let again = cases.iter().chain(cases.iter().rev());
        for f in cases.iter().chain(again).chain([&error, &cases[3]]) {
            let indexes = (&index, &related_index);
            write_finding(&mut buf, file, &json_str(file), indexes, &mut shared, f);
            serde_json::to_writer(&mut expected, &FindingOut::new(file, &index, f)).unwrap();
            buf.push(b'\n');
            expected.push(b'\n');
        }
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            String::from_utf8(expected).unwrap()
        );
        assert_eq!((shared.help.len(), shared.rule.len()), (2, 5));
        assert_eq!(shared.reference.len(), 2);
        // The same lines, written to a stream or appended to a buffer.
        let doc = crate::report::test_support::doc(file, text);
        let d = DocFindings {
            doc: &doc,
            findings: &cases,
        };
        let (mut streamed, mut pushed) = (Vec::new(), b"before\n".to_vec());
        write_jsonl_lines(&mut streamed, &d).unwrap();
        push_jsonl_lines(&mut pushed, &d);
        assert_eq!(pushed[7..], streamed[..]);
        // And with the line starts given (as `check` keeps them from checking the text).
        let mut given = b"before\n".to_vec();
        push_jsonl_lines_with(&mut given, &d, &crate::report::line_starts(text));
        assert_eq!(given, pushed);
        // And without the text, by the places of the findings and of their related claims
        // not placed yet (as `check` keeps a document for JSON Lines).
        let places = crate::report::Places::of(&LineIndex::new(text), placed_offsets(&cases), []);
        let textless = crate::report::test_support::doc(file, "");
        let placed = |found| DocFindings {
            doc: &textless,
            findings: found,
        };
        let mut by_places = b"before\n".to_vec();
        push_jsonl_lines_placed(&mut by_places, &placed(&cases), &places);
        assert_eq!(by_places, pushed);
        // A document without findings has no lines, line starts or not.
        let none = DocFindings {
            doc: &doc,
            findings: &[],
        };
        let mut empty = Vec::new();
        push_jsonl_lines(&mut empty, &none);
        push_jsonl_lines_with(&mut empty, &none, &[0, 4]);
        assert!(empty.is_empty());
        let lines: Vec<String> = cases
            .iter()
            .map(|f| serde_json::to_string(&FindingOut::new(file, &index, f)).unwrap() + "\n")
            .collect();
        assert_eq!(String::from_utf8(streamed).unwrap(), lines.concat());
        // Enough findings that the stream is written out several times as it goes (and the
        // shared strings written again after each time).
        let many: Vec<Finding> = cases.iter().cycle().take(2000).cloned().collect();
        let d = DocFindings {
            doc: &doc,
            findings: &many,
        };
        let (mut streamed, mut pushed) = (Vec::new(), Vec::new());
        write_jsonl_lines(&mut streamed, &d).unwrap();
        push_jsonl_lines(&mut pushed, &d);
        assert!(streamed.len() > 4 << 16, "{}", streamed.len());
        assert_eq!(pushed, streamed);
        let mut by_places = Vec::new();
        write_jsonl_lines_placed(&mut by_places, &placed(&many), &places).unwrap();
        assert_eq!(by_places, streamed);
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            lines.concat().repeat(500)
        );
    }
}

#[cfg(test)]
mod window_tests {
    use super::*;
    use crate::report::line_starts;

    /// The window, line and column of a span, counted from the start of the text (the way
    /// the index-free code did it).
    fn counted(text: &str, start: usize, end: usize) -> (usize, usize, usize, usize) {
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        let from = text[line_start..start]
            .char_indices()
            .rev()
            .nth(WINDOW_CHARS - 1)
            .map_or(line_start, |(i, _)| line_start + i);
        let to = text[end..line_end]
            .char_indices()
            .nth(WINDOW_CHARS)
            .map_or(line_end, |(i, _)| end + i);
        let line = text[..line_start].matches('\n').count();
        let column = text[line_start..from].chars().count();
        (from, to, line, column)
    }

    #[test]
    fn windows_with_line_starts_equal_windows_counted_from_the_start() {
        let long = "很长的一行，".repeat(20);
        let text = format!(
            "第一行 约140亿吨\n\n{long}2030年 27% {long}\r\nshort 1.5℃\n{long}末尾 12.06亿千瓦"
        );
        let starts = line_starts(&text);
        let source = WindowedSource {
            name: String::new(),
            text: &text,
            line_starts: &starts,
        };
        let chars: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let mut spans = 0;
        // Every span of one to three characters.
        for k in 0..chars.len() {
            for len in 1..=3 {
                let start = chars[k];
                let end = chars.get(k + len).copied().unwrap_or(text.len());
                let got = source
                    .read_span(&(start, end - start).into(), 0, 0)
                    .expect("in bounds");
                let (from, to, line, column) = counted(&text, start, end);
                assert_eq!(got.span().offset(), from, "span {start}..{end}");
                assert_eq!(got.span().len(), to - from, "span {start}..{end}");
                assert_eq!(got.line(), line, "span {start}..{end}");
                assert_eq!(got.column(), column, "span {start}..{end}");
                spans += 1;
            }
        }
        assert!(spans > 1000);
    }
}
