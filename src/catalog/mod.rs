//! The catalog: everything in `rules/` (unit vocabulary, entities, metrics, reference facts
//! and check rules), embedded in the binary at build time and overlaid with `--rules DIR`.
//! Loading validates every file and reports each problem as a diagnostic that points at the
//! line and column in that file; a broken file never stops the other files from loading.

// Rule errors carry their file for the code frame; they are rare and off the hot path, so
// their size does not matter.
#![allow(clippy::result_large_err)]

pub mod checks;
pub mod facts;
pub mod import;
pub mod index;
pub mod subjects;

use crate::vocab::Vocabulary;
use facts::{Fact, FactSpec};
use miette::{Diagnostic, NamedSource, SourceSpan};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;
use subjects::{Entity, EntitySpec, Metric, MetricSpec};

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

mod spans;
use spans::item_spans;

/// A file of the catalog: its display name and text.
#[derive(Clone, Debug)]
pub struct RuleFile {
    /// `rules/facts/paris.yaml` for embedded files, the path as found for `--rules` files.
    pub name: String,
    /// The path relative to the rules folder (`facts/paris.yaml`): what the file is.
    pub rel: String,
    /// The YAML text.
    pub text: Arc<str>,
}

/// A place in a catalog file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// Index into `Catalog::files`.
    pub file: usize,
    /// Display name of the file.
    pub file_name: String,
    /// Byte range of the item (a fact, a rule field) in the file.
    pub span: std::ops::Range<usize>,
    /// 1-based line of the item.
    pub line: usize,
}

/// A problem in a catalog file, pointing at the place.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(emcheck::rules))]
pub struct RuleError {
    /// What is wrong.
    pub message: String,
    /// The file, for the code frame.
    #[source_code]
    pub src: NamedSource<Arc<str>>,
    /// Where.
    #[label("here")]
    pub span: SourceSpan,
    /// How to fix it.
    #[help]
    pub help: Option<String>,
}

impl RuleError {
    /// An error at a file position.
    pub fn new(file: &RuleFile, span: std::ops::Range<usize>, message: String) -> Self {
        RuleError {
            message: format!("{}: {message}", file.name),
            src: NamedSource::new(file.name.clone(), file.text.clone()),
            span: span.into(),
            help: None,
        }
    }

    /// An error at an entry of `file`, pointing at `field` when it is written in the entry.
    pub fn at(file: &RuleFile, location: &Location, field: Option<&str>, message: String) -> Self {
        let span = field
            .and_then(|f| field_span(&file.text, &location.span, f))
            .unwrap_or(location.span.clone());
        RuleError {
            message: format!("{}:{}: {message}", location.file_name, location.line),
            src: NamedSource::new(file.name.clone(), file.text.clone()),
            span: span.into(),
            help: field.map(|f| format!("check the `{f}` of this entry")),
        }
    }
}

