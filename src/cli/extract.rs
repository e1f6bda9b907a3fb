//! `emcheck extract` in flat memory: the inputs are read a chunk at a time, each chunk's
//! documents are extracted and rendered on all cores (a document part by part, into a
//! buffer that moves to a temporary file when it grows large), and the rendered documents are
//! written in input order before the next chunk is read.

use super::inputs::{Doc, Finder, for_each_chunk};
use emcheck::claim::PartialDate;
use emcheck::report::claims::{ClaimsFormat, ClaimsWriter, Rendered};
use rayon::prelude::*;
use std::io::{self, BufWriter, Seek, Write};
use tempfile::SpooledTempFile;

/// Rendered output of one document kept in memory up to this size, then in a temporary file.
const SPOOL_BYTES: usize = 4 << 20;

/// What to extract and how to write it.
pub struct Extract<'a> {
    /// Files, folders or `-`.
    pub paths: &'a [String],
    /// The `--docs-jsonl` input.
    pub docs_jsonl: Option<&'a str>,
    /// Documents read and extracted at a time.
    pub chunk: usize,
    /// `--article-date`.
    pub article_date: Option<PartialDate>,
    /// The output format.
    pub format: ClaimsFormat,
}

/// Extracts the claims of every input and writes them to `out`; returns whether an input,
/// config or rule file could not be used.
pub fn run(run: &Extract<'_>, finder: &mut Finder, out: &mut dyn Write) -> io::Result<bool> {
    let mut writer = ClaimsWriter::begin(out, run.format)?;
    let failed = for_each_chunk(run.paths, run.docs_jsonl, finder, run.chunk, &mut |docs| {
        let rendered: Vec<io::Result<(Rendered, SpooledTempFile)>> = docs
            .par_iter()
            .map(|doc| render(&writer, doc, run.article_date))
            .collect();
        for r in rendered {
            let (rendered, mut body) = r?;
            writer.write(out, &rendered, &mut body)?;
        }
        Ok(())
    })?;
    writer.finish(out)?;
    Ok(failed)
}

/// Extracts one document part by part, rendering each part's claims as they come.
fn render(
    writer: &ClaimsWriter,
    (doc, settings): &Doc,
    article_date: Option<PartialDate>,
) -> io::Result<(Rendered, SpooledTempFile)> {
    let mut render = writer.document(doc);
    let mut body = BufWriter::new(tempfile::spooled_tempfile(SPOOL_BYTES));
    let mut result = Ok(());
    let date = emcheck::extract_parts(doc, article_date, &settings.catalog, &mut |claims, date| {
        if result.is_ok() {
            result = render.part(&mut body, &claims, date);
        }
    });
    result?;
    let rendered = render.finish(&mut body, date)?;
    let mut body = body.into_inner().map_err(|e| e.into_error())?;
    body.rewind()?;
    Ok((rendered, body))
}
