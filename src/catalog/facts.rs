//! Reference facts: figures from cited sources, one YAML list per topic in `rules/facts/`.
//! A fact names its subject (entity, metric, period, gas, scope), its value and unit, how
//! far a claim may be from it, when it holds, and where it comes from.

use super::Location;
use crate::claim::{PartialDate, Qualifier};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::str::FromStr;
use std::sync::Arc;

/// Where a fact comes from.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Title of the publication or dataset.
    pub title: String,
    /// Where to read it.
    #[serde(default)]
    pub url: Option<String>,
    /// When it was published (YYYY, YYYY-MM or YYYY-MM-DD).
    #[serde(default)]
    pub published: Option<String>,
    /// Short dataset name used in messages (EDGAR, GCB 2022, UNFCCC …).
    #[serde(default)]
    pub dataset: Option<String>,
}

/// How far a claim may be from a fact and still agree with it.
#[derive(Clone, Copy, Debug, Default, Deserialize, serde::Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Tolerance {
    /// Relative tolerance, as a fraction of the fact (0.05 = 5 %).
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub relative: Option<Decimal>,
    /// Absolute tolerance, in the fact's unit.
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub absolute: Option<Decimal>,
}

impl Tolerance {
    /// The allowed distance from `value`.
    pub fn allowance(&self, value: Decimal) -> Decimal {
        let rel = self.relative.map_or(Decimal::ZERO, |r| (value * r).abs());
        rel.max(self.absolute.unwrap_or(Decimal::ZERO))
    }
}

/// The period a fact is about: a year, a span of years, a date, or none (static facts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    /// One year (2022).
    Year(i32),
    /// An inclusive span of years (1751..2017).
    Years(i32, i32),
}

impl Period {
    /// Parses `2022` or `1751..2017`.
    pub fn parse(s: &str) -> Option<Period> {
        match s.split_once("..") {
            Some((a, b)) => Some(Period::Years(
                a.trim().parse().ok()?,
                b.trim().parse().ok()?,
            )),
            None => Some(Period::Year(s.trim().parse().ok()?)),
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Years(a, b) => write!(f, "{a}–{b}"),
        }
    }
}

/// The value of a fact.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FactValue {
    /// A number in the fact's unit.
    Number(Decimal),
    /// A range of numbers (50..52 %).
    Range(Decimal, Decimal),
    /// A date (unit `date`).
    Date(PartialDate),
}

/// One reference fact, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    /// Stable id.
    pub id: String,
    /// Entity id (entities.yaml).
    pub entity: String,
    /// Metric id (metrics.yaml).
    pub metric: String,
    /// The period the figure is about.
    pub period: Option<Period>,
    /// The figure.
    pub value: FactValue,
    /// Canonical unit.
    pub unit: String,
    /// Gas basis.
    pub gas: Option<String>,
    /// What the figure covers (with or without land use, fossil only …).
    pub scope: Option<String>,
    /// How the source hedges the figure (e.g. `less_than` for "well below 2 °C").
    pub qualifier: Qualifier,
    /// Allowed distance for a claim to agree; the metric's default when absent.
    pub tolerance: Option<Tolerance>,
    /// First day the fact holds (for counts, rankings, memberships).
    pub valid_from: Option<PartialDate>,
    /// Last day the fact holds.
    pub valid_to: Option<PartialDate>,
    /// Where it comes from.
    pub source: Source,
    /// A note for the reader of the finding.
    pub note: Option<String>,
    /// Where the fact is written (for diagnostics and `emcheck facts`).
    pub location: Location,
    /// What every finding's `Reference` to the fact holds, made once and shared.
    shared: Shared,
}

/// The strings of a fact that findings refer to: its id, unit, citation and url, shared by
/// every finding about it rather than copied into each.
#[derive(Clone, Debug, PartialEq)]
struct Shared {
    id: Arc<str>,
    unit: Arc<str>,
    cited: Arc<str>,
    url: Option<Arc<str>>,
}

impl Fact {
    /// Whether the fact holds between two dates only (a ranking, a count), not for good.
    pub fn changes_over_time(&self) -> bool {
        self.valid_from.is_some() || self.valid_to.is_some()
    }

    /// Whether the fact may be about a claim of `period` (first and last year, when the claim
    /// has one): a fact without a period is about any; one that holds between two dates is
    /// judged by those dates, not its period; any other only about its own period.
    pub fn about_period(&self, period: Option<(i32, i32)>) -> bool {
        match (self.period, period) {
            (None, _) => true,
            _ if self.changes_over_time() => true,
            (Some(Period::Year(y)), Some((a, b))) => a == y && b == y,
            (Some(Period::Years(x, y)), Some((a, b))) => x == a && y == b,
            (Some(_), None) => false,
        }
    }

    /// Whether the fact holds on `date` (facts without validity always hold).
    pub fn holds_on(&self, date: PartialDate) -> bool {
        let key = |d: PartialDate| {
            (
                d.year.unwrap_or(0),
                d.month.unwrap_or(1),
                d.day.unwrap_or(1),
            )
        };
        let end_key = |d: PartialDate| {
            (
                d.year.unwrap_or(9999),
                d.month.unwrap_or(12),
                d.day.unwrap_or(31),
            )
        };
        let day = key(date);
        self.valid_from.is_none_or(|f| key(f) <= day)
            && self.valid_to.is_none_or(|t| day <= end_key(t))
    }

