//! `emcheck.yaml`: a newsroom's settings, found by walking up from each checked file's folder
//! (or named with `--config`). It selects rules and overrides their severity, overrides the
//! tolerance of metrics, adds folders of the newsroom's own facts and rules, excludes files by
//! glob, and sets the default `--fail-on`. Unknown keys, rule ids and metrics are errors that
//! point into the file; a config never changes anything silently.

use crate::catalog::Catalog;
use crate::catalog::checks::Severity;
use crate::catalog::facts::Tolerance;
use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The file names looked for, in order, in each folder.
pub const FILE_NAMES: &[&str] = &["emcheck.yaml", ".emcheck.yaml"];

/// The settings of one `emcheck.yaml`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Exit with 1 when a finding has this severity or a higher one (the command line wins).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<Severity>,
    /// Which rules run, and how serious their findings are.
    #[serde(default)]
    pub rules: RuleSettings,
    /// Tolerances by metric id, replacing the metric's and its facts' own.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tolerance: BTreeMap<String, Tolerance>,
    /// Folders laid out like `rules/` (a newsroom's own facts, entities, rules), relative to
    /// the config file; they add to or replace the embedded rules like `--rules`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_rules: Vec<PathBuf>,
    /// Globs of files not to check, relative to the config file's folder (`archive/**`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
}

/// Rule selection and severities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSettings {
    /// Rule ids or kinds to run; `all` for every rule.
    #[serde(default = "all")]
    pub select: Vec<String>,
    /// Rule ids or kinds not to run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// Severity by rule id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, Severity>,
}

fn all() -> Vec<String> {
    vec!["all".into()]
}

impl Default for RuleSettings {
    fn default() -> Self {
        RuleSettings {
            select: all(),
            ignore: Vec::new(),
            severity: BTreeMap::new(),
        }
    }
}

/// A problem in a config file, pointing at the place.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(emcheck::config))]
pub struct ConfigError {
    /// What is wrong, with the file name.
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

/// A config file as loaded.
#[derive(Clone, Debug)]
pub struct Loaded {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its text, for diagnostics.
    pub text: Arc<str>,
    /// Its settings.
    pub config: Config,
}

impl Loaded {
    /// Reads and parses a config file; unknown keys and bad values are errors at their place.
    pub fn read(path: &Path) -> Result<Loaded, Box<ConfigError>> {
        let name = path.display().to_string();
        let text: Arc<str> = match std::fs::read_to_string(path) {
            Ok(t) => Arc::from(t),
            Err(e) => {
                return Err(Box::new(ConfigError {
                    message: format!("{name}: {e}"),
                    src: NamedSource::new(name, Arc::from("")),
                    span: (0..0).into(),
                    help: None,
                }));
            }
        };
        Self::parse(path, text)
    }