/// The byte range of `field: value` inside `item` of `text`, when written there.
fn field_span(
    text: &str,
    item: &std::ops::Range<usize>,
    field: &str,
) -> Option<std::ops::Range<usize>> {
    let body = text.get(item.clone())?;
    let needle = format!("{field}:");
    let mut from = 0;
    while let Some(i) = body[from..].find(&needle) {
        let at = from + i;
        let before = body[..at].chars().next_back();
        if before.is_none_or(|c| c == ' ' || c == '\n' || c == '{' || c == ',' || c == '-') {
            // To the end of the value: the line, or the next `,`/`}` in flow style.
            let line_end = body[at..].find('\n').map_or(body.len(), |e| at + e);
            let value_end = body[at..line_end]
                .find([',', '}'])
                .map_or(line_end, |e| at + e);
            return Some(item.start + at..item.start + value_end);
        }
        from = at + needle.len();
    }
    None
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Everything the checker knows.
#[derive(Debug)]
pub struct Catalog {
    /// The files the catalog was read from.
    pub files: Vec<RuleFile>,
    /// Unit vocabulary for extraction.
    pub vocab: Vocabulary,
    /// Entities by id.
    pub entities: BTreeMap<String, Entity>,
    /// Metrics by id.
    pub metrics: BTreeMap<String, Metric>,
    /// Events whose dates articles state, by id.
    pub events: BTreeMap<String, subjects::Event>,
    /// Reference facts, in file order.
    pub facts: Vec<Fact>,
    /// Check rules by id.
    pub rules: BTreeMap<String, checks::Rule>,
    /// Matchers over entity names and metric triggers.
    pub index: index::SubjectIndex,
    /// Positions in `facts` by entity, then metric (looked up with borrowed strs).
    fact_index: FxHashMap<String, FxHashMap<String, FactsOf>>,
    /// The metrics some fact of which changes over time (a handful): most figures' metric is
    /// not among them, told by a few string comparisons before `fact_index`'s two hashes.
    changing_metrics: Vec<String>,
    /// The metrics that are part of another (`Metric::part_of`), by id, each with the metrics
    /// it is a part of, nearest first (`wholes_of`): what the part-whole check pairs, made once
    /// rather than walked again for every document (a config changes tolerances, never
    /// `part_of`).
    part_wholes: Vec<(String, Vec<String>)>,
}

/// The positions in `Catalog::facts` of the facts about one entity and metric: all of them,
/// and those `Fact::about_period` keeps for each claim period, made once so that a figure's
/// candidates are read off rather than picked from the subject's dozens of facts (one a year,
/// per dataset). All in catalog order.
#[derive(Debug, Default)]
struct FactsOf {
    /// Every fact of the pair.
    all: Vec<usize>,
    /// The facts that do not name a period, or hold between two dates: those `about_period`
    /// keeps for any claim period (the candidates for a period no fact names).
    any_period: Vec<usize>,
    /// For each period (first and last year) some fact names: the facts about it with the
    /// `any_period` ones.
    by_period: FxHashMap<(i32, i32), Vec<usize>>,
    /// Whether one of the facts changes over time (`Fact::changes_over_time`).
    changing: bool,
}

impl FactsOf {
    /// The lists for the facts at `all`, in one walk: a fact about a period joins its period's
    /// list (begun with the `any_period` facts before it); an `any_period` one joins every
    /// list. What filtering `all` by `about_period` for each period gives (a test holds them
    /// equal).
    fn new(facts: &[Fact], all: Vec<usize>) -> FactsOf {
        let mut any_period = Vec::new();
        let mut by_period: FxHashMap<(i32, i32), Vec<usize>> = FxHashMap::default();
        let mut changing = false;
        for &i in &all {
            let fact = &facts[i];
            changing |= fact.changes_over_time();
            match fact.period {
                Some(period) if !fact.about_period(None) => {
                    let years = match period {
                        facts::Period::Year(y) => (y, y),
                        facts::Period::Years(a, b) => (a, b),
                    };
                    by_period
                        .entry(years)
                        .or_insert_with(|| any_period.clone())
                        .push(i);
                }
                _ => {
                    any_period.push(i);
                    for list in by_period.values_mut() {
                        list.push(i);
                    }
                }
            }
        }
        FactsOf {
            all,
            any_period,
            by_period,
            changing,
        }
    }
}

/// Canonical units a fact or metric may use.
pub fn is_canonical_unit(unit: &str) -> bool {
    CANONICAL_UNITS.contains(&unit)
        || (unit.len() == 3 && unit.chars().all(|c| c.is_ascii_uppercase()))
}

/// The canonical units other than currencies (whose codes are any three capital letters).
pub const CANONICAL_UNITS: &[&str] = &[
    "t", "W", "Wh", "J", "tce", "toe", "bbl", "degC", "degF", "deg", "%", "pp", "count", "year",
    "mo", "d", "s", "x", "m", "m2", "m3", "date", "rank", "ordinal",
];

impl Catalog {
    /// The embedded rules, overlaid with the files of `dirs` (same relative path replaces,
    /// new paths add). Returns the catalog of every file that loaded and the problems found.
    pub fn load(dirs: &[&Path]) -> (Option<Catalog>, Vec<RuleError>) {
        let mut sources: BTreeMap<String, RuleFile> = EMBEDDED_RULES
            .iter()
            .map(|(rel, text)| {
                let file = RuleFile {
                    name: format!("rules/{rel}"),
                    rel: rel.to_string(),
                    text: Arc::from(*text),
                };
                (rel.to_string(), file)
            })
            .collect();
        let mut errors = Vec::new();
        for dir in dirs {
            match read_dir_yaml(dir) {
                Ok(files) => {
                    for (rel, file) in files {
                        sources.insert(rel, file);
                    }
                }
                Err(e) => errors.push(RuleError {
                    message: format!("{}: {e}", dir.display()),
                    src: NamedSource::new(dir.display().to_string(), Arc::from("")),
                    span: (0..0).into(),
                    help: Some("--rules takes a folder laid out like rules/ (units.yaml, entities.yaml, metrics.yaml, facts/, checks/)".into()),
                }),
            }
        }
        let files: Vec<RuleFile> = sources.into_values().collect();
        let catalog = Catalog::from_files(files, &mut errors);
        (catalog, errors)
    }

    /// The embedded rules only. Panics if they do not load: a test guarantees they do.
    pub fn builtin() -> &'static Catalog {
        static BUILTIN: std::sync::LazyLock<Catalog> = std::sync::LazyLock::new(|| {
            let (catalog, errors) = Catalog::load(&[]);
            assert!(errors.is_empty(), "embedded rules have errors: {errors:?}");
            catalog.expect("embedded rules load")
        });
        &BUILTIN
    }

    fn from_files(files: Vec<RuleFile>, errors: &mut Vec<RuleError>) -> Option<Catalog> {
        let rel = |f: &RuleFile| f.rel.clone();
        let find = |name: &str| files.iter().position(|f| f.rel == name);
        let units_idx = find("units.yaml")?;
        let vocab = match Vocabulary::from_yaml(&files[units_idx].text) {
            Ok(v) => v,
            Err(e) => {
                let span = yaml_error_span(&files[units_idx].text, &e.to_string());
                errors.push(RuleError::new(&files[units_idx], span, e.to_string()));
                return None;
            }
        };
        let mut entities = BTreeMap::new();
        if let Some(i) = find("entities.yaml") {
            for (spec, loc) in parse_list::<EntitySpec>(&files, i, errors) {
                if entities.contains_key(&spec.id) {
                    errors.push(RuleError::at(
                        &files[i],
                        &loc,
                        Some("id"),
                        format!("duplicate entity `{}`", spec.id),
                    ));
                    continue;
                }
                if spec.has_empty_name() {
                    let msg = format!("entity `{}` has an empty name", spec.id);
                    errors.push(RuleError::at(&files[i], &loc, Some("names"), msg));
                    continue;
                }
                entities.insert(spec.id.clone(), spec.into_entity());
            }
        }
        let mut metrics = BTreeMap::new();
        if let Some(i) = find("metrics.yaml") {
            for (spec, loc) in parse_list::<MetricSpec>(&files, i, errors) {
                if !is_canonical_unit(&spec.unit) {
                    errors.push(RuleError::at(
                        &files[i],
                        &loc,
                        Some("unit"),
                        format!("unknown unit `{}`", spec.unit),
                    ));
                    continue;
                }
                if metrics.contains_key(&spec.id) {
                    errors.push(RuleError::at(
                        &files[i],
                        &loc,
                        Some("id"),
                        format!("duplicate metric `{}`", spec.id),
                    ));
                    continue;
                }
                if spec.has_empty_trigger() {
                    let msg = format!("metric `{}` has an empty trigger", spec.id);
                    errors.push(RuleError::at(&files[i], &loc, Some("triggers"), msg));
                    continue;
                }
                metrics.insert(spec.id.clone(), spec.into_metric());
            }
        }
        let mut events = BTreeMap::new();
        if let Some(i) = find("events.yaml") {
            for (spec, loc) in parse_list::<subjects::EventSpec>(&files, i, errors) {
                if events.contains_key(&spec.id) {
                    let msg = format!("duplicate event `{}`", spec.id);
                    errors.push(RuleError::at(&files[i], &loc, Some("id"), msg));
                    continue;
                }
                match spec.into_event() {
                    Ok(event) => {
                        events.insert(event.id.clone(), event);
                    }
                    Err((field, msg)) => {
                        errors.push(RuleError::at(&files[i], &loc, Some(field), msg));
                    }
                }
            }
        }
        let mut facts: Vec<Fact> = Vec::new();
        let mut ids = HashSet::new();
        for i in 0..files.len() {
            if !rel(&files[i]).starts_with("facts/") {
                continue;
            }
            for (spec, loc) in parse_list::<FactSpec>(&files, i, errors) {
                let fact = match spec.validate(loc.clone(), &is_canonical_unit) {
                    Ok(f) => f,
                    Err(e) => {
                        errors.push(RuleError::at(&files[i], &loc, Some(e.field), e.message));
                        continue;
                    }
                };
                let problem = if !entities.contains_key(&fact.entity) {
                    Some((
                        "entity",
                        format!("unknown entity `{}` (not in entities.yaml)", fact.entity),
                    ))
                } else if !metrics.contains_key(&fact.metric) {
                    Some((
                        "metric",
                        format!("unknown metric `{}` (not in metrics.yaml)", fact.metric),
                    ))
                } else if !ids.insert(fact.id.clone()) {
                    Some(("id", format!("duplicate fact id `{}`", fact.id)))
                } else {
                    None
                };
                if let Some((field, msg)) = problem {
                    errors.push(RuleError::at(&files[i], &loc, Some(field), msg));
                    continue;
                }
                facts.push(fact);
            }
        }
        let mut rules = BTreeMap::new();
        for (i, file) in files.iter().enumerate() {
            let r = rel(file);
            let Some(id) = r
                .strip_prefix("checks/")
                .and_then(|s| s.strip_suffix(".yaml"))
            else {
                continue;
            };
            match checks::Rule::parse(id, i, file) {
                Ok(rule) => {
                    rules.insert(id.to_owned(), rule);
                }
                Err(e) => errors.push(e),
            }
        }
        let index = index::SubjectIndex::new(&entities, &metrics);
        let mut positions: FxHashMap<String, FxHashMap<String, Vec<usize>>> = FxHashMap::default();
        for (i, f) in facts.iter().enumerate() {
            positions
                .entry(f.entity.clone())
                .or_default()
                .entry(f.metric.clone())
                .or_default()
                .push(i);
        }
        let fact_index = positions
            .into_iter()
            .map(|(entity, by_metric)| {
                let by_metric = by_metric
                    .into_iter()
                    .map(|(metric, all)| (metric, FactsOf::new(&facts, all)))
                    .collect();
                (entity, by_metric)
            })
            .collect();
        let mut changing_metrics: Vec<String> = facts
            .iter()
            .filter(|f| f.changes_over_time())
            .map(|f| f.metric.clone())
            .collect();
        changing_metrics.sort_unstable();
        changing_metrics.dedup();
        let part_wholes = metrics
            .iter()
            .filter(|(_, m)| m.part_of.is_some())
            .map(|(id, _)| (id.clone(), wholes_of(&metrics, id)))
            .collect();
        Some(Catalog {
            files,
            vocab,
            entities,
            metrics,
            events,
            facts,
            rules,
            index,
            fact_index,
            changing_metrics,
            part_wholes,
        })
    }

    /// The metrics that are part of another, in id order, each with the metrics it is a part
    /// of, nearest first (at most eight levels: a longer or circular chain is cut there).
    pub fn part_wholes(&self) -> &[(String, Vec<String>)] {
        &self.part_wholes
    }

    fn facts_of(&self, entity: &str, metric: &str) -> Option<&FactsOf> {
        self.fact_index.get(entity)?.get(metric)
    }

    /// The facts about an entity and metric, in catalog order.
    pub fn facts_for<'a>(
        &'a self,
        entity: &str,
        metric: &str,
    ) -> impl Iterator<Item = &'a Fact> + Clone + 'a {
        let positions = self
            .facts_of(entity, metric)
            .map_or(&[][..], |f| f.all.as_slice());
        positions.iter().map(|&i| &self.facts[i])
    }

    /// `facts_for(entity, metric)` that are `about_period(period)`, in catalog order.
    pub fn facts_about<'a>(
        &'a self,
        entity: &str,
        metric: &str,
        period: Option<(i32, i32)>,
    ) -> impl Iterator<Item = &'a Fact> + Clone + 'a {
        let positions = self.facts_of(entity, metric).map_or(&[][..], |f| {
            period
                .and_then(|p| f.by_period.get(&p))
                .unwrap_or(&f.any_period)
                .as_slice()
        });
        positions.iter().map(|&i| &self.facts[i])
    }

    /// Whether one of `facts_for(entity, metric)` changes over time (`Fact::changes_over_time`).
    pub fn facts_change_over_time(&self, entity: &str, metric: &str) -> bool {
        self.changing_metrics.iter().any(|m| m == metric)
            && self.facts_of(entity, metric).is_some_and(|f| f.changing)
    }
}

