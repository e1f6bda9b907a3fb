//! `emcheck check` in flat memory, in two phases.
//!
//! 1. The inputs are read a chunk at a time and each chunk's documents are checked on all
//!    cores, a group of consecutive documents on each core at a time (all of a group
//!    extracted, then all checked: `check_group`), a long document part by part (their
//!    claims are dropped as they go). Each document is kept with its
//!    findings, statements and line starts (`held::Held`) in a `Spill`: in memory up to a
//!    budget, then in temporary files in `held`'s compact encoding (without the line starts,
//!    counted again when read back). For JSON Lines without a baseline, a document without
//!    `emcheck-` comments is kept without its text: what phase 2 reads of the text is only
//!    where its findings' offsets are on its lines, and those are worked out in phase 1
//!    instead (`Held::places`), so the text is neither held nor spilled nor read back. Its
//!    statements go to the batch of checks across articles. A chunk is kept that way, on one core, while the next chunk is checked on all
//!    cores (`chunks::Overlap`).
//! 2. The batch is settled (with the ledger's published articles first, under `--ledger`)
//!    and the documents are read back in input order: findings across articles, inline
//!    suppressions, the baseline, then the reporter, one document at a time.

use super::held::{Held, HeldCodec};
use super::inputs::{Finder, for_each_chunk};
use crate::{CheckArgs, Format};
use emcheck::baseline::{Baseline, Recorder, Usage, normalize_file};
use emcheck::catalog::Catalog;
use emcheck::catalog::checks::Severity;
use emcheck::chunks::{OVERLAP_BYTES, Overlap};
use emcheck::config::Settings;
use emcheck::consistency::{Batch, Source, Statement};
use emcheck::finding::Finding;
use emcheck::report::findings::{self, DocFindings, FindingsSink};
use emcheck::report::{Places, checkstyle, rdjson, sarif};
use emcheck::source::Document;
use emcheck::spill::{Spares, Spill};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// Bytes of documents (text and results, as `Held::weight` counts them) kept in memory
/// between the phases by default. Peak memory is about 35 MB more than this; a 50 MB document
/// checked after them takes about 100 MB more while it is checked (185 MB in all).
pub const SPILL_BUDGET: usize = 36 << 20;

/// Documents read back and finished on all cores at a time in phase 2.
const PHASE2_CHUNK: usize = 256;

/// Capacity of the JSON Lines buffers of a phase 2 chunk kept to render the next one's in.
const SPARE_BYTES: usize = 8 << 20;

/// One document read back in phase 2, with its final findings.
struct Reread {
    doc: Document,
    found: Vec<Finding>,
    /// Where its lines start, when kept from phase 1 (else empty).
    line_starts: Vec<usize>,
    /// Where its findings are, when its text was not kept (`Held::places`).
    places: Option<Places>,
    /// Index of its settings.
    settings: usize,
    suppressed: Suppressed,
}

impl Reread {
    fn view(&self) -> DocFindings<'_> {
        DocFindings {
            doc: &self.doc,
            findings: &self.found,
        }
    }
}

/// What a document's `emcheck-disable` comments did.
#[derive(Default)]
struct Suppressed {
    /// Findings hidden.
    hidden: usize,
    /// Problems with the comments, as printed.
    messages: Vec<String>,
    /// Whether one of them is an error (not just an unused comment).
    error: bool,
}

/// What phase 1 leaves for phase 2.
struct Checked {
    held: Spill<Held, HeldCodec>,
    /// The distinct settings, in order of first use.
    settings: Vec<Arc<Settings>>,
    batch: Batch,
    /// Under `--ledger`: the statements of each document, added to the batch after the
    /// ledger's; the statement keys and the content hashes of the documents.
    replay: Option<Spill<(String, Vec<Statement>)>>,
    keys: BTreeSet<String>,
    hashes: HashSet<String>,
    /// Under `--format rdjson`: where the statements of each document are.
    places: rdjson::Places,
}

