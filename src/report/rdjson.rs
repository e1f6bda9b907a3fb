//! reviewdog's Diagnostic Format as one JSON document (`rdjson`), for `reviewdog -f=rdjson`.
//!
//! The definition is reviewdog's `proto/rdf/reviewdog.proto`
//! (<https://github.com/reviewdog/reviewdog/blob/master/proto/rdf/reviewdog.proto>) with its
//! JSON Schemas in `proto/rdf/jsonschema/` (`DiagnosticResult`, `Diagnostic`,
//! `RelatedLocation`); `rdjson` is the JSON form of the `DiagnosticResult` message:
//!
//! ```text
//! {"source": {"name", "url"},
//!  "diagnostics": [{"message", "severity": "ERROR"|"WARNING"|"INFO", "code": {"value"},
//!                   "location": {"path", "range": {"start": {"line", "column"}, "end": {…}}},
//!                   "related_locations": [{"message", "location": {…}}]}]}
//! ```
//!
//! - Lines start at 1. Columns start at 1 and count **UTF-8 bytes**, not characters: the proto
//!   says "Column number, starting at 1 (byte count in UTF-8)", with the example `a𐐀b`, where
//!   `b` is at column 6. So 据 at the start of a line is column 1 and the character after it
//!   column 4. (The other formats of emcheck count characters; this one must not.) Columns are
//!   bytes of the text as decoded: for UTF-8 files, bytes of the file (a BOM included); for
//!   GBK and other legacy encodings, bytes of the UTF-8 transcoding.
//! - `end` is exclusive (the proto's example: "14" in "haya14busa" is columns 5..7).
//! - reviewdog reads rdjson with `protojson.Unmarshal` (`parser/rdjson.go`), which rejects
//!   fields the proto does not define, so nothing else is written (no verdict, no
//!   fingerprint): the verdict is in the message.
//! - `related_locations` (a `RelatedLocation` is `{message, location}`) is read by reviewdog
//!   since v0.18.0 (CHANGELOG: "You can pass `related_locations` with `rdjson` / `rdjsonl`").
//!   A related place in another article gets byte columns when that article is in the batch
//!   (its text is at hand and agrees with the place's recorded line and column); otherwise,
//!   a ledger entry for instance, only its line, since its recorded column counts characters
//!   and no byte column can be derived without the text.
//! - `suggestions` are left out: a finding knows what is wrong, not the replacement text.
//!   `original_output` is optional and left out (reviewdog fills it itself).

use super::{LineIndex, pretty};
use crate::catalog::Catalog;
use crate::catalog::checks::Severity;
use crate::finding::{Finding, Related};
use crate::report::findings::{DocFindings, FindingsSink, write_all};
use crate::source::Document;
use serde_json::{Value as Json, json};
use std::collections::HashMap;
use std::io::{self, Write};
use std::ops::Range;

/// Where emcheck is documented (the same address as SARIF's `informationUri`).
const SOURCE_URL: &str = "https://github.com/emcheck/emcheck";

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// A document with its line index, for positions in bytes.
struct Indexed<'a> {
    text: &'a str,
    index: LineIndex<'a>,
}

impl<'a> Indexed<'a> {
    fn new(doc: &'a Document) -> Self {
        Indexed {
            text: &doc.text,
            index: LineIndex::new(&doc.text),
        }
    }

    /// 1-based line and 1-based column in UTF-8 bytes of byte `offset`.
    fn byte_position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let (line, _) = self.index.line_column(offset);
        let line_start = self.index.line_range(offset).start;
        (line, offset - line_start + 1)
    }

    /// Whether `span` lies in this text on character boundaries.
    fn holds(&self, span: &Range<usize>) -> bool {
        span.start <= span.end
            && span.end <= self.text.len()
            && self.text.is_char_boundary(span.start)
            && self.text.is_char_boundary(span.end)
    }

    /// The rdjson `Range` of `span`: start and exclusive end, columns in bytes.
    fn range(&self, span: &Range<usize>) -> Json {
        let (start_line, start_column) = self.byte_position(span.start);
        let (end_line, end_column) = self.byte_position(span.end.max(span.start));
        range_json(start_line, start_column, end_line, end_column)
    }
}

/// The message: the finding's, with the reference value and its source as in SARIF, and the
/// help on a paragraph of its own (rdjson has no rule table to carry it; reviewdog renders
/// messages as Markdown in review comments).
fn message(f: &Finding) -> String {
    let mut message = f.message.clone();
    if let Some(r) = &f.reference {
        message.push_str(&format!(
            " [reference: {} {} — {}]",
            r.value, r.unit, r.source
        ));
    }
    if let Some(help) = &f.help {
        message.push_str("\n\n");
        message.push_str(help);
    }
    message
}

