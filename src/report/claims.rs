//! Output of `emcheck extract`: the claims the extractors saw, as JSON Lines (one claim per
//! line, the contract in DESIGN.md), one JSON document, or a human view that shows each claim
//! inside its sentence. A claim's JSON object is written straight into a buffer (numbers and
//! dates without `Display`), byte for byte what serde_json writes for its `ClaimOut`, which
//! the tests keep as the reference.

use super::{
    LineIndex, pretty, push_clean_str, push_date, push_json_str, push_normalized, push_usize,
};
use crate::claim::{Claim, Value};
use crate::source::Document;
use rust_decimal::Decimal;
use serde_json::{Value as Json, json};
use std::io::{self, Write};

/// A document with its claims, ready to print.
pub struct DocClaims<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its claims, sorted by position.
    pub claims: &'a [Claim],
    /// The article date the normalizer found, if any.
    pub article_date: Option<crate::claim::PartialDate>,
}

/// A value written as the JSON string of its `Display` form, without an intermediate
/// `String`.
struct Shown<T>(T);

impl<T: std::fmt::Display> serde::Serialize for Shown<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// A decimal shown normalized (no trailing zeros, `0` for zero).
#[derive(Clone, Copy)]
struct Normalized(Decimal);

impl std::fmt::Display for Normalized {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0.normalize(), f)
    }
}

/// The years a claim is about: `2020`, or `2020..2030` for a span.
#[derive(Clone, Copy)]
struct Period(i32, i32);

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Period(a, b) = *self;
        if a == b {
            write!(f, "{a}")
        } else {
            write!(f, "{a}..{b}")
        }
    }
}

/// Appends a value as the JSON string of its `Display` form (digits, signs, points and dashes
/// need no escaping).
#[inline]
fn push_value(buf: &mut Vec<u8>, v: Value) {
    buf.push(b'"');
    match v {
        Value::Number(n) => push_normalized(buf, n),
        Value::Date(d) => push_date(buf, d),
    }
    buf.push(b'"');
}

/// How a JSON object is laid out: `Compact` as `serde_json::to_writer` writes it
/// (`{"a":1,"b":2}`), `Pretty` as `serde_json::to_writer_pretty` writes it at a depth (then
/// indented by `pretty::indent`).
trait Layout: Copy {
    /// Writes what comes before a value: `compact` is the compact form, `,"name":` (the
    /// object's first key opens it instead of following a comma).
    fn key(self, buf: &mut Vec<u8>, first: bool, compact: &'static str);
    /// Closes an object that has at least one field.
    fn close(self, buf: &mut Vec<u8>);
}

/// The compact layout of JSON Lines.
#[derive(Clone, Copy)]
struct Compact;

impl Layout for Compact {
    #[inline(always)]
    fn key(self, buf: &mut Vec<u8>, first: bool, compact: &'static str) {
        let at = buf.len();
        buf.extend_from_slice(compact.as_bytes());
        if first {
            buf[at] = b'{';
        }
    }

    fn close(self, buf: &mut Vec<u8>) {
        buf.push(b'}');
    }
}

/// The pretty layout of a JSON document, for an object whose line is this many spaces deep.
#[derive(Clone, Copy)]
struct Pretty(usize);

impl Layout for Pretty {
    fn key(self, buf: &mut Vec<u8>, first: bool, compact: &'static str) {
        buf.extend_from_slice(if first { b"{\n" } else { b",\n" });
        buf.resize(buf.len() + self.0 + 2, b' ');
        buf.extend_from_slice(&compact.as_bytes()[1..]);
        buf.push(b' ');
    }

    fn close(self, buf: &mut Vec<u8>) {
        buf.push(b'\n');
        buf.resize(buf.len() + self.0, b' ');
        buf.push(b'}');
    }
}

/// Writes the fields of one JSON object, in order.
struct Fields<'b, L> {
    buf: &'b mut Vec<u8>,
    layout: L,
    first: bool,
}

