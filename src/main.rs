//! The `emcheck` command line: parses arguments, reads inputs and rules, runs the library and
//! picks a reporter. Exit codes: 0 nothing at or above `--fail-on`, 1 findings at or above it,
//! 2 usage, rule-file or input error (the other inputs are still processed and reported).

use clap::{Args, Parser, Subcommand, ValueEnum};
use emcheck::catalog::Catalog;
use emcheck::catalog::checks::Severity;
use emcheck::claim::PartialDate;
use emcheck::report::claims::ClaimsFormat;
use emcheck::source;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

mod cli;
use cli::inputs::Finder;

/// The allocator: see Cargo.toml.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
    /// Show the settings in effect for a folder: `config --dump [PATH]`.
    Config {
        /// Print the effective config (the file found, with every default filled in).
        #[arg(long)]
        dump: bool,
        /// The folder (or a file in it) whose settings to show; default: the current folder.
        path: Option<PathBuf>,
        #[command(flatten)]
        config: ConfigArgs,
        #[command(flatten)]
        rules: RulesArgs,
    },
    /// Write a commented starter `emcheck.yaml` in the current folder.
    Init {
        /// Replace an existing emcheck.yaml.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script: `emcheck completions bash > /etc/bash_completion.d/emcheck`.
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `emcheck man > emcheck.1`.
    Man,
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
    /// reviewdog's Diagnostic Format (check only; columns in UTF-8 bytes, as it defines).
    Rdjson,
    /// Checkstyle XML (check only), for Jenkins and dashboards.
    Checkstyle,
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
    /// Threads to use (default: all cores).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Largest file read as one article, in bytes, or with K, M or G (binary units); bigger
    /// files are reported and skipped.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    max_file_size: u64,
    /// Colour: auto (when stdout is a terminal), always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    color: String,
    /// Documents read and checked at a time (for tests; the output does not depend on it).
    #[arg(long, value_name = "N", default_value_t = emcheck::chunks::CHUNK_DOCS, hide = true)]
    chunk_size: usize,
    /// Bytes of checked documents kept in memory before the rest go to a temporary file
    /// (for tests; the output does not depend on it).
    #[arg(long, value_name = "BYTES", hide = true)]
    spill_budget: Option<usize>,
}