/// The metrics `part` is a part of, nearest first, following `part_of` at most eight levels.
fn wholes_of(metrics: &BTreeMap<String, Metric>, part: &str) -> Vec<String> {
    let mut wholes = Vec::new();
    let mut current = metrics.get(part);
    while let Some(parent) = current.and_then(|m| m.part_of.as_deref()) {
        if wholes.len() == 8 {
            break;
        }
        wholes.push(parent.to_owned());
        current = metrics.get(parent);
    }
    wholes
}

/// The entries of an embedded list file, from the JSON that build.rs made of its YAML: start-up
/// parses JSON, ten times faster than YAML. `None` for other files (or if the JSON does not
/// fit, which a test rules out), which are parsed from YAML with diagnostics.
fn embedded_items<T: serde::de::DeserializeOwned>(file: &RuleFile, count: usize) -> Option<Vec<T>> {
    if file.name != format!("rules/{}", file.rel) {
        return None;
    }
    let (_, yaml) = EMBEDDED_RULES.iter().find(|(rel, _)| *rel == file.rel)?;
    if *yaml != &*file.text {
        return None;
    }
    let (_, json) = EMBEDDED_JSON.iter().find(|(rel, _)| *rel == file.rel)?;
    serde_json::from_str::<Vec<T>>(json)
        .ok()
        .filter(|items| items.len() == count)
}