    /// Parses config text read from `path`.
    pub fn parse(path: &Path, text: Arc<str>) -> Result<Loaded, Box<ConfigError>> {
        let name = path.display().to_string();
        // An empty file (or only comments) is the default config.
        let parsed = if text.lines().all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#')
        }) {
            Ok(Config::default())
        } else {
            serde_yaml::from_str::<Config>(&text)
        };
        match parsed {
            Ok(config) => Ok(Loaded {
                path: path.to_path_buf(),
                text,
                config,
            }),
            Err(e) => {
                let raw = e.to_string();
                let span = crate::catalog::yaml_error_span(&text, &raw);
                let message = crate::catalog::strip_location(&raw);
                let help = message.contains("unknown field").then(|| {
                    "the keys are fail_on, rules (select, ignore, severity), tolerance, \
                     extra_rules, exclude; `emcheck init` writes a commented example"
                        .to_owned()
                });
                Err(Box::new(ConfigError {
                    message: format!("{name}: {message}"),
                    src: NamedSource::new(name, text.clone()),
                    span: span.into(),
                    help,
                }))
            }
        }
    }

    /// The folder the config's relative paths start from.
    pub fn base(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// An error at the first place `needle` is written in the file.
    fn error_at(&self, needle: &str, message: String, help: Option<String>) -> ConfigError {
        let start = self.text.find(needle).unwrap_or(0);
        let end = if self.text.find(needle).is_some() {
            start + needle.len()
        } else {
            0
        };
        let name = self.path.display().to_string();
        ConfigError {
            message: format!("{name}: {message}"),
            src: NamedSource::new(name, self.text.clone()),
            span: (start..end).into(),
            help,
        }
    }

    /// The `extra_rules` folders, resolved against the config's folder.
    pub fn extra_rule_dirs(&self) -> Vec<PathBuf> {
        self.config
            .extra_rules
            .iter()
            .map(|p| self.base().join(p))
            .collect()
    }

    /// Applies the settings to a catalog: drops rules not selected, sets severities and
    /// tolerances. Unknown rule ids, kinds and metrics are errors; the rest still applies.
    pub fn apply(&self, catalog: &mut Catalog) -> Vec<ConfigError> {
        let mut errors = Vec::new();
        let kinds: Vec<&str> = catalog.rules.values().map(|r| r.kind.as_str()).collect();
        let known =
            |name: &str| name == "all" || catalog.rules.contains_key(name) || kinds.contains(&name);
        let settings = &self.config.rules;
        for name in settings.select.iter().chain(&settings.ignore) {
            if !known(name) {
                errors.push(self.unknown_rule(name, catalog));
            }
        }
        for name in settings.severity.keys() {
            if !catalog.rules.contains_key(name) {
                errors.push(self.unknown_rule(name, catalog));
            }
        }
        for metric in self.config.tolerance.keys() {
            if !catalog.metrics.contains_key(metric) {
                errors.push(self.error_at(
                    metric,
                    format!("unknown metric `{metric}` in tolerance"),
                    Some("`emcheck facts` lists the metrics of the facts".into()),
                ));
            }
        }
        let matches = |list: &[String], id: &str, kind: &str| {
            list.iter().any(|n| n == "all" || n == id || n == kind)
        };
        catalog.rules.retain(|id, rule| {
            matches(&settings.select, id, rule.kind.as_str())
                && !settings
                    .ignore
                    .iter()
                    .any(|n| n == id || n == rule.kind.as_str())
        });
        for (id, severity) in &settings.severity {
            if let Some(rule) = catalog.rules.get_mut(id) {
                rule.severity = *severity;
            }
        }
        for (metric, tolerance) in &self.config.tolerance {
            if let Some(m) = catalog.metrics.get_mut(metric) {
                m.tolerance = Some(*tolerance);
            }
            for fact in catalog.facts.iter_mut().filter(|f| &f.metric == metric) {
                fact.tolerance = Some(*tolerance);
            }
        }
        errors
    }

    fn unknown_rule(&self, name: &str, catalog: &Catalog) -> ConfigError {
        let suggestion = catalog
            .rules
            .keys()
            .map(|id| (edit_distance(name, id), id))
            .min()
            .filter(|(d, _)| *d <= 3)
            .map(|(_, id)| format!("did you mean `{id}`? (`emcheck rules` lists them)"))
            .or_else(|| Some("`emcheck rules` lists the rules and their kinds".into()));
        self.error_at(name, format!("unknown rule or kind `{name}`"), suggestion)
    }

    /// Whether `file` is excluded (globs relative to the config's folder).
    pub fn excludes(&self, file: &Path) -> bool {
        if self.config.exclude.is_empty() {
            return false;
        }
        let set = self.globs();
        let relative = absolute(file)
            .strip_prefix(absolute(self.base()))
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| file.to_path_buf());
        set.is_match(&relative)
    }

    fn globs(&self) -> globset::GlobSet {
        let mut builder = globset::GlobSetBuilder::new();
        for g in &self.config.exclude {
            if let Ok(glob) = globset::Glob::new(g) {
                builder.add(glob);
            }
        }
        builder
            .build()
            .unwrap_or_else(|_| globset::GlobSet::empty())
    }

    /// Globs that do not parse, as errors at their place.
    pub fn glob_errors(&self) -> Vec<ConfigError> {
        self.config
            .exclude
            .iter()
            .filter_map(|g| {
                globset::Glob::new(g)
                    .err()
                    .map(|e| self.error_at(g, format!("bad glob `{g}`: {e}"), None))
            })
            .collect()
    }
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Levenshtein distance over characters, for "did you mean".
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The config that applies to files in `dir`: the first `emcheck.yaml` (or `.emcheck.yaml`)
/// found in `dir` or a folder above it.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let start = absolute(dir);
    start
        .ancestors()
        .find_map(|d| FILE_NAMES.iter().map(|n| d.join(n)).find(|p| p.is_file()))
}

