//! Consistency across articles: the same subject (entity, metric, period, unit) or the same
//! event stated differently by the articles of one batch (the files of one `check`, an
//! `audit`, or a draft against the ledger of published articles).
//!
//! Each document yields `Statement`s (`statements.rs`): what a figure or an event's dates allow.
//! A `Batch` groups them by subject key and, within a key, by distinct statement, so the cost
//! grows with the number of statements and distinct values, never with pairs of articles; a
//! batch keeps a few examples per distinct value, so its memory is bounded by the catalog's
//! subjects and the values written, not by the number of articles. Two statements conflict when
//! no single truth fits both (`Stated::conflicts`); each conflicting statement gets one finding
//! with the nearest disagreeing statements of other articles as related locations.

pub mod statements;

use crate::catalog::Catalog;
use crate::catalog::checks::Rule;
use crate::claim::PartialDate;
use crate::finding::{Finding, Related, Verdict};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::Arc;

/// What a statement allows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Stated {
    /// A figure: the values it allows at the precision and hedge written (`None`: unbounded).
    Between {
        /// Lowest value allowed.
        low: Option<Decimal>,
        /// Highest value allowed.
        high: Option<Decimal>,
    },
    /// An event's dates, in days since 1970-01-01, as far as the article gives them.
    Event {
        /// First day.
        first: Option<i64>,
        /// Last day.
        last: Option<i64>,
        /// Length in days, both ends counted.
        days: Option<i64>,
        /// A day the event included, when the article gives no more.
        on: Option<i64>,
    },
}

impl Stated {
    /// Whether no single truth fits both.
    pub fn conflicts(&self, other: &Stated) -> bool {
        match (self, other) {
            (Stated::Between { low: a, high: b }, Stated::Between { low: c, high: d }) => {
                matches!((b, c), (Some(b), Some(c)) if b < c)
                    || matches!((d, a), (Some(d), Some(a)) if d < a)
            }
            (
                Stated::Event {
                    first: f1,
                    last: l1,
                    days: d1,
                    on: o1,
                },
                Stated::Event {
                    first: f2,
                    last: l2,
                    days: d2,
                    on: o2,
                },
            ) => {
                let differ = |a: &Option<i64>, b: &Option<i64>| matches!((a, b), (Some(a), Some(b)) if a != b);
                let outside = |on: &Option<i64>, first: &Option<i64>, last: &Option<i64>| {
                    on.is_some_and(|d| first.is_some_and(|f| d < f) || last.is_some_and(|l| d > l))
                };
                differ(f1, f2)
                    || differ(l1, l2)
                    || differ(d1, d2)
                    || outside(o1, f2, l2)
                    || outside(o2, f1, l1)
            }
            _ => false,
        }
    }

    /// A number to order statements of one key by (the figure's middle, the event's first day).
    fn position(&self) -> Decimal {
        match self {
            Stated::Between { low, high } => match (low, high) {
                (Some(a), Some(b)) => (a + b) / Decimal::TWO,
                (Some(a), None) => *a,
                (None, Some(b)) => *b,
                (None, None) => Decimal::ZERO,
            },
            Stated::Event {
                first, last, on, ..
            } => Decimal::from(first.or(*on).or(*last).unwrap_or(0)),
        }
    }
}

/// One thing a document states about a subject that other documents may also state. Its
/// strings are shared: the key and subject of a document's statements about one subject are
/// made once, and a figure's text is also how it is shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// The subject: `figure <entity> <metric> <from>-<to> <unit>` or `event <id>`.
    pub key: Arc<str>,
    /// The subject for people: `中国, total greenhouse-gas emissions, 2022`.
    pub about: Arc<str>,
    /// What it allows.
    pub stated: Stated,
    /// The main claim's byte range in the document.
    pub span: Range<usize>,
    /// Its line, 1-based.
    pub line: usize,
    /// Its column, 1-based, in characters.
    pub column: usize,
    /// The claim as written (`139亿吨`, `11月4—7日`).
    pub text: Arc<str>,
    /// The statement for people (`139亿吨`, `2023-11-04 to 2023-11-07, 4 days`).
    pub shown: Arc<str>,
    /// Other claims of the same document that went into it (the length beside an end date).
    pub parts: Vec<Range<usize>>,
}

