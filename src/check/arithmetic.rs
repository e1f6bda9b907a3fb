//! The `arithmetic` kind: figures of one article that cannot all hold. A rule picks the test
//! with `params: {check: …}`:
//! - `part-whole`: a part (energy CO2, CO2) above its whole (CO2, all GHG) for the same
//!   entity and period (metrics.yaml `part_of`);
//! - `share-per-capita`: a share of global emissions and a per-capita ratio to the world that
//!   imply different world totals (with the population facts);
//! - `per-capita`: a total and a per-capita figure that disagree with the population;
//! - `share-of-whole`: a share stated with its part and its whole (116亿吨，占139亿吨的90%);
//! - `growth-rate`: a change stated with its two endpoints (从100亿吨增长到110亿吨，增长了20%);
//! - `parts-sum`: parts listed after 其中 that add up to more than the total before it.
//!
//! Every test allows for the precision the figures are written with.

use super::{Context, half, param, push_decimal, text_of};
use crate::catalog::checks::Rule;
use crate::catalog::facts::{FactValue, Period};
use crate::claim::{Claim, Kind, Qualifier};
use crate::finding::{Finding, Reference, Related, Verdict};
use crate::report::format_value;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use std::str::FromStr;

/// A place in the finding's own document: another figure the check used.
fn here(claim: &Claim, message: &str) -> Related {
    Related {
        file: None,
        position: None,
        span: claim.span.clone(),
        message: message.into(),
    }
}

/// The interval a written figure stands for (27 → 26.5..27.5).
fn interval(c: &Claim) -> Option<(Decimal, Decimal)> {
    let v = c.number()?;
    let half = half(c.resolution.unwrap_or_default());
    Some((v - half, v + half))
}

/// Same entity and period, both known (the period, two numbers, compared first).
fn same_subject(a: &Claim, b: &Claim) -> bool {
    a.subject.period.is_some()
        && a.subject.period == b.subject.period
        && a.subject.entity.is_some()
        && a.subject.entity == b.subject.entity
}

/// Whether a part (of value `pv`) is above its whole (`wv`) at the precision both are written
/// with: the part's lower end above the whole's upper end.
fn exceeds(part: &Claim, pv: Decimal, whole: &Claim, wv: Decimal) -> bool {
    // A part no larger than its whole is within it at any precision (p_lo ≤ pv ≤ wv ≤ w_hi
    // when resolutions are positive): most pairs, decided without the intervals.
    let positive = |c: &Claim| !c.resolution.is_some_and(|r| r.is_sign_negative());
    if pv <= wv && positive(part) && positive(whole) {
        return false;
    }
    let (p_lo, _) = interval(part).unwrap_or((pv, pv));
    let (_, w_hi) = interval(whole).unwrap_or((wv, wv));
    p_lo > w_hi
}

/// `pieces` joined, in one allocation (for finding messages: `format!` costs more).
fn concat(pieces: &[&str]) -> String {
    let mut text = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for piece in pieces {
        text.push_str(piece);
    }
    text
}

/// A number as `{}` writes it.
fn decimal_text(d: Decimal) -> String {
    let mut text = String::with_capacity(16);
    push_decimal(&mut text, d);
    text
}

/// The population of an entity in a year, from the facts.
fn population<'a>(
    ctx: &Context<'a>,
    entity: &str,
    year: i32,
) -> Option<(Decimal, &'a crate::catalog::facts::Fact)> {
    ctx.catalog
        .facts_for(entity, "population")
        .find_map(|f| match (f.period, f.value) {
            (Some(Period::Year(y)), FactValue::Number(n)) if y == year => Some((n, f)),
            _ => None,
        })
}

fn reference(f: &crate::catalog::facts::Fact, value: Decimal) -> Reference {
    f.reference(decimal_text(value.normalize()))
}

