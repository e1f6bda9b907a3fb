//! Compiled matchers over the names of entities and the trigger words of metrics, used by
//! attribution to find what a sentence is about.

use super::subjects::{Entity, Metric};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::BTreeMap;

/// A name or trigger found in text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention<'c> {
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset where it ends.
    pub end: usize,
    /// The entity or metric id.
    pub id: &'c str,
}

/// Finds entity names and metric triggers.
#[derive(Debug)]
pub struct SubjectIndex {
    entity_names: AhoCorasick,
    entity_ids: Vec<String>,
    metric_triggers: AhoCorasick,
    metric_ids: Vec<String>,
    trigger_words: Vec<String>,
    /// Per trigger pattern: every trigger (pattern index) with the same word, ignoring ASCII
    /// case, itself included: one word may signal several metrics.
    same_word: Vec<Vec<usize>>,
}

fn build(words: &[String]) -> AhoCorasick {
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(words)
        .expect("plain word lists always compile")
}

/// A match of an ASCII word must not be part of a longer word (US in USD).
fn on_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let word = &text[start..end];
    let first = word
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let last = word
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let before = text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let after = text[end..]
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    !(first && before || last && after)
}

impl SubjectIndex {
    /// Compiles the names and triggers of the catalog.
    pub fn new(entities: &BTreeMap<String, Entity>, metrics: &BTreeMap<String, Metric>) -> Self {
        let (mut names, mut entity_ids) = (Vec::new(), Vec::new());
        for e in entities.values() {
            for n in &e.names {
                names.push(n.clone());
                entity_ids.push(e.id.clone());
            }
        }
        let (mut triggers, mut metric_ids) = (Vec::new(), Vec::new());
        for m in metrics.values() {
            for t in &m.triggers {
                triggers.push(t.clone());
                metric_ids.push(m.id.clone());
            }
        }
        let mut groups: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for (i, t) in triggers.iter().enumerate() {
            groups.entry(t.to_ascii_lowercase()).or_default().push(i);
        }
        let same_word = triggers
            .iter()
            .map(|t| groups[&t.to_ascii_lowercase()].clone())
            .collect();
        SubjectIndex {
            entity_names: build(&names),
            entity_ids,
            metric_triggers: build(&triggers),
            metric_ids,
            trigger_words: triggers,
            same_word,
        }
    }

    /// Entity names in `text`.
    pub fn entities<'c, 't>(
        &'c self,
        text: &'t str,
    ) -> impl Iterator<Item = Mention<'c>> + use<'c, 't> {
        self.entity_names
            .find_iter(text)
            .filter(move |m| on_word_boundary(text, m.start(), m.end()))
            .map(|m| Mention {
                start: m.start(),
                end: m.end(),
                id: &self.entity_ids[m.pattern().as_usize()],
            })
    }

    /// Metric triggers in `text`, with every metric a trigger word belongs to (one word may
    /// signal several metrics; attribution picks by unit).
    pub fn metrics<'c, 't>(
        &'c self,
        text: &'t str,
    ) -> impl Iterator<Item = (Mention<'c>, &'c str)> + use<'c, 't> {
        self.metric_triggers
            .find_iter(text)
            .filter(move |m| on_word_boundary(text, m.start(), m.end()))
            .flat_map(move |m| {
                self.same_word[m.pattern().as_usize()]
                    .iter()
                    .map(move |&i| {
                        (
                            Mention {
                                start: m.start(),
                                end: m.end(),
                                id: &self.metric_ids[i],
                            },
                            self.trigger_words[i].as_str(),
                        )
                    })
            })
    }
}
