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

impl EntitySpec {
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
}

impl MetricSpec {
    pub(super) fn into_metric(self) -> Metric {
        Metric {
            id: self.id,
            name: self.name,
            unit: self.unit,
            gas: self.gas,
            triggers: self.triggers,
            tolerance: self.tolerance,
            part_of: self.part_of,
        }
    }
}