/// Parses the list file `files[i]` item by item, so one bad entry does not hide the others.
fn parse_list<T: serde::de::DeserializeOwned>(
    files: &[RuleFile],
    i: usize,
    errors: &mut Vec<RuleError>,
) -> Vec<(T, Location)> {
    let file = &files[i];
    let spans = item_spans(&file.text);
    if let Some(items) = embedded_items::<T>(file, spans.len()) {
        let (mut counted_to, mut line) = (0, 1);
        return items
            .into_iter()
            .zip(spans)
            .map(|(item, span)| {
                line += file.text[counted_to..span.start].matches('\n').count();
                counted_to = span.start;
                let location = Location {
                    file: i,
                    file_name: file.name.clone(),
                    span,
                    line,
                };
                (item, location)
            })
            .collect();
    }
    // Each entry is parsed on its own below; the whole file is parsed only when something
    // outside the entries could be wrong (text before the first entry, or no entry at all),
    // so a long facts file is parsed once, not twice.
    let head = &file.text[..spans.first().map_or(file.text.len(), |s| s.start)];
    let head_is_comments = head.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---"
    });
    if (spans.is_empty() || !head_is_comments)
        && let Err(e) = serde_yaml::from_str::<serde_yaml::Value>(&file.text)
    {
        let span = yaml_error_span(&file.text, &e.to_string());
        errors.push(RuleError::new(file, span, format!("not valid YAML: {e}")));
        return Vec::new();
    }
    let mut out = Vec::new();
    // Line numbers counted once through the file, not from its start for each entry.
    let (mut counted_to, mut line) = (0, 1);
    for span in spans {
        line += file.text[counted_to..span.start].matches('\n').count();
        counted_to = span.start;
        let location = Location {
            file: i,
            file_name: file.name.clone(),
            span: span.clone(),
            line,
        };
        match serde_yaml::from_str::<Vec<T>>(&file.text[span.clone()]) {
            Ok(mut items) if items.len() == 1 => out.push((items.remove(0), location)),
            Ok(_) => errors.push(RuleError::new(file, span, "expected one entry".into())),
            Err(e) => {
                let inner = yaml_error_span(&file.text[span.clone()], &e.to_string());
                let abs = span.start + inner.start..span.start + inner.end;
                let msg = format!(
                    "line {}: {}",
                    line_of(&file.text, abs.start),
                    strip_location(&e.to_string())
                );
                errors.push(RuleError::new(file, abs, msg));
            }
        }
    }
    out
}

