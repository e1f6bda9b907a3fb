//! Inputs read a chunk at a time, in input order: listed paths (each with a tag, such as its
//! settings), then `--docs-jsonl` records. A chunk's files are read in parallel; a chunk ends
//! after a number of documents or `CHUNK_BYTES` of input, so memory holds one chunk whatever
//! the number and size of the inputs. `audit`, `check` and `extract` read through it.

use crate::source::{Document, InputError, JsonlDocs, Pending};
use rayon::prelude::*;

/// Documents in a chunk unless told otherwise.
pub const CHUNK_DOCS: usize = 512;

/// Bytes of input after which a chunk ends (it holds at least one document).
pub const CHUNK_BYTES: u64 = 64 << 20;

/// One input as read, with its tag.
pub type Read<T> = (Result<Document, InputError>, T);

/// The chunks of a run's inputs (an iterator of non-empty chunks).
pub struct Chunks<T> {
    paths: std::vec::IntoIter<(Pending, T)>,
    jsonl: Option<(JsonlDocs, T)>,
    docs: usize,
}

impl<T: Clone + Send> Chunks<T> {
    /// Listed paths, then JSON Lines records, each input with its tag; `CHUNK_DOCS` a chunk.
    pub fn new(paths: Vec<(Pending, T)>, jsonl: Option<(JsonlDocs, T)>) -> Self {
        Chunks {
            paths: paths.into_iter(),
            jsonl,
            docs: CHUNK_DOCS,
        }
    }

    /// At most `docs` documents a chunk (at least 1).
    pub fn with_size(mut self, docs: usize) -> Self {
        self.docs = docs.max(1);
        self
    }
}

impl<T: Clone + Send> Iterator for Chunks<T> {
    type Item = Vec<Read<T>>;

    fn next(&mut self) -> Option<Vec<Read<T>>> {
        let mut jobs = Vec::new();
        let mut bytes = 0;
        while jobs.len() < self.docs && bytes < CHUNK_BYTES {
            let Some(job) = self.paths.next() else { break };
            if let Pending::File(path) = &job.0 {
                bytes += std::fs::metadata(path).map_or(0, |m| m.len());
            }
            jobs.push(job);
        }
        if !jobs.is_empty() {
            return Some(
                jobs.into_par_iter()
                    .map(|(pending, tag)| (pending.read(), tag))
                    .collect(),
            );
        }
        let (records, tag) = self.jsonl.as_mut()?;
        let mut chunk = Vec::new();
        let mut bytes = 0;
        while chunk.len() < self.docs && bytes < CHUNK_BYTES {
            let Some(record) = records.next() else { break };
            bytes += record.as_ref().map_or(0, |d| d.text.len() as u64);
            chunk.push((record, tag.clone()));
        }
        if chunk.is_empty() {
            self.jsonl = None;
            return None;
        }
        Some(chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_keep_input_order_and_size() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/extract");
        let listed = crate::source::list_paths(&[root]);
        let n = listed.len();
        assert!(n > 3);
        let tagged: Vec<(Pending, usize)> = listed.into_iter().zip(0..).collect();
        let chunks: Vec<Vec<Read<usize>>> = Chunks::new(tagged, None).with_size(3).collect();
        assert!(chunks.iter().all(|c| !c.is_empty() && c.len() <= 3));
        let tags: Vec<usize> = chunks.iter().flatten().map(|(_, t)| *t).collect();
        assert_eq!(tags, (0..n).collect::<Vec<_>>());
    }
}
