//! Batches through the command line: `check` across the files it is given, `audit` with its
//! report formats, and the ledger's promises (a draft against published articles; adding
//! twice changes nothing; two writers at once lose nothing; a corrupt file is reported and
//! left as it is). Each test runs the real binary.

use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn emcheck(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emcheck"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run emcheck")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn findings(out: &Output) -> Vec<Json> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn fixture(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
        .display()
        .to_string()
}

const SEEDS: [&str; 5] = [
    "extract/seed-000-jiemian.txt",
    "extract/seed-001-magazine.txt",
    "extract/seed-002-rfi.html",
    "extract/seed-003-nyt.html",
    "extract/seed-004-voa.html",
];

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const PUBLISHED: &str =
    "---\ndate: 2023-11-09\n---\n\n2022年，中国温室气体排放总量为139亿吨二氧化碳当量。\n";
const DRAFT: &str = "2022年，中国温室气体排放总量为137亿吨二氧化碳当量。\n";

#[test]
fn check_compares_the_files_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let seeds: Vec<String> = SEEDS.iter().map(|s| fixture(s)).collect();
    let mut args = vec!["check", "--format", "jsonl"];
    args.extend(seeds.iter().map(String::as_str));
    let out = emcheck(&args, dir.path());
    let across: Vec<Json> = findings(&out)
        .into_iter()
        .filter(|f| f["rule"].as_str().unwrap().ends_with("-across-articles"))
        .collect();
    // The Sunnylands talks, once on each side, each pointing at the other article.
    assert_eq!(across.len(), 2, "{across:#?}");
    for (f, other) in across
        .iter()
        .zip(["seed-004-voa.html", "seed-002-rfi.html"])
    {
        assert_eq!(f["rule"], "event-dates-disagree-across-articles");
        assert_eq!(f["verdict"], "inconsistent");
        assert!(f["related"][0]["file"].as_str().unwrap().ends_with(other));
    }
    // SARIF gives the other article's line and column as a related location.
    let mut args = vec!["check", "--format", "sarif"];
    args.extend(seeds.iter().map(String::as_str));
    let log: Json = serde_json::from_slice(&emcheck(&args, dir.path()).stdout).unwrap();
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "event-dates-disagree-across-articles")
        .unwrap();
    let related = &result["relatedLocations"][0]["physicalLocation"];
    assert!(
        related["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("seed-004-voa.html")
    );
    assert_eq!(
        related["region"]["startLine"],
        across[0]["related"][0]["line"]
    );
    // One file alone has nothing to disagree with.
    let out = emcheck(&["check", "--format", "jsonl", &seeds[2]], dir.path());
    assert!(
        findings(&out)
            .iter()
            .all(|f| f["rule"] != "event-dates-disagree-across-articles")
    );
}