/// Writes the key `$name` (a plain name, no escaping needed) of `$fields` and gives the buffer
/// to write its value to.
macro_rules! key {
    ($fields:expr, $name:literal) => {
        $fields.key(concat!(",\"", $name, "\":"))
    };
}

impl<'b, L: Layout> Fields<'b, L> {
    fn open(buf: &'b mut Vec<u8>, layout: L) -> Self {
        Fields {
            buf,
            layout,
            first: true,
        }
    }

    /// Writes what comes before a value (see `Layout::key`) and gives the buffer to write
    /// the value to.
    #[inline(always)]
    fn key(&mut self, compact: &'static str) -> &mut Vec<u8> {
        self.layout.key(self.buf, self.first, compact);
        self.first = false;
        self.buf
    }

    /// Closes the object (which has at least one field).
    fn close(self) {
        self.layout.close(self.buf);
    }
}

/// One claim as written in JSON: the contract's fields (null when empty), then the extras
/// only when set. Fields in alphabetical order, the order of the JSON objects.
#[derive(serde::Serialize)]
struct ClaimOut<'a> {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    basis_ambiguous: bool,
    column: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<&'a str>,
    file: &'a str,
    gas: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hedge: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    high: Option<Shown<Value>>,
    kind: &'static str,
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    low: Option<Shown<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metric: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<Shown<Period>>,
    qualifier: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    range_of: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution: Option<Shown<Normalized>>,
    start: usize,
    text: &'a str,
    unit: Option<&'a str>,
    value: Option<Shown<Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weekday: Option<&'static str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    year_inferred: bool,
}

impl<'a> ClaimOut<'a> {
    fn new(file: &'a str, text: &'a str, index: &LineIndex<'_>, claim: &'a Claim) -> Self {
        let (line, column) = index.line_column(claim.span.start);
        let subject = &claim.subject;
        ClaimOut {
            basis_ambiguous: subject.basis_ambiguous,
            column,
            end: claim.span.end,
            entity: subject.entity.as_deref(),
            file,
            gas: claim.gas.map(|g| g.as_str()),
            hedge: claim.hedge.as_deref(),
            high: claim.high.map(Shown),
            kind: claim.kind.as_str(),
            line,
            low: claim.low.map(Shown),
            metric: subject.metric.as_deref(),
            period: subject.period.map(|(a, b)| Shown(Period(a, b))),
            qualifier: claim.qualifier.as_str(),
            range_of: claim.range_of.map(|k| k.as_str()),
            resolution: claim.resolution.map(|r| Shown(Normalized(r))),
            start: claim.span.start,
            text: &text[claim.span.clone()],
            unit: claim.unit.as_deref(),
            value: claim.value.map(Shown),
            weekday: claim.weekday.map(|w| w.as_str()),
            year_inferred: claim.year_inferred,
        }
    }
}

