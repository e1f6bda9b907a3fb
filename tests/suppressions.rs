//! Inline suppressions and baselines over fixture articles.
//!
//! `fixtures/suppressions/` holds articles (Markdown, HTML, plain text) with real wrong figures
//! and directives of every kind; the findings left, the count suppressed and the problems with
//! the directives are a snapshot. `fixtures/baseline/` holds two articles `before/` and as
//! edited `after/` (a line inserted above an old finding, one new wrong figure): a baseline of
//! `before/` leaves exactly the new finding of `after/`.

use emcheck::baseline::{Baseline, Usage};
use emcheck::catalog::Catalog;
use emcheck::check::Options;
use emcheck::finding::Finding;
use emcheck::report::LineIndex;
use emcheck::source::{Document, read_paths};
use emcheck::suppress::{self, ProblemKind};
use std::fmt::Write;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The articles of a fixture folder, in name order, named relative to `name_base` (`/`-separated,
/// so snapshots and fingerprints are the same on every machine).
fn read_folder(folder: &str, name_base: &str) -> Vec<Document> {
    let path = root().join(folder);
    read_paths(&[&path])
        .into_iter()
        .map(|d| {
            let mut d = d.expect("fixture reads");
            let rel = Path::new(&d.name)
                .strip_prefix(root().join(name_base))
                .expect("fixture under its folder");
            d.name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            d
        })
        .collect()
}

fn check(doc: &Document) -> Vec<Finding> {
    emcheck::check_document(doc, None, Catalog::builtin(), &Options::default())
}

fn known_rules() -> Vec<&'static str> {
    Catalog::builtin()
        .rules
        .keys()
        .map(String::as_str)
        .collect()
}

fn position(index: &LineIndex<'_>, f: &Finding) -> String {
    let (line, column) = index.line_column(f.span.start);
    format!("{line}:{column} {}", f.rule)
}

/// Checks one article, applies its directives and renders what is left.
fn run_suppressions(doc: &Document) -> (String, Vec<suppress::Problem>) {
    let mut findings = check(doc);
    let mut suppressions = suppress::parse(&doc.text);
    let suppressed = suppressions.apply(&doc.text, &mut findings);
    let problems = suppressions.problems(&known_rules());
    let index = LineIndex::new(&doc.text);
    let mut out = format!("== {}\nremaining:\n", doc.name);
    for f in &findings {
        writeln!(out, "  {}", position(&index, f)).unwrap();
    }
    writeln!(out, "suppressed: {}", suppressed.len()).unwrap();
    for f in &suppressed {
        writeln!(out, "  {}", position(&index, f)).unwrap();
    }
    writeln!(out, "problems:").unwrap();
    for p in &problems {
        writeln!(out, "  {}:{} {}", p.line, p.column, p.message).unwrap();
    }
    (out, problems)
}

#[test]
fn suppression_fixtures_leave_the_expected_findings_and_problems() {
    let docs = read_folder("fixtures/suppressions", "");
    let mut rendered = String::new();
    for doc in &docs {
        let (out, problems) = run_suppressions(doc);
        rendered.push_str(&out);
        rendered.push('\n');
        if doc.name.ends_with(".md") {
            // The misspelt rule id is reported with the right one; the block still works for
            // the known rule beside it.
            assert!(
                problems.iter().any(|p| p.kind
                    == ProblemKind::UnknownRule {
                        rule: "unit-gloss-mismtach".into(),
                        suggestion: Some("unit-gloss-mismatch".into()),
                    }),
                "{out}"
            );
            assert!(
                problems
                    .iter()
                    .any(|p| matches!(&p.kind, ProblemKind::Unused { rules } if rules == &["age-mismatch"])),
                "{out}"
            );
        }
    }
    insta::assert_snapshot!("suppressions", rendered);
}

