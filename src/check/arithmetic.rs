//! The `arithmetic` kind: figures of one article that cannot all hold. A rule picks the test
//! with `params: {check: …}`:
//! - `part-whole`: a part (energy CO2, CO2) above its whole (CO2, all GHG) for the same
//!   entity and period (metrics.yaml `part_of`);
//! - `share-per-capita`: a share of global emissions and a per-capita ratio to the world that
//!   imply different world totals (with the population facts);
//! - `per-capita`: a total and a per-capita figure that disagree with the population.
//!
//! Every test allows for the precision the figures are written with.

use super::{Context, param, text_of};
use crate::catalog::checks::Rule;
use crate::catalog::facts::{FactValue, Period};
use crate::claim::{Claim, Value};
use crate::finding::{Finding, Reference, Related, Verdict};
use crate::report::format_value;
use rust_decimal::Decimal;
use std::str::FromStr;

fn number(c: &Claim) -> Option<Decimal> {
    match c.value {
        Some(Value::Number(n)) => Some(n),
        _ => None,
    }
}

/// The interval a written figure stands for (27 → 26.5..27.5).
fn interval(c: &Claim) -> Option<(Decimal, Decimal)> {
    let v = number(c)?;
    let half = c.resolution.unwrap_or_default() / Decimal::TWO;
    Some((v - half, v + half))
}

fn same_subject(a: &Claim, b: &Claim) -> bool {
    a.subject.entity.is_some()
        && a.subject.entity == b.subject.entity
        && a.subject.period.is_some()
        && a.subject.period == b.subject.period
}

fn is_part_of(ctx: &Context<'_>, part: &str, whole: &str) -> bool {
    let mut current = part;
    for _ in 0..8 {
        match ctx
            .catalog
            .metrics
            .get(current)
            .and_then(|m| m.part_of.as_deref())
        {
            Some(parent) if parent == whole => return true,
            Some(parent) => current = parent,
            None => return false,
        }
    }
    false
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
    Reference {
        fact: f.id.clone(),
        value: value.normalize().to_string(),
        unit: f.unit.clone(),
        source: f.citation(),
        url: f.source.url.clone(),
    }
}

