//! The `reference` and `outdated` kinds: a figure against the reference facts of its subject.
//!
//! The facts in force are those about the claim's entity and metric for its period (or, for
//! facts that hold between two dates, on the claim's year or the article's date). A figure
//! agrees with a fact when it lies within the fact's tolerance, widened by half the place value
//! of the figure's last digit (27% means 26.5–27.5) and by its hedge (约, 超过, 至少 …). When
//! sources disagree, the finding says which one the figure agrees with. A figure that agrees
//! with a fact of another time only is `outdated`.

use super::{Context, Options, half, push_decimal, text_of};
use crate::catalog::checks::{Rule, Severity};
use crate::catalog::facts::{Fact, FactValue};
use crate::claim::{Claim, PartialDate, Qualifier};
use crate::finding::{Finding, Reference, Verdict};
use crate::report::{format_value, push_date};
use rust_decimal::Decimal;

/// How a figure compares with one fact.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Agreement {
    /// Equal to the precision written.
    Exact,
    /// Within the tolerance.
    Within,
    /// Outside it.
    Differs,
}

/// The outcome for one claim.
#[derive(Clone, Debug)]
pub struct Evaluation<'c> {
    /// Matches, WithinTolerance, Contradicts or Outdated.
    pub verdict: Verdict,
    /// The fact the verdict is about (the agreeing one, or the closest in force).
    pub fact: &'c Fact,
    /// Other facts in force that disagree with the figure (other datasets).
    pub others: Vec<&'c Fact>,
    /// For Outdated: the fact of another time that the figure agrees with.
    pub then: Option<&'c Fact>,
}

/// How a claim's hedge widens its agreement with a fact (see `agreement`).
#[derive(Clone, Copy)]
struct Hedge {
    qualifier: Qualifier,
    /// 近, nearly: only below.
    nearly: bool,
    /// A count or money: 约 allows a tenth either way.
    counted: bool,
}

/// Compares a figure with a fact.
pub fn compare(
    claim: &Claim,
    fact: &Fact,
    default_tolerance: Option<crate::catalog::facts::Tolerance>,
) -> Option<Agreement> {
    let value = claim.number()?;
    let (lo, hi) = match fact.value {
        FactValue::Number(n) => (n, n),
        FactValue::Range(a, b) => (a, b),
        FactValue::Date(_) => return None,
    };
    let tolerance = fact.tolerance.or(default_tolerance).unwrap_or_default();
    let resolution = claim.resolution.unwrap_or(Decimal::ZERO);
    let hedge = Hedge {
        qualifier: claim.qualifier,
        nearly: matches!(
            claim.hedge.as_deref(),
            Some("近" | "将近" | "接近" | "nearly" | "almost" | "close to")
        ),
        counted: matches!(fact.unit.as_str(), "count")
            || fact.unit.len() == 3 && fact.unit.chars().all(|c| c.is_ascii_uppercase()),
    };
    // The same sums and comparisons in integers when every number fits one scale (nearly
    // always): `Decimal` aligns the scales of each sum anew, and that was most of the cost.
    if let Some((value, lo, hi, tolerance, half_step)) =
        scaled(value, lo, hi, tolerance, resolution)
    {
        return Some(agreement(value, lo, hi, tolerance, half_step, hedge));
    }
    Some(agreement_in_decimal(
        value, lo, hi, tolerance, resolution, hedge,
    ))
}

/// `agreement` worked out in `Decimal`: the general path, for numbers `scaled` leaves out.
fn agreement_in_decimal(
    value: Decimal,
    lo: Decimal,
    hi: Decimal,
    tolerance: crate::catalog::facts::Tolerance,
    resolution: Decimal,
    hedge: Hedge,
) -> Agreement {
    let tolerance = tolerance.allowance(half(lo + hi));
    agreement(value, lo, hi, tolerance, half(resolution), hedge)
}

/// The numbers `agreement` works with: `Decimal`, or the same values as integers of one
/// scale (`scaled`), where every sum and comparison `agreement` makes is exact.
trait Amount: Copy + PartialOrd + std::ops::Add<Output = Self> + std::ops::Sub<Output = Self> {
    /// A tenth of the absolute value.
    fn tenth_of_abs(self) -> Self;
}

impl Amount for Decimal {
    fn tenth_of_abs(self) -> Self {
        self.abs() / Decimal::TEN
    }
}

impl Amount for i128 {
    /// Exact for the values `scaled` gives (multiples of ten).
    fn tenth_of_abs(self) -> Self {
        self.abs() / 10
    }
}

/// Below this, `agreement`'s sums of up to six `scaled` numbers stay below 2⁹³: exact in
/// `Decimal` too (96-bit mantissas), at the scale `scaled` works at or any smaller one.
const SCALED_LIMIT: u128 = 1 << 90;