/// Whether `m` is one of `set` (`contains`, kept inline in the loops over claim pairs).
#[inline(always)]
fn one_of(m: &str, set: &[&str]) -> bool {
    for s in set {
        if *s == m {
            return true;
        }
    }
    false
}

/// The positions of the claims whose metric is one of `metrics` (see `Context::select`).
fn of_metrics<'m>(ctx: &Context<'_>, metrics: impl IntoIterator<Item = &'m str>) -> Vec<usize> {
    let mut distinct: Vec<&str> = Vec::new();
    for m in metrics {
        if !distinct.contains(&m) {
            distinct.push(m);
        }
    }
    ctx.select(|c| {
        c.subject
            .metric
            .as_deref()
            .is_some_and(|m| one_of(m, &distinct))
    })
}

/// The positions of the claims whose metric ends with `suffix` (see `Context::select`).
#[inline(always)]
fn with_suffix(ctx: &Context<'_>, suffix: &str) -> Vec<usize> {
    ctx.select(|c| {
        c.subject
            .metric
            .as_deref()
            .is_some_and(|m| m.ends_with(suffix))
    })
}

/// The `arithmetic` kind.
pub fn check(rule: &Rule, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    match param(rule, "check") {
        Some("part-whole") => part_whole(rule, ctx, out),
        Some("share-per-capita") => share_per_capita(rule, ctx, out),
        Some("per-capita") => per_capita(rule, ctx, out),
        Some("share-of-whole") => share_of_whole(rule, ctx, out),
        Some("growth-rate") => growth_rate(rule, ctx, out),
        Some("parts-sum") => parts_sum(rule, ctx, out),
        _ => {}
    }
}

fn part_whole(rule: &Rule, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    // The catalog's metrics that are part of another, with their wholes (made once with the
    // catalog, not for every document); a metric not among them has no whole.
    let chains = ctx.catalog.part_wholes();
    if chains.is_empty() {
        return;
    }
    // The figures of a metric that is some part's whole: the only ones that pass the tests
    // below, so a part walks these instead of every claim near it.
    let whole_figures = of_metrics(
        ctx,
        chains
            .iter()
            .flat_map(|(_, wholes)| wholes.iter().map(String::as_str)),
    );
    for part in ctx.claims {
        let (Some(pm), Some(pv)) = (part.subject.metric.as_deref(), part.number()) else {
            continue;
        };
        let Some((_, wholes)) = chains.iter().find(|(id, _)| id == pm) else {
            continue;
        };
        for (_, whole) in ctx.near_among(part, &whole_figures) {
            let (Some(wm), Some(wv)) = (whole.subject.metric.as_deref(), whole.number()) else {
                continue;
            };
            if !same_subject(part, whole)
                || !wholes.iter().any(|w| w == wm)
                || part.unit != whole.unit
            {
                continue;
            }
            if exceeds(part, pv, whole, wv) {
                let unit = part.unit.as_deref().unwrap_or("");
                let message = concat(&[
                    text_of(ctx, part),
                    " (",
                    pm,
                    ", ",
                    &format_value(pv, unit),
                    ") is more than ",
                    text_of(ctx, whole),
                    " (",
                    wm,
                    ", ",
                    &format_value(wv, unit),
                    ") for the same subject: a part cannot exceed its whole",
                ]);
                out.push(super::finding_of(
                    rule,
                    part,
                    Verdict::Inconsistent,
                    message,
                    vec![here(whole, "the whole")],
                    None,
                ));
            }
        }
    }
}

