//! The `unit-gloss` kind: two renderings of one figure that disagree. A figure followed by a
//! unit in brackets (106百万瓦(gigawatts)) must mean the same with either unit; a figure
//! followed by 相当于/约合/即 and a second figure in the same unit must equal it.

use super::{Context, reference, text_of};
use crate::catalog::checks::Rule;
use crate::claim::{Claim, Kind, Qualifier, Value};
use crate::finding::{Finding, Related, Verdict};
use crate::report::format_value;
use rust_decimal::Decimal;

/// Text between two claims, without brackets, spaces and markup.
fn between<'a>(ctx: &Context<'a>, a: &Claim, b: &Claim) -> Option<&'a str> {
    ctx.text.get(a.span.end..b.span.start)
}

/// The `unit-gloss` kind.
pub fn check(rule: &Rule, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for (i, claim) in ctx.claims.iter().enumerate() {
        let (Some(value), Some(written), Some(factor), Some(unit)) = (
            claim.number(),
            claim.written,
            claim.unit_factor,
            claim.unit.as_deref(),
        ) else {
            continue;
        };
        let Some(next) = ctx.claims.get(i + 1) else {
            continue;
        };
        let Some(gap) = between(ctx, claim, next) else {
            continue;
        };
        // Trimmed only once the cheap tests on the two claims pass (most pairs fail them).
        // 106百万瓦(gigawatts): a unit alone in brackets.
        if next.value.is_none()
            && next.low.is_none()
            && matches!(gap.trim(), "(" | "（")
            && next.unit.as_deref() == Some(unit)
        {
            let Some(gloss_factor) = next.unit_factor else {
                continue;
            };
            if gloss_factor == factor {
                continue;
            }
            // A figure too large for a `Decimal` once glossed is no figure anyone wrote.
            let Some(implied) = written.checked_mul(gloss_factor) else {
                continue;
            };
            let mut message = format!(
                "{} is {}, but the gloss \"{}\" makes it {}",
                text_of(ctx, claim),
                format_value(value, unit),
                text_of(ctx, next),
                format_value(implied, unit)
            );
            // Which reading do the facts support?
            let mut reading = claim.clone();
            reading.value = Some(Value::Number(implied));
            let mut reference_found = None;
            if let Some(eval) = reference::evaluate(&reading, ctx)
                && matches!(eval.verdict, Verdict::Matches | Verdict::WithinTolerance)
            {
                message.push_str(&format!(
                    "; {} gives {}, so the gloss is right and the Chinese unit is wrong",
                    eval.fact.citation(),
                    format_value(implied, unit)
                ));
                reference_found = Some(eval.fact);
            }
            out.push(Finding {
                rule: rule.id.clone(),
                severity: rule.severity,
                verdict: Verdict::UnitMismatch,
                message,
                span: claim.span.clone(),
                related: vec![Related {
                    file: None,
                    position: None,
                    span: next.span.clone(),
                    message: "the gloss".into(),
                }],
                help: Some(rule.help.clone()),
                reference: reference_found.map(|f| crate::finding::Reference {
                    unit: unit.into(),
                    ..f.reference(implied.normalize().to_string())
                }),
            });
            continue;
        }
        // 12.06亿千瓦，相当于1206兆瓦 / 3690亿美元(约合36.9 billion dollars).
        let Some(other) = next.number() else { continue };
        if next.unit.as_deref() != Some(unit) || next.kind == Kind::Range || claim.kind != next.kind
        {
            continue;
        }
        let words = gap
            .trim()
            .trim_matches(|c: char| matches!(c, '(' | '（' | '，' | ',' | ' '));
        let approx = match words {
            "相当于" | "即" | "合" | "等于" | "i.e." | "or" => false,
            "约合" | "约为" | "约相当于" | "大约相当于" | "about" => true,
            _ if next.qualifier == Qualifier::Approx
                && ["相当于", "约合"].iter().any(|w| words.ends_with(w)) =>
            {
                true
            }
            _ => continue,
        };
        let tolerance = if approx || next.qualifier == Qualifier::Approx {
            Decimal::new(5, 2)
        } else {
            Decimal::new(1, 2)
        };
        let half = |c: &Claim| c.resolution.unwrap_or_default() / Decimal::TWO;
        let Some(slack) = (value.abs() * tolerance)
            .checked_add(half(claim))
            .and_then(|s| s.checked_add(half(next)))
        else {
            continue;
        };
        if value.checked_sub(other).is_none_or(|d| d.abs() <= slack) {
            continue;
        }
        // No ratio where there is none, or none a `Decimal` holds.
        let ratio = value
            .checked_div(other)
            .map(|r| format!(" ({}×)", r.round_dp(2).normalize()))
            .unwrap_or_default();
        out.push(Finding {
            rule: rule.id.clone(),
            severity: rule.severity,
            verdict: Verdict::UnitMismatch,
            message: format!(
                "{} ({}) and its rendering {} ({}) disagree{ratio}",
                text_of(ctx, claim),
                format_value(value, unit),
                text_of(ctx, next),
                format_value(other, unit)
            ),
            span: claim.span.clone(),
            related: vec![Related {
                file: None,
                position: None,
                span: next.span.clone(),
                message: "the other rendering".into(),
            }],
            help: Some(rule.help.clone()),
            reference: None,
        });
    }
}
