//! `emcheck extract` in flat memory: the inputs are read a chunk at a time, each chunk's
//! documents are extracted and rendered on all cores (a document part by part, into a
//! buffer that moves to a temporary file when it grows large), and the rendered documents are
//! written in input order before the next chunk is read. The buffers of a chunk, once
//! written, are rendered into again by the next chunk (`Spares`).

use super::inputs::{Doc, Finder, for_each_chunk};
use emcheck::claim::PartialDate;
use emcheck::report::claims::{ClaimsFormat, ClaimsWriter, Rendered};
use emcheck::spill::Spares;
use rayon::prelude::*;
use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};

/// Rendered output of one document kept in memory up to this size, then in a temporary file.
const SPOOL_BYTES: usize = 4 << 20;

/// Capacity of the written buffers kept for the next chunk, at most: about a chunk's worth
/// of bodies of news articles, so memory holds no more than it did while they were rendered.
const SPARE_BYTES: usize = 16 << 20;

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
    let mut spares = Spares::new(SPARE_BYTES);
    let failed = for_each_chunk(run.paths, run.docs_jsonl, finder, run.chunk, &mut |docs| {
        let bufs: Vec<Vec<u8>> = docs.iter().map(|_| spares.take()).collect();
        let rendered: Vec<io::Result<(Rendered, Spool)>> = docs
            .par_iter()
            .zip(bufs)
            .map(|(doc, buf)| render(&writer, doc, buf, run.article_date))
            .collect();
        for r in rendered {
            let (rendered, body) = r?;
            let mut tail = None;
            writer.write(out, &rendered, |out| {
                tail = Some(body.write_to(out)?);
                Ok(())
            })?;
            spares.keep(tail.unwrap_or_default());
        }
        Ok(())
    })?;
    writer.finish(out)?;
    Ok(failed)
}

/// The rendered body of one document: its last bytes in memory, the ones before them (past
/// `SPOOL_BYTES`) in a temporary file.
#[derive(Default)]
struct Spool {
    file: Option<BufWriter<File>>,
    tail: Vec<u8>,
}

impl Spool {
    /// Moves the bytes in memory to the file once they reach `limit`.
    fn spill_past(&mut self, limit: usize) -> io::Result<()> {
        if self.tail.len() >= limit {
            let file = match &mut self.file {
                Some(file) => file,
                None => self.file.insert(BufWriter::new(tempfile::tempfile()?)),
            };
            file.write_all(&self.tail)?;
            self.tail.clear();
        }
        Ok(())
    }

    /// Writes the whole body to `out`; gives back the buffer of its last bytes.
    fn write_to(self, out: &mut dyn Write) -> io::Result<Vec<u8>> {
        if let Some(file) = self.file {
            let mut file = file.into_inner().map_err(|e| e.into_error())?;
            file.rewind()?;
            io::copy(&mut file, out)?;
        }
        out.write_all(&self.tail)?;
        Ok(self.tail)
    }
}

/// Extracts one document part by part, rendering each part's claims as they come into
/// `buf` (empty).
fn render(
    writer: &ClaimsWriter,
    (doc, settings): &Doc,
    buf: Vec<u8>,
    article_date: Option<PartialDate>,
) -> io::Result<(Rendered, Spool)> {
    let mut render = writer.document(doc);
    let mut body = Spool {
        file: None,
        tail: buf,
    };
    let mut result = Ok(());
    let date = emcheck::extract_parts(doc, article_date, &settings.catalog, &mut |claims, date| {
        if result.is_ok() {
            result = render
                .part(&mut body.tail, &claims, date)
                .and_then(|()| body.spill_past(SPOOL_BYTES));
        }
        emcheck::extract::recycle(claims);
    });
    result?;
    let rendered = render.finish(&mut body.tail, date)?;
    Ok((rendered, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spilled_body_writes_its_bytes_in_order() {
        let mut spool = Spool::default();
        let mut expected = Vec::new();
        for i in 0..50u8 {
            let part: Vec<u8> = (0..=i).map(|k| b'a' + k % 26).collect();
            expected.extend_from_slice(&part);
            spool.tail.extend_from_slice(&part);
            spool.spill_past(100).unwrap();
        }
        assert!(spool.file.is_some());
        assert!(spool.tail.len() < 100);
        let mut out = Vec::new();
        spool.write_to(&mut out).unwrap();
        assert_eq!(out, expected);

        // A small body stays in memory.
        let mut spool = Spool::default();
        spool.tail.extend_from_slice(b"claims");
        spool.spill_past(100).unwrap();
        assert!(spool.file.is_none());
        let mut out = Vec::new();
        let tail = spool.write_to(&mut out).unwrap();
        assert_eq!(out, b"claims");
        assert_eq!(tail, b"claims");
    }
}