impl Statement {
    /// The rule (`params.check`) that judges statements of this key.
    pub fn check(&self) -> &'static str {
        if self.key.starts_with("event ") {
            "events"
        } else {
            "figures"
        }
    }
}

/// A document of a batch.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    /// Its name (path or id).
    pub name: String,
    /// When it was published, if known (ledger entries).
    pub date: Option<PartialDate>,
}

/// Where a statement was made, kept as an example of its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// The document's index in the batch.
    pub doc: usize,
    /// The claim's byte range.
    pub span: Range<usize>,
    /// Line, 1-based.
    pub line: usize,
    /// Column, 1-based, in characters.
    pub column: usize,
    /// The claim as written.
    pub text: Arc<str>,
}

/// Examples kept per distinct value: enough to point at, bounded whatever the batch size.
const EXAMPLES: usize = 3;

/// One distinct statement of a key, with the documents that make it.
#[derive(Clone, Debug)]
pub struct Variant {
    /// What it allows.
    pub stated: Stated,
    /// For people.
    pub shown: Arc<str>,
    /// How many documents make it.
    pub docs: usize,
    /// The first few places it is made.
    pub examples: Vec<Example>,
    last_doc: usize,
}

#[derive(Clone, Debug, Default)]
struct Group {
    about: Arc<str>,
    check: &'static str,
    variants: Vec<Variant>,
    index: FxHashMap<Stated, usize>,
    /// Per variant: the conflicting variants nearest first (at most `EXAMPLES`) and how many
    /// documents make a conflicting statement. Filled by `settle`.
    conflicts: Vec<(Vec<usize>, usize)>,
}

/// A key whose statements conflict, for reports.
#[derive(Clone, Debug)]
pub struct Cluster<'b> {
    /// The subject key.
    pub key: &'b str,
    /// The subject for people.
    pub about: &'b str,
    /// `figures` or `events`.
    pub check: &'static str,
    /// Its distinct statements, in order of value; every one conflicts with another.
    pub variants: Vec<&'b Variant>,
}

/// Statements of many documents, grouped by key and value.
#[derive(Clone, Debug, Default)]
pub struct Batch {
    docs: Vec<Source>,
    /// The documents' names, shared with the findings that point at them.
    names: Vec<Arc<str>>,
    groups: FxHashMap<Arc<str>, Group>,
    settled: bool,
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Self {
        Batch::default()
    }

    /// Adds a document and its statements; returns the document's index.
    pub fn add(&mut self, source: Source, statements: &[Statement]) -> usize {
        let doc = self.docs.len();
        self.names.push(source.name.as_str().into());
        self.docs.push(source);
        self.settled = false;
        for s in statements {
            // Looked up by the borrowed key: most statements repeat a key already seen, and
            // `entry` would take an owned copy of it every time.
            if !self.groups.contains_key(&*s.key) {
                let group = Group {
                    about: s.about.clone(),
                    check: s.check(),
                    ..Group::default()
                };
                self.groups.insert(s.key.clone(), group);
            }
            let group = self
                .groups
                .get_mut(&*s.key)
                .expect("the group was inserted above");
            let i = *group.index.entry(s.stated.clone()).or_insert_with(|| {
                group.variants.push(Variant {
                    stated: s.stated.clone(),
                    shown: s.shown.clone(),
                    docs: 0,
                    examples: Vec::new(),
                    last_doc: usize::MAX,
                });
                group.variants.len() - 1
            });
            let v = &mut group.variants[i];
            if v.last_doc != doc {
                v.last_doc = doc;
                v.docs += 1;
                if v.examples.len() < EXAMPLES {
                    v.examples.push(Example {
                        doc,
                        span: s.span.clone(),
                        line: s.line,
                        column: s.column,
                        text: s.text.clone(),
                    });
                }
            }
        }
        doc
    }

