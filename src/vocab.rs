//! The unit vocabulary: unit words, currency prefixes, classifiers and gas names, read from
//! `rules/units.yaml` (embedded in the binary) and compiled into matchers the extractor uses.
//! The words are data; what a 年, 月 or 日 means in front of a number is decided in Rust.

use crate::claim::{Gas, Kind};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::LazyLock;

/// The default unit vocabulary, embedded at build time.
pub const BUILTIN_UNITS_YAML: &str = include_str!("../rules/units.yaml");

/// A calendar word whose meaning depends on the number before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Calendar {
    /// 年: a year (2013年) or a number of years (44年).
    Year,
    /// 月: a month of the year (6月) or, rarely, months.
    Month,
    /// 日/号: a day of the month (4日) or a number of days.
    Day,
}

/// One unit word's meaning.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    /// Canonical unit (`t`, `W`, `USD`, `count` …).
    pub unit: String,
    /// The claim kind a figure with this unit gets.
    pub kind: Kind,
    /// Written number × factor = value in the canonical unit.
    pub factor: Decimal,
    /// Gas basis carried by the unit itself (tCO2e).
    pub gas: Option<Gas>,
    /// Set for 年, 月, 日: the extractor decides.
    pub calendar: Option<Calendar>,
    /// The word as written in the vocabulary (for debugging and the `rules` listing).
    pub word: String,
}

/// A unit matched in text.
#[derive(Clone, Copy, Debug)]
pub struct UnitMatch<'v> {
    /// The unit.
    pub unit: &'v Unit,
    /// Byte offset just past the unit word.
    pub end: usize,
}