/// Powers of ten up to 10²⁸ (the largest `Decimal` scale).
const POW10: [i128; 29] = {
    let mut p = [1i128; 29];
    let mut i = 1;
    while i < 29 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// The mantissas below `FITS[k]` stay below `SCALED_LIMIT` times 10ᵏ.
const FITS: [u128; 29] = {
    let mut f = [0u128; 29];
    let mut i = 0;
    while i < 29 {
        f[i] = SCALED_LIMIT / POW10[i] as u128;
        i += 1;
    }
    f
};

/// `value`, `lo`, `hi`, the tolerance's allowance at the middle of `lo..hi` and half of
/// `resolution`, as integers at one scale: the values `compare` works with, when each is
/// below `SCALED_LIMIT` there (so `Decimal` works them out exactly as well), without a
/// division. The scale leaves room for the halves (two places, as `half` writes them), the
/// tenth (one), and the places of the relative tolerance, by which the middle is multiplied.
/// `None` when the scale would pass 28, a number does not fit, or the relative tolerance's
/// mantissa passes 2³² (then `compare` works in `Decimal`).
fn scaled(
    value: Decimal,
    lo: Decimal,
    hi: Decimal,
    tolerance: crate::catalog::facts::Tolerance,
    resolution: Decimal,
) -> Option<(i128, i128, i128, i128, i128)> {
    let (rel, rel_places) = tolerance
        .relative
        .map_or((0, 0), |r| (r.mantissa(), r.scale()));
    if rel.unsigned_abs() >= 1 << 32 {
        return None;
    }
    let base = (value.scale() + 1)
        .max(lo.scale().max(hi.scale()) + 2)
        .max(resolution.scale() + 2)
        .max(tolerance.absolute.map_or(0, |a| a.scale()));
    let scale = base + rel_places;
    if scale > 28 {
        return None;
    }
    let at = |d: Decimal, scale: u32| {
        let k = (scale - d.scale()) as usize;
        let m = d.mantissa();
        (m.unsigned_abs() < FITS[k]).then(|| m * POW10[k])
    };
    // The middle at the base scale, where both ends are multiples of 100 (halved exactly),
    // times the relative tolerance's mantissa: the allowance at `scale`, below 2¹²².
    let mid = (at(lo, base)? + at(hi, base)?) >> 1;
    let relative = (mid * rel).abs();
    if relative.unsigned_abs() >= SCALED_LIMIT {
        return None;
    }
    let absolute = tolerance.absolute.map_or(Some(0), |a| at(a, scale))?;
    Some((
        at(value, scale)?,
        at(lo, scale)?,
        at(hi, scale)?,
        relative.max(absolute),
        // A multiple of 100: halved exactly.
        at(resolution, scale)? >> 1,
    ))
}

/// How a figure of `value` written to within `half_step` compares with a fact of `lo..hi`
/// allowing `tolerance`.
fn agreement<N: Amount>(
    value: N,
    lo: N,
    hi: N,
    tolerance: N,
    half_step: N,
    hedge: Hedge,
) -> Agreement {
    let slack = tolerance + half_step;
    // What a hedge allows: 近200 is 180–200; 约/左右 is about 10 % either way for counts and
    // money, and twice the tolerance for measured quantities.
    let tenth = || value.tenth_of_abs();
    let (below, above) = match hedge.qualifier {
        Qualifier::Approx if hedge.nearly => (slack + tenth(), slack),
        Qualifier::Approx if hedge.counted => {
            let tenth = tenth();
            let widened = slack + if tenth >= tolerance { tenth } else { tolerance };
            (widened, widened)
        }
        Qualifier::Approx => (slack + tolerance, slack + tolerance),
        _ => (slack, slack),
    };
    let agree = match hedge.qualifier {
        Qualifier::Exact | Qualifier::Approx => lo <= value + above && hi >= value - below,
        // 160多家: more than 160; 超过80%; 至少55个.
        Qualifier::MoreThan | Qualifier::AtLeast => hi + slack >= value,
        Qualifier::LessThan | Qualifier::AtMost => lo - slack <= value,
    };
    if !agree {
        return Agreement::Differs;
    }
    // Agreement without tolerance: within the written precision, or on the hedged side of it.
    let exact = match hedge.qualifier {
        Qualifier::Exact | Qualifier::Approx => value + half_step >= lo && value - half_step <= hi,
        Qualifier::MoreThan | Qualifier::AtLeast => hi + half_step >= value,
        Qualifier::LessThan | Qualifier::AtMost => lo - half_step <= value,
    };
    if exact {
        Agreement::Exact
    } else {
        Agreement::Within
    }
}

/// The day a claim is about, to pick facts that change over time: the middle of its period's
/// year, or the article date.
fn when(claim: &Claim, article: Option<PartialDate>) -> Option<(PartialDate, PartialDate)> {
    match claim.subject.period {
        Some((a, b)) => Some((
            PartialDate {
                year: Some(a),
                month: Some(1),
                day: Some(1),
            },
            PartialDate {
                year: Some(b),
                month: Some(12),
                day: Some(31),
            },
        )),
        None => article.filter(|a| a.year.is_some()).map(|a| (a, a)),
    }
}

fn holds_during(fact: &Fact, from: PartialDate, to: PartialDate) -> bool {
    if fact.valid_from.is_none() && fact.valid_to.is_none() {
        return true;
    }
    // Holds on some day of [from, to].
    let key = |d: PartialDate, end: bool| {
        (
            d.year.unwrap_or(0),
            d.month.unwrap_or(if end { 12 } else { 1 }),
            d.day.unwrap_or(if end { 31 } else { 1 }),
        )
    };
    let starts_before_end = fact
        .valid_from
        .is_none_or(|f| key(f, false) <= key(to, true));
    let ends_after_start = fact
        .valid_to
        .is_none_or(|t| key(t, true) >= key(from, false));
    starts_before_end && ends_after_start
}

/// Evaluates a claim against the facts of its subject.
pub fn evaluate<'c>(claim: &Claim, ctx: &Context<'c>) -> Option<Evaluation<'c>> {
    let (entity, metric) = (
        claim.subject.entity.as_deref()?,
        claim.subject.metric.as_deref()?,
    );
    claim.number()?;
    // The facts of the subject about the claim's period (`Fact::about_period`), read off the
    // catalog's index rather than picked from the subject's facts. Without any, nothing is
    // scored below and the claim is not judged: many subjects, told apart by a hash lookup
    // before the metric's (in an ordered map).
    let facts = ctx
        .catalog
        .facts_about(entity, metric, claim.subject.period);
    facts.clone().next()?;
    let metric_def = ctx.catalog.metrics.get(metric)?;
    let unit = claim
        .unit
        .as_deref()
        .map(|u| if u == "deg" { "degC" } else { u });
    if unit != Some(metric_def.unit.as_str())
        && !(claim.kind == crate::claim::Kind::Rank && metric_def.unit == "rank")
    {
        return None;
    }
    let gas_ok = |f: &Fact| match (claim.gas, &f.gas) {
        (Some(g), Some(fg)) => g.as_str() == fg,
        _ => true,
    };
    // The candidates, walked again for each use rather than collected: the facts about the
    // period of the gas of the claim.
    let candidates = facts.filter(move |f| gas_ok(f));
    let time = when(claim, ctx.article_date);
    if time.is_none() && candidates.clone().any(Fact::changes_over_time) {
        return None;
    }
    let in_force = |f: &&Fact| time.is_none_or(|(from, to)| holds_during(f, from, to));
    let tolerance = metric_def.tolerance;
    let scored: Vec<(&Fact, Agreement)> = candidates
        .clone()
        .filter(in_force)
        .filter_map(|f| compare(claim, f, tolerance).map(|a| (f, a)))
        .collect();
    if scored.is_empty() {
        return None;
    }
    let others = |chosen: &Fact| {
        scored
            .iter()
            .filter(|(f, a)| f.id != chosen.id && *a == Agreement::Differs)
            .map(|(f, _)| *f)
            .collect()
    };
    if let Some((fact, agreement)) = scored
        .iter()
        .find(|(_, a)| *a == Agreement::Exact)
        .or_else(|| scored.iter().find(|(_, a)| *a == Agreement::Within))
    {
        let verdict = if *agreement == Agreement::Exact {
            Verdict::Matches
        } else {
            Verdict::WithinTolerance
        };
        return Some(Evaluation {
            verdict,
            fact,
            others: others(fact),
            then: None,
        });
    }
    let value = claim.number()?;
    let distance = |f: &Fact| match f.value {
        FactValue::Number(n) => (n - value).abs(),
        FactValue::Range(a, b) => (a - value).abs().min((b - value).abs()),
        FactValue::Date(_) => Decimal::MAX,
    };
    let closest = scored.iter().map(|(f, _)| *f).min_by_key(|f| distance(f))?;
    // Of the other times the figure fits, the one nearest the claim's time.
    let key = |d: PartialDate| {
        i64::from(d.year.unwrap_or(0)) * 400
            + i64::from(d.month.unwrap_or(1)) * 32
            + i64::from(d.day.unwrap_or(1))
    };
    let at = time.map_or(0, |(from, _)| key(from));
    let then = candidates
        .filter(|f| !in_force(f))
        .filter(|f| compare(claim, f, tolerance).is_some_and(|a| a != Agreement::Differs))
        .min_by_key(|f| {
            let from = f.valid_from.map_or(i64::MIN / 4, key);
            let to = f.valid_to.map_or(i64::MAX / 4, key);
            if at < from {
                from - at
            } else {
                at.saturating_sub(to).max(0)
            }
        });
    let verdict = if then.is_some() {
        Verdict::Outdated
    } else {
        Verdict::Contradicts
    };
    Some(Evaluation {
        verdict,
        fact: closest,
        others: others(closest),
        then,
    })
}

