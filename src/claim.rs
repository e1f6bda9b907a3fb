//! The plain data types every stage shares: a `Claim` is one numeric statement found in a
//! document, with its exact value, canonical unit, qualifier and a byte span into the
//! original document. Reporters only view these types; they never compute anything.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// What sort of figure a claim is. The set follows the JSON contract in DESIGN.md, with
/// three additions (`ordinal`, `rank`, `age`) for figures that are neither counts nor durations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A bare number with no unit.
    Number,
    /// A physical quantity: mass, power, energy, length, area, volume.
    Quantity,
    /// A percentage (27%, 百分之二十七, 三成).
    Percent,
    /// A difference of percentages (个百分点, percentage points).
    PercentagePoint,
    /// A temperature or temperature difference (2℃, 1.5 degrees Celsius).
    Temperature,
    /// An amount of money in a currency.
    Money,
    /// A count of things with a classifier (37个州, 450家).
    Count,
    /// A calendar date, possibly partial (2016年9月, 6月1日).
    Date,
    /// A calendar year (2013年).
    Year,
    /// A length of time (五天, 一年时间, 44年).
    Duration,
    /// A multiple or fraction (1.4倍, 三分之一).
    Ratio,
    /// A range of one of the other kinds; `range_of` says which.
    Range,
    /// A position in a sequence (第三次访华).
    Ordinal,
    /// A position in a ranking (排名第五, 第二大).
    Rank,
    /// A person's age (79岁).
    Age,
}

impl Kind {
    /// The contract name, as written in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Quantity => "quantity",
            Kind::Percent => "percent",
            Kind::PercentagePoint => "percentage_point",
            Kind::Temperature => "temperature",
            Kind::Money => "money",
            Kind::Count => "count",
            Kind::Date => "date",
            Kind::Year => "year",
            Kind::Duration => "duration",
            Kind::Ratio => "ratio",
            Kind::Range => "range",
            Kind::Ordinal => "ordinal",
            Kind::Rank => "rank",
            Kind::Age => "age",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the text hedges a figure (约, 超过, 至少, 以上, about, more than ...).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// No hedge: the figure is stated as is.
    #[default]
    Exact,
    /// 约, 大约, 左右, 近, about, around, nearly.
    Approx,
    /// 至少, 以上, 不少于, at least.
    AtLeast,
    /// 至多, 以下, 以内, 之内, 不超过, at most, up to.
    AtMost,
    /// 超过, 逾, 多, 余, more than, over.
    MoreThan,
    /// 不到, 不足, 低于, less than, under.
    LessThan,
}

impl Qualifier {
    /// The contract name, as written in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::MoreThan => "more_than",
            Qualifier::LessThan => "less_than",
        }
    }
}

/// A calendar date of which any part may be unknown: `2016-09`, `--06-02`, `2023-11-08`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year, when the text gives it or it could be inferred.
    pub year: Option<i32>,
    /// The month, 1 to 12.
    pub month: Option<u8>,
    /// The day of the month, 1 to 31.
    pub day: Option<u8>,
}

impl PartialDate {
    /// A full date.
    pub fn ymd(year: i32, month: u8, day: u8) -> Self {
        PartialDate {
            year: Some(year),
            month: Some(month),
            day: Some(day),
        }
    }

    /// Whether year, month and day are all known.
    pub fn is_complete(&self) -> bool {
        self.year.is_some() && self.month.is_some() && self.day.is_some()
    }
}

impl fmt::Display for PartialDate {
    /// ISO 8601 forms: `2023-11-08`, `2023-11`, `2023`, `--11-08` (no year), `--11`, `---08`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => write!(f, "{y:04}-{m:02}-{d:02}"),
            (Some(y), Some(m), None) => write!(f, "{y:04}-{m:02}"),
            (Some(y), None, _) => write!(f, "{y:04}"),
            (None, Some(m), Some(d)) => write!(f, "--{m:02}-{d:02}"),
            (None, Some(m), None) => write!(f, "--{m:02}"),
            (None, None, Some(d)) => write!(f, "---{d:02}"),
            (None, None, None) => f.write_str(""),
        }
    }
}

/// The value of a claim: an exact decimal, or a date for dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// An exact number in the claim's canonical unit.
    Number(Decimal),
    /// A calendar date.
    Date(PartialDate),
}

impl Value {
    /// The number, when this is one.
    pub fn number(&self) -> Option<Decimal> {
        match self {
            Value::Number(n) => Some(*n),
            Value::Date(_) => None,
        }
    }
}

impl fmt::Display for Value {
    /// Numbers as plain decimals without exponent or trailing zeros; dates in ISO form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(n) => write!(f, "{}", n.normalize()),
            Value::Date(d) => write!(f, "{d}"),
        }
    }
}

/// The gas basis of an emissions figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Gas {
    /// Carbon dioxide.
    CO2,
    /// Carbon dioxide equivalent (all greenhouse gases, GWP-weighted).
    CO2e,
    /// Methane.
    CH4,
    /// Nitrous oxide.
    N2O,
    /// Carbon (tonnes of carbon, not of CO2).
    C,
}

