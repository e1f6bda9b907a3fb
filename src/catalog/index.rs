//! Compiled matchers over the names of entities and the trigger words of metrics, used by
//! attribution to find what a sentence is about: a leftmost-longest, ASCII-case-insensitive
//! word search (the matches of aho-corasick's, found faster on sentences) and a scan that
//! finds names and triggers in one pass, passing over the characters that start none and
//! trying only the words that begin with the same two characters as the text.

use super::subjects::{Entity, Metric};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::BTreeMap;

/// Where a name or a trigger may start (`SubjectIndex::next_start`): the byte offset and the
/// character there (its length and code point).
struct Start {
    at: usize,
    len: usize,
    cp: u32,
}

/// A name or trigger found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention<'c> {
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// The entity or metric id.
    pub id: &'c str,
    /// The entity's kind, or the metric's unit.
    pub class: &'c str,
}

/// Finds entity names and metric triggers.
#[derive(Debug)]
pub struct SubjectIndex {
    entity_names: Words,
    entity_ids: Vec<String>,
    /// Per name: the kind of its entity.
    entity_kinds: Vec<String>,
    metric_triggers: Words,
    metric_ids: Vec<String>,
    /// Per trigger: the unit of its metric.
    metric_units: Vec<String>,
    /// The units of the metrics that have triggers (`unit_key`).
    trigger_units: Vec<u128>,
    trigger_words: Vec<String>,
    /// Per trigger pattern: every trigger (pattern index) with the same word, ignoring ASCII
    /// case, itself included: one word may signal several metrics.
    same_word: Vec<Vec<usize>>,
    /// The characters a name or a trigger starts with (both cases of an ASCII letter).
    starts: CharMap<()>,
    /// The names and triggers of two characters or more by their first character and the
    /// `char_key` of their second (`pair_slot`): where the text's are not among them, only a
    /// word of one character can start (most places where a word's first character stands:
    /// 中, 全, 大 are common).
    pairs: PairTable,
    /// Bit `cp % 64` is set for the code point `cp` of each character that is a name or a
    /// trigger alone (`Words::singles`): where it is not, none is.
    single_bits: u64,
}

/// The slot of `PairTable` for a word's first character (code point `cp`) and the
/// `char_key` of its second.
#[inline(always)]
fn pair_slot(cp: u32, key: u8) -> usize {
    // Multiplicative hashing: the top 12 bits of the product.
    let x = cp << 8 | u32::from(key);
    (x.wrapping_mul(0x9e37_79b1) >> 20) as usize
}

/// Per `pair_slot`: the ranges in `Words::by_pair` of the names and of the triggers whose
/// first two characters have that slot. Pairs that share a slot share the lists: a word of
/// another pair does not match where the text has this one.
#[derive(Debug)]
struct PairTable {
    /// Per slot: 0 if no word has it, else 1 + its index in `ranges`.
    slots: Box<[u16; 1 << 12]>,
    /// The names' range and the triggers' range.
    ranges: Vec<[u32; 4]>,
}

impl PairTable {
    /// The ranges of the words of `slot`, if there are any.
    #[inline(always)]
    fn get(&self, slot: usize) -> Option<&[u32; 4]> {
        match self.slots[slot] {
            0 => None,
            k => Some(&self.ranges[usize::from(k) - 1]),
        }
    }
}

/// Leftmost-longest, ASCII-case-insensitive search for a list of words: the matches
/// `aho_corasick` finds with `MatchKind::LeftmostLongest` and `ascii_case_insensitive`, found
/// faster on short texts. A word can only start where a character starts (words and texts
/// are UTF-8), so the search looks at characters, not bytes: most characters start no word
/// and are passed over after one table lookup; at the others the next character is looked
/// up in the set of second characters of the words starting with that one, and only if it
/// is there (or one of the words is that character alone) are the words tried, longest
/// first, each against the first sixteen bytes, eight at once.
#[derive(Debug)]
struct Words {
    words: Vec<String>,
    /// The first characters of words (both cases of an ASCII letter), each with its group.
    firsts: CharMap<usize>,
    /// Per group (first character, ASCII lowercased): its words.
    groups: Vec<Group>,
    /// Words grouped by first character, longest first, then in list order: the first that
    /// matches at a position is the leftmost-longest match there.
    order: Vec<Candidate>,
    /// A list with an empty word is left to `aho_corasick` (every position matches).
    fallback: Option<AhoCorasick>,
    /// The words of two characters or more, grouped by the `pair_slot` of their first two
    /// (the groups' ranges are in `SubjectIndex::pairs`), each group longest first, then in
    /// list order, as in `order`.
    by_pair: Vec<Candidate>,
    /// The characters that are a word alone (both cases of an ASCII letter), each with the
    /// first such word in list order.
    singles: Vec<(u32, usize)>,
}

/// A map from characters, built for fast misses: a character below U+10000 is tested against
/// a bitmap of the keys, and a key's value is found through its block of 64 code points.
#[derive(Debug)]
struct CharMap<V> {
    /// Per code point below U+10000: whether it is a key, one bit each.
    keys: Box<[u64; 0x10000 / 64]>,
    /// Per block of 64 code points below U+10000: 0 if it holds no key, else 1 + its row.
    blocks: Vec<u32>,
    /// Per code point of a block: 0 if it is no key, else 1 + the index of its value.
    rows: Vec<[u32; 64]>,
    values: Vec<V>,
    /// Keys above U+FFFF with their values, sorted.
    astral: Vec<(char, V)>,
}

