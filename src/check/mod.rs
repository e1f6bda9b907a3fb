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
use rust_decimal::Decimal;

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
        &self.claims[self.near_range(claim)]
    }

    /// The claims `near` `claim` that start in `from..=to`, found by two binary searches
    /// rather than walked: what a check that looks for claims within `from..to` (starting at
    /// `from` or after, ending at `to` or before) needs to filter, a claim ending no earlier
    /// than it starts.
    pub fn near_starting(&self, claim: &Claim, from: usize, to: usize) -> &[Claim] {
        let near = self.near(claim);
        let lo = near.partition_point(|c| c.span.start < from);
        let hi = near.partition_point(|c| c.span.start <= to);
        &near[lo..hi.max(lo)]
    }

    /// Where the claims `near` `claim` are in `claims`.
    fn near_range(&self, claim: &Claim) -> std::ops::Range<usize> {
        let lo = self
            .claims
            .partition_point(|c| c.span.start + NEAR < claim.span.start);
        let hi = self
            .claims
            .partition_point(|c| c.span.start <= claim.span.end + NEAR);
        lo..hi.max(lo)
    }

    /// The positions in `claims` of the claims that pass `keep`, in text order: for
    /// `near_among`, when a check pairs a figure with a few kinds of claims only.
    pub(crate) fn select(&self, keep: impl Fn(&Claim) -> bool) -> Vec<usize> {
        (0..self.claims.len())
            .filter(|&i| keep(&self.claims[i]))
            .collect()
    }

    /// The claims `near` `claim` among `selected` (positions from `select`), in text order:
    /// `near(claim)` filtered by `select`'s test, without walking the claims that fail it.
    pub(crate) fn near_among<'s>(
        &'s self,
        claim: &Claim,
        selected: &'s [usize],
    ) -> impl Iterator<Item = (usize, &'s Claim)> + 's {
        let range = self.near_range(claim);
        let from = selected.partition_point(|&i| i < range.start);
        let to = selected.partition_point(|&i| i < range.end);
        selected[from..to].iter().map(|&i| (i, &self.claims[i]))
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
///
/// `rule.params.get(key)` hashes the key (SipHash) to look it up; a rule has a few
/// parameters, so they are compared in turn instead (checks ask for them for every document).
/// The same entry: `get` with a `&str` matches only an untagged string key equal to it (in
/// an untagged or tagged mapping), and a mapping's keys are distinct.
pub(crate) fn param<'a>(rule: &'a Rule, key: &str) -> Option<&'a str> {
    rule.params
        .as_mapping()?
        .iter()
        .find(|(k, _)| matches!(k, serde_yaml::Value::String(k) if k == key))?
        .1
        .as_str()
}

/// The original text of a claim.
pub(crate) fn text_of<'a>(ctx: &Context<'a>, claim: &Claim) -> &'a str {
    ctx.text.get(claim.span.clone()).unwrap_or("")
}

/// `d / 2`, with the value and the scale `rust_decimal`'s division gives, without its long
/// division, for the small positive numbers checks halve (a figure's resolution). An even
/// mantissa halves in place (10 → 5); for an odd one the division scales the remainder by 10⁹
/// and strips trailing zeros by 10⁴, 10² and 10 only, which leaves fifty times the mantissa
/// two places further (1 → 0.50). Anything else goes through the division.
pub(crate) fn half(d: Decimal) -> Decimal {
    let (m, scale) = (d.mantissa(), d.scale());
    if m > 0 && m < 1 << 64 && scale <= 19 {
        return if m % 2 == 0 {
            Decimal::from_i128_with_scale(m / 2, scale)
        } else {
            Decimal::from_i128_with_scale(m * 50, scale + 2)
        };
    }
    d / Decimal::TWO
}

/// Appends `d` as its `Display` writes it (shared with the reporters).
pub(crate) use crate::report::push_decimal;

#[cfg(test)]
mod tests {
    use super::*;

    /// Mantissas and scales around the edges of both helpers' fast paths.
    fn samples() -> Vec<Decimal> {
        let mut mantissas: Vec<i128> = (0..1200).collect();
        for p in 0..30 {
            let t = 10i128.pow(p);
            mantissas.extend([t - 1, t, t + 1, 3 * t, 5 * t, 7 * t + 3]);
        }
        mantissas.extend([
            (1 << 64) - 2,
            (1 << 64) - 1,
            1 << 64,
            (1 << 64) + 1,
            (1 << 96) - 1,
            (1 << 95) + 7,
            123_456_789_012_345_678_901,
        ]);
        let mut out = Vec::new();
        for &m in &mantissas {
            if m >= 1 << 96 {
                continue;
            }
            for scale in 0..=28 {
                out.push(Decimal::from_i128_with_scale(m, scale));
                out.push(Decimal::from_i128_with_scale(-m, scale));
            }
        }
        let mut negative_zero = Decimal::ZERO;
        negative_zero.set_sign_negative(true);
        out.push(negative_zero);
        out
    }