/// Appends the JSON object of `claim` (of the document `text`, at `line` and `column`) to `buf`
/// in `layout`: the bytes serde_json writes for its `ClaimOut` (a test holds the two equal),
/// read from the claim without serde's call per key and value. `file` is the file name as a
/// JSON string (`json_str`), escaped once per document; the names of kinds, qualifiers and
/// gases need no escaping.
fn write_claim(
    buf: &mut Vec<u8>,
    layout: impl Layout,
    file: &[u8],
    text: &str,
    (line, column): (usize, usize),
    claim: &Claim,
) {
    let subject = &claim.subject;
    let mut o = Fields::open(buf, layout);
    if subject.basis_ambiguous {
        key!(o, "basis_ambiguous").extend_from_slice(b"true");
    }
    push_usize(key!(o, "column"), column);
    push_usize(key!(o, "end"), claim.span.end);
    if let Some(entity) = &subject.entity {
        push_json_str(key!(o, "entity"), entity);
    }
    key!(o, "file").extend_from_slice(file);
    match claim.gas {
        Some(gas) => push_clean_str(key!(o, "gas"), gas.as_str()),
        None => key!(o, "gas").extend_from_slice(b"null"),
    }
    if let Some(hedge) = &claim.hedge {
        push_json_str(key!(o, "hedge"), hedge);
    }
    if let Some(high) = claim.high {
        push_value(key!(o, "high"), high);
    }
    push_clean_str(key!(o, "kind"), claim.kind.as_str());
    push_usize(key!(o, "line"), line);
    if let Some(low) = claim.low {
        push_value(key!(o, "low"), low);
    }
    if let Some(metric) = &subject.metric {
        push_json_str(key!(o, "metric"), metric);
    }
    if let Some((a, b)) = subject.period {
        let buf = key!(o, "period");
        let mut itoa = itoa::Buffer::new();
        buf.push(b'"');
        buf.extend_from_slice(itoa.format(a).as_bytes());
        if a != b {
            buf.extend_from_slice(b"..");
            buf.extend_from_slice(itoa.format(b).as_bytes());
        }
        buf.push(b'"');
    }
    push_clean_str(key!(o, "qualifier"), claim.qualifier.as_str());
    if let Some(range_of) = claim.range_of {
        push_clean_str(key!(o, "range_of"), range_of.as_str());
    }
    if let Some(resolution) = claim.resolution {
        let buf = key!(o, "resolution");
        buf.push(b'"');
        push_normalized(buf, resolution);
        buf.push(b'"');
    }
    push_usize(key!(o, "start"), claim.span.start);
    push_json_str(key!(o, "text"), &text[claim.span.clone()]);
    match claim.unit.as_deref() {
        Some(unit) => push_json_str(key!(o, "unit"), unit),
        None => key!(o, "unit").extend_from_slice(b"null"),
    }
    match claim.value {
        Some(value) => push_value(key!(o, "value"), value),
        None => key!(o, "value").extend_from_slice(b"null"),
    }
    if let Some(weekday) = claim.weekday {
        push_clean_str(key!(o, "weekday"), weekday.as_str());
    }
    if claim.year_inferred {
        key!(o, "year_inferred").extend_from_slice(b"true");
    }
    o.close();
}

/// `s` as a JSON string.
fn json_str(s: &str) -> Vec<u8> {
    let mut buf = Vec::new();
    push_json_str(&mut buf, s);
    buf
}

/// The JSON object of one claim (contract fields, extras only when set).
pub fn claim_json(file: &str, text: &str, index: &LineIndex<'_>, claim: &Claim) -> Json {
    serde_json::to_value(ClaimOut::new(file, text, index, claim)).unwrap_or(Json::Null)
}

/// The formats `emcheck extract` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClaimsFormat {
    /// One JSON line per claim.
    Jsonl,
    /// One JSON document: `{"version": 1, "documents": [{"file", "article_date", "claims"}]}`.
    Json,
    /// The human view; `color` highlights claims with ANSI codes.
    Human {
        /// Whether to use ANSI colours.
        color: bool,
    },
}

/// Writes the claims of documents one document at a time, in input order. A document is
/// first rendered on its own (`ClaimsWriter::document`, which may run on any thread, a part of
/// the document at a time), then written in order with `ClaimsWriter::write`.
pub struct ClaimsWriter {
    format: ClaimsFormat,
    /// The JSON document, its `documents` array streamed.
    json: Option<pretty::Streamed>,
}

/// One document rendered: `head`, then the body the renderer wrote, then `tail`.
pub struct Rendered {
    /// What comes before the claims (the human header, the JSON object's opening).
    pub head: String,
    /// What comes after them.
    pub tail: String,
}

/// At least the bytes of a claim's JSON line, besides its file name, unless its strings need
/// escaping: its names, numbers and values, and its strings.
fn claim_bytes(c: &Claim) -> usize {
    /// The most the names, numbers and values take (a line without strings takes about 170).
    const FIXED: usize = 320;
    let len = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    FIXED
        + c.span.len()
        + c.unit.as_deref().map_or(0, str::len)
        + len(&c.hedge)
        + len(&c.subject.entity)
        + len(&c.subject.metric)
}