#[test]
fn audit_writes_each_format_and_reports_the_sunnylands_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let seeds: Vec<String> = SEEDS.iter().map(|s| fixture(s)).collect();
    let mut args = vec!["audit", "--format", "json", "--progress", "never"];
    args.extend(seeds.iter().map(String::as_str));
    let out = emcheck(&args, dir.path());
    // Errors are found in the seeds: exit 1, as `check`.
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("audited 5 article(s)"),
        "{}",
        stderr(&out)
    );
    let report: Json = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["summary"]["articles"], 5);
    assert_eq!(report["articles"].as_array().unwrap().len(), 5);
    let clusters = report["summary"]["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 1, "{clusters:#?}");
    assert!(
        clusters[0]["about"]
            .as_str()
            .unwrap()
            .contains("Sunnylands")
    );

    // The report file's format comes from its extension.
    for (name, starts) in [
        ("audit.html", "<!DOCTYPE html>"),
        ("audit.md", "# "),
        ("audit.json", "{"),
    ] {
        let mut args = vec!["audit", "--report", name];
        args.extend(seeds.iter().map(String::as_str));
        let out = emcheck(&args, dir.path());
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(
            text.trim_start().starts_with(starts),
            "{name}: {}",
            &text[..80.min(text.len())]
        );
        assert!(text.contains("11月4—7日"), "{name} lacks the conflict");
    }

    // --fail-on as in check; unreadable inputs are listed, exit 2, the rest still audited.
    let out = emcheck(
        &[
            "audit",
            "--fail-on",
            "error",
            "--format",
            "md",
            &fixture("figure-disagrees-across-articles/clean-a.md"),
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = emcheck(
        &["audit", "--format", "json", &seeds[4], "missing.md"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("missing.md: no such file or directory"),
        "{}",
        stderr(&out)
    );
    let report: Json = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["summary"]["articles"], 1);
}

#[test]
fn audit_reads_docs_jsonl_and_names_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut jsonl = Vec::new();
    jsonl.extend_from_slice(
        r#"{"id": "a", "text": "2022年，中国温室气体排放总量为139亿吨二氧化碳当量。"}"#.as_bytes(),
    );
    jsonl.extend_from_slice(b"\n{not json\n");
    jsonl.extend_from_slice(b"{\"id\": \"bad-utf8\", \"text\": \"\xff\xfe\"}\n");
    jsonl.extend_from_slice(
        r#"{"id": "b", "text": "2022年，中国温室气体排放总量为137亿吨二氧化碳当量。"}"#.as_bytes(),
    );
    std::fs::write(dir.path().join("docs.jsonl"), jsonl).unwrap();
    let out = emcheck(
        &["audit", "--docs-jsonl", "docs.jsonl", "--format", "json"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("docs.jsonl:2: invalid document record"),
        "{err}"
    );
    assert!(err.contains("docs.jsonl:3: not UTF-8"), "{err}");
    let report: Json = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["summary"]["articles"], 2);
    // Both documents are read, and they disagree with each other.
    assert_eq!(report["summary"]["clusters"].as_array().unwrap().len(), 1);
}

#[test]
fn a_draft_is_checked_against_the_published_articles_of_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "published.md", PUBLISHED);
    write(dir.path(), "draft.md", DRAFT);
    let out = emcheck(&["ledger", "add", "published.md"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join(".emcheck/ledger.db").is_file());

    let out = emcheck(
        &["check", "--ledger", "--format", "jsonl", "draft.md"],
        dir.path(),
    );
    let found = findings(&out);
    let f = found
        .iter()
        .find(|f| f["rule"] == "figure-disagrees-across-articles")
        .unwrap_or_else(|| panic!("no ledger finding: {found:#?} {}", stderr(&out)));
    let message = f["message"].as_str().unwrap();
    assert!(message.contains("137亿吨"), "{message}");
    assert!(
        message.contains("139亿吨二氧化碳当量 in published.md on 2023-11-09"),
        "{message}"
    );
    assert_eq!(f["related"][0]["file"], "published.md");
    // Without --ledger the draft alone has nothing to disagree with.
    let out = emcheck(&["check", "--format", "jsonl", "draft.md"], dir.path());
    assert!(
        findings(&out)
            .iter()
            .all(|f| f["rule"] != "figure-disagrees-across-articles")
    );
    // A published article checked again is not compared with itself.
    let out = emcheck(
        &["check", "--ledger", "--format", "jsonl", "published.md"],
        dir.path(),
    );
    assert!(
        findings(&out)
            .iter()
            .all(|f| f["rule"] != "figure-disagrees-across-articles")
    );
}

fn stats(dir: &Path) -> String {
    let out = emcheck(&["ledger", "stats"], dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn adding_an_article_twice_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "published.md", PUBLISHED);
    let first = emcheck(&["ledger", "add", "published.md"], dir.path());
    assert!(
        stderr(&first).contains("1 article(s) added"),
        "{}",
        stderr(&first)
    );
    let before = stats(dir.path());
    let again = emcheck(&["ledger", "add", "published.md"], dir.path());
    assert_eq!(again.status.code(), Some(0));
    assert!(
        stderr(&again).contains("0 article(s) added, 0 updated, 1 already there"),
        "{}",
        stderr(&again)
    );
    assert_eq!(stats(dir.path()), before);
    assert!(before.contains("1 article(s)"), "{before}");
}

#[test]
fn two_writers_at_once_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for w in ["a", "b"] {
        std::fs::create_dir(dir.path().join(w)).unwrap();
        for i in 0..20 {
            write(
                &dir.path().join(w),
                &format!("{i}.md"),
                &format!(
                    "{w}{i}: 2022年，中国温室气体排放总量为{}亿吨二氧化碳当量。\n",
                    130 + i
                ),
            );
        }
    }
    let spawn = |w: &str| {
        Command::new(env!("CARGO_BIN_EXE_emcheck"))
            .args(["ledger", "add", w])
            .current_dir(dir.path())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn("a"), spawn("b"));
    for child in [a, b] {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    assert!(
        stats(dir.path()).contains("40 article(s)"),
        "{}",
        stats(dir.path())
    );
}

#[test]
fn a_corrupt_ledger_is_reported_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".emcheck")).unwrap();
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 251) as u8).collect();
    let ledger = write(dir.path(), ".emcheck/ledger.db", "");
    std::fs::write(&ledger, &garbage).unwrap();
    write(dir.path(), "published.md", PUBLISHED);
    write(dir.path(), "draft.md", DRAFT);

    let out = emcheck(&["ledger", "add", "published.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(".emcheck/ledger.db"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read(&ledger).unwrap(),
        garbage,
        "the file was changed"
    );

    // check --ledger still checks the draft, says why the ledger was not used, exits 2.
    let out = emcheck(
        &[
            "check",
            "--ledger",
            "--format",
            "jsonl",
            "--article-date",
            "2023-11-09",
            "draft.md",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(".emcheck/ledger.db"),
        "{}",
        stderr(&out)
    );
    assert!(
        findings(&out)
            .iter()
            .any(|f| f["rule"] == "figure-contradicts-reference")
    );
    assert_eq!(
        std::fs::read(&ledger).unwrap(),
        garbage,
        "the file was changed"
    );
}

/// The five seed excerpts copied into `dir`, under their own names.
fn copy_seeds(dir: &Path) -> Vec<String> {
    SEEDS
        .iter()
        .map(|s| {
            let name = Path::new(s)
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            std::fs::copy(fixture(s), dir.join(&name)).unwrap();
            name
        })
        .collect()
}

#[test]
fn a_baseline_over_the_seeds_lets_only_a_new_wrong_figure_fail() {
    let dir = tempfile::tempdir().unwrap();
    let names = copy_seeds(dir.path());
    let out = emcheck(&["check", "--format", "jsonl", "."], dir.path());
    assert_eq!(out.status.code(), Some(1), "the seeds have errors");
    let before = findings(&out).len();

    let out = emcheck(
        &["check", "--write-baseline", "baseline.json", "."],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let out = emcheck(
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--format",
            "jsonl",
            ".",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(findings(&out).is_empty());
    assert!(
        stderr(&out).contains(&format!("{before} by the baseline")),
        "{}",
        stderr(&out)
    );

    // A line inserted at the top moves every finding down: the baseline still holds.
    let txt = dir.path().join(&names[1]);
    let text = std::fs::read_to_string(&txt).unwrap();
    std::fs::write(&txt, format!("（编者按：本文有更新。）\n{text}")).unwrap();
    let out = emcheck(
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--format",
            "jsonl",
            ".",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // One new wrong figure: exit 1, and it is the only finding.
    std::fs::write(
        &txt,
        format!("（编者按：本文有更新。）\n{text}\n会谈于2023年11月8日（星期四）结束。\n"),
    )
    .unwrap();
    let out = emcheck(
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--format",
            "jsonl",
            ".",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let found = findings(&out);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["rule"], "weekday-mismatch");
    assert!(found[0]["file"].as_str().unwrap().ends_with(&names[1]));

    // A figure fixed since the baseline: its entry is reported as stale.
    let html = dir.path().join(&names[4]);
    let fixed = std::fs::read_to_string(&html)
        .unwrap()
        .replace("106百万瓦", "106吉瓦");
    std::fs::write(&html, fixed).unwrap();
    let out = emcheck(
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--format",
            "jsonl",
            ".",
        ],
        dir.path(),
    );
    assert!(
        stderr(&out)
            .contains("baseline entry no longer matches: unit-gloss-mismatch on `106百万瓦`"),
        "{}",
        stderr(&out)
    );

    // A broken baseline file is named with its place; the findings are still printed.
    std::fs::write(
        dir.path().join("broken.json"),
        "{\"version\": 1,\n \"entries\": [}\n",
    )
    .unwrap();
    let out = emcheck(
        &[
            "check",
            "--baseline",
            "broken.json",
            "--format",
            "jsonl",
            ".",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("broken.json: line 2"),
        "{}",
        stderr(&out)
    );
    assert!(!findings(&out).is_empty());
}

#[test]
fn suppression_comments_hide_findings_and_bad_ones_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let draft = "<!-- emcheck-disable-next-line weekday-mismatch -->\n会谈于2023年11月8日（星期四）结束。\n\n<!-- emcheck-disable-next-line weekday-mismatc -->\n会谈于2023年11月8日（星期五）结束。\n\n<!-- emcheck-disable-next-line age-mismatch -->\n会谈于2023年11月8日（星期三）结束。\n";
    write(dir.path(), "draft.md", draft);
    let out = emcheck(&["check", "--format", "jsonl", "draft.md"], dir.path());
    // The misspelt rule is an error (exit 2) with a suggestion; its line is still checked.
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("error: draft.md:4:"), "{err}");
    assert!(err.contains("weekday-mismatch"), "{err}");
    // The unused suppression of line 7 is a warning.
    assert!(err.contains("warning: draft.md:7:"), "{err}");
    let found = findings(&out);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["line"], 5);
    assert!(
        err.contains("1 finding(s) hidden by emcheck-disable comments"),
        "{err}"
    );
}
