//! Baselines: the findings an old article already had, recorded so that only new findings fail.
//!
//! `emcheck check --write-baseline FILE` records the findings of a run; `--baseline FILE` then
//! hides them. An entry is keyed by the fingerprint of its rule, its file and the claim's text
//! ([`crate::report::sarif::fingerprint`]), never by line numbers, so an edit above a finding
//! does not invalidate it; it has a count, because one file can state the same claim twice.
//! File paths are recorded as given, with `\` turned to `/` and a leading `./` removed, so a
//! baseline written on Windows or from `./articles` works elsewhere.
//!
//! The file is pretty JSON with its entries sorted by file, rule and text, so it diffs well in
//! git:
//!
//! ```json
//! {
//!   "version": 1,
//!   "entries": [
//!     {
//!       "fingerprint": "8c1d0e0b4f6a2e3d",
//!       "rule": "weekday-mismatch",
//!       "file": "articles/kerry.md",
//!       "text": "星期四（11月8日）",
//!       "count": 1,
//!       "message": "…"
//!     }
//!   ]
//! }
//! ```
//!
//! When a file states a baselined claim more often than its count, the first occurrences in
//! text order are hidden and the rest are reported: text alone cannot tell old from new.

use crate::finding::Finding;
use crate::report::sarif::fingerprint;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The baseline format this build reads and writes.
pub const VERSION: u32 = 1;

/// Recorded findings.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The format version, [`VERSION`].
    pub version: u32,
    /// The entries, sorted by file, rule and text.
    pub entries: Vec<Entry>,
    /// Entry index by fingerprint, built on first use: `entries` must not change after the
    /// first [`apply`](Baseline::apply) or [`unused`](Baseline::unused).
    #[serde(skip)]
    index: OnceLock<HashMap<String, usize>>,
}

/// One recorded claim of one file, under one rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// `fingerprint(rule, file, text)`.
    pub fingerprint: String,
    /// The rule id.
    pub rule: String,
    /// The file, `/`-separated, without a leading `./`.
    pub file: String,
    /// The claim's text (the finding's span).
    pub text: String,
    /// How many findings of this rule on this text the file had.
    pub count: usize,
    /// The first finding's message, for people reading the file.
    pub message: String,
}

/// A baseline file that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BaselineError {
    /// Not JSON, or not the shape of a baseline (a missing or unknown field, a wrong type).
    #[error("line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What serde_json said.
        message: String,
    },
    /// A version this build does not read.
    #[error("baseline version {0} is not supported (this emcheck reads version {VERSION})")]
    Version(u32),
    /// An entry that contradicts itself or another.
    #[error("entry {index} ({file}, {rule}): {message}")]
    Entry {
        /// 0-based index in `entries`.
        index: usize,
        /// Its file.
        file: String,
        /// Its rule.
        rule: String,
        /// What is wrong.
        message: String,
    },
}

impl BaselineError {
    fn json(e: &serde_json::Error) -> Self {
        // serde_json's message ends with " at line L column C"; the fields carry those.
        let text = e.to_string();
        let message = match text.rfind(" at line ") {
            Some(i) => text[..i].to_owned(),
            None => text,
        };
        BaselineError::Json {
            line: e.line(),
            column: e.column(),
            message,
        }
    }
}

/// How many findings each entry hid in a run, over all files.
#[derive(Clone, Debug, Default)]
pub struct Usage {
    hidden: HashMap<String, usize>,
}

impl Usage {
    /// Nothing used yet.
    pub fn new() -> Self {
        Usage::default()
    }

    /// How many findings the entry with this fingerprint hid.
    pub fn get(&self, fingerprint: &str) -> usize {
        self.hidden.get(fingerprint).copied().unwrap_or(0)
    }
}

/// The file as recorded: `\` turned to `/`, leading `./` removed.
pub fn normalize_file(file: &str) -> String {
    let file = file.replace('\\', "/");
    let mut rest = file.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r.trim_start_matches('/');
    }
    rest.to_owned()
}

fn claim_text<'t>(text: &'t str, f: &Finding) -> &'t str {
    text.get(f.span.clone()).unwrap_or("")
}

/// Findings recorded one document at a time, for `Baseline::from_findings` or a run that
/// streams its documents.
#[derive(Clone, Debug, Default)]
pub struct Recorder {
    by_fingerprint: HashMap<String, Entry>,
    findings: usize,
}

impl Recorder {
    /// Records the findings of one document.
    pub fn add(&mut self, file: &str, text: &str, findings: &[Finding]) {
        let file = normalize_file(file);
        self.findings += findings.len();
        for f in findings {
            let claim = claim_text(text, f);
            let key = fingerprint(&f.rule, &file, claim);
            self.by_fingerprint
                .entry(key.clone())
                .and_modify(|e| e.count += 1)
                .or_insert_with(|| Entry {
                    fingerprint: key,
                    rule: f.rule.to_string(),
                    file: file.clone(),
                    text: claim.to_owned(),
                    count: 1,
                    message: f.message.clone(),
                });
        }
    }

