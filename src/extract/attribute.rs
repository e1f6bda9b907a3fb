//! Attribution: what each claim is about. From the claim's clause and sentence it takes the
//! entity (the nearest name before the figure), the metric (the nearest trigger word whose
//! unit fits the figure), the period (the nearest year or span of years, or 去年/今年 against
//! the article date) and whether the basis (CO2 or all greenhouse gases) is ambiguous.
//! Where the text does not settle a field it stays empty: a check never runs on a guess.

use super::Draft;
use super::context::sentence_end_len;
use crate::catalog::Catalog;
use crate::catalog::index::Mention;
use crate::claim::{Kind, PartialDate, Value};
use std::cell::OnceCell;
use std::ops::Range;

/// Trigger words that may mean CO2 or all greenhouse gases.
const AMBIGUOUS_BASIS: &[&str] = &["碳排放", "碳排放量", "碳排放总量", "carbon emissions"];

/// Entity kinds that can hold a goal or a membership count.
fn is_institution(kind: &str) -> bool {
    matches!(kind, "agreement" | "organisation" | "programme" | "law")
}

/// A name in a sentence: start, end, entity id and the entity's kind.
type Name<'c> = (usize, usize, &'c str, &'c str);

/// A trigger in a sentence, once per metric it signals: start, end, metric id, the word and
/// the metric's unit.
type Trigger<'c> = (usize, usize, &'c str, &'c str, &'c str);

/// A sentence read (`Found::sentence`): its names and triggers, which refer to the
/// catalog's strings (no allocation per match).
struct Sentence<'f, 'c> {
    range: Range<usize>,
    entities: &'f [Name<'c>],
    metrics: &'f [Trigger<'c>],
    paragraph_start: usize,
}

/// Where a sentence read keeps its names and triggers in `Found`'s lists.
struct Loaded {
    range: Range<usize>,
    entities: Range<usize>,
    metrics: Range<usize>,
    paragraph_start: usize,
}

/// The sentences read so far, by index, and the names and triggers of all of them, each
/// sentence's a run of the lists: they grow once per document, with no allocation per
/// sentence.
struct Found<'c> {
    sentences: Vec<Option<Loaded>>,
    names: Vec<Name<'c>>,
    triggers: Vec<Trigger<'c>>,
}

impl<'c> Found<'c> {
    /// An empty list for `count` sentences, with room for as many names and triggers as
    /// news texts hold (one or two a sentence), rather than growing into it.
    fn new(count: usize) -> Self {
        Found {
            sentences: (0..count).map(|_| None).collect(),
            names: Vec::with_capacity(2 * count),
            triggers: Vec::with_capacity(2 * count),
        }
    }

    /// Sentence `i`, if it has been read (`load_sentence`).
    fn sentence(&self, i: usize) -> Option<Sentence<'_, 'c>> {
        let loaded = self.sentences[i].as_ref()?;
        Some(Sentence {
            range: loaded.range.clone(),
            entities: &self.names[loaded.entities.clone()],
            metrics: &self.triggers[loaded.metrics.clone()],
            paragraph_start: loaded.paragraph_start,
        })
    }
}

/// How far from a figure attribution looks for names and triggers, in bytes (about a hundred
/// Chinese characters): a sentence without an end (a PDF dump) must not make it quadratic.
const WINDOW: usize = 300;

impl<'f, 'c> Sentence<'f, 'c> {
    /// Triggers that start within `WINDOW` of the figure at `start..end`.
    fn metrics_near(&self, start: usize, end: usize) -> &'f [Trigger<'c>] {
        let lo = self.metrics.partition_point(|m| m.0 + WINDOW < start);
        let hi = self.metrics.partition_point(|m| m.0 <= end + WINDOW);
        &self.metrics[lo..hi.max(lo)]
    }

    /// Names that start within `WINDOW` of the figure.
    fn entities_near(&self, start: usize, end: usize) -> &'f [Name<'c>] {
        let lo = self.entities.partition_point(|e| e.0 + WINDOW < start);
        let hi = self.entities.partition_point(|e| e.0 <= end + WINDOW);
        &self.entities[lo..hi.max(lo)]
    }
}

/// Where the paragraph of each sentence starts (sentences split at line breaks): at the
/// first sentence, and at each after a line break. The byte before a sentence tells (a line
/// break is one byte, part of no other character), picked without a branch: which sentences
/// follow a line break is as good as random.
fn paragraph_starts(text: &str, ranges: &[Range<usize>]) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut paragraph = 0;
    ranges
        .iter()
        .map(|r| {
            let after_break = r.start.checked_sub(1).is_some_and(|j| bytes[j] == b'\n');
            paragraph = [paragraph, r.start][usize::from(after_break)];
            paragraph
        })
        .collect()
}