fn share_per_capita(rule: &Rule, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let tolerance = tolerance(rule);
    let (up, down) = (Decimal::ONE + tolerance, Decimal::ONE - tolerance);
    let hundred = Decimal::ONE_HUNDRED;
    let ratios = with_suffix(ctx, "-per-capita-ratio");
    if ratios.is_empty() {
        return;
    }
    for share in ctx.claims.iter().filter(|c| {
        c.subject
            .metric
            .as_deref()
            .is_some_and(|m| m.ends_with("-share"))
    }) {
        let share_base = share
            .subject
            .metric
            .as_deref()
            .and_then(|m| m.strip_suffix("-share"));
        // What the share implies, worked out when it first meets a ratio: `None` when the
        // populations or the share's value are missing.
        let mut implied = None;
        for (_, ratio) in ctx.near_among(share, &ratios) {
            // Only a share and a ratio of the same emissions (ghg-share, ghg-per-capita-ratio).
            let ratio_base = ratio
                .subject
                .metric
                .as_deref()
                .and_then(|m| m.strip_suffix("-per-capita-ratio"));
            if !same_subject(share, ratio) || share_base != ratio_base {
                continue;
            }
            let Some((year, pop, pop_fact, world, world_fact, pop_share, i_lo, i_hi)) = *implied
                .get_or_insert_with(|| {
                    let (Some(entity), Some((year, _))) =
                        (share.subject.entity.as_deref(), share.subject.period)
                    else {
                        return None;
                    };
                    let (Some((pop, pop_fact)), Some((world, world_fact))) = (
                        population(ctx, entity, year),
                        population(ctx, "world", year),
                    ) else {
                        return None;
                    };
                    let (s_lo, s_hi) = interval(share)?;
                    let pop_share = pop / world;
                    let (i_lo, i_hi) = (s_lo / hundred / pop_share, s_hi / hundred / pop_share);
                    Some((
                        year, pop, pop_fact, world, world_fact, pop_share, i_lo, i_hi,
                    ))
                })
            else {
                continue;
            };
            let Some((r_lo, r_hi)) = interval(ratio) else {
                continue;
            };
            if i_lo > r_hi * up || i_hi < r_lo * down {
                let implied = share.number().unwrap_or_default() / hundred / pop_share;
                let share_text = text_of(ctx, share);
                let message = concat(&[
                    text_of(ctx, ratio),
                    " does not fit ",
                    share_text,
                    ": with ",
                    &format_value((pop_share * hundred).round_dp(1), "%"),
                    " of the world's population (",
                    &format_value(pop, "count"),
                    " of ",
                    &format_value(world, "count"),
                    ", ",
                    itoa::Buffer::new().format(year),
                    "), a ",
                    share_text,
                    " share of emissions means per-capita emissions ",
                    &decimal_text(implied.round_dp(2).normalize()),
                    "× the world average",
                ]);
                out.push(super::finding_of(
                    rule,
                    ratio,
                    Verdict::Inconsistent,
                    message,
                    vec![here(share, "the share it must fit")],
                    (world_fact.id != pop_fact.id).then(|| reference(pop_fact, pop)),
                ));
            }
        }
    }
}

