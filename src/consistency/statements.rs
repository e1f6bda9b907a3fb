//! The statements of one document that other documents may contradict: figures whose subject
//! attribution settled completely (entity, metric, period, unit; no doubt about the gas basis),
//! and the dates and lengths of the events of `rules/events.yaml`.

use super::{Stated, Statement};
use crate::catalog::Catalog;
use crate::catalog::subjects::Event;
use crate::claim::{Claim, Kind, PartialDate, Qualifier, Value};
use crate::extract::dates_util::days_from_civil;
use crate::extract::sentence_end_len;
use crate::report::LineIndex;
use rust_decimal::Decimal;
use std::ops::Range;
use std::sync::Arc;

/// Every statement of a document, in text order of their main claim. `line_starts` are the
/// text's (`report::line_starts`).
pub fn statements(
    text: &str,
    line_starts: &[usize],
    claims: &[Claim],
    catalog: &Catalog,
) -> Vec<Statement> {
    let index = LineIndex::with_starts(text, line_starts);
    let mut subjects = Subjects::default();
    let mut out: Vec<Statement> = claims
        .iter()
        .filter_map(|c| figure(text, &index, c, catalog, &mut subjects))
        .collect();
    out.extend(events(text, &index, claims, catalog));
    out.sort_by_key(|s| s.span.start);
    out
}

/// The values a figure allows: half its last digit's place either way, about a tenth more
/// for 约/近, one side open for 超过/至少/不到/至多.
pub fn allowed(claim: &Claim) -> Option<(Option<Decimal>, Option<Decimal>)> {
    let half = crate::check::half(claim.resolution.unwrap_or_default());
    let (lo, hi) = match (claim.number(), claim.low, claim.high) {
        (Some(v), _, _) => (v, v),
        (None, Some(Value::Number(a)), Some(Value::Number(b))) => (a.min(b), a.max(b)),
        _ => return None,
    };
    // Only hedged figures need it (a division).
    let tenth = || lo.abs().max(hi.abs()) / Decimal::TEN;
    let nearly = matches!(
        claim.hedge.as_deref(),
        Some("近" | "将近" | "接近" | "nearly" | "almost" | "close to")
    );
    Some(match claim.qualifier {
        Qualifier::Exact => (Some(lo - half), Some(hi + half)),
        Qualifier::Approx if nearly => (Some(lo - half - tenth()), Some(hi + half)),
        Qualifier::Approx => {
            let tenth = tenth();
            (Some(lo - half - tenth), Some(hi + half + tenth))
        }
        Qualifier::MoreThan | Qualifier::AtLeast => (Some(lo - half), None),
        Qualifier::LessThan | Qualifier::AtMost => (None, Some(hi + half)),
    })
}

/// The subjects of one document's figures met so far: per entity, metric, period and unit,
/// the statement key and the subject for people, or `None` when the metric's figures are not
/// compared across articles. A document states few subjects, many times.
#[derive(Default)]
struct Subjects<'a> {
    seen: Vec<(Subject<'a>, Option<KeyAbout>)>,
    /// Where `subject_of` writes a text before it is shared.
    scratch: String,
}

/// What a figure is about: entity, metric, first and last year, unit.
type Subject<'a> = (&'a str, &'a str, i32, i32, &'a str);

/// A subject's statement key and its subject for people, shared by its statements.
type KeyAbout = (Arc<str>, Arc<str>);

impl<'a> Subjects<'a> {
    /// The key and subject for people of `subject` (`subject_of`), made once per document.
    fn get(&mut self, subject: Subject<'a>, catalog: &Catalog) -> Option<&KeyAbout> {
        // The years first: two numbers tell most subjects apart before a string is compared.
        let same = |s: &Subject<'_>| {
            s.2 == subject.2
                && s.3 == subject.3
                && s.1 == subject.1
                && s.0 == subject.0
                && s.4 == subject.4
        };
        let at = match self.seen.iter().position(|(s, _)| same(s)) {
            Some(at) => at,
            None => {
                let made = subject_of(subject, catalog, &mut self.scratch);
                self.seen.push((subject, made));
                self.seen.len() - 1
            }
        };
        self.seen[at].1.as_ref()
    }
}