    /// The documents added so far.
    pub fn sources(&self) -> &[Source] {
        &self.docs
    }

    /// Works out which statements conflict. Call after the last `add`, before `findings`.
    pub fn settle(&mut self) {
        for group in self.groups.values_mut() {
            group.conflicts = conflicts_of(&group.variants);
        }
        self.settled = true;
    }

    /// The findings for document `doc` whose statements are `statements` (as added). Rules
    /// absent from the catalog give nothing.
    pub fn findings(
        &self,
        doc: usize,
        statements: &[Statement],
        catalog: &Catalog,
    ) -> Vec<Finding> {
        assert!(self.settled, "Batch::settle before Batch::findings");
        let find_rule = |check: &str| {
            catalog.rules.values().find(|r| {
                r.kind == crate::catalog::checks::RuleKind::Consistency
                    && crate::check::param(r, "check") == Some(check)
            })
        };
        // Looked up once per call for each of the two checks (`Statement::check`).
        let (mut figures, mut events) = (None, None);
        let mut rule_for = |check: &'static str| {
            let cached = if check == "events" {
                &mut events
            } else {
                &mut figures
            };
            *cached.get_or_insert_with(|| find_rule(check))
        };
        // The variants this document states, as (key, variant index), sorted: which variants
        // are its own, and (with `done`) which it has had a finding on. A key stands for its
        // group, compared by address (one group per key; cheaper than comparing the strings).
        let variant_of = |s: &Statement| {
            let group = self.groups.get(&*s.key)?;
            let &i = group.index.get(&s.stated)?;
            Some((std::ptr::from_ref(group) as usize, group, i))
        };
        let resolved: Vec<Option<(usize, &Group, usize)>> =
            statements.iter().map(variant_of).collect();
        let mut own: Vec<(usize, usize)> = resolved
            .iter()
            .flatten()
            .map(|&(key, _, i)| (key, i))
            .collect();
        own.sort_unstable();
        own.dedup();
        let mut done = vec![false; own.len()];
        let mut out = Vec::new();
        for (s, found) in statements.iter().zip(&resolved) {
            let Some((key, group, i)) = *found else {
                continue;
            };
            let Ok(at) = own.binary_search(&(key, i)) else {
                continue;
            };
            if std::mem::replace(&mut done[at], true) {
                continue;
            }
            let Some((nearest, docs)) = group.conflicts.get(i) else {
                continue;
            };
            // Documents of other articles that conflict (this one may make a conflicting
            // statement itself, which is for the arithmetic checks, not this one).
            let from = own.partition_point(|&(k, _)| k < key);
            let to = own.partition_point(|&(k, _)| k <= key);
            let own_conflicting = own[from..to]
                .iter()
                .filter(|&&(_, j)| s.stated.conflicts(&group.variants[j].stated))
                .count();
            let others = docs.saturating_sub(own_conflicting);
            if others == 0 {
                continue;
            }
            let Some(rule) = rule_for(group.check) else {
                continue;
            };
            if let Some(f) = self.finding(rule, doc, s, group, nearest, others) {
                out.push(f);
            }
        }
        out
    }

    fn finding(
        &self,
        rule: &Rule,
        doc: usize,
        s: &Statement,
        group: &Group,
        nearest: &[usize],
        others: usize,
    ) -> Option<Finding> {
        let mut related = Vec::new();
        let mut first: Option<String> = None;
        for &j in nearest {
            let v = &group.variants[j];
            let Some(e) = v.examples.iter().find(|e| e.doc != doc) else {
                continue;
            };
            let source = &self.docs[e.doc];
            let when = source.date.map(|d| format!(" on {d}")).unwrap_or_default();
            // "<shown> in <name><when>", said of the first only.
            first.get_or_insert_with(|| concat(&[&v.shown, " in ", &source.name, &when]));
            related.push(Related {
                file: Some(self.names[e.doc].clone()),
                position: Some((e.line, e.column)),
                span: e.span.clone(),
                message: concat(&[&e.text, &when, ": ", &v.shown]),
            });
        }
        let first = first?;
        for part in &s.parts {
            related.push(Related {
                file: None,
                position: None,
                span: part.clone(),
                message: "also part of this statement".into(),
            });
        }
        // "; 2 more articles disagree too", written into the message rather than formatted
        // on its own first.
        let mut count = itoa::Buffer::new();
        let more: [&str; 3] = match others.saturating_sub(1) {
            0 => ["", "", ""],
            1 => ["; 1 more article disagrees too", "", ""],
            n => ["; ", count.format(n), " more articles disagree too"],
        };
        let message = concat(&[
            &group.about,
            ": this article says ",
            &s.shown,
            ", but ",
            &first,
            more[0],
            more[1],
            more[2],
        ]);
        Some(Finding {
            rule: rule.id.clone(),
            severity: rule.severity,
            verdict: Verdict::Inconsistent,
            message,
            span: s.span.clone(),
            related,
            help: Some(rule.help.clone()),
            reference: None,
        })
    }

    /// The keys with conflicting statements, sorted by key; each lists only the variants that
    /// conflict with another.
    pub fn clusters(&self) -> Vec<Cluster<'_>> {
        assert!(self.settled, "Batch::settle before Batch::clusters");
        let mut out: Vec<Cluster<'_>> = self
            .groups
            .iter()
            .filter_map(|(key, g)| {
                let mut variants: Vec<&Variant> = g
                    .variants
                    .iter()
                    .zip(&g.conflicts)
                    .filter(|(_, (nearest, _))| !nearest.is_empty())
                    .map(|(v, _)| v)
                    .collect();
                if variants.is_empty() {
                    return None;
                }
                variants.sort_by_key(|v| v.stated.position());
                Some(Cluster {
                    key,
                    about: &g.about,
                    check: g.check,
                    variants,
                })
            })
            .collect();
        out.sort_by(|a, b| a.key.cmp(b.key));
        out
    }
}