/// Renders the claims of one document, a part at a time.
pub struct DocRender<'d> {
    doc: &'d Document,
    index: LineIndex<'d>,
    format: ClaimsFormat,
    depth: usize,
    count: usize,
    /// The file name as a JSON string, written into every claim's object.
    file: Vec<u8>,
    /// The JSON object's opening and closing, and its `claims` array, once the date is known.
    json: Option<(pretty::Template, pretty::Array)>,
}

fn json_template(doc: &Document, date: Option<crate::claim::PartialDate>) -> Json {
    json!({
        "file": doc.name,
        "article_date": date.map(|a| a.to_string()),
        "claims": pretty::HOLE,
    })
}

impl ClaimsWriter {
    /// Starts the output (the opening of the JSON document).
    pub fn begin(out: &mut dyn Write, format: ClaimsFormat) -> io::Result<ClaimsWriter> {
        let json = if format == ClaimsFormat::Json {
            let template = json!({"version": 1, "documents": pretty::HOLE});
            Some(pretty::Streamed::begin(out, &template)?)
        } else {
            None
        };
        Ok(ClaimsWriter { format, json })
    }

    /// A renderer for the claims of `doc`.
    pub fn document<'d>(&self, doc: &'d Document) -> DocRender<'d> {
        DocRender {
            doc,
            index: LineIndex::new(&doc.text),
            format: self.format,
            depth: self.json.as_ref().map_or(0, |d| d.items.depth()),
            count: 0,
            file: match self.format {
                ClaimsFormat::Human { .. } => Vec::new(),
                _ => json_str(&doc.name),
            },
            json: None,
        }
    }

    /// Writes a rendered document: its head, its body (which `body` writes), its tail.
    pub fn write(
        &mut self,
        out: &mut dyn Write,
        rendered: &Rendered,
        body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        if let Some(json) = &mut self.json {
            json.items.next_item(out)?;
        }
        out.write_all(rendered.head.as_bytes())?;
        body(out)?;
        out.write_all(rendered.tail.as_bytes())
    }

    /// Ends the output.
    pub fn finish(self, out: &mut dyn Write) -> io::Result<()> {
        match self.json {
            Some(json) => json.finish(out),
            None => Ok(()),
        }
    }

    /// Renders and writes a document whose claims are all at hand.
    pub fn write_document(&mut self, out: &mut dyn Write, d: &DocClaims<'_>) -> io::Result<()> {
        let mut render = self.document(d.doc);
        let mut body = Vec::new();
        render.part(&mut body, d.claims, d.article_date)?;
        let rendered = render.finish(&mut body, d.article_date)?;
        self.write(out, &rendered, |out| out.write_all(&body))
    }
}

impl DocRender<'_> {
    /// Renders the claims of the next part at the end of `body` (which the caller may empty
    /// between parts); `date` is the article date in effect.
    pub fn part(
        &mut self,
        body: &mut Vec<u8>,
        claims: &[Claim],
        date: Option<crate::claim::PartialDate>,
    ) -> io::Result<()> {
        self.count += claims.len();
        let (doc, index) = (self.doc, &self.index);
        match self.format {
            ClaimsFormat::Jsonl => {
                // Room for the part's lines at once, rather than growing into it (each time a
                // copy of all written so far).
                let file = self.file.len();
                body.reserve(claims.iter().map(|c| claim_bytes(c) + file).sum());
                for c in claims {
                    let at = index.line_column(c.span.start);
                    write_claim(body, Compact, &self.file, &doc.text, at, c);
                    body.push(b'\n');
                }
            }
            ClaimsFormat::Json => {
                let depth = self.depth;
                let (_, array) = self.json.get_or_insert_with(|| {
                    let t = pretty::Template::split(&json_template(doc, date), depth);
                    let array = pretty::Array::new(t.indent);
                    (t, array)
                });
                for c in claims {
                    array.next_item(&mut *body)?;
                    let at = index.line_column(c.span.start);
                    write_claim(body, Pretty(array.depth()), &self.file, &doc.text, at, c);
                }
            }
            ClaimsFormat::Human { color } => {
                for c in claims {
                    write_human_claim(body, doc, index, c, color)?;
                }
            }
        }
        Ok(())
    }

    /// Ends the document (writing what closes its body) and gives its head and tail.
    pub fn finish(
        mut self,
        body: &mut Vec<u8>,
        date: Option<crate::claim::PartialDate>,
    ) -> io::Result<Rendered> {
        let doc = self.doc;
        Ok(match self.format {
            ClaimsFormat::Jsonl => Rendered {
                head: String::new(),
                tail: String::new(),
            },
            ClaimsFormat::Json => {
                if self.json.is_none() {
                    self.part(body, &[], date)?;
                }
                let (t, array) = self.json.take().expect("set by part");
                array.close(body)?;
                Rendered {
                    head: t.before,
                    tail: t.after,
                }
            }
            ClaimsFormat::Human { .. } => {
                let date = date
                    .map(|a| format!(", article date {a}"))
                    .unwrap_or_default();
                Rendered {
                    head: format!("{} — {} claims{date}\n", doc.name, self.count),
                    tail: String::new(),
                }
            }
        })
    }
}