/// The statement key of a figure's subject (`figure {entity} {metric} {from}-{to} {unit}`)
/// and the subject for people (`{entity_name}, {metric name}, {from}` or `…, {from}–{to}`),
/// built without `format!` in `scratch` (then copied once into its `Arc`, where a `String`
/// of its own would be one more allocation); `None` when the metric is not one whose figures
/// articles compare.
fn subject_of(
    (entity, metric, from, to, unit): Subject<'_>,
    catalog: &Catalog,
    scratch: &mut String,
) -> Option<KeyAbout> {
    let metric_def = catalog.metrics.get(metric)?;
    if metric_def.unit != unit || !metric_def.across_articles {
        return None;
    }
    let entity_name = catalog
        .entities
        .get(entity)
        .and_then(|e| e.names.first())
        .map_or(entity, String::as_str);
    scratch.clear();
    scratch.reserve(entity.len() + metric.len() + unit.len() + 20);
    for piece in ["figure ", entity, " ", metric, " "] {
        scratch.push_str(piece);
    }
    push_year(scratch, from);
    scratch.push('-');
    push_year(scratch, to);
    scratch.push(' ');
    scratch.push_str(unit);
    let key: Arc<str> = scratch.as_str().into();
    scratch.clear();
    scratch.reserve(entity_name.len() + metric_def.name.len() + 16);
    for piece in [entity_name, ", ", &metric_def.name, ", "] {
        scratch.push_str(piece);
    }
    push_year(scratch, from);
    if from != to {
        scratch.push('–');
        push_year(scratch, to);
    }
    Some((key, scratch.as_str().into()))
}

fn figure<'a>(
    text: &str,
    index: &LineIndex<'_>,
    claim: &'a Claim,
    catalog: &Catalog,
    subjects: &mut Subjects<'a>,
) -> Option<Statement> {
    let subject = &claim.subject;
    if subject.basis_ambiguous || matches!(claim.kind, Kind::Date | Kind::Year) {
        return None;
    }
    let (entity, metric) = (subject.entity.as_deref()?, subject.metric.as_deref()?);
    let (from, to) = subject.period?;
    let unit = claim.unit.as_deref()?;
    let (key, about) = subjects.get((entity, metric, from, to, unit), catalog)?;
    let (key, about) = (key.clone(), about.clone());
    let (low, high) = allowed(claim)?;
    let written = text.get(claim.span.clone())?;
    let (line, column) = index.line_column(claim.span.start);
    let written: Arc<str> = written.into();
    Some(Statement {
        key,
        about,
        stated: Stated::Between {
            low: low.map(|d| d.normalize()),
            high: high.map(|d| d.normalize()),
        },
        span: claim.span.clone(),
        line,
        column,
        shown: written.clone(),
        text: written,
        parts: Vec::new(),
    })
}

/// Appends `year` as `Display` writes it.
fn push_year(out: &mut String, year: i32) {
    out.push_str(itoa::Buffer::new().format(year));
}

/// Words that make a lone date the event's last or first day.
const END_WORDS: &[&str] = &["结束", "闭幕", "落幕", "ended", "concluded", "wrapped up"];
const START_WORDS: &[&str] = &[
    "开始",
    "开幕",
    "启动",
    "began",
    "opened",
    "started",
    "kicked off",
];

/// Inline tags a sentence of raw HTML runs through; any other tag ends it.
const INLINE_TAGS: &[&str] = &["a", "b", "strong", "em", "i", "span", "sup", "sub", "font"];

/// How far a sentence reaches either side of a claim, in bytes.
const REACH: usize = 400;

