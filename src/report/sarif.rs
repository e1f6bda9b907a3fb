//! SARIF 2.1.0 and GitHub Actions views of findings, for code-review systems and CI.
//!
//! SARIF: one run, the rule table from the catalog (id, summary, docs, help, default level),
//! `columnKind: unicodeCodePoints` with columns counted in characters (a Chinese character is
//! one column), related places as `relatedLocations`, and a `partialFingerprints` entry that
//! depends on the rule, the file and the claim's text, not on line numbers.

use super::{LineIndex, pretty};
use crate::catalog::Catalog;
use crate::catalog::checks::Severity;
use crate::finding::Finding;
use crate::report::findings::{DocFindings, FindingsSink, write_all};
use serde_json::{Value as Json, json};
use std::io::{self, Write};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A stable fingerprint of a finding: FNV-1a over rule, file and the text of the claim.
pub fn fingerprint(rule: &str, file: &str, text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in rule
        .bytes()
        .chain([0])
        .chain(file.bytes())
        .chain([0])
        .chain(text.bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn region(index: &LineIndex<'_>, text: &str, span: &std::ops::Range<usize>) -> Json {
    let (start_line, start_column) = index.line_column(span.start);
    let (end_line, end_column) = index.line_column(span.end);
    json!({
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
        "snippet": {"text": text.get(span.clone()).unwrap_or("")},
    })
}

/// One SARIF 2.1.0 log, a result at a time.
pub struct SarifWriter<'c> {
    rules: Vec<&'c crate::catalog::checks::Rule>,
    json: pretty::Streamed,
}

impl<'c> SarifWriter<'c> {
    /// Writes the opening of the log; `catalog` gives the rule table.
    pub fn begin(out: &mut dyn Write, catalog: &'c Catalog) -> io::Result<SarifWriter<'c>> {
        let rules: Vec<&crate::catalog::checks::Rule> = catalog.rules.values().collect();
        let rule_table: Vec<Json> = rules
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "shortDescription": {"text": r.summary},
                    "fullDescription": {"text": if r.docs.trim().is_empty() { r.summary.clone() } else { r.docs.trim().to_owned() }},
                    "help": {"text": r.help},
                    "defaultConfiguration": {"level": level(r.severity)},
                    "properties": {"kind": r.kind.as_str()},
                })
            })
            .collect();
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "emcheck",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/emcheck/emcheck",
                    "rules": rule_table,
                }},
                "columnKind": "unicodeCodePoints",
                "results": pretty::HOLE,
            }],
        });
        Ok(SarifWriter {
            rules,
            json: pretty::Streamed::begin(out, &log)?,
        })
    }

    fn result(&self, d: &DocFindings<'_>, index: &LineIndex<'_>, f: &Finding) -> Json {
        let text = d.doc.text.get(f.span.clone()).unwrap_or("");
        let mut message = f.message.clone();
        if let Some(r) = &f.reference {
            message.push_str(&format!(
                " [reference: {} {} — {}]",
                r.value, r.unit, r.source
            ));
        }
        let related: Vec<Json> = f
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let file = r.file.as_deref().unwrap_or(&d.doc.name);
                let same = r.file.is_none();
                let mut location = json!({
                    "id": i,
                    "message": {"text": r.message},
                    "physicalLocation": {"artifactLocation": {"uri": file}},
                });
                if same {
                    location["physicalLocation"]["region"] = region(index, &d.doc.text, &r.span);
                } else if let Some((line, column)) = r.position {
                    // Another article: its line and column, and its byte offsets.
                    location["physicalLocation"]["region"] = json!({
                        "startLine": line,
                        "startColumn": column,
                        "byteOffset": r.span.start,
                        "byteLength": r.span.len(),
                    });
                }
                location
            })
            .collect();
        let mut result = json!({
            "ruleId": f.rule,
            "ruleIndex": self.rules.iter().position(|r| r.id == f.rule),
            "level": level(f.severity),
            "kind": "fail",
            "message": {"text": message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": d.doc.name},
                    "region": region(index, &d.doc.text, &f.span),
                }
            }],
            "partialFingerprints": {"emcheckFinding/v1": fingerprint(&f.rule, &crate::baseline::normalize_file(&d.doc.name), text)},
            "properties": {"verdict": f.verdict.as_str()},
        });
        if !related.is_empty() {
            result["relatedLocations"] = Json::Array(related);
        }
        if result["ruleIndex"].is_null() {
            result.as_object_mut().map(|o| o.remove("ruleIndex"));
        }
        result
    }
}

impl FindingsSink for SarifWriter<'_> {
    fn document(&mut self, out: &mut dyn Write, d: &DocFindings<'_>) -> io::Result<()> {
        let index = LineIndex::new(&d.doc.text);
        for f in d.findings {
            let result = self.result(d, &index, f);
            self.json.items.item(out, &result)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>, out: &mut dyn Write) -> io::Result<()> {
        self.json.finish(out)
    }
}

/// Writes one SARIF 2.1.0 log.
pub fn write_sarif(
    out: &mut dyn Write,
    docs: &[DocFindings<'_>],
    catalog: &Catalog,
) -> io::Result<()> {
    write_all(Box::new(SarifWriter::begin(out, catalog)?), out, docs)
}

/// GitHub Actions workflow commands escape `%`, CR and LF in messages, and also `:` and `,` in
/// properties.
fn escape(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// GitHub Actions annotations, one per finding (`::error file=…,line=…,col=…::message`).
pub struct GithubWriter;

impl FindingsSink for GithubWriter {
    fn document(&mut self, out: &mut dyn Write, d: &DocFindings<'_>) -> io::Result<()> {
        let index = LineIndex::new(&d.doc.text);
        for f in d.findings {
            let (line, col) = index.line_column(f.span.start);
            let (end_line, end_col) = index.line_column(f.span.end);
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                out,
                "::{command} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
                escape(&d.doc.name, true),
                escape(&format!("{} ({})", f.rule, f.verdict.as_str()), true),
                escape(&f.message, false)
            )?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}

/// Writes one GitHub Actions annotation per finding (`::error file=…,line=…,col=…::message`).
pub fn write_github(out: &mut dyn Write, docs: &[DocFindings<'_>]) -> io::Result<()> {
    write_all(Box::new(GithubWriter), out, docs)
}