impl Gas {
    /// The contract name.
    pub fn as_str(self) -> &'static str {
        match self {
            Gas::CO2 => "CO2",
            Gas::CO2e => "CO2e",
            Gas::CH4 => "CH4",
            Gas::N2O => "N2O",
            Gas::C => "C",
        }
    }
}

/// Day of the week, Monday first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Weekday(pub u8);

impl Weekday {
    /// Three-letter English name (Mon ... Sun).
    pub fn as_str(self) -> &'static str {
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][usize::from(self.0 % 7)]
    }
}

/// One numeric claim found in a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// UTF-8 byte range into the original document, end exclusive.
    pub span: Range<usize>,
    /// What sort of figure this is.
    pub kind: Kind,
    /// The value in the canonical unit; `None` for ranges.
    pub value: Option<Value>,
    /// Lower end, for ranges.
    pub low: Option<Value>,
    /// Upper end, for ranges.
    pub high: Option<Value>,
    /// For ranges: the kind of the two ends.
    pub range_of: Option<Kind>,
    /// Canonical unit (`t`, `W`, `Wh`, `degC`, `%`, `pp`, `USD`, `count`, `year`, `date`, `x` ...);
    /// `None` for a bare number. The canonical units are borrowed, not allocated per claim
    /// (`Unit::of`).
    pub unit: Option<Unit>,
    /// Gas basis written with the figure (吨二氧化碳当量 → CO2e).
    pub gas: Option<Gas>,
    /// How the figure is hedged.
    pub qualifier: Qualifier,
    /// The hedge words as written (约, 以上, 近 …), for checks that need the exact hedge.
    pub hedge: Option<String>,
    /// Place value of the last written digit, in the canonical unit (139亿吨 → 100000000):
    /// the precision the figure is written with.
    pub resolution: Option<Decimal>,
    /// Weekday written beside a date (2023年11月30日（星期四）).
    pub weekday: Option<Weekday>,
    /// The year of a date was not written but taken from the sentence or the article date.
    pub year_inferred: bool,
    /// The number as written, before the unit's factor (106 in 106百万瓦).
    pub written: Option<Decimal>,
    /// The factor from the written number to the canonical unit (1000000 for 百万瓦).
    pub unit_factor: Option<Decimal>,
    /// What the claim is about, when attribution could tell.
    pub subject: Subject,
}

/// What a claim is about: filled in by attribution from the claim's clause and sentence.
/// A field stays empty when the text does not settle it: no guessing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subject {
    /// Entity id (`china`, `us`, `world`, `rggi`, `xie-zhenhua` …).
    pub entity: Option<String>,
    /// Metric id (`ghg-total`, `co2-share`, `temperature-goal` …).
    pub metric: Option<String>,
    /// The year or span of years the figure is about.
    pub period: Option<(i32, i32)>,
    /// The metric was signalled by a word that may mean CO2 or all greenhouse gases (碳排放).
    pub basis_ambiguous: bool,
}

impl Claim {
    /// The claim's value when it is a number (not a date, not a range or a bare unit).
    pub fn number(&self) -> Option<Decimal> {
        self.value.and_then(|v| v.number())
    }

    /// A claim of `kind` with a value and unit and everything else empty.
    pub fn new(span: Range<usize>, kind: Kind, value: Option<Value>, unit: Option<&str>) -> Self {
        Claim {
            span,
            kind,
            value,
            low: None,
            high: None,
            range_of: None,
            unit: unit.map(unit_of),
            gas: None,
            qualifier: Qualifier::Exact,
            hedge: None,
            resolution: None,
            weekday: None,
            year_inferred: false,
            written: None,
            unit_factor: None,
            subject: Subject::default(),
        }
    }
}

/// A claim's unit: one of the canonical units, borrowed, or another owned.
pub type Unit = Cow<'static, str>;

/// The unit `unit` as a claim holds it: the canonical units and the common currency codes are
/// `'static` strings (a claim of the corpus took one allocation less), others are owned.
pub fn unit_of(unit: &str) -> Unit {
    const CURRENCIES: &[&str] = &["USD", "CNY", "EUR", "GBP", "JPY", "HKD"];
    match crate::catalog::CANONICAL_UNITS
        .iter()
        .chain(CURRENCIES)
        .find(|k| **k == unit)
    {
        Some(k) => Cow::Borrowed(k),
        None => Cow::Owned(unit.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_units_are_borrowed_and_others_owned_with_the_same_text() {
        for unit in ["t", "W", "%", "degC", "date", "USD", "ordinal"] {
            assert!(crate::catalog::is_canonical_unit(unit));
            let held = unit_of(unit);
            assert!(matches!(held, Cow::Borrowed(_)), "{unit}");
            assert_eq!(held, unit);
        }
        // A currency code outside the list, and a unit of a user's rules: still the same text.
        for unit in ["NOK", "furlong"] {
            let held = unit_of(unit);
            assert!(matches!(held, Cow::Owned(_)), "{unit}");
            assert_eq!(held, unit);
        }
        assert_eq!(
            Claim::new(0..1, Kind::Quantity, None, Some("t"))
                .unit
                .as_deref(),
            Some("t")
        );
    }
}