/// The sentence around `span`: up to a sentence end (`sentence_end_len`, as attribution
/// splits: 。！？；!?; a line break, or an English full stop), or a block tag, at most `REACH`
/// bytes either side.
pub(crate) fn sentence(text: &str, span: &Range<usize>) -> Range<usize> {
    let mut lo = span.start.saturating_sub(REACH);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let before = &text[lo..span.start];
    let mut start = lo;
    for (i, &b) in before.as_bytes().iter().enumerate().rev() {
        if may_bound(b)
            && let Some((after, _)) = sentence_bound(text, lo, before, i)
        {
            start = after;
            break;
        }
    }
    let mut hi = (span.end + REACH).min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let after = &text[span.end..hi];
    let mut end = hi;
    for (i, &b) in after.as_bytes().iter().enumerate() {
        if may_bound(b)
            && let Some((_, before)) = sentence_bound(text, span.end, after, i)
        {
            end = before;
            break;
        }
    }
    start..end
}

/// Whether a sentence end or a tag may start at byte `b` (see `sentence_bound`), looked up in
/// `MAY_BOUND`: one load and test for each of the up to 800 bytes `sentence` passes over,
/// where the eight comparisons took twice the instructions.
#[inline(always)]
fn may_bound(b: u8) -> bool {
    MAY_BOUND[usize::from(b)]
}

/// The bytes that can start a sentence end or a tag: `\n ! ? ; .`, `<`, and E3 and EF.
const fn starts_bound(b: u8) -> bool {
    matches!(b, b'\n' | b'!' | b'?' | b';' | b'.' | b'<' | 0xE3 | 0xEF)
}

/// `starts_bound` of every byte.
static MAY_BOUND: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = starts_bound(b as u8);
        b += 1;
    }
    table
};

/// Whether byte `i` of `part` (which starts at byte `at` of `text`) bounds a sentence: a
/// sentence end or a block tag (any tag but the inline ones). If so, where the sentence after
/// it starts and where the one before it ends.
///
/// `sentence` asks only at the bytes that can start either (`may_bound`: `\n ! ? ; .`, `<`,
/// and E3 and EF, the lead bytes of 。！？；). Each of them starts a character, so looking at
/// those bytes finds what looking at every character finds, without decoding the others.
fn sentence_bound(text: &str, at: usize, part: &str, i: usize) -> Option<(usize, usize)> {
    let b = part.as_bytes()[i];
    let len = sentence_end_len(text.as_bytes(), at + i);
    if len > 0 {
        return Some((at + i + len, at + i + len));
    }
    if b == b'<' && block_tag(part, i) {
        let after_tag = part[i..].find('>').map_or(i, |j| i + j + 1);
        return Some((at + after_tag, at + i));
    }
    None
}

/// Whether the tag opening at `s[i..]` ends a sentence (any tag but the inline ones).
fn block_tag(s: &str, i: usize) -> bool {
    let tag = s[i + 1..]
        .trim_start_matches('/')
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    !INLINE_TAGS.contains(&tag.as_str())
}

/// Whether `sentence` contains one of the words, ASCII ones in any case (`ascii_lower` is
/// `sentence.to_ascii_lowercase()`, made once for all the events).
fn mentions(sentence: &str, ascii_lower: &str, words: &[String]) -> bool {
    words.iter().any(|w| {
        if !w.is_ascii() {
            sentence.contains(w.as_str())
        } else if w.bytes().any(|b| b.is_ascii_uppercase()) {
            ascii_lower.contains(&w.to_ascii_lowercase())
        } else {
            ascii_lower.contains(w.as_str())
        }
    })
}

