//! What claims are about: entities (中国, 美国, 全球, RGGI, 解振华 …) with their names in
//! Chinese and English, and metrics (GHG total, share of global, warming so far …) with the
//! words that signal them. Both are data in `rules/entities.yaml` and `rules/metrics.yaml`.

use super::facts::Tolerance;
use serde::Deserialize;

/// Something a figure can be about.
#[derive(Clone, Debug, PartialEq)]
pub struct Entity {
    /// Stable id (`china`).
    pub id: String,
    /// `country`, `region`, `world`, `state`, `organisation`, `agreement`, `person`, `programme`.
    pub kind: String,
    /// Names and aliases as written in articles.
    pub names: Vec<String>,
    /// ISO 3166 alpha-3 code, for dataset importers.
    pub iso3: Option<String>,
}

/// A quantity a figure can measure.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    /// Stable id (`ghg-total`).
    pub id: String,
    /// What it is, for people.
    pub name: String,
    /// Canonical unit of its figures.
    pub unit: String,
    /// Gas basis of its figures.
    pub gas: Option<String>,
    /// Words that signal it in a sentence.
    pub triggers: Vec<String>,
    /// Default tolerance of its facts.
    pub tolerance: Option<Tolerance>,
    /// A metric this one is a part of (energy CO2 ⊂ CO2 ⊂ GHG): a part cannot exceed it.
    pub part_of: Option<String>,
    /// Whether figures of one entity and period should agree across articles (false for
    /// pledges, spending items, goals and ages, which have several true values).
    pub across_articles: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EntitySpec {
    pub(super) id: String,
    kind: String,
    names: Vec<String>,
    #[serde(default)]
    iso3: Option<String>,
}

/// Whether a list of names or triggers holds an empty (or all-space) word, which would match
/// everywhere, between the bytes of a character too.
fn has_empty_word(words: &[String]) -> bool {
    words.iter().any(|w| w.trim().is_empty())
}

impl EntitySpec {
    /// Whether a name is empty.
    pub(super) fn has_empty_name(&self) -> bool {
        has_empty_word(&self.names)
    }

    pub(super) fn into_entity(self) -> Entity {
        Entity {
            id: self.id,
            kind: self.kind,
            names: self.names,
            iso3: self.iso3,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MetricSpec {
    pub(super) id: String,
    name: String,
    pub(super) unit: String,
    #[serde(default)]
    gas: Option<String>,
    #[serde(default)]
    triggers: Vec<String>,
    #[serde(default)]
    tolerance: Option<Tolerance>,
    #[serde(default)]
    part_of: Option<String>,
    #[serde(default = "yes")]
    across_articles: bool,
}

fn yes() -> bool {
    true
}

impl MetricSpec {
    /// Whether a trigger is empty.
    pub(super) fn has_empty_trigger(&self) -> bool {
        has_empty_word(&self.triggers)
    }

    pub(super) fn into_metric(self) -> Metric {
        Metric {
            id: self.id,
            name: self.name,
            unit: self.unit,
            gas: self.gas,
            triggers: self.triggers,
            tolerance: self.tolerance,
            part_of: self.part_of,
            across_articles: self.across_articles,
        }
    }
}

/// An event whose dates articles state (talks, a summit): dates, date ranges and lengths of
/// time in a sentence that names one of its `places` and one of its `words`, inside its
/// `window`, are about it. Data in `rules/events.yaml`.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Stable id (`kerry-xie-talks-2023-11`).
    pub id: String,
    /// What it is, for people.
    pub name: String,
    /// Place names, one of which the sentence must name.
    pub places: Vec<String>,
    /// Words for the event (会谈, talks), one of which the sentence must contain.
    pub words: Vec<String>,
    /// First and last day a date of the event can fall on (days since 1970-01-01).
    pub window: (i64, i64),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EventSpec {
    pub(super) id: String,
    name: String,
    places: Vec<String>,
    words: Vec<String>,
    window: [String; 2],
}

impl EventSpec {
    /// The event, or the field that is wrong and why.
    pub(super) fn into_event(self) -> Result<Event, (&'static str, String)> {
        let day = |s: &str| {
            super::facts::parse_date(s)
                .filter(crate::claim::PartialDate::is_complete)
                .map(|d| {
                    crate::extract::dates_util::days_from_civil(
                        d.year.unwrap_or(0),
                        d.month.unwrap_or(1),
                        d.day.unwrap_or(1),
                    )
                })
        };
        let (Some(from), Some(to)) = (day(&self.window[0]), day(&self.window[1])) else {
            return Err((
                "window",
                "window: two dates YYYY-MM-DD, first and last".into(),
            ));
        };
        if from > to {
            return Err(("window", "window: the first date is after the last".into()));
        }
        if self.places.is_empty() || self.words.is_empty() {
            return Err((
                "places",
                "an event needs at least one place and one word".into(),
            ));
        }
        Ok(Event {
            id: self.id,
            name: self.name,
            places: self.places,
            words: self.words,
            window: (from, to),
        })
    }
}