    /// The source as a reader sees it: dataset or title, and publication date.
    pub fn citation(&self) -> &str {
        &self.shared.cited
    }

    /// A finding's reference to the fact, with its value as the finding writes it.
    pub fn reference(&self, value: String) -> crate::finding::Reference {
        let s = &self.shared;
        crate::finding::Reference {
            fact: s.id.clone(),
            value,
            unit: s.unit.clone(),
            source: s.cited.clone(),
            url: s.url.clone(),
        }
    }

    /// The fact's source as a finding's reference cites it (`citation()`, shared).
    pub fn cited(&self) -> Arc<str> {
        self.shared.cited.clone()
    }
}

/// A problem with one field of a fact entry; the catalog turns it into a `RuleError` that
/// points at the field in its file.
#[derive(Debug)]
pub(super) struct EntryError {
    /// The field at fault.
    pub(super) field: &'static str,
    /// What is wrong.
    pub(super) message: String,
}

/// A fact as written in YAML.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FactSpec {
    id: String,
    entity: String,
    metric: String,
    #[serde(default)]
    period: Option<serde_yaml::Value>,
    value: serde_yaml::Value,
    unit: String,
    #[serde(default)]
    gas: Option<String>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    qualifier: Option<Qualifier>,
    #[serde(default)]
    tolerance: Option<Tolerance>,
    #[serde(default)]
    valid_from: Option<serde_yaml::Value>,
    #[serde(default)]
    valid_to: Option<serde_yaml::Value>,
    source: Source,
    #[serde(default)]
    note: Option<String>,
}

/// A YAML scalar as text (numbers and dates may be written bare).
pub(super) fn scalar_text(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Parses `2023-11-04`, `2023-11` or `2023`.
pub fn parse_date(s: &str) -> Option<PartialDate> {
    let mut parts = s.trim().split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next().map(str::parse::<u8>).transpose().ok()?;
    let day = parts.next().map(str::parse::<u8>).transpose().ok()?;
    if parts.next().is_some()
        || month.is_some_and(|m| !(1..=12).contains(&m))
        || day.is_some_and(|d| !(1..=31).contains(&d))
    {
        return None;
    }
    Some(PartialDate {
        year: Some(year),
        month,
        day,
    })
}

impl FactSpec {
    /// Validates the spec into a fact. `known_unit` says whether a unit name is canonical.
    pub(super) fn validate(
        self,
        location: Location,
        known_unit: &dyn Fn(&str) -> bool,
    ) -> Result<Fact, EntryError> {
        let err = |field: &'static str, message: String| EntryError { field, message };
        let period =
            match &self.period {
                None => None,
                Some(v) => Some(scalar_text(v).and_then(|s| Period::parse(&s)).ok_or_else(
                    || {
                        err(
                            "period",
                            format!("period {v:?} is not a year (2022) or a span (1751..2017)"),
                        )
                    },
                )?),
            };
        if !known_unit(&self.unit) {
            return Err(err("unit", format!("unknown unit `{}`", self.unit)));
        }
        let text = scalar_text(&self.value)
            .ok_or_else(|| err("value", "value must be a number or a quoted decimal".into()))?;
        let value = if self.unit == "date" {
            FactValue::Date(
                parse_date(&text)
                    .ok_or_else(|| err("value", format!("`{text}` is not a date (YYYY-MM-DD)")))?,
            )
        } else if let Some((a, b)) = text.split_once("..") {
            let (lo, hi) = (Decimal::from_str(a.trim()), Decimal::from_str(b.trim()));
            match (lo, hi) {
                (Ok(lo), Ok(hi)) if lo <= hi => FactValue::Range(lo, hi),
                _ => {
                    return Err(err(
                        "value",
                        format!("`{text}` is not a range of decimals (50..52)"),
                    ));
                }
            }
        } else {
            FactValue::Number(
                Decimal::from_str(&text)
                    .or_else(|_| Decimal::from_scientific(&text))
                    .map_err(|e| err("value", format!("`{text}` is not a decimal: {e}")))?,
            )
        };
        let date = |field: &'static str,
                    v: &Option<serde_yaml::Value>|
         -> Result<Option<PartialDate>, EntryError> {
            v.as_ref()
                .map(|v| {
                    scalar_text(v)
                        .and_then(|s| parse_date(&s))
                        .ok_or_else(|| err(field, format!("{v:?} is not a date (YYYY-MM-DD)")))
                })
                .transpose()
        };
        let name = self.source.dataset.as_deref().unwrap_or(&self.source.title);
        let cited = match &self.source.published {
            Some(p) => format!("{name}, {p}"),
            None => name.to_owned(),
        };
        let shared = Shared {
            id: self.id.as_str().into(),
            unit: self.unit.as_str().into(),
            cited: cited.into(),
            url: self.source.url.as_deref().map(Arc::from),
        };
        Ok(Fact {
            shared,
            valid_from: date("valid_from", &self.valid_from)?,
            valid_to: date("valid_to", &self.valid_to)?,
            id: self.id,
            entity: self.entity,
            metric: self.metric,
            period,
            value,
            unit: self.unit,
            gas: self.gas,
            scope: self.scope,
            qualifier: self.qualifier.unwrap_or_default(),
            tolerance: self.tolerance,
            source: self.source,
            note: self.note,
            location,
        })
    }
}