/// Writes every document with `format`.
fn write_all(out: &mut dyn Write, docs: &[DocClaims<'_>], format: ClaimsFormat) -> io::Result<()> {
    let mut writer = ClaimsWriter::begin(out, format)?;
    for d in docs {
        writer.write_document(out, d)?;
    }
    writer.finish(out)
}

/// Writes one JSON line per claim.
pub fn write_jsonl(out: &mut dyn Write, docs: &[DocClaims<'_>]) -> io::Result<()> {
    write_all(out, docs, ClaimsFormat::Jsonl)
}

/// Writes one JSON document: `{"version": 1, "documents": [{"file", "article_date", "claims": [...]}]}`.
pub fn write_json(out: &mut dyn Write, docs: &[DocClaims<'_>]) -> io::Result<()> {
    write_all(out, docs, ClaimsFormat::Json)
}

/// The context shown around a claim, without HTML tags and line breaks (display only).
fn strip_markup(context: &str) -> String {
    static TAG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"<[^<>]*>|<[^<>]*$|^[^<>]*>").expect("valid regex")
    });
    TAG.replace_all(context, "").replace('\n', " ")
}

/// How much sentence to show on each side of a claim, in characters.
const CONTEXT_CHARS: usize = 24;

/// The value of a claim as a person reads it: `13900000000 t CO2e`, `50–52 %`, `2023-11-08 (Wed)`.
pub fn describe_value(claim: &Claim) -> String {
    let unit = claim
        .unit
        .as_deref()
        .filter(|u| *u != "date")
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    let mut s = match (claim.value, claim.low, claim.high) {
        (Some(Value::Date(d)), _, _) => d.to_string(),
        (Some(v), _, _) => format!("{v}{unit}"),
        (None, Some(lo), Some(hi)) => format!("{lo}–{hi}{unit}"),
        _ => String::from("?"),
    };
    if let Some(g) = claim.gas {
        s.push(' ');
        s.push_str(g.as_str());
    }
    if let Some(w) = claim.weekday {
        s.push_str(&format!(" ({})", w.as_str()));
    }
    s
}

