//! Attribution: what each claim is about. From the claim's clause and sentence it takes the
//! entity (the nearest name before the figure), the metric (the nearest trigger word whose
//! unit fits the figure), the period (the nearest year or span of years, or 去年/今年 against
//! the article date) and whether the basis (CO2 or all greenhouse gases) is ambiguous.
//! Where the text does not settle a field it stays empty: a check never runs on a guess.

use super::Draft;
use super::context::is_sentence_end;
use crate::catalog::Catalog;
use crate::catalog::index::Mention;
use crate::claim::{Kind, PartialDate, Value};
use std::ops::Range;

/// Words that introduce a clause (ends a clause for attribution purposes).
fn is_clause_end(c: char) -> bool {
    matches!(c, '，' | ',' | '、' | '：' | ':' | '（' | '）' | '(' | ')') || is_sentence_end(c)
}

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

/// Names and triggers refer to the catalog's strings: no allocation per match.
struct Sentence<'c> {
    range: Range<usize>,
    entities: Vec<Name<'c>>,
    metrics: Vec<Trigger<'c>>,
    paragraph_start: usize,
}

/// How far from a figure attribution looks for names and triggers, in bytes (about a hundred
/// Chinese characters): a sentence without an end (a PDF dump) must not make it quadratic.
const WINDOW: usize = 300;

impl<'c> Sentence<'c> {
    /// Triggers that start within `WINDOW` of the figure at `start..end`.
    fn metrics_near(&self, start: usize, end: usize) -> &[Trigger<'c>] {
        let lo = self.metrics.partition_point(|m| m.0 + WINDOW < start);
        let hi = self.metrics.partition_point(|m| m.0 <= end + WINDOW);
        &self.metrics[lo..hi.max(lo)]
    }

    /// Names that start within `WINDOW` of the figure.
    fn entities_near(&self, start: usize, end: usize) -> &[Name<'c>] {
        let lo = self.entities.partition_point(|e| e.0 + WINDOW < start);
        let hi = self.entities.partition_point(|e| e.0 <= end + WINDOW);
        &self.entities[lo..hi.max(lo)]
    }
}

/// Where the paragraph of each sentence starts (sentences split at line breaks).
fn paragraph_starts(text: &str, ranges: &[Range<usize>]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::with_capacity(ranges.len());
    for (i, r) in ranges.iter().enumerate() {
        let new_paragraph = i == 0 || text[..r.start].ends_with('\n');
        out.push(if new_paragraph { r.start } else { out[i - 1] });
    }
    out
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
    cache: &mut [Option<Sentence<'c>>],
    i: usize,
) {
    if cache[i].is_some() {
        return;
    }
    let range = ranges[i].clone();
    let body = &text[range.clone()];
    let (names, triggers) = catalog.index.scan(body);
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
        .map(|m: Mention<'c>| (range.start + m.start, range.start + m.end, m.id, m.class))
        // 全球 inside a trigger (占全球排放总量) is the denominator, part of the metric.
        .filter(|(s, e, id, _)| {
            *id != "world"
                || !metrics
                    .iter()
                    .any(|(ms, me, _, _, _)| ms <= s && e <= me && (ms, me) != (s, e))
        })
        .collect();
    let paragraph_start = paragraphs[i];
    cache[i] = Some(Sentence {
        range,
        entities,
        metrics,
        paragraph_start,
    });
}

/// Words that end with a full stop without ending the sentence (Nov. 4, Mr. Li, et al.).
const ABBREVIATIONS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mr",
    "Mrs", "Ms", "Dr", "Prof", "St", "Sr", "Jr", "No", "Nos", "vs", "etc", "al", "Inc", "Co",
    "Corp", "Ltd", "Gov", "Sen", "Rep", "Gen", "Lt", "Col", "Mt", "Fig", "approx", "est", "e.g",
    "i.e", "p", "pp",
];

/// Whether the `.` at byte `i` ends an English sentence: it is followed by spaces and a
/// capital letter, and it does not end an abbreviation or an initial (J. Smith, U.S. Treasury).
/// A full stop inside a number (36.6), an address or a file name is never followed by a space.
fn is_full_stop(bytes: &[u8], i: usize) -> bool {
    let after = &bytes[i + 1..];
    let spaces = after.iter().take_while(|b| **b == b' ').count();
    if spaces == 0 || !after.get(spaces).is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    // The word before the stop, with the stops inside it (e.g, U.S).
    let word_start = bytes[..i]
        .iter()
        .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'.'))
        .map_or(0, |p| p + 1);
    let word = &bytes[word_start..i];
    // J. or U.S., but not the C of °C.
    let initial = word.last().is_some_and(u8::is_ascii_uppercase)
        && match word.len() {
            1 => word_start == 0 || bytes[word_start - 1].is_ascii(),
            n => word[n - 2] == b'.',
        };
    !initial && !ABBREVIATIONS.iter().any(|a| a.as_bytes() == word)
}