/// The `arithmetic` kind.
pub fn check(rule: &Rule, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let tolerance = param(rule, "tolerance")
        .and_then(|t| Decimal::from_str(t).ok())
        .unwrap_or(Decimal::new(2, 2));
    let finding = |claim: &Claim,
                   verdict,
                   message: String,
                   related: Vec<Related>,
                   reference: Option<Reference>| Finding {
        rule: rule.id.clone(),
        severity: rule.severity,
        verdict,
        message,
        span: claim.span.clone(),
        related,
        help: Some(rule.help.clone()),
        reference,
    };
    match param(rule, "check") {
        Some("part-whole") => {
            for part in ctx.claims {
                let (Some(pm), Some(pv)) = (part.subject.metric.as_deref(), number(part)) else {
                    continue;
                };
                for whole in ctx.claims {
                    let (Some(wm), Some(wv)) = (whole.subject.metric.as_deref(), number(whole))
                    else {
                        continue;
                    };
                    if !same_subject(part, whole)
                        || !is_part_of(ctx, pm, wm)
                        || part.unit != whole.unit
                    {
                        continue;
                    }
                    let (p_lo, _) = interval(part).unwrap_or((pv, pv));
                    let (_, w_hi) = interval(whole).unwrap_or((wv, wv));
                    if p_lo > w_hi {
                        let unit = part.unit.as_deref().unwrap_or("");
                        out.push(finding(
                            part,
                            Verdict::Inconsistent,
                            format!(
                                "{} ({}, {}) is more than {} ({}, {}) for the same subject: a part cannot exceed its whole",
                                text_of(ctx, part),
                                pm,
                                format_value(pv, unit),
                                text_of(ctx, whole),
                                wm,
                                format_value(wv, unit)
                            ),
                            vec![Related { file: None, span: whole.span.clone(), message: "the whole".into() }],
                            None,
                        ));
                    }
                }
            }
        }
        Some("share-per-capita") => {
            for share in ctx.claims.iter().filter(|c| {
                c.subject
                    .metric
                    .as_deref()
                    .is_some_and(|m| m.ends_with("-share"))
            }) {
                for ratio in ctx.claims.iter().filter(|c| {
                    c.subject
                        .metric
                        .as_deref()
                        .is_some_and(|m| m.ends_with("-per-capita-ratio"))
                }) {
                    if !same_subject(share, ratio) {
                        continue;
                    }
                    let (Some(entity), Some((year, _))) =
                        (share.subject.entity.as_deref(), share.subject.period)
                    else {
                        continue;
                    };
                    let (Some((pop, pop_fact)), Some((world, world_fact))) = (
                        population(ctx, entity, year),
                        population(ctx, "world", year),
                    ) else {
                        continue;
                    };
                    let (Some((s_lo, s_hi)), Some((r_lo, r_hi))) =
                        (interval(share), interval(ratio))
                    else {
                        continue;
                    };
                    let pop_share = pop / world;
                    let hundred = Decimal::ONE_HUNDRED;
                    let (i_lo, i_hi) = (s_lo / hundred / pop_share, s_hi / hundred / pop_share);
                    if i_lo > r_hi * (Decimal::ONE + tolerance)
                        || i_hi < r_lo * (Decimal::ONE - tolerance)
                    {
                        let implied = number(share).unwrap_or_default() / hundred / pop_share;
                        out.push(finding(
                            ratio,
                            Verdict::Inconsistent,
                            format!(
                                "{} does not fit {}: with {} of the world's population ({} of {}, {}), a {} share of emissions means per-capita emissions {}× the world average",
                                text_of(ctx, ratio),
                                text_of(ctx, share),
                                format_value((pop_share * hundred).round_dp(1), "%"),
                                format_value(pop, "count"),
                                format_value(world, "count"),
                                year,
                                text_of(ctx, share),
                                implied.round_dp(2).normalize()
                            ),
                            vec![Related { file: None, span: share.span.clone(), message: "the share it must fit".into() }],
                            Some(reference(pop_fact, pop)).filter(|_| world_fact.id != pop_fact.id),
                        ));
                    }
                }
            }
        }
        Some("per-capita") => {
            for per in ctx.claims.iter().filter(|c| {
                c.subject
                    .metric
                    .as_deref()
                    .is_some_and(|m| m.ends_with("-per-capita"))
            }) {
                let base = per
                    .subject
                    .metric
                    .as_deref()
                    .unwrap_or("")
                    .trim_end_matches("-per-capita");
                let whole_metric = if base == "ghg" {
                    "ghg-total".to_owned()
                } else {
                    base.to_owned()
                };
                for total in ctx
                    .claims
                    .iter()
                    .filter(|c| c.subject.metric.as_deref() == Some(whole_metric.as_str()))
                {
                    if !same_subject(per, total) {
                        continue;
                    }
                    let (Some(entity), Some((year, _))) =
                        (per.subject.entity.as_deref(), per.subject.period)
                    else {
                        continue;
                    };
                    let Some((pop, pop_fact)) = population(ctx, entity, year) else {
                        continue;
                    };
                    let (Some((t_lo, t_hi)), Some((p_lo, p_hi))) = (interval(total), interval(per))
                    else {
                        continue;
                    };
                    let (i_lo, i_hi) = (t_lo / pop, t_hi / pop);
                    if i_lo > p_hi * (Decimal::ONE + tolerance)
                        || i_hi < p_lo * (Decimal::ONE - tolerance)
                    {
                        let implied = number(total).unwrap_or_default() / pop;
                        out.push(finding(
                            per,
                            Verdict::Inconsistent,
                            format!(
                                "{} per person does not fit {}: divided by a population of {} ({}) that is {} per person",
                                text_of(ctx, per),
                                text_of(ctx, total),
                                format_value(pop, "count"),
                                year,
                                format_value(implied.round_dp(2), "t")
                            ),
                            vec![Related { file: None, span: total.span.clone(), message: "the total".into() }],
                            Some(reference(pop_fact, pop)),
                        ));
                    }
                }
            }
        }
        _ => {}
    }
}
