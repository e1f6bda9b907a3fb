//! The `goal` kind: a statement of a long-term temperature goal against what the agreement
//! says. For the Paris Agreement (Art. 2.1(a)) that is "well below 2 °C" (official Chinese text:
//! 低于2°C之内) and "pursuing efforts to limit the increase to 1.5 °C". A goal stated without
//! "well below", or 1.5 °C written as a floor (1.5摄氏度以上), is imprecise; any other value is
//! wrong. Goals of other bodies (the Under2 Coalition's 2 °C) and projections are not checked.

use super::{Context, param, text_of};
use crate::catalog::checks::{Rule, Severity};
use crate::claim::{Claim, Kind, Qualifier};
use crate::finding::{Finding, Verdict};
use rust_decimal::Decimal;
use std::str::FromStr;

/// The `goal` kind.
pub fn check(rule: &Rule, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(entity) = param(rule, "entity") else {
        return;
    };
    let limit = param(rule, "limit").and_then(|v| Decimal::from_str(v).ok());
    let aspiration = param(rule, "aspiration").and_then(|v| Decimal::from_str(v).ok());
    let (Some(limit), Some(aspiration)) = (limit, aspiration) else {
        return;
    };
    let goals: Vec<&Claim> = ctx
        .claims
        .iter()
        .filter(|c| {
            c.kind == Kind::Temperature
                && c.subject.metric.as_deref() == Some("temperature-goal")
                && c.subject.entity.as_deref() == Some(entity)
        })
        .collect();
    for claim in &goals {
        let Some(v) = claim.number() else { continue };
        let written = text_of(ctx, claim);
        // Is the other half of the goal stated close by (the same sentence or the next)?
        // Goals are in text order: look only at those within 400 bytes (linear, not
        // quadratic, in a long dump with many temperatures).
        let near = |target: Decimal| {
            let lo = goals.partition_point(|o| o.span.start + 400 <= claim.span.start);
            goals[lo..]
                .iter()
                .take_while(|o| o.span.start < claim.span.start + 400)
                .any(|o| !std::ptr::eq(*o, *claim) && o.number() == Some(target))
        };
        let (severity, verdict, message) = if v == limit {
            match claim.qualifier {
                Qualifier::LessThan => continue,
                _ => {
                    let also = if near(aspiration) {
                        ""
                    } else {
                        " and leaves out the effort to limit warming to 1.5 ℃"
                    };
                    (
                        rule.severity,
                        Verdict::Imprecise,
                        format!(
                            "{written} drops \"well below\" (低于) from the Paris Agreement's goal of holding warming well below 2 ℃{also}"
                        ),
                    )
                }
            }
        } else if v == aspiration {
            match claim.qualifier {
                Qualifier::AtLeast | Qualifier::MoreThan => (
                    rule.severity,
                    Verdict::Imprecise,
                    format!(
                        "{written} turns the 1.5 ℃ limit into a floor: the Paris Agreement pursues efforts to limit warming to 1.5 ℃, within a goal of well below 2 ℃"
                    ),
                ),
                _ if near(limit) => continue,
                _ => (
                    Severity::Info,
                    Verdict::Imprecise,
                    format!(
                        "{written} gives only the 1.5 ℃ aspiration; the Paris goal is to hold warming well below 2 ℃ and pursue efforts to limit it to 1.5 ℃"
                    ),
                ),
            }
        } else {
            (
                Severity::Error,
                Verdict::Contradicts,
                format!(
                    "{written} is not a Paris Agreement goal: it holds warming well below 2 ℃ and pursues 1.5 ℃"
                ),
            )
        };
        out.push(Finding {
            rule: rule.id.clone(),
            severity,
            verdict,
            message,
            span: claim.span.clone(),
            related: Vec::new(),
            help: Some(rule.help.clone()),
            reference: None,
        });
    }
}