impl<V: Copy> CharMap<V> {
    /// The map of `pairs`; of two pairs with one character, the first counts.
    fn new(pairs: impl IntoIterator<Item = (char, V)>) -> Self {
        let mut map = CharMap {
            keys: Box::new([0; 0x10000 / 64]),
            blocks: vec![0; 0x10000 / 64],
            rows: Vec::new(),
            values: Vec::new(),
            astral: Vec::new(),
        };
        for (c, v) in pairs {
            let cp = c as usize;
            if cp >= 0x10000 {
                if !map.astral.iter().any(|p| p.0 == c) {
                    map.astral.push((c, v));
                }
                continue;
            }
            map.keys[cp / 64] |= 1 << (cp % 64);
            if map.blocks[cp / 64] == 0 {
                map.rows.push([0; 64]);
                map.blocks[cp / 64] = u32::try_from(map.rows.len()).expect("at most 1024 rows");
            }
            let slot = &mut map.rows[map.blocks[cp / 64] as usize - 1][cp % 64];
            if *slot == 0 {
                map.values.push(v);
                *slot = u32::try_from(map.values.len()).expect("at most 65,536 keys");
            }
        }
        map.astral.sort_by_key(|p| p.0);
        map
    }

    /// The value of `c`, if it is a key.
    fn get(&self, c: char) -> Option<V> {
        self.get_code(c as usize)
    }

    /// Whether the character with code point `cp` is a key.
    fn has_code(&self, cp: u32) -> bool {
        match u16::try_from(cp) {
            Ok(cp) => {
                let cp = usize::from(cp);
                self.keys[cp / 64] & 1 << (cp % 64) != 0
            }
            Err(_) => self.get_code(cp as usize).is_some(),
        }
    }

    /// The value of the character with code point `cp`, if it is a key.
    // Inlined into `SubjectIndex::scan_each`, which calls it at every place a word may
    // start (`#[inline]` alone left it a call).
    #[inline(always)]
    fn get_code(&self, cp: usize) -> Option<V> {
        if cp < 0x10000 {
            if self.keys[cp / 64] & 1 << (cp % 64) == 0 {
                return None;
            }
            let row = self.blocks[cp / 64] as usize;
            Some(self.values[self.rows[row - 1][cp % 64] as usize - 1])
        } else {
            self.astral
                .binary_search_by_key(&cp, |p| p.0 as usize)
                .ok()
                .map(|k| self.astral[k].1)
        }
    }
}

/// The words that start with one character.
#[derive(Debug)]
struct Group {
    /// Their range in `Words::order`.
    lo: usize,
    hi: usize,
    /// Whether one of them is that character alone.
    single: bool,
    /// The `second_key` of each word, as a set of bytes: where the text's is not among them,
    /// no word of the group can start (most positions, as a group's first character is
    /// often a common one: 中, 全, c).
    seconds: [u64; 4],
}

impl Group {
    /// Whether a word of the group may start where the text's `second_key` is `key`.
    fn may_match(&self, key: Option<u8>) -> bool {
        match key {
            Some(k) => self.single || self.seconds[usize::from(k >> 6)] & 1 << (k & 63) != 0,
            None => self.single,
        }
    }
}

/// The length and the code point of the character that starts at byte `at` of `bytes`
/// (UTF-8).
pub(crate) fn decode(bytes: &[u8], at: usize) -> (usize, u32) {
    let b = bytes[at];
    let next = |k: usize| u32::from(bytes[at + k] & 0x3f);
    match b {
        ..0x80 => (1, u32::from(b)),
        0x80..0xe0 => (2, u32::from(b & 0x1f) << 6 | next(1)),
        0xe0..0xf0 => (3, u32::from(b & 0x0f) << 12 | next(1) << 6 | next(2)),
        _ => (
            4,
            u32::from(b & 0x07) << 18 | next(1) << 12 | next(2) << 6 | next(3),
        ),
    }
}

/// The length of the UTF-8 character that starts with byte `b` (1 for a byte no character
/// starts with).
fn utf8_len(b: u8) -> usize {
    match b {
        0xf0.. => 4,
        0xe0.. => 3,
        0xc0.. => 2,
        _ => 1,
    }
}

/// A byte that tells the character at byte `at` of `bytes` (UTF-8) as the words match it:
/// the character itself, ASCII lowercased, if it is ASCII, else its last byte. Two
/// characters equal but for ASCII case have one key. `None` at the end of `bytes`.
fn char_key(bytes: &[u8], at: usize) -> Option<u8> {
    let b = *bytes.get(at)?;
    if b.is_ascii() {
        Some(b.to_ascii_lowercase())
    } else {
        bytes.get(at + utf8_len(b) - 1).copied()
    }
}

/// The `char_key` of the second character of `bytes`.
fn second_key(bytes: &[u8]) -> Option<u8> {
    char_key(bytes, utf8_len(*bytes.first()?))
}

