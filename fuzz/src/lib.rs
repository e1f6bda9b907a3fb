//! The fuzz harnesses of emcheck: one function per cargo-fuzz target, each taking the raw
//! input bytes and panicking when an invariant does not hold. The targets in `fuzz_targets/`
//! call them; `tests/fuzz_regressions.rs` includes this file to replay every crash found, so a
//! regression test checks exactly what the fuzzer checked.
//!
//! The first byte of an input picks a variant (format, rule file); the seed corpora
//! (`fuzz/seed-corpus`) write it as an ASCII digit so seeds stay readable.

use emcheck::catalog::Catalog;
use emcheck::check::Options;
use emcheck::claim::PartialDate;
use emcheck::finding::{Finding, Verdict};
use emcheck::normalize::Format;
use emcheck::report::claims::DocClaims;
use emcheck::report::findings::DocFindings;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// 1-based line and column (in characters) of byte `offset` of `text`, counted afresh.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Panics unless `span` is a range of `text` that starts and ends on character boundaries.
fn assert_span(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside the text ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} not on character boundaries"
    );
}

/// Renders a diagnostic as the command line does (a code frame), to a string.
fn render(diagnostic: &dyn miette::Diagnostic) -> String {
    let mut out = String::new();
    miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
        .render_report(&mut out, diagnostic)
        .expect("rendering to a String cannot fail");
    out
}

/// Panics unless a diagnostic's span lies on character boundaries of its source text; then
/// renders it, which must not panic either.
fn assert_diagnostic(
    source: &str,
    span: miette::SourceSpan,
    diagnostic: &dyn miette::Diagnostic,
    what: &str,
) {
    let range = span.offset()..span.offset() + span.len();
    assert_span(source, &range, what);
    let _ = render(diagnostic);
}

/// A short article whose figures exercise attribution and every kind of check, run against
/// catalogs loaded from fuzzed rule files.
const PROBE_ARTICLE: &str = "2023年11月15日\n\
    据报告，2022年中国温室气体排放总量达到139亿吨二氧化碳当量，占全球的27%，\
    人均排放量是全球人均水平的约1.4倍。其中二氧化碳排放116亿吨。\
    中国在2022年批准82个燃煤电厂项目，总计106百万瓦(gigawatts)。\
    《巴黎协定》的目标是将升温控制在2℃以内。星期三（11月8日）会谈结束，长达五天。\n";

/// `normalize_extract`: the first byte, less `b'0'`, picks the format (mod 3: text, Markdown,
/// HTML), `--verified` (bit 0 of it / 3) and an article date (bit 0 of it / 6): `0` `1` `2` are
/// the plain formats, `9` `:` `;` the same verified with a date. The rest is the
/// file. Decoding may refuse it; otherwise the document is checked on its own and against a
/// copy of itself, every span must lie on the document's character boundaries, and every
/// report of the two (human, JSON, JSON Lines, SARIF, GitHub, rdjson, Checkstyle) is written.
pub fn normalize_extract(data: &[u8]) {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let k = first.wrapping_sub(b'0');
    let format = match k % 3 {
        0 => Format::Text,
        1 => Format::Markdown,
        _ => Format::Html,
    };
    let verified = (k / 3) % 2 == 1;
    let article_date = ((k / 6) % 2 == 1).then(|| PartialDate::ymd(2023, 11, 15));
    let Ok(doc) = emcheck::source::document_from_bytes("fuzz".into(), bytes, Some(format)) else {
        return;
    };
    let catalog = Catalog::builtin();
    let options = Options { verified };
    let checked = emcheck::check_one(&doc, article_date, catalog, &options);
    let text = doc.text.as_str();

    let mut last_start = 0;
    for claim in &checked.claims {
        assert_span(text, &claim.span, "claim");
        assert!(
            claim.span.start >= last_start,
            "claims out of text order at {:?}",
            claim.span
        );
        last_start = claim.span.start;
    }
    assert_findings(text, &checked.findings, false);
    for s in &checked.statements {
        assert_span(text, &s.span, "statement");
        for part in &s.parts {
            assert_span(text, part, "statement part");
        }
        assert_eq!(
            (s.line, s.column),
            line_column(text, s.span.start),
            "statement at {:?}: wrong line and column",
            s.span
        );
        assert_eq!(
            *s.text,
            text[s.span.clone()],
            "statement at {:?}: not the text written there",
            s.span
        );
    }

    // Across articles: the document against an identical copy, so every related place in
    // the other document lies in the same text too.
    let mut both = [checked.clone(), checked];
    emcheck::cross_check(
        &["fuzz", "copy"],
        &mut both,
        Vec::new(),
        &[catalog, catalog],
    );
    for c in &both {
        assert_findings(text, &c.findings, true);
    }

    // Every report of the findings and claims of the two documents: none may panic, and the
    // JSON ones are JSON.
    let copy = emcheck::source::Document {
        name: "copy".into(),
        ..doc.clone()
    };
    let docs = [&doc, &copy];
    let findings: Vec<DocFindings<'_>> = docs
        .iter()
        .zip(&both)
        .map(|(&doc, c)| DocFindings {
            doc,
            findings: &c.findings,
        })
        .collect();
    let claims: Vec<DocClaims<'_>> = docs
        .iter()
        .zip(&both)
        .map(|(&doc, c)| DocClaims {
            doc,
            claims: &c.claims,
            article_date: c.article_date,
        })
        .collect();
    use emcheck::report::{checkstyle, claims as claim_views, findings as views, rdjson, sarif};
    let write = |f: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut out = Vec::new();
        f(&mut out).expect("writing to a Vec cannot fail");
        out
    };
    let _ = write(&|o| views::write_human(o, &findings, false));
    let _ = write(&|o| views::write_human(o, &findings, true));
    let _ = write(&|o| sarif::write_github(o, &findings));
    let _ = write(&|o| checkstyle::write_checkstyle(o, &findings));
    let _ = write(&|o| claim_views::write_human(o, &claims, false));
    let json = [
        write(&|o| views::write_json(o, &findings)),
        write(&|o| sarif::write_sarif(o, &findings, catalog)),
        write(&|o| rdjson::write_rdjson(o, &findings, catalog)),
        write(&|o| claim_views::write_json(o, &claims)),
    ];
    for out in json {
        if let Err(e) = serde_json::from_slice::<serde_json::Value>(&out) {
            panic!("a JSON report is not JSON: {e}");
        }
    }
    for jsonl in [
        write(&|o| views::write_jsonl(o, &findings)),
        write(&|o| claim_views::write_jsonl(o, &claims)),
    ] {
        for line in jsonl.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            if let Err(e) = serde_json::from_slice::<serde_json::Value>(line) {
                panic!("a JSON Lines report has a line that is not JSON: {e}");
            }
        }
    }
}

