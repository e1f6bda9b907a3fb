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
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
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