/// Runs `emcheck check`.
pub fn run(args: &CheckArgs, finder: &mut Finder) -> io::Result<ExitCode> {
    let input = &args.input;
    let options = emcheck::check::Options {
        verified: args.verified,
    };
    let rdjson = input.format == Format::Rdjson;
    let mut phase1 = Checked {
        held: Spill::with_codec(
            input.spill_budget.unwrap_or(SPILL_BUDGET),
            HeldCodec::default(),
        ),
        settings: Vec::new(),
        batch: Batch::new(),
        replay: args.ledger.then(|| Spill::new(SPILL_BUDGET / 4)),
        keys: BTreeSet::new(),
        hashes: HashSet::new(),
        places: rdjson::Places::new(),
    };
    let paths = &input.paths;
    let chunk = input.chunk_size;
    // A chunk's documents are kept (added to the batch and the spill, in input order, on one
    // core) while the next chunk is read and checked on all cores.
    let mut overlap = Overlap::new();
    let mut keep = |checked| phase1.keep_all(checked);
    let mut failed = for_each_chunk(
        paths,
        input.docs_jsonl.as_deref(),
        finder,
        chunk,
        &mut |docs| {
            overlap.step(
                || {
                    groups(docs, rayon::current_num_threads())
                        .into_par_iter()
                        .map(|group| check_group(group, args, &options, rdjson))
                        .collect::<Vec<_>>()
                },
                |checked| {
                    let text = checked.iter().flatten().map(|c| c.0.text.len());
                    text.sum::<usize>() <= OVERLAP_BYTES
                },
                &mut keep,
            )
        },
    )?;
    overlap.finish(&mut keep)?;
    let Checked {
        held,
        settings,
        mut batch,
        replay,
        keys,
        hashes,
        places,
    } = phase1;

    // Phase 2: the batch, with the ledger's articles first.
    let mut offset = 0;
    if let Some(replay) = replay {
        let published =
            published(&args.ledger_path.ledger_path, &keys, &hashes).unwrap_or_else(|e| {
                failed = true;
                eprintln!("error: {e}");
                Vec::new()
            });
        offset = published.len();
        for (source, statements) in &published {
            batch.add(source.clone(), statements);
        }
        for item in replay.drain()? {
            let ((name, statements), _) = item?;
            batch.add(Source { name, date: None }, &statements);
        }
    }
    batch.settle();
    let baseline = args.baseline.as_deref().and_then(|path| {
        read_baseline(path)
            .map_err(|message| {
                failed = true;
                eprintln!("error: {message}");
            })
            .ok()
    });
    let mut recorder = args.write_baseline.as_ref().map(|_| Recorder::default());
    let mut usage = Usage::new();
    let mut files: HashSet<String> = HashSet::new();
    let (mut hidden, mut baselined) = (0, 0);
    let mut failing = false;
    let mut out = io::BufWriter::new(io::stdout().lock());
    // The catalog of the reporters' rule tables (loading the built-in one only when needed:
    // it is most of the start-up time).
    let catalog = match settings.first() {
        Some(s) => &s.catalog,
        None => Catalog::builtin(),
    };
    let mut sink = match recorder {
        Some(_) => None,
        None => Some(sink(&mut out, input.format, catalog, places, &input.color)?),
    };
    // Documents are read back a chunk at a time; the work of each document on its own (its
    // findings across articles, its suppressions and, for JSON Lines, its output) runs on all
    // cores, the rest in input order.
    let mut first = 0;
    let mut spares = Spares::new(SPARE_BYTES);
    for chunk in held.drain_chunks(PHASE2_CHUNK)? {
        let chunk = chunk?;
        let batch = &batch;
        let settings = &settings;
        let mut docs: Vec<Reread> = chunk
            .into_par_iter()
            .enumerate()
            .map(|(k, (held, text))| {
                let (doc, mut found, statements, s, line_starts, places) = held.into_parts(text);
                let catalog = &settings[s].catalog;
                let extra = batch.findings(offset + first + k, &statements, catalog);
                if !extra.is_empty() {
                    found.extend(extra);
                    found.sort_by(|a, b| {
                        (a.span.start, a.span.end, &a.rule).cmp(&(
                            b.span.start,
                            b.span.end,
                            &b.rule,
                        ))
                    });
                }
                // Inline suppressions; their problems are printed in input order below. A
                // document kept without its text had no `emcheck-` in it: no directives.
                let suppressed = match places {
                    Some(_) => Suppressed::default(),
                    None => suppress(&doc, &mut found, catalog),
                };
                Reread {
                    doc,
                    found,
                    line_starts,
                    places,
                    settings: s,
                    suppressed,
                }
            })
            .collect();
        first += docs.len();
        for d in &mut docs {
            for message in &d.suppressed.messages {
                eprintln!("{message}");
            }
            failed |= d.suppressed.error;
            hidden += d.suppressed.hidden;
            if let Some(recorder) = &mut recorder {
                recorder.add(&d.doc.name, &d.doc.text, &d.found);
                continue;
            }
            if let Some(baseline) = &baseline {
                baselined += baseline.apply(&d.doc.name, &d.doc.text, &mut d.found, &mut usage);
                files.insert(normalize_file(&d.doc.name));
            }
            // Each file fails at its own config's threshold unless --fail-on is given.
            let at = args
                .fail_on
                .map(crate::threshold)
                .or(settings[d.settings].fail_on())
                .unwrap_or(Severity::Error);
            failing |= d.found.iter().any(|f| f.severity >= at);
        }
        let Some(sink) = &mut sink else { continue };
        if input.format == Format::Jsonl
            && docs.iter().map(|d| d.found.len()).sum::<usize>() < 20_000
        {
            // JSON Lines of one document do not depend on the others: rendered in parallel
            // (unless the chunk has so many findings that their text would take memory), and
            // each document dropped there too rather than on this thread.
            let bufs: Vec<Vec<u8>> = docs.iter().map(|_| spares.take()).collect();
            let rendered: Vec<Vec<u8>> = docs
                .into_par_iter()
                .zip(bufs)
                .map(|(d, mut buf)| {
                    match &d.places {
                        Some(places) => {
                            findings::push_jsonl_lines_placed(&mut buf, &d.view(), places)
                        }
                        None => {
                            findings::push_jsonl_lines_with(&mut buf, &d.view(), &d.line_starts)
                        }
                    }
                    buf
                })
                .collect();
            for buf in rendered {
                out.write_all(&buf)?;
                spares.keep(buf);
            }
        } else {
            for d in &docs {
                match &d.places {
                    // Only JSON Lines keep documents without their text: the lines that
                    // `sink.document` writes, placed without it.
                    Some(places) => {
                        findings::write_jsonl_lines_placed(&mut out, &d.view(), places)?
                    }
                    None => sink.document(&mut out, &d.view())?,
                }
            }
        }
    }
    if let (Some(path), Some(recorder)) = (&args.write_baseline, recorder) {
        let count = recorder.findings();
        let baseline = recorder.finish();
        std::fs::write(path, baseline.to_json())?;
        eprintln!(
            "wrote {}: {} entr{} for {count} finding(s)",
            path.display(),
            baseline.entries.len(),
            if baseline.entries.len() == 1 {
                "y"
            } else {
                "ies"
            },
        );
        return Ok(if failed {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        });
    }
    if let (Some(path), Some(baseline)) = (&args.baseline, &baseline) {
        // Stale entries of the files checked now: the figure was fixed or removed.
        for e in baseline.unused(&usage) {
            if files.contains(&e.file) {
                eprintln!(
                    "warning: {}: baseline entry no longer matches: {} on `{}` in {} (remove it, or write the baseline again)",
                    path.display(),
                    e.rule,
                    e.text,
                    e.file
                );
            }
        }
    }
    if hidden + baselined > 0 {
        eprintln!(
            "note: {hidden} finding(s) hidden by emcheck-disable comments, {baselined} by the baseline"
        );
    }
    if let Some(sink) = sink {
        sink.finish(&mut out)?;
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A document checked in phase 1, before it is kept: with its settings, its content hash
/// under `--ledger`, its statements' places under `--format rdjson` and, when its text was
/// let go, the places of its findings (`Held::places`).
type CheckedDoc = (
    Document,
    Arc<Settings>,
    emcheck::Checked,
    Option<String>,
    Option<rdjson::PlacesOf>,
    Option<Places>,
);

/// What every `emcheck-disable` comment holds (`suppress::parse` looks for it), searched for
/// by one searcher built once.
static DIRECTIVE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"emcheck-"));

