//! emcheck: a fact-check validator for emissions figures in news text.
//!
//! Data flow: `source` (paths, stdin, JSON Lines → decoded `Document`s) → `normalize`
//! (markup masked, offsets kept) → `extract` (numerals + units + hedges → `Claim`s with spans
//! into the original) → `report` (human, json, jsonl). See README.md, section Architecture.
//!
//! Library code never prints; `main.rs` and the reporters write output.

#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod catalog;
pub mod claim;
pub mod extract;
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

/// Normalizes and extracts one document. `article_date` overrides the date found in the
/// document (used to resolve missing years).
pub fn extract_document(doc: &Document, article_date: Option<PartialDate>) -> Extraction {
    let mut normalized = normalize::normalize(&doc.text, doc.format);
    if article_date.is_some() {
        normalized.article_date = article_date;
    }
    let claims = extract::extract(&normalized, vocab::Vocabulary::builtin());
    Extraction {
        claims,
        article_date: normalized.article_date,
    }
}