/// A commented starter config, written by `emcheck init`.
pub const STARTER: &str = r#"# emcheck.yaml: settings for the files in this folder and below.
# Every key is optional; `emcheck config --dump` prints the settings in effect.

# Exit with 1 when a finding is at least this serious: error, warning or info.
# The command line's --fail-on wins.
fail_on: error

rules:
  # Rule ids or kinds to run (`emcheck rules` lists them); `all` runs every rule.
  select: [all]
  # Rule ids or kinds not to run, e.g. [paris-goal-misstated] or [consistency].
  ignore: []
  # Severity by rule id: error, warning or info.
  severity:
    # share-and-per-capita-disagree: error

# Tolerances by metric, replacing the metric's and its facts' own: relative (a fraction)
# or absolute (in the metric's unit), as strings.
tolerance:
  # ghg-total: {relative: "0.03"}

# Folders laid out like emcheck's rules/ (facts/, checks/, entities.yaml ...) with the
# newsroom's own facts and rules, relative to this file.
extra_rules: []

# Files not to check, as globs relative to this file's folder.
exclude:
  # - "archive/**"
  # - "**/*.draft.html"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Loaded, Box<ConfigError>> {
        Loaded::parse(Path::new("emcheck.yaml"), Arc::from(text))
    }

    #[test]
    fn the_starter_parses_to_the_defaults() {
        let loaded = parse(STARTER).unwrap();
        assert_eq!(loaded.config.fail_on, Some(Severity::Error));
        assert_eq!(loaded.config.rules, RuleSettings::default());
        assert!(loaded.config.tolerance.is_empty() && loaded.config.exclude.is_empty());
        assert_eq!(parse("# nothing\n").unwrap().config, Config::default());
    }

    #[test]
    fn unknown_keys_point_into_the_file() {
        let text = "fail_on: warning\nrules:\n  selct: [all]\n";
        let e = parse(text).unwrap_err();
        assert!(e.message.contains("unknown field `selct`"), "{}", e.message);
        let at = e.span.offset();
        assert_eq!(&text[at..at + 5], "selct");
        let e = parse("fail_on: sometimes\n").unwrap_err();
        assert!(
            e.message.contains("unknown variant `sometimes`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn apply_selects_rules_sets_severity_and_tolerance() {
        let text = "rules:\n  ignore: [calendar, paris-goal-misstated]\n  severity:\n    share-and-per-capita-disagree: error\ntolerance:\n  ghg-total: {relative: \"0.01\"}\n";
        let loaded = parse(text).unwrap();
        let (catalog, _) = Catalog::load(&[]);
        let mut catalog = catalog.unwrap();
        assert!(loaded.apply(&mut catalog).is_empty());
        assert!(!catalog.rules.contains_key("paris-goal-misstated"));
        assert!(!catalog.rules.contains_key("weekday-mismatch"));
        assert!(catalog.rules.contains_key("figure-contradicts-reference"));
        assert_eq!(
            catalog.rules["share-and-per-capita-disagree"].severity,
            Severity::Error
        );
        assert!(
            catalog
                .facts
                .iter()
                .filter(|f| f.metric == "ghg-total")
                .all(|f| f.tolerance.and_then(|t| t.relative) == Some("0.01".parse().unwrap()))
        );
    }

    #[test]
    fn unknown_rules_and_metrics_are_errors_with_suggestions() {
        let text = "rules:\n  ignore: [paris-goal-mistated]\ntolerance:\n  ghg-totl: {relative: \"0.01\"}\n";
        let loaded = parse(text).unwrap();
        let (catalog, _) = Catalog::load(&[]);
        let errors = loaded.apply(&mut catalog.unwrap());
        assert_eq!(errors.len(), 2);
        assert!(
            errors[0]
                .message
                .contains("unknown rule or kind `paris-goal-mistated`")
        );
        assert!(
            errors[0]
                .help
                .as_deref()
                .unwrap()
                .contains("paris-goal-misstated")
        );
        assert_eq!(
            &text[errors[0].span.offset()..][..19],
            "paris-goal-mistated"
        );
        assert!(errors[1].message.contains("unknown metric `ghg-totl`"));
    }

    #[test]
    fn excludes_match_relative_to_the_config_folder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("emcheck.yaml");
        std::fs::write(&path, "exclude: [\"archive/**\", \"*.draft.md\"]\n").unwrap();
        let loaded = Loaded::read(&path).unwrap();
        assert!(loaded.excludes(&dir.path().join("archive/2019/a.md")));
        assert!(loaded.excludes(&dir.path().join("x.draft.md")));
        assert!(!loaded.excludes(&dir.path().join("drafts/a.md")));
        std::fs::create_dir_all(dir.path().join("sub/deeper")).unwrap();
        assert_eq!(
            discover(&dir.path().join("sub/deeper")),
            Some(absolute(&path))
        );
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("同样", "同样"), 0);
    }
}