/// Documents of a group (`groups`), at most.
const GROUP_DOCS: usize = 64;

/// Text of a group's documents after which it ends (it holds at least one document): what a
/// group's claims take waits for its checks, about as much as a part's (`PART_BYTES`).
const GROUP_BYTES: usize = emcheck::PART_BYTES;

/// A chunk's documents in groups of consecutive ones (`GROUP_DOCS` or `GROUP_BYTES`), each
/// checked on one core by `check_group`; smaller groups when the chunk is short, so that each
/// of `threads` cores gets about four (a CI run over a dozen drafts still uses every core).
fn groups<T>(docs: Vec<(Document, T)>, threads: usize) -> Vec<Vec<(Document, T)>> {
    let most = docs.len().div_ceil(4 * threads.max(1)).clamp(1, GROUP_DOCS);
    let mut groups = Vec::new();
    let mut group = Vec::new();
    let mut bytes = 0;
    for doc in docs {
        if !group.is_empty() && (group.len() == most || bytes >= GROUP_BYTES) {
            groups.push(std::mem::take(&mut group));
            bytes = 0;
        }
        bytes += doc.0.text.len();
        group.push(doc);
    }
    if !group.is_empty() {
        groups.push(group);
    }
    groups
}

/// Checks a group of documents of phase 1 (on one core, in order): all of them normalized and
/// extracted first, then all checked. Going from one step to the other for each document of
/// about 10 kB took about a tenth more time (`check --jobs 1` over 10,000 news articles:
/// 0.08-0.14 s of 1.2 s of CPU, measured side by side; most likely each step's code, tables
/// and branch history evicting the other's, which cachegrind's simple model does not show).
/// The results are the same (`emcheck::check_extracted`).
fn check_group(
    group: Vec<(Document, Arc<Settings>)>,
    args: &CheckArgs,
    options: &emcheck::check::Options,
    rdjson: bool,
) -> Vec<CheckedDoc> {
    // Each extraction fills the largest claims vector left of the last group's
    // (`extract::recycle` hands the next extraction one) when it has the room the extraction
    // reserves (a claim per 64 bytes of its normalized text, no longer than the text), else
    // a new one: growing an empty vector to that room would copy all of its old room (the
    // allocator does not know it is empty).
    let mut spares = SPARE_CLAIMS.take();
    let extracted: Vec<Option<emcheck::Extracted>> = group
        .iter()
        .map(|(doc, settings)| {
            let largest = (0..spares.len()).max_by_key(|&i| spares[i].capacity());
            if let Some(i) = largest
                && spares[i].capacity() >= doc.text.len() / 64
            {
                emcheck::extract::recycle(spares.swap_remove(i));
            }
            emcheck::extract_whole(doc, args.input.article_date, &settings.catalog)
        })
        .collect();
    // The ones left over go: a thread keeps no more than its last group's.
    spares.clear();
    let mut room = SPARE_ROOM;
    let mut keep = |part: emcheck::CheckedPart<'_>| {
        let bytes = part.claims.capacity() * size_of::<emcheck::claim::Claim>();
        if bytes <= room {
            room -= bytes;
            spares.push(part.claims);
        }
    };
    let checked = group
        .into_iter()
        .zip(extracted)
        .map(|((doc, settings), extracted)| {
            check_doc(doc, settings, extracted, args, options, rdjson, &mut keep)
        })
        .collect();
    SPARE_CLAIMS.set(spares);
    checked
}

