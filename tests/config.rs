//! `emcheck.yaml` as data: the newsroom fixture (`fixtures/config/newsroom/`) selects and
//! re-grades rules, tightens a tolerance, adds its own facts and excludes its archive; the
//! findings with and without it are snapshots. Broken configs are reported at their place and
//! lose no findings; `init` and `config --dump` round-trip.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn emcheck(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emcheck"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run emcheck")
}

fn newsroom() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/config/newsroom")
}

/// One line per finding: where, rule, severity, verdict.
fn summary(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let f: serde_json::Value = serde_json::from_str(l).unwrap();
            format!(
                "{}:{}:{} {} {} {}",
                f["file"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["rule"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["verdict"].as_str().unwrap()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_newsroom_config_changes_rules_severities_tolerances_facts_and_files() {
    let with = emcheck(&["check", "--format", "jsonl", "."], &newsroom());
    // fail_on: warning in the config, and errors are found.
    assert_eq!(
        with.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&with.stderr)
    );
    let without = emcheck(
        &["check", "--no-config", "--format", "jsonl", "."],
        &newsroom(),
    );
    insta::assert_snapshot!(
        "newsroom-config",
        format!(
            "with emcheck.yaml:\n{}\n\nwith --no-config:\n{}\n",
            summary(&with),
            summary(&without)
        )
    );
    let with = summary(&with);
    assert!(!with.contains("archive/"), "the archive is excluded");
    assert!(
        !with.contains("paris-goal-misstated"),
        "the rule is ignored"
    );
    assert!(with.contains("share-and-per-capita-disagree error"));
    assert!(
        with.contains("figure-contradicts-reference error contradicts"),
        "co2 at 1 %"
    );
    // --fail-on on the command line wins over the config.
    let out = emcheck(
        &["check", "--fail-on", "error", "--format", "jsonl", "drafts"],
        &newsroom(),
    );
    assert_eq!(out.status.code(), Some(1));
    let out = emcheck(
        &["check", "--no-config", "--format", "jsonl", "drafts"],
        &newsroom(),
    );
    assert_eq!(out.status.code(), Some(0), "no errors without the config");
}

#[test]
fn config_dump_prints_the_settings_in_effect() {
    let out = emcheck(&["config", "--dump", "drafts"], &newsroom());
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let text = text.replace(&newsroom().display().to_string(), "<newsroom>");
    insta::assert_snapshot!("newsroom-config-dump", text);
}

#[test]
fn a_broken_config_is_reported_at_its_place_and_loses_no_findings() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("emcheck.yaml"),
        "fail_on: error\nrules:\n  ignore: [paris-goal-mistated]\nexclud: [\"a/**\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("draft.md"),
        "2023年11月8日（星期四），会谈结束。\n",
    )
    .unwrap();
    let out = emcheck(
        &["check", "--format", "jsonl", "--color", "never", "draft.md"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("emcheck.yaml: unknown field `exclud`"),
        "{err}"
    );
    assert!(err.contains("4 │ exclud"), "a code frame at line 4: {err}");
    // The draft is still checked, with the default rules.
    assert!(
        summary(&out).contains("weekday-mismatch error"),
        "{}",
        summary(&out)
    );

    // Unknown rule ids are errors too, with a suggestion; the rest of the config applies.
    std::fs::write(
        dir.path().join("emcheck.yaml"),
        "rules:\n  ignore: [weekday-mismatch, paris-goal-mistated]\n",
    )
    .unwrap();
    let out = emcheck(&["check", "--format", "jsonl", "draft.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown rule or kind `paris-goal-mistated`"),
        "{err}"
    );
    assert!(err.contains("did you mean `paris-goal-misstated`"), "{err}");
    assert!(!summary(&out).contains("weekday-mismatch"));
}

#[test]
fn init_writes_a_starter_that_loads_and_does_not_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = emcheck(&["init"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read_to_string(dir.path().join("emcheck.yaml")).unwrap();
    assert!(written.contains("fail_on: error"));
    let out = emcheck(&["config", "--dump"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = emcheck(&["init"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
}