    /// Up to 40 claims in text order, some far apart, some overlapping, some of the same
    /// start, counts and percentages (`next(n)` is a random number below `n`).
    fn random_claims(next: &mut impl FnMut(u64) -> usize) -> Vec<Claim> {
        let mut at = 0;
        (0..next(40))
            .map(|_| {
                at += [0, 3, 50, 900, 2500][next(5)];
                let kind = [crate::claim::Kind::Count, crate::claim::Kind::Percent][next(2)];
                Claim::new(at..at + 1 + next(30), kind, None, None)
            })
            .collect()
    }

    /// A context of `claims` alone.
    fn context(claims: &[Claim]) -> Context<'_> {
        Context {
            text: "",
            claims,
            article_date: None,
            catalog: crate::catalog::Catalog::builtin(),
        }
    }

    #[test]
    fn near_among_is_near_filtered() {
        let mut rng = crate::test_rng::Rng(0x9e37_79b9_7f4a_7c15);
        let mut next = move |n: u64| rng.below(n) as usize;
        let (mut pairs, mut empty) = (0, 0);
        for _ in 0..300 {
            let claims = random_claims(&mut next);
            let ctx = context(&claims);
            let keep =
                |c: &Claim| c.kind == crate::claim::Kind::Count && !c.span.len().is_multiple_of(3);
            let selected = ctx.select(keep);
            for claim in &claims {
                let general: Vec<*const Claim> = ctx
                    .near(claim)
                    .iter()
                    .filter(|c| keep(c))
                    .map(std::ptr::from_ref)
                    .collect();
                let fast: Vec<*const Claim> = ctx
                    .near_among(claim, &selected)
                    .map(|(i, c)| {
                        assert!(std::ptr::eq(c, &claims[i]));
                        std::ptr::from_ref(c)
                    })
                    .collect();
                assert_eq!(fast, general);
                pairs += general.len();
                empty += usize::from(general.is_empty());
            }
        }
        assert!(pairs > 1000 && empty > 100, "{pairs} {empty}");
    }

    #[test]
    fn near_starting_holds_the_near_claims_within() {
        let mut rng = crate::test_rng::Rng(0x51f1_5eed_0bad_cafe);
        let mut next = move |n: u64| rng.below(n) as usize;
        let (mut found, mut none) = (0, 0);
        for _ in 0..300 {
            let claims = random_claims(&mut next);
            let ctx = context(&claims);
            for claim in &claims {
                for _ in 0..8 {
                    let from = claim.span.start.saturating_sub(next(2600));
                    let to = from + next(3000);
                    let within = |c: &&Claim| c.span.start >= from && c.span.end <= to;
                    let general: Vec<&Claim> = ctx.near(claim).iter().filter(within).collect();
                    let fast: Vec<&Claim> = ctx
                        .near_starting(claim, from, to)
                        .iter()
                        .filter(within)
                        .collect();
                    assert_eq!(fast, general);
                    found += general.len();
                    none += usize::from(general.is_empty());
                }
            }
        }
        assert!(found > 1000 && none > 1000, "{found} {none}");
    }

    #[test]
    fn param_finds_what_value_get_finds() {
        fn get<'a>(rule: &'a Rule, key: &str) -> Option<&'a str> {
            rule.params.get(key)?.as_str()
        }
        let mut rules: Vec<Rule> = crate::catalog::Catalog::builtin()
            .rules
            .values()
            .cloned()
            .collect();
        let mut keys: Vec<String> = ["check", "tolerance", "absolute", "entity", "nothing", ""]
            .map(String::from)
            .to_vec();
        for rule in &rules {
            if let Some(m) = rule.params.as_mapping() {
                keys.extend(m.keys().filter_map(|k| k.as_str().map(String::from)));
            }
        }
        // Parameters of other shapes: tagged keys and values, keys that are not strings,
        // values that are not strings, a tagged mapping, no mapping at all.
        let template = rules[0].clone();
        for yaml in [
            "{check: age, 1: x, true: y, ~: z, tolerance: 0.05}",
            "{!t check: age, check: !t weekday, entity: [a], absolute: 2}",
            "!t {check: age}",
            "[check, age]",
            "check",
            "~",
            "{}",
        ] {
            let mut rule = template.clone();
            rule.params = serde_yaml::from_str(yaml).unwrap();
            rules.push(rule);
        }
        let mut found = 0;
        for rule in &rules {
            for key in &keys {
                assert_eq!(
                    param(rule, key),
                    get(rule, key),
                    "{key} in {:?}",
                    rule.params
                );
                found += usize::from(param(rule, key).is_some());
            }
        }
        assert!(found > 10, "{found}");
    }

    #[test]
    fn half_is_the_division_by_two_to_the_scale() {
        let mut fast = 0;
        for d in samples() {
            let general = d / Decimal::TWO;
            let h = half(d);
            assert_eq!(
                h.serialize(),
                general.serialize(),
                "{d} (scale {})",
                d.scale()
            );
            fast += usize::from(d.mantissa() > 0 && d.mantissa() < 1 << 64 && d.scale() <= 19);
        }
        assert!(fast > 10_000, "{fast}");
    }

    #[test]
    fn push_decimal_writes_what_display_writes() {
        for d in samples() {
            let mut s = String::from("x");
            push_decimal(&mut s, d);
            assert_eq!(&s[1..], d.to_string(), "scale {}", d.scale());
            let n = d.normalize();
            s.clear();
            push_decimal(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