/// A bad vocabulary file.
#[derive(Debug, thiserror::Error)]
pub enum VocabError {
    /// The YAML did not parse or did not have the expected shape.
    #[error("{0}")]
    Yaml(#[from] serde_yaml::Error),
    /// A value inside the file is wrong.
    #[error("{0}")]
    Invalid(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitsFile {
    units: Vec<UnitSpec>,
    prefixes: Vec<PrefixSpec>,
    counts: Vec<String>,
    unit_names: Vec<String>,
    gases: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitSpec {
    unit: String,
    kind: Kind,
    factor: String,
    #[serde(default)]
    gas: Option<String>,
    #[serde(default)]
    calendar: Option<Calendar>,
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    english: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PrefixSpec {
    unit: String,
    words: Vec<String>,
}

/// Compiled unit vocabulary.
#[derive(Debug)]
pub struct Vocabulary {
    units: Vec<Unit>,
    /// Matches unit words exactly as written.
    exact: AhoCorasick,
    exact_ids: Vec<usize>,
    /// Matches English unit words in any case.
    english: AhoCorasick,
    english_ids: Vec<usize>,
    /// Currency prefixes, longest first: (word, canonical currency).
    prefixes: Vec<(String, String)>,
    /// The last bytes of the currency prefixes, to pass over most numbers at once.
    prefix_last_bytes: [bool; 256],
    gases: AhoCorasick,
    gas_ids: Vec<Gas>,
    /// Unit names reported without a number.
    unit_names: AhoCorasick,
}

fn parse_gas(name: &str) -> Result<Gas, VocabError> {
    match name {
        "CO2" => Ok(Gas::CO2),
        "CO2e" => Ok(Gas::CO2e),
        "CH4" => Ok(Gas::CH4),
        "N2O" => Ok(Gas::N2O),
        "C" => Ok(Gas::C),
        other => Err(VocabError::Invalid(format!(
            "unknown gas `{other}` (known: CO2, CO2e, CH4, N2O, C)"
        ))),
    }
}

fn anchored_longest(
    words: &[String],
    ascii_case_insensitive: bool,
) -> Result<AhoCorasick, VocabError> {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .ascii_case_insensitive(ascii_case_insensitive)
        .build(words)
        .map_err(|e| VocabError::Invalid(e.to_string()))
}

impl Vocabulary {
    /// The embedded default vocabulary.
    pub fn builtin() -> &'static Vocabulary {
        static BUILTIN: LazyLock<Vocabulary> = LazyLock::new(|| {
            Vocabulary::from_yaml(BUILTIN_UNITS_YAML)
                .expect("the embedded rules/units.yaml is valid")
        });
        &BUILTIN
    }

    /// Reads a vocabulary from the text of a `units.yaml` file.
    pub fn from_yaml(yaml: &str) -> Result<Vocabulary, VocabError> {
        let file: UnitsFile = serde_yaml::from_str(yaml)?;
        let mut units = Vec::new();
        let (mut exact_words, mut exact_ids) = (Vec::new(), Vec::new());
        let (mut english_words, mut english_ids) = (Vec::new(), Vec::new());
        for spec in &file.units {
            let factor = Decimal::from_str(&spec.factor).map_err(|e| {
                VocabError::Invalid(format!(
                    "unit `{}`: factor `{}` is not a decimal: {e}",
                    spec.unit, spec.factor
                ))
            })?;
            let gas = spec.gas.as_deref().map(parse_gas).transpose()?;
            for (word, english) in spec
                .words
                .iter()
                .map(|w| (w, false))
                .chain(spec.english.iter().map(|w| (w, true)))
            {
                let id = units.len();
                units.push(Unit {
                    unit: spec.unit.clone(),
                    kind: spec.kind,
                    factor,
                    gas,
                    calendar: spec.calendar,
                    word: word.clone(),
                });
                if english {
                    english_words.push(word.clone());
                    english_ids.push(id);
                } else {
                    exact_words.push(word.clone());
                    exact_ids.push(id);
                }
            }
        }
        for word in &file.counts {
            exact_words.push(word.clone());
            exact_ids.push(units.len());
            units.push(Unit {
                unit: "count".into(),
                kind: Kind::Count,
                factor: Decimal::ONE,
                gas: None,
                calendar: None,
                word: word.clone(),
            });
        }
        let mut prefixes: Vec<(String, String)> = file
            .prefixes
            .iter()
            .flat_map(|p| p.words.iter().map(|w| (w.clone(), p.unit.clone())))
            .collect();
        prefixes.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let (mut gas_words, mut gas_ids) = (Vec::new(), Vec::new());
        for (name, words) in &file.gases {
            let gas = parse_gas(name)?;
            for w in words {
                gas_words.push(w.clone());
                gas_ids.push(gas);
            }
        }
        Ok(Vocabulary {
            units,
            exact: anchored_longest(&exact_words, false)?,
            exact_ids,
            english: anchored_longest(&english_words, true)?,
            english_ids,
            prefix_last_bytes: {
                let mut table = [false; 256];
                for (w, _) in &prefixes {
                    if let Some(&b) = w.as_bytes().last() {
                        table[usize::from(b)] = true;
                    }
                }
                table
            },
            prefixes,
            gases: anchored_longest(&gas_words, true)?,
            gas_ids,
            unit_names: AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&file.unit_names)
                .map_err(|e| VocabError::Invalid(e.to_string()))?,
        })
    }

    /// Every unit word, for listings.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// The longest unit word that starts exactly at `pos`. Words ending in an ASCII letter or
    /// digit must not run on into another one (`t` in `tonnage` is not a tonne).
    pub fn unit_at(&self, text: &str, pos: usize) -> Option<UnitMatch<'_>> {
        let exact = anchored_match(&self.exact, text, pos).map(|(i, end)| (self.exact_ids[i], end));
        let english =
            anchored_match(&self.english, text, pos).map(|(i, end)| (self.english_ids[i], end));
        let best = match (exact, english) {
            (Some(a), Some(b)) => Some(if b.1 > a.1 { b } else { a }),
            (a, b) => a.or(b),
        }?;
        Some(UnitMatch {
            unit: &self.units[best.0],
            end: best.1,
        })
    }

    /// The currency prefix that ends exactly at `pos` (`$` in `$15`, `US$`, `人民币`):
    /// its start and canonical currency.
    pub fn currency_prefix_before(&self, text: &str, pos: usize) -> Option<(usize, &str)> {
        let before = text.get(..pos)?;
        if !self.prefix_last_bytes[usize::from(*before.as_bytes().last()?)] {
            return None;
        }
        self.prefixes
            .iter()
            .find(|(w, _)| before.ends_with(w.as_str()) && ends_cleanly(before, w))
            .map(|(w, unit)| (pos - w.len(), unit.as_str()))
    }

    /// Every unit name in `text` (see `unit_names` in units.yaml): start, end and unit.
    pub fn unit_names_in<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (usize, usize, UnitMatch<'t>)> + 't {
        self.unit_names
            .find_iter(text)
            .filter_map(move |m| {
                self.unit_at(text, m.start())
                    .map(|u| (m.start(), m.end(), u))
            })
            .filter(|(_, end, u)| u.end == *end)
    }

    /// The gas name that starts exactly at `pos`.
    pub fn gas_at(&self, text: &str, pos: usize) -> Option<(Gas, usize)> {
        anchored_match(&self.gases, text, pos).map(|(i, end)| (self.gas_ids[i], end))
    }
}

/// A prefix made of ASCII letters must not be the tail of a longer word (`US$` yes, `BUS$` no).
fn ends_cleanly(before: &str, word: &str) -> bool {
    let first = word.chars().next().unwrap_or(' ');
    if !first.is_ascii_alphabetic() {
        return true;
    }
    !before[..before.len() - word.len()]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphabetic())
}

fn anchored_match(ac: &AhoCorasick, text: &str, pos: usize) -> Option<(usize, usize)> {
    let input = Input::new(text).range(pos..).anchored(Anchored::Yes);
    let m = ac.find(input)?;
    let word_end = m.end();
    let last = text[..word_end].chars().next_back()?;
    if last.is_ascii_alphanumeric()
        && text[word_end..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
    {
        return None;
    }
    Some((m.pattern().as_usize(), word_end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_vocabulary_loads_and_matches_longest_words() {
        let v = Vocabulary::builtin();
        let m = v.unit_at("亿吨二氧化碳", "亿".len()).unwrap();
        assert_eq!(m.unit.unit, "t");
        let m = v.unit_at("千瓦时", 0).unwrap();
        assert_eq!((m.unit.unit.as_str(), m.end), ("Wh", "千瓦时".len()));
        let m = v.unit_at("个百分点", 0).unwrap();
        assert_eq!(m.unit.unit, "pp");
        let m = v.unit_at("百万瓦(gigawatts)", 0).unwrap();
        assert_eq!(
            (m.unit.unit.as_str(), m.unit.factor),
            ("W", Decimal::from(1_000_000))
        );
        let m = v.unit_at("Tonnes of", 0).unwrap();
        assert_eq!(m.unit.unit, "t");
        assert!(v.unit_at("tonnage", 0).is_none());
        assert_eq!(v.gas_at("二氧化碳当量", 0).unwrap().0, Gas::CO2e);
        assert_eq!(v.gas_at("二氧化碳排放", 0).unwrap().0, Gas::CO2);
        assert_eq!(v.currency_prefix_before("US$15", 3), Some((0, "USD")));
        assert_eq!(
            v.currency_prefix_before("人民币15", "人民币".len()),
            Some((0, "CNY"))
        );
    }

    #[test]
    fn bad_factor_is_reported() {
        let err = Vocabulary::from_yaml("units: [{unit: t, kind: quantity, factor: abc, words: [吨]}]\nprefixes: []\ncounts: []\nunit_names: []\ngases: {}\n")
            .unwrap_err();
        assert!(err.to_string().contains("factor `abc`"), "{err}");
    }
}