/// A word as tried at a position: its first sixteen bytes (ASCII lowercased) are compared
/// eight at a time, with `prefix` under `mask` and `prefix2` under `mask2`.
#[derive(Debug)]
struct Candidate {
    index: usize,
    len: usize,
    prefix: u64,
    mask: u64,
    prefix2: u64,
    mask2: u64,
}

impl Candidate {
    fn new(index: usize, word: &[u8]) -> Self {
        let mask = |n: usize| match n {
            8.. => u64::MAX,
            n => (1 << (8 * n)) - 1,
        };
        let second = word.get(8..).unwrap_or_default();
        Candidate {
            index,
            len: word.len(),
            prefix: lower8(load8(word)),
            mask: mask(word.len()),
            prefix2: lower8(load8(second)),
            mask2: mask(second.len()),
        }
    }
}

/// Up to eight bytes from the start of `bytes` as a little-endian word, zeros after the end.
fn load8(bytes: &[u8]) -> u64 {
    if let Some(head) = bytes.first_chunk::<8>() {
        return u64::from_le_bytes(*head);
    }
    let mut buf = [0u8; 8];
    let n = bytes.len().min(8);
    buf[..n].copy_from_slice(&bytes[..n]);
    u64::from_le_bytes(buf)
}

/// The eight bytes of `x` with ASCII capitals lowercased, all other bytes unchanged.
fn lower8(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low7 = x & (0x7f * ONES);
    // The high bit of each byte: set where the low seven bits are >= 'A', and > 'Z'.
    let from_a = low7 + (0x80 - u64::from(b'A')) * ONES;
    let past_z = low7 + (0x80 - u64::from(b'Z') - 1) * ONES;
    let capital = from_a & !past_z & !x & (0x80 * ONES);
    x | (capital >> 2)
}

impl Words {
    fn new(words: &[String]) -> Self {
        let fallback = words.iter().any(String::is_empty).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .build(words)
                .expect("plain word lists always compile")
        });
        let first = |i: usize| {
            words[i]
                .chars()
                .next()
                .map_or('\0', |c| c.to_ascii_lowercase())
        };
        let mut sorted: Vec<usize> = (0..words.len()).filter(|&i| !words[i].is_empty()).collect();
        sorted.sort_by_key(|&i| (first(i), std::cmp::Reverse(words[i].len()), i));
        let mut groups: Vec<(char, usize, usize)> = Vec::new();
        for (k, &i) in sorted.iter().enumerate() {
            match groups.last_mut() {
                Some(last) if last.0 == first(i) => last.2 = k + 1,
                _ => groups.push((first(i), k, k + 1)),
            }
        }
        let firsts = CharMap::new(
            groups
                .iter()
                .enumerate()
                .flat_map(|(g, &(c, _, _))| [(c, g), (c.to_ascii_uppercase(), g)]),
        );
        let order = sorted
            .iter()
            .map(|&i| Candidate::new(i, words[i].as_bytes()))
            .collect();
        let groups = groups
            .into_iter()
            .map(|(_, lo, hi)| {
                let mut group = Group {
                    lo,
                    hi,
                    single: false,
                    seconds: [0; 4],
                };
                for &i in &sorted[lo..hi] {
                    match second_key(words[i].as_bytes()) {
                        Some(k) => group.seconds[usize::from(k >> 6)] |= 1 << (k & 63),
                        None => group.single = true,
                    }
                }
                group
            })
            .collect();
        let mut singles: Vec<(u32, usize)> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            let mut chars = w.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                for c in [c.to_ascii_lowercase(), c.to_ascii_uppercase()] {
                    if !singles.iter().any(|s| s.0 == u32::from(c)) {
                        singles.push((u32::from(c), i));
                    }
                }
            }
        }
        Words {
            words: words.to_vec(),
            firsts,
            groups,
            order,
            fallback,
            by_pair: Vec::new(),
            singles,
        }
    }

    /// Whether word `w` starts `rest`, whose first eight bytes lowercased are `head`.
    #[inline(always)]
    fn matches(&self, w: &Candidate, rest: &[u8], head: u64) -> bool {
        rest.len() >= w.len
            && head & w.mask == w.prefix
            && (w.len <= 8
                || lower8(load8(&rest[8..])) & w.mask2 == w.prefix2
                    && (w.len <= 16
                        || rest[16..w.len]
                            .eq_ignore_ascii_case(&self.words[w.index].as_bytes()[16..])))
    }

    /// The longest word of `by_pair[lo..hi]` at the start of `rest` (`head` as for
    /// `matches`): (index, length).
    #[inline(always)]
    fn longest_by_pair(
        &self,
        rest: &[u8],
        head: u64,
        (lo, hi): (u32, u32),
    ) -> Option<(usize, usize)> {
        // A loop rather than `find`, which was left a call.
        for w in &self.by_pair[lo as usize..hi as usize] {
            if self.matches(w, rest, head) {
                return Some((w.index, w.len));
            }
        }
        None
    }

    /// The word that is the character `cp` alone, if any.
    fn single(&self, cp: u32) -> Option<usize> {
        self.singles.iter().find(|s| s.0 == cp).map(|s| s.1)
    }

    /// The longest word at byte `at` of `text`, where character `c` starts: (index, length).
    fn longest_at(&self, text: &[u8], at: usize, c: char) -> Option<(usize, usize)> {
        let group = self.firsts.get(c)?;
        let key = char_key(text, at + c.len_utf8());
        if !self.groups[group].may_match(key) {
            return None;
        }
        self.longest_in(text, at, group)
    }

    /// The longest word of first-character group `group` at byte `at` of `text`.
    fn longest_in(&self, text: &[u8], at: usize, group: usize) -> Option<(usize, usize)> {
        let group = &self.groups[group];
        let rest = &text[at..];
        let head = lower8(load8(rest));
        self.order[group.lo..group.hi]
            .iter()
            .find(|w| self.matches(w, rest, head))
            .map(|w| (w.index, w.len))
    }

    /// Matches in `text`: (start, end, word index), left to right, not overlapping.
    fn find_iter<'w, 't>(&'w self, text: &'t str) -> FindWords<'w, 't> {
        FindWords {
            words: self,
            text,
            pos: 0,
            fallback: self.fallback.as_ref().map(|ac| ac.find_iter(text)),
        }
    }
}

