//! The `emcheck` command line: parses arguments, reads inputs, runs the library and picks a
//! reporter. Exit codes: 0 success, 1 findings at or above `--fail-on`, 2 usage or input error
//! (the other inputs are still processed and reported).

use clap::{Parser, Subcommand, ValueEnum};
use emcheck::claim::PartialDate;
use emcheck::report::claims::{self, DocClaims};
use emcheck::source::{self, Document, InputError};
use std::io::{self, IsTerminal, Write};
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
    /// Print the numeric claims the extractors see in each article (the debugging view).
    Extract(ExtractArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Each claim in its sentence, for a person.
    Human,
    /// One JSON document with every article and claim.
    Json,
    /// One JSON object per claim and line.
    Jsonl,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Files or folders to read (folders recursively: .txt .md .markdown .html .htm); `-` reads stdin.
    paths: Vec<String>,
    /// Read documents from JSON Lines (`{"id", "text", "format"?}` per line); `-` for stdin.
    #[arg(long, value_name = "FILE")]
    docs_jsonl: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// The article date (YYYY-MM-DD), for dates written without a year, when the article does
    /// not state its own date.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    article_date: Option<PartialDate>,
    /// Colour in the human view: auto (when stdout is a terminal), always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    color: String,
}

fn parse_date(s: &str) -> Result<PartialDate, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let bad = || format!("`{s}` is not a date of the form YYYY-MM-DD");
    match parts.as_slice() {
        [y, m, d] => {
            let (y, m, d) = (
                y.parse().map_err(|_| bad())?,
                m.parse().map_err(|_| bad())?,
                d.parse().map_err(|_| bad())?,
            );
            if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                return Err(bad());
            }
            Ok(PartialDate::ymd(y, m, d))
        }
        _ => Err(bad()),
    }
}

/// Reads every input the arguments name; errors are kept, not fatal.
fn read_inputs(paths: &[String], docs_jsonl: Option<&str>) -> Vec<Result<Document, InputError>> {
    let mut inputs = source::read_paths(paths);
    if let Some(jsonl) = docs_jsonl {
        inputs.extend(source::read_docs_jsonl_path(jsonl));
    }
    inputs
}

fn run_extract(args: &ExtractArgs) -> io::Result<ExitCode> {
    if args.paths.is_empty() && args.docs_jsonl.is_none() {
        eprintln!(
            "error: nothing to read: give files, folders, `-` for stdin, or --docs-jsonl FILE"
        );
        return Ok(ExitCode::from(2));
    }
    let inputs = read_inputs(&args.paths, args.docs_jsonl.as_deref());
    let mut failed = false;
    let mut docs = Vec::new();
    for input in inputs {
        match input {
            Ok(doc) => docs.push(doc),
            Err(e) => {
                failed = true;
                eprintln!("error: {e}");
            }
        }
    }
    let extractions: Vec<_> = docs
        .iter()
        .map(|d| emcheck::extract_document(d, args.article_date))
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
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Jsonl => claims::write_jsonl(&mut out, &views)?,
        Format::Json => claims::write_json(&mut out, &views)?,
        Format::Human => {
            let color = match args.color.as_str() {
                "always" => true,
                "never" => false,
                _ => io::stdout().is_terminal(),
            };
            claims::write_human(&mut out, &views, color)?
        }
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Extract(args) => run_extract(args),
    };
    match result {
        Ok(code) => code,
        // A closed pipe (`emcheck extract … | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