/// The nearest character boundary at or before `pos`.
fn floor_boundary(text: &str, mut pos: usize) -> usize {
    while pos > 0 && !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// Finds the names and triggers of sentence `i` once.
fn load_sentence<'c>(
    text: &str,
    catalog: &'c Catalog,
    ranges: &[Range<usize>],
    paragraphs: &[usize],
    found: &mut Found<'c>,
    i: usize,
) {
    if found.sentences[i].is_some() {
        return;
    }
    let range = ranges[i].clone();
    let body = &text[range.clone()];
    let (entities, metrics) = (&mut found.names, &mut found.triggers);
    let (names_from, triggers_from) = (entities.len(), metrics.len());
    let at = range.start;
    catalog.index.scan_each(
        body,
        |m: Mention<'c>| entities.push((at + m.start, at + m.end, m.id, m.class)),
        |m, word| metrics.push((at + m.start, at + m.end, m.id, word, m.class)),
    );
    // 全球 inside a trigger (占全球排放总量) is the denominator, part of the metric. (The
    // sentence's names are the end of the list: kept in place, in order.)
    let metrics = &metrics[triggers_from..];
    let mut kept = names_from;
    for k in names_from..entities.len() {
        let (s, e, id, _) = entities[k];
        if id != "world"
            || !metrics
                .iter()
                .any(|&(ms, me, _, _, _)| ms <= s && e <= me && (ms, me) != (s, e))
        {
            entities[kept] = entities[k];
            kept += 1;
        }
    }
    entities.truncate(kept);
    found.sentences[i] = Some(Loaded {
        range,
        entities: names_from..kept,
        metrics: triggers_from..found.triggers.len(),
        paragraph_start: paragraphs[i],
    });
}

/// The length of the clause end at byte `i` of `bytes`, or 0. Clause ends are the sentence
/// ends but the English full stop (\n ! ? ; 。！？；) and , : ( ) 、(E3 80 81) ，：（）(EF BC
/// 8C, 9A, 88, 89).
// Inlined into `layout`'s loop, which calls it at most characters of Chinese punctuation.
#[inline(always)]
fn clause_end_len(bytes: &[u8], i: usize) -> usize {
    match bytes[i] {
        b',' | b':' | b'(' | b')' | b'!' | b'?' | b';' | b'\n' => 1,
        0xe3 if matches!(bytes[i + 1..], [0x80, 0x81 | 0x82, ..]) => 3,
        0xef if matches!(
            bytes[i + 1..],
            [0xbc, 0x8c | 0x9a | 0x88 | 0x89 | 0x81 | 0x9f | 0x9b, ..]
        ) =>
        {
            3
        }
        _ => 0,
    }
}

/// In `CHAR_CLASS`: the character may end a clause or a sentence.
const MAY_END: u8 = 8;

/// Per first byte of a character: the character's length (the low three bits; 1 for a byte
/// no character starts with) and `MAY_END` for the bytes clause and sentence ends begin
/// with. No other character begins with the ASCII ones, and no character's later bytes are
/// among them; E3 and EF begin other characters too.
const CHAR_CLASS: [u8; 256] = {
    let mut class = [1u8; 256];
    let mut b = 0xc0;
    while b < 0x100 {
        class[b] = if b >= 0xf0 {
            4
        } else if b >= 0xe0 {
            3
        } else {
            2
        };
        b += 1;
    }
    let ends = b",:()!?;\n.";
    let mut k = 0;
    while k < ends.len() {
        class[ends[k] as usize] |= MAY_END;
        k += 1;
    }
    class[0xe3] |= MAY_END;
    class[0xef] |= MAY_END;
    class
};

/// Per byte: 1 if it begins a character of three bytes that ends no clause or sentence
/// (`CHAR_CLASS` 3, no `MAY_END`), else 0.
const PLAIN_3: [u8; 256] = {
    let mut plain = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        plain[b] = (CHAR_CLASS[b] == 3) as u8;
        b += 1;
    }
    plain
};

/// The sentences of a text and the ends of its clauses.
pub(super) struct Layout {
    /// The sentences, each with the character that ends it (`sentence_end_len`).
    sentences: Vec<Range<usize>>,
    /// Where each clause end (`clause_end_len`) starts, in text order.
    clause_ends: Vec<usize>,
}