/// The iterator of `Words::find_iter`.
struct FindWords<'w, 't> {
    words: &'w Words,
    text: &'t str,
    /// Where the search goes on: the end of the last match.
    pos: usize,
    fallback: Option<aho_corasick::FindIter<'w, 't>>,
}

impl Iterator for FindWords<'_, '_> {
    type Item = (usize, usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(ac) = &mut self.fallback {
            return ac
                .next()
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()));
        }
        let words = self.words;
        for (off, c) in self.text[self.pos..].char_indices() {
            let at = self.pos + off;
            if let Some((i, len)) = words.longest_at(self.text.as_bytes(), at, c) {
                self.pos = at + len;
                return Some((at, at + len, i));
            }
        }
        self.pos = self.text.len();
        None
    }
}

/// A unit as a number, compared faster than a string: its bytes and its length. Units of
/// more than 15 bytes (none is that long) share one key, which no shorter unit has: for them
/// `has_trigger_for` may say yes when the answer is no, which only costs time.
fn unit_key(unit: &str) -> u128 {
    let bytes = unit.as_bytes();
    if bytes.len() > 15 {
        return u128::MAX;
    }
    let mut key = [0u8; 16];
    key[..bytes.len()].copy_from_slice(bytes);
    key[15] = bytes.len() as u8;
    u128::from_le_bytes(key)
}

/// A match of an ASCII word must not be part of a longer word (US in USD). Only ASCII
/// letters and digits count, so bytes tell: no byte of another character is one.
#[inline]
fn on_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let alnum = |i: usize| bytes[i].is_ascii_alphanumeric();
    let first = start < end && alnum(start);
    let last = start < end && alnum(end - 1);
    !(first && start > 0 && alnum(start - 1) || last && end < bytes.len() && alnum(end))
}

impl SubjectIndex {
    /// Compiles the names and triggers of the catalog.
    pub fn new(entities: &BTreeMap<String, Entity>, metrics: &BTreeMap<String, Metric>) -> Self {
        let (mut names, mut entity_ids, mut entity_kinds) = (Vec::new(), Vec::new(), Vec::new());
        for e in entities.values() {
            for n in &e.names {
                names.push(n.clone());
                entity_ids.push(e.id.clone());
                entity_kinds.push(e.kind.clone());
            }
        }
        let (mut triggers, mut metric_ids, mut metric_units) = (Vec::new(), Vec::new(), Vec::new());
        for m in metrics.values() {
            for t in &m.triggers {
                triggers.push(t.clone());
                metric_ids.push(m.id.clone());
                metric_units.push(m.unit.clone());
            }
        }
        let mut groups: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for (i, t) in triggers.iter().enumerate() {
            groups.entry(t.to_ascii_lowercase()).or_default().push(i);
        }
        let same_word = triggers
            .iter()
            .map(|t| groups[&t.to_ascii_lowercase()].clone())
            .collect();
        let mut trigger_units: Vec<u128> = metric_units.iter().map(|u| unit_key(u)).collect();
        trigger_units.sort_unstable();
        trigger_units.dedup();
        let (mut entity_names, mut metric_triggers) = (Words::new(&names), Words::new(&triggers));
        let firsts = names
            .iter()
            .chain(&triggers)
            .filter_map(|w| w.chars().next());
        let starts = CharMap::new(
            firsts.flat_map(|c| [c.to_ascii_lowercase(), c.to_ascii_uppercase()].map(|c| (c, ()))),
        );
        // The names and the triggers by the slot of their first two characters (both cases
        // of an ASCII letter first), each list longest first, then in list order.
        let mut by_slot: BTreeMap<usize, [Vec<usize>; 2]> = BTreeMap::new();
        for (side, list) in [&names, &triggers].into_iter().enumerate() {
            for (i, w) in list.iter().enumerate() {
                let (Some(c), Some(key)) = (w.chars().next(), second_key(w.as_bytes())) else {
                    continue;
                };
                for c in [c.to_ascii_lowercase(), c.to_ascii_uppercase()] {
                    let words = &mut by_slot.entry(pair_slot(u32::from(c), key)).or_default()[side];
                    if words.last() != Some(&i) {
                        words.push(i);
                    }
                }
            }
        }
        let mut pairs = PairTable {
            slots: Box::new([0; 1 << 12]),
            ranges: Vec::with_capacity(by_slot.len()),
        };
        for (slot, [mut in_names, mut in_triggers]) in by_slot {
            let mut ranges = [0u32; 4];
            for (k, (words, list)) in [
                (&mut entity_names, &mut in_names),
                (&mut metric_triggers, &mut in_triggers),
            ]
            .into_iter()
            .enumerate()
            {
                list.sort_by_key(|&i| (std::cmp::Reverse(words.words[i].len()), i));
                let lo = words.by_pair.len();
                for &i in list.iter() {
                    let candidate = Candidate::new(i, words.words[i].as_bytes());
                    words.by_pair.push(candidate);
                }
                let at_most = |n: usize| u32::try_from(n).expect("at most 2^32 words");
                ranges[2 * k] = at_most(lo);
                ranges[2 * k + 1] = at_most(words.by_pair.len());
            }
            pairs.ranges.push(ranges);
            pairs.slots[slot] = u16::try_from(pairs.ranges.len()).expect("at most 4,096 slots");
        }
        let single_bits = entity_names
            .singles
            .iter()
            .chain(&metric_triggers.singles)
            .fold(0, |bits, s| bits | 1 << (s.0 % 64));
        SubjectIndex {
            starts,
            pairs,
            single_bits,
            entity_names,
            entity_ids,
            entity_kinds,
            metric_triggers,
            metric_ids,
            metric_units,
            trigger_units,
            trigger_words: triggers,
            same_word,
        }
    }

