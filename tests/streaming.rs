//! `check` and `extract` read their inputs a chunk at a time and `check` keeps the checked
//! documents in memory only up to a budget: the output must not depend on either. Runs the
//! binary over 1,200 small generated articles, a document over 1 MiB (read in parts) and
//! `--docs-jsonl` records, with the default chunk size and with one document a chunk and
//! every document spilled to a temporary file, and compares the bytes with each other and
//! with the library's whole-batch functions.

use emcheck::catalog::Catalog;
use emcheck::report::claims::{self, DocClaims};
use emcheck::report::findings::{self, DocFindings};
use emcheck::source::Document;
use serde_json::Value as Json;
use std::path::Path;
use std::process::{Command, Output};

const ARTICLES: usize = 1200;

/// A folder of small articles (some stating China's 2022 emissions differently, so findings
/// across articles appear), one article over 1 MiB, and a JSON Lines file of three more.
fn corpus(dir: &Path) {
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for i in 0..ARTICLES {
        let total = if i % 97 == 5 { 137 } else { 139 };
        let text = format!(
            "第{i}篇。2022年，中国温室气体排放总量为{total}亿吨二氧化碳当量，约占全球的27%。\n\n会谈于2023年11月{}日结束。\n",
            1 + i % 28
        );
        std::fs::write(docs.join(format!("{i:05}.txt")), text).unwrap();
    }
    // Claims without findings in every part, and one finding in the last part.
    let para = "该项目占地120公顷，共有35名员工，去年收入达到8亿元。\n\n";
    let mut big = para.repeat(emcheck::PART_BYTES / para.len() + 50);
    big.push_str("2022年，中国温室气体排放总量为137亿吨二氧化碳当量。\n");
    assert!(big.len() > emcheck::PART_BYTES);
    std::fs::write(dir.join("big.txt"), big).unwrap();
    let records: Vec<String> = (0..3)
        .map(|i| {
            serde_json::json!({"id": format!("rec-{i}"), "text": format!("2022年，中国温室气体排放总量为{}亿吨二氧化碳当量。", 136 + i)})
                .to_string()
        })
        .collect();
    std::fs::write(dir.join("docs.jsonl"), records.join("\n")).unwrap();
}

fn emcheck(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_emcheck"))
        .args(args)
        .args(["docs", "big.txt", "--docs-jsonl", "docs.jsonl"])
        .current_dir(dir)
        .output()
        .expect("run emcheck")
}

/// The inputs as the binary reads them, in order.
fn documents(dir: &Path) -> Vec<Document> {
    let mut docs: Vec<Document> =
        emcheck::source::read_paths(&[dir.join("docs"), dir.join("big.txt")])
            .into_iter()
            .map(Result::unwrap)
            .collect();
    for d in &mut docs {
        d.name = d.name.replacen(&format!("{}/", dir.display()), "", 1);
    }
    let jsonl = std::fs::read_to_string(dir.join("docs.jsonl")).unwrap();
    docs.extend(
        emcheck::source::read_docs_jsonl(&jsonl, "docs.jsonl")
            .into_iter()
            .map(Result::unwrap),
    );
    docs
}

fn same(a: &Output, b: &Output, what: &str) {
    assert_eq!(a.status.code(), b.status.code(), "{what}: exit codes");
    assert_eq!(a.stderr, b.stderr, "{what}: stderr");
    assert!(a.stdout == b.stdout, "{what}: the outputs differ");
}

#[test]
fn extract_output_does_not_depend_on_chunks_and_matches_the_whole_batch() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let docs = documents(dir.path());
    assert_eq!(docs.len(), ARTICLES + 4);
    for format in ["json", "human"] {
        let streamed = emcheck(dir.path(), &["extract", "--format", format]);
        assert_eq!(
            streamed.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&streamed.stderr)
        );
        let one_by_one = emcheck(
            dir.path(),
            &["extract", "--format", format, "--chunk-size", "1"],
        );
        same(&streamed, &one_by_one, format);
        if format == "json" {
            // Every document, in input order, with every claim the library finds in it.
            let extractions: Vec<_> = docs
                .iter()
                .map(|d| emcheck::extract_document(d, None, Catalog::builtin()))
                .collect();
            let views: Vec<DocClaims<'_>> = docs
                .iter()
                .zip(&extractions)
                .map(|(doc, x)| DocClaims {
                    doc,
                    claims: &x.claims,
                    article_date: x.article_date,
                })
                .collect();
            let mut expected = Vec::new();
            claims::write_json(&mut expected, &views).unwrap();
            assert!(
                streamed.stdout == expected,
                "extract --format json differs from the library's"
            );
            let out: Json = serde_json::from_slice(&streamed.stdout).unwrap();
            let big = &out["documents"][ARTICLES];
            assert_eq!(big["file"], "big.txt");
            assert!(big["claims"].as_array().unwrap().len() > 40_000);
        }
    }
}

#[test]
fn check_output_does_not_depend_on_chunks_or_spilling_and_keeps_findings_across_articles() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let docs = documents(dir.path());
    // What the library's whole-batch functions find, to compare the command's output with.
    let found = emcheck::check_documents(&docs, None, Catalog::builtin(), &Default::default());
    let views: Vec<DocFindings<'_>> = docs
        .iter()
        .zip(&found)
        .map(|(doc, findings)| DocFindings { doc, findings })
        .collect();
    for format in ["json", "jsonl", "rdjson"] {
        let streamed = emcheck(dir.path(), &["check", "--format", format]);
        let spilled = emcheck(
            dir.path(),
            &[
                "check",
                "--format",
                format,
                "--chunk-size",
                "1",
                "--spill-budget",
                "0",
            ],
        );
        same(&streamed, &spilled, format);
        if format == "jsonl" {
            // JSON Lines are rendered on all cores, a chunk at a time.
            let mut expected = Vec::new();
            findings::write_jsonl(&mut expected, &views).unwrap();
            assert!(
                streamed.stdout == expected,
                "check --format jsonl differs from the library's"
            );
        }
        if format == "json" {
            let mut expected = Vec::new();
            findings::write_json(&mut expected, &views).unwrap();
            assert!(
                spilled.stdout == expected,
                "check --format json differs from the library's"
            );
            // The articles that say 137 disagree with the others, which are read back from
            // the spill file after them or before them.
            let out: Json = serde_json::from_slice(&spilled.stdout).unwrap();
            let across: Vec<&Json> = out["documents"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|d| d["findings"].as_array().unwrap())
                .filter(|f| f["rule"] == "figure-disagrees-across-articles")
                .collect();
            assert!(
                across.len() >= ARTICLES / 97,
                "{} findings across articles",
                across.len()
            );
            assert!(across.iter().all(|f| {
                f["related"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r["file"] != f["file"])
            }));
        }
    }
}
