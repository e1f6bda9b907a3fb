//! The unit vocabulary: unit words, currency prefixes, classifiers and gas names, read from
//! `rules/units.yaml` (embedded in the binary) and compiled into matchers the extractor uses.
//! The words are data; what a 年, 月 or 日 means in front of a number is decided in Rust.

use crate::claim::{Gas, Kind};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
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
    /// Matches unit words exactly as written (values: indices into `units`).
    exact: WordTable,
    /// Matches English unit words in any case.
    english: WordTable,
    /// Currency prefixes, longest first: (word, canonical currency).
    prefixes: Vec<(String, String)>,
    /// The last bytes of the currency prefixes, to pass over most numbers at once.
    prefix_last_bytes: [bool; 256],
    gases: WordTable,
    gas_ids: Vec<Gas>,
    /// Unit names reported without a number.
    unit_names: AhoCorasick,
    /// One bit per character written in three UTF-8 bytes (as `numerals::three_byte_bitmap`):
    /// set where some unit word starts with the character (`may_start_unit`).
    unit_starts: Box<[u64; 1024]>,
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
        let mut unit_starts = Box::new([0u64; 1024]);
        for word in exact_words.iter().chain(&english_words) {
            if let Some(c) = word.chars().next()
                && c.len_utf8() == 3
            {
                crate::numerals::set_three_byte_bit(&mut unit_starts, c);
            }
        }
        Ok(Vocabulary {
            units,
            unit_starts,
            exact: WordTable::new(&exact_words, &exact_ids, false),
            english: WordTable::new(&english_words, &english_ids, true),
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
            gases: WordTable::new(&gas_words, &(0..gas_ids.len()).collect::<Vec<_>>(), true),
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
        let exact = self.exact.longest_at(text, pos);
        let english = self.english.longest_at(text, pos);
        let best = match (exact, english) {
            (Some(a), Some(b)) => Some(if b.1 > a.1 { b } else { a }),
            (a, b) => a.or(b),
        }?;
        Some(UnitMatch {
            unit: &self.units[best.0],
            end: best.1,
        })
    }

    /// Whether some unit word starts with the character written in the three bytes `b0 b1 b2`:
    /// where none does, `unit_at` finds nothing.
    pub fn may_start_unit(&self, b0: u8, b1: u8, b2: u8) -> bool {
        crate::numerals::in_three_byte_bitmap(&self.unit_starts, b0, b1, b2)
    }

    /// Whether some currency prefix ends with the byte `b` (where none does, no prefix ends
    /// before it: `currency_prefix_before` finds nothing).
    pub fn may_end_currency_prefix(&self, b: u8) -> bool {
        self.prefix_last_bytes[usize::from(b)]
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
        self.gases
            .longest_at(text, pos)
            .map(|(i, end)| (self.gas_ids[i], end))
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

/// A set of words, each with a value, looked up at a place in a text: the longest word that
/// starts exactly there (what an anchored leftmost-longest Aho-Corasick search finds; of
/// equal words the first given). Words ending in an ASCII letter or digit must not run on
/// into another one: when the longest word does, there is no match (not a shorter word).
///
/// The words are filed by their first character into buckets, longest first, so that a
/// look-up compares the text with the few words that begin with its first character; the
/// first eight bytes of a word are compared as one number.
#[derive(Debug)]
struct WordTable {
    /// `entries[buckets[k]..buckets[k + 1]]` are the words of bucket `k`.
    buckets: Vec<u32>,
    entries: Vec<Entry>,
    /// ASCII letters match in either case (the words are kept in lower case).
    ascii_case_insensitive: bool,
    /// The first bytes of the words, an ASCII letter in both cases where case is ignored:
    /// where the text's byte is none of them, no word starts (an English unit word before a
    /// Chinese character), told before the bucket is found.
    first_bytes: [bool; 256],
}

/// One word of a `WordTable`.
#[derive(Debug)]
struct Entry {
    /// The first (up to) eight bytes, little-endian, and the mask of the bytes the word has.
    head: u64,
    mask: u64,
    /// The bytes after the first eight.
    tail: Box<[u8]>,
    len: usize,
    value: usize,
}

/// Buckets for ASCII first bytes (one each) and for the other first characters (by a hash).
const ASCII_BUCKETS: usize = 128;
const OTHER_BUCKETS_LOG2: u32 = 9;

/// The first eight bytes of `b` as a little-endian number, zeros past its end.
fn head8(b: &[u8]) -> u64 {
    match b.first_chunk::<8>() {
        Some(h) => u64::from_le_bytes(*h),
        None => {
            let mut h = [0u8; 8];
            for (d, s) in h.iter_mut().zip(b) {
                *d = *s;
            }
            u64::from_le_bytes(h)
        }
    }
}

/// `x` with its ASCII capital letters (bytes 0x41..=0x5A) made small, all eight at once.
fn ascii_lower8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low7 = x & !HIGH;
    // High bit set in a byte when its low seven bits are >= 'A', and when they are > 'Z'.
    let ge_a = low7 + (0x80 - 0x41) * ONES;
    let gt_z = low7 + (0x7F - 0x5A) * ONES;
    let upper = ge_a & !gt_z & !x & HIGH;
    x | (upper >> 2)
}

impl WordTable {
    fn new(words: &[String], values: &[usize], ascii_case_insensitive: bool) -> Self {
        let nbuckets = ASCII_BUCKETS + (1 << OTHER_BUCKETS_LOG2);
        let mut filed: Vec<(usize, usize, usize)> = words
            .iter()
            .enumerate()
            .filter(|(_, w)| !w.is_empty())
            .map(|(i, w)| (Self::bucket(w.as_bytes()), i, w.len()))
            .collect();
        // By bucket, then longest first, then in the order given.
        filed.sort_by(|a, b| a.0.cmp(&b.0).then(b.2.cmp(&a.2)).then(a.1.cmp(&b.1)));
        let mut buckets = vec![0u32; nbuckets + 1];
        for &(k, _, _) in &filed {
            buckets[k + 1] += 1;
        }
        for k in 0..nbuckets {
            buckets[k + 1] += buckets[k];
        }
        let entries = filed
            .iter()
            .map(|&(_, i, len)| {
                let mut w = words[i].as_bytes().to_vec();
                if ascii_case_insensitive {
                    w.make_ascii_lowercase();
                }
                Entry {
                    head: head8(&w),
                    mask: if len >= 8 {
                        u64::MAX
                    } else {
                        (1u64 << (8 * len)) - 1
                    },
                    tail: w.get(8..).unwrap_or_default().into(),
                    len,
                    value: values[i],
                }
            })
            .collect();
        let mut first_bytes = [false; 256];
        for w in words.iter().filter_map(|w| w.as_bytes().first()) {
            first_bytes[usize::from(*w)] = true;
            if ascii_case_insensitive {
                first_bytes[usize::from(w.to_ascii_lowercase())] = true;
                first_bytes[usize::from(w.to_ascii_uppercase())] = true;
            }
        }
        WordTable {
            buckets,
            entries,
            ascii_case_insensitive,
            first_bytes,
        }
    }

    /// The bucket of words starting with the bytes `b` (not empty): an ASCII first byte in
    /// small letters, else the bytes of the first character (its first three at most).
    fn bucket(b: &[u8]) -> usize {
        let b0 = b[0];
        if b0 < 0x80 {
            return usize::from(b0.to_ascii_lowercase());
        }
        let byte = |i: usize| u32::from(b.get(i).copied().unwrap_or(0));
        let key = (u32::from(b0) << 16) | (byte(1) << 8) | if b0 >= 0xE0 { byte(2) } else { 0 };
        ASCII_BUCKETS + (key.wrapping_mul(0x9E37_79B1) >> (32 - OTHER_BUCKETS_LOG2)) as usize
    }

    /// The value and end of the longest word at `pos`, if it does not run on into a word.
    fn longest_at(&self, text: &str, pos: usize) -> Option<(usize, usize)> {
        // A word starts with a whole character: no word matches inside one.
        let rest = text.as_bytes().get(pos..).filter(|r| !r.is_empty())?;
        if !self.first_bytes[usize::from(rest[0])] {
            return None;
        }
        let k = Self::bucket(rest);
        let (lo, hi) = (self.buckets[k] as usize, self.buckets[k + 1] as usize);
        if lo == hi {
            return None;
        }
        let mut head = head8(rest);
        if self.ascii_case_insensitive {
            head = ascii_lower8(head);
        }
        let e = self.entries[lo..hi].iter().find(|e| {
            head & e.mask == e.head
                && rest.len() >= e.len
                && (e.tail.is_empty() || {
                    let r = &rest[8..e.len];
                    if self.ascii_case_insensitive {
                        r.eq_ignore_ascii_case(&e.tail)
                    } else {
                        *r == *e.tail
                    }
                })
        })?;
        let word_end = pos + e.len;
        let last = if e.len > 8 {
            e.tail[e.tail.len() - 1]
        } else {
            (e.head >> (8 * (e.len - 1))) as u8
        };
        if last.is_ascii_alphanumeric()
            && text
                .as_bytes()
                .get(word_end)
                .is_some_and(u8::is_ascii_alphanumeric)
        {
            return None;
        }
        Some((e.value, word_end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_starts_are_the_first_characters_of_unit_words() {
        let v = Vocabulary::builtin();
        for c in (0x800..=0xFFFF).filter_map(char::from_u32) {
            let mut b = [0u8; 4];
            let b = c.encode_utf8(&mut b).as_bytes();
            let starts = v.units().iter().any(|u| u.word.starts_with(c));
            assert_eq!(v.may_start_unit(b[0], b[1], b[2]), starts, "{c:?}");
            if !starts {
                assert!(v.unit_at(&format!("{c}吨"), 0).is_none(), "{c:?}");
            }
        }
    }

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

    /// The anchored leftmost-longest Aho-Corasick search `WordTable` stands for, with the same
    /// word-boundary rule.
    fn reference_at(
        ac: &AhoCorasick,
        values: &[usize],
        text: &str,
        pos: usize,
    ) -> Option<(usize, usize)> {
        use aho_corasick::{Anchored, Input};
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
        Some((values[m.pattern().as_usize()], word_end))
    }

    #[test]
    fn word_table_finds_what_an_anchored_longest_search_finds() {
        let file: UnitsFile = serde_yaml::from_str(BUILTIN_UNITS_YAML).unwrap();
        let mut exact = Vec::new();
        let mut english = Vec::new();
        for spec in &file.units {
            exact.extend(spec.words.iter().cloned());
            english.extend(spec.english.iter().cloned());
        }
        exact.extend(file.counts.iter().cloned());
        let gases: Vec<String> = file.gases.values().flatten().cloned().collect();
        // Words given twice and words equal but for case: the first one given wins.
        let mut doubled = exact.clone();
        doubled.extend(["个".to_string(), "Tonne".to_string(), "tonne".to_string()]);
        let mut probes: Vec<String> = Vec::new();
        let all: Vec<&String> = exact.iter().chain(&english).chain(&gases).collect();
        for w in &all {
            for tail in ["", "x", "1", " ", "s", "当量", "。", "-eq", "Celsius"] {
                probes.push(format!("{w}{tail}"));
                probes.push(format!("{}{tail}", w.to_uppercase()));
                probes.push(format!("{}{tail}", w.to_lowercase()));
            }
            let cut: String = w
                .chars()
                .take(w.chars().count().saturating_sub(1))
                .collect();
            probes.push(cut);
        }
        probes.push(all.iter().map(|w| w.as_str()).collect::<Vec<_>>().join(""));
        probes.push(all.iter().map(|w| w.as_str()).collect::<Vec<_>>().join(" "));
        probes.push("排放了1.5万吨二氧化碳当量，约合3 Mt CO2e或100 megatonnes。".into());
        for (words, ci) in [
            (&exact, false),
            (&english, true),
            (&gases, true),
            (&doubled, false),
            (&english, false),
            (&exact, true),
        ] {
            let values: Vec<usize> = (0..words.len()).map(|i| i * 7 + 3).collect();
            let table = WordTable::new(words, &values, ci);
            let ac = AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(aho_corasick::StartKind::Anchored)
                .ascii_case_insensitive(ci)
                .build(words)
                .unwrap();
            let mut found = 0;
            for text in &probes {
                for pos in 0..=text.len() {
                    let want = text
                        .is_char_boundary(pos)
                        .then(|| reference_at(&ac, &values, text, pos))
                        .flatten();
                    assert_eq!(table.longest_at(text, pos), want, "{text:?} at {pos}");
                    found += usize::from(want.is_some());
                }
            }
            assert!(found > 100, "{found}");
        }
    }

    #[test]
    fn eight_bytes_are_made_small_as_one_by_one() {
        let mut bytes: Vec<u8> = (0..=255).collect();
        bytes.extend(b"AZaz@[`{");
        for chunk in bytes.windows(8) {
            let x = u64::from_le_bytes(chunk.try_into().unwrap());
            let want = u64::from_le_bytes(chunk.to_ascii_lowercase().try_into().unwrap());
            assert_eq!(ascii_lower8(x), want, "{chunk:?}");
        }
        assert_eq!(head8(b"ab"), 0x6261);
    }

    #[test]
    fn bad_factor_is_reported() {
        let err = Vocabulary::from_yaml("units: [{unit: t, kind: quantity, factor: abc, words: [吨]}]\nprefixes: []\ncounts: []\nunit_names: []\ngases: {}\n")
            .unwrap_err();
        assert!(err.to_string().contains("factor `abc`"), "{err}");
    }
}