/// Reads `text` once, a character at a time, for its sentences and clause ends: most
/// characters are passed over after one table lookup (`CHAR_CLASS`).
pub(super) fn layout(text: &str) -> Layout {
    let bytes = text.as_bytes();
    // Room for as many as news texts hold (a clause end every twenty to thirty bytes, a
    // sentence end every sixty or more), rather than growing into it.
    let mut sentences = Vec::with_capacity(text.len() / 64);
    let mut clause_ends = Vec::with_capacity(text.len() / 24);
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Four characters of three bytes that end nothing at a time (most of a Chinese
        // text): the loop below, a character at a time, passes over the same ones.
        while let Some(q) = bytes[i..].first_chunk::<12>()
            && PLAIN_3[usize::from(q[0])]
                & PLAIN_3[usize::from(q[3])]
                & PLAIN_3[usize::from(q[6])]
                & PLAIN_3[usize::from(q[9])]
                != 0
        {
            i += 12;
        }
        // Characters that end nothing: their class is their length.
        while let Some(&b) = bytes.get(i)
            && CHAR_CLASS[usize::from(b)] & MAY_END == 0
        {
            i += usize::from(CHAR_CLASS[usize::from(b)]);
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        // A character that may end a clause or sentence (the loop above stops only there).
        if clause_end_len(bytes, i) > 0 {
            clause_ends.push(i);
        }
        let len = sentence_end_len(bytes, i);
        if len > 0 {
            let end = i + len;
            if end > start {
                sentences.push(start..end);
            }
            start = end;
        }
        i += usize::from(CHAR_CLASS[usize::from(b)] & 7);
    }
    if start < text.len() {
        sentences.push(start..text.len());
    }
    Layout {
        sentences,
        clause_ends,
    }
}

impl Layout {
    /// Whether `from..to` (character boundaries of `bytes`, the text) holds a line break, and
    /// whether it holds a sentence end of `is_sentence_end` (not the English full stop): both
    /// are clause ends, so only the clause ends in the gap are looked at, not its bytes.
    /// `hint` is the index of the first clause end at or after the last `from` asked for:
    /// gaps asked for in text order are found by stepping on from there (else by a search).
    pub(super) fn breaks_in(
        &self,
        bytes: &[u8],
        from: usize,
        to: usize,
        hint: &mut usize,
    ) -> (bool, bool) {
        let k = self.first_end_from(from, hint);
        let mut sentence_end = false;
        for &j in self.clause_ends[k..].iter().take_while(|&&j| j < to) {
            match bytes[j] {
                b'\n' => return (true, true),
                b'!' | b'?' | b';' => sentence_end = true,
                // 、(E3 80 81) or 。(E3 80 82).
                0xe3 => sentence_end |= bytes[j + 2] == 0x82,
                // ，：（）(EF BC 8C, 9A, 88, 89) or ！？；(EF BC 81, 9F, 9B).
                0xef => sentence_end |= matches!(bytes[j + 2], 0x81 | 0x9f | 0x9b),
                _ => {}
            }
        }
        (false, sentence_end)
    }

    /// The index of the first clause end at or after `from`. Found by stepping on from `hint`
    /// (the index this gave last, updated) when the last `from` was not after this one, as
    /// figures are asked for in text order; else searched for.
    fn first_end_from(&self, from: usize, hint: &mut usize) -> usize {
        let ends = &self.clause_ends;
        let mut k = *hint;
        if k > ends.len() || k > 0 && ends[k - 1] >= from {
            k = ends.partition_point(|&j| j < from);
        }
        while ends.get(k).is_some_and(|&j| j < from) {
            k += 1;
        }
        *hint = k;
        k
    }

    /// Where the clause around `from..to` starts and ends, looking no further than `lo..hi`
    /// (character boundaries of `bytes`): after the last clause end before `from`, and at
    /// the first one from `to` on. `hint` as for `first_end_from`.
    fn clause_bounds(
        &self,
        bytes: &[u8],
        (lo, hi): (usize, usize),
        from: usize,
        to: usize,
        hint: &mut usize,
    ) -> (usize, usize) {
        let before = self.first_end_from(from, hint);
        let start = match before.checked_sub(1).map(|k| self.clause_ends[k]) {
            Some(j) if j >= lo => j + clause_end_len(bytes, j),
            _ => lo,
        };
        let hi = hi.max(to);
        // A figure holds few clause ends, if any: counted one by one.
        let after = before
            + self.clause_ends[before..]
                .iter()
                .take_while(|&&j| j < to)
                .count();
        let end = match self.clause_ends.get(after) {
            Some(&j) if j < hi => j,
            _ => hi,
        };
        (start, end)
    }
}

/// The first of `ranges` (sentences in text order) that ends after `pos`, or their number:
/// looked for from `hint` on when `pos` is at or after where sentence `hint` starts.
fn sentence_after(ranges: &[Range<usize>], hint: usize, pos: usize) -> usize {
    let from = if ranges.get(hint).is_some_and(|r| r.start <= pos) {
        hint
    } else {
        0
    };
    match ranges.get(from) {
        Some(r) if r.end > pos => from,
        _ => from + ranges[from..].partition_point(|r| r.end <= pos),
    }
}

/// Fills `subject` on every draft that can have one.
pub(super) fn attribute(
    text: &str,
    layout: &Layout,
    drafts: &mut [Draft],
    catalog: &Catalog,
    article: Option<PartialDate>,
) {
    let ranges = layout.sentences.as_slice();
    let paragraphs = paragraph_starts(text, ranges);
    let mut found = Found::new(ranges.len());
    // The first sentence that ends after the last claim: claims come in text order, so the
    // next one is most often in it or soon after.
    let mut after_last = 0;
    let mut sentence_of = |pos: usize| {
        after_last = sentence_after(ranges, after_last, pos);
        after_last.min(ranges.len().saturating_sub(1))
    };
    // Where the Paris Agreement is first named (该协定 later refers to it), looked up only
    // when a sentence needs it.
    let first_paris = OnceCell::new();
    // Where 去年, 今年 and 前年 are, found when a period needs them.
    let relatives = OnceCell::new();
    // Where the search for clause ends goes on (`Layout::first_end_from`).
    let mut clause_hint = 0;
    // The last unit asked about (its address and length) and whether a trigger has it
    // (`has_trigger_for`): most claims' units are the canonical ones, held by reference, so
    // the same unit comes again at the same address. The drafts' units stay in place while
    // they are read: one address and length is one text.
    let mut last_unit: Option<((usize, usize), bool)> = None;
    // Years and spans of years stated by year claims, for periods.
    // (Room for every draft: filtered, the list would grow from nothing.)
    let mut years: Vec<(usize, usize, (i32, i32), bool)> = Vec::with_capacity(drafts.len());
    years.extend(drafts.iter().filter_map(|d| {
        let (start, end) = (d.span.start, d.span.end);
        year_span(d).map(|p| (start, end, p, is_target_year(text, start)))
    }));
    for d in drafts.iter_mut() {
        if !attributable(d) {
            continue;
        }
        let (start, end) = (d.span.start, d.span.end);
        let si = sentence_of(start);
        if ranges.is_empty() {
            return;
        }
        let unit = claim_unit(d);
        let place = |u: &str| (u.as_ptr() as usize, u.len());
        let has_trigger = |u: &str| match last_unit {
            Some((last, known)) if last == place(u) => known,
            _ => catalog.index.has_trigger_for(u),
        };
        let triggered = unit.is_some_and(has_trigger);
        last_unit = unit.map(|u| (place(u), triggered));
        if !triggered {
            // No trigger can name a metric of this unit: the sentence need not be read.
            continue;
        }
        load_sentence(text, catalog, ranges, &paragraphs, &mut found, si);
        let sentence = found.sentence(si).expect("loaded");
        // Clause bounds, looked for within the window only.
        let window_start =
            floor_boundary(text, start.saturating_sub(WINDOW).max(sentence.range.start));
        let window_end = floor_boundary(text, (end + WINDOW).min(sentence.range.end));
        let (clause_start, clause_end) = layout.clause_bounds(
            text.as_bytes(),
            (window_start, window_end),
            start,
            end,
            &mut clause_hint,
        );
        let (metric, basis_word) = choose_metric(&sentence, start, end, clause_end, unit, d.kind);
        let Some(metric_id) = metric else {
            // Without a metric there is nothing to check the figure against: leave it open.
            continue;
        };
        let entity = choose_entity(
            text,
            catalog,
            ranges,
            &paragraphs,
            &mut found,
            si,
            start,
            end,
            clause_start,
            clause_end,
            Some(metric_id),
            d.kind,
            &first_paris,
        );
        let period = choose_period(
            text,
            &years,
            &relatives,
            ranges,
            &paragraphs,
            si,
            start,
            clause_end,
            article,
            d.kind,
            Some(metric_id),
        );
        let metric = match period {
            // Emissions over a span of years are cumulative.
            Some((a, b)) if a != b && metric_id == "co2" => "co2-cumulative",
            _ => metric_id,
        };
        let subject = &mut d.subject;
        subject.metric = Some(metric.to_owned());
        subject.entity = entity;
        subject.period = period;
        subject.basis_ambiguous = basis_word.is_some_and(|w| AMBIGUOUS_BASIS.contains(&w));
    }
}

/// A year written as the end of a target: 到2030年, by 2030, 2030年前.
fn is_target_year(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches(' ');
    ["到", "至", "直至", "by", "until", "before"]
        .iter()
        .any(|w| before.ends_with(w))
}

/// Claims a subject can be found for: figures, not dates, years or bare labels.
fn attributable(claim: &crate::claim::Claim) -> bool {
    let figure = claim.value.is_some() || claim.low.is_some();
    figure
        && !matches!(
            claim.kind,
            Kind::Date | Kind::Year | Kind::Ordinal | Kind::Number
        )
        && !(claim.kind == Kind::Range && matches!(claim.range_of, Some(Kind::Date | Kind::Year)))
}

fn year_span(claim: &crate::claim::Claim) -> Option<(i32, i32)> {
    let year = |v: &Option<Value>| match v {
        Some(Value::Number(n)) => i32::try_from(n.trunc().mantissa()).ok(),
        Some(Value::Date(d)) => d.year,
        None => None,
    };
    match (claim.kind, claim.range_of) {
        (Kind::Year, _) => year(&claim.value).map(|y| (y, y)),
        (Kind::Date, _) => year(&claim.value).map(|y| (y, y)),
        (Kind::Range, Some(Kind::Year)) => Some((year(&claim.low)?, year(&claim.high)?)),
        _ => None,
    }
}

/// The unit family a metric must have to fit the claim.
fn claim_unit(claim: &crate::claim::Claim) -> Option<&str> {
    match claim.kind {
        Kind::Age => Some("year"),
        Kind::Rank => Some("rank"),
        Kind::Temperature => Some("degC"),
        Kind::Range if claim.range_of == Some(Kind::Temperature) => Some("degC"),
        _ => claim
            .unit
            .as_deref()
            .map(|u| if u == "deg" { "degC" } else { u }),
    }
}

/// The metric of the figure at `start..end` and the trigger word that names its base.
fn choose_metric<'c>(
    sentence: &Sentence<'_, 'c>,
    start: usize,
    end: usize,
    clause_end: usize,
    unit: Option<&str>,
    kind: Kind,
) -> (Option<&'c str>, Option<&'c str>) {
    let Some(unit) = unit else {
        return (None, None);
    };
    let mentions = sentence.metrics_near(start, end);
    let fits = |m: &Trigger| m.4 == unit && (kind != Kind::Age || m.2 == "age");
    // Candidates before the figure, nearest first; then those starting inside or after it in the clause.
    let before = mentions
        .iter()
        .filter(|m| m.1 <= start && fits(m))
        .max_by_key(|m| (m.1, m.1 - m.0));
    let after = || {
        mentions
            .iter()
            .filter(|m| m.0 >= start && m.0 < clause_end.max(end) && fits(m))
            .min_by_key(|m| m.0)
    };
    // A count names what it counts right after its classifier (160多家……发电厂): look there first.
    let counted = || {
        mentions
            .iter()
            .filter(|m| m.0 >= start && m.0 <= end + 40 && m.0 < clause_end.max(end) && fits(m))
            .min_by_key(|m| m.0)
    };
    let chosen = if kind == Kind::Count {
        counted().or(before).or_else(after)
    } else {
        before.or_else(after)
    };
    let Some(chosen) = chosen else {
        return (None, None);
    };
    // One word may signal several metrics (占全球: a share of CO2 or of GHG): take the one
    // whose base metric is named nearest before it.
    let same_word = || {
        mentions
            .iter()
            .filter(|m| (m.0, m.1) == (chosen.0, chosen.1) && fits(m))
    };
    let base = mentions
        .iter()
        .filter(|m| m.1 <= chosen.0 && m.4 == "t")
        .max_by_key(|m| m.1);
    let pick = if same_word().nth(1).is_some() {
        base.and_then(|b| {
            let prefix = b.2.trim_end_matches("-total");
            same_word().find(|m| {
                m.2.strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('-'))
            })
        })
        .or_else(|| same_word().find(|m| m.2.starts_with("ghg")))
        .unwrap_or(chosen)
    } else {
        chosen
    };
    let basis_word = if pick.4 == "t" {
        Some(pick.3)
    } else {
        base.map(|b| b.3)
    };
    (Some(pick.2), basis_word)
}