#[test]
fn every_suppression_fixture_suppresses_something() {
    for doc in read_folder("fixtures/suppressions", "") {
        let mut findings = check(&doc);
        let before = findings.len();
        let mut s = suppress::parse(&doc.text);
        let suppressed = s.apply(&doc.text, &mut findings).len();
        assert!(suppressed > 0, "{}: nothing suppressed", doc.name);
        assert!(!findings.is_empty(), "{}: nothing left", doc.name);
        assert_eq!(suppressed + findings.len(), before);
    }
}

/// (file, text, findings) of every article of a folder.
fn checked(folder: &str) -> Vec<(Document, Vec<Finding>)> {
    read_folder(folder, folder)
        .into_iter()
        .map(|d| {
            let f = check(&d);
            (d, f)
        })
        .collect()
}

fn baseline_of(docs: &[(Document, Vec<Finding>)]) -> Baseline {
    Baseline::from_findings(
        docs.iter()
            .map(|(d, f)| (d.name.as_str(), d.text.as_str(), f.as_slice())),
    )
}

#[test]
fn baseline_of_before_is_stable() {
    let before = checked("fixtures/baseline/before");
    let json = baseline_of(&before).to_json();
    // Written and read back unchanged.
    assert_eq!(Baseline::parse(&json).unwrap().to_json(), json);
    insta::assert_snapshot!("baseline-before", json);
}

#[test]
fn baseline_leaves_only_the_new_finding_after_edits() {
    let before = checked("fixtures/baseline/before");
    let baseline = Baseline::parse(&baseline_of(&before).to_json()).unwrap();
    let after = checked("fixtures/baseline/after");
    // The inserted line moved an old finding: the same claim on another line.
    let kerry = after.iter().find(|(d, _)| d.name == "kerry.md").unwrap();
    let old = before.iter().find(|(d, _)| d.name == "kerry.md").unwrap();
    let line = |doc: &Document, f: &Finding| LineIndex::new(&doc.text).line_column(f.span.start).0;
    assert_ne!(line(&kerry.0, &kerry.1[0]), line(&old.0, &old.1[0]));

    let mut used = Usage::new();
    let mut left = Vec::new();
    let mut hidden = 0;
    for (doc, findings) in &after {
        // Paths are compared as recorded: `./` and `\` do not matter.
        let name = format!("./{}", doc.name);
        let mut findings = findings.clone();
        hidden += baseline.apply(&name, &doc.text, &mut findings, &mut used);
        left.extend(findings.into_iter().map(|f| {
            let (l, c) = LineIndex::new(&doc.text).line_column(f.span.start);
            format!("{}:{l}:{c} {} {}", doc.name, f.rule, &doc.text[f.span])
        }));
    }
    assert_eq!(
        left,
        ["coal.html:3:46 unit-gloss-mismatch 4.41亿千瓦"],
        "exactly the new finding remains"
    );
    let total: usize = before.iter().map(|(_, f)| f.len()).sum();
    assert_eq!(hidden, total);
    assert!(
        baseline.unused(&used).is_empty(),
        "{:?}",
        baseline.unused(&used)
    );
}

#[test]
fn baseline_reports_the_entries_of_a_fixed_figure_as_unused() {
    let before = checked("fixtures/baseline/before");
    let baseline = baseline_of(&before);
    let mut used = Usage::new();
    for (mut doc, _) in checked("fixtures/baseline/after") {
        // The editor fixes the coal figure: 106百万瓦 becomes 106吉瓦.
        doc.text = doc.text.replace("106百万瓦", "106吉瓦");
        let mut findings = check(&doc);
        baseline.apply(&doc.name, &doc.text, &mut findings, &mut used);
    }
    let unused: Vec<String> = baseline
        .unused(&used)
        .iter()
        .map(|e| format!("{} {} {}", e.file, e.rule, e.text))
        .collect();
    assert_eq!(
        unused,
        [
            "coal.html figure-contradicts-reference 106百万瓦",
            "coal.html unit-gloss-mismatch 106百万瓦",
        ]
    );
}
