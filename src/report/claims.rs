//! Output of `emcheck extract`: the claims the extractors saw, as JSON Lines (one claim per
//! line, the contract in DESIGN.md), one JSON document, or a human view that shows each claim
//! inside its sentence.

use super::LineIndex;
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
    high: Option<String>,
    kind: &'static str,
    line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    low: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metric: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<String>,
    qualifier: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    range_of: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resolution: Option<String>,
    start: usize,
    text: &'a str,
    unit: Option<&'a str>,
    value: Option<String>,
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
            high: claim.high.map(|v| v.to_string()),
            kind: claim.kind.as_str(),
            line,
            low: claim.low.map(|v| v.to_string()),
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
            resolution: claim.resolution.map(|r| r.normalize().to_string()),
            start: claim.span.start,
            text: &text[claim.span.clone()],
            unit: claim.unit.as_deref(),
            value: claim.value.map(|v| v.to_string()),
            weekday: claim.weekday.map(|w| w.as_str()),
            year_inferred: claim.year_inferred,
        }
    }
}

/// The JSON object of one claim (contract fields, extras only when set).
pub fn claim_json(file: &str, text: &str, index: &LineIndex<'_>, claim: &Claim) -> Json {
    serde_json::to_value(ClaimOut::new(file, text, index, claim)).unwrap_or(Json::Null)
}

/// Writes one JSON line per claim.
pub fn write_jsonl(out: &mut dyn Write, docs: &[DocClaims<'_>]) -> io::Result<()> {
    for d in docs {
        let index = LineIndex::new(&d.doc.text);
        for c in d.claims {
            serde_json::to_writer(
                &mut *out,
                &ClaimOut::new(&d.doc.name, &d.doc.text, &index, c),
            )?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}

/// Writes one JSON document: `{"version": 1, "documents": [{"file", "article_date", "claims": [...]}]}`.
pub fn write_json(out: &mut dyn Write, docs: &[DocClaims<'_>]) -> io::Result<()> {
    let documents: Vec<Json> = docs
        .iter()
        .map(|d| {
            let index = LineIndex::new(&d.doc.text);
            json!({
                "file": d.doc.name,
                "article_date": d.article_date.map(|a| a.to_string()),
                "claims": d.claims.iter().map(|c| claim_json(&d.doc.name, &d.doc.text, &index, c)).collect::<Vec<_>>(),
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &json!({"version": 1, "documents": documents}))?;
    out.write_all(b"\n")
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
    let (hl, reset, dim) = if color {
        ("\x1b[1;33m", "\x1b[0m", "\x1b[2m")
    } else {
        ("【", "】", "")
    };
    let dim_reset = if color { reset } else { "" };
    for d in docs {
        let index = LineIndex::new(&d.doc.text);
        let date = d
            .article_date
            .map(|a| format!(", article date {a}"))
            .unwrap_or_default();
        writeln!(out, "{} — {} claims{date}", d.doc.name, d.claims.len())?;
        for c in d.claims {
            let (line, column) = index.line_column(c.span.start);
            let text = &d.doc.text;
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
            )?;
        }
    }
    Ok(())
}
