//! The `emcheck` command line: parses arguments, reads inputs and rules, runs the library and
//! picks a reporter. Exit codes: 0 nothing at or above `--fail-on`, 1 findings at or above it,
//! 2 usage, rule-file or input error (the other inputs are still processed and reported).

use clap::{Args, Parser, Subcommand, ValueEnum};
use emcheck::catalog::Catalog;
use emcheck::catalog::checks::Severity;
use emcheck::claim::PartialDate;
use emcheck::report::claims::{self, DocClaims};
use emcheck::report::findings::{self, DocFindings};
use emcheck::source::{self, Document, InputError};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "emcheck",
    version,
    about = "Fact-check the emissions figures in news articles."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the figures of articles against reference facts and against each other.
    Check(CheckArgs),
    /// Print the numeric claims the extractors see in each article (the debugging view).
    Extract(ExtractArgs),
    /// Audit a batch of articles on all cores and write a report (HTML, Markdown or JSON).
    Audit(AuditArgs),
    /// The ledger of a newsroom's published articles, which `check --ledger` compares drafts with.
    Ledger {
        #[command(subcommand)]
        action: LedgerAction,
    },
    /// Explain a rule: what it flags, why, and how to fix it.
    Explain {
        /// The rule id (see `emcheck rules`).
        rule: String,
        #[command(flatten)]
        rules: RulesArgs,
    },
    /// List the rules.
    Rules(RulesArgs),
    /// List the reference facts whose id, entity, metric or source contains QUERY, or import a dataset.
    Facts(FactsArgs),
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// For a person.
    Human,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// SARIF 2.1.0 (check only), for code-review systems.
    Sarif,
    /// GitHub Actions annotations (check only).
    Github,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq, PartialOrd, Ord)]
enum FailOn {
    Info,
    Warning,
    Error,
}

#[derive(Args)]
struct InputArgs {
    /// Files or folders to read (folders recursively: .txt .md .markdown .html .htm); `-` reads stdin.
    paths: Vec<String>,
    /// Read documents from JSON Lines (`{"id", "text", "format"?}` per line); `-` for stdin.
    #[arg(long, value_name = "FILE")]
    docs_jsonl: Option<String>,
    /// The article date (YYYY-MM-DD) when the article does not state its own: for dates
    /// written without a year, 去年/今年, ages and facts that change over time.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    article_date: Option<PartialDate>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Colour: auto (when stdout is a terminal), always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    color: String,
}

#[derive(Args)]
struct RulesArgs {
    /// A folder laid out like rules/ whose files add to or replace the embedded rules.
    #[arg(long = "rules", value_name = "DIR")]
    rules: Vec<PathBuf>,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    rules: RulesArgs,
    /// Exit with 1 when a finding has this severity or a higher one.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Also list the figures that agree with their reference, with the source.
    #[arg(long)]
    verified: bool,
    /// Also compare with the published articles of the ledger (`emcheck ledger add`).
    #[arg(long)]
    ledger: bool,
    #[command(flatten)]
    ledger_path: LedgerPath,
}

#[derive(Args)]
struct LedgerPath {
    /// The ledger file (created on first `ledger add`).
    #[arg(long, value_name = "FILE", default_value = emcheck::ledger::DEFAULT_PATH)]
    ledger_path: PathBuf,
}