/// The length of the sentence end at byte `i` of `bytes`, or 0.
fn sentence_end_len(bytes: &[u8], i: usize) -> usize {
    match bytes[i] {
        b'\n' | b'!' | b'?' | b';' => 1,
        b'.' if is_full_stop(bytes, i) => 1,
        0xE3 if bytes[i + 1..].starts_with(&[0x80, 0x82]) => 3,
        0xEF if matches!(bytes[i + 1..], [0xBC, 0x81 | 0x9F | 0x9B, ..]) => 3,
        _ => 0,
    }
}

/// The sentences of `text`, each with the character that ends it. Sentence ends
/// (`is_sentence_end`) are \n ! ? ; and 。(E3 80 82) ！？；(EF BC 81, 9F, 9B), and an
/// English full stop (`is_full_stop`): no other character begins with these bytes and no
/// character's later bytes are among them, so the text is searched for the bytes.
fn sentences(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut ascii = memchr::memchr3_iter(b'!', b'?', b';', bytes).peekable();
    let mut other = memchr::memchr3_iter(b'\n', 0xE3, 0xEF, bytes).peekable();
    let mut stops = memchr::memchr_iter(b'.', bytes).peekable();
    let mut out = Vec::new();
    let mut start = 0;
    loop {
        // The nearest of the three searches' next finds.
        // They look for different bytes, so only the search that found `i` moves on.
        let found = [ascii.peek(), other.peek(), stops.peek()];
        let Some(i) = found.into_iter().flatten().min().copied() else {
            break;
        };
        if ascii.next_if_eq(&i).is_none() && other.next_if_eq(&i).is_none() {
            stops.next();
        }
        let len = sentence_end_len(bytes, i);
        if len == 0 {
            continue;
        }
        let end = i + len;
        if end > start {
            out.push(start..end);
        }
        start = end;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// Fills `subject` on every draft that can have one.
pub(super) fn attribute(
    text: &str,
    drafts: &mut [Draft],
    catalog: &Catalog,
    article: Option<PartialDate>,
) {
    let ranges = sentences(text);
    let paragraphs = paragraph_starts(text, &ranges);
    let mut cache: Vec<Option<Sentence>> = (0..ranges.len()).map(|_| None).collect();
    let sentence_of = |pos: usize| {
        ranges
            .partition_point(|r| r.end <= pos)
            .min(ranges.len().saturating_sub(1))
    };
    // Where the Paris Agreement is first named (该协定 later refers to it), looked up only
    // when a sentence needs it.
    let first_paris = std::cell::OnceCell::new();
    // Years and spans of years stated by year claims, for periods.
    let years: Vec<(usize, usize, (i32, i32), bool)> = drafts
        .iter()
        .filter_map(|d| {
            year_span(&d.claim).map(|p| (d.start, d.end, p, is_target_year(text, d.start)))
        })
        .collect();
    for d in drafts.iter_mut() {
        if !attributable(&d.claim) {
            continue;
        }
        let (start, end) = (d.start, d.end);
        let si = sentence_of(start);
        if ranges.is_empty() {
            return;
        }
        load_sentence(text, catalog, &ranges, &paragraphs, &mut cache, si);
        let sentence = cache[si].as_ref().expect("loaded");
        // Clause bounds, looked for within the window only.
        let window_start =
            floor_boundary(text, start.saturating_sub(WINDOW).max(sentence.range.start));
        let window_end = floor_boundary(text, (end + WINDOW).min(sentence.range.end));
        let clause_start = text[window_start..start]
            .char_indices()
            .rev()
            .find(|(_, c)| is_clause_end(*c))
            .map_or(window_start, |(j, c)| window_start + j + c.len_utf8());
        let clause_end = text[end..window_end.max(end)]
            .find(is_clause_end)
            .map_or(window_end.max(end), |j| end + j);
        let unit = claim_unit(&d.claim);
        let (metric, basis_word) =
            choose_metric(sentence, start, end, clause_end, unit, d.claim.kind);
        let Some(metric_id) = metric else {
            // Without a metric there is nothing to check the figure against: leave it open.
            continue;
        };
        let entity = choose_entity(
            text,
            catalog,
            &ranges,
            &paragraphs,
            &mut cache,
            si,
            start,
            end,
            clause_start,
            clause_end,
            Some(metric_id),
            d.claim.kind,
            &first_paris,
        );
        let period = choose_period(
            text,
            &years,
            &ranges,
            &paragraphs,
            si,
            start,
            clause_end,
            article,
            d.claim.kind,
            Some(metric_id),
        );
        let metric = match period {
            // Emissions over a span of years are cumulative.
            Some((a, b)) if a != b && metric_id == "co2" => "co2-cumulative",
            _ => metric_id,
        };
        let subject = &mut d.claim.subject;
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
    sentence: &Sentence<'c>,
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
    cache: &mut [Option<Sentence<'c>>],
    si: usize,
    start: usize,
    end: usize,
    clause_start: usize,
    clause_end: usize,
    metric: Option<&str>,
    kind: Kind,
    first_paris: &std::cell::OnceCell<Option<usize>>,
) -> Option<String> {
    let sentence = cache[si].as_ref()?;
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
        load_sentence(text, catalog, ranges, paragraphs, cache, j);
        let earlier = cache[j].as_ref()?;
        if let Some(e) = earlier.entities.iter().rfind(|e| eligible(e)) {
            return Some(e.2.to_owned());
        }
    }
    None
}

/// The last 去年, 今年 or 前年 in `text`: where it starts, and the word.
fn last_relative_year(text: &str) -> Option<(usize, &'static str)> {
    text.rmatch_indices('年').find_map(|(q, _)| {
        ["去年", "今年", "前年"]
            .into_iter()
            .find(|w| text[..q].ends_with(&w[..w.len() - '年'.len_utf8()]))
            .map(|w| (q - (w.len() - '年'.len_utf8()), w))
    })
}

#[allow(clippy::too_many_arguments)]
fn choose_period(
    text: &str,
    years: &[(usize, usize, (i32, i32), bool)],
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
    let relative =
        last_relative_year(&text[sentence.start..start]).map(|(p, w)| (sentence.start + p, w));
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
    use super::*;

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
    fn relative_year_is_the_last_one() {
        let text = "去年比前年多，今年年底";
        assert_eq!(
            last_relative_year(text),
            Some((text.find("今年").unwrap(), "今年"))
        );
        assert_eq!(last_relative_year(text), relative_by_words(text));
        assert_eq!(last_relative_year("年年2020年"), None);
    }

    proptest::proptest! {
        #[test]
        fn sentences_by_bytes_equal_sentences_by_chars(
            text in "[aT. !?;\n。！？；、，〃＂｛ぁ＂中\u{3000}\u{ff00}]{0,30}",
        ) {
            proptest::prop_assert_eq!(sentences(&text), sentences_by_chars(&text));
        }

        #[test]
        fn relative_year_as_found_word_by_word(text in "[去今前年后x]{0,20}") {
            proptest::prop_assert_eq!(last_relative_year(&text), relative_by_words(&text));
        }
    }
}
