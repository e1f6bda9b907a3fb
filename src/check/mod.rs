//! Checking: runs every rule of the catalog over the claims of one document and returns
//! findings. Check kinds are a closed set in Rust (one module each); rules are data that pick
//! a kind and give it parameters. Checking never fails: a claim it cannot judge gives nothing.

mod arithmetic;
mod calendar;
mod gloss;
mod goal;
pub mod reference;

use crate::catalog::Catalog;
use crate::catalog::checks::{Rule, RuleKind};
use crate::claim::{Claim, PartialDate};
use crate::finding::Finding;

/// Everything a check may look at for one document.
pub struct Context<'a> {
    /// The document text (original).
    pub text: &'a str,
    /// Its claims, in text order, attributed.
    pub claims: &'a [Claim],
    /// The article's date, when known.
    pub article_date: Option<PartialDate>,
    /// The catalog.
    pub catalog: &'a Catalog,
}

/// How far, in bytes, checks look for the other figures a figure relates to (its part, its
/// whole, its endpoints): about a paragraph. Keeps every check linear in the number of claims.
pub const NEAR: usize = 2000;

impl Context<'_> {
    /// The claims that start within `NEAR` bytes of `claim` (claims are in text order).
    pub fn near(&self, claim: &Claim) -> &[Claim] {
        let lo = self
            .claims
            .partition_point(|c| c.span.start + NEAR < claim.span.start);
        let hi = self
            .claims
            .partition_point(|c| c.span.start <= claim.span.end + NEAR);
        &self.claims[lo..hi.max(lo)]
    }
}

/// Options of a check run.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Also report claims that agree with their reference (`--verified`).
    pub verified: bool,
}

/// Runs every rule on one document. Findings come out sorted by position, then rule.
pub fn check(ctx: &Context<'_>, options: &Options) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in ctx.catalog.rules.values() {
        run_rule(rule, ctx, options, &mut findings);
    }
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
    findings
}

/// Runs one rule.
pub fn run_rule(rule: &Rule, ctx: &Context<'_>, options: &Options, out: &mut Vec<Finding>) {
    match rule.kind {
        RuleKind::Reference => reference::check_reference(rule, ctx, options, out),
        RuleKind::Outdated => reference::check_outdated(rule, ctx, out),
        RuleKind::Goal => goal::check(rule, ctx, out),
        RuleKind::UnitGloss => gloss::check(rule, ctx, out),
        RuleKind::Arithmetic => arithmetic::check(rule, ctx, out),
        RuleKind::Calendar => calendar::check(rule, ctx, out),
        // Across documents: `crate::consistency` runs these over a batch.
        RuleKind::Consistency => {}
    }
}

/// A finding of `rule` on `claim`, with the rule's severity and help.
pub(crate) fn finding_of(
    rule: &Rule,
    claim: &Claim,
    verdict: crate::finding::Verdict,
    message: String,
    related: Vec<crate::finding::Related>,
    reference: Option<crate::finding::Reference>,
) -> Finding {
    Finding {
        rule: rule.id.clone(),
        severity: rule.severity,
        verdict,
        message,
        span: claim.span.clone(),
        related,
        help: Some(rule.help.clone()),
        reference,
    }
}

/// A parameter of a rule as text (`params: {check: age}`).
pub(crate) fn param<'a>(rule: &'a Rule, key: &str) -> Option<&'a str> {
    rule.params.get(key)?.as_str()
}

/// The original text of a claim.
pub(crate) fn text_of<'a>(ctx: &Context<'a>, claim: &Claim) -> &'a str {
    ctx.text.get(claim.span.clone()).unwrap_or("")
}