fn reference_of(fact: &Fact) -> Reference {
    let value = match fact.value {
        FactValue::Number(n) => {
            let mut value = String::with_capacity(16);
            push_decimal(&mut value, n.normalize());
            value
        }
        FactValue::Range(a, b) => format!("{}..{}", a.normalize(), b.normalize()),
        FactValue::Date(d) => d.to_string(),
    };
    fact.reference(value)
}

fn fact_value_text(fact: &Fact) -> String {
    match fact.value {
        FactValue::Number(n) => format_value(n, &fact.unit),
        FactValue::Range(a, b) => format!(
            "{}–{}",
            format_value(a, &fact.unit),
            format_value(b, &fact.unit)
        ),
        FactValue::Date(d) => d.to_string(),
    }
}

/// "China, total greenhouse-gas emissions, 2022"
fn subject_text(claim: &Claim, ctx: &Context<'_>) -> String {
    let s = &claim.subject;
    let entity = s
        .entity
        .as_deref()
        .and_then(|e| ctx.catalog.entities.get(e))
        .map_or("?", |e| {
            e.names.first().map_or(e.id.as_str(), |n| n.as_str())
        });
    let metric = s
        .metric
        .as_deref()
        .and_then(|m| ctx.catalog.metrics.get(m))
        .map_or("?", |m| m.name.as_str());
    // Written piece by piece: this runs for every figure with a reference, and `format!`
    // with three arguments cost more than the rest of the function.
    let mut text = String::with_capacity(entity.len() + metric.len() + 16);
    text.push_str(entity);
    text.push_str(", ");
    text.push_str(metric);
    if let Some((a, b)) = s.period {
        let mut year = itoa::Buffer::new();
        text.push_str(", ");
        text.push_str(year.format(a));
        if a != b {
            text.push('–');
            text.push_str(year.format(b));
        }
    }
    text
}