    /// Whether some trigger may signal a metric in `unit`: if none does, no text names a
    /// metric for a figure in that unit.
    pub fn has_trigger_for(&self, unit: &str) -> bool {
        self.trigger_units.contains(&unit_key(unit))
    }

    /// The mention of entity name `i` at `start..end`.
    fn entity(&self, start: usize, end: usize, i: usize) -> Mention<'_> {
        Mention {
            start,
            end,
            id: &self.entity_ids[i],
            class: &self.entity_kinds[i],
        }
    }

    /// The mentions of trigger `p` at `start..end`: one per metric with the same word.
    fn triggered(
        &self,
        start: usize,
        end: usize,
        p: usize,
    ) -> impl Iterator<Item = (Mention<'_>, &str)> {
        self.same_word[p].iter().map(move |&i| {
            (
                Mention {
                    start,
                    end,
                    id: &self.metric_ids[i],
                    class: &self.metric_units[i],
                },
                self.trigger_words[i].as_str(),
            )
        })
    }

    /// Entity names in `text`.
    pub fn entities<'c, 't>(
        &'c self,
        text: &'t str,
    ) -> impl Iterator<Item = Mention<'c>> + use<'c, 't> {
        self.entity_names
            .find_iter(text)
            .filter(move |&(start, end, _)| on_word_boundary(text, start, end))
            .map(|(start, end, i)| self.entity(start, end, i))
    }

    /// Metric triggers in `text`, with every metric a trigger word belongs to (one word may
    /// signal several metrics; attribution picks by unit).
    pub fn metrics<'c, 't>(
        &'c self,
        text: &'t str,
    ) -> impl Iterator<Item = (Mention<'c>, &'c str)> + use<'c, 't> {
        self.metric_triggers
            .find_iter(text)
            .filter(move |&(start, end, _)| on_word_boundary(text, start, end))
            .flat_map(move |(start, end, p)| self.triggered(start, end, p))
    }

    /// The first character from byte `at` of `bytes` (UTF-8; `at` is a character boundary)
    /// where a name or a trigger may start: some name or trigger starts with it. None if no
    /// character from `at` on does.
    // Inlined into `scan_each`, whose loop it is: called through a function, the scan cost
    // 17.8M instructions over the profile corpus against 16.6M inlined.
    #[inline(always)]
    fn next_start(&self, bytes: &[u8], at: usize) -> Option<Start> {
        let keys = &self.starts.keys;
        let starts = |cp: u32| keys[cp as usize / 64] & 1 << (cp % 64) != 0;
        let mut rest = &bytes[at..];
        loop {
            // Chinese text is mostly of three-byte characters, the rest mostly ASCII: both are
            // read here, others decoded.
            let (len, cp) = match *rest {
                [b0 @ 0xe0..=0xef, b1, b2, ..] => {
                    let cp = u32::from(b0 & 0x0f) << 12
                        | u32::from(b1 & 0x3f) << 6
                        | u32::from(b2 & 0x3f);
                    if !starts(cp) {
                        rest = &rest[3..];
                        continue;
                    }
                    (3, cp)
                }
                [b @ ..0x80, ..] => {
                    if !starts(u32::from(b)) {
                        rest = &rest[1..];
                        continue;
                    }
                    (1, u32::from(b))
                }
                [] => return None,
                _ => {
                    let (len, cp) = decode(rest, 0);
                    if !self.starts.has_code(cp) {
                        rest = &rest[len..];
                        continue;
                    }
                    (len, cp)
                }
            };
            let at = bytes.len() - rest.len();
            return Some(Start { at, len, cp });
        }
    }

    /// What `entities` and `metrics` find in `text`, found in one pass over it.
    pub fn scan<'c>(&'c self, text: &str) -> (Vec<Mention<'c>>, Vec<(Mention<'c>, &'c str)>) {
        let (mut entities, mut metrics) = (Vec::new(), Vec::new());
        self.scan_each(text, |m| entities.push(m), |m, w| metrics.push((m, w)));
        (entities, metrics)
    }

    /// What `scan` finds, handed to `name` (each name) and `trigger` (each trigger with its
    /// word) in the order `scan` lists them: no lists are made.
    pub fn scan_each<'c>(
        &'c self,
        text: &str,
        mut name: impl FnMut(Mention<'c>),
        mut trigger: impl FnMut(Mention<'c>, &'c str),
    ) {
        let (names, triggers) = (&self.entity_names, &self.metric_triggers);
        if names.fallback.is_some() || triggers.fallback.is_some() {
            self.entities(text).for_each(name);
            self.metrics(text).for_each(|(m, w)| trigger(m, w));
            return;
        }
        let bytes = text.as_bytes();
        // Where each search goes on: the end of its last match.
        let (mut next_name, mut next_trigger) = (0, 0);
        let mut next_at = 0;
        while let Some(Start { at, len, cp }) = self.next_start(bytes, next_at) {
            next_at = at + len;
            let (want_name, want_trigger) = (at >= next_name, at >= next_trigger);
            if !(want_name || want_trigger) {
                continue;
            }
            // A word that matches here begins with the text's first two characters, which are
            // in its `pair_slot`, or is the first character alone: what `longest_in` finds
            // among the words of the first character (the words of one character are the
            // shortest, so tried last). Most words that start with a character do not go on
            // with the next one.
            let rest = &bytes[at..];
            let ranges = char_key(rest, len).and_then(|key| self.pairs.get(pair_slot(cp, key)));
            let single = self.single_bits & 1 << (cp % 64) != 0;
            if ranges.is_none() && !single {
                continue;
            }
            let [names_lo, names_hi, triggers_lo, triggers_hi] =
                ranges.copied().unwrap_or_default();
            let head = lower8(load8(rest));
            let longest = |words: &Words, range| {
                words
                    .longest_by_pair(rest, head, range)
                    .or_else(|| single.then(|| words.single(cp).map(|i| (i, len))).flatten())
            };
            if want_name && let Some((i, len)) = longest(names, (names_lo, names_hi)) {
                next_name = at + len;
                if on_word_boundary(text, at, at + len) {
                    name(self.entity(at, at + len, i));
                }
            }
            if want_trigger && let Some((p, len)) = longest(triggers, (triggers_lo, triggers_hi)) {
                next_trigger = at + len;
                if on_word_boundary(text, at, at + len) {
                    for (m, w) in self.triggered(at, at + len, p) {
                        trigger(m, w);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `Words` must equal: aho-corasick's leftmost-longest, ASCII-case-insensitive search.
    fn reference(words: &[String], text: &str) -> Vec<(usize, usize, usize)> {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(words)
            .unwrap()
            .find_iter(text)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect()
    }

    fn fast(words: &[String], text: &str) -> Vec<(usize, usize, usize)> {
        Words::new(words).find_iter(text).collect()
    }

    fn strings(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn longest_word_at_the_leftmost_start() {
        let words = strings(&["排放", "排放总量", "碳排放", "CO2", "co2 emissions", "US"]);
        let text = "中国碳排放总量，美国排放总量；Co2 Emissions and us。";
        let found = fast(&words, text);
        assert_eq!(found, reference(&words, text));
        let got: Vec<&str> = found.iter().map(|&(s, e, _)| &text[s..e]).collect();
        assert_eq!(got, ["碳排放", "排放总量", "Co2 Emissions", "us"]);
    }

    #[test]
    fn equal_words_report_the_first_listed() {
        let words = strings(&["CO2", "co2", "Co2", "co"]);
        let text = "cO2 co CO2";
        assert_eq!(fast(&words, text), reference(&words, text));
        assert!(fast(&words, text).iter().all(|m| m.2 != 1 && m.2 != 2));
    }

    #[test]
    fn builtin_catalog_matches_reference_on_a_sample() {
        let catalog = crate::catalog::Catalog::builtin();
        let index = &catalog.index;
        let text = "2022年中国碳排放总量达到114亿吨，占全球排放总量的约三分之一。\n\
                    美国和欧盟的温室气体排放量下降；The United States' CO2 emissions fell. \
                    《巴黎协定》提出将全球温升控制在2℃之内！USD 1.5°C goal?";
        for words in [&index.entity_names, &index.metric_triggers] {
            assert_eq!(
                words.find_iter(text).collect::<Vec<_>>(),
                reference(&words.words, text)
            );
        }
        assert!(
            index
                .entities(text)
                .any(|m| m.id == "china" && m.class == "country")
        );
        for (m, _) in index.metrics(text) {
            assert_eq!(m.class, catalog.metrics[m.id].unit);
        }
        let (entities, metrics) = index.scan(text);
        for unit in ["t", "%", "degC", "count"] {
            assert!(index.has_trigger_for(unit), "{unit}");
        }
        for unit in ["furlong", "", "T"] {
            assert!(!index.has_trigger_for(unit), "{unit}");
        }
        for (m, _) in &metrics {
            assert!(index.has_trigger_for(m.class));
        }
        assert_eq!(entities, index.entities(text).collect::<Vec<_>>());
        assert_eq!(metrics, index.metrics(text).collect::<Vec<_>>());
        assert!(metrics.len() > 3);
    }

    #[test]
    fn every_word_passes_the_start_filter() {
        let catalog = crate::catalog::Catalog::builtin();
        let index = &catalog.index;
        let words = catalog.entities.values().flat_map(|e| &e.names);
        let words = words.chain(catalog.metrics.values().flat_map(|m| &m.triggers));
        for word in words {
            let mut upper = word.clone();
            if let Some(first) = upper.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            for w in [
                word.clone(),
                upper,
                word.to_ascii_lowercase(),
                format!("{word}x"),
            ] {
                let start = index.next_start(w.as_bytes(), 0).map(|s| s.at);
                assert_eq!(start, Some(0), "{w}");
            }
        }
        // 中 starts names, 的 none.
        let text = "的中的排放";
        let start = index.next_start(text.as_bytes(), 0).map(|s| s.at);
        assert_eq!(start, Some("的".len()));
        assert!(index.next_start("的的".as_bytes(), 0).is_none());
    }

    #[test]
    fn unit_keys_differ_as_units_do() {
        let units = [
            "",
            "t",
            "T",
            "t\0",
            "tt",
            "degC",
            "Mt CO2e per yr",
            "Mt CO2e per yr.",
        ];
        for (i, a) in units.iter().enumerate() {
            for (j, b) in units.iter().enumerate() {
                assert_eq!(unit_key(a) == unit_key(b), i == j, "{a:?} {b:?}");
            }
        }
        assert_eq!(unit_key("a unit of sixteen"), unit_key("another long unit"));
    }

    #[test]
    fn empty_word_falls_back_to_reference() {
        let words = strings(&["", "ab"]);
        assert_eq!(fast(&words, "xabx"), reference(&words, "xabx"));
    }

    #[test]
    fn lower8_lowercases_ascii_capitals_only() {
        let bytes = *b"AZaz@[`{";
        assert_eq!(
            lower8(u64::from_le_bytes(bytes)).to_le_bytes(),
            *b"azaz@[`{"
        );
        let cjk = "排放".as_bytes();
        assert_eq!(lower8(load8(cjk)), load8(cjk));
        for b in 0..=255u8 {
            let x = u64::from_le_bytes([b; 8]);
            assert_eq!(lower8(x), u64::from_le_bytes([b.to_ascii_lowercase(); 8]));
        }
    }

    #[test]
    fn char_map_finds_its_keys_only() {
        let keys = ['a', 'A', '排', '放', '😀', '\u{ffff}', '\0'];
        let map = CharMap::new(keys.iter().enumerate().map(|(i, &c)| (c, i)));
        for (i, &c) in keys.iter().enumerate() {
            assert_eq!(map.get(c), Some(i));
        }
        for c in ['b', 'B', '碳', '😁', '\u{fffe}', '\u{10ffff}'] {
            assert_eq!(map.get(c), None);
        }
        let first_counts = CharMap::new([('x', 1), ('x', 2), ('😀', 3), ('😀', 4)]);
        assert_eq!(
            (first_counts.get('x'), first_counts.get('😀')),
            (Some(1), Some(3))
        );
    }

    #[test]
    fn characters_decoded_from_bytes() {
        let keys = ['a', '排', 'é', '😀', '\u{ffff}'];
        let map = CharMap::new(keys.iter().enumerate().map(|(i, &c)| (c, i)));
        let text = "a排bé😀放\u{ffff}𝒰\u{7ff}\u{800}\u{10ffff}";
        for (at, c) in text.char_indices() {
            assert_eq!(decode(text.as_bytes(), at), (c.len_utf8(), u32::from(c)));
            assert_eq!(map.has_code(u32::from(c)), map.get(c).is_some(), "{c}");
        }
        assert_eq!(decode(text.as_bytes(), 1), (3, u32::from('排')));
    }

    #[test]
    fn second_key_tells_characters_apart_but_not_ascii_case() {
        assert_eq!(second_key(b"CO2"), Some(b'o'));
        assert_eq!(second_key(b"cO2"), second_key(b"co"));
        assert_eq!(second_key("排放".as_bytes()), Some("放".as_bytes()[2]));
        assert_eq!(second_key("U排".as_bytes()), Some("排".as_bytes()[2]));
        assert_eq!(second_key("排U".as_bytes()), Some(b'u'));
        assert_eq!(second_key("😀Σ".as_bytes()), Some("Σ".as_bytes()[1]));
        assert_eq!(second_key("排".as_bytes()), None);
        assert_eq!(second_key(b""), None);
        // A group whose words go on with 放 or o, or stop.
        let words = Words::new(&strings(&["排放", "排o"]));
        let group = &words.groups[0];
        assert!(group.may_match(second_key("排放量".as_bytes())));
        assert!(group.may_match(second_key("排O".as_bytes())));
        assert!(!group.may_match(second_key("排名".as_bytes())));
        assert!(!group.may_match(second_key("排".as_bytes())));
        let with_single = Words::new(&strings(&["排放", "排"]));
        assert!(with_single.groups[0].may_match(second_key("排名".as_bytes())));
    }

    #[test]
    fn word_boundary_by_bytes_equals_by_chars() {
        // The test the index made before, on characters.
        fn by_chars(text: &str, start: usize, end: usize) -> bool {
            let word = &text[start..end];
            let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            let first = alnum(word.chars().next());
            let last = alnum(word.chars().next_back());
            let before = alnum(text[..start].chars().next_back());
            let after = alnum(text[end..].chars().next());
            !(first && before || last && after)
        }
        let text = "USD US美国US，aUSb 排放US1 é𝒰US";
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &s in &bounds {
            for &e in bounds.iter().filter(|&&e| e > s) {
                assert_eq!(
                    on_word_boundary(text, s, e),
                    by_chars(text, s, e),
                    "{s}..{e}"
                );
            }
        }
    }

    /// The builtin catalog's names and triggers, in both ASCII cases, with characters and
    /// pieces of text around them: what texts for the searches are built from.
    fn real_pieces() -> Vec<String> {
        let catalog = crate::catalog::Catalog::builtin();
        let words = catalog.entities.values().flat_map(|e| &e.names);
        let words = words.chain(catalog.metrics.values().flat_map(|m| &m.triggers));
        let mut pieces: Vec<String> = words
            .flat_map(|w| [w.clone(), w.to_ascii_uppercase(), w.to_ascii_lowercase()])
            .chain(words_cut(catalog))
            .collect();
        for filler in [
            "，", "。", "的", "和", "占", "2030年", "x", " ", "1", "\n", "é", "😀",
        ] {
            pieces.push(filler.to_owned());
        }
        pieces
    }

    /// The first character of every word, and every word less its last character.
    fn words_cut(catalog: &crate::catalog::Catalog) -> Vec<String> {
        let words = catalog.entities.values().flat_map(|e| &e.names);
        let words = words.chain(catalog.metrics.values().flat_map(|m| &m.triggers));
        words
            .flat_map(|w| {
                let mut cut = w.clone();
                cut.pop();
                [w.chars().take(1).collect(), cut]
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn scan_of_real_words_finds_what_the_two_searches_find(
            pieces in proptest::collection::vec(proptest::sample::select(real_pieces()), 0..24),
        ) {
            let text = pieces.concat();
            let index = &crate::catalog::Catalog::builtin().index;
            let (entities, metrics) = index.scan(&text);
            proptest::prop_assert_eq!(entities, index.entities(&text).collect::<Vec<_>>());
            proptest::prop_assert_eq!(metrics, index.metrics(&text).collect::<Vec<_>>());
        }

        #[test]
        fn same_matches_as_aho_corasick(
            words in proptest::collection::vec("[aAbB排放量总碳Σ😀 ]{1,9}", 1..8),
            text in "[aAbBcC排放量总碳Σ😀 。\n]{0,40}",
        ) {
            proptest::prop_assert_eq!(fast(&words, &text), reference(&words, &text));
        }

        #[test]
        fn scan_of_small_lists_finds_what_the_two_searches_find(
            names in proptest::collection::vec("[aAbB排放量总碳岁Σ😀 ]{1,5}", 1..6),
            triggers in proptest::collection::vec("[aAbB排放量总碳岁Σ😀 ]{1,5}", 1..6),
            text in "[aAbBcC排放量总碳岁Σ😀 。\n]{0,40}",
        ) {
            // Words of one character, words equal but for ASCII case, words that begin with
            // the same two characters, in both lists: the slots of their first two characters
            // and the words alone against the search of each list by its first character.
            let catalog = crate::catalog::Catalog::builtin();
            let entity = Entity {
                id: "e".into(),
                kind: "country".into(),
                names,
                iso3: None,
            };
            let mut metric = catalog.metrics.values().next().expect("metrics").clone();
            metric.triggers = triggers;
            let index = SubjectIndex::new(
                &BTreeMap::from([(entity.id.clone(), entity)]),
                &BTreeMap::from([(metric.id.clone(), metric)]),
            );
            let (entities, metrics) = index.scan(&text);
            proptest::prop_assert_eq!(entities, index.entities(&text).collect::<Vec<_>>());
            proptest::prop_assert_eq!(metrics, index.metrics(&text).collect::<Vec<_>>());
        }

        #[test]
        fn scan_finds_what_the_two_searches_find(
            text in "([A-Za-z ]{0,3}|中国|美国|US|co2|CO2|Co2|碳排放|排放总量|全球|占全球|岁|74岁|州|[排放量总碳全球占中国美岁。\néΣ😀𝒰\u{ffff}]){0,30}",
        ) {
            let index = &crate::catalog::Catalog::builtin().index;
            let (entities, metrics) = index.scan(&text);
            proptest::prop_assert_eq!(entities, index.entities(&text).collect::<Vec<_>>());
            proptest::prop_assert_eq!(metrics, index.metrics(&text).collect::<Vec<_>>());
        }
    }
}
