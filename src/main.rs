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
    let results = emcheck::check_documents(&docs, args.input.article_date, catalog, &options);
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