/// Appends how far the figure is from a numeric fact: " (+12%)", " (3× it)", " (1/5 of it)";
/// nothing for shares, ranks, counts and zeros.
fn push_relative_difference(out: &mut String, claim: &Claim, fact: &Fact) {
    let Some(value) = claim.number() else {
        return;
    };
    let FactValue::Number(reference) = fact.value else {
        return;
    };
    if reference.is_zero()
        || value.is_zero()
        || fact.unit == "%"
        || fact.unit == "rank"
        || fact.unit == "count"
    {
        return;
    }
    let ratio = value / reference;
    // A slip of a unit or a magnitude reads better as a factor than as −99.9 %.
    if ratio >= Decimal::TEN {
        out.push_str(" (");
        push_decimal(out, ratio.round_dp(0).normalize());
        out.push_str("× it)");
        return;
    }
    if ratio <= Decimal::new(1, 1) {
        out.push_str(" (1/");
        push_decimal(out, (Decimal::ONE / ratio).round_dp(0).normalize());
        out.push_str(" of it)");
        return;
    }
    let pct = (ratio - Decimal::ONE) * Decimal::ONE_HUNDRED;
    let pct = if pct.abs() < Decimal::TEN {
        pct.round_dp(1)
    } else {
        pct.round_dp(0)
    }
    .normalize();
    out.push_str(if pct.is_sign_negative() { " (" } else { " (+" });
    push_decimal(out, pct);
    out.push_str("%)");
}

/// Appends the other sources that disagree: "; other sources: EDGAR 2023 15.7 Gt, …".
fn push_others<'c>(out: &mut String, others: &[&'c Fact], values: &mut Written<&'c Fact>) {
    for (i, f) in others.iter().enumerate() {
        out.push_str(if i == 0 { "; other sources: " } else { ", " });
        out.push_str(f.citation());
        out.push(' ');
        out.push_str(values.get(f, |a, b| std::ptr::eq(*a, *b), || fact_value_text(f)));
    }
}

/// Texts written once for one document and looked up again: its figures cite a few facts and
/// subjects many times (a fact's value text, a subject's name). A short list: a document has
/// few of either.
struct Written<K>(Vec<(K, String)>);

impl<K> Written<K> {
    /// The text for `key` (keys equal by `same`), written by `write` the first time.
    fn get(
        &mut self,
        key: K,
        same: impl Fn(&K, &K) -> bool,
        write: impl FnOnce() -> String,
    ) -> &str {
        let i = match self.0.iter().position(|(k, _)| same(k, &key)) {
            Some(i) => i,
            None => {
                self.0.push((key, write()));
                self.0.len() - 1
            }
        };
        &self.0[i].1
    }
}

/// The `reference` kind.
pub fn check_reference(rule: &Rule, ctx: &Context<'_>, options: &Options, out: &mut Vec<Finding>) {
    let mut values = Written(Vec::new());
    // Keyed by a claim; claims of the same entity, metric and period share the text.
    let mut subjects: Written<&Claim> = Written(Vec::new());
    let same_subject = |a: &&Claim, b: &&Claim| {
        a.subject.period == b.subject.period
            && a.subject.entity == b.subject.entity
            && a.subject.metric == b.subject.metric
    };
    for claim in ctx.claims {
        let Some(eval) = evaluate(claim, ctx) else {
            continue;
        };
        let written = text_of(ctx, claim);
        let fact = eval.fact;
        // Written piece by piece, as `format!` would write it: every judged figure gives one.
        let (severity, lead) = match eval.verdict {
            Verdict::Matches if options.verified => (Severity::Info, " agrees with "),
            Verdict::WithinTolerance => (Severity::Info, " is within tolerance of "),
            // 碳排放 may mean CO2 or all greenhouse gases: a difference may be one of basis.
            Verdict::Contradicts if claim.subject.basis_ambiguous => {
                (Severity::Warning.min(rule.severity), " differs from ")
            }
            Verdict::Contradicts => (rule.severity, " differs from "),
            _ => continue,
        };
        let value = values.get(fact, |a, b| std::ptr::eq(*a, *b), || fact_value_text(fact));
        let mut message =
            String::with_capacity(written.len() + 128 + fact.citation().len() + value.len());
        message.push_str(written);
        message.push_str(lead);
        message.push_str(fact.citation());
        message.push(' ');
        message.push_str(value);
        if eval.verdict != Verdict::Matches {
            push_relative_difference(&mut message, claim, fact);
        }
        message.push_str(" (");
        message.push_str(subjects.get(claim, same_subject, || subject_text(claim, ctx)));
        message.push(')');
        if eval.verdict == Verdict::Contradicts && claim.subject.basis_ambiguous {
            message.push_str(
                "; 碳排放 may mean CO2 or all greenhouse gases, and the reference is CO2",
            );
        }
        push_others(&mut message, &eval.others, &mut values);
        if let Some(note) = &fact.note
            && eval.verdict == Verdict::Contradicts
        {
            message.push_str(". Note: ");
            message.push_str(note);
        }
        out.push(Finding {
            rule: rule.id.clone(),
            severity,
            verdict: eval.verdict,
            message,
            span: claim.span.clone(),
            related: Vec::new(),
            help: (eval.verdict == Verdict::Contradicts).then(|| rule.help.clone()),
            reference: Some(reference_of(fact)),
        });
    }
}