#[allow(clippy::too_many_arguments)]
fn choose_entity<'c>(
    text: &str,
    catalog: &'c Catalog,
    ranges: &[Range<usize>],
    paragraphs: &[usize],
    found: &mut Found<'c>,
    si: usize,
    start: usize,
    end: usize,
    clause_start: usize,
    clause_end: usize,
    metric: Option<&str>,
    kind: Kind,
    first_paris: &OnceCell<Option<usize>>,
) -> Option<String> {
    let sentence = found.sentence(si)?;
    if kind == Kind::Age {
        // 74岁的解振华 / 解振华（74岁）: the person right after or right before.
        let people = sentence
            .entities_near(start, end)
            .iter()
            .filter(|e| e.3 == "person");
        let after = people
            .clone()
            .filter(|e| e.0 >= end && e.0 <= end + 12)
            .min_by_key(|e| e.0);
        let before = people
            .filter(|e| e.1 <= start && start - e.1 <= 12)
            .max_by_key(|e| e.1);
        return after.or(before).map(|e| e.2.to_owned());
    }
    // The world is the denominator of shares, ratios and ranks, not their subject.
    let relative = metric
        .is_some_and(|m| m.ends_with("-share") || m.ends_with("-ratio") || m.ends_with("-rank"))
        || kind == Kind::Rank;
    let institution_only = metric.is_some_and(|m| {
        matches!(
            m,
            "temperature-goal"
                | "member-states"
                | "parties"
                | "signatories"
                | "methane-pledge-signatories"
        )
    });
    let eligible = |e: &Name| {
        !(relative && e.2 == "world")
            && (!institution_only || is_institution(e.3) || e.3 == "state")
            && e.3 != "person"
    };
    if metric == Some("temperature-goal")
        && !sentence
            .entities_near(start, end)
            .iter()
            .any(|e| is_institution(e.3))
        && ["协定", "协议", "Agreement"]
            .iter()
            .any(|w| text[sentence.range.clone()].contains(w))
        && first_paris
            .get_or_init(|| {
                catalog
                    .index
                    .entities(text)
                    .find(|m| m.id == "paris-agreement")
                    .map(|m| m.start)
            })
            .is_some_and(|p| p < start)
    {
        // 该协定提出了……控制在2℃之内: "the agreement" is the Paris Agreement named earlier.
        return Some("paris-agreement".to_owned());
    }
    let candidates = || {
        sentence
            .entities_near(start, end)
            .iter()
            .filter(|e| eligible(e))
    };
    // Nearest first.
    let mut before = candidates().filter(|e| e.1 <= start).rev();
    if let Some(nearest) = before.next() {
        // 美国和中国……: two names joined by a conjunction leave the subject open.
        if let Some(prev) = before.next() {
            let between = &text[prev.1..nearest.0];
            if prev.2 != nearest.2
                && ["和", "与", "及", "、", " and "]
                    .iter()
                    .any(|c| between.trim() == *c)
            {
                return None;
            }
        }
        return Some(nearest.2.to_owned());
    }
    if let Some(after) = candidates()
        .filter(|e| e.0 >= end && e.0 < clause_end)
        .min_by_key(|e| e.0)
    {
        return Some(after.2.to_owned());
    }
    let _ = clause_start;
    // Carry over from the three sentences before, within the paragraph (其中二氧化碳排放116亿吨).
    let paragraph_start = sentence.paragraph_start;
    let mut j = si;
    while j > 0 && si - j < 3 && ranges[j - 1].start >= paragraph_start {
        j -= 1;
        load_sentence(text, catalog, ranges, paragraphs, found, j);
        let earlier = found.sentence(j)?;
        if let Some(e) = earlier.entities.iter().rfind(|e| eligible(e)) {
            return Some(e.2.to_owned());
        }
    }
    None
}