/// The byte ranges of places in the other documents of a run, for related places that point
/// there (a cross-article finding names the other article, its line and column in
/// characters, and its byte span).
pub trait OtherDocs {
    /// The rdjson `Range` of `span` in the document of the run named `file`, when there is
    /// one, the span lies in it, and `position` (when given) is where the span starts there.
    fn range(
        &mut self,
        file: &str,
        span: &Range<usize>,
        position: Option<(usize, usize)>,
    ) -> Option<Json>;
}

/// The other documents of a run, with their texts at hand.
struct Texts<'a> {
    batch: HashMap<&'a str, &'a Document>,
    indexed: HashMap<&'a str, Indexed<'a>>,
}

impl OtherDocs for Texts<'_> {
    fn range(
        &mut self,
        file: &str,
        span: &Range<usize>,
        position: Option<(usize, usize)>,
    ) -> Option<Json> {
        let (&name, &doc) = self.batch.get_key_value(file)?;
        let other = self
            .indexed
            .entry(name)
            .or_insert_with(|| Indexed::new(doc));
        (other.holds(span) && position.is_none_or(|p| p == other.index.line_column(span.start)))
            .then(|| other.range(span))
    }
}

/// Per span (start, end) of one document: where it starts (line, column in characters) and
/// its rdjson range (start line, start byte column, end line, end byte column).
type SpanPlaces = HashMap<(usize, usize), ((usize, usize), [usize; 4])>;

/// The places other documents may point at (their statements, the only places a finding
/// across articles names), kept without the texts: for a run that streams its documents.
#[derive(Debug, Default)]
pub struct Places {
    /// Per document name: per span, where it starts in characters and its rdjson range.
    by_file: HashMap<String, SpanPlaces>,
}

impl Places {
    /// No places.
    pub fn new() -> Places {
        Places::default()
    }

    /// The places of `spans` in `doc`, worked out while its text is at hand (replacing those
    /// of an earlier document of the same name).
    pub fn of(doc: &Document, spans: impl Iterator<Item = Range<usize>>) -> PlacesOf {
        let own = Indexed::new(doc);
        let places = spans
            .filter(|span| own.holds(span))
            .map(|span| {
                let position = own.index.line_column(span.start);
                let (a, b) = own.byte_position(span.start);
                let (c, d) = own.byte_position(span.end.max(span.start));
                ((span.start, span.end), (position, [a, b, c, d]))
            })
            .collect();
        PlacesOf {
            name: doc.name.clone(),
            places,
        }
    }

    /// Adds the places of one document.
    pub fn add(&mut self, of: PlacesOf) {
        self.by_file.insert(of.name, of.places);
    }
}

/// The places of one document (see `Places::of`).
#[derive(Debug)]
pub struct PlacesOf {
    name: String,
    places: SpanPlaces,
}

impl OtherDocs for Places {
    fn range(
        &mut self,
        file: &str,
        span: &Range<usize>,
        position: Option<(usize, usize)>,
    ) -> Option<Json> {
        let (at, [a, b, c, d]) = self.by_file.get(file)?.get(&(span.start, span.end))?;
        position
            .is_none_or(|p| p == *at)
            .then(|| range_json(*a, *b, *c, *d))
    }
}

fn range_json(start_line: usize, start_column: usize, end_line: usize, end_column: usize) -> Json {
    json!({
        "start": {"line": start_line, "column": start_column},
        "end": {"line": end_line, "column": end_column},
    })
}

/// The `location` of a related place.
fn related_location(
    r: &Related,
    own_name: &str,
    own: &Indexed<'_>,
    others: &mut dyn OtherDocs,
) -> Json {
    let Some(file) = r.file.as_deref() else {
        return json!({"path": own_name, "range": own.range(&r.span)});
    };
    let mut location = json!({"path": file});
    // Another article of the batch: its text gives byte columns, provided the span still
    // lands where the finding recorded it (a ledger entry may share a draft's name but not
    // its text).
    if let Some(range) = others.range(file, &r.span, r.position) {
        location["range"] = range;
        return location;
    }
    if let Some((line, _)) = r.position {
        // Its column counts characters, which rdjson cannot take: the line only.
        location["range"] = json!({"start": {"line": line}});
    }
    location
}