/// Facts of the claim's subject that change over time, when the claim gives no period and the
/// article no date: the figure cannot be judged, and the editor should know why.
fn undated_changing_facts<'c>(claim: &Claim, ctx: &Context<'c>) -> Vec<&'c Fact> {
    let (Some(entity), Some(metric)) = (
        claim.subject.entity.as_deref(),
        claim.subject.metric.as_deref(),
    ) else {
        return Vec::new();
    };
    if claim.subject.period.is_some()
        || ctx.article_date.is_some_and(|d| d.year.is_some())
        || claim.number().is_none()
    {
        return Vec::new();
    }
    let facts: Vec<&Fact> = ctx.catalog.facts_for(entity, metric).collect();
    if facts.iter().any(|f| f.changes_over_time()) {
        facts
    } else {
        Vec::new()
    }
}

/// The message of a figure that depends on the date the article does not give:
/// `{written} depends on the date ({subject}: {value}[ from {date}][ until {date}]; …), and
/// the article gives none`. Written into one string: it was three `format!` calls a fact, a
/// join and one more `format!`, about 12k instructions a finding, a tenth of the rules' work
/// on the seed articles.
fn undated_message(written: &str, subject: &str, changing: &[&Fact]) -> String {
    let mut message =
        String::with_capacity(written.len() + subject.len() + 48 * changing.len() + 48);
    for piece in [written, " depends on the date (", subject, ": "] {
        message.push_str(piece);
    }
    for (i, fact) in changing.iter().enumerate() {
        if i > 0 {
            message.push_str("; ");
        }
        message.push_str(&fact_value_text(fact));
        if let Some(d) = fact.valid_from {
            message.push_str(" from ");
            push_date(&mut message, d);
        }
        if let Some(d) = fact.valid_to {
            message.push_str(" until ");
            push_date(&mut message, d);
        }
    }
    message.push_str("), and the article gives none");
    message
}

