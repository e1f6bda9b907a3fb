//! Output of `emcheck extract`: the claims the extractors saw, as JSON Lines (one claim per
//! line, the contract in DESIGN.md), one JSON document, or a human view that shows each claim
//! inside its sentence.

use super::LineIndex;
use crate::claim::{Claim, Value};
use crate::source::Document;
use serde_json::{Map, Value as Json, json};
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

/// The JSON object of one claim (contract fields first, extras only when set).
pub fn claim_json(file: &str, text: &str, index: &LineIndex<'_>, claim: &Claim) -> Json {
    let (line, column) = index.line_column(claim.span.start);
    let mut m = Map::new();
    m.insert("file".into(), json!(file));
    m.insert("start".into(), json!(claim.span.start));
    m.insert("end".into(), json!(claim.span.end));
    m.insert("line".into(), json!(line));
    m.insert("column".into(), json!(column));
    m.insert("text".into(), json!(&text[claim.span.clone()]));
    m.insert("kind".into(), json!(claim.kind.as_str()));
    m.insert(
        "value".into(),
        claim.value.map_or(Json::Null, |v| json!(v.to_string())),
    );
    m.insert(
        "unit".into(),
        claim.unit.as_deref().map_or(Json::Null, |u| json!(u)),
    );
    m.insert(
        "gas".into(),
        claim.gas.map_or(Json::Null, |g| json!(g.as_str())),
    );
    m.insert("qualifier".into(), json!(claim.qualifier.as_str()));
    if let Some(low) = claim.low {
        m.insert("low".into(), json!(low.to_string()));
    }
    if let Some(high) = claim.high {
        m.insert("high".into(), json!(high.to_string()));
    }
    if let Some(of) = claim.range_of {
        m.insert("range_of".into(), json!(of.as_str()));
    }
    if let Some(h) = &claim.hedge {
        m.insert("hedge".into(), json!(h));
    }
    if let Some(r) = claim.resolution {
        m.insert("resolution".into(), json!(r.normalize().to_string()));
    }
    if let Some(w) = claim.weekday {
        m.insert("weekday".into(), json!(w.as_str()));
    }
    if claim.year_inferred {
        m.insert("year_inferred".into(), json!(true));
    }
    let subject = &claim.subject;
    if let Some(e) = &subject.entity {
        m.insert("entity".into(), json!(e));
    }
    if let Some(metric) = &subject.metric {
        m.insert("metric".into(), json!(metric));
    }
    if let Some((a, b)) = subject.period {
        let period = if a == b {
            a.to_string()
        } else {
            format!("{a}..{b}")
        };
        m.insert("period".into(), json!(period));
    }
    if subject.basis_ambiguous {
        m.insert("basis_ambiguous".into(), json!(true));
    }
    Json::Object(m)
}

/// Writes one JSON line per claim.
pub fn write_jsonl(out: &mut dyn Write, docs: &[DocClaims<'_>]) -> io::Result<()> {
    for d in docs {
        let index = LineIndex::new(&d.doc.text);
        for c in d.claims {
            serde_json::to_writer(&mut *out, &claim_json(&d.doc.name, &d.doc.text, &index, c))?;
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
