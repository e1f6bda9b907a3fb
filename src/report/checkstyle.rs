//! Checkstyle XML, the report format that CI dashboards and review bots read from linters of
//! every language (Jenkins warnings-ng, reviewdog `-f=checkstyle`, GitLab and SonarQube
//! importers).
//!
//! ```text
//! <?xml version="1.0" encoding="UTF-8"?>
//! <checkstyle version="4.3">
//!   <file name="drafts/a.md">
//!     <error line="2" column="5" severity="error" message="…" source="emcheck.weekday-mismatch"/>
//!   </file>
//! </checkstyle>
//! ```
//!
//! The format has no schema of its own; this follows what Checkstyle's `XMLLogger` writes and
//! what its readers take: reviewdog's `parser/checkstyle.go` (`file@name`, `error@line`,
//! `@column`, `@severity`, `@message`, `@source` → rule code) and Jenkins warnings-ng's
//! `CheckStyleParser` (type = `source` after its last dot, category = before it, severity
//! guessed from `error`/`warning`/`info`).
//!
//! - Every document gets a `<file>` element, with or without errors, as Checkstyle does for
//!   every file it audits: a dashboard then knows which articles were checked and came out
//!   clean. Readers loop over the `error` children, so an empty `file` costs nothing.
//! - Severity: `error`, `warning`, `info` (Checkstyle's own levels, minus `ignore`).
//! - `source` is `emcheck.RULE`, so warnings-ng shows the rule as the type and `Emcheck` as
//!   the category.
//! - Lines and columns are 1-based; **columns count characters** (Unicode scalar values, a
//!   Chinese character is one column, a tab is one column), as in emcheck's JSON and SARIF
//!   output and as most readers display them. Only the start of a finding is written: the
//!   format has no end position. reviewdog copies the column into its byte-based position
//!   unchanged, so for reviewdog prefer `--format rdjson`, which counts bytes as it expects.
//! - Related places have no element in this format; the messages already quote them.
//! - Attribute values are escaped for XML 1.0: `& < > " '` as entities, tab, line feed and
//!   carriage return as character references (a literal one would be normalised to a space
//!   by the reader), and the characters XML 1.0 forbids (C0 controls other than those three,
//!   U+FFFE, U+FFFF) replaced by U+FFFD, since no reference can carry them.

use super::LineIndex;
use crate::catalog::checks::Severity;
use crate::finding::Finding;
use crate::report::findings::{DocFindings, FindingsSink, write_all};
use std::io::{self, Write};

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// Whether XML 1.0 allows `c` in a document (production `Char`).
fn is_xml_char(c: char) -> bool {
    matches!(c,
        '\u{9}' | '\u{A}' | '\u{D}'
        | '\u{20}'..='\u{D7FF}'
        | '\u{E000}'..='\u{FFFD}'
        | '\u{10000}'..='\u{10FFFF}')
}