/// One rdjson document (reviewdog's `DiagnosticResult`), a diagnostic at a time.
pub struct RdjsonWriter<'o> {
    others: Box<dyn OtherDocs + 'o>,
    json: pretty::Streamed,
}

impl<'o> RdjsonWriter<'o> {
    /// Writes the opening of the document; `others` places related places in other
    /// documents of the run.
    pub fn begin(
        out: &mut dyn Write,
        others: Box<dyn OtherDocs + 'o>,
    ) -> io::Result<RdjsonWriter<'o>> {
        let template = json!({
            "source": {"name": "emcheck", "url": SOURCE_URL},
            "diagnostics": pretty::HOLE,
        });
        Ok(RdjsonWriter {
            others,
            json: pretty::Streamed::begin(out, &template)?,
        })
    }
}

impl FindingsSink for RdjsonWriter<'_> {
    fn document(&mut self, out: &mut dyn Write, d: &DocFindings<'_>) -> io::Result<()> {
        let own = Indexed::new(d.doc);
        for f in d.findings {
            let mut diagnostic = json!({
                "message": message(f),
                "location": {"path": d.doc.name, "range": own.range(&f.span)},
                "severity": severity(f.severity),
                "code": {"value": f.rule},
            });
            let related: Vec<Json> = f
                .related
                .iter()
                .map(|r| {
                    json!({
                        "message": r.message,
                        "location": related_location(r, &d.doc.name, &own, self.others.as_mut()),
                    })
                })
                .collect();
            if !related.is_empty() {
                diagnostic["related_locations"] = Json::Array(related);
            }
            self.json.items.item(out, &diagnostic)?;
        }
        Ok(())
    }

    fn finish(self: Box<Self>, out: &mut dyn Write) -> io::Result<()> {
        self.json.finish(out)
    }
}