#[derive(Subcommand)]
enum LedgerAction {
    /// Record the claims of published articles (adding one twice changes nothing).
    Add {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        rules: RulesArgs,
        #[command(flatten)]
        ledger: LedgerPath,
    },
    /// Print how many articles, claims and comparable statements the ledger holds.
    Stats {
        #[command(flatten)]
        ledger: LedgerPath,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ReportFormat {
    /// One self-contained HTML file with charts.
    Html,
    /// Markdown.
    Md,
    /// One JSON document: `{"summary": …, "articles": […]}`.
    Json,
}

#[derive(Args)]
struct AuditArgs {
    /// Files or folders to read (folders recursively: .txt .md .markdown .html .htm); `-` reads stdin.
    paths: Vec<String>,
    /// Read documents from JSON Lines (`{"id", "text", "format"?}` per line); `-` for stdin.
    #[arg(long, value_name = "FILE")]
    docs_jsonl: Option<String>,
    /// Write the report to FILE (its format from the extension: .html, .md, .json) instead of stdout.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Report format; default: from --report's extension, else Markdown.
    #[arg(long, value_enum)]
    format: Option<ReportFormat>,
    /// The article date (YYYY-MM-DD) for articles that do not state their own.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    article_date: Option<PartialDate>,
    /// Exit with 1 when a finding has this severity or a higher one.
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// Threads to use (default: all cores).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Progress bar on stderr: auto (when stderr is a terminal), always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    progress: String,
    #[command(flatten)]
    rules: RulesArgs,
}

#[derive(Args)]
struct ExtractArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    rules: RulesArgs,
}

#[derive(Args)]
struct FactsArgs {
    /// Show facts whose id, entity, metric or source contains this text.
    query: Option<String>,
    #[command(flatten)]
    rules: RulesArgs,
    #[command(subcommand)]
    action: Option<FactsAction>,
}

#[derive(Subcommand)]
enum FactsAction {
    /// Turn a public dataset into a facts file on stdout (gcb-2022, jones-2023).
    Import {
        /// The dataset: gcb-2022 (Global Carbon Budget 2022 national fossil CO2) or jones-2023
        /// (Jones et al. 2023 total GHG via OWID).
        dataset: String,
        /// The CSV file of the dataset.
        csv: PathBuf,
        /// Years to import, `1990..2021` or one year.
        #[arg(long, default_value = "1990..2021")]
        years: String,
    },
}

fn parse_date(s: &str) -> Result<PartialDate, String> {
    match emcheck::catalog::facts::parse_date(s) {
        Some(d) if d.is_complete() => Ok(d),
        _ => Err(format!("`{s}` is not a date of the form YYYY-MM-DD")),
    }
}

fn use_color(choice: &str) -> bool {
    match choice {
        "always" => true,
        "never" => false,
        _ => io::stdout().is_terminal(),
    }
}

/// Loads the rules: the embedded ones, overlaid with `--rules` folders. Problems are printed
/// as diagnostics; `None` when nothing usable loaded.
fn load_catalog(args: &RulesArgs, failed: &mut bool) -> Option<&'static Catalog> {
    if args.rules.is_empty() {
        return Some(Catalog::builtin());
    }
    let dirs: Vec<&std::path::Path> = args.rules.iter().map(PathBuf::as_path).collect();
    let (catalog, errors) = Catalog::load(&dirs);
    for e in errors {
        *failed = true;
        eprintln!("{:?}", miette::Report::new(e));
    }
    catalog.map(|c| &*Box::leak(Box::new(c)))
}

/// Reads every input the arguments name; errors are reported, not fatal.
fn read_inputs(args: &InputArgs, failed: &mut bool) -> Vec<Document> {
    let mut inputs: Vec<Result<Document, InputError>> = source::read_paths(&args.paths);
    if let Some(jsonl) = &args.docs_jsonl {
        inputs.extend(source::read_docs_jsonl_path(jsonl));
    }
    let mut docs = Vec::new();
    for input in inputs {
        match input {
            Ok(doc) => docs.push(doc),
            Err(e) => {
                *failed = true;
                eprintln!("error: {e}");
            }
        }
    }
    docs
}

fn nothing_to_read(args: &InputArgs) -> bool {
    if args.paths.is_empty() && args.docs_jsonl.is_none() {
        eprintln!(
            "error: nothing to read: give files, folders, `-` for stdin, or --docs-jsonl FILE"
        );
        return true;
    }
    false
}

/// The rules and the documents of a `check` or `extract` run, and whether anything failed to
/// load; `None` when there is nothing to run on (usage error or no usable rules).
fn prepare(
    input: &InputArgs,
    rules: &RulesArgs,
) -> Option<(&'static Catalog, Vec<Document>, bool)> {
    if nothing_to_read(input) {
        return None;
    }
    let mut failed = false;
    let catalog = load_catalog(rules, &mut failed)?;
    let docs = read_inputs(input, &mut failed);
    Some((catalog, docs, failed))
}

