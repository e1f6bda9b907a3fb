//! The `calendar` kind: dates that cannot be right. A rule picks the test with
//! `params: {check: …}`:
//! - `weekday`: a weekday written beside a date (星期三（11月8日）) against the calendar;
//! - `age`: a person's age (74岁的解振华) against the birth date in the facts, at the
//!   article's date;
//! - `duration`: a date range (10月23日至29日) against a length of time stated with it (为期一周);
//! - `years-since`: "N years" since a year (1979年……已有44年) against the article's year.

use super::{Context, param, text_of};
use crate::catalog::checks::Rule;
use crate::catalog::facts::FactValue;
use crate::claim::{Claim, Kind, PartialDate, Qualifier, Value};
use crate::extract::dates_util::{days_from_civil, weekday_of};
use crate::finding::{Finding, Reference, Related, Verdict};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

fn finding(
    rule: &Rule,
    claim: &Claim,
    verdict: Verdict,
    message: String,
    related: Vec<Related>,
    reference: Option<Reference>,
) -> Finding {
    super::finding_of(rule, claim, verdict, message, related, reference)
}

fn same_sentence(ctx: &Context<'_>, a: &Claim, b: &Claim) -> bool {
    let (lo, hi) = if a.span.start < b.span.start {
        (a.span.end, b.span.start)
    } else {
        (b.span.end, a.span.start)
    };
    ctx.text.get(lo..hi).is_some_and(|between| {
        !between.contains(['。', '！', '？', '\n']) && between.chars().count() < 60
    })
}

/// Age in whole years on `on` of someone born on `born` (month precision is enough unless
/// `on` falls in the birth month).
fn age_on(born: PartialDate, on: PartialDate) -> Option<i32> {
    let (by, bm) = (born.year?, born.month?);
    let (oy, om) = (on.year?, on.month?);
    let had_birthday = match (om.cmp(&bm), born.day, on.day) {
        (std::cmp::Ordering::Greater, _, _) => true,
        (std::cmp::Ordering::Less, _, _) => false,
        (std::cmp::Ordering::Equal, Some(bd), Some(od)) => od >= bd,
        (std::cmp::Ordering::Equal, _, _) => return None,
    };
    Some(oy - by - i32::from(!had_birthday))
}