/// The pieces one after another (what `format!` of them gives, without its machinery).
fn concat(pieces: &[&str]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    pieces.iter().for_each(|p| out.push_str(p));
    out
}

/// For each variant: the conflicting variants, nearest first (at most `EXAMPLES`), and the
/// number of documents that make a conflicting statement. Figures are intervals, so sorting
/// by their ends finds the disjoint ones in O(d log d); events are few and compared pairwise.
fn conflicts_of(variants: &[Variant]) -> Vec<(Vec<usize>, usize)> {
    let intervals: Option<Vec<(Option<Decimal>, Option<Decimal>)>> = variants
        .iter()
        .map(|v| match v.stated {
            Stated::Between { low, high } => Some((low, high)),
            Stated::Event { .. } => None,
        })
        .collect();
    let Some(intervals) = intervals else {
        return variants
            .iter()
            .map(|v| {
                let mut hits: Vec<usize> = (0..variants.len())
                    .filter(|&j| v.stated.conflicts(&variants[j].stated))
                    .collect();
                let docs = hits.iter().map(|&j| variants[j].docs).sum();
                hits.sort_by_key(|&j| std::cmp::Reverse(variants[j].docs));
                hits.truncate(EXAMPLES);
                (hits, docs)
            })
            .collect();
    };
    // Variants ordered by their upper end (unbounded last) and by their lower end.
    let mut by_high: Vec<usize> = (0..variants.len())
        .filter(|&i| intervals[i].1.is_some())
        .collect();
    by_high.sort_by_key(|&i| intervals[i].1);
    let mut by_low: Vec<usize> = (0..variants.len())
        .filter(|&i| intervals[i].0.is_some())
        .collect();
    by_low.sort_by_key(|&i| intervals[i].0);
    let mut docs_below = vec![0usize; by_high.len() + 1];
    for (k, &i) in by_high.iter().enumerate() {
        docs_below[k + 1] = docs_below[k] + variants[i].docs;
    }
    let mut docs_above = vec![0usize; by_low.len() + 1];
    for (k, &i) in by_low.iter().enumerate().rev() {
        docs_above[k] = docs_above[k + 1] + variants[i].docs;
    }
    (0..variants.len())
        .map(|i| {
            let (low, high) = intervals[i];
            let mut nearest = Vec::new();
            let mut docs = 0;
            if let Some(low) = low {
                // Variants entirely below: upper end < low.
                let k = by_high.partition_point(|&j| intervals[j].1.is_some_and(|h| h < low));
                docs += docs_below[k];
                nearest.extend(by_high[..k].iter().rev().take(EXAMPLES).copied());
            }
            if let Some(high) = high {
                // Variants entirely above: lower end > high.
                let k = by_low.partition_point(|&j| intervals[j].0.is_some_and(|l| l <= high));
                docs += docs_above[k];
                nearest.extend(by_low[k..].iter().take(EXAMPLES).copied());
            }
            nearest.sort_by_key(|&j| std::cmp::Reverse(variants[j].docs));
            nearest.truncate(EXAMPLES);
            (nearest, docs)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn between(low: i64, high: i64) -> Stated {
        Stated::Between {
            low: Some(Decimal::from(low)),
            high: Some(Decimal::from(high)),
        }
    }

    fn statement(key: &str, stated: Stated, text: &str) -> Statement {
        Statement {
            key: key.into(),
            about: key.into(),
            stated,
            span: 0..text.len(),
            line: 1,
            column: 1,
            text: text.into(),
            shown: text.into(),
            parts: Vec::new(),
        }
    }

    #[test]
    fn intervals_conflict_only_when_disjoint() {
        assert!(between(1, 2).conflicts(&between(3, 4)));
        assert!(between(3, 4).conflicts(&between(1, 2)));
        assert!(!between(1, 3).conflicts(&between(3, 4)));
        let at_least = Stated::Between {
            low: Some(Decimal::from(5)),
            high: None,
        };
        assert!(at_least.conflicts(&between(1, 2)));
        assert!(!at_least.conflicts(&between(1, 9)));
    }

    #[test]
    fn events_conflict_on_any_known_part() {
        let a = Stated::Event {
            first: Some(4),
            last: Some(7),
            days: Some(4),
            on: None,
        };
        let b = Stated::Event {
            first: Some(4),
            last: Some(8),
            days: Some(5),
            on: None,
        };
        let on = |d| Stated::Event {
            first: None,
            last: None,
            days: None,
            on: Some(d),
        };
        assert!(a.conflicts(&b));
        assert!(!a.conflicts(&on(6)));
        assert!(a.conflicts(&on(8)));
        assert!(!b.conflicts(&on(8)));
    }

    #[test]
    fn many_documents_cost_by_distinct_value() {
        // 10,000 documents, three distinct values: the batch keeps three variants with three
        // examples each, and every document of the odd value out conflicts with the others.
        let mut batch = Batch::new();
        let mut all = Vec::new();
        for i in 0..10_000 {
            let s = match i % 100 {
                0 => statement("k", between(20, 21), "20"),
                1..50 => statement("k", between(10, 11), "10"),
                _ => statement("k", between(11, 12), "11"),
            };
            let doc = batch.add(
                Source {
                    name: format!("d{i}"),
                    date: None,
                },
                std::slice::from_ref(&s),
            );
            all.push((doc, s));
        }
        assert_eq!(batch.groups["k"].variants.len(), 3);
        assert!(
            batch.groups["k"]
                .variants
                .iter()
                .all(|v| v.examples.len() == 3)
        );
        batch.settle();
        let catalog = Catalog::builtin();
        let flagged: Vec<Finding> = all
            .iter()
            .flat_map(|(doc, s)| batch.findings(*doc, std::slice::from_ref(s), catalog))
            .collect();
        // The 100 documents saying 20 conflict with the 9,900 others, and those with them.
        assert_eq!(flagged.len(), 10_000);
        let odd = batch.findings(all[0].0, std::slice::from_ref(&all[0].1), catalog);
        assert!(
            odd[0].message.contains("9899 more articles"),
            "{}",
            odd[0].message
        );
        let clusters = batch.clusters();
        assert_eq!(clusters.len(), 1);
        assert_eq!(clusters[0].variants.len(), 3);
    }

    /// `Batch::findings` as it was before it sorted the document's own variants: a set of
    /// (key, statement) pairs, and every variant of the key checked against it.
    fn findings_by_hashing(
        batch: &Batch,
        doc: usize,
        statements: &[Statement],
        catalog: &Catalog,
    ) -> Vec<Finding> {
        let rule_for = |check: &str| {
            catalog.rules.values().find(|r| {
                r.kind == crate::catalog::checks::RuleKind::Consistency
                    && crate::check::param(r, "check") == Some(check)
            })
        };
        let own: HashSet<(&str, &Stated)> =
            statements.iter().map(|s| (&*s.key, &s.stated)).collect();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for s in statements {
            if !seen.insert((&*s.key, &s.stated)) {
                continue;
            }
            let Some(group) = batch.groups.get(&s.key) else {
                continue;
            };
            let Some(&i) = group.index.get(&s.stated) else {
                continue;
            };
            let Some((nearest, docs)) = group.conflicts.get(i) else {
                continue;
            };
            let own_conflicting = group
                .variants
                .iter()
                .filter(|v| s.stated.conflicts(&v.stated) && own.contains(&(&*s.key, &v.stated)))
                .count();
            let others = docs.saturating_sub(own_conflicting);
            if others == 0 {
                continue;
            }
            let Some(rule) = rule_for(group.check) else {
                continue;
            };
            out.extend(batch.finding(rule, doc, s, group, nearest, others));
        }
        out
    }

    #[test]
    fn findings_agree_with_the_hashing_version() {
        // Documents with repeated statements, conflicting statements of their own, two keys
        // that share values, and a statement of a key no document added.
        let keys = ["figure a", "figure b"];
        let mut docs = Vec::new();
        let mut batch = Batch::new();
        for d in 0..40usize {
            let mut statements = Vec::new();
            for k in 0..(d % 5 + 1) {
                let v = ((d * 7 + k * 3) % 6) as i64 * 2;
                let key = keys[(d + k) % 2];
                statements.push(statement(key, between(v, v + 1), &format!("{v}")));
                if k == 2 {
                    statements.push(statement(key, between(v, v + 1), "again"));
                }
            }
            let doc = batch.add(
                Source {
                    name: format!("d{d}"),
                    date: None,
                },
                &statements,
            );
            statements.push(statement("figure c", between(1, 2), "1"));
            docs.push((doc, statements));
        }
        batch.settle();
        let catalog = Catalog::builtin();
        let mut total = 0;
        for (doc, statements) in &docs {
            let fast = batch.findings(*doc, statements, catalog);
            assert_eq!(fast, findings_by_hashing(&batch, *doc, statements, catalog));
            total += fast.len();
        }
        assert!(total > 20, "{total} findings");
    }

    #[test]
    fn a_document_does_not_conflict_with_itself() {
        let mut batch = Batch::new();
        let both = [
            statement("k", between(1, 2), "1"),
            statement("k", between(5, 6), "5"),
        ];
        let doc = batch.add(
            Source {
                name: "a".into(),
                date: None,
            },
            &both,
        );
        batch.settle();
        assert!(batch.findings(doc, &both, Catalog::builtin()).is_empty());
    }
}