/// `sentence.to_lowercase()` as far as finding `START_WORDS` and `END_WORDS` in it goes:
/// `ascii_lower` (`sentence.to_ascii_lowercase()`, made already) unless the sentence holds
/// one of the two characters outside ASCII that lower to an ASCII letter, the Kelvin sign
/// (to `k`) and `İ` (to `i` and a combining dot). Every other character lowers to
/// characters outside ASCII (or, as the words' Chinese characters do, to itself), so an
/// ASCII word is found in one text where it is found in the other, and so is a Chinese one.
fn start_end_lower<'s>(sentence: &str, ascii_lower: &'s str) -> std::borrow::Cow<'s, str> {
    if sentence.contains(['\u{212A}', '\u{130}']) {
        sentence.to_lowercase().into()
    } else {
        ascii_lower.into()
    }
}

fn day(date: PartialDate, event: &Event) -> Option<i64> {
    let (month, dom) = (date.month?, date.day?);
    let year = match date.year {
        Some(y) => y,
        None => {
            // A date without a year: the window's, when the window is within one year.
            let (y1, _, _) = civil(event.window.0);
            let (y2, _, _) = civil(event.window.1);
            if y1 != y2 {
                return None;
            }
            y1
        }
    };
    let d = days_from_civil(year, month, dom);
    (event.window.0..=event.window.1).contains(&d).then_some(d)
}