/// The `calendar` kind.
pub fn check(rule: &Rule, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    match param(rule, "check") {
        Some("weekday") => {
            for claim in ctx.claims {
                let (Some(Value::Date(date)), Some(written)) = (claim.value, claim.weekday) else {
                    continue;
                };
                let Some(actual) = weekday_of(date) else {
                    continue;
                };
                if actual != written {
                    let note = if claim.year_inferred {
                        " (the year is inferred from the article)"
                    } else {
                        ""
                    };
                    out.push(finding(
                        rule,
                        claim,
                        Verdict::Contradicts,
                        format!(
                            "{} says {}, but {date} was a {}{note}",
                            text_of(ctx, claim),
                            written.as_str(),
                            actual.as_str()
                        ),
                        Vec::new(),
                        None,
                    ));
                }
            }
        }
        Some("age") => {
            let Some(on) = ctx.article_date.filter(PartialDate::is_complete) else {
                return;
            };
            for claim in ctx.claims.iter().filter(|c| c.kind == Kind::Age) {
                let (Some(entity), Some(stated)) =
                    (claim.subject.entity.as_deref(), claim.number())
                else {
                    continue;
                };
                let Some(fact) = ctx.catalog.facts_for(entity, "birth-date").next() else {
                    continue;
                };
                let FactValue::Date(born) = fact.value else {
                    continue;
                };
                let Some(age) = age_on(born, on) else {
                    continue;
                };
                if Decimal::from(age) != stated && claim.qualifier == Qualifier::Exact {
                    let name = ctx
                        .catalog
                        .entities
                        .get(entity)
                        .and_then(|e| e.names.first())
                        .map_or(entity, |n| n.as_str());
                    out.push(finding(
                        rule,
                        claim,
                        Verdict::Contradicts,
                        format!("{name} was born in {born}, so was {age} on the article's date {on}, not {stated}", stated = stated.normalize()),
                        Vec::new(),
                        Some(Reference { unit: "date".into(), ..fact.reference(born.to_string()) }),
                    ));
                }
            }
        }
        Some("duration") => {
            for range in ctx
                .claims
                .iter()
                .filter(|c| c.kind == Kind::Range && c.range_of == Some(Kind::Date))
            {
                let (Some(Value::Date(lo)), Some(Value::Date(hi))) = (range.low, range.high) else {
                    continue;
                };
                if !(lo.is_complete() && hi.is_complete()) {
                    continue;
                }
                let days = days_from_civil(
                    hi.year.unwrap_or(0),
                    hi.month.unwrap_or(1),
                    hi.day.unwrap_or(1),
                ) - days_from_civil(
                    lo.year.unwrap_or(0),
                    lo.month.unwrap_or(1),
                    lo.day.unwrap_or(1),
                ) + 1;
                let Some(duration) = ctx.near(range).iter().find(|c| {
                    c.kind == Kind::Duration
                        && c.unit.as_deref() == Some("d")
                        && c.span.start > range.span.end
                        && same_sentence(ctx, range, c)
                }) else {
                    continue;
                };
                let Some(stated) = duration.number().and_then(|d| d.to_i64()) else {
                    continue;
                };
                let slack = if duration.qualifier == Qualifier::Exact {
                    0
                } else {
                    1
                };
                if (stated - days).abs() > slack {
                    out.push(finding(
                        rule,
                        duration,
                        Verdict::Inconsistent,
                        format!(
                            "{} does not fit {}: {lo} to {hi} is {days} days counting both ends",
                            text_of(ctx, duration),
                            text_of(ctx, range)
                        ),
                        vec![Related {
                            file: None,
                            position: None,
                            span: range.span.clone(),
                            message: "the dates".into(),
                        }],
                        None,
                    ));
                }
            }
        }
        Some("years-since") => {
            let Some(article_year) = ctx.article_date.and_then(|d| d.year) else {
                return;
            };
            for span in ctx
                .claims
                .iter()
                .filter(|c| c.kind == Kind::Duration && c.unit.as_deref() == Some("year"))
            {
                let after = ctx.text.get(span.span.end..).unwrap_or("");
                let before = ctx.text.get(..span.span.start).unwrap_or("");
                let since = ["历史", "之久"].iter().any(|w| after.starts_with(w))
                    || ["已有", "已经", "至今已"]
                        .iter()
                        .any(|w| before.ends_with(w));
                if !since {
                    continue;
                }
                let Some(year_claim) = ctx.near(span).iter().rev().find(|c| {
                    c.kind == Kind::Year
                        && c.span.end <= span.span.start
                        && same_sentence(ctx, c, span)
                }) else {
                    continue;
                };
                let (Some(year), Some(stated)) = (
                    year_claim.number().and_then(|y| y.to_i32()),
                    span.number().and_then(|d| d.to_i32()),
                ) else {
                    continue;
                };
                let actual = article_year - year;
                // A year either way: the anniversary may not have come yet.
                if (actual - stated).abs() > 1 {
                    out.push(finding(
                        rule,
                        span,
                        Verdict::Inconsistent,
                        format!(
                            "{} since {}: in {article_year} that is {actual} years",
                            text_of(ctx, span),
                            text_of(ctx, year_claim)
                        ),
                        vec![Related {
                            file: None,
                            position: None,
                            span: year_claim.span.clone(),
                            message: "the year".into(),
                        }],
                        None,
                    ));
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_count_birthdays() {
        let born = PartialDate {
            year: Some(1949),
            month: Some(11),
            day: None,
        };
        assert_eq!(age_on(born, PartialDate::ymd(2023, 7, 7)), Some(73));
        assert_eq!(age_on(born, PartialDate::ymd(2023, 12, 1)), Some(74));
        assert_eq!(
            age_on(born, PartialDate::ymd(2023, 11, 9)),
            None,
            "birth month without a day is ambiguous"
        );
        assert_eq!(
            age_on(PartialDate::ymd(1943, 12, 11), PartialDate::ymd(2023, 7, 7)),
            Some(79)
        );
    }
}