/// The rules and settings in force for one file: its config (if any) and the catalog it
/// makes (embedded rules, `--rules` folders, the config's `extra_rules`, then its selection,
/// severities and tolerances).
#[derive(Debug)]
pub struct Settings {
    /// The config file, when one applies.
    pub loaded: Option<Loaded>,
    /// The catalog for the file.
    pub catalog: Catalog,
}

impl Settings {
    /// The default `--fail-on` of the config.
    pub fn fail_on(&self) -> Option<Severity> {
        self.loaded.as_ref().and_then(|l| l.config.fail_on)
    }

    /// Whether the config excludes `file`.
    pub fn excludes(&self, file: &Path) -> bool {
        self.loaded.as_ref().is_some_and(|l| l.excludes(file))
    }
}

/// Finds the settings of each file, loading each config and catalog once.
pub struct Resolver {
    explicit: Option<PathBuf>,
    disabled: bool,
    rules: Vec<PathBuf>,
    cache: BTreeMap<Option<PathBuf>, Option<Arc<Settings>>>,
}

/// A problem met while resolving settings: a config or a rule file.
pub enum Problem {
    /// In a config file.
    Config(Box<ConfigError>),
    /// In a rule file (embedded, `--rules` or `extra_rules`).
    Rules(crate::catalog::RuleError),
}

impl Resolver {
    /// `explicit`: `--config FILE`; `disabled`: `--no-config`; `rules`: `--rules` folders.
    pub fn new(explicit: Option<PathBuf>, disabled: bool, rules: Vec<PathBuf>) -> Self {
        Resolver {
            explicit,
            disabled,
            rules,
            cache: BTreeMap::new(),
        }
    }

    /// The config file that applies to files in `dir`.
    pub fn config_path(&self, dir: &Path) -> Option<PathBuf> {
        if self.disabled {
            return None;
        }
        if let Some(p) = &self.explicit {
            return Some(p.clone());
        }
        discover(dir)
    }

    /// The settings for files in `dir`, and the problems met the first time they were
    /// loaded (reported once). `None` when no usable catalog could be made.
    pub fn for_dir(&mut self, dir: &Path) -> (Option<Arc<Settings>>, Vec<Problem>) {
        let key = self.config_path(dir);
        if let Some(s) = self.cache.get(&key) {
            return (s.clone(), Vec::new());
        }
        let mut problems = Vec::new();
        let loaded = match &key {
            None => None,
            Some(p) => match Loaded::read(p) {
                Ok(l) => Some(l),
                Err(e) => {
                    problems.push(Problem::Config(e));
                    None
                }
            },
        };
        let mut dirs = self.rules.clone();
        if let Some(l) = &loaded {
            dirs.extend(l.extra_rule_dirs());
        }
        let dir_refs: Vec<&Path> = dirs.iter().map(PathBuf::as_path).collect();
        let (catalog, errors) = Catalog::load(&dir_refs);
        problems.extend(errors.into_iter().map(Problem::Rules));
        let settings = catalog.map(|mut catalog| {
            if let Some(l) = &loaded {
                problems.extend(
                    l.apply(&mut catalog)
                        .into_iter()
                        .chain(l.glob_errors())
                        .map(|e| Problem::Config(Box::new(e))),
                );
            }
            Arc::new(Settings { loaded, catalog })
        });
        self.cache.insert(key, settings.clone());
        (settings, problems)
    }
}