/// Year, month and day of a day number (inverse of `days_from_civil`).
pub fn civil(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

fn iso(days: i64) -> String {
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

#[derive(Default)]
struct EventParts {
    first: Option<i64>,
    last: Option<i64>,
    days: Option<i64>,
    on: Option<i64>,
    claims: Vec<Range<usize>>,
}

fn events(
    text: &str,
    index: &LineIndex<'_>,
    claims: &[Claim],
    catalog: &Catalog,
) -> Vec<Statement> {
    if catalog.events.is_empty() {
        return Vec::new();
    }
    let mut found: std::collections::BTreeMap<&str, EventParts> = Default::default();
    // Dates and date ranges first; then lengths in a sentence that has a date of the event.
    let mut dated_sentences: Vec<(Range<usize>, &str)> = Vec::new();
    for claim in claims {
        let is_range = claim.kind == Kind::Range && claim.range_of == Some(Kind::Date);
        if claim.kind != Kind::Date && !is_range {
            continue;
        }
        // The sentence, made when a date of the claim falls in an event's window (most dates
        // fall in none): its range, text, and text in ASCII lower case.
        let mut said: Option<(Range<usize>, &str, String)> = None;
        for event in catalog.events.values() {
            let days = if is_range {
                let (Some(Value::Date(a)), Some(Value::Date(b))) = (claim.low, claim.high) else {
                    continue;
                };
                let (Some(a), Some(b)) = (day(a, event), day(b, event)) else {
                    continue;
                };
                (a, Some(b))
            } else {
                let Some(Value::Date(d)) = claim.value else {
                    continue;
                };
                let Some(d) = day(d, event) else {
                    continue;
                };
                (d, None)
            };
            let (range, body, ascii_lower) = said.get_or_insert_with(|| {
                let range = sentence(text, &claim.span);
                let body = &text[range.clone()];
                (range, body, body.to_ascii_lowercase())
            });
            let body: &str = body;
            if !mentions(body, ascii_lower, &event.places)
                || !mentions(body, ascii_lower, &event.words)
            {
                continue;
            }
            let parts = match days {
                (a, Some(b)) => (Some(a), Some(b), None),
                (d, None) => {
                    let lower = start_end_lower(body, ascii_lower);
                    let ends = END_WORDS.iter().any(|w| lower.contains(w));
                    let starts = START_WORDS.iter().any(|w| lower.contains(w));
                    match (starts, ends) {
                        (false, true) => (None, Some(d), None),
                        (true, false) => (Some(d), None, None),
                        _ => (None, None, Some(d)),
                    }
                }
            };
            let e = found.entry(&event.id).or_default();
            let (first, last, on) = parts;
            e.first = e.first.or(first);
            e.last = e.last.or(last);
            e.on = e.on.or(on);
            e.claims.push(claim.span.clone());
            dated_sentences.push((range.clone(), &event.id));
        }
    }
    // Lengths only join a sentence that has a date of an event.
    let lengths = if dated_sentences.is_empty() {
        &[][..]
    } else {
        claims
    };
    for claim in lengths {
        if claim.kind != Kind::Duration || claim.unit.as_deref() != Some("d") {
            continue;
        }
        let Some(n) = claim.number().and_then(|n| i64::try_from(n).ok()) else {
            continue;
        };
        if claim.qualifier != Qualifier::Exact && claim.qualifier != Qualifier::Approx {
            continue;
        }
        let range = sentence(text, &claim.span);
        for (dated, id) in &dated_sentences {
            if *dated == range {
                let e = found.entry(id).or_default();
                if e.days.is_none() {
                    e.days = Some(n);
                    e.claims.push(claim.span.clone());
                }
            }
        }
    }
    found
        .into_iter()
        .filter_map(|(id, mut e)| {
            let event = &catalog.events[id];
            // Fill in what the parts imply: first = last − days + 1 and so on.
            if let (Some(f), Some(l)) = (e.first, e.last) {
                e.days = e.days.or(Some(l - f + 1));
            }
            if let (None, Some(l), Some(n)) = (e.first, e.last, e.days) {
                e.first = Some(l - n + 1);
            }
            if let (Some(f), None, Some(n)) = (e.first, e.last, e.days) {
                e.last = Some(f + n - 1);
            }
            if e.first.is_some() || e.last.is_some() {
                e.on = None;
            }
            e.claims.sort_by_key(|r| r.start);
            e.claims.dedup();
            let main = e.claims.first()?.clone();
            let shown = match (e.first, e.last, e.days, e.on) {
                (Some(f), Some(l), Some(n), _) => format!("{} to {} ({n} days)", iso(f), iso(l)),
                (_, _, _, Some(d)) => format!("under way on {}", iso(d)),
                (Some(f), _, _, _) => format!("from {}", iso(f)),
                (_, Some(l), _, _) => format!("ending {}", iso(l)),
                _ => return None,
            };
            let (line, column) = index.line_column(main.start);
            Some(Statement {
                key: format!("event {id}").into(),
                about: event.name.as_str().into(),
                stated: Stated::Event {
                    first: e.first,
                    last: e.last,
                    days: e.days,
                    on: e.on,
                },
                text: text[main.clone()].into(),
                span: main,
                line,
                column,
                shown: shown.into(),
                parts: e.claims[1..].to_vec(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_inverts_days_from_civil() {
        for d in [-1000, 0, 19_669, 19_670, 30_000] {
            let (y, m, dd) = civil(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(iso(days_from_civil(2023, 11, 8)), "2023-11-08");
    }

    #[test]
    fn years_print_as_display_does() {
        for y in [0, 7, 10, 999, 2022, -44, i32::MAX, i32::MIN] {
            let mut s = String::from("x");
            push_year(&mut s, y);
            assert_eq!(s, format!("x{y}"));
        }
    }

    proptest::proptest! {
        #[test]
        fn start_and_end_words_are_found_as_in_the_sentence_lowered(
            sentence in "([a-zA-Z ]|KICKED|Ended|STARTED|开幕|结束|启动|\u{212A}|\u{130}|Σ|É|Ａ|\u{1E9E}|ß|中)*",
        ) {
            let lower = sentence.to_lowercase();
            let fast = start_end_lower(&sentence, &sentence.to_ascii_lowercase()).into_owned();
            for w in END_WORDS.iter().chain(START_WORDS) {
                proptest::prop_assert_eq!(lower.contains(w), fast.contains(w), "{}", w);
            }
        }
    }

    #[test]
    fn the_bound_table_holds_the_bytes_that_start_a_bound() {
        for b in 0..=255u8 {
            assert_eq!(may_bound(b), starts_bound(b), "{b:#x}");
        }
        assert_eq!(MAY_BOUND.iter().filter(|&&x| x).count(), 8);
    }

    #[test]
    fn start_and_end_words_under_the_kelvin_sign() {
        let sentence = "COP28 \u{212A}ICKED OFF in Dubai";
        let lower = start_end_lower(sentence, &sentence.to_ascii_lowercase()).into_owned();
        assert!(lower.contains("kicked off"));
    }

    #[test]
    fn mentions_agree_with_lowering_the_sentence_for_each_word() {
        // What `mentions` did before it lowered the sentence once.
        let lowering_each = |sentence: &str, words: &[String]| {
            words.iter().any(|w| {
                if w.is_ascii() {
                    sentence
                        .to_ascii_lowercase()
                        .contains(&w.to_ascii_lowercase())
                } else {
                    sentence.contains(w.as_str())
                }
            })
        };
        let sentences = [
            "COP28 在迪拜 Dubai 开幕",
            "the UAE summit in dubai",
            "迪拜气候大会",
            "",
        ];
        let words = [
            vec!["Dubai".to_string()],
            vec!["DUBAI".into(), "迪拜".into()],
            vec!["cop28".into()],
            vec!["Ubai".into(), "UAE".into()],
            vec!["巴黎".into(), "paris".into()],
            vec![],
        ];
        let mut hits = 0;
        for sentence in sentences {
            for w in &words {
                let got = mentions(sentence, &sentence.to_ascii_lowercase(), w);
                assert_eq!(got, lowering_each(sentence, w), "{sentence} {w:?}");
                hits += usize::from(got);
            }
        }
        assert!(hits > 3);
    }

    #[test]
    fn figure_keys_and_subjects_read_as_before() {
        let catalog = Catalog::builtin();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/figure-disagrees-across-articles");
        let mut seen = 0;
        for entry in std::fs::read_dir(root).unwrap() {
            let doc = crate::source::read_file(&entry.unwrap().path()).unwrap();
            let claims = crate::extract_document(&doc, None, catalog).claims;
            let index = LineIndex::new(&doc.text);
            // The document's subjects made once (as `statements` does) or for each claim.
            let mut subjects = Subjects::default();
            for claim in &claims {
                let fresh = figure(&doc.text, &index, claim, catalog, &mut Subjects::default());
                let Some(st) = figure(&doc.text, &index, claim, catalog, &mut subjects) else {
                    assert!(fresh.is_none());
                    continue;
                };
                assert_eq!(fresh.as_ref(), Some(&st));
                let s = &claim.subject;
                let (entity, metric) = (s.entity.as_deref().unwrap(), s.metric.as_deref().unwrap());
                let (from, to) = s.period.unwrap();
                let unit = claim.unit.as_deref().unwrap();
                assert_eq!(
                    *st.key,
                    format!("figure {entity} {metric} {from}-{to} {unit}")
                );
                let name = catalog.entities[entity].names.first().unwrap();
                let period = if from == to {
                    from.to_string()
                } else {
                    format!("{from}–{to}")
                };
                let metric_name = &catalog.metrics[metric].name;
                assert_eq!(*st.about, format!("{name}, {metric_name}, {period}"));
                seen += 1;
            }
        }
        assert!(seen > 3, "{seen} figures");
    }

    #[test]
    fn allowed_values_are_those_of_dividing_by_two_and_ten() {
        // What `allowed` did before it halved without dividing and divided by ten only for
        // hedged figures.
        let divided = |claim: &Claim| {
            let half = claim.resolution.unwrap_or_default() / Decimal::TWO;
            let (lo, hi) = match (claim.number(), claim.low, claim.high) {
                (Some(v), _, _) => (v, v),
                (None, Some(Value::Number(a)), Some(Value::Number(b))) => (a.min(b), a.max(b)),
                _ => return None,
            };
            let tenth = lo.abs().max(hi.abs()) / Decimal::TEN;
            let nearly = claim.hedge.as_deref() == Some("近");
            Some(match claim.qualifier {
                Qualifier::Exact => (Some(lo - half), Some(hi + half)),
                Qualifier::Approx if nearly => (Some(lo - half - tenth), Some(hi + half)),
                Qualifier::Approx => (Some(lo - half - tenth), Some(hi + half + tenth)),
                Qualifier::MoreThan | Qualifier::AtLeast => (Some(lo - half), None),
                Qualifier::LessThan | Qualifier::AtMost => (None, Some(hi + half)),
            })
        };
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let mut compared = 0;
        for value in ["139", "13900000000", "1.5", "-2.25", "0", "0.001"] {
            for resolution in [
                None,
                Some("1"),
                Some("100000000"),
                Some("0.1"),
                Some("0.01"),
            ] {
                for qualifier in [
                    Qualifier::Exact,
                    Qualifier::Approx,
                    Qualifier::MoreThan,
                    Qualifier::AtMost,
                ] {
                    for hedge in [None, Some("近")] {
                        let mut claim =
                            Claim::new(0..1, Kind::Quantity, Some(Value::Number(d(value))), None);
                        claim.resolution = resolution.map(d);
                        claim.qualifier = qualifier;
                        claim.hedge = hedge.map(Into::into);
                        let (got, want) = (allowed(&claim), divided(&claim));
                        let bits = |v: Option<(Option<Decimal>, Option<Decimal>)>| {
                            v.map(|(a, b)| (a.map(|x| x.serialize()), b.map(|x| x.serialize())))
                        };
                        assert_eq!(
                            bits(got),
                            bits(want),
                            "{value} {resolution:?} {qualifier:?}"
                        );
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 200);
    }

    #[test]
    fn event_dates_need_the_window_the_place_and_the_word() {
        let catalog = Catalog::builtin();
        let events_of = |text: &str| {
            let doc =
                crate::source::document_from_bytes("t.txt".into(), text.as_bytes(), None).unwrap();
            let claims = crate::extract_document(&doc, None, catalog).claims;
            let index = LineIndex::new(&doc.text);
            events(&doc.text, &index, &claims, catalog)
                .into_iter()
                .map(|s| (s.key.to_string(), s.shown.to_string()))
                .collect::<Vec<_>>()
        };
        let kerry = "event kerry-xie-talks-2023-11".to_string();
        // In the window, with a place and a word; the length in the same sentence counts.
        assert_eq!(
            events_of(
                "2023年11月7日，克里和解振华在美国加利福尼亚州结束了为期四天的气候变化会谈。"
            ),
            [(
                kerry.clone(),
                "2023-11-04 to 2023-11-07 (4 days)".to_string()
            )]
        );
        // The same sentence a year later is outside every window; without the place or the
        // word it is not about the event; a length alone says nothing.
        for text in [
            "2024年11月7日，克里和解振华在美国加利福尼亚州结束了为期四天的气候变化会谈。",
            "2023年11月7日，克里和解振华在北京结束了为期四天的气候变化会谈。",
            "2023年11月7日，克里和解振华在美国加利福尼亚州结束了为期四天的访问。",
            "克里和解振华在美国加利福尼亚州结束了为期四天的气候变化会谈。",
        ] {
            assert_eq!(events_of(text), [], "{text}");
        }
        // A date range; ASCII words in any case.
        assert_eq!(
            events_of("2023年11月4日至7日，克里和解振华在加州举行会谈。"),
            [(
                kerry.clone(),
                "2023-11-04 to 2023-11-07 (4 days)".to_string()
            )]
        );
        assert_eq!(
            events_of("On November 7, 2023, Kerry and Xie held TALKS at SUNNYLANDS."),
            [(kerry, "under way on 2023-11-07".to_string())]
        );
    }

    /// `sentence` as it was written, a character at a time: the general path.
    fn sentence_by_chars(text: &str, span: &Range<usize>) -> Range<usize> {
        let bytes = text.as_bytes();
        let mut lo = span.start.saturating_sub(REACH);
        while !text.is_char_boundary(lo) {
            lo += 1;
        }
        let mut start = lo;
        let before = &text[lo..span.start];
        for (i, c) in before.char_indices().rev() {
            let end = sentence_end_len(bytes, lo + i);
            if end > 0 {
                start = lo + i + end;
                break;
            }
            if c == '<' && block_tag(before, i) {
                start = lo + before[i..].find('>').map_or(i, |j| i + j + 1);
                break;
            }
        }
        let mut hi = (span.end + REACH).min(text.len());
        while !text.is_char_boundary(hi) {
            hi -= 1;
        }
        let mut end = hi;
        let after = &text[span.end..hi];
        for (i, c) in after.char_indices() {
            let len = sentence_end_len(bytes, span.end + i);
            if len > 0 {
                end = span.end + i + len;
                break;
            }
            if c == '<' && block_tag(after, i) {
                end = span.end + i;
                break;
            }
        }
        start..end
    }

    #[test]
    fn sentences_are_those_found_a_character_at_a_time() {
        // Sentence ends, characters that share their bytes (、 E3 80 81, ｂ EF BD 82, ＂ EF BC
        // 82, 】 E3 80 91), tags inline and not, English stops and abbreviations.
        let pieces = [
            "。",
            "！",
            "？",
            "；",
            "!",
            "?",
            ";",
            ".",
            "\n",
            "、",
            "ｂ",
            "＂",
            "】",
            "中",
            "a",
            " ",
            "U.S. ",
            "Mr. Li",
            ". The",
            "<p>",
            "</p>",
            "<b>",
            "</b>",
            "<br/>",
            "<span",
            "<",
            ">",
            "<1",
            "x".repeat(150).leak(),
            "年".repeat(60).leak(),
        ];
        let mut rng = crate::test_rng::Rng(0x2545_f491_4f6c_dd1d);
        let mut next = |n: usize| rng.index(n);
        let (mut cut, mut whole) = (0, 0);
        for _ in 0..3000 {
            let text: String = (0..next(40)).map(|_| pieces[next(pieces.len())]).collect();
            let starts: Vec<usize> = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .collect();
            for _ in 0..8 {
                let a = starts[next(starts.len())];
                let b = starts[next(starts.len())];
                let span = a.min(b)..a.max(b);
                let got = sentence(&text, &span);
                assert_eq!(got, sentence_by_chars(&text, &span), "{text:?} {span:?}");
                if got.start > span.start.saturating_sub(REACH) && got.end < text.len() {
                    cut += 1;
                } else {
                    whole += 1;
                }
            }
        }
        assert!(cut > 1000 && whole > 1000, "{cut} {whole}");
    }

    #[test]
    fn sentences_stop_at_block_tags_not_inline_ones() {
        let text = "<p>前文。</p><p>星期三（<b>11月8日</b>），会谈结束</p><p>后文";
        let at = text.find("11月8日").unwrap();
        let s = sentence(text, &(at..at + "11月8日".len()));
        assert_eq!(&text[s], "星期三（<b>11月8日</b>），会谈结束");
    }

    #[test]
    fn english_sentences_end_at_full_stops_not_abbreviations() {
        let text = "Talks began in Paris. On Nov. 7, 2023, Kerry and Xie met U.S. officials at \
                    Sunnylands for 4 days. Emissions fell 2.5%.";
        let at = text.find("2023").unwrap();
        let s = sentence(text, &(at..at + 4));
        assert_eq!(
            &text[s],
            " On Nov. 7, 2023, Kerry and Xie met U.S. officials at Sunnylands for 4 days."
        );
        // The mention of Paris in the sentence before no longer joins the date.
        let at = text.find("2.5%").unwrap();
        assert_eq!(
            &text[sentence(text, &(at..at + 4))],
            " Emissions fell 2.5%."
        );
    }
}