fn run_extract(args: &ExtractArgs) -> io::Result<ExitCode> {
    let Some((catalog, docs, failed)) = prepare(&args.input, &args.rules) else {
        return Ok(ExitCode::from(2));
    };
    let extractions: Vec<_> = docs
        .iter()
        .map(|d| emcheck::extract_document(d, args.input.article_date, catalog))
        .collect();
    let views: Vec<DocClaims<'_>> = docs
        .iter()
        .zip(&extractions)
        .map(|(doc, x)| DocClaims {
            doc,
            claims: &x.claims,
            article_date: x.article_date,
        })
        .collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.input.format {
        Format::Jsonl => claims::write_jsonl(&mut out, &views)?,
        Format::Json => claims::write_json(&mut out, &views)?,
        Format::Human => claims::write_human(&mut out, &views, use_color(&args.input.color))?,
        Format::Sarif | Format::Github => {
            eprintln!("error: --format sarif and github are for `emcheck check`");
            return Ok(ExitCode::from(2));
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_check(args: &CheckArgs) -> io::Result<ExitCode> {
    let Some((catalog, docs, failed)) = prepare(&args.input, &args.rules) else {
        return Ok(ExitCode::from(2));
    };
    let options = emcheck::check::Options {
        verified: args.verified,
    };
    let mut failed = failed;
    let results = if args.ledger {
        let mut checked: Vec<emcheck::Checked> = {
            use rayon::prelude::*;
            docs.par_iter()
                .map(|d| emcheck::check_one(d, args.input.article_date, catalog, &options))
                .collect()
        };
        let published = match published(&args.ledger_path.ledger_path, &docs, &checked) {
            Ok(p) => p,
            Err(e) => {
                failed = true;
                eprintln!("error: {e}");
                Vec::new()
            }
        };
        let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
        emcheck::cross_check(&names, &mut checked, published, catalog);
        checked.into_iter().map(|c| c.findings).collect()
    } else {
        emcheck::check_documents(&docs, args.input.article_date, catalog, &options)
    };
    let views: Vec<DocFindings<'_>> = docs
        .iter()
        .zip(&results)
        .map(|(doc, findings)| DocFindings { doc, findings })
        .collect();
    let mut out = io::BufWriter::new(io::stdout().lock());
    match args.input.format {
        Format::Jsonl => findings::write_jsonl(&mut out, &views)?,
        Format::Json => findings::write_json(&mut out, &views)?,
        Format::Human => findings::write_human(&mut out, &views, use_color(&args.input.color))?,
        Format::Sarif => emcheck::report::sarif::write_sarif(&mut out, &views, catalog)?,
        Format::Github => emcheck::report::sarif::write_github(&mut out, &views)?,
    }
    out.flush()?;
    let threshold = match args.fail_on {
        FailOn::Info => Severity::Info,
        FailOn::Warning => Severity::Warning,
        FailOn::Error => Severity::Error,
    };
    let failing = results.iter().flatten().any(|f| f.severity >= threshold);
    Ok(if failed {
        ExitCode::from(2)
    } else if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The statements of the ledger's articles about the subjects the drafts state, leaving out
/// articles whose text is one of the drafts (a published article checked again).
fn published(
    path: &std::path::Path,
    docs: &[Document],
    checked: &[emcheck::Checked],
) -> Result<
    Vec<(
        emcheck::consistency::Source,
        Vec<emcheck::consistency::Statement>,
    )>,
    emcheck::ledger::LedgerError,
> {
    if !path.exists() {
        return Err(emcheck::ledger::LedgerError {
            path: path.to_path_buf(),
            message: "no ledger here yet; `emcheck ledger add PATH...` creates it".into(),
            corrupt: false,
        });
    }
    let ledger = emcheck::ledger::Ledger::open(path)?;
    let mut keys: Vec<&str> = checked
        .iter()
        .flat_map(|c| c.statements.iter().map(|s| s.key.as_str()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    ledger.published(&keys, &texts)
}

fn run_ledger(action: &LedgerAction) -> io::Result<ExitCode> {
    match action {
        LedgerAction::Stats { ledger } => {
            let counts =
                emcheck::ledger::Ledger::open(&ledger.ledger_path).and_then(|l| l.counts());
            match counts {
                Ok((articles, claims, statements)) => {
                    println!(
                        "{}: {articles} article(s), {claims} claim(s), {statements} comparable statement(s)",
                        ledger.ledger_path.display()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    Ok(ExitCode::from(2))
                }
            }
        }
        LedgerAction::Add {
            input,
            rules,
            ledger,
        } => {
            let Some((catalog, docs, mut failed)) = prepare(input, rules) else {
                return Ok(ExitCode::from(2));
            };
            let mut book = match emcheck::ledger::Ledger::open(&ledger.ledger_path) {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("error: {e}");
                    return Ok(ExitCode::from(2));
                }
            };
            let checked: Vec<emcheck::Checked> = {
                use rayon::prelude::*;
                docs.par_iter()
                    .map(|d| {
                        emcheck::check_one(d, input.article_date, catalog, &Default::default())
                    })
                    .collect()
            };
            let (mut new, mut unchanged, mut updated) = (0, 0, 0);
            for (doc, c) in docs.iter().zip(&checked) {
                let article = emcheck::ledger::Article {
                    name: &doc.name,
                    text: &doc.text,
                    date: c.article_date,
                    claims: &c.claims,
                    statements: &c.statements,
                };
                match book.add(&article) {
                    Ok(emcheck::ledger::Added::New) => new += 1,
                    Ok(emcheck::ledger::Added::Unchanged) => unchanged += 1,
                    Ok(emcheck::ledger::Added::Updated) => updated += 1,
                    Err(e) => {
                        failed = true;
                        eprintln!("error: {}: {e}", doc.name);
                    }
                }
            }
            eprintln!(
                "{}: {new} article(s) added, {updated} updated, {unchanged} already there",
                ledger.ledger_path.display()
            );
            Ok(if failed {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

fn run_audit(args: &AuditArgs) -> io::Result<ExitCode> {
    use emcheck::audit::{html::HtmlWriter, json::JsonWriter, markdown::MarkdownWriter, run};
    if args.paths.is_empty() && args.docs_jsonl.is_none() {
        eprintln!(
            "error: nothing to read: give files, folders, `-` for stdin, or --docs-jsonl FILE"
        );
        return Ok(ExitCode::from(2));
    }
    let format = args.format.unwrap_or_else(|| {
        let ext = args
            .report
            .as_ref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" => ReportFormat::Html,
            "json" => ReportFormat::Json,
            _ => ReportFormat::Md,
        }
    });
    let mut failed = false;
    let Some(catalog) = load_catalog(&args.rules, &mut failed) else {
        return Ok(ExitCode::from(2));
    };
    let inputs = run::Inputs {
        paths: source::list_paths(&args.paths),
        jsonl: args.docs_jsonl.as_deref().map(source::JsonlDocs::open),
    };
    let out: Box<dyn Write> = match &args.report {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return Ok(ExitCode::from(2));
            }
        },
        None => Box::new(io::stdout().lock()),
    };
    let out = io::BufWriter::new(out);
    let mut writer: Box<dyn emcheck::audit::model::ReportWriter> = match format {
        ReportFormat::Html => Box::new(HtmlWriter::new(out)),
        ReportFormat::Md => Box::new(MarkdownWriter::new(out)),
        ReportFormat::Json => Box::new(JsonWriter::new(out)),
    };
    let show = match args.progress.as_str() {
        "always" => true,
        "never" => false,
        _ => io::stderr().is_terminal(),
    };
    let bar = if show {
        let bar = if inputs.jsonl.is_none() {
            indicatif::ProgressBar::new(inputs.paths.len() as u64)
        } else {
            indicatif::ProgressBar::new_spinner()
        };
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos}/{len} articles {bar:30} {binary_bytes} ({binary_bytes_per_sec}) {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Some(bar)
    } else {
        None
    };
    let bytes = std::sync::atomic::AtomicU64::new(0);
    let tick = |n: u64| {
        let total = bytes.fetch_add(n, std::sync::atomic::Ordering::Relaxed) + n;
        if let Some(bar) = &bar {
            bar.inc(1);
            bar.set_message(total.to_string());
        }
    };
    let options = run::Options {
        article_date: args.article_date,
        ..run::Options::default()
    };
    let started = std::time::Instant::now();
    if let Some(jobs) = args.jobs {
        // The report writer stays on this thread; only the checking runs on the pool.
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global()
            .map_err(io::Error::other)?;
    }
    let outcome = run::run(inputs, catalog, &options, writer.as_mut(), &tick)?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    drop(writer);
    let s = &outcome.summary;
    for u in &s.unreadable {
        failed = true;
        eprintln!("error: {}: {}", u.name, u.message);
    }
    let count = |k: &str| s.by_severity.get(k).copied().unwrap_or(0);
    let elapsed = started.elapsed().as_secs_f64();
    eprintln!(
        "audited {} article(s), {:.1} MB in {elapsed:.2} s ({:.1} MB/s): {} error(s), {} warning(s), {} note(s), {} conflict(s) across articles{}",
        s.articles,
        s.bytes as f64 / 1e6,
        s.bytes as f64 / 1e6 / elapsed.max(1e-9),
        count("error"),
        count("warning"),
        count("info"),
        s.clusters.len(),
        args.report
            .as_ref()
            .map(|p| format!("; report: {}", p.display()))
            .unwrap_or_default()
    );
    let threshold = match args.fail_on {
        FailOn::Info => Severity::Info,
        FailOn::Warning => Severity::Warning,
        FailOn::Error => Severity::Error,
    };
    Ok(if failed {
        ExitCode::from(2)
    } else if outcome.worst.is_some_and(|w| w >= threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_explain(id: &str, rules: &RulesArgs) -> io::Result<ExitCode> {
    let mut failed = false;
    let Some(catalog) = load_catalog(rules, &mut failed) else {
        return Ok(ExitCode::from(2));
    };
    let Some(rule) = catalog.rules.get(id) else {
        eprintln!("error: no rule `{id}`; `emcheck rules` lists them");
        return Ok(ExitCode::from(2));
    };
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} ({}, {})\n\n{}\n",
        rule.id,
        rule.kind.as_str(),
        rule.severity.as_str(),
        rule.summary
    )?;
    if !rule.docs.is_empty() {
        writeln!(out, "{}", rule.docs.trim_end())?;
        writeln!(out)?;
    }
    writeln!(out, "How to fix: {}", rule.help)?;
    for (label, list) in [
        ("Flagged", &rule.examples.flag),
        ("Not flagged", &rule.examples.pass),
    ] {
        if !list.is_empty() {
            writeln!(out, "\n{label}:")?;
            for e in list {
                writeln!(out, "  {e}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_rules(rules: &RulesArgs) -> io::Result<ExitCode> {
    let mut failed = false;
    let Some(catalog) = load_catalog(rules, &mut failed) else {
        return Ok(ExitCode::from(2));
    };
    let mut out = io::stdout().lock();
    for rule in catalog.rules.values() {
        writeln!(
            out,
            "{:<34} {:<10} {:<8} {}",
            rule.id,
            rule.kind.as_str(),
            rule.severity.as_str(),
            rule.summary
        )?;
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_facts(args: &FactsArgs) -> io::Result<ExitCode> {
    let mut failed = false;
    let Some(catalog) = load_catalog(&args.rules, &mut failed) else {
        return Ok(ExitCode::from(2));
    };
    if let Some(FactsAction::Import {
        dataset,
        csv,
        years,
    }) = &args.action
    {
        let text = match std::fs::read_to_string(csv) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {}: {e}", csv.display());
                return Ok(ExitCode::from(2));
            }
        };
        let result = emcheck::catalog::import::parse_years(years).and_then(|range| {
            emcheck::catalog::import::import(dataset, &text, &catalog.entities, range)
        });
        return match result {
            Ok(yaml) => {
                io::stdout().lock().write_all(yaml.as_bytes())?;
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                eprintln!("error: {}: {e}", csv.display());
                Ok(ExitCode::from(2))
            }
        };
    }
    let query = args.query.as_deref().unwrap_or("").to_lowercase();
    let mut out = io::stdout().lock();
    let mut shown = 0;
    for fact in &catalog.facts {
        let hay = format!(
            "{} {} {} {} {}",
            fact.id,
            fact.entity,
            fact.metric,
            fact.source.title,
            fact.citation()
        )
        .to_lowercase();
        if !query.is_empty() && !hay.contains(&query) {
            continue;
        }
        shown += 1;
        let value = match fact.value {
            emcheck::catalog::facts::FactValue::Number(n) => {
                emcheck::report::format_value(n, &fact.unit)
            }
            emcheck::catalog::facts::FactValue::Range(a, b) => {
                format!(
                    "{}–{}",
                    emcheck::report::format_value(a, &fact.unit),
                    emcheck::report::format_value(b, &fact.unit)
                )
            }
            emcheck::catalog::facts::FactValue::Date(d) => d.to_string(),
        };
        let period = fact.period.map(|p| format!(" {p}")).unwrap_or_default();
        writeln!(
            out,
            "{:<40} {} {}{}: {}  [{}; {}:{}]",
            fact.id,
            fact.entity,
            fact.metric,
            period,
            value,
            fact.citation(),
            fact.location.file_name,
            fact.location.line
        )?;
    }
    if shown == 0 {
        eprintln!("no fact matches `{query}`");
    }
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => run_check(args),
        Command::Extract(args) => run_extract(args),
        Command::Audit(args) => run_audit(args),
        Command::Ledger { action } => run_ledger(action),
        Command::Explain { rule, rules } => run_explain(rule, rules),
        Command::Rules(rules) => run_rules(rules),
        Command::Facts(args) => run_facts(args),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`emcheck check … | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
