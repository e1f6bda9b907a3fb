//! Output of `emcheck extract`: the claims the extractors saw, as JSON Lines (one claim per
//! line, the contract in DESIGN.md), one JSON document, or a human view that shows each claim
//! inside its sentence.

use super::{LineIndex, pretty};
use crate::claim::{Claim, Value};
use crate::source::Document;
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
    period: Option<String>,
    qualifier: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    range_of: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution: Option<Shown<rust_decimal::Decimal>>,
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
            period: subject.period.map(|(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}..{b}")
                }
            }),
            qualifier: claim.qualifier.as_str(),
            range_of: claim.range_of.map(|k| k.as_str()),
            resolution: claim.resolution.map(|r| Shown(r.normalize())),
            start: claim.span.start,
            text: &text[claim.span.clone()],
            unit: claim.unit.as_deref(),
            value: claim.value.map(Shown),
            weekday: claim.weekday.map(|w| w.as_str()),
            year_inferred: claim.year_inferred,
        }
    }
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

/// Renders the claims of one document, a part at a time.
pub struct DocRender<'d> {
    doc: &'d Document,
    index: LineIndex<'d>,
    format: ClaimsFormat,
    depth: usize,
    count: usize,
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
            json: None,
        }
    }

    /// Writes a rendered document: its head, its body (read from `body`), its tail.
    pub fn write(
        &mut self,
        out: &mut dyn Write,
        rendered: &Rendered,
        body: &mut dyn io::Read,
    ) -> io::Result<()> {
        if let Some(json) = &mut self.json {
            json.items.next_item(out)?;
        }
        out.write_all(rendered.head.as_bytes())?;
        io::copy(body, out)?;
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
        self.write(out, &rendered, &mut body.as_slice())
    }
}

impl DocRender<'_> {
    /// Renders the claims of the next part into `body`; `date` is the article date in effect.
    pub fn part(
        &mut self,
        body: &mut dyn Write,
        claims: &[Claim],
        date: Option<crate::claim::PartialDate>,
    ) -> io::Result<()> {
        self.count += claims.len();
        let (doc, index) = (self.doc, &self.index);
        match self.format {
            ClaimsFormat::Jsonl => {
                // Serialized into a local buffer (serde_json writes each key and value
                // separately: through `dyn Write` that was most of the time), passed on by
                // the 64 KB.
                let mut buf = Vec::with_capacity(1 << 16);
                for c in claims {
                    serde_json::to_writer(
                        &mut buf,
                        &ClaimOut::new(&doc.name, &doc.text, index, c),
                    )?;
                    buf.push(b'\n');
                    if buf.len() >= 1 << 16 {
                        body.write_all(&buf)?;
                        buf.clear();
                    }
                }
                body.write_all(&buf)?;
            }
            ClaimsFormat::Json => {
                let depth = self.depth;
                let (_, array) = self.json.get_or_insert_with(|| {
                    let t = pretty::Template::split(&json_template(doc, date), depth);
                    let array = pretty::Array::new(t.indent);
                    (t, array)
                });
                for c in claims {
                    array.item(&mut *body, &ClaimOut::new(&doc.name, &doc.text, index, c))?;
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
        body: &mut dyn Write,
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