/// Every 去年, 今年 and 前年 in `text`, in text order: where it starts, and the word.
fn relative_years(text: &str) -> Vec<(usize, &'static str)> {
    // Each word ends with 年: one vectorized search for it, in text order, and the character
    // before it tells which word if any (three searches, one a word, cost more than the
    // look at each 年). No two of the words overlap: each 年 ends at most one.
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, "年")
        .filter_map(|p| {
            let before = bytes[..p].last_chunk::<3>()?;
            ["去年", "今年", "前年"]
                .into_iter()
                .find(|w| w.as_bytes()[..3] == *before)
                .map(|w| (p - 3, w))
        })
        .collect()
}

/// The last of `found` (`relative_years`) that lies within `from..to`.
fn last_relative_year(
    found: &[(usize, &'static str)],
    from: usize,
    to: usize,
) -> Option<(usize, &'static str)> {
    let ended = found.partition_point(|r| r.0 + r.1.len() <= to);
    found[..ended].last().filter(|r| r.0 >= from).copied()
}

#[allow(clippy::too_many_arguments)]
fn choose_period(
    text: &str,
    years: &[(usize, usize, (i32, i32), bool)],
    relatives: &OnceCell<Vec<(usize, &'static str)>>,
    ranges: &[Range<usize>],
    paragraphs: &[usize],
    si: usize,
    start: usize,
    clause_end: usize,
    article: Option<PartialDate>,
    kind: Kind,
    metric: Option<&str>,
) -> Option<(i32, i32)> {
    let article_year = article.and_then(|a| a.year);
    if kind == Kind::Age {
        return article_year.map(|y| (y, y));
    }
    let sentence = &ranges[si];
    // 到2030年 names the year of a target: it dates targets, not the figures around them.
    let target_metric = metric.is_some_and(|m| {
        matches!(
            m,
            "reduction-target"
                | "temperature-goal"
                | "peak-year"
                | "neutrality-year"
                | "renewables-tripling"
        )
    });
    let usable = |y: &&(usize, usize, (i32, i32), bool)| target_metric || !y.3;
    // Year claims are in text order: the ones before the figure end before `split`.
    let split = years.partition_point(|y| y.1 <= start);
    let nearest_before = |from: usize| {
        years[..split]
            .iter()
            .rev()
            .take_while(|y| y.0 >= from)
            .find(usable)
    };
    let in_sentence_before = nearest_before(sentence.start);
    let offset = |w: &str| match w {
        "去年" => -1,
        "前年" => -2,
        _ => 0,
    };
    // Read only against the article's year.
    let relative = article_year.and_then(|_| {
        last_relative_year(
            relatives.get_or_init(|| relative_years(text)),
            sentence.start,
            start,
        )
    });
    match (in_sentence_before, relative, article_year) {
        (Some(y), Some((p, w)), Some(ay)) if p > y.1 => {
            return Some((ay + offset(w), ay + offset(w)));
        }
        (Some(y), _, _) => return Some(y.2),
        (None, Some((_, w)), Some(ay)) => return Some((ay + offset(w), ay + offset(w))),
        _ => {}
    }
    if let Some(y) = years[split..]
        .iter()
        .take_while(|y| y.1 <= clause_end)
        .find(usable)
    {
        return Some(y.2);
    }
    // Annual figures carry the year of the three sentences before, in the paragraph (其中……).
    let annual = metric.is_some_and(|m| {
        m.starts_with("ghg") || m.starts_with("co2") || m.starts_with("energy-co2")
    });
    if annual {
        let window_start = ranges[si.saturating_sub(3)].start.max(paragraphs[si]);
        return nearest_before(window_start).map(|y| y.2);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::context::{is_full_stop, is_sentence_end};
    use super::*;

    /// The characters that end a clause, as tested before, character by character.
    fn is_clause_end(c: char) -> bool {
        matches!(c, '，' | ',' | '、' | '：' | ':' | '（' | '）' | '(' | ')') || is_sentence_end(c)
    }

    fn sentences(text: &str) -> Vec<Range<usize>> {
        layout(text).sentences
    }

    /// Where the paragraph of each sentence starts, as `paragraph_starts` found it before:
    /// the text before each sentence, as a string, ends with a line break or not.
    fn paragraph_starts_by_text(text: &str, ranges: &[Range<usize>]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(ranges.len());
        for (i, r) in ranges.iter().enumerate() {
            let new_paragraph = i == 0 || text[..r.start].ends_with('\n');
            out.push(if new_paragraph { r.start } else { out[i - 1] });
        }
        out
    }

    /// Clause bounds as found before: by characters, back from `from` and on from `to`.
    fn clause_bounds_by_chars(
        text: &str,
        lo: usize,
        from: usize,
        to: usize,
        hi: usize,
    ) -> (usize, usize) {
        let start = text[lo..from]
            .char_indices()
            .rev()
            .find(|(_, c)| is_clause_end(*c))
            .map_or(lo, |(j, c)| lo + j + c.len_utf8());
        let end = text[to..hi.max(to)]
            .find(is_clause_end)
            .map_or(hi.max(to), |j| to + j);
        (start, end)
    }

    /// Every clause bound `Layout::clause_bounds` finds in `text` against the reference.
    fn check_clause_bounds(text: &str) {
        let layout = layout(text);
        let by_chars: Vec<usize> = text
            .char_indices()
            .filter(|(_, c)| is_clause_end(*c))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(layout.clause_ends, by_chars, "{text:?}");
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut hint = 0;
        for (a, &lo) in bounds.iter().enumerate() {
            for (b, &from) in bounds.iter().enumerate().skip(a) {
                for &to in &bounds[b..] {
                    for &hi in &bounds[a..] {
                        let want = clause_bounds_by_chars(text, lo, from, to, hi);
                        // With no hint, and with the hints of the bounds asked for before
                        // (in text order and back).
                        for hint in [&mut 0, &mut hint] {
                            let got =
                                layout.clause_bounds(text.as_bytes(), (lo, hi), from, to, hint);
                            assert_eq!(got, want, "{text:?} {lo} {from} {to} {hi}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn clause_bounds_by_bytes_equal_clause_bounds_by_chars() {
        check_clause_bounds("中国，2022年：排放(114亿吨)、美国。Co2: 5 t;x");
        check_clause_bounds("〃＂（a）！？；\n,b");
    }

    /// Sentences as split before, character by character.
    fn sentences_by_chars(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if is_sentence_end(c) || (c == '.' && is_full_stop(text.as_bytes(), i)) {
                let end = i + c.len_utf8();
                if end > start {
                    out.push(start..end);
                }
                start = end;
            }
        }
        if start < text.len() {
            out.push(start..text.len());
        }
        out
    }

    /// The relative year as found before, one word at a time.
    fn relative_by_words(text: &str) -> Option<(usize, &'static str)> {
        ["去年", "今年", "前年"]
            .iter()
            .filter_map(|w| text.rfind(w).map(|p| (p, *w)))
            .max_by_key(|(p, _)| *p)
    }

    #[test]
    fn sentences_split_at_every_end() {
        let text = "一。二！三？4!5?6;七；8\n\n九、十，〃＂";
        let got: Vec<&str> = sentences(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            got,
            [
                "一。",
                "二！",
                "三？",
                "4!",
                "5?",
                "6;",
                "七；",
                "8\n",
                "\n",
                "九、十，〃＂"
            ]
        );
        assert_eq!(sentences(text), sentences_by_chars(text));
    }

    #[test]
    fn english_sentences_end_at_full_stops_but_not_after_abbreviations() {
        let text = "It entered into force on Nov. 4, 2016. Mr. Li met J. Smith of the U.S. \
                    Treasury at 1.5°C. Prices rose 3.5% in 2023.  Emissions fell. see www.a.org. ok";
        let got: Vec<&str> = sentences(text)
            .into_iter()
            .map(|r| text[r].trim())
            .collect();
        assert_eq!(
            got,
            [
                "It entered into force on Nov. 4, 2016.",
                "Mr. Li met J. Smith of the U.S. Treasury at 1.5°C.",
                "Prices rose 3.5% in 2023.",
                "Emissions fell. see www.a.org. ok"
            ]
        );
        assert_eq!(sentences(text), sentences_by_chars(text));
    }

    #[test]
    fn sentence_after_a_hint_equals_a_search_of_all() {
        let text = "一。二！\n\n三,四;五";
        let ranges = sentences(text);
        for hint in 0..=ranges.len() + 1 {
            for pos in 0..=text.len() + 1 {
                assert_eq!(
                    sentence_after(&ranges, hint, pos),
                    ranges.partition_point(|r| r.end <= pos),
                    "{hint} {pos}"
                );
            }
        }
        assert_eq!(sentence_after(&[], 0, 5), 0);
    }

    /// `last_relative_year` within every span of `text` against the reference.
    fn check_relative_years(text: &str) {
        let found = relative_years(text);
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for (a, &from) in bounds.iter().enumerate() {
            for &to in &bounds[a..] {
                assert_eq!(
                    last_relative_year(&found, from, to),
                    relative_by_words(&text[from..to]).map(|(p, w)| (from + p, w)),
                    "{text:?} {from} {to}"
                );
            }
        }
    }

    #[test]
    fn relative_year_is_the_last_one() {
        let text = "去年比前年多，今年年底";
        let found = relative_years(text);
        assert_eq!(
            last_relative_year(&found, 0, text.len()),
            Some((text.find("今年").unwrap(), "今年"))
        );
        assert_eq!(
            last_relative_year(&found, 0, text.find("今年").unwrap() + 3),
            Some((9, "前年"))
        );
        assert_eq!(last_relative_year(&found, 3, 9), None);
        check_relative_years(text);
        assert_eq!(relative_years("年年2020年"), []);
    }

    /// The names and triggers of sentence `range` of `text` as listed before: from the lists
    /// of `scan`, moved to the text's offsets, 全球 inside a trigger left out.
    fn sentence_by_lists<'c>(
        text: &str,
        catalog: &'c Catalog,
        range: Range<usize>,
    ) -> (Vec<Name<'c>>, Vec<Trigger<'c>>) {
        let (names, triggers) = catalog.index.scan(&text[range.clone()]);
        let metrics: Vec<Trigger<'c>> = triggers
            .into_iter()
            .map(|(m, word)| {
                (
                    range.start + m.start,
                    range.start + m.end,
                    m.id,
                    word,
                    m.class,
                )
            })
            .collect();
        let entities = names
            .into_iter()
            .map(|m| (range.start + m.start, range.start + m.end, m.id, m.class))
            .filter(|(s, e, id, _)| {
                *id != "world"
                    || !metrics
                        .iter()
                        .any(|(ms, me, _, _, _)| ms <= s && e <= me && (ms, me) != (s, e))
            })
            .collect();
        (entities, metrics)
    }

    /// Every sentence of `text`, loaded in the order `order` gives (indices modulo the
    /// number of sentences; then every one), against `sentence_by_lists`.
    fn check_loaded_sentences(text: &str, order: &[usize]) {
        let catalog = Catalog::builtin();
        let ranges = sentences(text);
        let paragraphs = paragraph_starts(text, &ranges);
        let mut found = Found::new(ranges.len());
        let n = ranges.len().max(1);
        for i in order.iter().map(|i| i % n).chain(0..ranges.len()) {
            if i >= ranges.len() {
                continue;
            }
            load_sentence(text, catalog, &ranges, &paragraphs, &mut found, i);
            let sentence = found.sentence(i).expect("loaded");
            let (entities, metrics) = sentence_by_lists(text, catalog, ranges[i].clone());
            assert_eq!(sentence.range, ranges[i]);
            assert_eq!(sentence.paragraph_start, paragraphs[i]);
            assert_eq!(sentence.entities, entities.as_slice(), "{text:?} {i}");
            assert_eq!(sentence.metrics, metrics.as_slice(), "{text:?} {i}");
        }
    }

    #[test]
    fn loaded_sentences_list_what_scan_lists() {
        check_loaded_sentences(
            "2022年中国碳排放总量达到114亿吨，占全球排放总量的约三分之一。\n\
             全球温室气体排放量下降；The United States' CO2 emissions fell. 美国和欧盟！",
            &[3, 0, 1],
        );
    }

    /// The builtin catalog's names and triggers and pieces of sentences around them.
    fn real_pieces() -> Vec<String> {
        let catalog = Catalog::builtin();
        let words = catalog.entities.values().flat_map(|e| &e.names);
        let words = words.chain(catalog.metrics.values().flat_map(|m| &m.triggers));
        words
            .cloned()
            .chain(
                [
                    "，",
                    "。",
                    "！",
                    "\n",
                    "的",
                    "和",
                    "2030年",
                    "114亿吨",
                    "x",
                    " ",
                    ". ",
                    "全球",
                ]
                .map(str::to_owned),
            )
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn loaded_sentences_of_real_words_list_what_scan_lists(
            pieces in proptest::collection::vec(proptest::sample::select(real_pieces()), 0..30),
            order in proptest::collection::vec(0..8usize, 0..6),
        ) {
            check_loaded_sentences(&pieces.concat(), &order);
        }

        #[test]
        fn sentences_by_bytes_equal_sentences_by_chars(
            text in "[aT. !?;\n。！？；、，〃＂｛ぁ＂中\u{3000}\u{ff00}]{0,30}",
        ) {
            let ranges = sentences(&text);
            proptest::prop_assert_eq!(&ranges, &sentences_by_chars(&text));
            proptest::prop_assert_eq!(
                paragraph_starts(&text, &ranges),
                paragraph_starts_by_text(&text, &ranges)
            );
        }

        #[test]
        fn layout_of_long_chinese_runs_equals_by_chars(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "中", "中中中中", "中中中中中中中中中中中", "，", "。", "、", "〃", "ぁ", "｛", "a", ". A",
                    "\n", "é", "😀",
                ]),
                0..40,
            ),
        ) {
            // Runs of four three-byte characters and more, broken by every other kind.
            let text = pieces.concat();
            let got = layout(&text);
            proptest::prop_assert_eq!(&got.sentences, &sentences_by_chars(&text));
            let by_chars: Vec<usize> = text
                .char_indices()
                .filter(|(_, c)| is_clause_end(*c))
                .map(|(i, _)| i)
                .collect();
            proptest::prop_assert_eq!(got.clause_ends, by_chars);
        }

        #[test]
        fn clause_bounds_by_bytes_equal_by_chars(
            text in "[a,:()!?;.\n，、：（）。！？；〃＂｛ぁ中\u{3000}\u{ff00}]{0,12}",
        ) {
            check_clause_bounds(&text);
        }

        #[test]
        fn relative_year_as_found_word_by_word(text in "[去今前年后xé😀]{0,20}") {
            check_relative_years(&text);
        }
    }
}