/// Writes the human view: per document, each claim with its position, kind and value, and the
/// surrounding text with the claim marked. `color` highlights the claim with ANSI codes.
pub fn write_human(out: &mut dyn Write, docs: &[DocClaims<'_>], color: bool) -> io::Result<()> {
    write_all(out, docs, ClaimsFormat::Human { color })
}

/// One claim of the human view: position, kind and value, then the text around it.
fn write_human_claim(
    out: &mut dyn Write,
    doc: &Document,
    index: &LineIndex<'_>,
    c: &Claim,
    color: bool,
) -> io::Result<()> {
    let (hl, reset, dim) = if color {
        ("\x1b[1;33m", "\x1b[0m", "\x1b[2m")
    } else {
        ("【", "】", "")
    };
    let dim_reset = if color { reset } else { "" };
    let (line, column) = index.line_column(c.span.start);
    let text = &doc.text;
    let qualifier = match c.qualifier {
        crate::claim::Qualifier::Exact => String::new(),
        q => format!(
            " [{}{}]",
            q.as_str(),
            c.hedge
                .as_deref()
                .map(|h| format!(": {h}"))
                .unwrap_or_default()
        ),
    };
    let inferred = if c.year_inferred {
        " (year inferred)"
    } else {
        ""
    };
    writeln!(
        out,
        "  {line}:{column}  {}  {}{qualifier}{inferred}",
        c.kind,
        describe_value(c)
    )?;
    let lr = index.line_range(c.span.start);
    let before: String = {
        let b = &text[lr.start..c.span.start];
        let chars: Vec<char> = b.chars().collect();
        chars[chars.len().saturating_sub(CONTEXT_CHARS)..]
            .iter()
            .collect()
    };
    let after: String = text[c.span.end.min(text.len())..]
        .chars()
        .take_while(|ch| *ch != '\n')
        .take(CONTEXT_CHARS)
        .collect();
    let (before, after) = (strip_markup(&before), strip_markup(&after));
    let shown = text[c.span.clone()].replace('\n', "⏎");
    writeln!(
        out,
        "      {dim}…{before}{dim_reset}{hl}{shown}{reset}{dim}{after}…{dim_reset}"
    )
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::claim::{Gas, Kind, PartialDate, Qualifier, Subject, Weekday};
    use proptest::prelude::*;

    /// Every kind, qualifier and gas (also for `report::tests`).
    pub(in crate::report) const KINDS: [Kind; 15] = [
        Kind::Number,
        Kind::Quantity,
        Kind::Percent,
        Kind::PercentagePoint,
        Kind::Temperature,
        Kind::Money,
        Kind::Count,
        Kind::Date,
        Kind::Year,
        Kind::Duration,
        Kind::Ratio,
        Kind::Range,
        Kind::Ordinal,
        Kind::Rank,
        Kind::Age,
    ];
    pub(in crate::report) const QUALIFIERS: [Qualifier; 6] = [
        Qualifier::Exact,
        Qualifier::Approx,
        Qualifier::AtLeast,
        Qualifier::AtMost,
        Qualifier::MoreThan,
        Qualifier::LessThan,
    ];
    pub(in crate::report) const GASES: [Gas; 5] = [Gas::CO2, Gas::CO2e, Gas::CH4, Gas::N2O, Gas::C];

    fn normalized(d: Decimal) -> String {
        let mut buf = Vec::new();
        push_normalized(&mut buf, d);
        String::from_utf8(buf).unwrap()
    }

    fn date(d: PartialDate) -> String {
        let mut buf = Vec::new();
        push_date(&mut buf, d);
        String::from_utf8(buf).unwrap()
    }

    /// The compact and pretty bytes of a claim's object, and serde_json's for the same
    /// `ClaimOut`.
    fn both_ways(file: &str, text: &str, claim: &Claim) -> [(String, String); 2] {
        let index = LineIndex::new(text);
        let out = ClaimOut::new(file, text, &index, claim);
        let at = (out.line, out.column);
        let mut compact = Vec::new();
        write_claim(&mut compact, Compact, &json_str(file), text, at, claim);
        let mut pretty_bytes = Vec::new();
        write_claim(
            &mut pretty_bytes,
            Pretty(6),
            &json_str(file),
            text,
            at,
            claim,
        );
        [
            (
                String::from_utf8(compact).unwrap(),
                serde_json::to_string(&out).unwrap(),
            ),
            (
                String::from_utf8(pretty_bytes).unwrap(),
                pretty::indent(&pretty::pretty(&out), 6),
            ),
        ]
    }

    #[test]
    fn decimals_print_as_display_prints_them_normalized() {
        for s in [
            "0",
            "0.000",
            "-0.0",
            "1",
            "-1",
            "10",
            "10.0",
            "-2.0",
            "100",
            "1.500",
            "-1.500",
            "0.1",
            "0.001",
            "-0.0100",
            "123.456",
            "1000000000",
            "13800000000",
            "0.000000000000000000000000001",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
            "18446744073709551615",
            "18446744073709551616",
        ] {
            let d: Decimal = s.parse().unwrap();
            assert_eq!(normalized(d), d.normalize().to_string(), "{s}");
            assert_eq!(normalized(d.normalize()), d.normalize().to_string(), "{s}");
        }
        // A negative zero (which `normalize` turns into a plain zero).
        let negative_zero = Decimal::from_parts(0, 0, 0, true, 3);
        assert_eq!(
            normalized(negative_zero),
            negative_zero.normalize().to_string()
        );
    }

    #[test]
    fn dates_print_as_display_prints_them() {
        let years = [
            None,
            Some(-10_000),
            Some(-5),
            Some(0),
            Some(7),
            Some(42),
            Some(999),
        ];
        let years = years.into_iter().chain([
            Some(2023),
            Some(9999),
            Some(10_000),
            Some(i32::MAX),
            Some(i32::MIN),
        ]);
        for year in years {
            for month in [
                None,
                Some(0),
                Some(1),
                Some(9),
                Some(10),
                Some(12),
                Some(255),
            ] {
                for day in [None, Some(0), Some(8), Some(31), Some(99), Some(100)] {
                    let d = PartialDate { year, month, day };
                    assert_eq!(date(d), d.to_string(), "{d:?}");
                }
            }
        }
    }

    /// Any decimal: any mantissa, scale and sign, or a small mantissa times a power of ten
    /// (values with trailing zeros, as figures often are).
    fn decimal() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (
                any::<u32>(),
                any::<u32>(),
                any::<u32>(),
                any::<bool>(),
                0u32..=28
            )
                .prop_map(|(lo, mid, hi, neg, scale)| Decimal::from_parts(lo, mid, hi, neg, scale)),
            (-100_000i64..100_000, 0u32..12, 0u32..=28).prop_map(|(m, zeros, scale)| {
                Decimal::from_i128_with_scale(i128::from(m) * 10i128.pow(zeros), scale)
            }),
        ]
    }

    fn partial_date() -> impl Strategy<Value = PartialDate> {
        (
            proptest::option::of(prop_oneof![any::<i32>(), 1900i32..2100]),
            proptest::option::of(prop_oneof![any::<u8>(), 1u8..13]),
            proptest::option::of(prop_oneof![any::<u8>(), 1u8..32]),
        )
            .prop_map(|(year, month, day)| PartialDate { year, month, day })
    }

    fn value() -> impl Strategy<Value = Value> {
        prop_oneof![
            decimal().prop_map(Value::Number),
            decimal().prop_map(|d| Value::Number(d.normalize())),
            partial_date().prop_map(Value::Date),
        ]
    }

    /// Strings with the characters JSON escapes, and non-ASCII ones.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[a-z0-9\"\\\\/\\x00-\\x1f\\x7f 约亿吨二氧化碳—é\u{2028}]{0,40}",
        ]
    }

    /// A document (the claim's text between two others) and a claim over it with every
    /// field arbitrary.
    fn document_and_claim() -> impl Strategy<Value = (String, String, Claim)> {
        let texts = (text(), text(), text(), text());
        let strings = (
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(text()),
            proptest::option::of(text()),
        );
        let values = (
            proptest::option::of(value()),
            proptest::option::of(value()),
            proptest::option::of(value()),
            proptest::option::of(decimal()),
        );
        let names = (
            0..KINDS.len(),
            proptest::option::of(0..KINDS.len()),
            0..QUALIFIERS.len(),
            proptest::option::of(0..GASES.len()),
            proptest::option::of(any::<u8>()),
            proptest::option::of((any::<i32>(), any::<i32>())),
            any::<(bool, bool, bool)>(),
        );
        (texts, strings, values, names).prop_map(
            |(
                (file, before, shown, after),
                (unit, hedge, entity, metric),
                (value, low, high, resolution),
                (kind, range_of, qualifier, gas, weekday, period, (ambiguous, inferred, same)),
            )| {
                let text = format!("{before}{shown}{after}");
                let span = before.len()..before.len() + shown.len();
                let claim = Claim {
                    span,
                    kind: KINDS[kind],
                    value,
                    low,
                    high,
                    range_of: range_of.map(|k| KINDS[k]),
                    unit: unit.map(Into::into),
                    gas: gas.map(|g| GASES[g]),
                    qualifier: QUALIFIERS[qualifier],
                    hedge,
                    resolution,
                    weekday: weekday.map(Weekday),
                    year_inferred: inferred,
                    written: None,
                    unit_factor: None,
                    subject: Subject {
                        entity,
                        metric,
                        // A span of years, or one year.
                        period: period.map(|(a, b)| (a, if same { a } else { b })),
                        basis_ambiguous: ambiguous,
                    },
                };
                (file, text, claim)
            },
        )
    }

    proptest! {
        #[test]
        fn any_decimal_prints_as_display_prints_it_normalized(d in decimal()) {
            prop_assert_eq!(normalized(d), d.normalize().to_string());
        }

        #[test]
        fn any_date_prints_as_display_prints_it(d in partial_date()) {
            prop_assert_eq!(date(d), d.to_string());
        }

        #[test]
        fn any_claim_writes_the_bytes_serde_json_writes(
            (file, text, claim) in document_and_claim()
        ) {
            for (direct, serde) in both_ways(&file, &text, &claim) {
                prop_assert_eq!(direct, serde);
            }
        }
    }

    /// Every file under `dir`, recursively.
    fn files_under(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files_under(&path, found);
            } else {
                found.push(path);
            }
        }
    }

    #[test]
    fn fixture_claims_write_the_bytes_serde_json_writes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut files = Vec::new();
        files_under(&root, &mut files);
        files.sort();
        let mut claims = 0;
        for path in files {
            let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("");
            if !["txt", "md", "html"].contains(&ext) {
                continue;
            }
            // Some fixtures are meant to be refused (a binary file).
            let Ok(doc) = crate::source::read_file(&path) else {
                continue;
            };
            let extraction =
                crate::extract_document(&doc, None, crate::catalog::Catalog::builtin());
            for claim in &extraction.claims {
                for (direct, serde) in both_ways(&doc.name, &doc.text, claim) {
                    assert_eq!(direct, serde, "{}", doc.name);
                }
                claims += 1;
            }
        }
        assert!(claims > 100, "only {claims} claims in the fixtures");
    }

    #[test]
    fn jsonl_and_json_documents_keep_their_layout() {
        let text = "中国2022年排放约140亿吨二氧化碳当量，\"同比\"增长0.50%。";
        let doc = crate::report::test_support::doc("dir/a \"1\".md", text);
        let extraction = crate::extract_document(&doc, None, crate::catalog::Catalog::builtin());
        assert!(extraction.claims.len() >= 2);
        let docs = [DocClaims {
            doc: &doc,
            claims: &extraction.claims,
            article_date: extraction.article_date,
        }];
        let index = LineIndex::new(text);
        let outs: Vec<ClaimOut<'_>> = extraction
            .claims
            .iter()
            .map(|c| ClaimOut::new(&doc.name, text, &index, c))
            .collect();

        let mut jsonl = Vec::new();
        write_jsonl(&mut jsonl, &docs).unwrap();
        let expected: String = outs
            .iter()
            .map(|o| serde_json::to_string(o).unwrap() + "\n")
            .collect();
        assert_eq!(String::from_utf8(jsonl).unwrap(), expected);

        let mut json = Vec::new();
        write_json(&mut json, &docs).unwrap();
        let claims: Vec<Json> = outs
            .iter()
            .map(|o| serde_json::to_value(o).unwrap())
            .collect();
        let whole = json!({"version": 1, "documents": [{
            "file": doc.name,
            "article_date": extraction.article_date.map(|a| a.to_string()),
            "claims": claims,
        }]});
        assert_eq!(
            String::from_utf8(json).unwrap(),
            pretty::pretty(&whole) + "\n"
        );
    }
}