/// Panics unless the findings are sorted by position then rule and every span (theirs and
/// their related places') lies on character boundaries of `text`. With `cross`, related
/// places in another document are in a copy of `text`, so they are checked too.
fn assert_findings(text: &str, findings: &[Finding], cross: bool) {
    for pair in findings.windows(2) {
        let key = |f: &Finding| (f.span.start, f.span.end, f.rule.clone());
        assert!(
            key(&pair[0]) <= key(&pair[1]),
            "findings out of order: {:?} {} before {:?} {}",
            pair[0].span,
            pair[0].rule,
            pair[1].span,
            pair[1].rule
        );
    }
    for f in findings {
        assert_span(text, &f.span, &format!("finding {}", f.rule));
        for r in &f.related {
            if r.file.is_some() && !cross {
                continue;
            }
            assert_span(text, &r.span, &format!("related place of {}", f.rule));
            if let Some(position) = r.position {
                assert_eq!(
                    position,
                    line_column(text, r.span.start),
                    "related place {:?} of {}: wrong line and column",
                    r.span,
                    f.rule
                );
            }
        }
    }
}

/// The rule files `rules_load` writes, picked by the first byte less `b'0'`, mod 6 (`0`-`5`).
pub const RULE_FILES: [&str; 6] = [
    "units.yaml",
    "entities.yaml",
    "metrics.yaml",
    "events.yaml",
    "facts/x.yaml",
    "checks/x.yaml",
];

/// `rules_load`: the first byte picks a rule file (`RULE_FILES`), the rest (UTF-8) is its
/// text, written into a fresh folder loaded as `--rules` (with `GENERATED_FACTS` emptied). Loading must give errors, not
/// panic; every error's span lies on its source's character boundaries and renders; a catalog
/// that loads must check an article without panicking.
pub fn rules_load(data: &[u8]) {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let rel = RULE_FILES[usize::from(first.wrapping_sub(b'0')) % RULE_FILES.len()];
    let dir = light_rules_dir();
    let path = dir.path().join(rel);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("a rules subfolder");
    std::fs::write(&path, text).expect("the rule file written");

    let (catalog, errors) = Catalog::load(&[dir.path()]);
    for (n, e) in errors.iter().enumerate() {
        let what = format!("rule error {:?}", e.message);
        let span = e.span.offset()..e.span.offset() + e.span.len();
        assert_span(e.src.inner(), &span, &what);
        // Rendering costs a pass over the file: the first errors are enough.
        if n < 32 {
            let _ = render(e);
        }
    }
    if let Some(catalog) = catalog {
        let doc = emcheck::source::Document {
            name: "probe.txt".into(),
            text: PROBE_ARTICLE.into(),
            format: Format::Text,
        };
        let checked = emcheck::check_one(&doc, None, &catalog, &Options { verified: true });
        assert_findings(&doc.text, &checked.findings, false);
    }
}

/// The generated facts files (`emcheck facts import`): two thirds of the embedded rules' text,
/// and nothing the other facts files do not exercise.
const GENERATED_FACTS: [&str; 2] = ["facts/gcb-2022.yaml", "facts/jones-2023.yaml"];

