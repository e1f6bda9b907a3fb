//! Check rules: one YAML file per rule in `rules/checks/`, the file stem is the rule id. Each
//! rule is of one kind from the closed set in `RuleKind` (the Rust that does the checking) and
//! carries its severity, messages, docs and `flag`/`pass` examples, which run as tests.

use super::{RuleError, RuleFile};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The closed set of check kinds. Adding a rule of an existing kind needs no Rust.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// A figure against the reference facts of its subject.
    Reference,
    /// A statement of a temperature goal against what the agreement says.
    Goal,
    /// Two renderings of one figure that disagree (a unit gloss, 相当于, 约合).
    UnitGloss,
    /// Figures of one article that cannot all hold (part above whole, shares, per capita).
    Arithmetic,
    /// Weekdays, date ranges against durations, ages against birth dates, years since.
    Calendar,
    /// A figure that matches a fact of another time but not the article's date.
    Outdated,
    /// Articles of one batch that state one subject or event differently (`crate::consistency`).
    Consistency,
}

impl RuleKind {
    /// The kind's name as written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Reference => "reference",
            RuleKind::Goal => "goal",
            RuleKind::UnitGloss => "unit-gloss",
            RuleKind::Arithmetic => "arithmetic",
            RuleKind::Calendar => "calendar",
            RuleKind::Outdated => "outdated",
            RuleKind::Consistency => "consistency",
        }
    }
}

/// How serious a finding is.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For the record: agreement, or a difference inside tolerance worth knowing.
    #[default]
    Info,
    /// Probably wrong, or imprecise in a way an editor should look at.
    Warning,
    /// Wrong.
    Error,
}

impl Severity {
    /// The name in output and in `--fail-on`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Example sentences of a rule, run as tests.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Each must produce a finding of the rule at or above `warning`… (any severity the rule gives).
    #[serde(default)]
    pub flag: Vec<String>,
    /// Each must produce no finding of the rule above `info`.
    #[serde(default)]
    pub pass: Vec<String>,
    /// Article date for the examples (YYYY-MM-DD), for rules that depend on it.
    #[serde(default)]
    pub article_date: Option<String>,
}

/// A check rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// The file stem (shared with every finding of the rule).
    pub id: Arc<str>,
    /// What kind of check it is.
    pub kind: RuleKind,
    /// Severity of its findings (kinds may lower it for verdicts inside tolerance).
    pub severity: Severity,
    /// One line: the problem it names.
    pub summary: String,
    /// Help shown under a finding (shared with every finding of the rule).
    pub help: Arc<str>,
    /// Longer documentation (`emcheck explain`).
    pub docs: String,
    /// Examples that run as tests.
    pub examples: Examples,
    /// Kind-specific parameters.
    pub params: serde_yaml::Value,
    /// Index of the rule's file in the catalog.
    pub file: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleSpec {
    kind: RuleKind,
    severity: Severity,
    summary: String,
    help: String,
    #[serde(default)]
    docs: String,
    #[serde(default)]
    examples: Examples,
    #[serde(default)]
    params: serde_yaml::Value,
}

impl Rule {
    /// Parses a rule file.
    pub(super) fn parse(id: &str, file_index: usize, file: &RuleFile) -> Result<Rule, RuleError> {
        let spec: RuleSpec = serde_yaml::from_str(&file.text).map_err(|e| {
            let span = super::yaml_error_span(&file.text, &e.to_string());
            RuleError::new(file, span, super::strip_location(&e.to_string()))
        })?;
        Ok(Rule {
            id: id.into(),
            kind: spec.kind,
            severity: spec.severity,
            summary: spec.summary,
            help: spec.help.into(),
            docs: spec.docs,
            examples: spec.examples,
            params: spec.params,
            file: file_index,
        })
    }
}