fn per_capita(rule: &Rule, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let tolerance = tolerance(rule);
    let (up, down) = (Decimal::ONE + tolerance, Decimal::ONE - tolerance);
    let pers = with_suffix(ctx, "-per-capita");
    if pers.is_empty() {
        return;
    }
    // The totals of the document's per-capita figures' metrics: the claims of other metrics
    // are never a total below.
    let totals = of_metrics(
        ctx,
        pers.iter()
            .map(|&i| whole_metric(ctx.claims[i].subject.metric.as_deref().unwrap_or(""))),
    );
    // Per total (by position), what a per-capita figure of its subject compares it with:
    // both ends of its interval divided by the population, and the end of the message. Its
    // population and year are those of its subject (a per-capita figure meets only totals of
    // its own entity and period), so they are worked out once per total, not once per pair.
    let mut per_total: FxHashMap<usize, Option<PerTotal>> = FxHashMap::default();
    for &p in &pers {
        let per = &ctx.claims[p];
        let whole_metric = whole_metric(per.subject.metric.as_deref().unwrap_or(""));
        // The population and the per-capita figure's bounds, worked out when it first meets a
        // total: `None` when the population or the figure's value is missing.
        let mut bounds = None;
        for (t, total) in ctx.near_among(per, &totals) {
            if total.subject.metric.as_deref() != Some(whole_metric) || !same_subject(per, total) {
                continue;
            }
            let Some((year, pop, pop_fact, lowest, highest)) = *bounds.get_or_insert_with(|| {
                let (Some(entity), Some((year, _))) =
                    (per.subject.entity.as_deref(), per.subject.period)
                else {
                    return None;
                };
                let (pop, pop_fact) = population(ctx, entity, year)?;
                let (p_lo, p_hi) = interval(per)?;
                Some((year, pop, pop_fact, p_lo * down, p_hi * up))
            }) else {
                continue;
            };
            let Some(memo) = per_total
                .entry(t)
                .or_insert_with(|| {
                    let (t_lo, t_hi) = interval(total)?;
                    Some(PerTotal {
                        lo: t_lo / pop,
                        t_hi,
                        hi: None,
                        tail: None,
                    })
                })
                .as_mut()
            else {
                continue;
            };
            // The second division only when the first end does not already tell.
            if memo.lo > highest || *memo.hi.get_or_insert_with(|| memo.t_hi / pop) < lowest {
                let tail = memo.tail.get_or_insert_with(|| {
                    let implied = total.number().unwrap_or_default() / pop;
                    concat(&[
                        ": divided by a population of ",
                        &format_value(pop, "count"),
                        " (",
                        itoa::Buffer::new().format(year),
                        ") that is ",
                        &format_value(implied.round_dp(2), "t"),
                        " per person",
                    ])
                });
                let message = concat(&[
                    text_of(ctx, per),
                    " per person does not fit ",
                    text_of(ctx, total),
                    tail,
                ]);
                out.push(super::finding_of(
                    rule,
                    per,
                    Verdict::Inconsistent,
                    message,
                    vec![here(total, "the total")],
                    Some(reference(pop_fact, pop)),
                ));
            }
        }
    }
}

/// The metric of the totals that figures of a per-capita metric are compared with.
fn whole_metric(per: &str) -> &str {
    let base = per.trim_end_matches("-per-capita");
    if base == "ghg" { "ghg-total" } else { base }
}

/// What `per_capita` works out once for a total: its interval's ends divided by the
/// population of its subject (the upper one when needed), and the end of the message of a
/// finding on it.
struct PerTotal {
    lo: Decimal,
    t_hi: Decimal,
    hi: Option<Decimal>,
    tail: Option<String>,
}

fn share_of_whole(rule: &Rule, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for share in ctx.claims.iter().filter(|c| c.kind == Kind::Percent) {
        // 116亿吨，占全球139亿吨的90%: the part before 占, the whole between 占 and the share.
        let before = sentence_before(ctx, share);
        let Some(zhan) = before.rfind('占') else {
            continue;
        };
        let zhan_at = share.span.start - (before.len() - zhan);
        // Only the claims that start within the stretch can lie within it.
        let whole = ctx
            .near_starting(share, zhan_at + 1, share.span.start)
            .iter()
            .rfind(|c| {
                c.span.start > zhan_at && c.span.end <= share.span.start && c.unit.is_some()
            });
        let sentence_start = share.span.start - before.len();
        let part = ctx
            .near_starting(share, sentence_start, zhan_at)
            .iter()
            .rfind(|c| c.span.start >= sentence_start && c.span.end <= zhan_at && c.unit.is_some());
        let (Some(whole), Some(part)) = (whole, part) else {
            continue;
        };
        if whole.unit != part.unit
            || whole.kind != part.kind
            || !matches!(part.kind, Kind::Quantity | Kind::Money | Kind::Count)
        {
            continue;
        }
        let (Some((p_lo, p_hi)), Some((w_lo, w_hi)), Some((s_lo, s_hi))) =
            (interval(part), interval(whole), interval(share))
        else {
            continue;
        };
        if w_lo <= Decimal::ZERO {
            continue;
        }
        let hundred = Decimal::ONE_HUNDRED;
        let (i_lo, i_hi) = (p_lo / w_hi * hundred, p_hi / w_lo * hundred);
        let slack = abs_tolerance(rule, share);
        if i_lo > s_hi + slack || i_hi < s_lo - slack {
            let implied = part.number().unwrap_or_default()
                / whole.number().unwrap_or(Decimal::ONE)
                * hundred;
            out.push(super::finding_of(
                rule,
                share,
                Verdict::Inconsistent,
                format!(
                    "{} does not fit {} of {}: that is {}",
                    text_of(ctx, share),
                    text_of(ctx, part),
                    text_of(ctx, whole),
                    format_value(implied.round_dp(1), "%")
                ),
                vec![here(part, "the part"), here(whole, "the whole")],
                None,
            ));
        }
    }
}

