//! The command line as users and pipelines meet it: exit codes, error messages that name the
//! input, encodings, stdin and `--docs-jsonl`. Each test runs the real binary.

use serde_json::Value as Json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn emcheck(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_emcheck"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run emcheck");
    let mut input = child.stdin.take().unwrap();
    // The child may exit without reading its input (a path was given): a closed pipe is fine.
    if let Err(e) = input.write_all(stdin.unwrap_or("").as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn claims(out: &Output) -> Vec<Json> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_encoding_gives_the_same_claims() {
    let mut seen = Vec::new();
    for name in [
        "gb18030.txt",
        "utf16le-bom.txt",
        "utf16be-bom.txt",
        "utf8-bom.md",
    ] {
        let path = fixture(&format!("encodings/{name}"));
        let out = emcheck(
            &["extract", "--format", "jsonl", path.to_str().unwrap()],
            None,
        );
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let values: Vec<(String, String)> = claims(&out)
            .iter()
            .map(|c| {
                (
                    c["text"].as_str().unwrap().to_owned(),
                    c["value"].to_string(),
                )
            })
            .collect();
        seen.push(values);
    }
    assert!(
        seen[0].contains(&("139亿吨二氧化碳当量".into(), "\"13900000000\"".into())),
        "{:?}",
        seen[0]
    );
    assert!(
        seen.iter().all(|s| *s == seen[0]),
        "encodings disagree: {seen:?}"
    );
}

#[test]
fn utf8_bom_spans_are_file_offsets() {
    let path = fixture("encodings/utf8-bom.md");
    let bytes = std::fs::read(&path).unwrap();
    let out = emcheck(
        &["extract", "--format", "jsonl", path.to_str().unwrap()],
        None,
    );
    for c in claims(&out) {
        let (s, e) = (
            c["start"].as_u64().unwrap() as usize,
            c["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            std::str::from_utf8(&bytes[s..e]).unwrap(),
            c["text"].as_str().unwrap()
        );
    }
}

#[test]
fn bad_inputs_are_named_and_the_rest_is_still_read() {
    let good = fixture("encodings/gb18030.txt");
    let binary = fixture("encodings/binary.txt");
    let out = emcheck(
        &[
            "extract",
            "--format",
            "jsonl",
            binary.to_str().unwrap(),
            "no/such/file.md",
            good.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "input errors exit 2");
    let err = stderr(&out);
    assert!(
        err.contains("binary.txt") && err.contains("binary"),
        "{err}"
    );
    assert!(err.contains("no/such/file.md"), "{err}");
    let got = claims(&out);
    assert!(
        !got.is_empty()
            && got
                .iter()
                .all(|c| c["file"].as_str().unwrap().ends_with("gb18030.txt"))
    );
}

#[test]
fn folder_without_articles_is_an_error() {
    let dir = std::env::temp_dir().join(format!("emcheck-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("notes.csv"), "a,b\n1,2\n").unwrap();
    let out = emcheck(&["extract", dir.to_str().unwrap()], None);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(dir.to_str().unwrap()),
        "{}",
        stderr(&out)
    );
}

#[test]
fn folders_are_read_recursively_in_order() {
    let out = emcheck(
        &[
            "extract",
            "--format",
            "json",
            fixture("extract").to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Json = serde_json::from_slice(&out.stdout).unwrap();
    let files: Vec<&str> = doc["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 7, "{files:?}");
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
}

#[test]
fn stdin_and_docs_jsonl() {
    let out = emcheck(
        &["extract", "--format", "jsonl", "-"],
        Some("中国2022年排放约139亿吨二氧化碳当量。"),
    );
    assert!(out.status.success());
    let got = claims(&out);
    assert_eq!(got[0]["file"], "-");
    assert_eq!(got[1]["text"], "约139亿吨二氧化碳当量");

    let jsonl = concat!(
        "{\"id\": \"a\", \"text\": \"<p>排放<b>27%</b></p>\", \"format\": \"html\"}\n",
        "this is not json\n",
        "{\"id\": \"b\", \"text\": \"升温1.5℃\"}\n",
    );
    let out = emcheck(
        &["extract", "--docs-jsonl", "-", "--format", "jsonl"],
        Some(jsonl),
    );
    assert_eq!(out.status.code(), Some(2), "a bad line is an input error");
    assert!(
        stderr(&out).contains(":2"),
        "the error names the line: {}",
        stderr(&out)
    );
    let got = claims(&out);
    let ids: Vec<&str> = got.iter().map(|c| c["file"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "b"]);
    // Spans of an HTML record index the record's own text.
    assert_eq!(got[0]["text"], "27%");
    assert_eq!(got[0]["start"], "<p>排放<b>".len());
}

#[test]
fn json_lines_follow_the_contract() {
    let out = emcheck(
        &["extract", "--format", "jsonl", "-"],
        Some("第一行\n排放量约为12.06亿千瓦，增长0.8个百分点。"),
    );
    let got = claims(&out);
    let c = &got[0];
    for field in [
        "file",
        "start",
        "end",
        "line",
        "column",
        "text",
        "kind",
        "value",
        "unit",
        "gas",
        "qualifier",
    ] {
        assert!(c.get(field).is_some(), "missing {field} in {c}");
    }
    assert_eq!(
        (c["line"].as_u64(), c["column"].as_u64()),
        (Some(2), Some(4)),
        "columns count characters"
    );
    assert_eq!(
        (c["value"].as_str(), c["unit"].as_str()),
        (Some("1206000000000"), Some("W"))
    );
    assert_eq!(
        (got[1]["kind"].as_str(), got[1]["unit"].as_str()),
        (Some("percentage_point"), Some("pp"))
    );
}

#[test]
fn human_view_shows_the_claim_in_its_sentence() {
    let out = emcheck(
        &["extract", "--color", "never", "-"],
        Some("据统计，美国排放4000亿吨二氧化碳，占全球总额的25%。"),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("【4000亿吨二氧化碳】"), "{text}");
    assert!(text.contains("400000000000 t CO2"), "{text}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(emcheck(&["extract"], None).status.code(), Some(2));
    assert_eq!(
        emcheck(&["extract", "--format", "xml", "-"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        emcheck(&["extract", "--article-date", "2023-13-01", "-"], None)
            .status
            .code(),
        Some(2)
    );
}

fn findings(out: &Output) -> Vec<Json> {
    claims(out)
}

#[test]
fn check_exit_codes_follow_fail_on() {
    let wrong = "2022年中国二氧化碳排放量约为81亿吨。";
    let out = emcheck(&["check", "--format", "jsonl", "-"], Some(wrong));
    assert_eq!(
        out.status.code(),
        Some(1),
        "an error finding fails: {}",
        stderr(&out)
    );
    let f = &findings(&out)[0];
    for field in [
        "file",
        "start",
        "end",
        "line",
        "column",
        "rule",
        "severity",
        "verdict",
        "message",
        "related",
        "reference",
    ] {
        assert!(f.get(field).is_some(), "missing {field} in {f}");
    }
    assert_eq!(
        (f["rule"].as_str(), f["verdict"].as_str()),
        (Some("figure-contradicts-reference"), Some("contradicts"))
    );
    assert_eq!(f["reference"]["value"], "11400000000");
    assert!(f["reference"]["source"].as_str().unwrap().contains("GCB"));

    let imprecise = "《巴黎协定》的目标是将全球平均气温较工业化前水平升高的幅度控制在2摄氏度之内。";
    assert_eq!(
        emcheck(&["check", "-"], Some(imprecise)).status.code(),
        Some(0),
        "a warning passes --fail-on error"
    );
    assert_eq!(
        emcheck(&["check", "--fail-on", "warning", "-"], Some(imprecise))
            .status
            .code(),
        Some(1)
    );

    let right = "2022年中国二氧化碳排放量为114亿吨。";
    let out = emcheck(&["check", "--format", "jsonl", "-"], Some(right));
    assert_eq!(out.status.code(), Some(0));
    assert!(
        findings(&out).is_empty(),
        "agreement is not reported by default"
    );
    let out = emcheck(
        &["check", "--verified", "--format", "jsonl", "-"],
        Some(right),
    );
    let listed = findings(&out);
    assert_eq!(
        listed.len(),
        1,
        "--verified lists the figure with its source"
    );
    assert_eq!(listed[0]["verdict"], "matches");
}

#[test]
fn human_check_output_points_at_the_characters() {
    let out = emcheck(
        &["check", "--color", "never", "-"],
        Some("中国在2022年批准兴建82个燃煤电厂项目，总计106百万瓦(gigawatts)。"),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("unit-gloss-mismatch"), "{text}");
    assert!(
        text.contains("106百万瓦 is 106 MW, but the gloss \"gigawatts\" makes it 106 GW"),
        "{text}"
    );
    assert!(
        text.contains("─┬─"),
        "an underline under the figure: {text}"
    );
    assert!(text.contains("1 file(s) checked: 2 error(s)"), "{text}");
}

#[test]
fn broken_rule_files_are_reported_with_their_place_and_the_rest_still_loads() {
    let dir = std::env::temp_dir().join(format!("emcheck-rules-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("facts")).unwrap();
    std::fs::create_dir_all(dir.join("checks")).unwrap();
    std::fs::write(
        dir.join("facts/newsroom.yaml"),
        "- {id: nr-a, entity: china, metric: co2, period: 2022, value: \"9000000000\", unit: t, source: {title: Our desk}}\n\
         - {id: nr-b, entity: china, metric: co2, period: 2021, value: \"1\", unit: tonnes, source: {title: Our desk}}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("checks/broken.yaml"),
        "kind: magic\nseverity: error\nsummary: s\nhelp: h\n",
    )
    .unwrap();
    let out = emcheck(
        &[
            "check",
            "--rules",
            dir.to_str().unwrap(),
            "--format",
            "jsonl",
            "-",
        ],
        Some("2022年中国二氧化碳排放量为90亿吨。"),
    );
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(out.status.code(), Some(2), "a broken rule file exits 2");
    let err = stderr(&out);
    assert!(
        err.contains("newsroom.yaml:2") && err.contains("unknown unit `tonnes`"),
        "{err}"
    );
    assert!(
        err.contains("broken.yaml") && err.contains("magic"),
        "{err}"
    );
    // The good fact of the overlay still loaded: 90亿吨 is far from GCB's 114亿吨, but it matches
    // the newsroom's own fact nr-a, so it is not reported as contradicting.
    assert!(
        findings(&out).iter().all(|f| f["verdict"] != "contradicts"),
        "{:?}",
        findings(&out)
    );
}

#[test]
fn catalog_commands_list_rules_and_facts() {
    let out = emcheck(&["rules"], None);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("unit-gloss-mismatch") && text.contains("figure-contradicts-reference"),
        "{text}"
    );
    let out = emcheck(&["explain", "paris-goal-misstated"], None);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("well below") && text.contains("Flagged:"),
        "{text}"
    );
    assert_eq!(
        emcheck(&["explain", "no-such-rule"], None).status.code(),
        Some(2)
    );
    let out = emcheck(&["facts", "rggi-member"], None);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("rggi-member-states-2012-2019") && text.contains("rules/facts/policy.yaml:"),
        "{text}"
    );
}

#[test]
fn sarif_has_the_rule_table_code_point_columns_and_stable_fingerprints() {
    let text = "中国在2022年批准兴建82个燃煤电厂项目，总计106百万瓦(gigawatts)。";
    let out = emcheck(&["check", "--format", "sarif", "-"], Some(text));
    let log: Json = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r["id"] == "unit-gloss-mismatch"
                && r["defaultConfiguration"]["level"] == "error")
    );
    let results = run["results"].as_array().unwrap();
    let gloss = results
        .iter()
        .find(|r| r["ruleId"] == "unit-gloss-mismatch")
        .expect("gloss finding");
    let region = &gloss["locations"][0]["physicalLocation"]["region"];
    // 中国在2022年批准兴建82个燃煤电厂项目，总计 is 24 characters: the figure starts in column 25.
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(1), Some(25))
    );
    assert_eq!(region["snippet"]["text"], "106百万瓦");
    assert_eq!(gloss["relatedLocations"][0]["message"]["text"], "the gloss");
    assert_eq!(
        rules[gloss["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "unit-gloss-mismatch"
    );
    // The fingerprint depends on rule, file and text, not on the line.
    let moved = emcheck(
        &["check", "--format", "sarif", "-"],
        Some(&format!("新的一行。\n\n{text}")),
    );
    let moved: Json = serde_json::from_slice(&moved.stdout).unwrap();
    let fp = |log: &Json| {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == "unit-gloss-mismatch")
            .unwrap()["partialFingerprints"]
            .clone()
    };
    assert_eq!(fp(&log), fp(&moved));
    assert_eq!(
        moved["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
}

#[test]
fn github_format_prints_one_annotation_per_finding() {
    let text = "2023年11月30日（星期五），大会开幕。\n2022年中国二氧化碳排放量约为81亿吨。";
    let jsonl = emcheck(&["check", "--format", "jsonl", "-"], Some(text));
    let out = emcheck(&["check", "--format", "github", "-"], Some(text));
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines.len(), findings(&jsonl).len());
    assert!(
        lines.iter().all(|l| l.starts_with("::error file=-,line=")),
        "{lines:?}"
    );
    assert!(
        lines[0].contains("line=1,col=1,") && lines[1].contains("line=2,col=15,"),
        "{lines:?}"
    );
    assert_eq!(
        emcheck(&["extract", "--format", "sarif", "-"], Some(text))
            .status
            .code(),
        Some(2),
        "sarif is for check"
    );
}

#[test]
fn every_check_format_reports_the_same_findings() {
    let folder = fixture("weekday-mismatch");
    let folder = folder.to_str().unwrap();
    let run = |format: &str| {
        let out = emcheck(&["check", "--format", format, folder], None);
        assert_eq!(out.status.code(), Some(1), "{format}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let jsonl = run("jsonl").lines().count();
    assert!(jsonl >= 2);
    let json: Json = serde_json::from_str(&run("json")).unwrap();
    let sarif: Json = serde_json::from_str(&run("sarif")).unwrap();
    let rdjson: Json = serde_json::from_str(&run("rdjson")).unwrap();
    let counts = [
        (
            "json",
            json["documents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["findings"].as_array().unwrap().len())
                .sum(),
        ),
        (
            "sarif",
            sarif["runs"][0]["results"].as_array().unwrap().len(),
        ),
        ("rdjson", rdjson["diagnostics"].as_array().unwrap().len()),
        (
            "github",
            run("github")
                .lines()
                .filter(|l| l.starts_with("::"))
                .count(),
        ),
        ("checkstyle", run("checkstyle").matches("<error ").count()),
        ("human", run("human").matches("weekday-mismatch (").count()),
    ];
    for (format, n) in counts {
        assert_eq!(n, jsonl, "{format} reports {n} findings, jsonl {jsonl}");
    }
    // Formats of `check` only are refused by `extract`, with exit 2.
    let out = emcheck(&["extract", "--format", "checkstyle", folder], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_very_large_file_is_checked_or_refused_by_the_limit_and_the_others_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    // About 3 MB of seed text, with one wrong weekday near the end.
    let seed = std::fs::read_to_string(fixture("extract/seed-001-magazine.txt")).unwrap();
    let mut big = String::new();
    while big.len() < 3_000_000 {
        big.push_str(&seed);
        big.push('\n');
    }
    big.push_str("会谈于2023年11月8日（星期四）结束。\n");
    let lines = big.lines().count();
    std::fs::write(dir.path().join("big.txt"), &big).unwrap();
    let small = fixture("weekday-mismatch/flagged.html");
    let big_path = dir.path().join("big.txt");
    let big_path = big_path.to_str().unwrap();

    let out = emcheck(
        &[
            "check",
            "--format",
            "jsonl",
            big_path,
            small.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let found = findings(&out);
    let weekday_in_big = found
        .iter()
        .find(|f| f["file"] == big_path && f["rule"] == "weekday-mismatch")
        .expect("the wrong weekday of the big file");
    assert_eq!(weekday_in_big["line"], lines);
    assert!(
        found
            .iter()
            .any(|f| f["file"].as_str().unwrap().ends_with("flagged.html"))
    );

    // Over the limit: named with its size, exit 2, the other file still checked.
    let out = emcheck(
        &[
            "check",
            "--format",
            "jsonl",
            "--max-file-size",
            "1M",
            big_path,
            small.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("big.txt: 2.") && err.contains("over the 1.0 MiB limit"),
        "{err}"
    );
    let found = findings(&out);
    assert!(!found.is_empty());
    assert!(
        found
            .iter()
            .all(|f| f["file"].as_str().unwrap().ends_with("flagged.html"))
    );
    // The same limit on stdin.
    let out = emcheck(
        &["check", "--max-file-size", "1K", "-"],
        Some(big.get(..big.floor_char_boundary(4096)).unwrap()),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("-: "), "{}", stderr(&out));
    let out = emcheck(&["check", "--max-file-size", "lots", "-"], Some(""));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not a size"), "{}", stderr(&out));
}

#[test]
fn check_names_bad_docs_jsonl_lines_and_checks_the_good_ones() {
    let mut jsonl = Vec::new();
    jsonl.extend_from_slice(
        r#"{"id": "good", "text": "会谈于2023年11月8日（星期四）结束。"}"#.as_bytes(),
    );
    jsonl.extend_from_slice(b"\n{\"id\": \"broken\", \"text\": \n");
    jsonl.extend_from_slice(b"{\"id\": \"latin1\", \"text\": \"caf\xe9\"}\n");
    jsonl.extend_from_slice(r#"{"id": "no-format", "text": "x", "format": "docx"}"#.as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.jsonl");
    std::fs::write(&path, jsonl).unwrap();
    let out = emcheck(
        &[
            "check",
            "--format",
            "jsonl",
            "--docs-jsonl",
            path.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("docs.jsonl:2: invalid document record"),
        "{err}"
    );
    assert!(err.contains("docs.jsonl:3: not UTF-8"), "{err}");
    assert!(
        err.contains("docs.jsonl:4: unknown format \"docx\""),
        "{err}"
    );
    let found = findings(&out);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["file"], "good");
}

#[test]
fn help_documents_every_flag_of_every_command() {
    for command in [
        vec!["check"],
        vec!["extract"],
        vec!["audit"],
        vec!["ledger", "add"],
        vec!["ledger", "stats"],
        vec!["config"],
        vec!["init"],
        vec!["explain"],
        vec!["rules"],
        vec!["facts"],
        vec!["completions"],
    ] {
        let mut args = command.clone();
        args.push("--help");
        let out = emcheck(&args, None);
        assert_eq!(out.status.code(), Some(0), "{command:?}");
        let help = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = help.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim_start();
            if !(t.starts_with("--") || t.starts_with("-h") || t.starts_with("-V")) {
                continue;
            }
            // clap puts the text after the flag, or on the next line when it is long.
            let (spec, text) = t.split_once("  ").unwrap_or((t, ""));
            let next = lines.get(i + 1).map_or("", |l| l.trim());
            assert!(
                !text.trim().is_empty() || (!next.is_empty() && !next.starts_with('-')),
                "{command:?}: `{spec}` has no help text"
            );
        }
    }
    let out = emcheck(&["--version"], None);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("emcheck "));
    let out = emcheck(&["completions", "bash"], None);
    assert!(String::from_utf8_lossy(&out.stdout).contains("_emcheck"));
    let out = emcheck(&["man"], None);
    assert!(String::from_utf8_lossy(&out.stdout).contains(".TH emcheck"));
}