/// A fresh `--rules` folder that empties the generated facts files, so that loading a catalog
/// (which a target does for every input) takes a third of the time.
fn light_rules_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(dir.path().join("facts")).expect("a facts folder");
    for rel in GENERATED_FACTS {
        std::fs::write(dir.path().join(rel), "[]\n").expect("an empty facts file");
    }
    dir
}

/// `config_load`: the input (UTF-8) as `emcheck.yaml`. Parsing gives a config or an error
/// whose span lies on the text's character boundaries; a config applies to a fresh catalog
/// (with `GENERATED_FACTS` emptied) with errors that do too, and its globs and exclusions work on any path.
pub fn config_load(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("emcheck.yaml");
    let loaded = match emcheck::config::Loaded::parse(path, Arc::from(text)) {
        Ok(loaded) => loaded,
        Err(e) => {
            assert_diagnostic(text, e.span, &*e, &format!("config error {:?}", e.message));
            return;
        }
    };
    let dir = light_rules_dir();
    let (catalog, errors) = Catalog::load(&[dir.path()]);
    assert!(errors.is_empty(), "the embedded rules load: {errors:?}");
    let mut catalog = catalog.expect("the embedded rules load");
    for e in loaded
        .apply(&mut catalog)
        .iter()
        .chain(&loaded.glob_errors())
    {
        assert_diagnostic(text, e.span, e, &format!("config error {:?}", e.message));
    }
    let _ = loaded.extra_rule_dirs();
    for file in ["a.md", "archive/2023/b.html", "中文/稿件.txt"] {
        let _ = loaded.excludes(Path::new(file));
    }
}

/// `directives`: the input (UTF-8) as an article with `emcheck-disable` comments and as a
/// baseline file. Directives are parsed and applied to findings at places spread over the
/// text; problems point inside the text at their line and column. A baseline that parses
/// writes JSON that parses again to the same entries.
pub fn directives(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let catalog = Catalog::builtin();
    let known: Vec<&str> = catalog.rules.keys().map(String::as_str).collect();
    let findings = findings_over(text, &known);

    let mut suppressions = emcheck::suppress::parse(text);
    for d in suppressions.directives() {
        assert_span(text, &d.span, "directive");
        assert_eq!(
            (d.line, d.column),
            line_column(text, d.span.start),
            "directive at {:?}: wrong line and column",
            d.span
        );
    }
    let mut kept = findings.clone();
    let hidden = suppressions.apply(text, &mut kept);
    assert_eq!(
        kept.len() + hidden.len(),
        findings.len(),
        "suppression lost or made findings"
    );
    for p in suppressions.problems(&known) {
        assert_span(text, &p.span, "suppression problem");
        assert_eq!(
            (p.line, p.column),
            line_column(text, p.span.start),
            "suppression problem at {:?}: wrong line and column",
            p.span
        );
    }

    use emcheck::baseline::{Baseline, Usage};
    if let Ok(baseline) = Baseline::parse(text) {
        let mut used = Usage::new();
        let mut kept = findings.clone();
        let removed = baseline.apply("fuzz.md", text, &mut kept, &mut used);
        assert_eq!(
            kept.len() + removed,
            findings.len(),
            "baseline lost findings"
        );
        let _ = baseline.unused(&used);
        let json = baseline.to_json();
        let again = Baseline::parse(&json)
            .unwrap_or_else(|e| panic!("a baseline's own JSON does not parse: {e}\n{json}"));
        assert_eq!(again.to_json(), json, "baseline JSON does not round-trip");
    }
    // Findings recorded from this text make a baseline that reads back and hides them all.
    let recorded = Baseline::from_findings([("fuzz.md", text, findings.as_slice())]);
    let json = recorded.to_json();
    let recorded = Baseline::parse(&json)
        .unwrap_or_else(|e| panic!("a written baseline does not parse: {e}\n{json}"));
    let mut kept = findings.clone();
    let removed = recorded.apply("fuzz.md", text, &mut kept, &mut Usage::new());
    assert_eq!(
        removed,
        findings.len(),
        "a baseline of the findings hides them all"
    );
}

/// Findings of the known rules at places spread over `text`: at each line start and each
/// ASCII digit (up to 64), a finding covering the next few characters.
fn findings_over(text: &str, rules: &[&str]) -> Vec<Finding> {
    let mut starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .chain(
            text.match_indices(|c: char| c.is_ascii_digit())
                .map(|(i, _)| i),
        )
        .filter(|&i| i < text.len())
        .take(64)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    starts
        .into_iter()
        .enumerate()
        .map(|(n, start)| {
            let end = text[start..]
                .char_indices()
                .nth(3)
                .map_or(text.len(), |(i, _)| start + i);
            Finding {
                rule: rules[n % rules.len()].into(),
                severity: Default::default(),
                verdict: Verdict::Contradicts,
                message: "fuzz".into(),
                span: start..end,
                related: Vec::new(),
                help: None,
                reference: None,
            }
        })
        .collect()
}