fn growth_rate(rule: &Rule, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    const UP: &[&str] = &["增长", "增加", "上升", "增幅", "提高", "上涨"];
    const DOWN: &[&str] = &["下降", "减少", "降低", "降幅", "下跌", "减排"];
    for rate in ctx.claims.iter().filter(|c| c.kind == Kind::Percent) {
        // 从100亿吨增长到110亿吨，增长了20%: two endpoints of one unit before the rate.
        let sentence_start = rate.span.start - sentence_before(ctx, rate).len();
        // The last two figures before the rate in its sentence.
        let (mut from, mut to) = (None, None);
        let stretch = ctx.near_starting(rate, sentence_start, rate.span.start);
        for c in stretch.iter().filter(|c| {
            c.span.start >= sentence_start
                && c.span.end <= rate.span.start
                && matches!(c.kind, Kind::Quantity | Kind::Money | Kind::Count)
        }) {
            (from, to) = (to, Some(c));
        }
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        let between_ends = ctx.text.get(from.span.end..to.span.start).unwrap_or("");
        let before_rate = ctx.text.get(to.span.end..rate.span.start).unwrap_or("");
        // Two one-character words: a character search, without a substring searcher to set
        // up for each rate.
        if from.unit != to.unit || !between_ends.contains(['到', '至']) {
            continue;
        }
        let down = DOWN.iter().any(|w| before_rate.contains(w));
        if !down && !UP.iter().any(|w| before_rate.contains(w)) {
            continue;
        }
        let (Some((a_lo, a_hi)), Some((b_lo, b_hi)), Some((r_lo, r_hi))) =
            (interval(from), interval(to), interval(rate))
        else {
            continue;
        };
        if a_lo <= Decimal::ZERO {
            continue;
        }
        let hundred = Decimal::ONE_HUNDRED;
        let sign = if down { -Decimal::ONE } else { Decimal::ONE };
        let (c1, c2) = (
            (b_lo - a_hi) / a_hi * hundred * sign,
            (b_hi - a_lo) / a_lo * hundred * sign,
        );
        let (i_lo, i_hi) = (c1.min(c2), c1.max(c2));
        let slack = abs_tolerance(rule, rate);
        if i_lo > r_hi + slack || i_hi < r_lo - slack {
            let implied = (to.number().unwrap_or_default() - from.number().unwrap_or_default())
                / from.number().unwrap_or(Decimal::ONE)
                * hundred
                * sign;
            out.push(super::finding_of(
                rule,
                rate,
                Verdict::Inconsistent,
                format!(
                    "{} does not fit {} to {}: that is a {} of {}",
                    text_of(ctx, rate),
                    text_of(ctx, from),
                    text_of(ctx, to),
                    if down { "fall" } else { "rise" },
                    format_value(implied.round_dp(1), "%")
                ),
                vec![here(from, "from"), here(to, "to")],
                None,
            ));
        }
    }
}

/// What starts the parts of a total (`parts_sum`).
static QIZHONG: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new("其中"));