    /// How many findings were recorded.
    pub fn findings(&self) -> usize {
        self.findings
    }

    /// The baseline, its entries sorted by file, rule and text.
    pub fn finish(self) -> Baseline {
        let mut entries: Vec<Entry> = self.by_fingerprint.into_values().collect();
        entries.sort_by(|a, b| {
            (&a.file, &a.rule, &a.text, &a.fingerprint).cmp(&(
                &b.file,
                &b.rule,
                &b.text,
                &b.fingerprint,
            ))
        });
        Baseline {
            version: VERSION,
            entries,
            index: OnceLock::new(),
        }
    }
}

impl Baseline {
    /// Records the findings of documents given as (file, text, findings).
    pub fn from_findings<'a>(
        docs: impl IntoIterator<Item = (&'a str, &'a str, &'a [Finding])>,
    ) -> Baseline {
        let mut recorder = Recorder::default();
        for (file, text, findings) in docs {
            recorder.add(file, text, findings);
        }
        recorder.finish()
    }

    /// The baseline file: pretty JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).expect("a baseline serializes");
        out.push('\n');
        out
    }

    /// Reads a baseline file. Rejects bad JSON and unknown fields (with line and column),
    /// versions other than [`VERSION`], and entries whose fingerprint does not match their
    /// rule, file and text, whose count is 0, or that repeat another entry.
    pub fn parse(text: &str) -> Result<Baseline, BaselineError> {
        // The version first, so a newer file is told apart from a broken one.
        #[derive(Deserialize)]
        struct Versioned {
            version: u32,
        }
        let versioned: Versioned =
            serde_json::from_str(text).map_err(|e| BaselineError::json(&e))?;
        if versioned.version != VERSION {
            return Err(BaselineError::Version(versioned.version));
        }
        let baseline: Baseline = serde_json::from_str(text).map_err(|e| BaselineError::json(&e))?;
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (index, e) in baseline.entries.iter().enumerate() {
            let bad = |message: String| BaselineError::Entry {
                index,
                file: e.file.clone(),
                rule: e.rule.clone(),
                message,
            };
            let expected = fingerprint(&e.rule, &e.file, &e.text);
            if e.fingerprint != expected {
                return Err(bad(format!(
                    "fingerprint {} does not match its rule, file and text (they give {expected}); write the baseline again",
                    e.fingerprint
                )));
            }
            if e.count == 0 {
                return Err(bad("count is 0".to_owned()));
            }
            if let Some(first) = seen.insert(&e.fingerprint, index) {
                return Err(bad(format!("repeats entry {first}")));
            }
        }
        Ok(baseline)
    }

    fn index(&self) -> &HashMap<String, usize> {
        self.index.get_or_init(|| {
            self.entries
                .iter()
                .enumerate()
                .map(|(i, e)| (e.fingerprint.clone(), i))
                .collect()
        })
    }

    /// Removes baselined findings (at most `count` per fingerprint over the run, the first in
    /// text order), keeping the others in order; returns how many were removed. `used` carries
    /// the counts across the files of a run.
    pub fn apply(
        &self,
        file: &str,
        text: &str,
        findings: &mut Vec<Finding>,
        used: &mut Usage,
    ) -> usize {
        if self.entries.is_empty() || findings.is_empty() {
            return 0;
        }
        let index = self.index();
        let file = normalize_file(file);
        let mut order: Vec<usize> = (0..findings.len()).collect();
        order.sort_by_key(|&i| (findings[i].span.start, findings[i].span.end));
        let mut hide = vec![false; findings.len()];
        for i in order {
            let f = &findings[i];
            let key = fingerprint(&f.rule, &file, claim_text(text, f));
            let Some(&entry) = index.get(&key) else {
                continue;
            };
            let hidden = used.hidden.entry(key).or_insert(0);
            if *hidden < self.entries[entry].count {
                *hidden += 1;
                hide[i] = true;
            }
        }
        let before = findings.len();
        let mut hide = hide.into_iter();
        findings.retain(|_| !hide.next().unwrap_or(false));
        before - findings.len()
    }

    /// Entries not (fully) used in a run: stale entries to remove (or to lower the count of;
    /// [`Usage::get`] says how many of its findings remain).
    pub fn unused(&self, used: &Usage) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|e| used.get(&e.fingerprint) < e.count)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::checks::Severity;
    use crate::finding::Verdict;

    fn finding(rule: &str, text: &str, nth: usize, needle: &str) -> Finding {
        let start = text
            .match_indices(needle)
            .nth(nth)
            .expect("needle in text")
            .0;
        Finding {
            rule: rule.into(),
            severity: Severity::Error,
            verdict: Verdict::Contradicts,
            message: format!("{needle} is wrong"),
            span: start..start + needle.len(),
            related: Vec::new(),
            help: None,
            reference: None,
        }
    }

    #[test]
    fn paths_are_normalized() {
        assert_eq!(normalize_file("./a/b.md"), "a/b.md");
        assert_eq!(normalize_file(".\\a\\b.md"), "a/b.md");
        assert_eq!(normalize_file("././a.md"), "a.md");
        assert_eq!(normalize_file("../a.md"), "../a.md");
        assert_eq!(normalize_file("-"), "-");
    }

    #[test]
    fn counts_repeated_claims_and_sorts_entries() {
        let b_text = "星期四 星期四 74岁";
        let a_text = "106百万瓦";
        let b = vec![
            finding("weekday-mismatch", b_text, 0, "星期四"),
            finding("weekday-mismatch", b_text, 1, "星期四"),
            finding("age-mismatch", b_text, 0, "74岁"),
        ];
        let a = vec![finding("unit-gloss-mismatch", a_text, 0, "106百万瓦")];
        let baseline = Baseline::from_findings([
            ("./b.md", b_text, b.as_slice()),
            ("a.md", a_text, a.as_slice()),
        ]);
        let keys: Vec<_> = baseline
            .entries
            .iter()
            .map(|e| (e.file.as_str(), e.rule.as_str(), e.text.as_str(), e.count))
            .collect();
        assert_eq!(
            keys,
            [
                ("a.md", "unit-gloss-mismatch", "106百万瓦", 1),
                ("b.md", "age-mismatch", "74岁", 1),
                ("b.md", "weekday-mismatch", "星期四", 2),
            ]
        );
        assert_eq!(
            baseline.entries[2].fingerprint,
            fingerprint("weekday-mismatch", "b.md", "星期四")
        );
        let json = baseline.to_json();
        assert!(json.ends_with("}\n"));
        let back = Baseline::parse(&json).unwrap();
        assert_eq!(back.entries, baseline.entries);
        assert_eq!(back.to_json(), json);
    }

    #[test]
    fn apply_hides_at_most_count_and_reports_stale_entries() {
        let old = "星期四 74岁";
        let found = [
            finding("weekday-mismatch", old, 0, "星期四"),
            finding("age-mismatch", old, 0, "74岁"),
        ];
        let baseline = Baseline::from_findings([("a.md", old, &found[..])]);
        // New text: a line above, the weekday claim twice, the age claim gone.
        let new = "新的一行\n星期四 星期四";
        let mut findings = vec![
            finding("weekday-mismatch", new, 1, "星期四"),
            finding("weekday-mismatch", new, 0, "星期四"),
        ];
        let mut used = Usage::new();
        // The path spelt another way is the same file.
        assert_eq!(baseline.apply(".\\a.md", new, &mut findings, &mut used), 1);
        // The first in text order is hidden, the later one is new.
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].span.start, new.rfind("星期四").unwrap());
        let stale: Vec<_> = baseline.unused(&used).iter().map(|e| &e.text).collect();
        assert_eq!(stale, ["74岁"]);
        // Another file with the same claim is not baselined.
        let mut other = vec![finding("weekday-mismatch", new, 0, "星期四")];
        assert_eq!(baseline.apply("b.md", new, &mut other, &mut used), 0);
        assert_eq!(other.len(), 1);
    }

    #[test]
    fn parse_rejects_bad_files_with_places() {
        let err = Baseline::parse("{\n  \"version\": 1,\n  \"entries\": [\n    {\"rule\": }\n")
            .unwrap_err();
        assert!(
            matches!(err, BaselineError::Json { line: 4, .. }),
            "{err:?}"
        );
        let err = Baseline::parse("{\"version\": 2, \"entries\": [], \"new\": true}").unwrap_err();
        assert_eq!(err, BaselineError::Version(2));
        assert!(err.to_string().contains("version 2 is not supported"));
        let err = Baseline::parse("{\n  \"version\": 1,\n  \"entries\": [],\n  \"extra\": 0\n}")
            .unwrap_err();
        match &err {
            BaselineError::Json {
                line,
                column,
                message,
            } => {
                assert_eq!((*line, *column), (4, 9), "{err}");
                assert!(message.contains("unknown field `extra`"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(
            err.to_string()
                .starts_with("line 4, column 9: unknown field")
        );
        let err = Baseline::parse("{\"entries\": []}").unwrap_err();
        assert!(err.to_string().contains("missing field `version`"), "{err}");
        let entry = |fp: &str, count: usize| {
            format!(
                "{{\"fingerprint\": \"{fp}\", \"rule\": \"r\", \"file\": \"f\", \"text\": \"t\", \"count\": {count}, \"message\": \"\"}}"
            )
        };
        let good = fingerprint("r", "f", "t");
        let doc = |entries: &[String]| {
            format!("{{\"version\": 1, \"entries\": [{}]}}", entries.join(","))
        };
        assert!(Baseline::parse(&doc(&[entry(&good, 1)])).is_ok());
        let err = Baseline::parse(&doc(&[entry("0000", 1)])).unwrap_err();
        assert!(err.to_string().contains("does not match"), "{err}");
        let err = Baseline::parse(&doc(&[entry(&good, 0)])).unwrap_err();
        assert!(err.to_string().contains("count is 0"), "{err}");
        let err = Baseline::parse(&doc(&[entry(&good, 1), entry(&good, 2)])).unwrap_err();
        assert_eq!(err.to_string(), "entry 1 (f, r): repeats entry 0");
    }
}