/// Bytes of room of the claims vectors a thread keeps for its next group (`check_group`), at
/// most.
const SPARE_ROOM: usize = 4 << 20;

thread_local! {
    /// The claims vectors of a thread's last group, for the next one's extractions (`Cell`:
    /// taken and put back, never borrowed).
    static SPARE_CLAIMS: std::cell::Cell<Vec<Vec<emcheck::claim::Claim>>> =
        const { std::cell::Cell::new(Vec::new()) };
}

/// Checks one document of phase 1, extracted already unless it is read in parts.
fn check_doc(
    mut doc: Document,
    settings: Arc<Settings>,
    extracted: Option<emcheck::Extracted>,
    args: &CheckArgs,
    options: &emcheck::check::Options,
    rdjson: bool,
    keep: &mut dyn FnMut(emcheck::CheckedPart<'_>),
) -> CheckedDoc {
    // A long document's parts are extracted and checked one after the other: their claims
    // go back to `extract::recycle` for the next part.
    let recycle = &mut |part: emcheck::CheckedPart<'_>| emcheck::extract::recycle(part.claims);
    let c = match extracted {
        Some(extracted) => {
            emcheck::check_extracted(&doc, extracted, &settings.catalog, options, keep)
        }
        None => emcheck::check_parts(
            &doc,
            args.input.article_date,
            &settings.catalog,
            options,
            recycle,
        ),
    };
    let hash = args
        .ledger
        .then(|| emcheck::ledger::content_hash(&doc.text));
    let places =
        rdjson.then(|| rdjson::Places::of(&doc, c.statements.iter().map(|s| s.span.clone())));
    // Phase 2 reads a document's text only to place its findings on its lines, for its
    // `emcheck-` comments (`suppress::parse` finds none without that word) and for the
    // baseline and the other formats. Where only the first is left, the places go instead of
    // the text (and of the line starts).
    let mut c = c;
    let lean = args.input.format == Format::Jsonl
        && args.baseline.is_none()
        && args.write_baseline.is_none()
        && DIRECTIVE.find(doc.text.as_bytes()).is_none();
    let placed = lean.then(|| {
        let placed = Held::places(&doc.text, &c.line_starts, &c.findings, &c.statements);
        doc.text = String::new();
        c.line_starts = Vec::new();
        placed
    });
    (doc, settings, c, hash, places, placed)
}

impl Checked {
    /// Keeps a chunk's checked documents (in groups), in order, and gives them to `held`.
    fn keep_all(&mut self, checked: Vec<Vec<CheckedDoc>>) -> io::Result<()> {
        let mut kept = Vec::with_capacity(checked.iter().map(Vec::len).sum());
        for (doc, settings, c, hash, places, placed) in checked.into_iter().flatten() {
            kept.push(self.keep(doc, &settings, c, hash, places, placed)?);
        }
        self.held.push_all(kept)
    }

    /// Keeps one document checked in phase 1; gives what goes to `held` (all of a chunk's go
    /// at once, serialized on all cores when they spill), with its text and weight.
    fn keep(
        &mut self,
        doc: Document,
        settings: &Arc<Settings>,
        c: emcheck::Checked,
        hash: Option<String>,
        places: Option<rdjson::PlacesOf>,
        placed: Option<Places>,
    ) -> io::Result<(Held, String, usize)> {
        let s = match self.settings.iter().rposition(|x| Arc::ptr_eq(x, settings)) {
            Some(s) => s,
            None => {
                self.settings.push(settings.clone());
                self.held.codec_mut().add_settings(settings.clone());
                self.settings.len() - 1
            }
        };
        if let Some(places) = places {
            self.places.add(places);
        }
        match &mut self.replay {
            Some(replay) => {
                self.keys
                    .extend(c.statements.iter().map(|s| s.key.to_string()));
                self.hashes.extend(hash);
                let weight = 256 * c.statements.len();
                replay.push(
                    (doc.name.clone(), c.statements.clone()),
                    String::new(),
                    weight,
                )?;
            }
            None => {
                let source = Source {
                    name: doc.name.clone(),
                    date: None,
                };
                self.batch.add(source, &c.statements);
            }
        }
        // The line starts go to the reporter with the findings (an article's: see
        // `Checked::line_starts`).
        let mut held = Held::new(
            doc.name,
            doc.format,
            c.findings,
            c.statements,
            s,
            c.line_starts,
        );
        held.places = placed;
        let weight = held.weight(&doc.text);
        Ok((held, doc.text, weight))
    }
}

/// The reporter of `format`, its beginning written.
fn sink<'a>(
    out: &mut dyn Write,
    format: Format,
    catalog: &'a Catalog,
    places: rdjson::Places,
    color: &str,
) -> io::Result<Box<dyn FindingsSink + 'a>> {
    Ok(match format {
        Format::Jsonl => Box::new(findings::JsonlWriter),
        Format::Json => Box::new(findings::JsonWriter::begin(out)?),
        Format::Human => Box::new(findings::HumanWriter::new(crate::use_color(color))),
        Format::Sarif => Box::new(sarif::SarifWriter::begin(out, catalog)?),
        Format::Github => Box::new(sarif::GithubWriter),
        Format::Rdjson => Box::new(rdjson::RdjsonWriter::begin(out, Box::new(places))?),
        Format::Checkstyle => Box::new(checkstyle::CheckstyleWriter::begin(out)?),
    })
}