fn parts_sum(rule: &Rule, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for total in ctx.claims.iter().filter(|c| c.kind == Kind::Count) {
        // 37个州，其中29个州……8个州……: the parts after 其中 cannot exceed the total.
        let rest = ctx.text.get(total.span.end..).unwrap_or("");
        let sentence_end = sentence_end(rest);
        // `str::find`, by a searcher made once rather than for every count.
        let Some(qizhong) = QIZHONG.find(&rest.as_bytes()[..sentence_end]) else {
            continue;
        };
        let from = total.span.end + qizhong;
        let to = total.span.end + sentence_end;
        let parts: Vec<&Claim> = ctx
            .near(total)
            .iter()
            .filter(|c| c.kind == Kind::Count && c.span.start > from && c.span.end <= to)
            .collect();
        if parts.len() < 2 {
            continue;
        }
        let sum: Decimal = parts.iter().filter_map(|c| c.number()).sum();
        let Some(t) = total.number() else { continue };
        if sum > t
            && parts.iter().all(|c| c.qualifier == Qualifier::Exact)
            && total.qualifier == Qualifier::Exact
        {
            out.push(super::finding_of(
                rule,
                total,
                Verdict::Inconsistent,
                format!(
                    "the parts listed after 其中 ({}) add up to {}, more than the total {}",
                    parts
                        .iter()
                        .map(|c| text_of(ctx, c))
                        .collect::<Vec<_>>()
                        .join(" + "),
                    sum.normalize(),
                    text_of(ctx, total)
                ),
                parts.iter().map(|c| here(c, "a part")).collect(),
                None,
            ));
        }
    }
}

/// The rule's relative tolerance (`params: {tolerance: …}`), 2 % when absent.
fn tolerance(rule: &Rule) -> Decimal {
    param(rule, "tolerance")
        .and_then(|t| Decimal::from_str(t).ok())
        .unwrap_or(Decimal::new(2, 2))
}

/// The rule's absolute tolerance in percentage points, plus half the share's last digit.
fn abs_tolerance(rule: &Rule, share: &Claim) -> Decimal {
    let base = param(rule, "absolute")
        .and_then(|t| Decimal::from_str(t).ok())
        .unwrap_or(Decimal::ONE);
    if share.qualifier == Qualifier::Exact {
        base
    } else {
        base * Decimal::TWO
    }
}

/// The text of the sentence before a claim (up to the claim).
fn sentence_before<'a>(ctx: &Context<'a>, claim: &Claim) -> &'a str {
    let mut from = claim.span.start.saturating_sub(super::NEAR);
    while !ctx.text.is_char_boundary(from) {
        from -= 1;
    }
    let before = ctx.text.get(from..claim.span.start).unwrap_or("");
    &before[last_sentence_start(before)..]
}

// The sentence ends 。！？ and the line break are E3 80 82, EF BC 81, EF BC 9F and 0A in
// UTF-8. The two lead bytes start few characters of Chinese text (punctuation, full-width
// forms; ideographs start E4–E9), so `memchr` finds the candidates and each is checked.

/// Whether the character at `i`, a lead byte E3 or EF or a line break, ends a sentence.
fn ends_sentence(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'\n' => true,
        0xE3 => b.get(i + 1..i + 3) == Some(&[0x80, 0x82]),
        _ => matches!(b.get(i + 1..i + 3), Some(&[0xBC, 0x81 | 0x9F])),
    }
}

/// Where the last sentence of `text` starts: just after its last 。！？ or line break, or 0
/// (what `rfind` of those characters gives).
fn last_sentence_start(text: &str) -> usize {
    let b = text.as_bytes();
    let mut end = b.len();
    while let Some(i) = memchr::memrchr3(b'\n', 0xE3, 0xEF, &b[..end]) {
        if ends_sentence(b, i) {
            return i + if b[i] == b'\n' { 1 } else { 3 };
        }
        end = i;
    }
    0
}

