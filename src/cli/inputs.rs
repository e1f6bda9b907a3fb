//! Inputs of a run and the settings of each: lists the paths, finds each file's config
//! (`emcheck.yaml` from its folder up, or `--config`), leaves out excluded files, reads the
//! rest, and prints every problem (unreadable input, broken config or rule file) as it goes,
//! so one bad input never hides the others.

use emcheck::chunks::{Chunks, Read};
use emcheck::config::{Problem, Resolver, Settings};
use emcheck::source::{self, Document, Pending};
use std::collections::HashMap;
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Prints a config or rule-file problem as a diagnostic.
pub fn report(problem: Problem) {
    match problem {
        Problem::Config(e) => eprintln!("{:?}", miette::Report::new(*e)),
        Problem::Rules(e) => eprintln!("{:?}", miette::Report::new(e)),
    }
}

/// Settings per folder, found once per folder.
///
/// The resolver and the settings are never dropped: a finder lives until the command ends,
/// and freeing its catalogs (every fact, rule and word list) then only took time (1.7M
/// instructions, a tenth of a millisecond's work per catalog) that exiting saves.
pub struct Finder {
    resolver: ManuallyDrop<Resolver>,
    by_dir: ManuallyDrop<HashMap<PathBuf, Option<Arc<Settings>>>>,
    /// Whether a config or rule problem was met.
    pub failed: bool,
}

impl Finder {
    /// See `Resolver::new`.
    pub fn new(config: Option<PathBuf>, no_config: bool, rules: Vec<PathBuf>) -> Self {
        Finder {
            resolver: ManuallyDrop::new(Resolver::new(config, no_config, rules)),
            by_dir: ManuallyDrop::new(HashMap::new()),
            failed: false,
        }
    }

    /// The settings for files in `dir`; problems are printed the first time.
    pub fn for_dir(&mut self, dir: &Path) -> Option<Arc<Settings>> {
        if let Some(s) = self.by_dir.get(dir) {
            return s.clone();
        }
        let (settings, problems) = self.resolver.for_dir(dir);
        for p in problems {
            self.failed = true;
            report(p);
        }
        self.by_dir.insert(dir.to_path_buf(), settings.clone());
        settings
    }

    /// The settings for the current folder (stdin, JSON Lines, audits).
    pub fn here(&mut self) -> Option<Arc<Settings>> {
        self.for_dir(Path::new("."))
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Lists `paths`, drops the files their config excludes, and returns the rest with their
/// settings (unreadable entries are returned as they are, to be reported when read).
pub fn list(paths: &[String], finder: &mut Finder) -> Vec<(Pending, Option<Arc<Settings>>)> {
    let mut out = Vec::new();
    for pending in source::list_paths(paths) {
        let settings = match &pending {
            Pending::File(path) => {
                let settings = finder.for_dir(&folder_of(path));
                if settings.as_ref().is_some_and(|s| s.excludes(path)) {
                    continue;
                }
                settings
            }
            Pending::Stdin => finder.here(),
            Pending::Failed(_) => None,
        };
        out.push((pending, settings));
    }
    out
}

/// A document that can be checked, with its settings.
pub type Doc = (Document, Arc<Settings>);

/// Reads the inputs of a run a chunk of `chunk` documents at a time (see `emcheck::chunks`),
/// in input order: the listed paths, then the `--docs-jsonl` records. Unreadable inputs are
/// printed as they are met; `each` gets the usable documents of each chunk. Returns whether
/// an input, config or rule file could not be used (exit code 2).
pub fn for_each_chunk(
    paths: &[String],
    docs_jsonl: Option<&str>,
    finder: &mut Finder,
    chunk: usize,
    each: &mut dyn FnMut(Vec<Doc>) -> std::io::Result<()>,
) -> std::io::Result<bool> {
    let mut failed = false;
    let mut take = |chunk: Vec<Read<Option<Arc<Settings>>>>| {
        let mut docs = Vec::with_capacity(chunk.len());
        for read in chunk {
            match read {
                (Ok(doc), Some(settings)) => docs.push((doc, settings)),
                // No usable rules for it: the problem was printed when they were loaded.
                (Ok(_), None) => failed = true,
                (Err(e), _) => {
                    failed = true;
                    eprintln!("error: {e}");
                }
            }
        }
        if docs.is_empty() { Ok(()) } else { each(docs) }
    };
    for docs in Chunks::new(list(paths, finder), None).with_size(chunk) {
        take(docs)?;
    }
    if let Some(jsonl) = docs_jsonl {
        // Settings of the current folder, looked up (and their problems printed) only now,
        // after the listed files, as when every input was read first.
        let records = (source::JsonlDocs::open(jsonl), finder.here());
        for docs in Chunks::new(Vec::new(), Some(records)).with_size(chunk) {
            take(docs)?;
        }
    }
    Ok(failed | finder.failed)
}