/// `s` escaped for a double-quoted XML 1.0 attribute value.
fn escape_attribute(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// The message: the finding's, with the reference value and its source as in SARIF.
fn message(f: &Finding) -> String {
    match &f.reference {
        Some(r) => format!(
            "{} [reference: {} {} — {}]",
            f.message, r.value, r.unit, r.source
        ),
        None => f.message.clone(),
    }
}

/// Checkstyle XML, one `<file>` at a time.
pub struct CheckstyleWriter;

impl CheckstyleWriter {
    /// Writes the XML declaration and the root's opening.
    pub fn begin(out: &mut dyn Write) -> io::Result<CheckstyleWriter> {
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<checkstyle version="4.3">"#)?;
        Ok(CheckstyleWriter)
    }
}

impl FindingsSink for CheckstyleWriter {
    fn document(&mut self, out: &mut dyn Write, d: &DocFindings<'_>) -> io::Result<()> {
        writeln!(out, r#"  <file name="{}">"#, escape_attribute(&d.doc.name))?;
        let index = LineIndex::new(&d.doc.text);
        for f in d.findings {
            let (line, column) = index.line_column(f.span.start);
            writeln!(
                out,
                r#"    <error line="{line}" column="{column}" severity="{}" message="{}" source="emcheck.{}"/>"#,
                severity(f.severity),
                escape_attribute(&message(f)),
                escape_attribute(&f.rule),
            )?;
        }
        writeln!(out, "  </file>")
    }

    fn finish(self: Box<Self>, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "</checkstyle>")
    }
}

/// Writes one Checkstyle XML report: a `<file>` per document, an `<error>` per finding.
pub fn write_checkstyle(out: &mut dyn Write, docs: &[DocFindings<'_>]) -> io::Result<()> {
    write_all(Box::new(CheckstyleWriter::begin(out)?), out, docs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::finding::Reference;

    use std::collections::BTreeMap;

    /// An element of the report, with its attributes decoded.
    #[derive(Debug)]
    struct Element {
        name: String,
        depth: usize,
        attributes: BTreeMap<String, String>,
    }

    fn is_name_start(c: char) -> bool {
        c.is_ascii_alphabetic() || c == '_' || c == ':'
    }

    fn is_name_char(c: char) -> bool {
        is_name_start(c) || c.is_ascii_digit() || c == '-' || c == '.'
    }

    /// A small XML 1.0 well-formedness check, enough for what this writer may produce: the
    /// XML declaration, elements with attributes, whitespace between them. Rejects characters
    /// XML forbids, `<` or a bare `&` in attribute values, unknown entities, duplicate
    /// attributes, unbalanced or crossed tags, text and anything after the root element.
    /// Returns the elements in document order, attribute values normalised and decoded as an
    /// XML reader would.
    fn parse_xml(xml: &str) -> Result<Vec<Element>, String> {
        if let Some(c) = xml.chars().find(|&c| !is_xml_char(c)) {
            return Err(format!(
                "character U+{:04X} is not allowed in XML 1.0",
                c as u32
            ));
        }
        let rest = xml
            .strip_prefix(r#"<?xml version="1.0" encoding="UTF-8"?>"#)
            .ok_or("no XML declaration at the very start")?;
        let chars: Vec<char> = rest.chars().collect();
        let mut i = 0;
        let mut stack: Vec<String> = Vec::new();
        let mut elements = Vec::new();
        let mut roots = 0;
        let name = |i: &mut usize| -> Result<String, String> {
            let start = *i;
            if !chars.get(*i).copied().is_some_and(is_name_start) {
                return Err(format!("a name expected at {start}"));
            }
            while chars.get(*i).copied().is_some_and(is_name_char) {
                *i += 1;
            }
            Ok(chars[start..*i].iter().collect())
        };
        loop {
            while chars
                .get(i)
                .is_some_and(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
            {
                i += 1;
            }
            let Some(&c) = chars.get(i) else { break };
            if c != '<' {
                return Err(format!("text {c:?} outside an attribute at {i}"));
            }
            i += 1;
            if chars.get(i) == Some(&'/') {
                i += 1;
                let closing = name(&mut i)?;
                if chars.get(i) != Some(&'>') {
                    return Err(format!("'>' expected after </{closing}"));
                }
                i += 1;
                if stack.pop().as_deref() != Some(closing.as_str()) {
                    return Err(format!("</{closing}> closes nothing open"));
                }
                continue;
            }
            if stack.is_empty() {
                roots += 1;
                if roots > 1 {
                    return Err("more than one root element".into());
                }
            }
            let element = name(&mut i)?;
            let mut attributes = BTreeMap::new();
            loop {
                let spaced = chars
                    .get(i)
                    .is_some_and(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
                while chars
                    .get(i)
                    .is_some_and(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
                {
                    i += 1;
                }
                match chars.get(i) {
                    Some('/') if chars.get(i + 1) == Some(&'>') => {
                        i += 2;
                        elements.push(Element {
                            name: element,
                            depth: stack.len(),
                            attributes,
                        });
                        break;
                    }
                    Some('>') => {
                        i += 1;
                        elements.push(Element {
                            name: element.clone(),
                            depth: stack.len(),
                            attributes,
                        });
                        stack.push(element);
                        break;
                    }
                    Some(_) if spaced => {
                        let key = name(&mut i)?;
                        if chars.get(i) != Some(&'=') {
                            return Err(format!("'=' expected after {key}"));
                        }
                        i += 1;
                        let quote = *chars.get(i).ok_or("a value expected")?;
                        if quote != '"' && quote != '\'' {
                            return Err(format!("{key}: the value is not quoted"));
                        }
                        i += 1;
                        let mut value = String::new();
                        loop {
                            let c = *chars.get(i).ok_or("unterminated attribute value")?;
                            i += 1;
                            match c {
                                c if c == quote => break,
                                '<' => return Err(format!("{key}: '<' in a value")),
                                '&' => {
                                    let end = chars[i..]
                                        .iter()
                                        .position(|&c| c == ';')
                                        .ok_or(format!("{key}: '&' without ';'"))?;
                                    let entity: String = chars[i..i + end].iter().collect();
                                    i += end + 1;
                                    let decoded = match entity.as_str() {
                                        "amp" => '&',
                                        "lt" => '<',
                                        "gt" => '>',
                                        "quot" => '"',
                                        "apos" => '\'',
                                        e => {
                                            let code = if let Some(hex) = e.strip_prefix("#x") {
                                                u32::from_str_radix(hex, 16).ok()
                                            } else if let Some(dec) = e.strip_prefix('#') {
                                                dec.parse().ok()
                                            } else {
                                                None
                                            };
                                            code.and_then(char::from_u32)
                                                .filter(|&c| is_xml_char(c))
                                                .ok_or(format!("{key}: bad reference &{e};"))?
                                        }
                                    };
                                    value.push(decoded);
                                }
                                // Attribute-value normalisation: literal white space is a space.
                                '\t' | '\n' | '\r' => value.push(' '),
                                c => value.push(c),
                            }
                        }
                        if attributes.insert(key.clone(), value).is_some() {
                            return Err(format!("attribute {key} given twice"));
                        }
                    }
                    other => return Err(format!("in <{element}>: unexpected {other:?}")),
                }
            }
        }
        if let Some(open) = stack.pop() {
            return Err(format!("<{open}> is never closed"));
        }
        if roots == 0 {
            return Err("no root element".into());
        }
        Ok(elements)
    }

    use crate::report::test_support::{doc, finding, span_of};

    fn render(docs: &[DocFindings<'_>]) -> String {
        let mut out = Vec::new();
        write_checkstyle(&mut out, docs).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn errors(elements: &[Element]) -> Vec<&BTreeMap<String, String>> {
        elements
            .iter()
            .filter(|e| e.name == "error")
            .map(|e| &e.attributes)
            .collect()
    }

    #[test]
    fn checkstyle_columns_count_characters_under_chinese_text() {
        let text = "第一行\n据报道，2023年11月8日（星期四），会谈结束。\n";
        let d = doc("drafts/会谈.md", text);
        let findings = crate::check_document(
            &d,
            None,
            Catalog::builtin(),
            &crate::check::Options::default(),
        );
        assert!(findings.iter().any(|f| &*f.rule == "weekday-mismatch"));
        let xml = render(&[DocFindings {
            doc: &d,
            findings: &findings,
        }]);
        let elements = parse_xml(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
        assert_eq!(elements[0].name, "checkstyle");
        assert_eq!(elements[0].attributes["version"], "4.3");
        assert_eq!(elements[1].name, "file");
        assert_eq!(elements[1].attributes["name"], "drafts/会谈.md");
        let error = errors(&elements)
            .into_iter()
            .find(|e| e["source"] == "emcheck.weekday-mismatch")
            .expect("the weekday mismatch");
        // "据报道，" is 4 characters (12 bytes): the date is at column 5.
        assert_eq!(error["line"], "2");
        assert_eq!(error["column"], "5");
        assert_eq!(error["severity"], "error");
        assert!(error["message"].contains("Wed"));
    }

    #[test]
    fn checkstyle_severities_sources_and_reference() {
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
            url: None,
        });
        let findings = [
            error,
            finding(
                "share-of-whole-mismatch",
                Severity::Warning,
                span_of(text, "27%"),
                "w",
            ),
            finding(
                "figure-outdated",
                Severity::Info,
                span_of(text, "2022年"),
                "i",
            ),
        ];
        let xml = render(&[DocFindings {
            doc: &d,
            findings: &findings,
        }]);
        let elements = parse_xml(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
        let errors = errors(&elements);
        let got: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e["severity"].as_str(), e["source"].as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("error", "emcheck.figure-contradicts-reference"),
                ("warning", "emcheck.share-of-whole-mismatch"),
                ("info", "emcheck.figure-outdated"),
            ]
        );
        assert_eq!(
            errors[0]["message"],
            "139亿吨 is 13.9 Gt [reference: 15700000000 t — EDGAR 2023]"
        );
        assert_eq!(errors[0]["column"], "14");
        let depths: Vec<(&str, usize)> = elements
            .iter()
            .map(|e| (e.name.as_str(), e.depth))
            .collect();
        assert_eq!(
            depths,
            [
                ("checkstyle", 0),
                ("file", 1),
                ("error", 2),
                ("error", 2),
                ("error", 2)
            ]
        );
    }

    #[test]
    fn checkstyle_escapes_quotes_markup_and_forbidden_characters() {
        let name = "a<b>&\"c\"'.md";
        let text = "x 27% y";
        let d = doc(name, text);
        let findings = [finding(
            "r",
            Severity::Warning,
            span_of(text, "27%"),
            "a<b>&\"c\"\n\t\r\u{0}\u{1b}\u{FFFE}末",
        )];
        let xml = render(&[DocFindings {
            doc: &d,
            findings: &findings,
        }]);
        assert!(!xml.contains("a<b"), "{xml}");
        assert!(
            xml.contains("a&lt;b&gt;&amp;&quot;c&quot;&#10;&#9;&#13;"),
            "{xml}"
        );
        let elements = parse_xml(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
        assert_eq!(elements[1].attributes["name"], name);
        let errors = errors(&elements);
        // Line breaks and tabs survive as references; NUL, ESC and U+FFFE, which XML 1.0
        // cannot carry at all, become U+FFFD.
        assert_eq!(
            errors[0]["message"],
            "a<b>&\"c\"\n\t\r\u{FFFD}\u{FFFD}\u{FFFD}末"
        );
    }

    #[test]
    fn checkstyle_lists_every_document_even_without_findings() {
        let a = doc("a.md", "中国");
        let b = doc("b.md", "27%");
        let findings = [finding("r", Severity::Info, 0..3, "m")];
        let xml = render(&[
            DocFindings {
                doc: &a,
                findings: &[],
            },
            DocFindings {
                doc: &b,
                findings: &findings,
            },
        ]);
        let elements = parse_xml(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
        let files: Vec<&str> = elements
            .iter()
            .filter(|e| e.name == "file")
            .map(|e| e.attributes["name"].as_str())
            .collect();
        assert_eq!(files, ["a.md", "b.md"]);
        assert_eq!(errors(&elements).len(), 1);
        // No documents at all is still a well-formed report.
        let empty = render(&[]);
        assert_eq!(parse_xml(&empty).unwrap().len(), 1);
    }

    #[test]
    fn the_xml_check_rejects_what_is_not_well_formed() {
        let head = r#"<?xml version="1.0" encoding="UTF-8"?>"#;
        for bad in [
            r#"<checkstyle version="4.3">"#,
            r#"<a><b></a></b>"#,
            r#"<a x="1" x="2"/>"#,
            r#"<a x="<"/>"#,
            r#"<a x="&"/>"#,
            r#"<a x="&nbsp;"/>"#,
            r#"<a x="&#1;"/>"#,
            "<a x=\"\u{1}\"/>",
            r#"<a x=1/>"#,
            r#"<a/><b/>"#,
            r#"<a>text</a>"#,
        ] {
            assert!(
                parse_xml(&format!("{head}{bad}")).is_err(),
                "accepted {bad}"
            );
        }
        assert!(
            parse_xml(r#"<a/>"#).is_err(),
            "accepted a report without declaration"
        );
        let good = parse_xml(&format!("{head}\n<a x='&#10;&amp;'>\n  <b/>\n</a>\n")).unwrap();
        assert_eq!(good[0].attributes["x"], "\n&");
        assert_eq!(good[1].depth, 1);
    }
}
