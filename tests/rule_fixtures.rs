//! One fixture folder per rule: `fixtures/<rule-id>/flagged.*` must give findings of the rule,
//! `clean.*` (near misses) must not, and the rendered diagnostics of the rule over the folder are
//! a snapshot (`tests/snapshots/`), so wording, spans and code frames are under test too.
//! Also the catalog meta-tests: every rule has its folder, examples and docs.

use emcheck::catalog::Catalog;
use emcheck::check::Options;
use emcheck::finding::{Finding, Verdict};
use emcheck::report::findings::{DocFindings, write_human};
use emcheck::source::{Document, read_paths};
use std::path::Path;

/// Checks every file of a folder and keeps the findings of `rule` (all rules when `None`).
pub fn check_folder(folder: &Path, rule: Option<&str>) -> (Vec<Document>, Vec<Vec<Finding>>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    // Relative names keep the snapshots the same on every machine.
    let rel: Vec<String> = files
        .iter()
        .map(|p| p.strip_prefix(root).unwrap().display().to_string())
        .collect();
    std::env::set_current_dir(root).unwrap();
    let docs: Vec<Document> = read_paths(&rel)
        .into_iter()
        .map(|d| d.expect("fixture reads"))
        .collect();
    // `flagged*` files are one batch, `clean*` files another, the rest a third: rules across
    // articles compare the files of a batch.
    let batch_of = |d: &Document| {
        let name = Path::new(&d.name)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        ["flagged", "clean"]
            .into_iter()
            .find(|p| name.starts_with(p))
            .unwrap_or("")
    };
    let mut findings: Vec<Vec<Finding>> = vec![Vec::new(); docs.len()];
    for batch in ["flagged", "clean", ""] {
        let members: Vec<usize> = (0..docs.len())
            .filter(|&i| batch_of(&docs[i]) == batch)
            .collect();
        let group: Vec<Document> = members.iter().map(|&i| docs[i].clone()).collect();
        let results =
            emcheck::check_documents(&group, None, Catalog::builtin(), &Options::default());
        for (i, found) in members.into_iter().zip(results) {
            findings[i] = found
                .into_iter()
                .filter(|f| rule.is_none_or(|r| &*f.rule == r))
                .collect();
        }
    }
    (docs, findings)
}

pub fn render(docs: &[Document], findings: &[Vec<Finding>]) -> String {
    let views: Vec<DocFindings<'_>> = docs
        .iter()
        .zip(findings)
        .map(|(doc, findings)| DocFindings { doc, findings })
        .collect();
    let mut out = Vec::new();
    write_human(&mut out, &views, false).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn every_rule_has_a_fixture_folder_that_behaves() {
    let catalog = Catalog::builtin();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for rule in catalog.rules.values() {
        let folder = root.join(&*rule.id);
        assert!(folder.is_dir(), "fixtures/{}/ is missing", rule.id);
        assert!(
            !rule.docs.trim().is_empty() && !rule.summary.is_empty() && !rule.help.is_empty(),
            "{}: docs, summary, help",
            rule.id
        );
        let (docs, findings) = check_folder(&folder, Some(&rule.id));
        let mut saw_flagged = false;
        let mut saw_clean = false;
        for (doc, found) in docs.iter().zip(&findings) {
            let bad = found
                .iter()
                .filter(|f| !matches!(f.verdict, Verdict::Matches | Verdict::WithinTolerance))
                .count();
            let name = Path::new(&doc.name)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .to_string();
            if name.starts_with("flagged") {
                saw_flagged = true;
                assert!(bad > 0, "{}: {name} gives no finding", rule.id);
            } else if name.starts_with("clean") {
                saw_clean = true;
                assert_eq!(bad, 0, "{}: {name} gives a finding: {:?}", rule.id, found);
            }
        }
        assert!(
            saw_flagged && saw_clean,
            "fixtures/{}/ needs flagged.* and clean.*",
            rule.id
        );
        insta::assert_snapshot!(rule.id.to_string(), render(&docs, &findings));
    }
}

#[test]
fn no_fixture_folder_without_a_rule() {
    let catalog = Catalog::builtin();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for entry in std::fs::read_dir(root).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        if matches!(
            name.as_str(),
            "extract" | "encodings" | "suppressions" | "baseline" | "config"
        ) {
            continue;
        }
        assert!(
            catalog.rules.contains_key(&name),
            "fixtures/{name}/ has no rule rules/checks/{name}.yaml"
        );
    }
}

#[test]
fn whole_articles_give_only_the_known_findings() {
    // The seed excerpts: a new false alarm on a correct figure shows up as a snapshot change.
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/extract");
    let (docs, findings) = check_folder(&folder, None);
    let keep: Vec<usize> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.name.ends_with(".yaml"))
        .map(|(i, _)| i)
        .collect();
    let docs: Vec<Document> = keep.iter().map(|&i| docs[i].clone()).collect();
    let findings: Vec<Vec<Finding>> = keep.iter().map(|&i| findings[i].clone()).collect();
    insta::assert_snapshot!("seed-articles", render(&docs, &findings));
}

#[test]
fn readme_rule_table_is_current() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for rule in Catalog::builtin().rules.values() {
        let row = format!(
            "| `{}` | {} | {} | {} |",
            rule.id,
            rule.kind.as_str(),
            rule.severity.as_str(),
            rule.summary
        );
        assert!(
            readme.contains(&row),
            "README.md rule table lacks or misstates:\n{row}"
        );
    }
    let rows = readme
        .lines()
        .filter(|l| {
            l.starts_with("| `")
                && [" | error |", " | warning |", " | info |"]
                    .iter()
                    .any(|s| l.contains(s))
        })
        .count();
    assert_eq!(
        rows,
        Catalog::builtin().rules.len(),
        "README.md lists rules that do not exist"
    );
}
