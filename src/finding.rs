//! Findings: what a check concluded about a claim. Plain data that every reporter views; no
//! reporter computes anything about the figures.

use crate::catalog::checks::Severity;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::Arc;

/// What a check concluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The figure agrees with the reference, to the precision it is written with.
    Matches,
    /// The figure differs from the reference, but by less than the tolerance.
    WithinTolerance,
    /// The figure disagrees with the reference.
    Contradicts,
    /// The figure's unit disagrees with another rendering of it.
    UnitMismatch,
    /// Figures of the text cannot all hold together.
    Inconsistent,
    /// The figure was true at another time, not at the article's date.
    Outdated,
    /// The figure drops or garbles a qualifier of the reference (well below 2 °C).
    Imprecise,
    /// The figure depends on a date the article does not give.
    Unverifiable,
}

impl Verdict {
    /// Every verdict, in the order they are declared (`v as u8` is its index here).
    pub const ALL: [Verdict; 8] = [
        Verdict::Matches,
        Verdict::WithinTolerance,
        Verdict::Contradicts,
        Verdict::UnitMismatch,
        Verdict::Inconsistent,
        Verdict::Outdated,
        Verdict::Imprecise,
        Verdict::Unverifiable,
    ];

    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Matches => "matches",
            Verdict::WithinTolerance => "within_tolerance",
            Verdict::Contradicts => "contradicts",
            Verdict::UnitMismatch => "unit_mismatch",
            Verdict::Inconsistent => "inconsistent",
            Verdict::Outdated => "outdated",
            Verdict::Imprecise => "imprecise",
            Verdict::Unverifiable => "unverifiable",
        }
    }
}

/// Another place a finding points at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    /// The document, when it is not the finding's own (cross-article findings); shared with
    /// the batch that names it.
    pub file: Option<Arc<str>>,
    /// Line and column (1-based, columns in characters) in that other document, for reporters
    /// that do not have its text.
    pub position: Option<(usize, usize)>,
    /// Byte range in that document.
    pub span: Range<usize>,
    /// What is there.
    pub message: String,
}

/// The reference a finding compares with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// The fact id (shared with the catalog's fact, as are the unit, source and url).
    pub fact: Arc<str>,
    /// The reference value, as a decimal string (or ISO date).
    pub value: String,
    /// Its canonical unit.
    pub unit: Arc<str>,
    /// The source, as cited (dataset and date).
    pub source: Arc<str>,
    /// Where to read it.
    pub url: Option<Arc<str>>,
}

/// One finding about one claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The rule id (shared with the catalog's rule, as is the help: findings are many, and
    /// a copy of each string was a tenth of checking).
    pub rule: Arc<str>,
    /// How serious.
    pub severity: Severity,
    /// What the check concluded.
    pub verdict: Verdict,
    /// What is wrong (or right), for the editor.
    pub message: String,
    /// The claim's byte range in the document.
    pub span: Range<usize>,
    /// Other places that matter (the other rendering, the other figure, the other article).
    pub related: Vec<Related>,
    /// How to fix it.
    pub help: Option<Arc<str>>,
    /// The reference value and its source, where one was used.
    pub reference: Option<Reference>,
}

#[cfg(test)]
mod tests {
    use super::Verdict;

    #[test]
    fn all_verdicts_listed_in_declaration_order_under_their_contract_names() {
        for (i, v) in Verdict::ALL.into_iter().enumerate() {
            assert_eq!(v as usize, i, "{v:?}");
            let json = serde_json::to_string(&v).unwrap();
            assert_eq!(json, format!("\"{}\"", v.as_str()));
        }
        let names: std::collections::BTreeSet<_> = Verdict::ALL.map(Verdict::as_str).into();
        assert_eq!(names.len(), Verdict::ALL.len());
    }
}
