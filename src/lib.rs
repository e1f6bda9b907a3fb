//! emcheck: a fact-check validator for emissions figures in news text.
//!
//! Data flow: `source` (paths, stdin, JSON Lines → decoded `Document`s) → `normalize`
//! (markup masked, offsets kept) → `extract` (numerals + units + hedges → `Claim`s with spans
//! into the original) → `report` (human, json, jsonl). See README.md, section Architecture.
//!
//! Library code never prints; `main.rs` and the reporters write output.

#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod audit;
pub mod baseline;
pub mod catalog;
pub mod check;
pub mod claim;
pub mod config;
pub mod consistency;
pub mod extract;
pub mod finding;
pub mod ledger;
pub mod normalize;
pub mod numerals;
pub mod report;
pub mod source;
pub mod suppress;
pub mod vocab;

use claim::{Claim, PartialDate};
use source::Document;

/// What extraction found in one document.
#[derive(Clone, Debug)]
pub struct Extraction {
    /// The claims, in text order, with spans into `Document::text`.
    pub claims: Vec<Claim>,
    /// The article's own date, from its metadata or the caller.
    pub article_date: Option<PartialDate>,
}

/// Normalizes, extracts and attributes one document. `article_date` overrides the date found
/// in the document (used for missing years and relative periods).
pub fn extract_document(
    doc: &Document,
    article_date: Option<PartialDate>,
    catalog: &catalog::Catalog,
) -> Extraction {
    let mut normalized = normalize::normalize(&doc.text, doc.format);
    if article_date.is_some() {
        normalized.article_date = article_date;
    }
    let claims = extract::extract(&normalized, catalog);
    Extraction {
        claims,
        article_date: normalized.article_date,
    }
}

/// What checking one document gives: its findings and the statements other documents are
/// compared with.
#[derive(Clone, Debug)]
pub struct Checked {
    /// Findings of the rules that look at one document, sorted by position then rule.
    pub findings: Vec<finding::Finding>,
    /// What the document states that other documents may contradict.
    pub statements: Vec<consistency::Statement>,
    /// The article's date, from its metadata or the caller.
    pub article_date: Option<PartialDate>,
    /// The claims, for reports that show them.
    pub claims: Vec<Claim>,
}

/// Extracts and checks one document on its own.
pub fn check_one(
    doc: &Document,
    article_date: Option<PartialDate>,
    catalog: &catalog::Catalog,
    options: &check::Options,
) -> Checked {
    let extraction = extract_document(doc, article_date, catalog);
    let ctx = check::Context {
        text: &doc.text,
        claims: &extraction.claims,
        article_date: extraction.article_date,
        catalog,
    };
    let findings = check::check(&ctx, options);
    let statements = consistency::statements::statements(&doc.text, &extraction.claims, catalog);
    Checked {
        findings,
        statements,
        article_date: extraction.article_date,
        claims: extraction.claims,
    }
}

/// Extracts and checks one document: the findings of every rule of the catalog, sorted by
/// position then rule. Rules across documents need `check_documents`.
pub fn check_document(
    doc: &Document,
    article_date: Option<PartialDate>,
    catalog: &catalog::Catalog,
    options: &check::Options,
) -> Vec<finding::Finding> {
    check_one(doc, article_date, catalog, options).findings
}

/// Adds to each checked document the findings of the rules across documents: its statements
/// against those of the other documents and of `published` (ledger entries, which get no
/// findings themselves). `catalogs[i]` holds the rules of document `i` (configs may select
/// different rules). Findings stay sorted by position then rule.
pub fn cross_check(
    names: &[&str],
    checked: &mut [Checked],
    published: Vec<(consistency::Source, Vec<consistency::Statement>)>,
    catalogs: &[&catalog::Catalog],
) {
    let mut batch = consistency::Batch::new();
    for (source, statements) in &published {
        batch.add(source.clone(), statements);
    }
    let ids: Vec<usize> = names
        .iter()
        .zip(checked.iter())
        .map(|(name, c)| {
            let source = consistency::Source {
                name: (*name).to_owned(),
                date: None,
            };
            batch.add(source, &c.statements)
        })
        .collect();
    batch.settle();
    for ((id, c), catalog) in ids.into_iter().zip(checked.iter_mut()).zip(catalogs) {
        let extra = batch.findings(id, &c.statements, catalog);
        if extra.is_empty() {
            continue;
        }
        c.findings.extend(extra);
        c.findings.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
    }
}

/// Checks documents on their own (in parallel) and against each other; one list of findings
/// per document, in the order given.
pub fn check_documents(
    docs: &[Document],
    article_date: Option<PartialDate>,
    catalog: &catalog::Catalog,
    options: &check::Options,
) -> Vec<Vec<finding::Finding>> {
    use rayon::prelude::*;
    let mut checked: Vec<Checked> = docs
        .par_iter()
        .map(|d| check_one(d, article_date, catalog, options))
        .collect();
    let names: Vec<&str> = docs.iter().map(|d| d.name.as_str()).collect();
    cross_check(&names, &mut checked, Vec::new(), &vec![catalog; docs.len()]);
    checked.into_iter().map(|c| c.findings).collect()
}
