//! emcheck: a fact-check validator for emissions figures in news text.
//!
//! Data flow: `source` (paths, stdin, JSON Lines → decoded `Document`s) → `normalize`
//! (markup masked, offsets kept) → `extract` (numerals + units + hedges → `Claim`s with spans
//! into the original) → `report` (human, json, jsonl). See README.md, section Architecture.
//!
//! Library code never prints; `main.rs` and the reporters write output.

#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod catalog;
pub mod check;
pub mod claim;
pub mod extract;
pub mod finding;
pub mod normalize;
pub mod numerals;
pub mod report;
pub mod source;
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

/// Extracts and checks one document: the findings of every rule of the catalog, sorted by
/// position then rule.
pub fn check_document(
    doc: &Document,
    article_date: Option<PartialDate>,
    catalog: &catalog::Catalog,
    options: &check::Options,
) -> Vec<finding::Finding> {
    let extraction = extract_document(doc, article_date, catalog);
    let ctx = check::Context {
        text: &doc.text,
        claims: &extraction.claims,
        article_date: extraction.article_date,
        catalog,
    };
    check::check(&ctx, options)
}