/// The `outdated` kind.
pub fn check_outdated(rule: &Rule, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for claim in ctx.claims {
        // Without a fact of its subject that changes over time, a figure can be neither
        // undated nor outdated (both need one): skip the full evaluation.
        let (Some(entity), Some(metric)) = (
            claim.subject.entity.as_deref(),
            claim.subject.metric.as_deref(),
        ) else {
            continue;
        };
        if !ctx.catalog.facts_change_over_time(entity, metric) {
            continue;
        }
        let changing = undated_changing_facts(claim, ctx);
        if !changing.is_empty() {
            let subject = subject_text(claim, ctx);
            out.push(Finding {
                rule: rule.id.clone(),
                severity: Severity::Info,
                verdict: Verdict::Unverifiable,
                message: undated_message(text_of(ctx, claim), &subject, &changing),
                span: claim.span.clone(),
                related: Vec::new(),
                help: Some("Give the article's date (its metadata, or --article-date YYYY-MM-DD) to check the figure.".into()),
                reference: None,
            });
            continue;
        }
        let Some(eval) = evaluate(claim, ctx) else {
            continue;
        };
        let (Verdict::Outdated, Some(then)) = (eval.verdict, eval.then) else {
            continue;
        };
        let written = text_of(ctx, claim);
        let at = match claim.subject.period {
            Some((a, b)) if a == b => format!("in {a}"),
            Some((a, b)) => format!("in {a}–{b}"),
            None => ctx.article_date.map_or_else(
                || "at the article's date".into(),
                |d| format!("on the article's date {d}"),
            ),
        };
        let validity = match (then.valid_from, then.valid_to) {
            (Some(f), Some(t)) => format!("from {f} to {t}"),
            (Some(f), None) => format!("from {f}"),
            (None, Some(t)) => format!("until {t}"),
            (None, None) => String::new(),
        };
        out.push(Finding {
            rule: rule.id.clone(),
            severity: rule.severity,
            verdict: Verdict::Outdated,
            message: format!(
                "{written} held {validity}, but {at} it was {} ({}, {})",
                fact_value_text(eval.fact),
                eval.fact.citation(),
                subject_text(claim, ctx)
            ),
            span: claim.span.clone(),
            related: Vec::new(),
            help: Some(rule.help.clone()),
            reference: Some(reference_of(eval.fact)),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;
    use crate::catalog::facts::Period;

    #[test]
    fn undated_message_reads_as_format_wrote_it() {
        // The message as it was written with `format!`, for every entity and metric of the
        // catalog with facts, and runs of a few of them (dates of every form, ranges).
        fn plain(written: &str, subject: &str, changing: &[&Fact]) -> String {
            let history: Vec<String> = changing
                .iter()
                .map(|f| {
                    let from = f
                        .valid_from
                        .map(|d| format!(" from {d}"))
                        .unwrap_or_default();
                    let to = f
                        .valid_to
                        .map(|d| format!(" until {d}"))
                        .unwrap_or_default();
                    format!("{}{from}{to}", fact_value_text(f))
                })
                .collect();
            format!(
                "{written} depends on the date ({subject}: {}), and the article gives none",
                history.join("; ")
            )
        }
        let catalog = Catalog::builtin();
        let facts: Vec<&Fact> = catalog.facts.iter().collect();
        assert!(facts.iter().any(|f| f.valid_from.is_some()));
        assert!(facts.iter().any(|f| f.valid_to.is_some()));
        for (i, f) in facts.iter().enumerate() {
            let run: Vec<&Fact> = facts.iter().skip(i).take(i % 4).copied().collect();
            for changing in [run.as_slice(), std::slice::from_ref(f), &[*f, *f], &[]] {
                assert_eq!(
                    undated_message("第五", "加州, rank", changing),
                    plain("第五", "加州, rank", changing)
                );
            }
        }
    }

    /// Random numbers for the tests.
    struct Rng(crate::test_rng::Rng);

    impl Rng {
        fn next(&mut self, n: u64) -> u64 {
            self.0.below(n)
        }

        /// Decimals of every scale: small, round, around 2⁹⁰ and 2⁹⁶, or (half the time, given
        /// `near`) the same value at another scale or a last digit off.
        fn decimal(&mut self, near: Option<Decimal>) -> Decimal {
            let mantissa: i128 = match self.next(6) {
                0 => self.next(1000) as i128,
                1 => 10i128.pow(self.next(20) as u32) * (1 + self.next(9) as i128),
                2 => (self.next(u64::MAX) as i128) << self.next(33),
                3 => (1i128 << 96) - 1 - self.next(1000) as i128,
                4 => (1i128 << 90) - 500 + self.next(1000) as i128,
                _ => self.next(100_000) as i128,
            };
            // Past 2⁹² only with two places at least, so that no sum overflows `Decimal`.
            let least = if mantissa >> 92 != 0 { 2 } else { 0 };
            let mut d = Decimal::from_i128_with_scale(mantissa, (self.next(29) as u32).max(least));
            if let Some(n) = near.filter(|_| self.next(2) == 0) {
                let step = Decimal::new(self.next(3) as i64 - 1, self.next(6) as u32);
                d = n.checked_add(step).unwrap_or(n);
                d.rescale((d.scale() + self.next(3) as u32).min(28));
            }
            if self.next(4) == 0 {
                d.set_sign_negative(true);
            }
            d
        }

        fn tolerance(&mut self) -> Option<crate::catalog::facts::Tolerance> {
            (self.next(4) != 0).then(|| crate::catalog::facts::Tolerance {
                relative: (self.next(3) != 0).then(|| {
                    if self.next(2) == 0 {
                        Decimal::new(self.next(30) as i64, self.next(4) as u32)
                    } else {
                        // Below 8, so that no product overflows `Decimal`.
                        let r = self.decimal(None);
                        Decimal::from_i128_with_scale(r.mantissa(), 28)
                    }
                }),
                absolute: (self.next(3) == 0).then(|| self.decimal(None)),
            })
        }
    }

    #[test]
    fn compare_in_integers_agrees_with_decimal() {
        let catalog = Catalog::builtin();
        let base = catalog
            .facts
            .iter()
            .find(|f| matches!(f.value, FactValue::Number(_)))
            .unwrap();
        let mut rng = Rng(crate::test_rng::Rng(0x2545_f491_4f6c_dd1d));
        let qualifiers = [
            Qualifier::Exact,
            Qualifier::Approx,
            Qualifier::MoreThan,
            Qualifier::AtLeast,
            Qualifier::LessThan,
            Qualifier::AtMost,
        ];
        let (mut fast, mut kinds) = (0, std::collections::BTreeSet::new());
        for round in 0..200_000 {
            let lo = rng.decimal(None);
            let hi = if rng.next(3) == 0 {
                rng.decimal(Some(lo))
            } else {
                lo
            };
            let mut fact = base.clone();
            fact.value = if lo == hi && rng.next(2) == 0 {
                FactValue::Number(lo)
            } else {
                FactValue::Range(lo, hi)
            };
            fact.unit = ["t", "count", "USD", "%"][rng.next(4) as usize].into();
            fact.tolerance = rng.tolerance();
            let default = rng.tolerance();
            let value = rng.decimal(Some(lo));
            let mut claim = Claim::new(
                0..0,
                crate::claim::Kind::Quantity,
                Some(crate::claim::Value::Number(value)),
                None,
            );
            claim.qualifier = qualifiers[rng.next(6) as usize];
            claim.hedge = Some(["近", "约", "nearly", ""][rng.next(4) as usize].to_owned());
            claim.resolution = match rng.next(3) {
                0 => None,
                1 => Some(Decimal::new(
                    10i64.pow(rng.next(10) as u32),
                    rng.next(4) as u32,
                )),
                _ => Some(rng.decimal(None)),
            };
            let tol = fact.tolerance.or(default).unwrap_or_default();
            let resolution = claim.resolution.unwrap_or_default();
            let hedge = Hedge {
                qualifier: claim.qualifier,
                nearly: claim.hedge.as_deref() == Some("近")
                    || claim.hedge.as_deref() == Some("nearly"),
                counted: fact.unit == "count" || fact.unit == "USD",
            };
            let general = agreement_in_decimal(value, lo, hi, tol, resolution, hedge);
            assert_eq!(
                compare(&claim, &fact, default),
                Some(general),
                "round {round}: {value} against {lo}..{hi}, {:?} {tol:?} {:?}",
                claim.resolution,
                claim.qualifier,
            );
            fast += usize::from(scaled(value, lo, hi, tol, resolution).is_some());
            kinds.insert(format!("{general:?}"));
        }
        assert!(fast > 20_000, "{fast} through integers");
        assert_eq!(kinds.len(), 3, "{kinds:?}");
    }

    /// Whether a fact is about the claim's period, as `evaluate` asked of every fact of the
    /// subject before the catalog indexed them by period (`Fact::about_period`).
    fn period_matches(fact: &Fact, claim: &Claim) -> bool {
        match (fact.period, claim.subject.period) {
            (None, _) => true,
            // A ranking or count that holds between two dates is judged by those dates.
            _ if fact.valid_from.is_some() || fact.valid_to.is_some() => true,
            (Some(Period::Year(y)), Some((a, b))) => a == y && b == y,
            (Some(Period::Years(x, y)), Some((a, b))) => x == a && y == b,
            (Some(_), None) => false,
        }
    }

    /// `evaluate` as it was before it stopped collecting its candidates: the general path the
    /// iterator version must agree with.
    fn evaluate_collected<'c>(claim: &Claim, ctx: &Context<'c>) -> Option<Evaluation<'c>> {
        let (entity, metric) = (
            claim.subject.entity.as_deref()?,
            claim.subject.metric.as_deref()?,
        );
        let value = claim.number()?;
        let metric_def = ctx.catalog.metrics.get(metric)?;
        let unit = claim
            .unit
            .as_deref()
            .map(|u| if u == "deg" { "degC" } else { u });
        if unit != Some(metric_def.unit.as_str())
            && !(claim.kind == crate::claim::Kind::Rank && metric_def.unit == "rank")
        {
            return None;
        }
        let candidates: Vec<&Fact> = ctx
            .catalog
            .facts
            .iter()
            .filter(|f| f.entity == entity && f.metric == metric)
            .filter(|f| match (claim.gas, &f.gas) {
                (Some(g), Some(fg)) => g.as_str() == fg,
                _ => true,
            })
            .filter(|f| period_matches(f, claim))
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let time = when(claim, ctx.article_date);
        let (in_force, other_times): (Vec<&Fact>, Vec<&Fact>) = match time {
            Some((from, to)) => candidates.iter().partition(|f| holds_during(f, from, to)),
            None if candidates.iter().any(|f| f.changes_over_time()) => return None,
            None => (candidates.clone(), Vec::new()),
        };
        let tolerance = metric_def.tolerance;
        let scored: Vec<(&Fact, Agreement)> = in_force
            .iter()
            .filter_map(|f| compare(claim, f, tolerance).map(|a| (*f, a)))
            .collect();
        let others = |chosen: &Fact| {
            scored
                .iter()
                .filter(|(f, a)| f.id != chosen.id && *a == Agreement::Differs)
                .map(|(f, _)| *f)
                .collect()
        };
        let agreeing = scored
            .iter()
            .find(|(_, a)| *a == Agreement::Exact)
            .or_else(|| scored.iter().find(|(_, a)| *a == Agreement::Within));
        if let Some((fact, agreement)) = agreeing {
            return Some(Evaluation {
                verdict: if *agreement == Agreement::Exact {
                    Verdict::Matches
                } else {
                    Verdict::WithinTolerance
                },
                fact,
                others: others(fact),
                then: None,
            });
        }
        let distance = |f: &Fact| match f.value {
            FactValue::Number(n) => (n - value).abs(),
            FactValue::Range(a, b) => (a - value).abs().min((b - value).abs()),
            FactValue::Date(_) => Decimal::MAX,
        };
        let closest = scored.iter().map(|(f, _)| *f).min_by_key(|f| distance(f))?;
        let key = |d: PartialDate| {
            i64::from(d.year.unwrap_or(0)) * 400
                + i64::from(d.month.unwrap_or(1)) * 32
                + i64::from(d.day.unwrap_or(1))
        };
        let at = time.map_or(0, |(from, _)| key(from));
        let then = other_times
            .into_iter()
            .filter(|f| compare(claim, f, tolerance).is_some_and(|a| a != Agreement::Differs))
            .min_by_key(|f| {
                let from = f.valid_from.map_or(i64::MIN / 4, key);
                let to = f.valid_to.map_or(i64::MAX / 4, key);
                if at < from {
                    from - at
                } else {
                    at.saturating_sub(to).max(0)
                }
            });
        Some(Evaluation {
            verdict: if then.is_some() {
                Verdict::Outdated
            } else {
                Verdict::Contradicts
            },
            fact: closest,
            others: others(closest),
            then,
        })
    }

    /// `push_relative_difference` as it was written with `format!`: the general path.
    fn relative_difference_formatted(claim: &Claim, fact: &Fact) -> Option<String> {
        let value = claim.number()?;
        let FactValue::Number(reference) = fact.value else {
            return None;
        };
        if reference.is_zero()
            || value.is_zero()
            || fact.unit == "%"
            || fact.unit == "rank"
            || fact.unit == "count"
        {
            return None;
        }
        let ratio = value / reference;
        if ratio >= Decimal::TEN {
            return Some(format!(" ({}× it)", ratio.round_dp(0).normalize()));
        }
        if ratio <= Decimal::new(1, 1) {
            return Some(format!(
                " (1/{} of it)",
                (Decimal::ONE / ratio).round_dp(0).normalize()
            ));
        }
        let pct = (ratio - Decimal::ONE) * Decimal::ONE_HUNDRED;
        let pct = if pct.abs() < Decimal::TEN {
            pct.round_dp(1)
        } else {
            pct.round_dp(0)
        }
        .normalize();
        Some(format!(
            " ({}{}%)",
            if pct.is_sign_negative() { "" } else { "+" },
            pct
        ))
    }

    #[test]
    fn relative_difference_is_written_as_format_wrote_it() {
        let catalog = Catalog::builtin();
        let factors = [
            "0", "0.001", "0.05", "0.1", "0.1001", "0.5", "0.949", "0.95", "0.9999", "1", "1.0004",
            "1.04", "1.5", "2", "9.99", "10", "12.3", "1000", "-0.5", "-3", "-20",
        ];
        let mut kinds = std::collections::BTreeSet::new();
        for fact in catalog.facts.iter().take(400) {
            let FactValue::Number(reference) = fact.value else {
                continue;
            };
            for factor in factors {
                let value = reference * factor.parse::<Decimal>().unwrap();
                let claim = Claim::new(
                    0..0,
                    crate::claim::Kind::Quantity,
                    Some(crate::claim::Value::Number(value)),
                    None,
                );
                let mut written = String::from("x");
                push_relative_difference(&mut written, &claim, fact);
                let general = relative_difference_formatted(&claim, fact).unwrap_or_default();
                assert_eq!(written[1..], general, "{} × {factor}", fact.id);
                kinds.insert(
                    general
                        .chars()
                        .filter(|c| "×/+-%".contains(*c))
                        .collect::<String>(),
                );
            }
        }
        // Factors, fractions, rises, falls and nothing were all written.
        for kind in ["×", "/", "+%", "-%", ""] {
            assert!(kinds.contains(kind), "no {kind:?} among {kinds:?}");
        }
    }

    #[test]
    fn written_texts_are_written_once_per_key() {
        let mut written = Written(Vec::new());
        let mut calls = 0;
        let same = |a: &&str, b: &&str| a == b;
        for key in ["co2", "ghg", "co2", "co2", "ghg", "ch4"] {
            let text = written.get(key, same, || {
                calls += 1;
                format!("{key}!")
            });
            assert_eq!(text, format!("{key}!"));
        }
        assert_eq!(calls, 3);
    }

    type Ids<'a> = Option<(Verdict, &'a str, Vec<&'a str>, Option<&'a str>)>;

    fn ids<'a>(e: &Option<Evaluation<'a>>) -> Ids<'a> {
        e.as_ref().map(|e| {
            (
                e.verdict,
                e.fact.id.as_str(),
                e.others.iter().map(|f| f.id.as_str()).collect(),
                e.then.map(|f| f.id.as_str()),
            )
        })
    }

    #[test]
    fn evaluation_and_the_outdated_shortcut_agree_with_the_general_path() {
        let catalog = Catalog::builtin();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut paths: Vec<_> = walkdir::WalkDir::new(&root)
            .into_iter()
            .map(|e| e.unwrap().into_path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| e == "md" || e == "html" || e == "txt")
            })
            .collect();
        paths.sort();
        let (mut judged, mut verdicts) = (0, std::collections::BTreeSet::new());
        for path in paths {
            let Ok(doc) = crate::source::read_file(&path) else {
                continue;
            };
            let claims = crate::extract_document(&doc, None, catalog).claims;
            let dates = [
                None,
                Some(PartialDate::ymd(2015, 6, 1)),
                Some(PartialDate::ymd(2024, 6, 1)),
                Some(PartialDate {
                    year: Some(2020),
                    month: None,
                    day: None,
                }),
            ];
            for article_date in dates {
                let ctx = Context {
                    text: &doc.text,
                    claims: &claims,
                    article_date,
                    catalog,
                };
                for claim in &claims {
                    let fast = evaluate(claim, &ctx);
                    assert_eq!(ids(&fast), ids(&evaluate_collected(claim, &ctx)));
                    if let Some(e) = &fast {
                        judged += 1;
                        verdicts.insert(format!("{:?}", e.verdict));
                    }
                    // check_outdated skips claims whose subject has no fact that changes over
                    // time: such a claim must be neither undated nor outdated.
                    let changing = claim
                        .subject
                        .entity
                        .as_deref()
                        .zip(claim.subject.metric.as_deref())
                        .is_some_and(|(e, m)| catalog.facts_for(e, m).any(Fact::changes_over_time));
                    if !changing {
                        assert!(undated_changing_facts(claim, &ctx).is_empty());
                        assert!(fast.is_none_or(|e| e.verdict != Verdict::Outdated));
                    }
                }
            }
        }
        assert!(judged > 50, "{judged} evaluations");
        for v in ["Matches", "Contradicts", "Outdated"] {
            assert!(verdicts.contains(v), "no {v} among {verdicts:?}");
        }
    }
}