/// serde_yaml messages end with "at line L column C": the byte span of that place.
pub(crate) fn yaml_error_span(text: &str, message: &str) -> std::ops::Range<usize> {
    let parse = |key: &str| -> Option<usize> {
        let i = message.rfind(key)? + key.len();
        message[i..]
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    };
    let (Some(line), Some(column)) = (parse("line "), parse("column ")) else {
        return 0..0;
    };
    let start_of_line: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_text = text[start_of_line..].split('\n').next().unwrap_or("");
    let col = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    let start = start_of_line + col;
    let end = start_of_line + line_text.len();
    start..end.max(start)
}

pub(crate) fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// Reads the YAML files of a `--rules` folder, by path relative to it.
fn read_dir_yaml(dir: &Path) -> std::io::Result<Vec<(String, RuleFile)>> {
    if !dir.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no such folder",
        ));
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        let path = entry.path();
        if !entry.file_type().is_file()
            || !path.extension().is_some_and(|e| e == "yaml" || e == "yml")
        {
            continue;
        }
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(path)?;
        out.push((
            rel.clone(),
            RuleFile {
                name: path.display().to_string(),
                rel,
                text: Arc::from(text),
            },
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entity and metric pairs the catalog has facts about, sorted.
    fn fact_pairs(catalog: &Catalog) -> Vec<(&str, &str)> {
        let mut pairs: Vec<(&str, &str)> = catalog
            .facts
            .iter()
            .map(|f| (f.entity.as_str(), f.metric.as_str()))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    #[test]
    fn facts_for_gives_the_facts_of_the_pair_in_catalog_order() {
        let catalog = Catalog::builtin();
        let mut pairs = fact_pairs(catalog);
        assert!(pairs.len() > 10);
        pairs.push(("china", "no-such-metric"));
        pairs.push(("no-such-entity", "co2"));
        for (entity, metric) in pairs {
            let scanned: Vec<&str> = catalog
                .facts
                .iter()
                .filter(|f| f.entity == entity && f.metric == metric)
                .map(|f| f.id.as_str())
                .collect();
            let indexed: Vec<&str> = catalog
                .facts_for(entity, metric)
                .map(|f| f.id.as_str())
                .collect();
            assert_eq!(indexed, scanned, "{entity} {metric}");
        }
    }

    #[test]
    fn facts_about_a_period_are_those_of_the_pair_about_it() {
        let catalog = Catalog::builtin();
        let mut pairs = fact_pairs(catalog);
        pairs.push(("no-such-entity", "co2"));
        // Every period a fact names, each year either side, spans across them, and none.
        let mut periods = vec![None, Some((1990, 2100)), Some((0, 0))];
        for f in &catalog.facts {
            if let Some(facts::Period::Year(y) | facts::Period::Years(y, _)) = f.period {
                let to = match f.period {
                    Some(facts::Period::Years(_, to)) => to,
                    _ => y,
                };
                for p in [
                    (y, to),
                    (y - 1, y - 1),
                    (y + 1, y + 1),
                    (y, y + 1),
                    (y - 1, to),
                ] {
                    periods.push(Some(p));
                }
            }
        }
        periods.sort_unstable();
        periods.dedup();
        let (mut some, mut changing) = (0, 0);
        for (entity, metric) in pairs {
            let all: Vec<&Fact> = catalog.facts_for(entity, metric).collect();
            let changes = all.iter().any(|f| f.changes_over_time());
            assert_eq!(catalog.facts_change_over_time(entity, metric), changes);
            changing += usize::from(changes);
            for &period in &periods {
                let filtered: Vec<&str> = all
                    .iter()
                    .filter(|f| f.about_period(period))
                    .map(|f| f.id.as_str())
                    .collect();
                let indexed: Vec<&str> = catalog
                    .facts_about(entity, metric, period)
                    .map(|f| f.id.as_str())
                    .collect();
                assert_eq!(indexed, filtered, "{entity} {metric} {period:?}");
                some += usize::from(!filtered.is_empty());
            }
        }
        assert!(some > 500 && changing > 0, "{some} {changing}");
    }

    #[test]
    fn embedded_json_gives_the_same_catalog_as_the_yaml() {
        // Named otherwise, the same texts go through the YAML reader.
        let files = |prefix: &str| -> Vec<RuleFile> {
            EMBEDDED_RULES
                .iter()
                .map(|(rel, text)| RuleFile {
                    name: format!("{prefix}/{rel}"),
                    rel: rel.to_string(),
                    text: Arc::from(*text),
                })
                .collect()
        };
        assert_eq!(
            EMBEDDED_JSON.len(),
            EMBEDDED_RULES
                .iter()
                .filter(|(r, _)| r.starts_with("facts/") || !r.contains('/') && *r != "units.yaml")
                .count(),
            "every list file has its JSON"
        );
        let mut errors = Vec::new();
        let fast = Catalog::from_files(files("rules"), &mut errors).unwrap();
        let slow = Catalog::from_files(files("yaml"), &mut errors).unwrap();
        assert!(errors.is_empty());
        let show = |c: &Catalog| {
            format!("{:?}{:?}{:?}{:?}", c.entities, c.metrics, c.events, c.facts)
                .replace("yaml/", "rules/")
        };
        assert_eq!(show(&fast), show(&slow));
        assert!(fast.facts.len() > 700);
    }

    #[test]
    fn part_wholes_follow_part_of_from_every_part() {
        let catalog = Catalog::builtin();
        let mut parts = Vec::new();
        for (id, m) in &catalog.metrics {
            if m.part_of.is_none() {
                continue;
            }
            let mut wholes = Vec::new();
            let mut at = id;
            while let Some(parent) = catalog.metrics.get(at).and_then(|m| m.part_of.as_ref()) {
                wholes.push(parent.clone());
                at = parent;
            }
            parts.push((id.clone(), wholes));
        }
        assert!(
            parts.iter().any(|(_, w)| w.len() > 1),
            "a chain of two levels"
        );
        assert_eq!(catalog.part_wholes(), parts);
        // A circular chain is cut at eight levels.
        let mut metrics = catalog
            .metrics
            .iter()
            .take(2)
            .map(|(id, m)| (id.clone(), m.clone()));
        let (a, mut ma) = metrics.next().unwrap();
        let (b, mut mb) = metrics.next().unwrap();
        ma.part_of = Some(b.clone());
        mb.part_of = Some(a.clone());
        let circle = BTreeMap::from([(a.clone(), ma), (b.clone(), mb)]);
        let wholes = wholes_of(&circle, &a);
        assert_eq!(wholes.len(), 8);
        assert_eq!(wholes[..2], [b.clone(), a.clone()]);
    }

    #[test]
    fn embedded_catalog_loads_without_errors() {
        let (catalog, errors) = Catalog::load(&[]);
        let report: Vec<String> = errors
            .iter()
            .map(|e| format!("{e} [{:?}]", e.span))
            .collect();
        assert!(
            errors.is_empty(),
            "{} problems:\n{}",
            errors.len(),
            report.join("\n")
        );
        let catalog = catalog.expect("catalog");
        assert!(
            catalog.entities.contains_key("china") && catalog.metrics.contains_key("ghg-total")
        );
    }

    #[test]
    fn problems_point_at_the_line_and_the_other_entries_still_load() {
        let text = "- {id: a, entity: china, metric: ghg-total, period: 2022, value: \"1\", unit: t, source: {title: x}}\n\
                    - {id: b, entity: china, metric: ghg-total, period: 2022, value: \"1\", unit: tonnes, source: {title: x}}\n\
                    - {id: c, entity: mars, metric: ghg-total, value: \"1\", unit: t, source: {title: x}}\n\
                    - {id: d, entity: china, metric: ghg-total, value: [1], unit: t, source: {title: x}}\n\
                    - {id: a, entity: china, metric: ghg-total, value: \"2\", unit: t, source: {title: x}}\n";
        let mut files: Vec<RuleFile> = EMBEDDED_RULES
            .iter()
            .filter(|(rel, _)| !rel.starts_with("facts/") && !rel.starts_with("checks/"))
            .map(|(rel, text)| RuleFile {
                name: format!("rules/{rel}"),
                rel: rel.to_string(),
                text: Arc::from(*text),
            })
            .collect();
        files.push(RuleFile {
            name: "/tmp/x/facts/test.yaml".into(),
            rel: "facts/test.yaml".into(),
            text: Arc::from(text),
        });
        let mut errors = Vec::new();
        let catalog = Catalog::from_files(files, &mut errors).unwrap();
        assert_eq!(catalog.facts.len(), 1, "only `a` is valid");
        let messages: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
        assert_eq!(errors.len(), 4, "{messages:?}");
        assert!(
            messages[0].contains(":2:") && messages[0].contains("unknown unit `tonnes`"),
            "{messages:?}"
        );
        assert!(
            messages[1].contains(":3:") && messages[1].contains("unknown entity `mars`"),
            "{messages:?}"
        );
        assert!(messages[2].contains("value"), "{messages:?}");
        assert!(
            messages[3].contains(":5:") && messages[3].contains("duplicate fact id `a`"),
            "{messages:?}"
        );
        // The label points at the field inside the entry.
        let second_line = text.find("\n- {id: b").unwrap() + 1;
        let span = errors[0].span;
        assert!(
            span.offset() >= second_line && text[span.offset()..].starts_with("unit: tonnes"),
            "{span:?}"
        );
    }

    #[test]
    fn an_empty_name_or_trigger_is_an_error_and_the_rest_loads() {
        // An empty word would match between any two bytes, inside a character too.
        let overlay = [
            (
                "entities.yaml",
                "- {id: mars, kind: country, names: [火星, \"\"]}\n- {id: venus, kind: country, names: [金星]}\n",
            ),
            (
                "metrics.yaml",
                "- {id: dust, name: Dust, unit: t, triggers: [\" \"]}\n",
            ),
        ];
        let mut files: Vec<RuleFile> = EMBEDDED_RULES
            .iter()
            .map(|(rel, text)| RuleFile {
                name: format!("rules/{rel}"),
                rel: rel.to_string(),
                text: Arc::from(*text),
            })
            .collect();
        for (rel, text) in overlay {
            let file = files.iter_mut().find(|f| f.rel == rel).unwrap();
            file.text = Arc::from(format!("{}\n{text}", file.text).as_str());
        }
        let mut errors = Vec::new();
        let catalog = Catalog::from_files(files, &mut errors).unwrap();
        let messages: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
        assert_eq!(errors.len(), 2, "{messages:?}");
        assert!(
            messages[0].contains("entity `mars` has an empty name"),
            "{messages:?}"
        );
        assert!(
            messages[1].contains("metric `dust` has an empty trigger"),
            "{messages:?}"
        );
        assert!(catalog.entities.contains_key("venus") && !catalog.entities.contains_key("mars"));
        assert!(!catalog.metrics.contains_key("dust"));
    }

    #[test]
    fn yaml_syntax_errors_point_at_the_place() {
        let file = RuleFile {
            name: "rules/checks/broken.yaml".into(),
            rel: "checks/broken.yaml".into(),
            text: Arc::from("kind: reference\nseverity: [error\n"),
        };
        let err = checks::Rule::parse("broken", 0, &file).unwrap_err();
        assert!(
            err.message.contains("rules/checks/broken.yaml"),
            "{}",
            err.message
        );
        let unknown = RuleFile {
            name: "rules/checks/x.yaml".into(),
            rel: "checks/x.yaml".into(),
            text: Arc::from("kind: magic\nseverity: error\nsummary: s\nhelp: h\n"),
        };
        let err = checks::Rule::parse("x", 0, &unknown).unwrap_err();
        assert!(
            err.message.contains("unknown variant `magic`"),
            "{}",
            err.message
        );
        assert!(
            unknown.text[err.span.offset()..].starts_with("magic"),
            "points at the value: {:?}",
            err.span
        );
    }
}

#[cfg(test)]
mod order_tests {
    use super::*;

    /// Entries of every list file are sorted by id, so additions land in one obvious place
    /// and duplicates sit side by side.
    #[test]
    fn catalog_files_are_sorted_by_id() {
        let catalog = Catalog::builtin();
        let mut problems = Vec::new();
        for (i, file) in catalog.files.iter().enumerate() {
            let is_list = file.rel.starts_with("facts/")
                || file.rel == "entities.yaml"
                || file.rel == "metrics.yaml";
            if !is_list {
                continue;
            }
            let ids: Vec<String> = item_spans(&file.text)
                .iter()
                .filter_map(|span| {
                    let item: Vec<serde_yaml::Value> =
                        serde_yaml::from_str(&file.text[span.clone()]).ok()?;
                    item.first()?.get("id")?.as_str().map(str::to_owned)
                })
                .collect();
            if let Some(w) = ids.windows(2).find(|w| w[0] >= w[1]) {
                problems.push(format!(
                    "{} (file {i}): `{}` before `{}`",
                    file.name, w[0], w[1]
                ));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