/// Applies a document's `emcheck-disable` comments to its findings and says what they did:
/// how many findings they hid, and their problems (an unknown rule or directive is an error,
/// an unused one a warning).
fn suppress(doc: &Document, found: &mut Vec<Finding>, catalog: &Catalog) -> Suppressed {
    let mut directives = emcheck::suppress::parse(&doc.text);
    if directives.is_empty() {
        return Suppressed::default();
    }
    let hidden = directives.apply(&doc.text, found).len();
    // Rules a config turned off are still known names.
    let known: BTreeSet<&str> = catalog
        .rules
        .keys()
        .chain(Catalog::builtin().rules.keys())
        .map(String::as_str)
        .collect();
    let known: Vec<&str> = known.into_iter().collect();
    let mut out = Suppressed {
        hidden,
        ..Suppressed::default()
    };
    for p in directives.problems(&known) {
        let unused = matches!(p.kind, emcheck::suppress::ProblemKind::Unused { .. });
        out.error |= !unused;
        out.messages.push(format!(
            "{}: {}:{}:{}: {}",
            if unused { "warning" } else { "error" },
            doc.name,
            p.line,
            p.column,
            p.message
        ));
    }
    out
}

fn read_baseline(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Baseline::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The statements of the ledger's articles about the subjects `keys`, leaving out articles
/// whose content hash is one of `hashes` (a published article checked again).
fn published(
    path: &Path,
    keys: &BTreeSet<String>,
    hashes: &HashSet<String>,
) -> Result<Vec<(Source, Vec<Statement>)>, emcheck::ledger::LedgerError> {
    if !path.exists() {
        return Err(emcheck::ledger::LedgerError {
            path: path.to_path_buf(),
            message: "no ledger here yet; `emcheck ledger add PATH...` creates it".into(),
            corrupt: false,
        });
    }
    let ledger = emcheck::ledger::Ledger::open(path)?;
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    ledger.published_except(&keys, hashes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_keep_order_and_give_every_core_work() {
        let docs = |n: usize, len: usize| -> Vec<(Document, usize)> {
            (0..n)
                .map(|i| {
                    let doc = Document {
                        name: format!("{i}.txt"),
                        text: "x".repeat(len),
                        format: emcheck::normalize::Format::Text,
                    };
                    (doc, i)
                })
                .collect()
        };
        let sizes = |g: &[Vec<(Document, usize)>]| g.iter().map(Vec::len).collect::<Vec<_>>();
        let order = |g: Vec<Vec<(Document, usize)>>| -> Vec<usize> {
            g.into_iter().flatten().map(|(_, i)| i).collect()
        };
        // A full chunk: groups of `GROUP_DOCS`, in order.
        let full = groups(docs(512, 10), 2);
        assert_eq!(sizes(&full), vec![GROUP_DOCS; 8]);
        assert_eq!(order(full), (0..512).collect::<Vec<_>>());
        // A dozen drafts on two cores, or on eight: every core gets a group.
        assert_eq!(sizes(&groups(docs(12, 10), 2)), vec![2; 6]);
        assert_eq!(sizes(&groups(docs(12, 10), 8)), vec![1; 12]);
        assert_eq!(sizes(&groups(docs(1, 10), 2)), vec![1]);
        assert!(groups(docs(0, 10), 2).is_empty());
        // Long documents end a group early, at `GROUP_BYTES` of text (here before three).
        let long = groups(docs(10, GROUP_BYTES / 2 + 1), 1);
        assert_eq!(sizes(&long), vec![2; 5]);
    }
}