#[derive(Args, Clone)]
struct ConfigArgs {
    /// Use this config file instead of the `emcheck.yaml` found from each file's folder up.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore `emcheck.yaml` files.
    #[arg(long)]
    no_config: bool,
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
    #[command(flatten)]
    config: ConfigArgs,
    /// Exit with 1 when a finding has this severity or a higher one [default: the config's
    /// `fail_on`, else error].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Also list the figures that agree with their reference, with the source.
    #[arg(long)]
    verified: bool,
    /// Also compare with the published articles of the ledger (`emcheck ledger add`).
    #[arg(long)]
    ledger: bool,
    /// Hide the findings recorded in this baseline file, so only new findings fail.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (nothing else is printed) and exit 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
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
        config: ConfigArgs,
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
    /// Exit with 1 when a finding has this severity or a higher one [default: the config's
    /// `fail_on`, else error].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    #[command(flatten)]
    config: ConfigArgs,
    /// Threads to use (default: all cores).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// Largest file read as one article (bytes, or with K, M or G); bigger files are reported.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    max_file_size: u64,
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
    #[command(flatten)]
    config: ConfigArgs,
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

fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (digits, unit) = t.split_at(t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len()));
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{s}` is not a size such as 1048576, 512K, 256M or 1G"))?;
    let factor = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        _ => {
            return Err(format!(
                "`{s}` is not a size such as 1048576, 512K, 256M or 1G"
            ));
        }
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("`{s}` is too large"))
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

fn nothing_to_read(args: &InputArgs) -> bool {
    if args.paths.is_empty() && args.docs_jsonl.is_none() {
        eprintln!(
            "error: nothing to read: give files, folders, `-` for stdin, or --docs-jsonl FILE"
        );
        return true;
    }
    false
}

/// The settings finder of a `check`, `extract` or `ledger add` run, with the input limits and
/// the thread pool set up; `None` on a usage error.
fn setup(input: &InputArgs, rules: &RulesArgs, config: &ConfigArgs) -> Option<Finder> {
    if nothing_to_read(input) {
        return None;
    }
    source::set_max_file_size(input.max_file_size);
    if let Some(jobs) = input.jobs {
        // Ignored if the pool is already built (it is not, in one process run).
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs)
            .build_global();
    }
    Some(Finder::new(
        config.config.clone(),
        config.no_config,
        rules.rules.clone(),
    ))
}

fn threshold(fail_on: FailOn) -> Severity {
    match fail_on {
        FailOn::Info => Severity::Info,
        FailOn::Warning => Severity::Warning,
        FailOn::Error => Severity::Error,
    }
}

fn run_extract(args: &ExtractArgs) -> io::Result<ExitCode> {
    if !matches!(
        args.input.format,
        Format::Human | Format::Json | Format::Jsonl
    ) {
        eprintln!(
            "error: `emcheck extract` writes human, json or jsonl; the others are for `emcheck check`"
        );
        return Ok(ExitCode::from(2));
    }
    let Some(mut finder) = setup(&args.input, &args.rules, &args.config) else {
        return Ok(ExitCode::from(2));
    };
    let run = cli::extract::Extract {
        paths: &args.input.paths,
        docs_jsonl: args.input.docs_jsonl.as_deref(),
        chunk: args.input.chunk_size,
        article_date: args.input.article_date,
        format: match args.input.format {
            Format::Jsonl => ClaimsFormat::Jsonl,
            Format::Json => ClaimsFormat::Json,
            _ => ClaimsFormat::Human {
                color: use_color(&args.input.color),
            },
        },
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    let failed = cli::extract::run(&run, &mut finder, &mut out)?;
    out.flush()?;
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_check(args: &CheckArgs) -> io::Result<ExitCode> {
    let Some(mut finder) = setup(&args.input, &args.rules, &args.config) else {
        return Ok(ExitCode::from(2));
    };
    cli::check::run(args, &mut finder)
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
            config,
            ledger,
        } => {
            let Some(mut finder) = setup(input, rules, config) else {
                return Ok(ExitCode::from(2));
            };
            let mut book = match emcheck::ledger::Ledger::open(&ledger.ledger_path) {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("error: {e}");
                    return Ok(ExitCode::from(2));
                }
            };
            // A chunk of documents at a time: checked on all cores, then recorded in order.
            let (mut new, mut unchanged, mut updated) = (0, 0, 0);
            let mut failed = false;
            let read_failed = cli::inputs::for_each_chunk(
                &input.paths,
                input.docs_jsonl.as_deref(),
                &mut finder,
                input.chunk_size,
                &mut |docs| {
                    use rayon::prelude::*;
                    let checked: Vec<(emcheck::source::Document, emcheck::Checked)> = docs
                        .into_par_iter()
                        .map(|(d, s)| {
                            let c = emcheck::check_one(
                                &d,
                                input.article_date,
                                &s.catalog,
                                &Default::default(),
                            );
                            (d, c)
                        })
                        .collect();
                    for (doc, c) in &checked {
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
                    Ok(())
                },
            )?;
            failed |= read_failed;
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
    source::set_max_file_size(args.max_file_size);
    // One config for the whole audit: --config, or the one found from the current folder up;
    // its exclusions apply to every file.
    let mut finder = Finder::new(
        args.config.config.clone(),
        args.config.no_config,
        args.rules.rules.clone(),
    );
    let Some(settings) = finder.here() else {
        return Ok(ExitCode::from(2));
    };
    let mut failed = finder.failed;
    let catalog = &settings.catalog;
    let inputs = run::Inputs {
        paths: source::list_paths(&args.paths)
            .into_iter()
            .filter(|p| !matches!(p, source::Pending::File(f) if settings.excludes(f)))
            .collect(),
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
    let at = args
        .fail_on
        .map(threshold)
        .or(settings.fail_on())
        .unwrap_or(Severity::Error);
    Ok(if failed {
        ExitCode::from(2)
    } else if outcome.worst.is_some_and(|w| w >= at) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_config(
    dump: bool,
    path: Option<&std::path::Path>,
    config: &ConfigArgs,
    rules: &RulesArgs,
) -> io::Result<ExitCode> {
    if !dump {
        eprintln!("error: `emcheck config` needs --dump (print the settings in effect)");
        return Ok(ExitCode::from(2));
    }
    let target = path.unwrap_or(std::path::Path::new("."));
    let dir = if target.is_file() {
        target.parent().unwrap_or(std::path::Path::new("."))
    } else {
        target
    };
    let mut finder = Finder::new(config.config.clone(), config.no_config, rules.rules.clone());
    let settings = finder.for_dir(dir);
    let mut out = io::stdout().lock();
    let (file, mut effective) = match settings.as_ref().and_then(|s| s.loaded.as_ref()) {
        Some(l) => (l.path.display().to_string(), l.config.clone()),
        None => ("none found; the defaults".to_owned(), Default::default()),
    };
    effective.fail_on.get_or_insert(Severity::Error);
    writeln!(out, "# settings in effect for {}", dir.display())?;
    writeln!(out, "# config file: {file}")?;
    out.write_all(
        serde_yaml::to_string(&effective)
            .map_err(io::Error::other)?
            .as_bytes(),
    )?;
    if let Some(s) = &settings {
        writeln!(out, "# rules that run ({}):", s.catalog.rules.len())?;
        for rule in s.catalog.rules.values() {
            writeln!(out, "#   {:<40} {}", rule.id, rule.severity.as_str())?;
        }
    }
    Ok(if finder.failed || settings.is_none() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_init(force: bool) -> io::Result<ExitCode> {
    let path = std::path::Path::new(emcheck::config::FILE_NAMES[0]);
    if path.exists() && !force {
        eprintln!(
            "error: {} exists; `emcheck init --force` replaces it",
            path.display()
        );
        return Ok(ExitCode::from(2));
    }
    std::fs::write(path, emcheck::config::STARTER)?;
    eprintln!(
        "wrote {}: every key is commented; `emcheck config --dump` shows the settings in effect",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
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
        Command::Config {
            dump,
            path,
            config,
            rules,
        } => run_config(*dump, path.as_deref(), config, rules),
        Command::Init { force } => run_init(*force),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "emcheck", &mut io::stdout().lock());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd)
                .render(&mut io::stdout().lock())
                .map(|()| ExitCode::SUCCESS)
        }
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
