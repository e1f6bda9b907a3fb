//! Extraction over whole articles: every file in `fixtures/extract/` is run through
//! `emcheck extract --format jsonl`, and the claims are compared with `fixtures/extract/expected.yaml`
//! (expectations are data, not code). The list of claims per file is exhaustive, so a new
//! false claim fails here as surely as a missed one.

use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    article_date: Option<String>,
    claims: Vec<BTreeMap<String, serde_yaml::Value>>,
    #[serde(default)]
    absent: Vec<String>,
}

fn yaml_to_string(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Null => "null".into(),
        other => format!("{other:?}"),
    }
}

fn json_to_string(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => "null".into(),
        other => other.to_string(),
    }
}

fn run_extract(path: &Path, format: &str) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_emcheck"))
        .args(["extract", "--format", format])
        .arg(path)
        .output()
        .expect("run emcheck");
    assert!(
        out.status.success(),
        "emcheck extract {} failed: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn fixtures_match_expected_claims() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/extract");
    let expected: BTreeMap<String, Expected> =
        serde_yaml::from_str(&std::fs::read_to_string(dir.join("expected.yaml")).unwrap())
            .expect("expected.yaml parses");
    let mut problems = Vec::new();
    let mut files_seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "expected.yaml" {
            continue;
        }
        files_seen += 1;
        let Some(exp) = expected.get(&name) else {
            problems.push(format!("{name}: no entry in expected.yaml"));
            continue;
        };
        let original = std::fs::read_to_string(&path).unwrap();
        let claims: Vec<Json> = String::from_utf8(run_extract(&path, "jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        // Every claim's text is the original bytes at its span.
        for c in &claims {
            let (s, e) = (
                c["start"].as_u64().unwrap() as usize,
                c["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                original.get(s..e),
                c["text"].as_str(),
                "{name}: span text mismatch in {c}"
            );
        }
        // Article date.
        let doc: Json = serde_json::from_slice(&run_extract(&path, "json")).unwrap();
        let found_date = doc["documents"][0]["article_date"]
            .as_str()
            .map(str::to_owned);
        if found_date != exp.article_date {
            problems.push(format!(
                "{name}: article date {found_date:?}, expected {:?}",
                exp.article_date
            ));
        }
        // Claims, in order, exhaustive: each expected claim is matched to the next claim with
        // the same text; claims passed over on the way are unexpected.
        let describe = |c: &Json| {
            format!(
                "{:?} {} {} {}",
                c["text"].as_str().unwrap_or(""),
                c["kind"],
                c["value"],
                c["unit"]
            )
        };
        let mut next = 0;
        for (i, e) in exp.claims.iter().enumerate() {
            let want_text = e.get("text").map(yaml_to_string).unwrap_or_default();
            let Some(offset) = claims[next..]
                .iter()
                .position(|c| c["text"].as_str() == Some(want_text.as_str()))
            else {
                problems.push(format!("{name} #{i}: missing claim {want_text:?}"));
                continue;
            };
            for c in &claims[next..next + offset] {
                problems.push(format!("{name}: unexpected claim {}", describe(c)));
            }
            let c = &claims[next + offset];
            next += offset + 1;
            for (field, want) in e {
                let got = json_to_string(c.get(field).unwrap_or(&Json::Null));
                let want = yaml_to_string(want);
                if got != want {
                    problems.push(format!(
                        "{name} #{i}: {field} = {got:?}, expected {want:?} (claim {})",
                        describe(c)
                    ));
                }
            }
        }
        for c in &claims[next..] {
            problems.push(format!("{name}: unexpected claim {}", describe(c)));
        }
        // Non-claims.
        for a in &exp.absent {
            let occurrences: Vec<usize> =
                original.match_indices(a.as_str()).map(|(i, _)| i).collect();
            if occurrences.is_empty() {
                problems.push(format!(
                    "{name}: absent string {a:?} does not occur in the file"
                ));
            }
            for at in occurrences {
                for c in &claims {
                    let (s, e) = (
                        c["start"].as_u64().unwrap() as usize,
                        c["end"].as_u64().unwrap() as usize,
                    );
                    if s < at + a.len() && at < e {
                        problems.push(format!(
                            "{name}: {a:?} must not be a claim, but overlaps {}",
                            describe(c)
                        ));
                    }
                }
            }
        }
    }
    assert_eq!(
        files_seen,
        expected.len(),
        "every expected.yaml entry has a fixture file"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