/// Where the first sentence of `text` ends: at its first 。！？ or line break, or its length
/// (what `find` of those characters gives).
fn sentence_end(text: &str) -> usize {
    let b = text.as_bytes();
    memchr::memchr3_iter(b'\n', 0xE3, 0xEF, b)
        .find(|&i| ends_sentence(b, i))
        .unwrap_or(b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_searches_find_what_str_finds() {
        for s in [
            "",
            "其中",
            "37个州，其中29个州",
            "其",
            "中其中其中",
            "从100到110",
            "至今",
            "到",
            "a至b到c",
            "其\u{4e2d}",
            "增长",
            "其 中",
        ] {
            assert_eq!(QIZHONG.find(s.as_bytes()), s.find("其中"), "{s}");
            let words = ["到", "至"].iter().any(|w| s.contains(w));
            assert_eq!(s.contains(['到', '至']), words, "{s}");
        }
    }

    #[test]
    fn exceeds_agrees_with_the_intervals() {
        let values = [
            "0",
            "1",
            "26.5",
            "27",
            "27.4",
            "27.5",
            "28",
            "-3",
            "1160000000",
            "1e9",
        ];
        let resolutions = [
            None,
            Some("0"),
            Some("1"),
            Some("0.1"),
            Some("-1"),
            Some("100000000"),
        ];
        let claim = |v: &str, r: Option<&str>| {
            let mut c = Claim::new(
                0..0,
                Kind::Quantity,
                Some(crate::claim::Value::Number(
                    Decimal::from_scientific(v).unwrap_or_else(|_| v.parse().unwrap()),
                )),
                Some("t"),
            );
            c.resolution = r.map(|r| r.parse().unwrap());
            c
        };
        let (mut above, mut shortcut) = (0, 0);
        for pv in values {
            for wv in values {
                for pr in resolutions {
                    for wr in resolutions {
                        let (part, whole) = (claim(pv, pr), claim(wv, wr));
                        let (p, w) = (part.number().unwrap(), whole.number().unwrap());
                        let general = interval(&part).unwrap().0 > interval(&whole).unwrap().1;
                        assert_eq!(
                            exceeds(&part, p, &whole, w),
                            general,
                            "{pv} {pr:?} {wv} {wr:?}"
                        );
                        above += usize::from(general);
                        shortcut += usize::from(p <= w && pr != Some("-1") && wr != Some("-1"));
                    }
                }
            }
        }
        assert!(above > 100 && shortcut > 1000, "{above} {shortcut}");
    }

    #[test]
    fn sentence_bounds_are_those_of_find_and_rfind() {
        const ENDS: [char; 4] = ['。', '！', '？', '\n'];
        // Characters that share bytes with the sentence ends (、 is E3 80 81, ｂ EF BD 82,
        // ＂ EF BC 82, 】 E3 80 91), the ends themselves, ASCII and other CJK.
        let alphabet = [
            '。', '！', '？', '\n', '、', 'ｂ', '＂', '】', 'a', ' ', '占', '亿', '％', '\u{2082}',
        ];
        let mut rng = crate::test_rng::Rng(0x2545_f491_4f6c_dd1d);
        let mut next = || rng.next_u64();
        let (mut found, mut missing) = (0, 0);
        for _ in 0..20_000 {
            let len = (next() % 12) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let start = text.rfind(ENDS).map_or(0, |i| {
                i + text[i..].chars().next().map_or(1, char::len_utf8)
            });
            assert_eq!(last_sentence_start(&text), start, "{text:?}");
            let end = text.find(ENDS).map_or(text.len(), |i| i);
            assert_eq!(sentence_end(&text), end, "{text:?}");
            if end < text.len() {
                found += 1;
            } else {
                missing += 1;
            }
        }
        assert!(found > 1000 && missing > 1000, "{found} {missing}");
    }
}