/// Writes one rdjson document (reviewdog's `DiagnosticResult`) with every finding.
///
/// `catalog` is taken like `write_sarif` takes it; rdjson has no rule table, and a rule's
/// `code.url` would come from it once rules have documentation pages of their own.
pub fn write_rdjson(
    out: &mut dyn Write,
    docs: &[DocFindings<'_>],
    _catalog: &Catalog,
) -> io::Result<()> {
    let texts = Texts {
        batch: docs.iter().map(|d| (d.doc.name.as_str(), d.doc)).collect(),
        indexed: HashMap::new(),
    };
    write_all(
        Box::new(RdjsonWriter::begin(out, Box::new(texts))?),
        out,
        docs,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Reference, Verdict};

    use crate::report::test_support::{doc, finding, span_of};

    fn render(docs: &[DocFindings<'_>]) -> Json {
        let mut out = Vec::new();
        write_rdjson(&mut out, docs, Catalog::builtin()).unwrap();
        serde_json::from_slice(&out).expect("rdjson parses as JSON")
    }

    fn position(v: &Json) -> (u64, u64) {
        (v["line"].as_u64().unwrap(), v["column"].as_u64().unwrap())
    }

    /// Fields of each message of `reviewdog.proto`: `protojson.Unmarshal` rejects others.
    fn assert_only_proto_fields(v: &Json, message: &str) {
        let allowed: &[&str] = match message {
            "DiagnosticResult" => &["diagnostics", "source", "severity"],
            "Diagnostic" => &[
                "message",
                "location",
                "severity",
                "source",
                "code",
                "suggestions",
                "original_output",
                "related_locations",
            ],
            "Location" => &["path", "range"],
            "Range" => &["start", "end"],
            "Position" => &["line", "column"],
            "Source" => &["name", "url"],
            "Code" => &["value", "url"],
            "RelatedLocation" => &["message", "location"],
            other => panic!("unknown message {other}"),
        };
        let object = v
            .as_object()
            .unwrap_or_else(|| panic!("{message} is an object"));
        for (key, value) in object {
            assert!(
                allowed.contains(&key.as_str()),
                "{message} has no field {key}"
            );
            match (message, key.as_str()) {
                ("DiagnosticResult", "diagnostics") => {
                    for d in value.as_array().unwrap() {
                        assert_only_proto_fields(d, "Diagnostic");
                    }
                }
                ("Diagnostic", "related_locations") => {
                    for r in value.as_array().unwrap() {
                        assert_only_proto_fields(r, "RelatedLocation");
                    }
                }
                (_, "source") => assert_only_proto_fields(value, "Source"),
                (_, "code") => assert_only_proto_fields(value, "Code"),
                (_, "location") => assert_only_proto_fields(value, "Location"),
                (_, "range") => assert_only_proto_fields(value, "Range"),
                ("Range", _) => assert_only_proto_fields(value, "Position"),
                (_, "severity") => {
                    assert!(["ERROR", "WARNING", "INFO"].contains(&value.as_str().unwrap()))
                }
                _ => assert!(value.is_string() || value.is_u64(), "{key}: {value}"),
            }
        }
    }

    #[test]
    fn rdjson_columns_count_utf8_bytes_under_chinese_text() {
        let text = "第一行\n据报道，2023年11月8日（星期四），会谈结束。\n";
        let d = doc("drafts/会谈.md", text);
        let findings = crate::check_document(
            &d,
            None,
            Catalog::builtin(),
            &crate::check::Options::default(),
        );
        let f = findings
            .iter()
            .find(|f| &*f.rule == "weekday-mismatch")
            .expect("a weekday mismatch");
        assert_eq!(f.span, span_of(text, "2023年11月8日（星期四）"));
        let v = render(&[DocFindings {
            doc: &d,
            findings: &findings,
        }]);
        let diagnostic = &v["diagnostics"][0];
        assert_eq!(diagnostic["location"]["path"], "drafts/会谈.md");
        assert_eq!(diagnostic["severity"], "ERROR");
        assert_eq!(diagnostic["code"]["value"], "weekday-mismatch");
        let range = &diagnostic["location"]["range"];
        // "据报道，" is 4 characters but 12 bytes: the date starts at byte column 13, not 5,
        // and ends (exclusive) 31 bytes later.
        assert_eq!(position(&range["start"]), (2, 13));
        assert_eq!(position(&range["end"]), (2, 13 + 31));
        assert!(diagnostic["message"].as_str().unwrap().contains("Wed"));
    }

    #[test]
    fn rdjson_columns_follow_the_proto_example() {
        // reviewdog.proto: in 'a𐐀b' the column of b is 6, 𐐀 being 4 bytes in UTF-8.
        let text = "a𐐀b";
        let d = doc("x.txt", text);
        let findings = [finding("r", Severity::Info, span_of(text, "b"), "m")];
        let v = render(&[DocFindings {
            doc: &d,
            findings: &findings,
        }]);
        let range = &v["diagnostics"][0]["location"]["range"];
        assert_eq!(position(&range["start"]), (1, 6));
        assert_eq!(position(&range["end"]), (1, 7));
    }

    #[test]
    fn rdjson_related_locations_in_this_and_other_articles() {
        let draft_text = "标题\n中国2022年排放139亿吨，其中二氧化碳116亿吨。";
        let other_text = "导语\n\n据估计，137亿吨来自中国。";
        let draft = doc("drafts/a.md", draft_text);
        let other = doc("drafts/b.md", other_text);
        let other_span = span_of(other_text, "137亿吨");
        let other_position = LineIndex::new(other_text).line_column(other_span.start);
        assert_eq!(other_position, (3, 5));
        let mut f = finding(
            "figure-disagrees-across-articles",
            Severity::Warning,
            span_of(draft_text, "139亿吨"),
            "139亿吨 here, but 137亿吨 in drafts/b.md",
        );
        f.verdict = Verdict::Inconsistent;
        f.related = vec![
            Related {
                file: None,
                position: None,
                span: span_of(draft_text, "116亿吨"),
                message: "also part of this statement".into(),
            },
            Related {
                file: Some("drafts/b.md".into()),
                position: Some(other_position),
                span: other_span.clone(),
                message: "137亿吨".into(),
            },
            // A published article known from the ledger only: its text is not at hand.
            Related {
                file: Some("published/2023-11-09.md".into()),
                position: Some((7, 21)),
                span: 400..410,
                message: "137亿吨 on 2023-11-09".into(),
            },
            // Same name as an article of the batch, but recorded on another text.
            Related {
                file: Some("drafts/b.md".into()),
                position: Some((1, 2)),
                span: other_span,
                message: "stale".into(),
            },
        ];
        let findings = [f];
        let v = render(&[
            DocFindings {
                doc: &draft,
                findings: &findings,
            },
            DocFindings {
                doc: &other,
                findings: &[],
            },
        ]);
        assert_only_proto_fields(&v, "DiagnosticResult");
        let related = v["diagnostics"][0]["related_locations"].as_array().unwrap();
        assert_eq!(related.len(), 4);
        // Same article: bytes of its own text ("中国2022年排放" is 19 bytes).
        assert_eq!(related[0]["message"], "also part of this statement");
        assert_eq!(related[0]["location"]["path"], "drafts/a.md");
        let own = &related[0]["location"]["range"];
        let (line, column) = position(&own["start"]);
        assert_eq!(line, 2);
        assert_eq!(
            column as usize,
            draft_text.find("116亿吨").unwrap() - draft_text.find('\n').unwrap()
        );
        // Another article of the batch: byte column 13 ("据估计，" is 12 bytes), not the
        // character column 5 the finding recorded.
        assert_eq!(related[1]["location"]["path"], "drafts/b.md");
        let range = &related[1]["location"]["range"];
        assert_eq!(position(&range["start"]), (3, 13));
        assert_eq!(position(&range["end"]), (3, 13 + "137亿吨".len() as u64));
        // Not in the batch: the line only, no character column passed off as bytes.
        assert_eq!(related[2]["location"]["path"], "published/2023-11-09.md");
        assert_eq!(
            related[2]["location"]["range"],
            json!({"start": {"line": 7}})
        );
        // Recorded on another text: the line only.
        assert_eq!(
            related[3]["location"]["range"],
            json!({"start": {"line": 1}})
        );
    }

    #[test]
    fn rdjson_severities_code_source_and_reference() {
        let text = "中国2022年温室气体排放139亿吨，约占全球27%。";
        let d = doc("a.txt", text);
        let mut error = finding(
            "figure-contradicts-reference",
            Severity::Error,
            span_of(text, "139亿吨"),
            "139亿吨 is 13.9 Gt",
        );
        error.reference = Some(Reference {
            fact: "cn-ghg-total-2022-edgar".into(),
            value: "15700000000".into(),
            unit: "t".into(),
            source: "EDGAR 2023".into(),
            url: Some("https://edgar.jrc.ec.europa.eu/".into()),
        });
        error.help = Some("Check the source.".into());
        let findings = [
            error,
            finding("w", Severity::Warning, span_of(text, "27%"), "w"),
            finding("i", Severity::Info, span_of(text, "2022年"), "i"),
        ];
        let v = render(&[DocFindings {
            doc: &d,
            findings: &findings,
        }]);
        assert_only_proto_fields(&v, "DiagnosticResult");
        assert_eq!(v["source"], json!({"name": "emcheck", "url": SOURCE_URL}));
        let diagnostics = v["diagnostics"].as_array().unwrap();
        let severities: Vec<&str> = diagnostics
            .iter()
            .map(|d| d["severity"].as_str().unwrap())
            .collect();
        assert_eq!(severities, ["ERROR", "WARNING", "INFO"]);
        assert_eq!(
            diagnostics[0]["code"],
            json!({"value": "figure-contradicts-reference"})
        );
        assert_eq!(
            diagnostics[0]["message"],
            "139亿吨 is 13.9 Gt [reference: 15700000000 t — EDGAR 2023]\n\nCheck the source."
        );
        assert!(diagnostics.iter().all(|d| d.get("suggestions").is_none()));
        assert!(
            diagnostics
                .iter()
                .all(|d| d.get("related_locations").is_none())
        );
    }

    #[test]
    fn rdjson_escapes_quotes_and_markup_in_messages_and_paths() {
        let name = "a<b>&\"c\".md";
        let text = "x 27% y";
        let d = doc(name, text);
        let findings = [finding(
            "r",
            Severity::Warning,
            span_of(text, "27%"),
            "a<b>&\"c\"\n\u{1}",
        )];
        let mut out = Vec::new();
        write_rdjson(
            &mut out,
            &[DocFindings {
                doc: &d,
                findings: &findings,
            }],
            Catalog::builtin(),
        )
        .unwrap();
        let raw = String::from_utf8(out).unwrap();
        assert!(raw.contains(r#""a<b>&\"c\"\n\u0001""#), "{raw}");
        let v: Json = serde_json::from_str(&raw).unwrap();
        assert_eq!(v["diagnostics"][0]["message"], "a<b>&\"c\"\n\u{1}");
        assert_eq!(v["diagnostics"][0]["location"]["path"], name);
    }

    #[test]
    fn rdjson_without_findings_is_an_empty_result() {
        let d = doc("a.txt", "无");
        let v = render(&[DocFindings {
            doc: &d,
            findings: &[],
        }]);
        assert_only_proto_fields(&v, "DiagnosticResult");
        assert_eq!(v["diagnostics"], json!([]));
    }
}
